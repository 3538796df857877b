using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>A period's figure and the winning observations it was built from.</summary>
internal sealed record Point(Period Period, Amount Amount, IReadOnlyList<SourcedObservation> From);

/// <summary>
/// The figures of one territory (or a sum of territories) over a window, each period used once:
/// when a period and periods it contains were both reported (a year and its months, a quarter and
/// its months), only the enclosing period is kept, so that granularities are never added together.
/// Points are in chronological order.
/// </summary>
internal sealed class Series
{
    private Series(IReadOnlyList<Point> points) => Points = points;

    public static Series Empty { get; } = new([]);

    public IReadOnlyList<Point> Points { get; }

    public bool IsEmpty => Points.Count == 0;

    /// <summary>The distinct months that have a figure (a year gives its 12 months, a quarter 3, a day its month).</summary>
    public IReadOnlySet<Period> Months => Points.SelectMany(p => p.Period.Kind == PeriodKind.Day
            ? [Period.OfMonth(p.Period.Year, p.Period.Index)]
            : p.Period.MonthsWithin()).ToHashSet();

    /// <summary>
    /// Builds the series of one territory from its winning observations. Observations without the
    /// numbers <paramref name="kind"/> needs (s, nd, a ratio without its denominator) are left out
    /// before the granularity rule, so a year marked nd does not hide its months.
    /// </summary>
    public static Series Resolve(IEnumerable<SourcedObservation> observations, AmountKind kind)
    {
        var figures = new List<Point>();
        foreach (var o in observations)
        {
            if (Amount.From(o.Observation, kind) is { } f)
            {
                figures.Add(new Point(o.Observation.Period, f, [o]));
            }
        }

        var kept = figures.Where(p => !figures.Any(q => q.Period != p.Period && q.Period.Contains(p.Period)));
        return Of(kept);
    }

    /// <summary>Adds several territories' series period by period (territories add).</summary>
    public static Series Merge(IEnumerable<Series> parts) =>
        Of(parts.SelectMany(s => s.Points)
            .GroupBy(p => p.Period)
            .Select(g => new Point(g.Key, g.Select(p => p.Amount).Aggregate(Amount.Add), g.SelectMany(p => p.From).ToArray())));

    /// <summary>
    /// The points of <paramref name="first"/>, then those of <paramref name="then"/> for the periods
    /// <paramref name="first"/> neither has nor overlaps; but a period of <paramref name="then"/> that
    /// encloses some of <paramref name="first"/>'s wins over them, as within one territory
    /// (<see cref="Resolve"/>): a year by département beside one national month is the year (review).
    /// </summary>
    public static Series Prefer(Series first, Series then)
    {
        var kept = first.Points.Where(f => !then.Points.Any(p => p.Period != f.Period && p.Period.Contains(f.Period))).ToArray();
        return Of(kept.Concat(then.Points.Where(p => !kept.Any(f => f.Period == p.Period || f.Period.Contains(p.Period) || p.Period.Contains(f.Period)))));
    }

    /// <summary>
    /// Combines several inputs period by period, keeping only the periods every input has: a
    /// missing input never silently produces a number.
    /// </summary>
    public static Series Intersect(IReadOnlyList<Series> inputs, Func<IReadOnlyList<Amount>, Amount> combine)
    {
        if (inputs.Count == 0)
        {
            return Empty;
        }

        var points = new List<Point>();
        foreach (var first in inputs[0].Points)
        {
            var matches = inputs.Select(s => s.Points.FirstOrDefault(p => p.Period == first.Period)).ToArray();
            if (matches.All(m => m is not null))
            {
                points.Add(new Point(first.Period, combine(matches.Select(m => m!.Amount).ToArray()), matches.SelectMany(m => m!.From).ToArray()));
            }
        }

        return Of(points);
    }

    /// <summary>Maps each point's figure, keeping its period and provenance.</summary>
    public Series Select(Func<Point, Amount> map) => Of(Points.Select(p => p with { Amount = map(p) }));

    /// <summary>
    /// The window's figure: every period added (<see cref="TimeMode.Flow"/>) or the latest period
    /// (<see cref="TimeMode.Stock"/>: latest end, and of two periods ending the same day the longer,
    /// by the granularity rule). Null for an empty series.
    /// </summary>
    public Point? Total(TimeMode mode)
    {
        if (IsEmpty)
        {
            return null;
        }

        if (mode == TimeMode.Stock)
        {
            return Points.OrderByDescending(p => p.Period.End).ThenBy(p => p.Period.Start).First();
        }

        return new Point(Points[^1].Period, Points.Select(p => p.Amount).Aggregate(Amount.Add), Points.SelectMany(p => p.From).ToArray());
    }

    private static Series Of(IEnumerable<Point> points) => new(points.OrderBy(p => p.Period).ToArray());
}
