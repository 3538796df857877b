using System.Globalization;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Hand-built engine inputs over the real catalogue.</summary>
internal static class Given
{
    /// <summary>When test files arrive unless a test says otherwise (inside 2009, so they count for 2009's no-data reasons).</summary>
    public static readonly DateTimeOffset Received = new(2009, 4, 10, 8, 0, 0, TimeSpan.Zero);

    public static IndicatorCatalogue DefaultCatalogue => IndicatorCatalogue.Default;

    public static Indicator Indicator(string id) => DefaultCatalogue[new IndicatorId(id)];

    public static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A value observation, from the indicator's first source agency unless told.</summary>
    public static SourcedObservation Value(
        string indicator, string period, string territory, double value,
        string ingest = "ingest-1", DateTimeOffset? received = null, ValueStatus status = ValueStatus.Final) =>
        Sourced(new Observation(new IndicatorId(indicator), Period.Parse(period), Parse(territory), value, Status: status), ingest, received);

    public static SourcedObservation Ratio(string indicator, string period, string territory, double numerator, double denominator, string ingest = "ingest-1") =>
        Sourced(new Observation(new IndicatorId(indicator), Period.Parse(period), Parse(territory), null, numerator, denominator), ingest, null);

    public static SourcedObservation Weighted(string indicator, string period, string territory, double value, double weight) =>
        Sourced(new Observation(new IndicatorId(indicator), Period.Parse(period), Parse(territory), value, Weight: weight), "ingest-1", null);

    /// <summary>One value per month of <paramref name="year"/>, for the listed months (1-12).</summary>
    public static IEnumerable<SourcedObservation> Months(string indicator, string territory, int year, double value, params int[] months) =>
        months.Select(m => Value(indicator, string.Create(CultureInfo.InvariantCulture, $"{year}-{m:D2}"), territory, value));

    /// <summary>Value observations of one period from <c>"TERRITORY=value"</c> pairs separated by spaces: <c>"FR=100 DEP-75=60"</c>.</summary>
    public static SourcedObservation[] Cells(string indicator, string period, string cells) =>
        cells.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('='))
            .Select(c => Value(indicator, period, c[0], double.Parse(c[1], CultureInfo.InvariantCulture)))
            .ToArray();

    public static int[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).ToArray();

    public static IngestionSummary Ingestion(string indicator, IngestionStatus status, string ingest = "file-1", DateTimeOffset? received = null)
    {
        var i = Indicator(indicator);
        return new IngestionSummary(i.Sources[0], ingest, ingest + ".csv", received ?? Received, status, [i.Id]);
    }

    public static Dashboard Compute(string asOf, IEnumerable<SourcedObservation> observations, params IngestionSummary[] ingestions) =>
        DashboardEngine.Compute(new RecomputeInput(Date(asOf), DefaultCatalogue, observations.ToArray(), ingestions));

    /// <summary>Computes the dashboard and returns one indicator's result.</summary>
    public static IndicatorResult Result(string id, string asOf, IEnumerable<SourcedObservation> observations, params IngestionSummary[] ingestions) =>
        Compute(asOf, observations, ingestions).Indicators.Single(r => r.Id.Value == id);

    /// <summary>The shipped catalogue's JSON after <paramref name="edit"/> (which gets each indicator by id), loaded and checked.</summary>
    public static IndicatorCatalogue CatalogueWith(Action<Func<string, System.Text.Json.Nodes.JsonNode>> edit)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.InRepository("src", "MissionPipeline.Domain", "Catalogue", "catalogue.json")))!;
        var indicators = json["indicators"]!.AsArray();
        edit(id => indicators.Single(i => (string?)i!["id"] == id)!);
        return IndicatorCatalogue.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    /// <summary>The dashboard over another catalogue than the shipped one.</summary>
    public static Dashboard Compute(IndicatorCatalogue catalogue, string asOf, IEnumerable<SourcedObservation> observations) =>
        DashboardEngine.Compute(new RecomputeInput(Date(asOf), catalogue, observations.ToArray(), []));

    public static Territory Parse(string territory) =>
        Territory.TryParse(territory, out var t) ? t : throw new ArgumentException(territory, nameof(territory));

    private static SourcedObservation Sourced(Observation o, string ingest, DateTimeOffset? received)
    {
        var indicator = DefaultCatalogue[o.Indicator];
        return new SourcedObservation(o, indicator.Sources[0], ingest, received ?? Received);
    }
}
