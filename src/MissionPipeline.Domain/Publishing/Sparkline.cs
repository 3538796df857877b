using System.Globalization;
using System.Text;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;

namespace MissionPipeline.Publishing;

/// <summary>
/// The inline SVG sparkline of an indicator's headline series: periods placed on a month axis (a
/// missing month breaks the line instead of being bridged), the last point marked in the status
/// colour, for a level target (a rate or a stock) the target as a dashed line, and at a break of
/// the series (a definition change) a vertical mark the line does not cross. Its text alternative
/// lists every point in French, and the break. Coordinates are written with the invariant culture.
/// </summary>
internal static class Sparkline
{
    public const int Width = 168;
    public const int Height = 44;
    private const double Pad = 4;

    /// <summary>A <c>&lt;figure&gt;</c> holding the <c>&lt;svg&gt;</c> and its caption (the scale), or an empty string when the series has fewer than two points (nothing to draw a trend from).</summary>
    public static string Svg(IReadOnlyList<SeriesPoint> series, string unit, double? targetLine, IReadOnlyList<DateOnly>? breaks = null)
    {
        if (series.Count < 2)
        {
            return string.Empty;
        }

        // A break between two points: the first period starting on or after the change, other than the first point.
        var breakAt = (breaks ?? []).Select(b => series.Skip(1).Select((p, i) => (p, i: i + 1)).FirstOrDefault(x => x.p.Period.Start >= b && series[x.i - 1].Period.Start < b).i)
            .Where(i => i > 0).Distinct().ToHashSet();
        // Read aloud by screen readers, and shown as a tooltip: French typography, as the page's text.
        var label = Text.FrenchTypography.Apply("Série : " + string.Join(" ; ", series.Select((p, i) => (breakAt.Contains(i) ? "rupture de série ; " : string.Empty) + FrenchFormat.Period(p.Period) + " : " + Html.Value(p.Value, unit))));
        var values = series.Select(p => p.Value).Concat(targetLine is { } t ? [t] : []).ToArray();
        var (low, high) = (values.Min(), values.Max());
        if (high - low < 1e-12)
        {
            (low, high) = (low - 1, high + 1);
        }

        var first = MonthIndex(series[0].Period);
        var span = Math.Max(1, MonthIndex(series[^1].Period) - first);
        double X(Period p) => Pad + ((Width - (2 * Pad)) * (MonthIndex(p) - first) / span);
        double Y(double v) => Height - Pad - ((Height - (2 * Pad)) * (v - low) / (high - low));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"spark-line\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Escape(label)}\">"));
        svg.Append("<title>").Append(Html.Escape(label)).Append("</title>");
        svg.Append(Invariant($"<rect x=\"0.5\" y=\"0.5\" width=\"{Width - 1}\" height=\"{Height - 1}\" fill=\"#fbfbfd\" stroke=\"#e1e1e1\"/>"));
        if (targetLine is { } target)
        {
            svg.Append(Invariant($"<line x1=\"{Pad}\" x2=\"{Width - Pad}\" y1=\"{N(Y(target))}\" y2=\"{N(Y(target))}\" stroke=\"#7a7a7a\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"));
        }

        foreach (var i in breakAt.Order())
        {
            var x = (X(series[i - 1].Period) + X(series[i].Period)) / 2;
            svg.Append(Invariant($"<line class=\"break\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{Pad / 2}\" y2=\"{Height - (Pad / 2)}\" stroke=\"#ce0500\" stroke-width=\"1.2\" stroke-dasharray=\"2 2\"/>"));
        }

        foreach (var run in Runs(series, breakAt))
        {
            var points = string.Join(" ", run.Select(p => N(X(p.Period)) + "," + N(Y(p.Value))));
            svg.Append(run.Count == 1
                ? Invariant($"<circle cx=\"{N(X(run[0].Period))}\" cy=\"{N(Y(run[0].Value))}\" r=\"1.8\" fill=\"#000091\"/>")
                : Invariant($"<polyline points=\"{points}\" fill=\"none\" stroke=\"#000091\" stroke-width=\"1.6\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"));
        }

        var last = series[^1];
        svg.Append(Invariant($"<circle cx=\"{N(X(last.Period))}\" cy=\"{N(Y(last.Value))}\" r=\"3\" style=\"fill: var(--status)\" stroke=\"#fff\" stroke-width=\"1\"/>"));
        svg.Append("</svg>");

        // The scale: a line without its bounds could be a rise of 1 % or of 100 %.
        var lowest = series.Min(p => p.Value);
        var highest = series.Max(p => p.Value);
        return "<figure class=\"spark\">" + svg
            + "<figcaption class=\"scale\"><span>min " + Html.Escape(Html.Value(lowest, unit)) + "</span><span>max " + Html.Escape(Html.Value(highest, unit)) + "</span></figcaption></figure>";
    }

    /// <summary>Consecutive points without a gap or a break: the next period starts the day after the previous one ends, under the same definition.</summary>
    private static List<List<SeriesPoint>> Runs(IReadOnlyList<SeriesPoint> series, HashSet<int> breakAt)
    {
        var runs = new List<List<SeriesPoint>> { new() { series[0] } };
        for (var i = 1; i < series.Count; i++)
        {
            if (series[i].Period.Start != series[i - 1].Period.End.AddDays(1) || breakAt.Contains(i))
            {
                runs.Add([]);
            }

            runs[^1].Add(series[i]);
        }

        return runs;
    }

    private static int MonthIndex(Period p) => (p.End.Year * 12) + p.End.Month;

    private static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
