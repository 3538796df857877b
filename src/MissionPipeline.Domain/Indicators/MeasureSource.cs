using MissionPipeline.Catalogue;
using MissionPipeline.Geography;

namespace MissionPipeline.Indicators;

/// <summary>One territory's figures over a window: its series and the window's total.</summary>
internal sealed record Measured(Series Series, Point Total)
{
    public double? Value(AmountKind kind) => Total.Amount.ValueOf(kind);
}

/// <summary>
/// The figures of one indicator over one window, per territory, measured on demand and cached.
/// <see cref="Territories"/> lists the territories that have figures of their own (the candidates for
/// the breakdown); <see cref="Measure"/> may also answer for a territory built from others (a région
/// or FR-MET as the sum of its parts). <see cref="Warnings"/> are the consistency warnings of the
/// figures (<see cref="ConsistencyChecks"/>), computed when first asked for.
/// </summary>
internal sealed class MeasureSource
{
    private readonly Func<Territory, Measured?> _measure;
    private readonly Dictionary<Territory, Measured?> _cache = [];
    private readonly Lazy<IReadOnlyList<IndicatorWarning>> _warnings;

    public MeasureSource(MeasureShape shape, IReadOnlyList<Territory> territories, Func<Territory, Measured?> measure, Func<IReadOnlyList<IndicatorWarning>>? warnings = null)
    {
        Shape = shape;
        Territories = territories;
        _measure = measure;
        _warnings = new Lazy<IReadOnlyList<IndicatorWarning>>(warnings ?? (() => []), LazyThreadSafetyMode.None);
    }

    public MeasureShape Shape { get; }

    public IReadOnlyList<Territory> Territories { get; }

    public IReadOnlyList<IndicatorWarning> Warnings => _warnings.Value;

    /// <summary>The territory's figures, or null when nothing in the window gives it a figure.</summary>
    public Measured? Measure(Territory territory)
    {
        if (!_cache.TryGetValue(territory, out var measured))
        {
            measured = _measure(territory);
            _cache[territory] = measured;
        }

        return measured;
    }

    /// <summary>
    /// The figures of a reported indicator, from its winning observations in <paramref name="window"/>,
    /// rolled up along the 2009 geography (<see cref="TerritoryRollup"/>). A territory's own figure is
    /// used for each period it has one. For the others a région is the sum of its départements, and FR,
    /// FR-MET and FR-DOM are the sums of their parts only when the indicator's national value is the sum
    /// of its départements (a reported national value is never made up from départements).
    /// </summary>
    public static MeasureSource Observed(Indicator indicator, IEnumerable<SourcedObservation> winning, Window window)
    {
        var shape = MeasureShape.Of(indicator.Aggregation);
        var byTerritory = winning.Where(o => window.Contains(o.Observation.Period))
            .GroupBy(o => o.Observation.Territory)
            .ToDictionary(g => g.Key, g => g.ToArray());
        var own = new Dictionary<Territory, Series>();
        foreach (var (territory, observations) in byTerritory)
        {
            var series = Series.Resolve(observations, shape.Kind);
            if (!series.IsEmpty)
            {
                own[territory] = series;
            }
        }

        var rollup = new TerritoryRollup(own, shape.Mode);
        var fromParts = indicator.National == NationalValue.SumOfDepartements;
        return new MeasureSource(
            shape,
            own.Keys.Order(TerritoryOrder.Instance).ToArray(),
            t => t.Kind == TerritoryKind.Region || (fromParts && IsNational(t)) ? rollup.OwnThenParts(t) : rollup.Own(t),
            () => ConsistencyChecks.Check(byTerritory, rollup, shape, indicator.Unit, indicator.Sensitive));
    }

    private static bool IsNational(Territory t) => t.Kind is TerritoryKind.France or TerritoryKind.Metropole or TerritoryKind.OutreMer;
}
