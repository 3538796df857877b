using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// Unusual values (INDICATORS.md, "Unusual values"): a month's value far from its own history —
/// same indicator and territory — by a robust score, |value − median| ÷ (1.4826 × MAD), the
/// "modified z-score" of Iglewicz and Hoaglin, over <see cref="Threshold"/>. It is compared with
/// the twelve months before it and, where at least two earlier years have the same month, with
/// those too: it is unusual only when both comparisons find it so, so that a seasonal peak the same
/// month of earlier years also had is not an anomaly. Only months counted under the same definition
/// compare. Fewer than <see cref="MinimumHistory"/> of the twelve months before it: no judgement. Judged: the months of the snapshot's year up to its date,
/// of every observed indicator (not derived, not a milestone); for an indicator whose small counts
/// are protected, only its territories above the département, so that no warning tells a hidden
/// cell. It never blocks a file: it is a warning on the dashboard and on the agency's ingestions.
/// </summary>
internal static class UnusualValues
{
    /// <summary>The robust score above which a value is unusual.</summary>
    public const double Threshold = 3.5;

    /// <summary>How many of the twelve months before a value must be known to judge it.</summary>
    public const int MinimumHistory = 6;

    /// <summary>The least spread a history is given, as a share of its median.</summary>
    public const double MinimumRelativeSpread = 0.05;

    /// <summary>How many earlier years' same month are looked at.</summary>
    public const int YearsLookedAt = 5;

    // 1.4826 × MAD estimates a normal law's standard deviation; 1.2533 × mean absolute deviation when MAD is 0 (Iglewicz and Hoaglin).
    private const double MadScale = 1.4826;
    private const double MeanAdScale = 1.2533;

    /// <summary>The unusual values of <paramref name="indicator"/> in the year of the context's date, by territory then period.</summary>
    public static IReadOnlyList<IndicatorWarning> Of(Indicator indicator, EngineContext ctx)
    {
        if (indicator.Aggregation is Aggregation.Derived or Aggregation.Milestone)
        {
            return [];
        }

        var byTerritory = ctx.Winning(indicator.Id)
            .Where(o => o.Observation.Period.Kind == PeriodKind.Month && (!indicator.Sensitive || o.Observation.Territory.Kind is not TerritoryKind.Departement))
            .GroupBy(o => o.Observation.Territory);
        var found = new List<IndicatorWarning>();
        foreach (var territory in byTerritory)
        {
            var values = territory.Where(o => Figure(o.Observation) is not null).ToDictionary(o => o.Observation.Period, o => o);
            foreach (var (period, observation) in values.Where(v => v.Key.Year == ctx.AsOf.Year && v.Key.End <= ctx.AsOf))
            {
                // Only months counted as this one is: a definition change starts a new history.
                bool Comparable(Period earlier) => values.ContainsKey(earlier) && !indicator.BreaksWithin(earlier.Start, period.Start).Any();
                var value = Figure(observation.Observation)!.Value;
                var lastYear = Enumerable.Range(1, 12).Select(back => Month(period, -back)).Where(Comparable).Select(p => Figure(values[p].Observation)!.Value).ToArray();
                if (lastYear.Length < MinimumHistory || Score(value, lastYear, indicator.IsCount) <= Threshold)
                {
                    continue;
                }

                var sameMonth = Enumerable.Range(1, YearsLookedAt).Select(back => Month(period, -12 * back)).Where(Comparable).Select(p => Figure(values[p].Observation)!.Value).ToArray();
                if (sameMonth.Length >= 2 && Score(value, sameMonth, indicator.IsCount) <= Threshold)
                {
                    continue; // a seasonal peak its month had in earlier years too
                }

                // The usual range is the band the rule accepts around the twelve months' median: a flagged value is always outside it.
                var (median, scale) = Spread(lastYear, indicator.IsCount);
                var (low, high) = (Math.Max(0, median - (Threshold * scale)), median + (Threshold * scale));
                if (indicator.IsCount)
                {
                    (low, high) = (Math.Ceiling(low), Math.Floor(high));
                }

                string Shown(double v) => FrenchFormat.Value(v, indicator.Unit);
                found.Add(new IndicatorWarning(
                    IndicatorWarning.UnusualValue,
                    territory.Key,
                    period,
                    Text.FrenchTypography.Apply($"Valeur inhabituelle pour {FrenchFormat.Period(period)} ({Publishing.IndicatorCard.TerritoryLabel(territory.Key, inParentheses: true)}) : {Shown(value)} contre {Shown(low)} à {Shown(high)} d'habitude."))
                {
                    Value = value,
                    UsualLow = low,
                    UsualHigh = high,
                    Agency = observation.Agency,
                    IngestId = observation.IngestId,
                });
            }
        }

        return [.. found.OrderBy(w => w.Territory, TerritoryOrder.Instance).ThenBy(w => w.Period)];
    }

    /// <summary>
    /// The robust score of <paramref name="value"/> among <paramref name="reference"/>: its distance
    /// to their median over 1.4826 × their median absolute deviation (1.2533 × their mean absolute
    /// deviation when that is 0), never over less than 5 % of the median; for a <paramref name="count"/>
    /// never under the chance variation of a count either (√median, and 1), so that 2 people after
    /// 0 or 1 in a small département are not news; 0 at the median, infinite when the reference is
    /// all zeros and the value, not a count, is not.
    /// </summary>
    public static double Score(double value, IReadOnlyCollection<double> reference, bool count = false)
    {
        var (median, scale) = Spread(reference, count);
        var distance = Math.Abs(value - median);
        return scale > 0 ? distance / scale : distance > 0 ? double.PositiveInfinity : 0;
    }

    /// <summary>The reference's median and the scale <see cref="Score"/> divides by.</summary>
    private static (double Median, double Scale) Spread(IReadOnlyCollection<double> reference, bool count)
    {
        var median = Median(reference);
        var mad = Median([.. reference.Select(r => Math.Abs(r - median))]);
        var spread = mad > 0 ? MadScale * mad : MeanAdScale * reference.Average(r => Math.Abs(r - median));
        // A history that barely moved (or two earlier Septembers that happened to agree) says little of
        // its spread: 5 % of its level at least, so a month within ± 17 % of the usual is never news.
        var scale = Math.Max(spread, MinimumRelativeSpread * Math.Abs(median));
        if (count)
        {
            scale = Math.Max(scale, Math.Max(1, Math.Sqrt(Math.Abs(median))));
        }

        return (median, scale);
    }

    private static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The figure an observation gives: its value, or its ratio (none over a zero denominator).</summary>
    private static double? Figure(Observation o) =>
        o.Value ?? (o.Numerator is { } n && o.Denominator is { } d && d != 0 ? n / d : null);

    private static Period Month(Period month, int offset)
    {
        var start = month.Start.AddMonths(offset);
        return Period.OfMonth(start.Year, start.Month);
    }
}
