using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Catalogue;
using MissionPipeline.Reports;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Storage;

/// <summary>Invariants 1 to 6 of docs/architecture.md, each against a real (emulated) Azure Storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IngestFileTests(AzuriteFixture azurite)
{
    /// <summary>An upload's own « sha256 » metadata, which anyone who can upload can write, never reaches the archive: its SHA-256 is the bytes'.</summary>
    [Fact]
    public async Task RunAsync_UploadWithAFalseSha256_ArchiveHoldsTheBytesOwn()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");
        var blob = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient("ofii/faux-hash.csv");
        await blob.UploadAsync(BinaryData.FromBytes(bytes), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = new Dictionary<string, string> { [IngestFile.Sha256Metadata] = new string('0', 64) } });

        var report = await storage.Ingest().RunAsync(blob);

        var row = await Row(storage, "ofii", report.IngestId);
        var archive = storage.Blobs.GetBlobContainerClient(storage.Layout.Archive).GetBlobClient(row.ArchiveBlob);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (await archive.GetPropertiesAsync()).Value.Metadata[IngestFile.Sha256Metadata]);
    }

    [Fact]
    public async Task RunAsync_AcceptedFile_ArchivesBytesReportsAndCommits()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", bytes);

        var report = await storage.Ingest().RunAsync(blob);

        Assert.Equal(ReportStatus.Committed, report.Status);
        Assert.Equal(8, report.Observations);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha, report.Sha256);
        var row = await Row(storage, "ofii", report.IngestId);
        Assert.Equal(IngestionRow.Committed, row.Status);
        Assert.Equal(bytes.Length, row.Size);
        var archive = storage.Blobs.GetBlobContainerClient(storage.Layout.Archive).GetBlobClient(row.ArchiveBlob);
        Assert.StartsWith($"ofii/{row.UploadedAt.Year}/{report.IngestId}/", row.ArchiveBlob, StringComparison.Ordinal);
        Assert.Equal(bytes, (await archive.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(sha, (await archive.GetPropertiesAsync()).Value.Metadata["sha256"]);
        var reportBlob = storage.Blobs.GetBlobContainerClient(storage.Layout.Reports).GetBlobClient($"ofii/{report.IngestId}.json");
        var stored = IngestionReportJson.Read((await reportBlob.DownloadContentAsync()).Value.Content.ToMemory().Span);
        Assert.Equal(ReportStatus.Committed, stored.Status);
        Assert.Equal(report.IngestId, stored.IngestId);
    }

    [Fact]
    public async Task RunAsync_RejectedFile_IsArchivedWithReportAndChangesNothing()
    {
        var storage = new TestStorage(azurite);
        var good = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "good.csv", Files.Example("ofii-2009-03.csv")));
        var before = await VisibleAsync(storage);
        var bytes = Files.F0("""
            indicateur;periode;territoire;valuer
            cai_bilans_competences;2009-04;FR;5100
            """);

        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "bad.csv", bytes));

        Assert.Equal(ReportStatus.Committed, good.Status);
        Assert.Equal(ReportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors, e => e.Code == "unknown-column");
        Assert.Equal(1, error.Row);
        Assert.Equal("valuer", error.Column);
        Assert.NotEmpty(error.Message);
        var row = await Row(storage, "ofii", report.IngestId);
        Assert.Equal(IngestionRow.Rejected, row.Status);
        var archive = storage.Blobs.GetBlobContainerClient(storage.Layout.Archive).GetBlobClient(row.ArchiveBlob);
        Assert.Equal(bytes, (await archive.DownloadContentAsync()).Value.Content.ToArray());
        Assert.True(await storage.Blobs.GetBlobContainerClient(storage.Layout.Reports).GetBlobClient(row.ReportBlob).ExistsAsync());
        Assert.Equal(before, await VisibleAsync(storage));
        // Sent again, it is a duplicate that says it was rejected, with its errors: a script reading the
        // status alone took « duplicate » for « already in ».
        var again = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "bad-encore.csv", bytes));
        Assert.Equal((ReportStatus.Duplicate, ReportStatus.Rejected), (again.Status, again.OriginalStatus));
        Assert.Single(again.Errors, e => e.Code == "unknown-column");
        Assert.Equal(before, await VisibleAsync(storage));
    }

    /// <summary>
    /// The <c>Ingestions</c> table lost (it is not backed up; the archive is kept for ever): replay
    /// rebuilds each file's row from its archive, under its first receipt time, so that the same
    /// figures are visible and superseded as before. It needed the very row that was lost (red team,
    /// operator: « Aucune intégration … »).
    /// </summary>
    [Fact]
    public async Task ReplayAsync_RowLost_RebuiltFromTheArchiveUnderItsFirstReceipt()
    {
        var storage = new TestStorage(azurite);
        var first = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", Files.Example("ofii-2009-03.csv")));
        var before = await Row(storage, "ofii", first.IngestId);
        var visible = await VisibleAsync(storage);
        await storage.Tables.GetTableClient(storage.Layout.Ingestions).DeleteEntityAsync("ofii", first.IngestId);

        var missing = await storage.Ingest().ArchivedWithoutRowAsync(new AgencyId("ofii"));
        var replayed = await storage.Ingest().ReplayAsync(new AgencyId("ofii"), first.IngestId);

        Assert.Equal([first.IngestId], missing);
        Assert.Equal((ReportStatus.Committed, first.IngestId, "mars.csv"), (replayed!.Status, replayed.IngestId, replayed.File));
        var after = await Row(storage, "ofii", first.IngestId);
        Assert.Equal((IngestionRow.Committed, before.UploadedAt, false, before.ArchiveBlob), (after.Status, after.UploadedAt, after.ReceivedDeclared, after.ArchiveBlob));
        Assert.Equal(visible, await VisibleAsync(storage));
        Assert.Empty(await storage.Ingest().ArchivedWithoutRowAsync(new AgencyId("ofii")));
        Assert.Null(await storage.Ingest().ReplayAsync(new AgencyId("ofii"), new string('0', 32)));
    }

    [Fact]
    public async Task RunAsync_CrashAfterPartOfTheObservations_NothingVisibleUntilTheRetryCompletes()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.RetoursAidesByDepartement(months: 3);
        var blob = await storage.UploadAsync("ofii", "retours-t1.csv", bytes);
        var fault = new FailBatchesAfter(1);

        await Assert.ThrowsAnyAsync<Exception>(() => storage.Ingest(storage.NewTables(fault)).RunAsync(blob));

        Assert.True(fault.Passed >= 1, "the fault must strike after part of the file was written");
        var ingestId = IngestionReport.IngestIdOf(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var written = await RawObservationCountAsync(storage, ingestId);
        Assert.InRange(written, 1, 299);
        Assert.Empty(await VisibleAsync(storage));
        Assert.NotEqual(IngestionRow.Committed, (await Row(storage, "ofii", ingestId)).Status);

        var retry = await storage.Ingest().RunAsync(blob);

        Assert.Equal(ReportStatus.Committed, retry.Status);
        Assert.Equal(300, (await VisibleAsync(storage)).Count);
        Assert.Equal(300, await RawObservationCountAsync(storage, ingestId));
        Assert.Equal(2, (await Row(storage, "ofii", ingestId)).Attempts);
    }

    [Fact]
    public async Task RunAsync_SameBytesTwice_SecondSaysDuplicateAndChangesNothing()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");
        var first = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", bytes));
        var visible = await VisibleAsync(storage);

        var second = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars-encore.csv", bytes));

        Assert.Equal(ReportStatus.Committed, first.Status);
        Assert.Equal(ReportStatus.Duplicate, second.Status);
        Assert.Equal(ReportStatus.Committed, second.OriginalStatus);
        Assert.Equal(first.IngestId, second.IngestId);
        Assert.Single(await storage.Committed().IngestionsOfAsync(new AgencyId("ofii")));
        Assert.Equal(visible, await VisibleAsync(storage));
    }

    /// <summary>
    /// The original sent again after a correction of one of its months: still a duplicate (the same
    /// bytes are ingested once), but the report names the correction and the month it took over, so
    /// the officer who meant to undo it knows it stands (red team, agency officer). A later file for
    /// another month, or of other indicators, is not named.
    /// </summary>
    [Fact]
    public async Task RunAsync_OriginalSentAgainAfterACorrection_DuplicateNamingTheCorrection()
    {
        var storage = new TestStorage(azurite);
        var original = Files.Example("ofii-2009-03.csv");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", original));
        var correction = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars-rectificatif.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            retours_aides;2009-03;DEP-01;2
            """)));
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "avril.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            retours_aides;2009-04;DEP-01;4
            """)));
        var visible = await VisibleAsync(storage);

        var again = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", original));
        var json = IngestionReportJson.Read(IngestionReportJson.Write(again));

        Assert.Equal(ReportStatus.Duplicate, again.Status);
        var later = Assert.Single(again.ReplacedBy);
        Assert.Equal(("mars-rectificatif.csv", correction.IngestId, correction.Received), (later.File, later.IngestId, later.Received));
        Assert.Equal([Period.Parse("2009-03")], later.Periods);
        Assert.Equal(later, Assert.Single(json.ReplacedBy) with { Periods = later.Periods }); // the JSON round-trips it
        Assert.Equal(later.Periods, json.ReplacedBy[0].Periods);
        Assert.Equal(visible, await VisibleAsync(storage)); // nothing changed
    }

    [Fact]
    public async Task RunAsync_SameBlobDeliveredTwiceAtOnce_OneIngestionAndOneDuplicate()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "mars.csv", Files.RetoursAidesByDepartement(months: 2));

        var reports = await Task.WhenAll(storage.Ingest().RunAsync(blob), storage.Ingest().RunAsync(blob));

        Assert.Single(reports, r => r.Status == ReportStatus.Committed);
        Assert.Single(reports, r => r.Status == ReportStatus.Duplicate);
        var rows = await storage.Committed().IngestionsOfAsync(new AgencyId("ofii"));
        Assert.Equal(IngestionRow.Committed, Assert.Single(rows).Status);
        Assert.Equal(200, (await VisibleAsync(storage)).Count);
    }

    [Fact]
    public async Task RunAsync_LaterCorrection_SupersedesPerCellAndTheEarlierValueStaysReadable()
    {
        var storage = new TestStorage(azurite);
        var first = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;4870
            retours_aides;2009-03;DEP-75;212
            """)));
        storage.Time.Advance(TimeSpan.FromDays(3));
        var correction = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars-rectificatif.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;4700
            """)));

        var history = await storage.Committed().HistoryAsync(new(new IndicatorId("cai_bilans_competences"), Periods.Period.OfMonth(2009, 3), Geography.Territory.France));
        var dashboard = (await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31))).Dashboard;

        Assert.Equal([4870d, 4700d], history.Select(h => h.Observation.Value!.Value));
        Assert.Equal([first.IngestId, correction.IngestId], history.Select(h => h.IngestId));
        Assert.Equal(4700, dashboard.Indicators.Single(i => i.Id.Value == "cai_bilans_competences").Actual);
        // The correction only replaced its own cell: the other value of the first file still counts.
        Assert.Contains(dashboard.Indicators.Single(i => i.Id.Value == "retours_aides").Territories, t => t.Territory.Code == "DEP-75" && t.Value == 212);
    }

    [Fact]
    public async Task RunAsync_AgencyReportingAnotherAgencysIndicator_IsRejected()
    {
        var storage = new TestStorage(azurite);

        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("dcpaf", "dcpaf-2009-03.csv", Files.F0("""
            indicateur;periode;territoire;valeur;numerateur;denominateur
            eloignements_forces;2009-03;DEP-75;310;;
            dilf_taux_reussite;2009-03;FR;;1412;1580
            """)));

        Assert.Equal(ReportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors);
        Assert.Equal("indicator-not-allowed", error.Code);
        Assert.Equal(3, error.Row);
        Assert.Equal("dilf_taux_reussite", error.Cell);
        Assert.Empty(await VisibleAsync(storage));
    }

    [Fact]
    public async Task RunAsync_UploadOutsideAnyAgencyFolder_IsArchivedAndRejected()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");

        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("inconnue", "ofii-2009-03.csv", bytes));

        Assert.Equal(ReportStatus.Rejected, report.Status);
        Assert.Equal("unknown-agency", Assert.Single(report.Errors).Code);
        var row = await Row(storage, IngestFile.UnknownAgency, report.IngestId);
        var archive = storage.Blobs.GetBlobContainerClient(storage.Layout.Archive).GetBlobClient(row.ArchiveBlob);
        Assert.Equal(bytes, (await archive.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Empty(await VisibleAsync(storage));
    }

    /// <summary>
    /// An upload outside an agency's folder says where it should have gone: at the root of uploads/ (it
    /// said « Le dossier « » »), or in a folder that is an agency's in capitals (« OFII »: ofii's).
    /// </summary>
    [Theory]
    [InlineData("ofii-2009-03.csv", "racine de uploads/")]
    [InlineData("OFII/ofii-2009-03.csv", "les dossiers s'écrivent en minuscules, déposez le fichier dans uploads/ofii/.")]
    public async Task RunAsync_UploadNotInAnAgencysFolder_SaysWhereToPutIt(string name, string expected)
    {
        var storage = new TestStorage(azurite);
        var blob = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(Files.Example("ofii-2009-03.csv")), overwrite: true);

        var report = await storage.Ingest().RunAsync(blob);

        Assert.Equal(ReportStatus.Rejected, report.Status);
        var error = Assert.Single(report.Errors);
        Assert.Equal("unknown-agency", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The upload sent again while the job reads it: before its download starts (the download answers
    /// 412), or once the download's response came (the old bytes are read to the end, then the archive
    /// copy, conditional on their ETag, answers 412). Either way the job reads the upload again and
    /// commits the new bytes, archived and hashed as they are; nothing of the old ones is visible.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_UploadReplacedWhileItIsRead_TheNewBytesAreArchivedHashedAndCommitted(bool onceTheDownloadAnswered)
    {
        var storage = new TestStorage(azurite);
        var replacement = Files.RetoursAidesByDepartement(months: 2, valueSeed: 8);
        await storage.UploadAsync("ofii", "fevrier.csv", Files.RetoursAidesByDepartement(months: 2, valueSeed: 7));
        var replace = new OnFirstDownload("ofii/fevrier.csv", onceTheDownloadAnswered, () => storage.UploadAsync("ofii", "fevrier.csv", replacement));
        var (job, blob) = JobWith(storage, replace, "ofii/fevrier.csv");

        var report = await job.RunAsync(blob);

        Assert.True(replace.Struck);
        Assert.Equal(ReportStatus.Committed, report.Status);
        var sha = Convert.ToHexStringLower(SHA256.HashData(replacement));
        Assert.Equal(sha, report.Sha256);
        var row = await Row(storage, "ofii", report.IngestId);
        Assert.Equal(IngestionRow.Committed, row.Status);
        // Claimed once: the new bytes were never read under the old ETag (a download without it would hash them, then fail at the copy).
        Assert.Equal(1, row.Attempts);
        Assert.Equal(replacement.Length, row.Size);
        var archive = storage.Blobs.GetBlobContainerClient(storage.Layout.Archive).GetBlobClient(row.ArchiveBlob);
        Assert.Equal(replacement, (await archive.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(sha, (await archive.GetPropertiesAsync()).Value.Metadata["sha256"]);
        var visible = await VisibleAsync(storage);
        Assert.Equal(200, visible.Count);
        Assert.All(visible, v => Assert.EndsWith("@" + report.IngestId, v, StringComparison.Ordinal));
    }

    /// <summary>A job cancelled while it reads the upload (the host stopping) throws and leaves nothing behind: no row, no archive, no report; the next delivery commits the file.</summary>
    [Fact]
    public async Task RunAsync_CancelledWhileTheUploadIsRead_ThrowsAndLeavesNothingThenTheNextDeliveryCommits()
    {
        var storage = new TestStorage(azurite);
        var uploaded = await storage.UploadAsync("ofii", "annee.csv", Files.RetoursAidesByDepartement(months: 12));
        using var cancel = new CancellationTokenSource();
        var stop = new OnFirstDownload("ofii/annee.csv", onceTheDownloadAnswered: true, () => cancel.CancelAsync());
        var (job, blob) = JobWith(storage, stop, "ofii/annee.csv");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(blob, cancel.Token));

        Assert.True(stop.Struck);
        var rows = 0;
        await foreach (var _ in storage.Tables.GetTableClient(storage.Layout.Ingestions).QueryAsync<IngestionRow>())
        {
            rows++;
        }

        Assert.Equal(0, rows);
        foreach (var container in new[] { storage.Layout.Archive, storage.Layout.Reports, storage.Layout.Segments })
        {
            await foreach (var item in storage.Blobs.GetBlobContainerClient(container).GetBlobsAsync())
            {
                Assert.Fail($"{container}/{item.Name} was written by a cancelled ingest.");
            }
        }

        Assert.Equal(ReportStatus.Committed, (await storage.Ingest().RunAsync(uploaded)).Status);
        Assert.Equal(1200, (await VisibleAsync(storage)).Count);
    }

    /// <summary>
    /// A delivery of an upload version already finished (a blob event delivered again, <c>mission
    /// serve</c> starting over <c>uploads/</c>, a demo run again) is answered from the ledger without
    /// downloading the blob (the demo's 24 register extracts were read again at every start). The
    /// same bytes uploaded again (a new version), or metadata naming another file's hash, are read.
    /// </summary>
    [Fact]
    public async Task RunAsync_SameUploadVersionAgain_AnsweredFromTheLedgerWithoutDownloading()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");
        var downloads = new CountDownloads("/" + storage.Layout.Uploads + "/ofii/mars.csv");
        var (job, _) = JobWith(storage, downloads, "ofii/mars.csv");
        var blob = await job.UploadAsync(new AgencyId("ofii"), "mars.csv", new MemoryStream(bytes));
        var first = await job.RunAsync(blob);
        var readFirst = downloads.Count;

        var again = await job.RunAsync(blob);
        var readAgain = downloads.Count - readFirst;
        var raw = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient("ofii/mars.csv");
        var metadata = (await raw.GetPropertiesAsync()).Value.Metadata;
        await raw.UploadAsync(BinaryData.FromBytes(bytes), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = metadata });
        var newVersion = await job.RunAsync(blob);
        var readNewVersion = downloads.Count - readFirst - readAgain;
        var other = Files.RetoursAidesByDepartement(months: 1);
        var lying = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient("ofii/autre.csv");
        await lying.UploadAsync(BinaryData.FromBytes(other), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = metadata });
        var lied = await storage.Ingest().RunAsync(lying);

        Assert.Equal(ReportStatus.Committed, first.Status);
        Assert.Equal(1, readFirst);
        Assert.Equal(ReportStatus.Duplicate, again.Status);
        Assert.Equal(0, readAgain);
        Assert.Equal(first.IngestId, again.IngestId);
        Assert.Equal(first.Observations, again.Observations); // the stored report, as a duplicate
        Assert.Equal(ReportStatus.Duplicate, newVersion.Status);
        Assert.Equal(1, readNewVersion);
        Assert.Equal(ReportStatus.Committed, lied.Status);
        Assert.Equal(Faults.StorageOutageTests.IngestIdOf(other), lied.IngestId);
    }

    /// <summary>Counts the downloads (GET of its content) of the blob at <paramref name="path"/> a client makes.</summary>
    private sealed class CountDownloads(string path) : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith(path, StringComparison.Ordinal) && !message.Request.Uri.Query.Contains("comp=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    /// <summary>
    /// Two senders upload one large file under one name at the same moment: the SDK sends a file over
    /// 256 MiB in blocks, and the other's commit voids ours (Azurite and Azure answer 400
    /// InvalidBlockList, which reached the sender as the SDK's English XML). Played here at the
    /// moment of our commit: the other sender's upload lands, then our commit is refused by the
    /// emulator for a block it does not hold. Our uploader finds the other's same bytes and ingests
    /// them, one file, its receipt the other's.
    /// </summary>
    [Fact]
    public async Task UploadAsync_AnotherSenderOfTheSameNameVoidsOurBlocks_TheirSameBytesIngestedOnce()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");
        var other = storage.Ingest();
        var collision = new CommitVoidedBy(() => other.UploadAsync(new AgencyId("ofii"), "mars.csv", new MemoryStream(bytes)));
        var (job, _) = JobWith(storage, collision, "ofii/mars.csv");

        var blob = await job.UploadAsync(new AgencyId("ofii"), "mars.csv", new MemoryStream(bytes));
        var theirs = (await blob.GetPropertiesAsync()).Value;
        var report = await job.RunAsync(blob);
        var again = await other.RunAsync(storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient("ofii/mars.csv"));

        Assert.True(collision.Refused, "the emulator must refuse our commit as the voided one");
        Assert.Equal(ReportStatus.Committed, report.Status);
        Assert.Equal(ReportStatus.Duplicate, again.Status);
        Assert.False(again.InProgressElsewhere);
        Assert.Equal(IngestFile.UploadOrder(theirs), (await Row(storage, "ofii", report.IngestId)).UploadedAt);
        Assert.Equal(8, (await VisibleAsync(storage)).Count);
    }

    /// <summary>
    /// The same bytes delivered twice at once: the second delivery takes the unfinished row over, so
    /// the first gives way at its commit while the second still works. The first then says so
    /// (<see cref="IngestionReport.InProgressElsewhere"/>): it said « déjà reçu », as of a file
    /// finished long ago, while the other was still ingesting it.
    /// </summary>
    [Fact]
    public async Task RunAsync_SameBytesTakenOverWhileFinishing_FirstSaysInProgressElsewhereThenTheOtherCommits()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        var firstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (gaveWay, second) = await GiveWayWhileTheOtherWorksAsync(storage, blob, firstDone.Task);
        var rowMeanwhile = await Row(storage, "ofii", gaveWay.IngestId);
        firstDone.SetResult();
        var finished = await second.FinishedAsync();

        Assert.Equal(ReportStatus.Duplicate, gaveWay.Status);
        Assert.True(gaveWay.InProgressElsewhere, "the first gave way to a delivery still at work");
        Assert.Equal(IngestionRow.Received, rowMeanwhile.Status);
        Assert.Equal(ReportStatus.Committed, finished.Status);
        Assert.False(finished.InProgressElsewhere);
        Assert.Equal(8, (await VisibleAsync(storage)).Count);
        Assert.Contains("\"inProgressElsewhere\": true", System.Text.Encoding.UTF8.GetString(IngestionReportJson.Write(gaveWay)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Two senders of different files under one name at once: the other's upload replaced ours before
    /// any delivery read it. Our delivery ingested the other's bytes and reported them as ours, exit 0,
    /// while our file was never read. It now says so: rejected, « upload-replaced », send it again.
    /// </summary>
    [Fact]
    public async Task SendAsync_UploadReplacedByAnotherFileBeforeItIsRead_SaysToSendItAgain()
    {
        var storage = new TestStorage(azurite);
        var ours = Files.Example("ofii-2009-03.csv");
        var theirs = Files.RetoursAidesByDepartement(months: 1);
        var other = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient("ofii/meme-nom.csv");
        var replaced = new Faults.OutageAt(
            1,
            m => m.Request.Method == RequestMethod.Put && m.Request.Uri.Path.EndsWith("/ofii/meme-nom.csv", StringComparison.Ordinal),
            () => Task.CompletedTask,
            after: () => other.UploadAsync(BinaryData.FromBytes(theirs), overwrite: true));
        var (job, _) = JobWith(storage, replaced, "ofii/meme-nom.csv");

        var report = await job.SendAsync(new AgencyId("ofii"), "meme-nom.csv", new MemoryStream(ours), received: null, TimeSpan.FromMinutes(1));

        Assert.True(replaced.Struck);
        Assert.Equal(ReportStatus.Rejected, report.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ours)), report.Sha256);
        var error = Assert.Single(report.Errors);
        Assert.Equal("upload-replaced", error.Code);
        Assert.Contains("Renvoyez-le", error.Message, StringComparison.Ordinal);
        Assert.Equal(IngestionRow.Committed, (await Row(storage, "ofii", IngestionReport.IngestIdOf(Convert.ToHexStringLower(SHA256.HashData(theirs))))).Status); // theirs, read in its place
    }

    /// <summary>
    /// <c>mission ingest</c> while <c>mission serve</c> watches the same storage: the watcher ingested
    /// the upload the sender had just made before the sender's own delivery read it. The sender said
    /// « déjà reçu : rien n'a changé » of a file just committed from its own upload; it now says it was
    /// ingested from this upload (still a duplicate: one delivery commits a file), with the errors of a
    /// rejection. The same bytes received long ago under another upload stay a plain duplicate.
    /// </summary>
    [Theory]
    [InlineData("indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-04;FR;5100\n", ReportStatus.Committed)]
    [InlineData("indicateur;periode;territoire;valuer\ncai_bilans_competences;2009-04;FR;5100\n", ReportStatus.Rejected)]
    public async Task SendAsync_WatcherIngestedOurUploadFirst_SaysItWasIngestedFromThisUpload(string csv, ReportStatus expected)
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.F0(csv);
        var watcher = storage.Ingest();
        var watched = new Faults.OutageAt(
            1,
            m => m.Request.Method == RequestMethod.Put && m.Request.Uri.Path.EndsWith("/ofii/bilans-avril.csv", StringComparison.Ordinal),
            () => Task.CompletedTask,
            after: async () => await watcher.RunAsync(storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient("ofii/bilans-avril.csv")));
        var (job, _) = JobWith(storage, watched, "ofii/bilans-avril.csv");

        var report = await job.SendAsync(new AgencyId("ofii"), "bilans-avril.csv", new MemoryStream(bytes), received: null, TimeSpan.FromMinutes(1));
        var sentAgain = await storage.Ingest().SendAsync(new AgencyId("ofii"), "bilans-avril-bis.csv", new MemoryStream(bytes), received: null, TimeSpan.FromMinutes(1));

        Assert.True(watched.Struck);
        Assert.Equal((ReportStatus.Duplicate, true), (report.Status, report.IngestedFromThisUpload));
        Assert.Equal(expected == ReportStatus.Rejected, report.Errors.Count > 0);
        Assert.Contains("\"ingestedFromThisUpload\": true", System.Text.Encoding.UTF8.GetString(IngestionReportJson.Write(report)), StringComparison.Ordinal);
        Assert.Equal((ReportStatus.Duplicate, false), (sentAgain.Status, sentAgain.IngestedFromThisUpload)); // the same bytes from another upload: received before
    }

    /// <summary>
    /// The sender gave way to another delivery of its upload still at work (<c>mission serve</c>'s
    /// watcher). One that lost the claim to it answered a duplicate with no error, format unknown (the
    /// row had no report yet), and exited 0 before that delivery rejected the file. Both answers now
    /// wait for that verdict (the row polled) and give it: a duplicate with the errors found.
    /// </summary>
    [Fact]
    public async Task VerdictAsync_GaveWayToADeliveryStillAtWork_WaitsForItsVerdict()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "bilans.csv", Files.F0("""
            indicateur;periode;territoire;valuer
            cai_bilans_competences;2009-04;FR;5100
            """));
        var firstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (gaveWay, second) = await GiveWayWhileTheOtherWorksAsync(storage, blob, firstDone.Task);
        var lostTheClaim = gaveWay with { Format = Readers.FileFormat.Unknown, Rows = 0, Errors = [], Warnings = [] };
        var waiting = storage.Ingest().VerdictAsync(gaveWay, TimeSpan.FromMinutes(1));
        var waitingToo = storage.Ingest().VerdictAsync(lostTheClaim, TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var answeredBefore = waiting.IsCompleted || waitingToo.IsCompleted;
        firstDone.SetResult();
        var finished = await second.FinishedAsync();
        // The poll's clock is the test's: moved on until the waiting sender reads the row again.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(waiting.IsCompleted && waitingToo.IsCompleted) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            storage.Time.Advance(IngestFile.VerdictPoll);
            await Task.Delay(50);
        }

        var verdict = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        var verdictToo = await waitingToo.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(gaveWay.InProgressElsewhere);
        Assert.False(answeredBefore, "no verdict before the other delivery finished");
        Assert.Equal(ReportStatus.Rejected, finished.Status);
        Assert.All([verdict, verdictToo], v =>
        {
            Assert.Equal((ReportStatus.Duplicate, false, Readers.FileFormat.F0), (v.Status, v.InProgressElsewhere, v.Format));
            Assert.Equal(finished.Errors.Select(e => (e.Code, e.Row)), v.Errors.Select(e => (e.Code, e.Row))); // exit 1, the errors to mend
        });
    }

    /// <summary>
    /// Two deliveries of <paramref name="blob"/> at once: the first gives way at its commit to the second,
    /// which took the row over and waits at its own commit for <paramref name="secondMayCommit"/>.
    /// Returns the first's answer and the second delivery.
    /// </summary>
    private static async Task<(IngestionReport GaveWay, SecondDelivery Second)> GiveWayWhileTheOtherWorksAsync(TestStorage storage, BlobClient blob, Task secondMayCommit)
    {
        var firstFinishing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondClaimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool IsRowWrite(HttpMessage m) => m.Request.Method == RequestMethod.Put && m.Request.Uri.Path.Contains("/" + storage.Layout.Ingestions + "(", StringComparison.Ordinal);
        // The first: inserts its row (POST), then waits at its commit (its first PUT) for the second's claim.
        var first = storage.Ingest(Tables(storage, new Faults.OutageAt(1, IsRowWrite, async () =>
        {
            firstFinishing.SetResult();
            await secondClaimed.Task;
        })));
        // The second: takes the row over (its first PUT), then waits at its commit.
        var atCommit = new Faults.OutageAt(2, IsRowWrite, () => secondMayCommit);
        var second = storage.Ingest(Tables(
            storage,
            new Faults.OutageAt(1, IsRowWrite, () => Task.CompletedTask, after: () => { secondClaimed.TrySetResult(); return Task.CompletedTask; }),
            atCommit));

        var firstRun = first.RunAsync(blob);
        await firstFinishing.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var secondRun = second.RunAsync(blob);
        return (await firstRun.WaitAsync(TimeSpan.FromSeconds(30)), new SecondDelivery(secondRun, atCommit));
    }

    /// <summary>The second delivery of <see cref="GiveWayWhileTheOtherWorksAsync"/>: its run, and the fault holding it at its commit.</summary>
    private sealed record SecondDelivery(Task<IngestionReport> Run, Faults.OutageAt AtCommit)
    {
        /// <summary>
        /// Its answer once it may commit. It takes a second alone; the wait is long because a full
        /// <c>./test.sh</c> loads the 2 cores and Azurite with the unit tests, and once it passed 30 s:
        /// the failure then says which step it had reached.
        /// </summary>
        public async Task<IngestionReport> FinishedAsync()
        {
            var limit = TimeSpan.FromSeconds(90);
            if (await Task.WhenAny(Run, Task.Delay(limit)) != Run)
            {
                Assert.Fail($"The second delivery had not finished after {limit.TotalSeconds} s: "
                    + (AtCommit.Struck ? "it was released at its commit, and its commit or its report had not come back." : "it never reached its commit (its read, claim or archive had not come back)."));
            }

            return await Run;
        }
    }

    /// <summary>A table client over the test's storage running <paramref name="policies"/>, without retries.</summary>
    private static TableServiceClient Tables(TestStorage storage, params HttpPipelinePolicy[] policies)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        return new TableServiceClient(storage.ConnectionString, options);
    }

    /// <summary>
    /// At our first upload of a blob (a Put Blob), another sender's upload runs and lands first; ours
    /// is then sent as the commit of a block the storage never received, which it refuses as it
    /// refuses a commit whose blocks another commit voided (400 InvalidBlockList).
    /// </summary>
    private sealed class CommitVoidedBy(Func<Task> otherUpload) : HttpPipelinePolicy
    {
        private int _seen;

        public bool Refused { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method != RequestMethod.Put || message.Request.Uri.Query.Contains("comp=", StringComparison.Ordinal) || Interlocked.Increment(ref _seen) != 1)
            {
                await ProcessNextAsync(message, pipeline);
                return;
            }

            await otherUpload();
            message.Request.Uri.AppendQuery("comp", "blocklist");
            message.Request.Headers.Remove("x-ms-blob-type");
            message.Request.Headers.Remove("Content-MD5");
            message.Request.Headers.Remove("Content-Length");
            message.Request.Content = RequestContent.Create(System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>bm9uZS0wMDAwMDE=</Latest></BlockList>"));
            await ProcessNextAsync(message, pipeline);
            Refused = message.Response.Status == 400;
        }
    }

    /// <summary>An ingest job whose blob client runs <paramref name="policy"/>, and the upload <paramref name="name"/> as that client sees it.</summary>
    private static (IngestFile Job, BlobClient Blob) JobWith(TestStorage storage, HttpPipelinePolicy policy, string name)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        var blobs = new BlobServiceClient(storage.ConnectionString, options);
        var job = TestJobs.Wire(blobs, storage.Tables, storage.Layout, storage.Time).GetRequiredService<IngestFile>();
        return (job, blobs.GetBlobContainerClient(storage.Layout.Uploads).GetBlobClient(name));
    }

    private static async Task<IngestionRow> Row(TestStorage storage, string agency, string ingestId) =>
        (await storage.Tables.GetTableClient(storage.Layout.Ingestions).GetEntityAsync<IngestionRow>(agency, ingestId)).Value;

    private static async Task<List<string>> VisibleAsync(TestStorage storage)
    {
        var committed = storage.Committed();
        var observations = await committed.ReadAsync(IndicatorCatalogue.Default.Indicators.Select(i => i.Id), await committed.IngestionsAsync());
        return observations.Select(o => $"{o.Observation.Key}={o.Observation.Value}@{o.IngestId}").ToList();
    }

    private static async Task<int> RawObservationCountAsync(TestStorage storage, string ingestId)
    {
        var n = 0;
        await foreach (var _ in storage.Tables.GetTableClient(storage.Layout.Observations).QueryAsync<ObservationRow>(TableClient.CreateQueryFilter($"IngestId eq {ingestId}")))
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// Runs <paramref name="action"/> at the first download (GET) of the upload <paramref name="name"/>:
    /// before it is sent, or once its response came, before its body is read.
    /// </summary>
    private sealed class OnFirstDownload(string name, bool onceTheDownloadAnswered, Func<Task> action) : HttpPipelinePolicy
    {
        private int _seen;

        public bool Struck { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method != RequestMethod.Get || !message.Request.Uri.Path.EndsWith("/" + name, StringComparison.Ordinal) || Interlocked.Increment(ref _seen) != 1)
            {
                await ProcessNextAsync(message, pipeline);
                return;
            }

            if (!onceTheDownloadAnswered)
            {
                await action();
            }

            await ProcessNextAsync(message, pipeline);
            if (onceTheDownloadAnswered)
            {
                await action();
            }

            Struck = true;
        }
    }

    /// <summary>
    /// A transport fault: lets <c>n</c> batch transactions through and, once they have been written,
    /// fails every other one, as a process dying mid-file would. Waiting for the allowed ones to land
    /// makes "part of the file was written" certain despite the job's parallel batches.
    /// </summary>
    private sealed class FailBatchesAfter(int n) : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _allowedWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;
        private int _written;

        public int Passed => Volatile.Read(ref _written);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                await ProcessNextAsync(message, pipeline);
                return;
            }

            if (Interlocked.Increment(ref _seen) > n)
            {
                await _allowedWritten.Task;
                throw new IOException("Injected fault: the process dies while writing observations.");
            }

            await ProcessNextAsync(message, pipeline);
            if (Interlocked.Increment(ref _written) == n)
            {
                _allowedWritten.TrySetResult();
            }
        }
    }
}
