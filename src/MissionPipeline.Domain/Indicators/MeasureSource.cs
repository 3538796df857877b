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
/// the breakdown); <see cref="Measure"/> may also answer for a territory built from others (FR-MET
/// as the sum of its départements).
/// </summary>
internal sealed class MeasureSource
{
    private readonly Func<Territory, Measured?> _measure;
    private readonly Dictionary<Territory, Measured?> _cache = [];

    public MeasureSource(MeasureShape shape, IReadOnlyList<Territory> territories, Func<Territory, Measured?> measure)
    {
        Shape = shape;
        Territories = territories;
        _measure = measure;
    }

    public MeasureShape Shape { get; }

    public IReadOnlyList<Territory> Territories { get; }

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
    /// The figures of a reported indicator, from its winning observations in <paramref name="window"/>.
    /// A territory's own figures are used when it has any. Otherwise, when the indicator's national
    /// value is the sum of its départements, FR, FR-MET and FR-DOM are the sums of their départements
    /// (FR-MET: the 96 metropolitan ones; FR-DOM: 971-974; FR: all): flows add period by period,
    /// stocks add each département's latest value.
    /// </summary>
    public static MeasureSource Observed(Indicator indicator, IEnumerable<SourcedObservation> winning, Window window)
    {
        var shape = MeasureShape.Of(indicator.Aggregation);
        var byTerritory = new Dictionary<Territory, Series>();
        foreach (var group in winning.Where(o => window.Contains(o.Observation.Period)).GroupBy(o => o.Observation.Territory))
        {
            var series = Series.Resolve(group, shape.Kind);
            if (!series.IsEmpty)
            {
                byTerritory[group.Key] = series;
            }
        }

        var territories = byTerritory.Keys.Order(TerritoryOrder.Instance).ToArray();
        return new MeasureSource(shape, territories, t =>
            byTerritory.TryGetValue(t, out var own) ? new Measured(own, own.Total(shape.Mode)!)
            : indicator.National == NationalValue.SumOfDepartements ? SumOfDepartements(t, byTerritory, shape.Mode)
            : null);
    }

    private static Measured? SumOfDepartements(Territory territory, Dictionary<Territory, Series> byTerritory, TimeMode mode)
    {
        Func<Departement, bool>? covers = territory.Kind switch
        {
            TerritoryKind.France => _ => true,
            TerritoryKind.Metropole => d => d.Metropolitan,
            TerritoryKind.OutreMer => d => !d.Metropolitan,
            _ => null,
        };
        if (covers is null)
        {
            return null;
        }

        // Geography order, so that floating-point sums are always added in the same order.
        var parts = Geography2009.Default.Departements.Where(covers)
            .Select(d => byTerritory.GetValueOrDefault(d.Territory)).OfType<Series>().ToArray();
        if (parts.Length == 0)
        {
            return null;
        }

        var merged = Series.Merge(parts);
        if (mode == TimeMode.Flow)
        {
            return new Measured(merged, merged.Total(TimeMode.Flow)!);
        }

        var latest = parts.Select(p => p.Total(TimeMode.Stock)!).ToArray();
        var total = new Point(
            latest.Select(p => p.Period).Max(),
            latest.Select(p => p.Amount).Aggregate(Amount.Add),
            latest.SelectMany(p => p.From).ToArray());
        return new Measured(merged, total);
    }
}
