using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests;

/// <summary>A large committed file written as the ingest job leaves one, in a second rather than the minutes its table rows would take.</summary>
internal static class CommittedSeed
{
    /// <summary>The number of observations <see cref="WriteLargeAsync"/> commits: about 1.1 MB held by a recompute, more than a 1 MB memory limit.</summary>
    public const int LargeCount = 100 * 50 * 12;

    /// <summary>
    /// Commits one OFII file of <c>cai_bilans_competences</c> for every département and every month
    /// from 1960 to 2009 (<see cref="LargeCount"/> observations): its segment and its committed
    /// <c>Ingestions</c> row, which is all a recompute reads (the table rows are left out).
    /// </summary>
    public static async Task WriteLargeAsync(BlobServiceClient blobs, TableServiceClient tables, StorageLayout layout)
    {
        var agency = new AgencyId("ofii");
        var indicator = new IndicatorId("cai_bilans_competences");
        var observations = new List<Observation>(LargeCount);
        for (var year = 1960; year <= 2009; year++)
        {
            for (var month = 1; month <= 12; month++)
            {
                foreach (var d in Geography2009.Default.Departements)
                {
                    observations.Add(new Observation(indicator, Period.OfMonth(year, month), d.Territory, observations.Count % 97, Row: observations.Count + 2));
                }
            }
        }

        const string ingestId = "5eed0000000000000000000000000001";
        var uploaded = new DateTimeOffset(2010, 1, 20, 9, 0, 0, TimeSpan.Zero);
        await ObservationSegments.WriteAsync(blobs.GetBlobContainerClient(layout.Segments), agency, ingestId, observations);
        await tables.GetTableClient(layout.Ingestions).UpsertEntityAsync(new IngestionRow
        {
            PartitionKey = agency.Value,
            RowKey = ingestId,
            Status = IngestionRow.Committed,
            File = "cai-1960-2009.csv",
            Sha256 = ingestId + ingestId,
            Size = observations.Count * 30L,
            UploadedAt = uploaded,
            ClaimedAt = uploaded,
            CompletedAt = uploaded,
            Format = "F0",
            Rows = observations.Count + 1,
            Observations = observations.Count,
            Indicators = indicator.Value,
            Attempts = 1,
        });
        Assert.Equal(LargeCount, observations.Count);
    }
}
