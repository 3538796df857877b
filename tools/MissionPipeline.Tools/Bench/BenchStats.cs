using System.Diagnostics;

namespace MissionPipeline.Tools.Bench;

/// <summary>Medians and percentiles of repeated measurements.</summary>
internal static class BenchStats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The <paramref name="p"/>-th percentile (0–100) by nearest rank of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        return clock.Elapsed.TotalSeconds;
    }

    public static string F(double value, string format = "0.0") => value.ToString(format, BenchReport.Culture);

    public static string Runs(IEnumerable<double> values, string format = "0.00") => string.Join(" / ", values.Select(v => F(v, format)));
}
