using MissionPipeline.Catalogue;
using MissionPipeline.Observations;

namespace MissionPipeline.Indicators;

/// <summary>
/// What every indicator's computation shares: the winning observations ("latest wins" applied
/// once), the ingestions, and the measure sources, built once per (indicator, window) because
/// derived indicators reuse their inputs'.
/// </summary>
internal sealed class EngineContext
{
    private readonly Dictionary<IndicatorId, SourcedObservation[]> _winning;
    private readonly ILookup<IndicatorId, SourcedObservation> _all;
    private readonly Dictionary<(IndicatorId, Window), MeasureSource> _sources = [];
    private readonly HashSet<IndicatorId> _building = [];

    public EngineContext(RecomputeInput input)
    {
        AsOf = input.AsOf;
        Catalogue = input.Catalogue.InForce(input.AsOf);
        Ingestions = input.Ingestions;
        _winning = Latest(input.Observations, input.AsOf)
            .GroupBy(o => o.Observation.Indicator)
            .ToDictionary(g => g.Key, g => g.ToArray());
        _all = input.Observations.Where(o => o.Observation.Period.End <= input.AsOf).ToLookup(o => o.Observation.Indicator);
    }

    public DateOnly AsOf { get; }

    /// <summary>The input's catalogue with the targets of asOf's year (<see cref="IndicatorCatalogue.InForce"/>).</summary>
    public IndicatorCatalogue Catalogue { get; }

    public IReadOnlyList<IngestionSummary> Ingestions { get; }

    /// <summary>The winning observations of an indicator, ordered by period then territory code.</summary>
    public IReadOnlyList<SourcedObservation> Winning(IndicatorId indicator) =>
        _winning.TryGetValue(indicator, out var list) ? list : [];

    /// <summary>Every committed observation of an indicator up to asOf, superseded ones included, in input order.</summary>
    public IEnumerable<SourcedObservation> All(IndicatorId indicator) => _all[indicator];

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
    /// "Latest wins" per (indicator, period, territory): the observation received last, then the
    /// greatest ingest id (ordinal), then the later row of the file. Superseded values stay in the
    /// input for audit but never count. Periods ending after <paramref name="asOf"/> are ignored.
    /// The result is ordered by indicator, period and territory code, whatever the input order, so
    /// that sums are always added in the same order (byte-identical snapshots).
    /// </summary>
    public static IEnumerable<SourcedObservation> Latest(IEnumerable<SourcedObservation> observations, DateOnly asOf)
    {
        // One pass, one dictionary entry per cell: a million observations cost a hash each, not a sort per cell.
        var winners = new Dictionary<ObservationKey, SourcedObservation>();
        foreach (var o in observations)
        {
            if (o.Observation.Period.End > asOf)
            {
                continue;
            }

            var key = o.Observation.Key;
            if (!winners.TryGetValue(key, out var current) || Supersedes(o, current))
            {
                winners[key] = o;
            }
        }

        return winners.Values
            .OrderBy(o => o.Observation.Indicator.Value, StringComparer.Ordinal)
            .ThenBy(o => o.Observation.Period)
            .ThenBy(o => o.Observation.Territory.Code, StringComparer.Ordinal);
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
