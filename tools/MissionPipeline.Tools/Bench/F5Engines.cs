using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Readers;

namespace MissionPipeline.Tools.Bench;

/// <summary>What one engine made of an F5 file: rows of category A and nationality HUE per département (INSEE code), time and peak memory.</summary>
internal sealed record F5Count(string Engine, double Seconds, long PeakBytes, IReadOnlyDictionary<string, long> ByDepartement, string? Error = null)
{
    public long Total => ByDepartement.Values.Sum();

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["engine"] = Engine,
        ["seconds"] = Seconds,
        ["peak"] = PeakBytes,
        ["error"] = Error,
        ["counts"] = ByDepartement,
    });

    public static F5Count FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var counts = root.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        var error = root.GetProperty("error").ValueKind == JsonValueKind.String ? root.GetProperty("error").GetString() : null;
        return new F5Count(root.GetProperty("engine").GetString()!, root.GetProperty("seconds").GetDouble(), root.GetProperty("peak").GetInt64(), counts, error);
    }
}

/// <summary>
/// The two engines of the F5 comparison, on the same file: ours (<see cref="AgencyFileReader.Read"/>
/// on a <see cref="FileStream"/>: read, validate, aggregate) and DuckDB (<c>read_csv</c> with the
/// header, gzip told from the <c>.gz</c> extension, then the same count by département).
/// </summary>
internal static class F5Engines
{
    public const string Ours = "mission";
    public const string DuckDb = "duckdb";

    /// <summary>DuckDB limited to one thread (<c>SET threads = 1</c>): the same resources as our reader.</summary>
    public const string DuckDbOneThread = "duckdb-1";

    private static readonly IndicatorId Indicator = new("demandeurs_emploi_etrangers_hors_ue");

    public static F5Count Run(string engine, string path, CancellationToken cancellationToken = default) => engine switch
    {
        Ours => RunOurs(path, cancellationToken),
        DuckDb => RunDuckDb(path),
        DuckDbOneThread => RunDuckDb(path, threads: 1),
        _ => throw new ArgumentException($"Unknown engine {engine}.", nameof(engine)),
    };

    // Both engines are timed on the work of one file: what a host sets up once per process (our
    // catalogue and geography, DuckDB's in-memory database) is done before the clock starts.
    public static F5Count RunOurs(string path, CancellationToken cancellationToken = default)
    {
        var context = ReadContext.For(new AgencyId("pole-emploi"), Path.GetFileName(path), TimeProvider.System.GetUtcNow());
        var clock = Stopwatch.StartNew();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var result = AgencyFileReader.Read(stream, context, cancellationToken);
        var counts = result.Observations
            .Where(o => o.Indicator == Indicator && o.Territory.Kind == TerritoryKind.Departement && o.Value is > 0)
            .ToDictionary(o => o.Territory.LocalCode, o => (long)o.Value!.Value, StringComparer.Ordinal);
        var error = result.Accepted ? null : string.Join(" ; ", result.Errors.Take(3).Select(e => $"{e.Code} ({e.Row}) {e.Message}"));
        return new F5Count(Ours, clock.Elapsed.TotalSeconds, SelfProcess.PeakResidentBytes(), counts, error);
    }

    public static F5Count RunDuckDb(string path, int? threads = null)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        if (threads is { } n)
        {
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET threads = {n}");
            command.ExecuteNonQuery();
        }

        var clock = Stopwatch.StartNew();

        var literal = "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
        command.CommandText =
            "SELECT departement, count(*) FROM read_csv(" + literal + ", header = true, delim = ';', all_varchar = true) " +
            "WHERE categorie = 'A' AND nationalite = 'HUE' GROUP BY departement";
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                counts[reader.GetString(0).ToUpperInvariant()] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        return new F5Count(threads is null ? DuckDb : DuckDbOneThread, clock.Elapsed.TotalSeconds, SelfProcess.PeakResidentBytes(), counts);
    }

    /// <summary>Where two counts differ (empty when they agree).</summary>
    public static IReadOnlyList<string> Differences(F5Count a, F5Count b) =>
        a.ByDepartement.Keys.Union(b.ByDepartement.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(k => a.ByDepartement.GetValueOrDefault(k) != b.ByDepartement.GetValueOrDefault(k))
            .Select(k => $"{k}: {a.Engine} {a.ByDepartement.GetValueOrDefault(k)}, {b.Engine} {b.ByDepartement.GetValueOrDefault(k)}")
            .ToArray();
}
