using System.Security.Cryptography;
using System.Text.Json;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class RecomputeTests(AzuriteFixture azurite)
{
    private static readonly DateOnly March = new(2009, 3, 31);

    [Fact]
    public async Task RunAsync_ExampleFile_PublishesTheFiguresOfTheFile()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));

        var result = await storage.Recompute().RunAsync(March);

        var bilans = result.Dashboard.Indicators.Single(i => i.Id.Value == "cai_bilans_competences");
        var dilf = result.Dashboard.Indicators.Single(i => i.Id.Value == "dilf_taux_reussite");
        Assert.Equal(4870, bilans.Actual);
        Assert.Equal(1412.0 / 1580.0, dilf.Actual!.Value, 12);
        Assert.Equal(PublishOutcome.Published, result.Outcome);
        var published = await new Snapshots(storage.Blobs, storage.Layout).GetAsync(March, "dashboard.json");
        Assert.Equal(result.Json, published!.Content.ToArray());
        Assert.Equal(result.Json, (await new Snapshots(storage.Blobs, storage.Layout).GetAsync(null, "dashboard.json"))!.Content.ToArray());
    }

    /// <summary>A blob reader (a browser, Excel, a static site over the container) is told what each published file is.</summary>
    [Fact]
    public async Task RunAsync_PublishedFiles_EachStoredWithItsMediaType()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var result = await storage.Recompute().RunAsync(March);
        var container = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots);

        var types = new Dictionary<string, string>();
        foreach (var folder in new[] { "2009-03-31", StorageLayout.LatestFolder })
        {
            foreach (var file in result.Files)
            {
                types[$"{folder}/{file.Name}"] = (await container.GetBlobClient($"{folder}/{file.Name}").GetPropertiesAsync()).Value.ContentType;
            }
        }

        Assert.Contains(result.Files, f => f.Name == SnapshotFiles.Xlsx);
        Assert.All(types, t => Assert.Equal(
            Path.GetExtension(t.Key) switch
            {
                ".json" => "application/json; charset=utf-8",
                ".csv" => "text/csv; charset=utf-8",
                ".html" => "text/html; charset=utf-8",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                var other => $"no file {other} is published",
            },
            t.Value));
    }

    [Fact]
    public async Task RunAsync_SameInputsReplayed_ByteIdenticalAndNothingRewritten()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var first = await storage.Recompute().RunAsync(March);
        var blob = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).GetBlobClient("2009-03-31/dashboard.json");
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;
        storage.Time.Advance(TimeSpan.FromHours(5));

        var replay = await storage.Recompute().RunAsync(March);

        Assert.Equal(first.Json, replay.Json);
        Assert.Equal(PublishOutcome.Unchanged, replay.Outcome);
        Assert.Equal(etag, (await blob.GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task RunAsync_NewDataForAPublishedDate_KeepsTheSnapshotUnlessRepublished()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var original = await storage.Recompute().RunAsync(March);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "rectificatif.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;4900
            """)));

        var kept = await storage.Recompute().RunAsync(March);
        var afterKept = await new Snapshots(storage.Blobs, storage.Layout).GetAsync(March, "dashboard.json");
        var republished = await storage.Recompute().RunAsync(March, republish: true);
        var afterRepublish = await new Snapshots(storage.Blobs, storage.Layout).GetAsync(March, "dashboard.json");

        Assert.Equal(PublishOutcome.Kept, kept.Outcome);
        Assert.Equal(original.Json, afterKept!.Content.ToArray());
        Assert.Equal(PublishOutcome.Republished, republished.Outcome);
        Assert.Equal(republished.Json, afterRepublish!.Content.ToArray());
        Assert.Equal(4900, republished.Dashboard.Indicators.Single(i => i.Id.Value == "cai_bilans_competences").Actual);
    }

    /// <summary>
    /// A snapshot of today, written while today has not ended (mission recompute in the afternoon), is
    /// provisional: a later recompute of that day replaces it with the files received since. It was
    /// kept, and the nightly failed on it (red team, newcomer). The first recompute after the day ended
    /// makes it final, even when it finds it identical: later, a different one is kept, as any published
    /// snapshot (review).
    /// </summary>
    [Fact]
    public async Task RunAsync_SnapshotWrittenBeforeItsDayEnded_ReplacedUntilTheDayEnds()
    {
        var storage = new TestStorage(azurite);
        var today = DateOnly.FromDateTime(storage.Time.GetUtcNow().UtcDateTime);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var afternoon = await storage.Recompute().RunAsync(today);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "rectificatif.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;4900
            """)));

        var evening = await storage.Recompute().RunAsync(today);
        storage.Time.Advance(TimeSpan.FromDays(1));
        var nightly = await storage.Recompute().RunAsync(today);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "avril.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-04;FR;5100
            """)));
        var later = await storage.Recompute().RunAsync(today);
        var stored = await new Snapshots(storage.Blobs, storage.Layout).GetAsync(today, "dashboard.json");

        Assert.Equal(PublishOutcome.Published, afternoon.Outcome);
        Assert.Equal(PublishOutcome.Republished, evening.Outcome);
        Assert.NotEqual(afternoon.Json, evening.Json); // the later file is in it (its receipt, at least)
        Assert.Equal(PublishOutcome.Unchanged, nightly.Outcome);
        Assert.Equal(PublishOutcome.Kept, later.Outcome);
        Assert.Equal(evening.Json, stored!.Content.ToArray());
    }

    [Fact]
    public async Task RunAsync_AfterLatestWasTakenByAFutureDate_TakesItBack()
    {
        var storage = new TestStorage(azurite);
        var snapshots = new Snapshots(storage.Blobs, storage.Layout);
        var files = (await storage.Recompute().RunAsync(March)).Files;
        var future = new DateOnly(2100, 1, 1);
        await snapshots.PublishAsync(future, files, republish: false, today: future); // as an earlier version let happen
        Assert.Equal(future, await snapshots.LatestAsOfAsync());

        await storage.Recompute().RunAsync(new DateOnly(2009, 4, 1));

        Assert.Equal(new DateOnly(2009, 4, 1), await snapshots.LatestAsOfAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.Recompute().RunAsync(new DateOnly(2010, 7, 1))); // the day after the storage's today
    }

    [Fact]
    public async Task RunAsync_ExampleFile_PublishesEveryFileDatedAndLatest()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));

        var result = await storage.Recompute().RunAsync(March);

        var snapshots = new Snapshots(storage.Blobs, storage.Layout);
        // The OFII example reports Paris, Seine-Saint-Denis, Bouches-du-Rhône, Corse-du-Sud and Guadeloupe: a page each.
        string[] territories = ["territoires/DEP-13.html", "territoires/DEP-2A.html", "territoires/DEP-75.html", "territoires/DEP-93.html", "territoires/DEP-971.html"];
        Assert.Equal(["dashboard.json", "dashboard.csv", "dashboard.html", .. territories, "dashboard.fr.csv", "dashboard.xlsx", "manifest.json"], result.Files.Select(f => f.Name));
        foreach (var (name, content) in result.Files)
        {
            Assert.Equal(content, (await snapshots.GetAsync(March, name))!.Content.ToArray());
            Assert.Equal(content, (await snapshots.GetAsync(null, name))!.Content.ToArray());
        }

        using var manifest = JsonDocument.Parse(result.Files[^1].Content);
        var input = Assert.Single(manifest.RootElement.GetProperty("inputs").EnumerateArray());
        Assert.Equal(("ofii", "ofii-2009-03.csv"), (input.GetProperty("agency").GetString(), input.GetProperty("file").GetString()));
        var hashes = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("sha256").GetString());
        Assert.Equal(result.Files.Take(result.Files.Count - 1).Select(f => Convert.ToHexStringLower(SHA256.HashData(f.Content))), hashes);
        Assert.Contains("cai_bilans_competences", System.Text.Encoding.UTF8.GetString(result.Files[1].Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Replayed_EveryFileByteIdenticalAndUnwritten()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var first = await storage.Recompute().RunAsync(March);
        var container = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots);
        var etags = new List<Azure.ETag>();
        foreach (var (name, _) in first.Files)
        {
            etags.Add((await container.GetBlobClient($"2009-03-31/{name}").GetPropertiesAsync()).Value.ETag);
        }

        storage.Time.Advance(TimeSpan.FromDays(3));
        var replay = await storage.Recompute().RunAsync(March);

        Assert.Equal(PublishOutcome.Unchanged, replay.Outcome);
        Assert.All(first.Files.Zip(replay.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
        for (var i = 0; i < first.Files.Count; i++)
        {
            Assert.Equal(etags[i], (await container.GetBlobClient($"2009-03-31/{first.Files[i].Name}").GetPropertiesAsync()).Value.ETag);
        }
    }

    [Fact]
    public async Task RunAsync_SecondDate_ChangesAgainstThePreviousPublishedSnapshot()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var march = await storage.Recompute().RunAsync(March);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-04.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-04;FR;5100
            """)));

        var april = await storage.Recompute().RunAsync(new DateOnly(2009, 4, 30));
        var marchAgain = await storage.Recompute().RunAsync(March);

        Assert.Empty(march.Dashboard.Changes);
        Assert.Contains(april.Dashboard.Changes, c => c.Indicator.Value == "cai_bilans_competences" && (c.Field, c.From, c.To, c.Cause) == ("actual", "4870", "9970", ChangeCauses.NewPeriod));
        Assert.Equal(april.Dashboard.Changes, DashboardJson.Read(april.Json).Changes);
        Assert.Equal(PublishOutcome.Unchanged, marchAgain.Outcome); // only a snapshot strictly before asOf counts
        Assert.Empty(marchAgain.Dashboard.Changes);
    }

    [Fact]
    public async Task RunAsync_OlderDateAfterANewerOne_LatestStaysOnTheNewest()
    {
        var storage = new TestStorage(azurite);
        var december = await storage.Recompute().RunAsync(new DateOnly(2009, 12, 31));

        await storage.Recompute().RunAsync(March);

        var snapshots = new Snapshots(storage.Blobs, storage.Layout);
        Assert.Equal(new DateOnly(2009, 12, 31), await snapshots.LatestAsOfAsync());
        Assert.Equal(december.Json, (await snapshots.GetAsync(null, "dashboard.json"))!.Content.ToArray());
    }

    /// <summary>
    /// The pointer latest/asof.txt deleted, or edited by hand (a byte-order mark, a line break, garbage):
    /// readers find the newest complete dated folder as a publication would have written it, never a
    /// 500 nor « no dashboard yet » (red team, operator); the next publication writes the pointer again.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("\uFEFF2009-12-31\r\n")]
    [InlineData("2009-12-31 ")]
    [InlineData("pas une date")]
    [InlineData("")]
    public async Task LatestAsync_PointerDeletedOrEditedByHand_TheNewestCompleteSnapshot(string? written)
    {
        var storage = new TestStorage(azurite);
        await storage.Recompute().RunAsync(March);
        var december = await storage.Recompute().RunAsync(new DateOnly(2009, 12, 31));
        var blob = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).GetBlobClient(StorageLayout.LatestPointerBlob);
        if (written is null)
        {
            await blob.DeleteAsync();
        }
        else
        {
            await blob.UploadAsync(BinaryData.FromString(written), overwrite: true);
        }

        var snapshots = new Snapshots(storage.Blobs, storage.Layout);

        Assert.Equal(new DateOnly(2009, 12, 31), await snapshots.LatestAsOfAsync());
        Assert.Equal(new DateOnly(2009, 12, 31), (await snapshots.LatestAsync())!.AsOf);
        Assert.Equal(december.Json, (await snapshots.GetAsync(null, "dashboard.json"))!.Content.ToArray());
        await storage.Recompute().RunAsync(new DateOnly(2010, 1, 31));
        Assert.Equal("2010-01-31", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task RunAsync_OnlyARejectedFileForAnIndicator_NoDataSaysTheFileWasRejected()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("afnor", "label.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            entreprises_label_diversite;2009-03;FR;-4
            """)));

        var result = await storage.Recompute().RunAsync(March);

        var label = result.Dashboard.Indicators.Single(i => i.Id.Value == "entreprises_label_diversite");
        Assert.Equal(IndicatorStatus.NoData, label.Status);
        Assert.Equal(NoDataCode.FileRejected, label.NoDataReason!.Code);
        Assert.Null(label.Actual);
    }
}
