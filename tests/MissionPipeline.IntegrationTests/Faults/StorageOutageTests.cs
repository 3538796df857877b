using System.CommandLine;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// Issue 7, fault injection: the storage (a persistent Azurite, stopped with its data kept) goes away
/// in the middle of a file's observation batches and comes back. Every file ends committed once or
/// marked failed and replayable; nothing is visible before the commit; nothing is visible twice.
/// In the Azurite collection because <c>mission replay</c> reads the process-wide layout variable
/// that <see cref="Cli.MissionCommandTests"/> sets.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Ingest_StorageStopsMidFileThenComesBack_NothingVisibleThenTheRetryCommitsOnce()
    {
        await using var storage = await OutageEmulator.StartAsync();
        var bytes = Files.RetoursAidesByDepartement(months: 3);
        var blob = await storage.UploadAsync("ofii", "retours-t1.csv", bytes);
        var ingestId = IngestIdOf(bytes);
        var outage = new OutageAt(2, OutageAt.IsBatch, storage.StopAsync);

        await Assert.ThrowsAnyAsync<Exception>(() => storage.Ingest(storage.Tables(outage)).RunAsync(blob));
        Assert.True(outage.Struck, "the storage must go away during the observation batches");
        await storage.RestartAsync();

        // While the file is unfinished: its row is not committed and none of its rows count.
        Assert.NotEqual(IngestionRow.Committed, (await RowAsync(storage, "ofii", ingestId)).Status);
        Assert.InRange(await RawCountAsync(storage, ingestId), 0, 299);
        Assert.Empty(await VisibleAsync(storage));

        var retry = await storage.Ingest().RunAsync(blob);

        Assert.Equal(ReportStatus.Committed, retry.Status);
        Assert.Equal(ingestId, retry.IngestId);
        var visible = await VisibleAsync(storage);
        Assert.Equal(300, visible.Count);
        Assert.Equal(visible.Count, visible.Distinct().Count());
        Assert.Equal(300, await RawCountAsync(storage, ingestId));
        var row = await RowAsync(storage, "ofii", ingestId);
        Assert.Equal(IngestionRow.Committed, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal(IngestionRow.Committed, Assert.Single(await storage.Ingestions().IngestionsOfAsync(new AgencyId("ofii"))).Status);
    }

    [Fact]
    public async Task Replay_StorageAwayAndBackDuringTheBatches_FailedRowIsReplayedFromTheArchiveOnce()
    {
        await using var storage = await OutageEmulator.StartAsync();
        var bytes = Files.RetoursAidesByDepartement(months: 3, valueSeed: 11);
        var blob = await storage.UploadAsync("ofii", "retours-t1.csv", bytes);
        var ingestId = IngestIdOf(bytes);
        // Away during one batch, back before the job records its failure.
        var outage = new OutageAt(2, OutageAt.IsBatch, storage.StopAsync, after: storage.RestartAsync);

        await Assert.ThrowsAnyAsync<Exception>(() => storage.Ingest(storage.Tables(outage)).RunAsync(blob));

        var failed = await RowAsync(storage, "ofii", ingestId);
        Assert.Equal(IngestionRow.Failed, failed.Status);
        Assert.False(string.IsNullOrEmpty(failed.Failure));
        Assert.Empty(await VisibleAsync(storage));
        // The upload is gone: the replay can only use the archived bytes.
        await blob.DeleteAsync();

        var (exit, output, error) = await MissionAsync("replay", ingestId, "--agency", "ofii", "--json", "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Ok, $"mission replay exited {exit}: {error}");
        Assert.Contains("\"committed\"", output, StringComparison.Ordinal);
        Assert.Equal(IngestionRow.Committed, (await RowAsync(storage, "ofii", ingestId)).Status);
        Assert.Equal(300, (await VisibleAsync(storage)).Count);
        Assert.Equal(300, await RawCountAsync(storage, ingestId));

        var (again, againOutput, _) = await MissionAsync("replay", ingestId, "--agency", "ofii", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Ok, again);
        Assert.Contains("déjà reçu", againOutput, StringComparison.Ordinal);
        Assert.Equal(300, (await VisibleAsync(storage)).Count);
        Assert.Equal(300, await RawCountAsync(storage, ingestId));
    }

    [Fact]
    public async Task Replay_UnknownIngestion_ExitsTwo()
    {
        await using var storage = await OutageEmulator.StartAsync();

        var (exit, _, error) = await MissionAsync("replay", new string('0', 32), "--agency", "ofii", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(new string('0', 32), error, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>mission serve</c> while its storage is away for several of the watcher's passes: one line
    /// says so (the passes after it say nothing more), one says when it is back (each pass logged the SDK's whole exception, some 13 KB, at
    /// Warning), and the server went on answering.
    /// </summary>
    [Fact]
    public async Task Serve_StorageAwayForSeveralPasses_OneLineSaysSoAndOneWhenItIsBack()
    {
        await using var storage = await OutageEmulator.StartAsync();
        await using var serve = new ServeProcess(storage.ConnectionString, layoutSuffix: string.Empty);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.Port}/") };
        await Eventually.HoldsAsync(async () => { try { return (await http.GetAsync("api/health")).IsSuccessStatusCode; } catch (HttpRequestException) { return false; } }, "serve answers");

        // Counted before the stop: the emulator closes its ports as soon as it is signalled and may take
        // seconds more to exit, so the watcher can meet the outage, and say so, before StopAsync returns
        // (counted after it, that line was skipped and the test waited 60 s for another that never comes).
        var stoppedAt = serve.Lines.Count;
        await storage.StopAsync();
        // The first pass that meets the outage says so once the client's retries are spent (some
        // 6 s, longer on a loaded machine: a fixed 7 s window once saw nothing); then two more passes.
        await Eventually.HoldsAsync(() => Task.FromResult(serve.Lines.Skip(stoppedAt).Any(l => l.Contains("Watching uploads: the storage does not answer", StringComparison.Ordinal))), "a line saying the storage is away");
        await Task.Delay(TimeSpan.FromSeconds(5)); // two more passes of the watcher, every 2 s
        var during = serve.Lines.Skip(stoppedAt).ToList();
        await storage.RestartAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(serve.Lines.Any(l => l.Contains("the storage answers again", StringComparison.Ordinal))), "a line saying the storage is back");

        Assert.True(during.Count(l => l.Contains("Watching uploads: the storage does not answer", StringComparison.Ordinal)) == 1, "One line saying the storage is away over several passes, among what serve logged:\n" + string.Join('\n', serve.Lines));
        Assert.DoesNotContain(during, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.True(during.Sum(l => l.Length) < 2_000, $"{during.Sum(l => l.Length)} characters logged in three passes:\n{string.Join('\n', during)}");
        Assert.False(serve.HasExited);
    }

    internal static string IngestIdOf(byte[] bytes) => IngestionReport.IngestIdOf(Convert.ToHexStringLower(SHA256.HashData(bytes)));

    /// <summary>A <c>mission</c> command in this process, on the storage's own containers (no suffix, whatever the environment says).</summary>
    internal static async Task<(int Exit, string Output, string Error)> MissionAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MissionCommand.InvokeAsync([.. args, "--layout-suffix", string.Empty], new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<IngestionRow> RowAsync(OutageEmulator storage, string agency, string ingestId) =>
        (await storage.Tables().GetTableClient(storage.Layout.Ingestions).GetEntityAsync<IngestionRow>(agency, ingestId)).Value;

    private static async Task<List<string>> VisibleAsync(OutageEmulator storage)
    {
        // What the table shows and what the recompute reads (the committed files' segments) must agree.
        var committed = storage.Ingestions();
        var ingestions = await committed.IngestionsAsync();
        var observations = await committed.ReadAsync(IndicatorCatalogue.Default.Indicators.Select(i => i.Id), ingestions);
        var table = observations.Select(o => $"{o.Observation.Key}={o.Observation.Value}@{o.IngestId}").ToList();
        var segments = storage.Jobs().GetRequiredService<ObservationSegments>();
        var (read, _) = await segments.ReadAsync(ingestions, IndicatorCatalogue.Default.Indicators.Select(i => i.Id).ToHashSet());
        Assert.Equal(table.Order(StringComparer.Ordinal), read.Select(o => $"{o.Observation.Key}={o.Observation.Value}@{o.IngestId}").Order(StringComparer.Ordinal));
        return table;
    }

    private static async Task<int> RawCountAsync(OutageEmulator storage, string ingestId)
    {
        var n = 0;
        await foreach (var _ in storage.Tables().GetTableClient(storage.Layout.Observations).QueryAsync<ObservationRow>(TableClient.CreateQueryFilter($"IngestId eq {ingestId}")))
        {
            n++;
        }

        return n;
    }
}
