using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Catalogue;
using MissionPipeline.Observations;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Storage;

/// <summary>
/// The recompute reads each committed file's segment blob, once per process, and falls back on the
/// table for a file without one: whatever the path, the published bytes are the same.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ObservationSegmentsTests(AzuriteFixture azurite)
{
    private static readonly DateOnly April = new(2009, 4, 30);

    [Fact]
    public async Task Ingest_AcceptedFile_WritesItsObservationsAsASegment()
    {
        var storage = new TestStorage(azurite);

        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));

        var blob = storage.Blobs.GetBlobContainerClient(storage.Layout.Segments).GetBlobClient(StorageLayout.SegmentBlob(new AgencyId("ofii"), report.IngestId));
        var segment = ObservationSegment.Read((await blob.DownloadStreamingAsync()).Value.Content);
        var rows = storage.Tables.GetTableClient(storage.Layout.Observations).QueryAsync<ObservationRow>(r => r.IngestId == report.IngestId);
        var fromTable = new List<Observation>();
        await foreach (var row in rows)
        {
            fromTable.Add(row.ToSourced().Observation);
        }

        Assert.Equal(report.Observations, segment.Observations.Count);
        Assert.Equal(fromTable.OrderBy(o => o.Row), segment.Observations.OrderBy(o => o.Row));
    }

    [Fact]
    public async Task Ingest_RejectedFile_WritesNoSegment()
    {
        var storage = new TestStorage(azurite);

        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("afnor", "label.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            entreprises_label_diversite;2009-03;FR;-4
            """)));

        Assert.Equal(Reports.ReportStatus.Rejected, report.Status);
        Assert.False(await storage.Blobs.GetBlobContainerClient(storage.Layout.Segments).GetBlobClient(StorageLayout.SegmentBlob(new AgencyId("afnor"), report.IngestId)).ExistsAsync());
    }

    [Fact]
    public async Task RunAsync_AfterOneNewFile_ReadsOnlyThatFilesSegmentAndPublishesWhatAColdRunPublishes()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofpra", "ofpra-activite-2009-03.csv", Files.Example("ofpra-activite-2009-03.csv")));
        var recompute = storage.Recompute();
        var cold = await recompute.RunAsync(April);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-04.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-04;FR;5100
            """)));

        var warm = await recompute.RunAsync(April, republish: true);
        var fresh = await storage.Recompute().RunAsync(April, republish: true);

        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 2, FromTable: 0), cold.Reads);
        Assert.Equal(new SegmentReads(Cached: 2, Downloaded: 1, FromTable: 0), warm.Reads);
        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 3, FromTable: 0), fresh.Reads);
        Assert.Equal(9970, warm.Dashboard.Indicators.Single(i => i.Id.Value == "cai_bilans_competences").Actual);
        Assert.All(warm.Files.Zip(fresh.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
    }

    [Fact]
    public async Task RunAsync_ObservationsOverTheMemoryLimit_StopsInFrenchAndPublishesNothing()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var tight = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, recompute: new RecomputeOptions { MemoryLimitBytes = 1_000 });

        var refused = await Assert.ThrowsAsync<RecomputeTooLargeException>(() => tight.GetRequiredService<Recompute>().RunAsync(April));
        var published = await tight.GetRequiredService<Snapshots>().GetAsync(null, MissionPipeline.Publishing.SnapshotFiles.Json);

        Assert.Contains("ne tient pas dans la mémoire permise\u202F: 1 fichier validé", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Rien n'a été calculé ni publié", refused.Message, StringComparison.Ordinal);
        Assert.Contains(RecomputeOptions.MemoryLimitSetting, refused.Message, StringComparison.Ordinal);
        Assert.Null(published);
        Assert.Equal(PublishOutcome.Published, (await storage.Recompute().RunAsync(April)).Outcome);
    }

    [Theory]
    [InlineData(4, 1, 0)]
    [InlineData(1.5, 0, 1)]
    public async Task RunAsync_ObservationsOverHalfTheLimit_AreLetGoAndReadAgainNextTime(double limitOverHeld, int cachedNextTime, int downloadedNextTime)
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var held = (await storage.Recompute().RunAsync(April)).ObservationBytes;
        var recompute = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, recompute: new RecomputeOptions { MemoryLimitBytes = (long)(held * limitOverHeld) })
            .GetRequiredService<Recompute>();

        var first = await recompute.RunAsync(April, republish: true);
        var next = await recompute.RunAsync(April, republish: true);

        Assert.True(held > 0);
        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 1, FromTable: 0), first.Reads);
        Assert.Equal(new SegmentReads(Cached: cachedNextTime, Downloaded: downloadedNextTime, FromTable: 0), next.Reads);
        Assert.Equal(first.Json, next.Json);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    [InlineData("foreign")]
    public async Task RunAsync_SegmentMissingOrUnreadable_ReadsTheTableAndRewritesTheSegment(string damage)
    {
        var storage = new TestStorage(azurite);
        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var expected = await storage.Recompute().RunAsync(April);
        var blob = storage.Blobs.GetBlobContainerClient(storage.Layout.Segments).GetBlobClient(StorageLayout.SegmentBlob(new AgencyId("ofii"), report.IngestId));
        var original = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        switch (damage)
        {
            case "missing":
                await blob.DeleteAsync();
                break;
            case "corrupt":
                await blob.UploadAsync(BinaryData.FromBytes(original[..(original.Length / 2)]), overwrite: true);
                break;
            default:
                await blob.UploadAsync(BinaryData.FromBytes(ObservationSegment.Write(new AgencyId("ofii"), new string('0', 32), [])), overwrite: true);
                break;
        }

        var recovered = await storage.Recompute().RunAsync(April, republish: true);
        var next = await storage.Recompute().RunAsync(April, republish: true);

        Assert.Equal(new SegmentReads(0, 0, 1), recovered.Reads);
        Assert.Equal(new SegmentReads(0, 1, 0), next.Reads);
        Assert.Equal(PublishOutcome.Unchanged, recovered.Outcome);
        Assert.All(expected.Files.Zip(recovered.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
        Assert.Equal(
            ObservationSegment.Read(new MemoryStream(original)).Observations.OrderBy(o => o.Row),
            ObservationSegment.Read(new MemoryStream((await blob.DownloadContentAsync()).Value.Content.ToArray())).Observations.OrderBy(o => o.Row));
    }

    [Fact]
    public async Task RunAsync_SegmentOfAFileNotCommitted_IsInvisible()
    {
        var storage = new TestStorage(azurite);
        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var ingestions = storage.Tables.GetTableClient(storage.Layout.Ingestions);
        var row = (await ingestions.GetEntityAsync<IngestionRow>("ofii", report.IngestId)).Value;
        row.Status = IngestionRow.Received; // as after a crash between the segment and the commit
        await ingestions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var result = await storage.Recompute().RunAsync(April);

        Assert.Equal(default, result.Reads);
        Assert.Null(result.Dashboard.Indicators.Single(i => i.Id.Value == "cai_bilans_competences").Actual);
    }

    [Fact]
    public async Task RunAsync_NewProcessAfterACheckpoint_ReadsOneBlobForEveryFileAndPublishesTheSameBytes()
    {
        var storage = new TestStorage(azurite);
        await IngestThreeAsync(storage);
        var first = await Checkpointing(storage).RunAsync(April);

        var next = await Checkpointing(storage).RunAsync(April, republish: true);

        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 3, FromTable: 0), first.Reads);
        Assert.True(await Checkpoint(storage).ExistsAsync());
        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 0, FromTable: 0, FromCheckpoint: 3), next.Reads);
        Assert.Equal(PublishOutcome.Unchanged, next.Outcome);
        Assert.All(first.Files.Zip(next.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
    }

    [Fact]
    public async Task RunAsync_CheckpointBehindTheTable_TakesOnlyFilesCommittedNowAndReadsTheNewOnes()
    {
        var storage = new TestStorage(azurite);
        var reports = await IngestThreeAsync(storage);
        // The checkpoint holds every committed file whatever the date; a snapshot of January counts none
        // of them, so the file put back below is none that a published snapshot counted (a recompute
        // refuses to publish without those: RecomputeTests, CliJourneyTests).
        await Checkpointing(storage).RunAsync(new DateOnly(2009, 1, 31));
        // Since the checkpoint: one file is no longer committed (a row put back by hand), one is new.
        var ingestions = storage.Tables.GetTableClient(storage.Layout.Ingestions);
        var row = (await ingestions.GetEntityAsync<IngestionRow>("ofii", reports[0].IngestId)).Value;
        row.Status = IngestionRow.Received;
        await ingestions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-04.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-04;FR;5100
            """)));

        var fromCheckpoint = await Checkpointing(storage).RunAsync(April, republish: true);
        var fromSegments = await storage.Recompute().RunAsync(April, republish: true);

        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 1, FromTable: 0, FromCheckpoint: 2), fromCheckpoint.Reads);
        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 3, FromTable: 0), fromSegments.Reads);
        Assert.Equal(PublishOutcome.Unchanged, fromSegments.Outcome);
        Assert.All(fromCheckpoint.Files.Zip(fromSegments.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("foreign")]
    public async Task RunAsync_CheckpointDamaged_IsIgnoredWholeAndWrittenAgain(string damage)
    {
        var storage = new TestStorage(azurite);
        await IngestThreeAsync(storage);
        var expected = await Checkpointing(storage).RunAsync(April);
        var blob = Checkpoint(storage);
        var original = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var damaged = damage == "cut" ? original[..(original.Length * 2 / 3)] : ObservationSegment.Write(new AgencyId("ofii"), "x", []);
        await blob.UploadAsync(BinaryData.FromBytes(damaged), overwrite: true);

        var recovered = await Checkpointing(storage).RunAsync(April, republish: true);
        var next = await Checkpointing(storage).RunAsync(April, republish: true);

        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 3, FromTable: 0), recovered.Reads);
        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 0, FromTable: 0, FromCheckpoint: 3), next.Reads);
        Assert.All(expected.Files.Zip(recovered.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
        Assert.All(expected.Files.Zip(next.Files), x => Assert.Equal(x.First.Content, x.Second.Content));
    }

    [Fact]
    public async Task RunAsync_CheckpointCannotBeWritten_PublishesAnywayAndKeepsTheOldOne()
    {
        var storage = new TestStorage(azurite);
        await IngestThreeAsync(storage);
        await Checkpointing(storage).RunAsync(April);
        var blob = Checkpoint(storage);
        var before = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        // Someone holds a lease on the blob: every write without its id is refused (HTTP 412).
        var lease = blob.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(60));
        try
        {
            await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-04.csv", Files.F0("""
                indicateur;periode;territoire;valeur
                cai_bilans_competences;2009-04;FR;5100
                """)));
            await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-04-b.csv", Files.F0("""
                indicateur;periode;territoire;valeur
                retours_aides;2009-04;FR;330
                """)));

            var result = await Checkpointing(storage).RunAsync(April, republish: true);

            Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 2, FromTable: 0, FromCheckpoint: 3), result.Reads);
            Assert.Equal(PublishOutcome.Republished, result.Outcome);
            Assert.Equal(9970, result.Dashboard.Indicators.Single(i => i.Id.Value == "cai_bilans_competences").Actual);
            Assert.Equal(before, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }

    [Fact]
    public async Task RunAsync_CheckpointOverTheMemoryLimit_StopsInFrenchAndPublishesNothing()
    {
        var storage = new TestStorage(azurite);
        await IngestThreeAsync(storage);
        var held = (await Checkpointing(storage).RunAsync(April)).ObservationBytes;
        var tight = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, recompute: new RecomputeOptions { CheckpointFiles = 2, MemoryLimitBytes = held / 2 });

        var refused = await Assert.ThrowsAsync<RecomputeTooLargeException>(() => tight.GetRequiredService<Recompute>().RunAsync(April, republish: true));

        Assert.Contains("ne tient pas dans la mémoire permise", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Rien n'a été calculé ni publié", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<IngestionReport[]> IngestThreeAsync(TestStorage storage) =>
    [
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"))),
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofpra", "ofpra-activite-2009-03.csv", Files.Example("ofpra-activite-2009-03.csv"))),
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-02.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            retours_aides;2009-02;FR;310
            """))),
    ];

    /// <summary>A recompute of a new process that reads and writes the checkpoint from 2 files on (64 by default).</summary>
    private static Recompute Checkpointing(TestStorage storage) =>
        TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, recompute: new RecomputeOptions { CheckpointFiles = 2 }).GetRequiredService<Recompute>();

    private static Azure.Storage.Blobs.BlobClient Checkpoint(TestStorage storage) =>
        storage.Blobs.GetBlobContainerClient(storage.Layout.Segments).GetBlobClient(StorageLayout.CheckpointBlob);
}
