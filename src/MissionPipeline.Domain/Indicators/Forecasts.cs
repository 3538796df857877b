using MissionPipeline.Catalogue;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// A year-end forecast of an annual flow: its value, and its 80 % interval where the seasonal method
/// applies (<see cref="Low"/>, <see cref="High"/>; null for the straight line). Each figure is kept to
/// six decimals, as the JSON gives it: the CSV, the workbook and a page rendered again from the JSON
/// then say the same number (the CSV gave 27347.804306296992 beside the JSON's 27347.804306).
/// </summary>
public sealed record Forecast
{
    public Forecast(double value, double? low, double? high, string method)
    {
        (Value, Low, High, Method) = (Math.Round(value, 6), low is { } l ? Math.Round(l, 6) : null, high is { } h ? Math.Round(h, 6) : null, method);
    }

    public double Value { get; }

    public double? Low { get; }

    public double? High { get; }

    public string Method { get; }

    /// <summary>The earlier years' seasonal profile applied to the months reported, with an interval.</summary>
    public const string Seasonal = "seasonal";

    /// <summary>The months reported, extended to twelve in a straight line; no interval.</summary>
    public const string Linear = "linear";

    /// <summary>How many complete earlier years the seasonal profile was taken from (0 for the straight line).</summary>
    public int Years { get; init; }
}

/// <summary>
/// Year-end forecasts (INDICATORS.md, "Time: what was known when, revisions, forecasts"). Where at
/// least two complete earlier years of monthly data exist (among the five before), the share of the
/// year each of them had reached by the months reported this year is its seasonal profile: the
/// forecast is the figure to date divided by the mean share, and its 80 % interval is that value ±
/// 1.2816 standard deviations of the years' own estimates (the figure to date divided by each
/// year's share; a normal approximation, stated as such). Otherwise the straight line, without an
/// interval. Pure: the earlier years come from the engine's input.
/// </summary>
internal static class Forecasts
{
    /// <summary>The standard normal quantile of 90 %: a central 80 % interval is ± this many standard deviations.</summary>
    public const double Z80 = 1.2815515655446004;

    /// <summary>How many earlier years are looked at.</summary>
    public const int YearsLookedAt = 5;

    /// <summary>The forecast of <paramref name="indicator"/>'s headline territory, whose <paramref name="actual"/> to date counts the months <paramref name="reported"/> of <paramref name="year"/>.</summary>
    public static Forecast Of(Indicator indicator, double actual, IReadOnlyCollection<int> reported, int year, EngineContext ctx)
    {
        var linear = new Forecast(actual / reported.Count * 12, null, null, Forecast.Linear);
        var shares = new List<double>();
        for (var back = 1; back <= YearsLookedAt; back++)
        {
            var earlier = year - back;
            if (indicator.BreaksWithin(new DateOnly(earlier, 1, 1), new DateOnly(year, 1, 1)).Any())
            {
                break; // a year counted under another definition has another profile, and so has every year before it
            }
            var window = new Window(new DateOnly(earlier, 1, 1), new DateOnly(earlier, 12, 31));
            if (ctx.Source(indicator, window).Measure(indicator.Headline) is not { } measured)
            {
                continue;
            }

            var byMonth = measured.Series.Points
                .Where(p => p.Period.Kind == PeriodKind.Month && p.Period.Year == earlier)
                .ToDictionary(p => p.Period.Index, p => p.Amount.ValueOf(AmountKind.Value));
            if (Enumerable.Range(1, 12).Any(m => byMonth.GetValueOrDefault(m) is null))
            {
                continue; // an incomplete year says nothing reliable of a year's profile
            }

            var total = byMonth.Values.Sum(v => v!.Value);
            var partial = reported.Sum(m => byMonth[m]!.Value);
            if (total > 0 && partial > 0)
            {
                shares.Add(partial / total);
            }
        }

        if (shares.Count < 2)
        {
            return linear;
        }

        var value = actual / shares.Average();
        var estimates = shares.Select(s => actual / s).ToArray();
        var mean = estimates.Average();
        var deviation = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Length - 1));
        return new Forecast(value, value - (Z80 * deviation), value + (Z80 * deviation), Forecast.Seasonal) { Years = shares.Count };
    }
}
