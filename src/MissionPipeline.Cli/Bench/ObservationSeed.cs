using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli.Bench;

/// <summary>
/// Synthetic committed observations for the recompute benchmark: the four monthly sum indicators
/// reported by département (DCPAF, OFII) × the 2009 départements × months 1990-01..2012-12, sent
/// again as corrections (version 1, 2, …) until the count is reached. One ingestion per (agency,
/// year, version), written committed. The first N of the sequence are the same whatever the total.
/// </summary>
internal static class ObservationSeed
{
    public const int FirstYear = 1990;
    public const int LastYear = 2012;

    private static readonly string[] Indicators = ["eloignements_forces", "retours_aides", "interpellations_aide_sejour", "cai_bilans_competences"];

    public static IEnumerable<ObservationRow> Rows(int count)
    {
        var catalogue = IndicatorCatalogue.Default;
        var departements = Geography2009.Default.Departements.Select(d => d.Territory).ToArray();
        var n = 0;
        for (var version = 0; ; version++)
        {
            foreach (var id in Indicators)
            {
                var indicator = new IndicatorId(id);
                var agency = catalogue[indicator].Sources[0];
                for (var year = FirstYear; year <= LastYear; year++)
                {
                    var ingestId = IngestIdFor(agency, year, version);
                    var uploaded = UploadedAt(year, version);
                    for (var month = 1; month <= 12; month++)
                    {
                        var period = Period.Parse(string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"));
                        foreach (var territory in departements)
                        {
                            if (n++ == count)
                            {
                                yield break;
                            }

                            var value = (double)((n * 7919L + version) % 500);
                            yield return ObservationRow.From(new Observation(indicator, period, territory, value, Row: n), agency, ingestId, uploaded);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The committed <c>Ingestions</c> rows under which <see cref="Rows"/> are visible.</summary>
    public static IEnumerable<IngestionRow> Ingestions(IEnumerable<ObservationRow> rows) =>
        rows.GroupBy(r => (r.Agency, r.IngestId)).Select(g =>
        {
            var first = g.First();
            return new IngestionRow
            {
                PartitionKey = g.Key.Agency,
                RowKey = g.Key.IngestId,
                Status = IngestionRow.Committed,
                File = string.Create(CultureInfo.InvariantCulture, $"bench-{g.Key.IngestId[..8]}.csv"),
                Sha256 = g.Key.IngestId + g.Key.IngestId,
                Size = g.Count() * 40L,
                UploadedAt = first.UploadedAt,
                ClaimedAt = first.UploadedAt,
                CompletedAt = first.UploadedAt,
                Format = "F0",
                Rows = g.Count(),
                Observations = g.Count(),
                Indicators = string.Join(' ', g.Select(r => r.Indicator).Distinct().Order(StringComparer.Ordinal)),
                Attempts = 1,
            };
        });

    /// <summary>Writes rows with the bare SDK: 100-entity single-partition transactions, <paramref name="parallel"/> in flight.</summary>
    public static async Task<int> WriteBareAsync(TableClient table, IEnumerable<ITableEntity> rows, int parallel, CancellationToken cancellationToken)
    {
        var written = 0;
        var batches = rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct).ConfigureAwait(false);
            Interlocked.Add(ref written, batch.Length);
        }).ConfigureAwait(false);
        return written;
    }

    private static string IngestIdFor(AgencyId agency, int year, int version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"bench/{agency.Value}/{year}/{version}"))))[..32];

    private static DateTimeOffset UploadedAt(int year, int version) => new DateTimeOffset(year + 1, 1, 15, 8, 0, 0, TimeSpan.Zero).AddDays(version);
}
