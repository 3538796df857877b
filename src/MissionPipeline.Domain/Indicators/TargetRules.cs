using MissionPipeline.Catalogue;

namespace MissionPipeline.Indicators;

/// <summary>A status with the figures that justify it.</summary>
internal sealed record Assessment(IndicatorStatus Status, double? ExpectedToDate, double? Projection, double? Progress)
{
    /// <summary>What a direction rule compared; null for the other rules.</summary>
    public Comparison? Comparison { get; init; }
}

/// <summary>
/// The status rules of docs/indicators.md for figure targets (<c>at_least</c>, <c>at_most</c>,
/// <c>trajectory</c>). Comparisons with a threshold tolerate a relative rounding error of 1e-9, so a
/// value exactly on a threshold (e.g. 95 % of the target) counts as reaching it.
/// </summary>
internal static class TargetRules
{
    /// <summary>The at_risk margin: 5 % of the target, or 5 points (0.05) for a rate.</summary>
    public const double RiskMargin = 0.05;

    /// <summary>
    /// <c>at_least</c> / <c>at_most</c>. On an annual flow: expected to date = target × months ÷ 12,
    /// projection = actual ÷ months × 12; the year over (asOf ≥ due) with its 12 months in gives
    /// achieved or missed; otherwise a <paramref name="forecast"/> with an interval decides
    /// (on_track if the interval's low end reaches the target, at_risk if the interval contains it,
    /// off_track if its high end falls short; mirrored for at_most), and without one the projection
    /// gives on_track, at_risk (within 5 %) or off_track. On a rate or a stock: the current value is
    /// compared; the year over gives achieved or missed.
    /// </summary>
    public static Assessment Threshold(Indicator indicator, MeasureShape shape, double actual, int months, DateOnly asOf, Forecast? forecast = null)
    {
        var target = indicator.Target!;
        var goal = target.Value!.Value;
        var atMost = target.Kind == TargetKind.AtMost;
        var yearOver = asOf >= target.Due!.Value;
        if (shape.IsAnnualFlow && months > 0)
        {
            var projection = actual / months * 12;
            var status = yearOver && months >= 12 ? Final(actual, goal, atMost)
                : forecast is { Low: { } low, High: { } high } ? Interval(low, high, goal, atMost)
                : Band(projection, goal, Math.Abs(goal) * RiskMargin, atMost);
            return new Assessment(status, goal * months / 12, projection, goal == 0 ? null : Math.Max(0, actual / goal));
        }

        var margin = IsRate(indicator) ? RiskMargin : Math.Abs(goal) * RiskMargin;
        var level = yearOver ? Final(actual, goal, atMost) : Band(actual, goal, margin, atMost);
        return new Assessment(level, null, null, LevelProgress(actual, goal, indicator.Baseline?.Value));
    }

    /// <summary>
    /// <c>trajectory</c>: expected = the straight line from (baseline period end, baseline value) to
    /// (due, target) at asOf; on_track if the latest value is at or beyond it (below for a
    /// <c>down</c> indicator), at_risk within 5 %, else off_track. Once due: achieved or missed.
    /// </summary>
    public static Assessment Trajectory(Indicator indicator, double actual, DateOnly asOf)
    {
        var target = indicator.Target!;
        var baseline = indicator.Baseline!;
        var due = target.Due!.Value;
        var goal = target.Value!.Value;
        var start = baseline.Period.End;
        var span = due.DayNumber - start.DayNumber;
        var elapsed = span <= 0 ? 1.0 : Math.Clamp((double)(asOf.DayNumber - start.DayNumber) / span, 0, 1);
        var expected = baseline.Value + ((goal - baseline.Value) * elapsed);
        var down = indicator.Direction == Direction.Down;
        var margin = IsRate(indicator) ? RiskMargin : Math.Abs(expected) * RiskMargin;
        var status = asOf >= due ? Final(actual, goal, down) : Band(actual, expected, margin, down);
        return new Assessment(status, expected, null, LevelProgress(actual, goal, baseline.Value));
    }

    /// <summary>True for an indicator whose values are rates (fractions): margins are in points.</summary>
    public static bool IsRate(Indicator indicator) => indicator.IsRatio || indicator.Unit == "taux";

    /// <summary>
    /// (actual − baseline) ÷ (target − baseline); without a usable baseline, actual ÷ target. Clamped
    /// below at 0, never above: 120 companies for a target of 100 is 1.2 (a bar is full at 1, its
    /// label shows the real share).
    /// </summary>
    public static double? LevelProgress(double actual, double goal, double? baseline) =>
        baseline is { } b && goal != b ? Math.Max(0, (actual - b) / (goal - b))
        : goal == 0 ? null
        : Math.Max(0, actual / goal);

    /// <summary>a ≥ b, tolerating rounding.</summary>
    public static bool AtLeast(double a, double b) => a >= b - (1e-9 * Math.Max(1, Math.Abs(b)));

    private static IndicatorStatus Final(double actual, double goal, bool atMost) =>
        Meets(actual, goal, atMost) ? IndicatorStatus.Achieved : IndicatorStatus.Missed;

    private static IndicatorStatus Band(double value, double goal, double margin, bool atMost) =>
        Meets(value, goal, atMost) ? IndicatorStatus.OnTrack
        : Meets(value, atMost ? goal + margin : goal - margin, atMost) ? IndicatorStatus.AtRisk
        : IndicatorStatus.OffTrack;

    /// <summary>The status an interval gives: all of it meets the goal, part of it, or none.</summary>
    private static IndicatorStatus Interval(double low, double high, double goal, bool atMost) =>
        Meets(atMost ? high : low, goal, atMost) ? IndicatorStatus.OnTrack
        : Meets(atMost ? low : high, goal, atMost) ? IndicatorStatus.AtRisk
        : IndicatorStatus.OffTrack;

    private static bool Meets(double value, double goal, bool atMost) => atMost ? AtLeast(-value, -goal) : AtLeast(value, goal);
}
