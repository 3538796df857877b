using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;

namespace MissionPipeline.Indicators;

/// <summary>
/// What every indicator's computation shares: the winning observations ("latest wins" applied
/// once per indicator, when it is first asked for), the ingestions, and the measure sources, built
/// once per (indicator, window) because derived indicators reuse their inputs'. Nothing is computed
/// for an indicator nobody asks about: an incremental recompute (<see cref="EngineMemo"/>) reads
/// only the files of the indicators it evaluates again.
/// </summary>
internal sealed class EngineContext
{
    private readonly ObservationSet _observations;
    private readonly Dictionary<IndicatorId, IReadOnlyList<SourcedObservation>> _winning = [];
    private readonly Dictionary<(IndicatorId, Window), MeasureSource> _sources = [];
    private readonly HashSet<IndicatorId> _building = [];

    private readonly EngineMemo? _memo;

    public EngineContext(RecomputeInput input, EngineMemo? memo = null)
    {
        _memo = memo;
        AsOf = input.AsOf;
        Catalogue = input.Catalogue.InForce(input.AsOf);
        Ingestions = input.Ingestions;
        _observations = input.Observations;
        foreach (var file in input.Ingestions)
        {
            _fileNames.TryAdd((file.Agency, file.IngestId), file.FileName);
        }
    }

    private readonly Dictionary<(AgencyId Agency, string IngestId), string> _fileNames = [];

    /// <summary><paramref name="sources"/>, each with the name its file was received under (<see cref="SourceRef.File"/>).</summary>
    public IReadOnlyList<SourceRef> Named(IReadOnlyList<SourceRef> sources) =>
        [.. sources.Select(s => _fileNames.TryGetValue((s.Agency, s.IngestId), out var name) ? s with { File = name } : s)];

    /// <summary>Every committed observation of the input, one block per file.</summary>
    public ObservationSet Observations => _observations;

    public DateOnly AsOf { get; }

    /// <summary>The input's catalogue with the targets of asOf's year (<see cref="IndicatorCatalogue.InForce"/>).</summary>
    public IndicatorCatalogue Catalogue { get; }

    public IReadOnlyList<IngestionSummary> Ingestions { get; }

    /// <summary>The winning observations of an indicator, ordered by period then territory code.</summary>
    public IReadOnlyList<SourcedObservation> Winning(IndicatorId indicator)
    {
        if (!_winning.TryGetValue(indicator, out var list))
        {
            _winning[indicator] = list = _memo?.Winners(indicator, _observations, AsOf) ?? _observations.Latest(indicator, AsOf);
        }

        return list;
    }

    /// <summary>
    /// Every committed observation of an indicator up to asOf, superseded ones included, in input
    /// order; narrowed (before any is made) to one territory, one agency, or periods ending from a date.
    /// </summary>
    public IEnumerable<SourcedObservation> All(IndicatorId indicator, Territory? territory = null, AgencyId? agency = null, DateOnly? endingFrom = null) =>
        _observations.Of(indicator, AsOf, territory, agency, endingFrom);

    /// <summary>The figures of <paramref name="indicator"/> over <paramref name="window"/>, observed or derived.</summary>
    public MeasureSource Source(Indicator indicator, Window window)
    {
        if (_sources.TryGetValue((indicator.Id, window), out var cached))
        {
            return cached;
        }

        if (!_building.Add(indicator.Id))
        {
            throw new CatalogueException($"Catalogue : l'indicateur calculé « {indicator.Id} » dépend de lui-même à travers d'autres indicateurs.");
        }

        var source = indicator.Derivation is { } derivation
            ? DerivedSources.For(indicator, derivation, id => Source(Catalogue[id], window))
            : MeasureSource.Observed(indicator, Winning(indicator.Id), window);
        _building.Remove(indicator.Id);
        _sources[(indicator.Id, window)] = source;
        return source;
    }

    /// <summary>
    /// "Latest wins" per (indicator, period, territory) over loose observations, as the engine applies
    /// it (<see cref="ObservationSet.Latest"/>): the observation received last, then claimed last, then
    /// the greatest ingest id (ordinal), then the later row of the file. Superseded values never count;
    /// periods ending after <paramref name="asOf"/> are ignored. Ordered by indicator, period and
    /// territory code, whatever the input order, so that sums are always added in the same order.
    /// </summary>
    public static IEnumerable<SourcedObservation> Latest(IEnumerable<SourcedObservation> observations, DateOnly asOf)
    {
        var set = ObservationSet.From(observations);
        return set.Blocks.SelectMany(b => b.Indicators).Distinct().OrderBy(i => i.Value, StringComparer.Ordinal)
            .SelectMany(i => set.Latest(i, asOf));
    }

    /// <summary>The order of "latest wins": received, then claimed, then ingest id (ordinal), then the file's row.</summary>
    internal static bool Supersedes(SourcedObservation candidate, SourcedObservation current)
    {
        var c = candidate.Received.CompareTo(current.Received);
        if (c == 0)
        {
            c = candidate.Claimed.CompareTo(current.Claimed);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(candidate.IngestId, current.IngestId);
        }

        if (c == 0)
        {
            c = candidate.Observation.Row.CompareTo(current.Observation.Row);
        }

        return c > 0;
    }

    /// <summary>True when the observation was marked provisional (p) or estimated (e).</summary>
    public static bool IsProvisional(SourcedObservation o) =>
        o.Observation.Status is ValueStatus.Provisional or ValueStatus.Estimated;
}
