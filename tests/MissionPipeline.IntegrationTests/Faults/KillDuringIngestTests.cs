using MissionPipeline.Cli.Samples;
using MissionPipeline.Cli;
using MissionPipeline.IntegrationTests.Journeys;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// <c>kill -9</c> of <c>mission ingest</c> at chosen moments of a large upload (uploading, reading,
/// archiving, writing observations, committing): the same command run again always ends with the
/// file committed once, its report saying so, its segment holding exactly the report's
/// observations, and nothing of it visible before the commit.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KillDuringIngestTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(300)]
    [InlineData(900)]
    [InlineData(1_600)]
    [InlineData(2_600)]
    public async Task Ingest_KilledAfter_TheSameCommandAgainCommitsItOnceAndConsistently(int milliseconds)
    {
        var storage = new TestStorage(azurite);
        var folder = Directory.CreateTempSubdirectory("mission-kill-");
        try
        {
            var path = Path.Combine(folder.FullName, "extrait-2009-03.csv.gz");
            await using (var file = File.Create(path))
            {
                RegisterExtractSample.Write(file, 150_000, Period.OfMonth(2009, 3), 42, gzip: true);
            }

            var env = new Dictionary<string, string> { ["MISSION_STORAGE"] = azurite.ConnectionString, ["MISSION_LAYOUT_SUFFIX"] = storage.Layout.Uploads["uploads".Length..] };
            await KillAfterAsync(["ingest", path, "--agency", "pole-emploi"], env, TimeSpan.FromMilliseconds(milliseconds));

            var again = await MissionProcess.RunAsync(["ingest", path, "--agency", "pole-emploi", "--json"], env);

            Assert.True(again.Exit == ExitCodes.Ok, again.Error);
            var report = System.Text.Json.JsonDocument.Parse(again.Output).RootElement;
            Assert.Contains(report.GetProperty("status").GetString(), new[] { "committed", "duplicate" });
            var row = Assert.Single(await storage.Committed().IngestionsOfAsync(new("pole-emploi")));
            Assert.Equal(IngestionRow.Committed, row.Status);
            var stored = Reports.IngestionReportJson.Read((await storage.Blobs.GetBlobContainerClient(storage.Layout.Reports).GetBlobClient($"pole-emploi/{row.RowKey}.json").DownloadContentAsync()).Value.Content.ToMemory().Span);
            Assert.Equal(Reports.ReportStatus.Committed, stored.Status);
            Assert.Equal(row.Observations, stored.Observations);
            var segment = await storage.Blobs.GetBlobContainerClient(storage.Layout.Segments).GetBlobClient(StorageLayout.SegmentBlob(new("pole-emploi"), row.RowKey)).DownloadContentAsync();
            var content = Observations.ObservationSegment.Read(segment.Value.Content.ToStream());
            Assert.Equal(row.RowKey, content.IngestId);
            Assert.Equal(row.Observations, content.Observations.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Starts <c>mission</c> and kills it (SIGKILL, no cleanup) after <paramref name="delay"/>, or lets it finish if it is faster.</summary>
    internal static async Task KillAfterAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan delay)
    {
        using var process = MissionProcess.Start(args, environment);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(delay));
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }
}
