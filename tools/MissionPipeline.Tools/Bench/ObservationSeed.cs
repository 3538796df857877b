using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// Synthetic committed files for the recompute benchmark: the four monthly sum indicators reported by
/// département (DCPAF, OFII) × the 2009 départements × months 1990-01..2012-12, sent again as
/// corrections (version 1, 2, …) until the count is reached. One file per (indicator, year, version):
/// 1 200 observations, a segment (what the ingest job writes) and a committed <c>Ingestions</c> row.
/// The first N of the sequence are the same whatever the total.
/// </summary>
internal static class ObservationSeed
{
    public const int FirstYear = 1990;
    public const int LastYear = 2012;

    private static readonly string[] Indicators = ["eloignements_forces", "retours_aides", "interpellations_aide_sejour", "cai_bilans_competences"];

    /// <summary>One synthetic file: who sent it, when, and its observations.</summary>
    public sealed record SeedFile(AgencyId Agency, string IngestId, DateTimeOffset UploadedAt, IReadOnlyList<Observation> Observations);

    /// <summary>The first <paramref name="count"/> observations of the sequence, by file.</summary>
    public static IEnumerable<SeedFile> Files(int count)
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
                    var observations = new List<Observation>();
                    for (var month = 1; month <= 12 && n < count; month++)
                    {
                        var period = Period.Parse(string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"));
                        foreach (var territory in departements)
                        {
                            if (n++ == count)
                            {
                                break;
                            }

                            var value = (double)((n * 7919L + version) % 500);
                            observations.Add(new Observation(indicator, period, territory, value, Row: observations.Count + 2));
                        }
                    }

                    if (observations.Count > 0)
                    {
                        yield return new SeedFile(agency, IngestIdFor(agency, indicator, year, version), UploadedAt(year, version), observations);
                    }

                    if (n >= count)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>The table rows of one file, as the ingest job writes them.</summary>
    public static IEnumerable<ObservationRow> Rows(SeedFile file) =>
        file.Observations.Select(o => ObservationRow.From(o, file.Agency, file.IngestId, file.UploadedAt));

    /// <summary>The committed <c>Ingestions</c> row under which a file's observations are visible.</summary>
    public static IngestionRow Ingestion(SeedFile file) => new()
    {
        PartitionKey = file.Agency.Value,
        RowKey = file.IngestId,
        Status = IngestionRow.Committed,
        File = string.Create(CultureInfo.InvariantCulture, $"bench-{file.IngestId[..8]}.csv"),
        Sha256 = file.IngestId + file.IngestId,
        Size = file.Observations.Count * 40L,
        UploadedAt = file.UploadedAt,
        ClaimedAt = file.UploadedAt,
        CompletedAt = file.UploadedAt,
        Format = "F0",
        Rows = file.Observations.Count + 1,
        Observations = file.Observations.Count,
        Indicators = string.Join(' ', file.Observations.Select(o => o.Indicator.Value).Distinct().Order(StringComparer.Ordinal)),
        Attempts = 1,
    };

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

    private static string IngestIdFor(AgencyId agency, IndicatorId indicator, int year, int version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"bench/{agency.Value}/{indicator.Value}/{year}/{version}"))))[..32];

    private static DateTimeOffset UploadedAt(int year, int version) => new DateTimeOffset(year + 1, 1, 15, 8, 0, 0, TimeSpan.Zero).AddDays(version);
}
