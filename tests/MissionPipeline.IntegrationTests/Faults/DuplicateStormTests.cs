using Azure.Data.Tables;
using MissionPipeline.Catalogue;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>Issue 7: the same blob event delivered ten times at once gives one ingestion.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DuplicateStormTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunAsync_SameBlobEventTenTimesConcurrently_OneCommittedNineDuplicatesObservationsOnce()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.RetoursAidesByDepartement(months: 2);
        var blob = await storage.UploadAsync("ofii", "fevrier.csv", bytes);
        var ingestId = StorageOutageTests.IngestIdOf(bytes);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Ten deliveries, each with its own job and clients (as ten host instances), released together.
        var deliveries = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            var job = storage.Ingest(storage.NewTables());
            await start.Task;
            return await job.RunAsync(blob);
        })).ToArray();
        start.SetResult();
        var reports = await Task.WhenAll(deliveries);

        Assert.Single(reports, r => r.Status == ReportStatus.Committed);
        Assert.Equal(9, reports.Count(r => r.Status == ReportStatus.Duplicate));
        Assert.All(reports, r => Assert.Equal(ingestId, r.IngestId));
        var row = Assert.Single(await storage.Committed().IngestionsOfAsync(new AgencyId("ofii")));
        Assert.Equal(IngestionRow.Committed, row.Status);
        Assert.Equal(ingestId, row.RowKey);
        var committed = storage.Committed();
        var visible = await committed.ReadAsync(IndicatorCatalogue.Default.Indicators.Select(i => i.Id), await committed.IngestionsAsync());
        Assert.Equal(200, visible.Count);
        Assert.Equal(200, visible.Select(o => o.Observation.Key).Distinct().Count());
        var recomputed = await storage.Recompute().RunAsync(new DateOnly(2009, 12, 31));
        Assert.Equal(new SegmentReads(Cached: 0, Downloaded: 1, FromTable: 0), recomputed.Reads); // one file, read once, from its segment
        var raw = 0;
        await foreach (var _ in storage.Tables.GetTableClient(storage.Layout.Observations).QueryAsync<ObservationRow>(TableClient.CreateQueryFilter($"IngestId eq {ingestId}")))
        {
            raw++;
        }

        Assert.Equal(200, raw);
        // One archive copy, one report.
        var archived = new List<string>();
        await foreach (var item in storage.Blobs.GetBlobContainerClient(storage.Layout.Archive).GetBlobsAsync())
        {
            archived.Add(item.Name);
        }

        Assert.Single(archived);
    }
}
