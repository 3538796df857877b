using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Storage;

/// <summary>
/// Draft, approval, release (docs/publication.md) on the storage, as every host drives it: each
/// transition, the clock passing a release time with no job running, an approved snapshot that no
/// later computation can change, and the pre-release access list.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SnapshotApprovalTests(AzuriteFixture azurite)
{
    private static readonly DateOnly March = new(2009, 3, 31);
    private static readonly DateOnly April = new(2009, 4, 30);

    [Fact]
    public async Task Recompute_ApprovalRequired_ADraftNobodyReadsAsLatest()
    {
        var (storage, jobs) = await ArrangeAsync();

        var result = await jobs.GetRequiredService<Recompute>().RunAsync(March);

        var snapshots = jobs.GetRequiredService<Snapshots>();
        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(SnapshotState.Draft, await snapshots.StateAsync(March));
        Assert.Null(await snapshots.LatestAsOfAsync());
        Assert.Null(await snapshots.GetAsync(null, SnapshotFiles.Json));
        Assert.Null(await snapshots.LatestAsync());
        Assert.False(await Blob(storage, StorageLayout.LatestPointerBlob).ExistsAsync()); // the mirror never holds a draft
        Assert.Contains("<strong>Projet non validé</strong>", await TextAsync(snapshots, March, SnapshotFiles.Html), StringComparison.Ordinal);
        Assert.Contains("<strong>Projet non validé</strong>", await TextAsync(snapshots, March, "territoires/DEP-75.html"), StringComparison.Ordinal);
        Assert.Equal([(March, SnapshotState.Draft)], (await snapshots.ListAsync()).Select(s => (s.AsOf, s.State)));
    }

    /// <summary>
    /// The storage's word over a process's setting: once a process that requires approval worked on the
    /// storage, one without the setting (an operator's shell) publishes a draft too — its page says so,
    /// the <c>latest/</c> mirror for direct blob readers never holds it — and approves it (it answered
    /// « nothing to approve » while the approving servers held the date for a draft).
    /// </summary>
    [Fact]
    public async Task Recompute_ProcessWithoutTheSettingOnAStorageThatRequiresApproval_ADraftItCanApprove()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        await jobs.GetRequiredService<Snapshots>().ApproveAsync(March, releaseAt: null, "admin");
        using var shell = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: false));
        var snapshots = shell.GetRequiredService<Snapshots>();

        var result = await shell.GetRequiredService<Recompute>().RunAsync(April);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.True(snapshots.RequireApproval);
        Assert.Equal(SnapshotState.Draft, await snapshots.StateAsync(April));
        Assert.Equal(March, await snapshots.LatestAsOfAsync());
        Assert.Equal("2009-03-31", (await Blob(storage, StorageLayout.LatestPointerBlob).DownloadContentAsync()).Value.Content.ToString().Trim());
        Assert.Contains("<strong>Projet non validé</strong>", await TextAsync(snapshots, April, SnapshotFiles.Html), StringComparison.Ordinal);
        Assert.Equal(ApprovalOutcome.Approved, (await snapshots.ApproveAsync(April, releaseAt: null, "mission approve")).Outcome);
        Assert.Equal(April, await snapshots.LatestAsOfAsync());
    }

    /// <summary>
    /// A running server without the setting learns that the storage now requires approval within
    /// <see cref="Snapshots.MarkerRefresh"/>, the look made in the background (no request waits for it).
    /// </summary>
    [Fact]
    public async Task RequiresApprovalAsync_MarkerWrittenAfterTheFirstLook_SeenAfterTheRefresh()
    {
        var storage = new TestStorage(azurite);
        await storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).CreateIfNotExistsAsync();
        var server = new Snapshots(storage.Blobs, storage.Layout, PublicationOptions.Default, storage.Time);
        Assert.False(await server.RequiresApprovalAsync());

        Assert.True(await new Snapshots(storage.Blobs, storage.Layout, new PublicationOptions(RequireApproval: true), storage.Time).RequiresApprovalAsync());
        await WaitForAsync(() => Blob(storage, StorageLayout.ApprovalMarkerBlob).ExistsAsync()); // written in the background
        var beforeTheRefresh = await server.RequiresApprovalAsync();
        storage.Time.Advance(Snapshots.MarkerRefresh);
        await server.RequiresApprovalAsync(); // starts the look
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!server.RequireApproval && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.False(beforeTheRefresh);
        Assert.True(server.RequireApproval);
        Assert.True(await server.RequiresApprovalAsync());
    }

    /// <summary>
    /// A process that requires approval knows it without the storage: its first call, the storage
    /// away, answers at once instead of failing on the record it writes for the others (a later call
    /// tries again; its publications and approvals write it first, failing as they would).
    /// </summary>
    [Fact]
    public async Task RequiresApprovalAsync_ApprovingProcessStorageAway_AnswersAtOnce()
    {
        var storage = new TestStorage(azurite);
        await storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).CreateIfNotExistsAsync();
        var options = new Azure.Storage.Blobs.BlobClientOptions();
        options.Retry.MaxRetries = 0;
        // Nothing listens on port 1.
        var away = new Azure.Storage.Blobs.BlobServiceClient(new Uri("http://127.0.0.1:1/devstoreaccount1"), new Azure.Storage.StorageSharedKeyCredential(MissionPipeline.Cli.LocalStorage.Azurite.AccountName, MissionPipeline.Cli.LocalStorage.Azurite.AccountKey), options);
        var approving = new Snapshots(away, storage.Layout, new PublicationOptions(RequireApproval: true), storage.Time);

        var answered = await approving.RequiresApprovalAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var again = await approving.RequiresApprovalAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var approve = await Record.ExceptionAsync(() => approving.ApproveAsync(March, releaseAt: null, "test"));

        Assert.True(answered);
        Assert.True(again);
        Assert.True(approving.RequireApproval);
        Assert.True(MissionPipeline.Storage.StorageFailure.IsUnreachable(approve), approve?.ToString());
    }

    /// <summary>Waits up to 10 s for <paramref name="exists"/> to say true, then asserts it does.</summary>
    private static async Task WaitForAsync(Func<Task<Azure.Response<bool>>> exists)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await exists()).Value && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.True((await exists()).Value);
    }

    /// <summary>A storage nobody required approval on has no marker: a process without the setting releases at once, as the first round did.</summary>
    [Fact]
    public async Task Recompute_NobodyRequiresApproval_ReleasedAtOnceAndNoMarker()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        using var jobs = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: false));
        var snapshots = jobs.GetRequiredService<Snapshots>();

        await jobs.GetRequiredService<Recompute>().RunAsync(March);

        Assert.False(snapshots.RequireApproval);
        Assert.Equal(SnapshotState.Released, await snapshots.StateAsync(March));
        Assert.False(await Blob(storage, StorageLayout.ApprovalMarkerBlob).ExistsAsync());
    }

    [Fact]
    public async Task Approve_Now_ReleasedItsPagesSayItAndNoFigureMoves()
    {
        var (storage, jobs) = await ArrangeAsync();
        var draft = await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();

        var result = await snapshots.ApproveAsync(March, releaseAt: null, "admin");

        var approval = Assert.IsType<SnapshotApproval>(result.Approval);
        Assert.Equal(ApprovalOutcome.Approved, result.Outcome);
        Assert.Equal((storage.Time.GetUtcNow(), storage.Time.GetUtcNow(), "admin"), (approval.ApprovedAt, approval.ReleaseAt, approval.ApprovedBy));
        Assert.Equal(SnapshotState.Released, await snapshots.StateAsync(March));
        Assert.Equal(March, await snapshots.LatestAsOfAsync());
        Assert.Equal(new LatestSnapshot(March, approval.ReleaseAt), await snapshots.LatestAsync());

        // Only the pages and the manifest were written again; every figure file is the draft's, byte for byte.
        var pages = SnapshotFiles.Pages(draft.Dashboard, Catalogue.IndicatorCatalogue.Default, PageState.Draft).Select(p => p.Name).ToHashSet();
        Assert.Contains("territoires/DEP-75.html", pages);
        foreach (var (name, content) in draft.Files.Where(f => !pages.Contains(f.Name) && f.Name != SnapshotFiles.Manifest))
        {
            Assert.Equal(content, (await snapshots.GetAsync(March, name))!.Content.ToArray());
        }

        var page = await TextAsync(snapshots, March, SnapshotFiles.Html);
        Assert.Contains("Validé le <time datetime=\"2010-06-30T08:00:00Z\">30 juin 2010 à 10\u00A0h\u00A000 (heure de Paris)</time>, diffusé aussitôt.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Projet non validé", page, StringComparison.Ordinal);
        var paris = await TextAsync(snapshots, March, "territoires/DEP-75.html"); // each territory's static page says it too
        Assert.Contains("Validé le <time datetime=\"2010-06-30T08:00:00Z\">", paris, StringComparison.Ordinal);
        Assert.DoesNotContain("Projet non validé", paris, StringComparison.Ordinal);

        // The approval covers exactly these bytes: the manifest it names hashes every file as stored.
        var manifest = (await snapshots.GetAsync(March, SnapshotFiles.Manifest))!.Content.ToArray();
        Assert.Equal(approval.ManifestSha256, Convert.ToHexStringLower(SHA256.HashData(manifest)));
        using var document = JsonDocument.Parse(manifest);
        var files = document.RootElement.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(draft.Files.Count - 1, files.Length);
        foreach (var file in files)
        {
            var stored = (await snapshots.GetAsync(March, file.GetProperty("name").GetString()!))!.Content.ToArray();
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(stored)));
        }

        // The mirror for direct blob readers follows the release.
        Assert.Equal("2009-03-31", (await Blob(storage, StorageLayout.LatestPointerBlob).DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(page, (await Blob(storage, StorageLayout.SnapshotBlob(StorageLayout.LatestFolder, SnapshotFiles.Html)).DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Approve_ReleaseLater_ApprovedUntilTheClockPassesThenReleasedWithNoJob()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var releaseAt = storage.Time.GetUtcNow().AddHours(2);

        var result = await snapshots.ApproveAsync(March, releaseAt, "admin");

        Assert.Equal((ApprovalOutcome.Approved, releaseAt), (result.Outcome, result.Approval!.ReleaseAt));
        Assert.Contains("diffusé à partir du <time datetime=\"2010-06-30T10:00:00Z\">", await TextAsync(snapshots, March, SnapshotFiles.Html), StringComparison.Ordinal);
        Assert.Equal(SnapshotState.Approved, await snapshots.StateAsync(March));
        Assert.Null(await snapshots.GetAsync(null, SnapshotFiles.Json));

        storage.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromTicks(1));
        Assert.Equal(SnapshotState.Approved, await snapshots.StateAsync(March));
        Assert.Null(await snapshots.LatestAsOfAsync());

        storage.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(SnapshotState.Released, await snapshots.StateAsync(March));
        Assert.Equal(March, await snapshots.LatestAsOfAsync());
        Assert.NotNull(await snapshots.GetAsync(null, SnapshotFiles.Json));
    }

    [Fact]
    public async Task Approve_Twice_TheFirstApprovalStands()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var first = await snapshots.ApproveAsync(March, null, "admin");
        var page = await TextAsync(snapshots, March, SnapshotFiles.Html);
        storage.Time.Advance(TimeSpan.FromDays(1));

        var second = await snapshots.ApproveAsync(March, null, "mission approve");

        Assert.Equal((ApprovalOutcome.AlreadyApproved, first.Approval), (second.Outcome, second.Approval));
        Assert.Equal(page, await TextAsync(snapshots, March, SnapshotFiles.Html));
        Assert.Equal([first.Approval!], await snapshots.ApprovalsAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Recompute_ApprovedDateNewFigures_NeverWrittenEvenRepublishing(bool republish)
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        await recompute.RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();
        await snapshots.ApproveAsync(March, null, "admin");
        var approved = await FolderAsync(snapshots, March);

        var same = await recompute.RunAsync(March, republish);
        var correction = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03-rectificatif.csv", Files.F0("indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;5000\n")));
        var different = await recompute.RunAsync(March, republish);

        Assert.Equal(Reports.ReportStatus.Committed, correction.Status);
        Assert.Equal(PublishOutcome.Unchanged, same.Outcome);
        Assert.Equal(PublishOutcome.Locked, different.Outcome);
        Assert.NotEqual(approved[SnapshotFiles.Json], different.Json);
        Assert.Equal(approved, await FolderAsync(snapshots, March));
    }

    [Fact]
    public async Task Approve_NothingPublishedOrApprovalNotRequired_Refused()
    {
        var (_, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        // A storage no process requiring approval ever worked on: nothing there waits for one.
        var other = new TestStorage(azurite);
        await other.Ingest().RunAsync(await other.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        using var plain = TestJobs.Wire(other.Blobs, other.Tables, other.Layout, other.Time);
        await plain.GetRequiredService<Recompute>().RunAsync(March);
        var withoutApproval = plain.GetRequiredService<Snapshots>();

        Assert.Equal(ApprovalOutcome.NotFound, (await jobs.GetRequiredService<Snapshots>().ApproveAsync(April, null, "admin")).Outcome);
        Assert.Equal(ApprovalOutcome.NotRequired, (await withoutApproval.ApproveAsync(March, null, "admin")).Outcome);
        Assert.Empty(await withoutApproval.ApprovalsAsync());
    }

    /// <summary>A draft an earlier version published, before snapshots held territory pages: approving it adds them, each named in the manifest with its hash.</summary>
    [Fact]
    public async Task Approve_DraftWithoutTerritoryPages_PagesAddedAndListedInTheManifest()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var container = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse((await container.GetBlobClient("2009-03-31/manifest.json").DownloadContentAsync()).Value.Content.ToString())!;
        var files = manifest["files"]!.AsArray();
        foreach (var page in files.Where(f => f!["name"]!.GetValue<string>().StartsWith("territoires/", StringComparison.Ordinal)).ToArray())
        {
            await container.DeleteBlobAsync("2009-03-31/" + page!["name"]!.GetValue<string>());
            files.Remove(page);
        }

        await container.GetBlobClient("2009-03-31/manifest.json").UploadAsync(BinaryData.FromString(manifest.ToJsonString()), overwrite: true);
        var snapshots = jobs.GetRequiredService<Snapshots>();

        var result = await snapshots.ApproveAsync(March, null, "admin");

        Assert.Equal(ApprovalOutcome.Approved, result.Outcome);
        using var approved = JsonDocument.Parse((await snapshots.GetAsync(March, SnapshotFiles.Manifest))!.Content.ToMemory());
        var pages = approved.RootElement.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("name").GetString()!.StartsWith("territoires/", StringComparison.Ordinal)).ToArray();
        Assert.Contains(pages, f => f.GetProperty("name").GetString() == "territoires/DEP-75.html");
        foreach (var page in pages)
        {
            var stored = (await snapshots.GetAsync(March, page.GetProperty("name").GetString()!))!.Content.ToArray();
            Assert.Equal(page.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(stored)));
        }
    }

    [Fact]
    public async Task Approve_CatalogueChangedSinceTheDraft_RefusedNothingWritten()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var draft = await FolderAsync(snapshots, March);
        // The same catalogue with one byte more: another hash, as after a deployment that changed it.
        using var changed = new MemoryStream([.. File.ReadAllBytes(Repo.InRepository("src", "MissionPipeline.Domain", "Catalogue", "catalogue.json")), (byte)'\n']);
        var other = Catalogue.IndicatorCatalogue.Load(changed);
        var elsewhere = new Snapshots(storage.Blobs, storage.Layout, new PublicationOptions(RequireApproval: true), storage.Time, other);

        var result = await elsewhere.ApproveAsync(March, null, "admin");

        Assert.Equal(ApprovalOutcome.CatalogueChanged, result.Outcome);
        Assert.Equal(draft, await FolderAsync(snapshots, March));
        Assert.Equal(SnapshotState.Draft, await snapshots.StateAsync(March));
    }

    /// <summary>
    /// A month approved for a release still to come, then the next month computed: its changes compare
    /// with that approved month, which the dates' order releases first. Compared with the last one
    /// released, it went out skipping it (red team, steering unit).
    /// </summary>
    [Fact]
    public async Task Recompute_EarlierDateApprovedForALaterRelease_ChangesComparedWithIt()
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var february = new DateOnly(2009, 2, 28);
        await recompute.RunAsync(february);
        await snapshots.ApproveAsync(february, null, "admin");
        await recompute.RunAsync(March);
        await snapshots.ApproveAsync(March, storage.Time.GetUtcNow().AddDays(10), "admin");

        var whileEmbargoed = await snapshots.PreviousAsync(April, SnapshotFiles.Json);
        storage.Time.Advance(TimeSpan.FromDays(10));
        var released = await snapshots.PreviousAsync(April, SnapshotFiles.Json);

        Assert.Equal(March, whileEmbargoed?.AsOf);
        Assert.Equal(March, released?.AsOf);
    }

    /// <summary>
    /// The year-end account approved for its press conference, then the next month approved for now:
    /// released first, the month published the account's twelve months through the revisions route
    /// (red team). Release follows the dates' order: the later date waits for the earlier one's hour,
    /// and an earlier date's embargo past a later date's release is refused as protecting nothing.
    /// </summary>
    [Fact]
    public async Task Approve_ReleaseOutOfTheDatesOrder_RefusedNamingTheOtherDate()
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var january = new DateOnly(2009, 1, 31);
        var february = new DateOnly(2009, 2, 28);
        foreach (var date in new[] { january, february, March })
        {
            await recompute.RunAsync(date);
        }

        var hour = storage.Time.GetUtcNow().AddDays(10);
        var account = await snapshots.ApproveAsync(february, hour, "admin");

        var now = await snapshots.ApproveAsync(March, null, "admin");
        var sooner = await snapshots.ApproveAsync(March, hour.AddMinutes(-1), "admin");
        var earlierLater = await snapshots.ApproveAsync(january, hour.AddMinutes(1), "admin");
        var stale = await snapshots.ApproveAsync(March, hour, "admin"); // computed before February's approval
        await recompute.RunAsync(March, republish: true);
        var atTheHour = await snapshots.ApproveAsync(March, hour, "admin");
        var earlierNow = await snapshots.ApproveAsync(january, null, "admin");

        Assert.Equal(ApprovalOutcome.Approved, account.Outcome);
        Assert.Equal((ApprovalOutcome.OutOfOrder, february), (now.Outcome, now.Approval?.AsOf));
        Assert.Equal((ApprovalOutcome.OutOfOrder, february), (sooner.Outcome, sooner.Approval?.AsOf));
        Assert.Equal((ApprovalOutcome.OutOfOrder, february), (earlierLater.Outcome, earlierLater.Approval?.AsOf));
        Assert.Equal((ApprovalOutcome.ComparedWithOlder, february), (stale.Outcome, stale.Approval?.AsOf));
        Assert.Equal((ApprovalOutcome.Approved, hour), (atTheHour.Outcome, atTheHour.Approval?.ReleaseAt));
        Assert.Equal(ApprovalOutcome.Approved, earlierNow.Outcome); // its figures are public already: released now, it hides nothing
        Assert.Equal([(january, storage.Time.GetUtcNow()), (february, hour), (March, hour)], (await snapshots.ApprovalsAsync()).Select(a => (a.AsOf, a.ReleaseAt)).Order()); // a refusal recorded nothing
    }

    /// <summary>
    /// The steering unit finds an error in the year's account under embargo (or set the wrong hour):
    /// it withdraws the approval before the release, the date is a draft again (page, state, public
    /// routes), a recompute replaces it and an approval releases it at another hour; the withdrawal is
    /// kept on record. What is released is never taken back, a later approved date is withdrawn first,
    /// and a date not approved has nothing to withdraw (red team, steering unit: no way out).
    /// </summary>
    [Fact]
    public async Task Withdraw_BeforeTheRelease_ADraftAgainRecomputedAndApprovedAtAnotherHour()
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var april = new DateOnly(2009, 4, 30);
        await recompute.RunAsync(March);
        var hour = storage.Time.GetUtcNow().AddDays(2);
        await snapshots.ApproveAsync(March, hour, "admin");
        await recompute.RunAsync(april); // after March's approval: its changes start from it
        Assert.Equal(ApprovalOutcome.Approved, (await snapshots.ApproveAsync(april, hour.AddDays(1), "admin")).Outcome);

        var notApproved = await snapshots.WithdrawAsync(new DateOnly(2009, 5, 31), "admin");
        var laterFirst = await snapshots.WithdrawAsync(March, "admin");
        var april1 = await snapshots.WithdrawAsync(april, "admin");
        var march1 = await snapshots.WithdrawAsync(March, "admin");
        var stateAfter = await snapshots.StateAsync(March);
        var page = await TextAsync(snapshots, March, SnapshotFiles.Html);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03-rectificatif.csv", Files.F0("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;999\n")));
        var corrected = await recompute.RunAsync(March, republish: true); // a draft again: replaced as any draft (it was « locked »)
        var again = await snapshots.ApproveAsync(March, hour.AddHours(5), "admin");
        storage.Time.Advance(TimeSpan.FromDays(3));
        var released = await snapshots.WithdrawAsync(March, "admin");

        Assert.Equal((ApprovalOutcome.NotApproved, ApprovalOutcome.LaterApproved, april), (notApproved.Outcome, laterFirst.Outcome, laterFirst.Approval?.AsOf));
        Assert.Equal((ApprovalOutcome.Withdrawn, ApprovalOutcome.Withdrawn), (april1.Outcome, march1.Outcome));
        Assert.Equal(SnapshotState.Draft, stateAfter);
        Assert.Contains("<strong>Projet non validé</strong>", page, StringComparison.Ordinal);
        Assert.Equal(PublishOutcome.Republished, corrected.Outcome);
        Assert.Equal((ApprovalOutcome.Approved, hour.AddHours(5)), (again.Outcome, again.Approval?.ReleaseAt));
        Assert.Equal((ApprovalOutcome.AlreadyReleased, SnapshotState.Released), (released.Outcome, await snapshots.StateAsync(March)));
        Assert.Equal([(april, "admin"), (March, "admin")], (await snapshots.WithdrawalsAsync()).Select(w => (w.Approval.AsOf, w.WithdrawnBy)));
        Assert.Equal([March], (await snapshots.ApprovalsAsync()).Select(a => a.AsOf));
    }

    /// <summary>
    /// A later draft counts its changes from the date approved when it was computed: once that approval
    /// is withdrawn, released as it is, it would start from a date not released, or from figures approved
    /// again otherwise (review). It is refused until recomputed; an approval within two minutes of its
    /// release is no longer withdrawn (the servers release it from their clocks).
    /// </summary>
    [Fact]
    public async Task Approve_LaterDraftComparedWithAWithdrawnDate_RefusedUntilRecomputed()
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var april = new DateOnly(2009, 4, 30);
        var hour = storage.Time.GetUtcNow().AddDays(2);
        await recompute.RunAsync(March);
        await snapshots.ApproveAsync(March, hour, "admin");
        await recompute.RunAsync(april); // its changes from March, approved

        Assert.Equal(ApprovalOutcome.Withdrawn, (await snapshots.WithdrawAsync(March, "admin")).Outcome);
        var whileWithdrawn = await snapshots.ApproveAsync(april, hour.AddDays(1), "admin");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03-rectificatif.csv", Files.F0("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;999\n")));
        await recompute.RunAsync(March, republish: true);
        Assert.Equal(ApprovalOutcome.Approved, (await snapshots.ApproveAsync(March, hour, "admin")).Outcome);
        var otherFigures = await snapshots.ApproveAsync(april, hour.AddDays(1), "admin");
        await recompute.RunAsync(april, republish: true);
        var recomputed = await snapshots.ApproveAsync(april, hour.AddDays(1), "admin");
        storage.Time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        var atTheLastMinute = await snapshots.WithdrawAsync(March, "admin");

        Assert.Equal((ApprovalOutcome.ComparedWithWithdrawn, March), (whileWithdrawn.Outcome, whileWithdrawn.Approval?.AsOf));
        Assert.Equal((ApprovalOutcome.ComparedWithWithdrawn, March), (otherFigures.Outcome, otherFigures.Approval?.AsOf));
        Assert.Equal(ApprovalOutcome.Approved, recomputed.Outcome);
        Assert.Equal(ApprovalOutcome.AlreadyReleased, atTheLastMinute.Outcome); // a minute before its hour, before the later date is even looked at
    }

    /// <summary>
    /// A snapshot computed before its day ended lacks the files received later that day: approved at
    /// 23:08 for its own date, it froze the day and refused them, and the nightly run (red team,
    /// steering unit). It is refused until the first recompute after the day made it final.
    /// </summary>
    [Fact]
    public async Task Approve_DayNotEnded_RefusedUntilTheRecomputeAfterItMakesItFinal()
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var today = DateOnly.FromDateTime(storage.Time.GetUtcNow().UtcDateTime);
        await recompute.RunAsync(today);

        var sameDay = await snapshots.ApproveAsync(today, null, "admin");
        storage.Time.Advance(TimeSpan.FromDays(1));
        var dayEndedNotRecomputed = await snapshots.ApproveAsync(today, null, "admin");
        await recompute.RunAsync(today); // the nightly run: identical, made final
        var final = await snapshots.ApproveAsync(today, null, "admin");

        Assert.Equal((ApprovalOutcome.Provisional, ApprovalOutcome.Provisional, ApprovalOutcome.Approved), (sameDay.Outcome, dayEndedNotRecomputed.Outcome, final.Outcome));
        Assert.Equal([today], (await snapshots.ApprovalsAsync()).Select(a => a.AsOf)); // the refusals recorded nothing
    }

    [Fact]
    public async Task Recompute_ApprovalRequired_ChangesComparedWithTheLastApprovedNotTheLastDraft()
    {
        var (storage, jobs) = await ArrangeAsync();
        var recompute = jobs.GetRequiredService<Recompute>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        await recompute.RunAsync(new DateOnly(2009, 2, 28));
        await snapshots.ApproveAsync(new DateOnly(2009, 2, 28), null, "admin");
        await recompute.RunAsync(March); // a draft nobody approved

        Assert.Equal(new DateOnly(2009, 2, 28), (await snapshots.PreviousAsync(April, SnapshotFiles.Json))?.AsOf);
        // A process without the setting too: the storage requires approval.
        Assert.Equal(new DateOnly(2009, 2, 28), (await new Snapshots(storage.Blobs, storage.Layout).PreviousAsync(April, SnapshotFiles.Json))?.AsOf);
        // And April's changes say so: since February, not since the draft of March just before it.
        await recompute.RunAsync(April);
        var april = MissionPipeline.Publishing.DashboardJson.Read((await snapshots.GetAsync(April, SnapshotFiles.Json))!.Content.ToMemory());
        Assert.Equal(new DateOnly(2009, 2, 28), april.ChangesSince);
    }

    [Fact]
    public async Task RecordRead_ReadsOverSeveralHours_OneLogPerHourListedAsOneWithTheFormerLog()
    {
        // An append blob takes 50 000 appends: a draft polled for days would fill one, so each hour has its own.
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var container = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots);
        var start = storage.Time.GetUtcNow();
        // A read recorded by a version before the hourly logs, in the single log it wrote.
        var former = container.GetAppendBlobClient(StorageLayout.FormerAccessLogBlob(March));
        await former.CreateAsync();
        await former.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"at\":\"{start.AddMinutes(-30).ToString("o", System.Globalization.CultureInfo.InvariantCulture)}\",\"key\":\"admin\",\"route\":\"GET /api/dashboard/2009-03-31\"}}\n")));

        await snapshots.RecordReadAsync(March, "admin", "GET /api/dashboard/2009-03-31?format=csv");
        storage.Time.Advance(TimeSpan.FromMinutes(70));
        await snapshots.RecordReadAsync(March, "stockage", "mission snapshot --as-of 2009-03-31");
        storage.Time.Advance(TimeSpan.FromHours(26));
        await snapshots.RecordReadAsync(March, "admin", "POST /api/recompute?asOf=2009-03-31");
        var logs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, StorageLayout.AccessLogPrefix(March), CancellationToken.None))
        {
            logs.Add(blob.Name);
        }

        Assert.Equal(
            [StorageLayout.AccessLogBlob(March, start), StorageLayout.AccessLogBlob(March, start.AddMinutes(70)), StorageLayout.AccessLogBlob(March, start.AddMinutes(70).AddHours(26)), StorageLayout.FormerAccessLogBlob(March)],
            logs);
        Assert.Equal(4, logs.Distinct().Count());
        Assert.Equal(
            [start.AddMinutes(-30), start, start.AddMinutes(70), start.AddMinutes(70).AddHours(26)],
            (await snapshots.ReadsAsync(March)).Select(r => r.At));
    }

    [Fact]
    public async Task RecordRead_SeveralReads_ListedOldestFirstWithKeyAndRoute()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var first = storage.Time.GetUtcNow();

        await snapshots.RecordReadAsync(March, "admin", "GET /api/dashboard/2009-03-31?format=csv");
        storage.Time.Advance(TimeSpan.FromMinutes(5));
        await snapshots.RecordReadAsync(March, "stockage", "mission snapshot --as-of 2009-03-31 --format json");

        Assert.Equal(
            [new SnapshotRead(first, "admin", "GET /api/dashboard/2009-03-31?format=csv"), new SnapshotRead(first.AddMinutes(5), "stockage", "mission snapshot --as-of 2009-03-31 --format json")],
            await snapshots.ReadsAsync(March));
        Assert.Empty(await snapshots.ReadsAsync(April));
    }

    [Fact]
    public async Task ListAsync_ManyDatesAndACutPublication_PublishedOnesNewestFirstFewChecksAtOnce()
    {
        // Years of nightly snapshots: 60 folders whose manifest is written, one whose publication
        // was cut before its manifest. Only the 60 are listed, and never more than ListChecksInFlight
        // manifests are checked at once.
        var storage = new TestStorage(azurite);
        var container = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots);
        var dates = Enumerable.Range(0, 60).Select(i => new DateOnly(2007, 1, 31).AddMonths(i)).ToArray();
        await Parallel.ForEachAsync(dates, async (d, ct) =>
            await container.GetBlobClient(StorageLayout.SnapshotBlob(StorageLayout.SnapshotFolder(d), SnapshotFiles.Manifest)).UploadAsync(BinaryData.FromString("{}"), ct));
        await container.GetBlobClient(StorageLayout.SnapshotBlob("2012-01-31", SnapshotFiles.Json)).UploadAsync(BinaryData.FromString("{}"));
        var inFlight = new InFlight(SnapshotFiles.Manifest);
        var options = new Azure.Storage.Blobs.BlobClientOptions();
        options.AddPolicy(inFlight, Azure.Core.HttpPipelinePosition.PerCall);

        var listed = await new Snapshots(new Azure.Storage.Blobs.BlobServiceClient(storage.ConnectionString, options), storage.Layout).ListAsync();

        Assert.Equal(dates.OrderDescending(), listed.Select(s => s.AsOf));
        Assert.All(listed, s => Assert.Equal(SnapshotState.Released, s.State));
        Assert.Equal(dates.Length + 1, inFlight.Total); // one check per folder, the cut one's included
        Assert.InRange(inFlight.Most, 2, Snapshots.ListChecksInFlight);
    }

    /// <summary>Counts the requests whose path ends with a name, and the most of them in flight at once.</summary>
    private sealed class InFlight(string name) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _now;
        private int _most;
        private int _total;

        public int Most => _most;

        public int Total => _total;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("the listing reads asynchronously");

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (!message.Request.Uri.Path.EndsWith("/" + name, StringComparison.Ordinal))
            {
                await ProcessNextAsync(message, pipeline);
                return;
            }

            Interlocked.Increment(ref _total);
            var now = Interlocked.Increment(ref _now);
            for (var most = _most; now > most && Interlocked.CompareExchange(ref _most, now, most) != most; most = _most)
            {
            }

            try
            {
                await Task.Delay(5); // long enough for the checks to overlap
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }

    /// <summary>
    /// An approval naming the draft read while the nightly run republishes that draft with a
    /// correction: the approval checked the fingerprint, the republication then replaced the draft's
    /// files, and the approval recorded itself over figures nobody read (its pages rendered from the
    /// ones read, its JSON the correction's). A date's publication and approval now take its lock in
    /// turn: the republication waits, then finds the date approved (locked), and the figures read are
    /// the ones approved.
    /// </summary>
    [Fact]
    public async Task ApproveAsync_RepublishedWhileApproving_TheRepublicationWaitsAndIsLocked()
    {
        var (storage, jobs) = await ArrangeAsync();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var read = (await jobs.GetRequiredService<Snapshots>().GetAsync(March, SnapshotFiles.Json))!.Content.ToArray();
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03-rectificatif.csv", Files.F0("indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;5100\n")));
        var approving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var approvalMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var atManifest = new Faults.OutageAt(
            1,
            m => m.Request.Method == Azure.Core.RequestMethod.Put && m.Request.Uri.Path.EndsWith("/2009-03-31/" + SnapshotFiles.Manifest, StringComparison.Ordinal),
            async () =>
            {
                approving.SetResult();
                await approvalMayFinish.Task;
            });
        var approver = new Snapshots(BlobsWith(storage, atManifest), storage.Layout, new PublicationOptions(RequireApproval: true), storage.Time);
        var republicationAtTheLock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var atLock = new Faults.OutageAt(
            1,
            m => m.Request.Uri.Query.Contains("comp=lease", StringComparison.Ordinal) && m.Request.Uri.Path.EndsWith("/" + StorageLayout.SnapshotLockBlob(March), StringComparison.Ordinal),
            () =>
            {
                republicationAtTheLock.TrySetResult();
                return Task.CompletedTask;
            });
        using var nightly = TestJobs.Wire(BlobsWith(storage, atLock), storage.Tables, storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: true));

        var approve = approver.ApproveAsync(March, releaseAt: null, "admin", SnapshotFiles.Fingerprint(read)[..12]);
        await approving.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var republish = nightly.GetRequiredService<Recompute>().RunAsync(March, republish: true);
        await Task.WhenAny(republicationAtTheLock.Task, republish).WaitAsync(TimeSpan.FromSeconds(60)); // at the lock, or (without it) done
        approvalMayFinish.SetResult();
        var approved = await approve.WaitAsync(TimeSpan.FromSeconds(60));
        var republished = await republish.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(ApprovalOutcome.Approved, approved.Outcome);
        Assert.Equal(PublishOutcome.Locked, republished.Outcome);
        Assert.Equal(read, (await jobs.GetRequiredService<Snapshots>().GetAsync(March, SnapshotFiles.Json))!.Content.ToArray());
    }

    private static Azure.Storage.Blobs.BlobServiceClient BlobsWith(TestStorage storage, Azure.Core.Pipeline.HttpPipelinePolicy policy)
    {
        var options = new Azure.Storage.Blobs.BlobClientOptions();
        options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
        return new Azure.Storage.Blobs.BlobServiceClient(storage.ConnectionString, options);
    }

    /// <summary>
    /// The approved year's account, revised by a correction received after its approval (red team,
    /// steering unit: « atteint 1 535 » became « manqué 1 463 », and nothing said so): the next year's
    /// snapshots say which verdict it would now give, the account itself stays byte for byte as approved,
    /// and a draft account is looked back on by nobody.
    /// </summary>
    [Fact]
    public async Task Recompute_CorrectionAfterTheYearsAccountWasApproved_NextYearsSnapshotsSayTheVerdictItWouldGive()
    {
        var (storage, jobs) = await ArrangeAsync();
        var (recompute, snapshots) = (jobs.GetRequiredService<Recompute>(), jobs.GetRequiredService<Snapshots>());
        var december = new DateOnly(2009, 12, 31);
        await storage.Ingest().RunAsync(await storage.UploadAsync("dgt", "dgt-2009.csv", Files.F0(
            "indicateur;periode;territoire;valeur\n" + string.Concat(Enumerable.Range(1, 12).Select(m => $"operations_travail_illegal;2009-{m:D2};FR;130\n")))));
        await recompute.RunAsync(december);

        var beforeApproval = await recompute.RunAsync(new DateOnly(2010, 1, 31));
        Assert.Null(beforeApproval.Dashboard.AccountRevised); // a draft account is nobody's account
        Assert.Equal(ApprovalOutcome.Approved, (await snapshots.ApproveAsync(december, releaseAt: null, "admin")).Outcome);
        var approved = await FolderAsync(snapshots, december);
        var holding = await recompute.RunAsync(new DateOnly(2010, 2, 28));
        storage.Time.Advance(TimeSpan.FromDays(1));
        await storage.Ingest().RunAsync(await storage.UploadAsync("dgt", "dgt-2009-12-rectificatif.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            operations_travail_illegal;2009-12;FR;60
            """)));

        var march = await recompute.RunAsync(new DateOnly(2010, 3, 31));
        var april = await recompute.RunAsync(new DateOnly(2010, 4, 30)); // nothing new: the same revision

        Assert.Equal((december, 0), (holding.Dashboard.AccountRevised!.AsOf, holding.Dashboard.AccountRevised.Changes.Count));
        var revised = march.Dashboard.AccountRevised!;
        Assert.Equal(december, revised.AsOf);
        Assert.Equal(
            [("operations_travail_illegal", "status", "achieved", "missed", "dgt-2009-12-rectificatif.csv"), ("operations_travail_illegal", "actual", "1560", "1490", "dgt-2009-12-rectificatif.csv")],
            revised.Changes.Select(c => (c.Indicator.Value, c.Field, c.From, c.To, c.File)));
        Assert.Equal(revised.Changes, DashboardJson.Read(march.Json).AccountRevised!.Changes);
        Assert.Equal(revised.Changes, april.Dashboard.AccountRevised!.Changes);
        Assert.Contains("Bilan au 31 décembre 2009 revu depuis sa publication", await TextAsync(snapshots, new DateOnly(2010, 3, 31), SnapshotFiles.Html), StringComparison.Ordinal);
        Assert.Equal(approved, await FolderAsync(snapshots, december)); // the account as approved, untouched
        Assert.Equal((Indicators.IndicatorStatus.Achieved, 1560.0), DashboardJson.Read(approved[SnapshotFiles.Json]).Indicators.Where(r => r.Id.Value == "operations_travail_illegal").Select(r => (r.Status, r.Actual!.Value)).Single());
    }

    private async Task<(TestStorage Storage, ServiceProvider Jobs)> ArrangeAsync()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        return (storage, TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: true)));
    }

    private static Azure.Storage.Blobs.BlobClient Blob(TestStorage storage, string name) =>
        storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).GetBlobClient(name);

    private static async Task<string> TextAsync(Snapshots snapshots, DateOnly asOf, string file) =>
        (await snapshots.GetAsync(asOf, file))!.Content.ToString();

    private static async Task<Dictionary<string, byte[]>> FolderAsync(Snapshots snapshots, DateOnly asOf)
    {
        var folder = new Dictionary<string, byte[]>();
        foreach (var name in new[] { SnapshotFiles.Json, SnapshotFiles.Csv, SnapshotFiles.Html, SnapshotFiles.CsvFrench, SnapshotFiles.Xlsx, SnapshotFiles.Manifest })
        {
            folder[name] = (await snapshots.GetAsync(asOf, name))!.Content.ToArray();
        }

        return folder;
    }
}
