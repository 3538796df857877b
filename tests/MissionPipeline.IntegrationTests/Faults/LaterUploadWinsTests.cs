using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MissionPipeline.Catalogue;
using MissionPipeline.Observations;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// Issue 7: two corrections of the same cell uploaded at nearly the same time (the second upload
/// starts once the first one is stored, almost always in the same Last-Modified second); their
/// ingests run in reverse order (with a later claim for the earlier upload) or concurrently. The
/// later upload wins, every time, in the history and in the published dashboard.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LaterUploadWinsTests(AzuriteFixture azurite)
{
    private static readonly ObservationKey Cell = new(new IndicatorId("cai_bilans_competences"), Periods.Period.OfMonth(2009, 3), Geography.Territory.France);

    [Fact]
    public async Task TwoCorrectionsOfOneCellUploadedBackToBack_LaterUploadWinsTwentyTimesOutOfTwenty()
    {
        for (var round = 0; round < 20; round++)
        {
            var storage = new TestStorage(azurite);
            var earlier = await UploadAsync(storage, "mars-rectificatif-1.csv", 4700 + round);
            var later = await UploadAsync(storage, "mars-rectificatif-2.csv", 4800 + round);

            IngestionReport[] reports;
            if (round % 2 == 0)
            {
                // Reverse order: the later upload is ingested first, the earlier one claimed after it.
                var second = await storage.Ingest().RunAsync(later);
                storage.Time.Advance(TimeSpan.FromSeconds(1));
                reports = [await storage.Ingest().RunAsync(earlier), second];
            }
            else
            {
                reports = await Task.WhenAll(storage.Ingest(storage.NewTables()).RunAsync(later), storage.Ingest(storage.NewTables()).RunAsync(earlier));
            }

            Assert.All(reports, r => Assert.Equal(ReportStatus.Committed, r.Status));
            var history = await storage.Committed().HistoryAsync(Cell);
            Assert.True(
                history.Count == 2 && history[^1].Observation.Value == 4800 + round,
                $"round {round}: the later upload must win; history (oldest first): {string.Join(", ", history.Select(h => $"{h.Observation.Value}@{h.Received:O}/{h.Claimed:O}/{h.IngestId}"))}");
            if (round % 5 == 0)
            {
                var dashboard = (await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31))).Dashboard;
                Assert.Equal(4800 + round, dashboard.Indicators.Single(i => i.Id == Cell.Indicator).Actual);
            }
        }
    }

    [Fact]
    public void UploadOrder_StampsOutsideTheLastModifiedSecondAreClampedIntoIt()
    {
        var second = new DateTimeOffset(2009, 4, 10, 8, 0, 5, TimeSpan.Zero);

        Assert.Equal(second, IngestFile.UploadOrder(Properties(second, null)));
        Assert.Equal(second.AddMilliseconds(250), IngestFile.UploadOrder(Properties(second, second.AddMilliseconds(250))));
        Assert.Equal(second, IngestFile.UploadOrder(Properties(second, second.AddSeconds(-3))));
        Assert.Equal(second.AddTicks(TimeSpan.TicksPerSecond - 1), IngestFile.UploadOrder(Properties(second, second.AddHours(2))));
    }

    /// <summary>As our uploaders do: the moment the upload starts, in <see cref="IngestFile.UploadedAtMetadata"/>.</summary>
    internal static async Task<BlobClient> UploadAsync(TestStorage storage, string name, int value)
    {
        var blob = storage.UploadBlob("ofii", name);
        var content = Files.F0($"""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;{value}
            """);
        await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [IngestFile.UploadedAtMetadata] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
        });
        return blob;
    }

    private static BlobProperties Properties(DateTimeOffset lastModified, DateTimeOffset? stamp) =>
        BlobsModelFactory.BlobProperties(
            lastModified: lastModified,
            metadata: stamp is { } s ? new Dictionary<string, string> { [IngestFile.UploadedAtMetadata] = s.ToString("O", System.Globalization.CultureInfo.InvariantCulture) } : new Dictionary<string, string>());
}
