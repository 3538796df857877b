using MissionPipeline.Catalogue;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// The <c>direction</c> rule: the year-to-date value against the same months of the previous year
/// or, when the previous year has no figures for exactly those months, against the baseline.
/// Better by more than 2 % of the earlier value (relative, rates included: 22.2 % → 23.5 % is 5.9 %
/// worse for a <c>down</c> indicator) is on_track, within ±2 % at_risk, worse by more off_track.
/// "Better" follows the indicator's direction (<c>up</c> when it has none).
/// </summary>
internal static class DirectionRule
{
    /// <summary>The relative change within which a value counts as stable.</summary>
    public const double Stable = 0.02;

    /// <summary>
    /// The assessment, or null when there is nothing to compare with. Flows compare sums over the
    /// same months; stocks compare the latest period with the same period a year earlier. Against an
    /// annual baseline, an annual flow compares its projection (year-to-date ÷ months × 12).
    /// </summary>
    public static Assessment? Assess(Indicator indicator, MeasureShape shape, Measured current, Measured? previousYear)
    {
        var kind = shape.Kind;
        var actual = current.Value(kind)!.Value;
        var months = current.Series.Months.Count;
        double? projection = shape.IsAnnualFlow && months > 0 ? actual / months * 12 : null;
        Comparison comparison;
        if (SameMonths(shape, current, previousYear) is { } earlier)
        {
            comparison = new Comparison(ComparisonBases.PreviousYear, actual, earlier.Value, earlier.From, earlier.To);
        }
        else if (indicator.Baseline is { } baseline)
        {
            comparison = new Comparison(ComparisonBases.Baseline, projection ?? actual, baseline.Value, baseline.Period, baseline.Period);
        }
        else
        {
            return null;
        }

        return new Assessment(Compare(comparison.Compared, comparison.Reference, indicator.Direction == Direction.Down), null, projection, null) { Comparison = comparison };
    }

    /// <summary>on_track / at_risk / off_track from the relative change of <paramref name="value"/> against <paramref name="reference"/>.</summary>
    public static IndicatorStatus Compare(double value, double reference, bool down)
    {
        var change = reference == 0 ? Math.Sign(value) : (value - reference) / Math.Abs(reference);
        var improvement = down ? -change : change;
        return !TargetRules.AtLeast(Stable, improvement) ? IndicatorStatus.OnTrack
            : !TargetRules.AtLeast(improvement, -Stable) ? IndicatorStatus.OffTrack
            : IndicatorStatus.AtRisk;
    }

    /// <summary>The previous year's figure over the same periods, and the first and last of those periods; null when it has none for exactly them.</summary>
    private static (double Value, Period From, Period To)? SameMonths(MeasureShape shape, Measured current, Measured? previous)
    {
        if (previous is null)
        {
            return null;
        }

        if (shape.Mode == TimeMode.Stock)
        {
            var last = YearBefore(current.Total.Period);
            return previous.Series.Points.FirstOrDefault(p => p.Period == last)?.Amount.ValueOf(shape.Kind) is { } stock ? (stock, last, last) : null;
        }

        var months = current.Series.Months.Select(YearBefore).ToHashSet();
        var same = previous.Series.Points.Where(p => p.Period.Kind != PeriodKind.Day && p.Period.MonthsWithin().All(months.Contains)).ToArray();
        if (same.Length == 0 || !same.SelectMany(p => p.Period.MonthsWithin()).ToHashSet().SetEquals(months))
        {
            return null;
        }

        return same.Select(p => p.Amount).Aggregate(Amount.Add).ValueOf(shape.Kind) is { } sum
            ? (sum, same.MinBy(p => p.Period.Start)!.Period, same.MaxBy(p => p.Period.End)!.Period)
            : null;
    }

    private static Period YearBefore(Period p) => p.Kind switch
    {
        PeriodKind.Year => Period.OfYear(p.Year - 1),
        PeriodKind.Quarter => Period.OfQuarter(p.Year - 1, p.Index),
        PeriodKind.Month => Period.OfMonth(p.Year - 1, p.Index),
        _ => Period.OfDay(p.Start.AddYears(-1)),
    };
}
