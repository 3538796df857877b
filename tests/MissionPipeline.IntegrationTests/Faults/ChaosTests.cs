using Azure.Core;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.IntegrationTests.Journeys;
using MissionPipeline.Observations;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// Issue 12's chaos suite, beyond the chosen moments of the other fault tests: the storage stopped
/// and restarted at each storage request of an ingest and of a recompute, in turn; <c>kill -9</c>
/// of <c>mission recompute</c> while it publishes; ten conflicting files for one cell delivered at
/// once, each twice. Whatever happens, a file is committed once or not visible, readers see one
/// whole snapshot (the old or the new), and the retry completes the work.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChaosTests(AzuriteFixture azurite)
{
    private static readonly ObservationKey Cell = new(new IndicatorId("cai_bilans_competences"), Periods.Period.OfMonth(2009, 3), Geography.Territory.France);

    [Fact]
    public async Task Deliveries_TenConflictingFilesForOneCellEachDeliveredTwiceAtOnce_EachCommittedOnceAndTheLastUploadWins()
    {
        var storage = new TestStorage(azurite);
        var blobs = new List<Azure.Storage.Blobs.BlobClient>();
        for (var i = 0; i < 10; i++)
        {
            // Uploaded one after the other: upload order is i.
            blobs.Add(await LaterUploadWinsTests.UploadAsync(storage, $"mars-rectificatif-{i}.csv", 5000 + i));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveries = blobs.Concat(blobs).Select(blob => Task.Run(async () =>
        {
            var job = storage.Ingest(storage.NewTables());
            await start.Task;
            return await job.RunAsync(blob);
        })).ToArray();
        start.SetResult();
        var reports = await Task.WhenAll(deliveries);

        Assert.Equal(10, reports.Count(r => r.Status == ReportStatus.Committed));
        Assert.Equal(10, reports.Count(r => r.Status == ReportStatus.Duplicate));
        Assert.Equal(10, reports.Where(r => r.Status == ReportStatus.Committed).Select(r => r.IngestId).Distinct().Count());
        var history = await storage.Committed().HistoryAsync(Cell);
        Assert.Equal(Enumerable.Range(5000, 10).Select(v => (double)v), history.Select(h => h.Observation.Value!.Value));
        var dashboard = (await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31))).Dashboard;
        Assert.Equal(5009, dashboard.Indicators.Single(i => i.Id == Cell.Indicator).Actual);
    }

    [Fact]
    public async Task Ingest_StorageStoppedAtEachRequestInTurnThenRestarted_TheRetryCommitsOnceAndNothingShowsBefore()
    {
        await using var storage = await OutageEmulator.StartAsync();
        var steps = new RequestLog();
        var rehearsal = await storage.UploadAsync("ofii", "repetition.csv", Files.RetoursAidesByDepartement(months: 1, valueSeed: 1));
        await storage.Ingest(storage.Tables(steps), storage.Blobs(steps)).RunAsync(rehearsal);
        Assert.InRange(steps.Count, 8, 60);

        for (var step = 1; step <= steps.Count; step++)
        {
            var bytes = Files.RetoursAidesByDepartement(months: 1, valueSeed: 100 + step);
            var ingestId = StorageOutageTests.IngestIdOf(bytes);
            var blob = await storage.UploadAsync("ofii", $"pas-{step}.csv", bytes);
            var outage = new OutageAt(step, _ => true, storage.StopAsync);
            var what = $"storage stopped at request {step} of {steps.Count} ({steps[step - 1]})";

            try
            {
                await storage.Ingest(storage.Tables(outage), storage.Blobs(outage)).RunAsync(blob);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // The job may fail: what matters is what it left.
            }

            Assert.True(outage.Struck, what);
            await storage.RestartAsync();
            var left = await VisibleOfAsync(storage, ingestId);
            var rows = await storage.Ingestions().IngestionsOfAsync(new AgencyId("ofii"));
            var committedBefore = rows.Any(r => r.RowKey == ingestId && r.Status == IngestionRow.Committed);
            Assert.True(left == (committedBefore ? 100 : 0), $"{what}: {left} observations of the file visible, committed: {committedBefore}");

            var retry = await storage.Ingest().RunAsync(blob);

            Assert.True(retry.Status is ReportStatus.Committed or ReportStatus.Duplicate, $"{what}: retry said {retry.Status}");
            Assert.Equal(100, await VisibleOfAsync(storage, ingestId));
            var finished = Assert.Single(await storage.Ingestions().IngestionsOfAsync(new AgencyId("ofii")), r => r.RowKey == ingestId);
            Assert.Equal(IngestionRow.Committed, finished.Status);
            var report = IngestionReportJson.Read((await storage.Blobs().GetBlobContainerClient(storage.Layout.Reports).GetBlobClient(finished.ReportBlob).DownloadContentAsync()).Value.Content.ToMemory().Span);
            Assert.Equal((ReportStatus.Committed, 100), (report.Status, report.Observations));
        }
    }

    [Fact]
    public async Task Recompute_StorageStoppedAtEachRequestInTurnThenRestarted_ReadersSeeOneWholeSnapshotAndTheRetryPublishesIt()
    {
        await using var storage = await OutageEmulator.StartAsync();
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", Files.Example("ofii-2009-03.csv")));
        var steps = new RequestLog();
        await storage.Recompute(storage.Blobs(steps)).RunAsync(new DateOnly(2009, 3, 31));
        Assert.InRange(steps.Count, 5, 80);

        var asOf = new DateOnly(2009, 3, 31);
        var struck = 0;
        for (var step = 1; step <= steps.Count; step++)
        {
            // Each round publishes a new snapshot date over the previous one.
            var previous = await RecomputeOutageTests.FolderAsync(storage, StorageLayout.LatestFolder);
            asOf = asOf.AddDays(1);
            var outage = new OutageAt(step, _ => true, storage.StopAsync);
            var what = $"storage stopped at request {step} of {steps.Count} ({steps[step - 1]})";
            try
            {
                await storage.Recompute(storage.Blobs(outage)).RunAsync(asOf);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
            }

            struck += outage.Struck ? 1 : 0;
            await storage.RestartAsync();
            var seen = await RecomputeOutageTests.LatestAsReadAsync(storage);

            var retry = await storage.Recompute().RunAsync(asOf);

            var fresh = RecomputeOutageTests.Expected(retry, asOf);
            var old = RecomputeOutageTests.Describe(RecomputeOutageTests.Without(previous));
            var now = RecomputeOutageTests.Describe(RecomputeOutageTests.Without(fresh));
            var seenText = RecomputeOutageTests.Describe(seen);
            Assert.True(seenText == old || seenText == now, $"{what}: readers saw files of two snapshots: {seenText}");
            Assert.Equal(RecomputeOutageTests.Describe(fresh), RecomputeOutageTests.Describe(await RecomputeOutageTests.FolderAsync(storage, StorageLayout.LatestFolder)));
        }

        // A later recompute may send fewer requests than the first (segments already read): most steps must still strike.
        Assert.True(struck * 2 > steps.Count, $"the storage went away in only {struck} of {steps.Count} rounds");
    }

    /// <summary><c>kill -9</c> of <c>mission recompute</c> at moments spread over its run, publication included.</summary>
    [Theory]
    [InlineData(500)]
    [InlineData(900)]
    [InlineData(1_300)]
    [InlineData(1_700)]
    [InlineData(2_200)]
    public async Task Recompute_KilledAfter_ReadersSeeOneWholeSnapshotAndTheSameCommandAgainPublishesIt(int milliseconds)
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "mars.csv", Files.Example("ofii-2009-03.csv")));
        await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
        var previous = await RecomputeOutageTests.FolderAsync(storage.Blobs, storage.Layout, StorageLayout.LatestFolder);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "avril.csv", Files.RetoursAidesByDepartement(months: 4)));
        var env = new Dictionary<string, string> { ["MISSION_STORAGE"] = azurite.ConnectionString, ["MISSION_LAYOUT_SUFFIX"] = storage.Layout.Uploads["uploads".Length..] };
        string[] recompute = ["recompute", "--as-of", "2009-04-30", "--json"];

        await KillDuringIngestTests.KillAfterAsync(recompute, env, TimeSpan.FromMilliseconds(milliseconds));
        var seen = await RecomputeOutageTests.LatestAsReadAsync(storage.Blobs, storage.Layout);
        var again = await MissionProcess.RunAsync(recompute, env);

        Assert.True(again.Exit == ExitCodes.Ok, again.Error);
        var latest = await RecomputeOutageTests.FolderAsync(storage.Blobs, storage.Layout, StorageLayout.LatestFolder);
        var dated = await RecomputeOutageTests.FolderAsync(storage.Blobs, storage.Layout, StorageLayout.SnapshotFolder(new DateOnly(2009, 4, 30)));
        Assert.Equal(RecomputeOutageTests.Describe(RecomputeOutageTests.Without(latest)), RecomputeOutageTests.Describe(dated));
        var seenText = RecomputeOutageTests.Describe(seen);
        Assert.True(
            seenText == RecomputeOutageTests.Describe(RecomputeOutageTests.Without(previous)) || seenText == RecomputeOutageTests.Describe(dated),
            $"killed after {milliseconds} ms, readers saw files of two snapshots: {seenText}");
    }

    private static async Task<int> VisibleOfAsync(OutageEmulator storage, string ingestId)
    {
        var committed = storage.Ingestions();
        var observations = await committed.ReadAsync(IndicatorCatalogue.Default.Indicators.Select(i => i.Id), await committed.IngestionsAsync());
        return observations.Count(o => o.IngestId == ingestId);
    }

    /// <summary>Records each storage request (method and path) a job sends, in order.</summary>
    private sealed class RequestLog : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private readonly List<string> _requests = [];

        public int Count => _requests.Count;

        public string this[int index] => _requests[index];

        public override void Process(HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Record(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Record(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Record(HttpMessage message)
        {
            lock (_requests)
            {
                _requests.Add($"{message.Request.Method} {message.Request.Uri.Path}");
            }
        }
    }
}
