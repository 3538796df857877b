using MissionPipeline.Geography;

namespace MissionPipeline.Indicators;

/// <summary>
/// The territorial roll-up of one indicator over one window, along the 2009 geography: a
/// département's figures are its own; a région is the sum of its départements; FR-MET the sum of its
/// 22 régions, FR-DOM of the 4 overseas ones (one département each), FR = FR-MET + FR-DOM. At every
/// level a territory's own figures, when it has any in the window, stand for it (they are never added
/// to its parts), so an agency may report some levels and not others without anything being counted
/// twice. Flows add period by period; stocks add each part's latest value.
/// </summary>
internal sealed class TerritoryRollup
{
    private readonly IReadOnlyDictionary<Territory, Series> _own;
    private readonly TimeMode _mode;
    private readonly Dictionary<Territory, Measured?> _parts = [];

    public TerritoryRollup(IReadOnlyDictionary<Territory, Series> own, TimeMode mode)
    {
        _own = own;
        _mode = mode;
    }

    /// <summary>The territory's own figures, or null when it has none in the window.</summary>
    public Measured? Own(Territory territory) =>
        _own.TryGetValue(territory, out var series) ? new Measured(series, series.Total(_mode)!) : null;

    /// <summary>
    /// Period by period, the territory's own figure where it has one, else the sum of its parts: one
    /// national row sent for December beside eleven months by département made the year's figure that
    /// one month (5 135 became 441, a closed year « à risque »: red team, steering unit). A period of
    /// the parts that overlaps one of the territory's own (its year beside their months) is left out.
    /// </summary>
    public Measured? OwnThenParts(Territory territory)
    {
        var (own, parts) = (Own(territory), Parts(territory));
        if (own is null || parts is null)
        {
            return own ?? parts;
        }

        var series = Series.Prefer(own.Series, parts.Series);
        // Its own figures whole when the parts add no period: its own total, as before (a stock's latest, a flow's sum).
        return series.Points.SequenceEqual(own.Series.Points) ? own : new Measured(series, series.Total(_mode)!);
    }

    /// <summary>
    /// The sum of the territory's parts (each its own figure for a period, or else, in turn, the sum of its parts),
    /// ignoring the territory's own figures; null for a département, a country, or when no part has
    /// figures. Parts add in geography order, so floating-point sums are always the same.
    /// </summary>
    public Measured? Parts(Territory territory)
    {
        if (_parts.TryGetValue(territory, out var cached))
        {
            return cached;
        }

        var parts = Children(territory).Select(OwnThenParts).OfType<Measured>().ToArray();
        var sum = parts.Length == 0 ? null : Sum(parts);
        _parts[territory] = sum;
        return sum;
    }

    /// <summary>The territories one level down: FR → FR-MET, FR-DOM; FR-MET / FR-DOM → régions; région → départements.</summary>
    public static IReadOnlyList<Territory> Children(Territory territory) => territory.Kind switch
    {
        TerritoryKind.France => [Territory.Metropole, Territory.OutreMer],
        TerritoryKind.Metropole => MetropolitanRegions,
        TerritoryKind.OutreMer => OverseasRegions,
        TerritoryKind.Region => Geography2009.Default.Departements.Where(d => d.Region == territory).Select(d => d.Territory).ToArray(),
        _ => [],
    };

    /// <summary>True when <paramref name="departement"/> lies within <paramref name="aggregate"/> (FR, FR-MET, FR-DOM or a région).</summary>
    public static bool Covers(Territory aggregate, Departement departement) => aggregate.Kind switch
    {
        TerritoryKind.France => true,
        TerritoryKind.Metropole => departement.Metropolitan,
        TerritoryKind.OutreMer => !departement.Metropolitan,
        TerritoryKind.Region => departement.Region == aggregate,
        _ => false,
    };

    private static readonly Territory[] MetropolitanRegions = RegionsWhere(metropolitan: true);

    private static readonly Territory[] OverseasRegions = RegionsWhere(metropolitan: false);

    private static Territory[] RegionsWhere(bool metropolitan) =>
        Geography2009.Default.Departements.Where(d => d.Metropolitan == metropolitan)
            .Select(d => d.Region).Distinct().Order(TerritoryOrder.Instance).ToArray();

    private Measured Sum(IReadOnlyList<Measured> parts)
    {
        var merged = Series.Merge(parts.Select(p => p.Series));
        var total = new Point(
            parts.Select(p => p.Total.Period).Max(),
            parts.Select(p => p.Total.Amount).Aggregate(Amount.Add),
            parts.SelectMany(p => p.Total.From).ToArray());
        return new Measured(merged, _mode == TimeMode.Flow ? merged.Total(TimeMode.Flow)! : total);
    }
}
