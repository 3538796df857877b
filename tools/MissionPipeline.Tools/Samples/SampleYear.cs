using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// How the generated years differ from 2009, the year the samples were first written for (whose
/// files this leaves byte for byte as they were): each flow's level of the year, near the real
/// order of magnitude (removals about 23 000 in 2007, 30 000 in 2008, 28 000 in 2010), and its
/// months' seasonal profile (fewer removals in summer, more in the autumn), so that a forecast
/// made in 2010 has earlier years to take a profile from.
/// </summary>
internal static class SampleYear
{
    /// <summary>The year every level is relative to; its figures are not scaled.</summary>
    public const int Reference = 2009;

    /// <summary>The series whose level moves from year to year.</summary>
    public enum Series
    {
        Removals,
        AssistedReturns,
        Arrests,
        Operations,
        Asylum,
        Students,
        Integration,
        Naturalisations,
    }

    // The months' weights (mean 1): January to December.
    private static readonly double[] Season = [0.92, 0.95, 1.05, 1.0, 1.02, 1.0, 0.9, 0.85, 1.03, 1.08, 1.1, 1.1];

    /// <summary>
    /// <paramref name="value"/> scaled to <paramref name="month"/>: its series' level of the year
    /// times the month's seasonal weight, rounded; <see cref="Reference"/>'s value unchanged.
    /// </summary>
    public static int Scale(int value, Series series, Period month) =>
        month.Year == Reference ? value : (int)Math.Round(value * Level(series, month.Year) * Season[month.Index - 1], MidpointRounding.AwayFromZero);

    /// <summary>The level of <paramref name="year"/> against 2009's.</summary>
    public static double Level(Series series, int year) => (series, year) switch
    {
        (_, Reference) => 1,
        (Series.Removals, 2007) => 0.8,
        (Series.Removals, 2008) => 1.03,
        (Series.Removals, _) => 0.97,
        (Series.AssistedReturns, 2007) => 0.75,
        (Series.AssistedReturns, 2008) => 1.05,
        (Series.AssistedReturns, _) => 0.96,
        (Series.Arrests, 2007) => 0.85,
        (Series.Arrests, 2008) => 0.83,
        (Series.Arrests, _) => 1.02,
        (Series.Operations, 2007) => 0.85,
        (Series.Operations, 2008) => 0.78,
        (Series.Operations, _) => 1.05,
        (Series.Asylum, 2007) => 0.83,
        (Series.Asylum, 2008) => 0.95,
        (Series.Asylum, _) => 1.08,
        (Series.Students, 2007) => 0.94,
        (Series.Students, 2008) => 0.97,
        (Series.Students, _) => 1.03,
        (Series.Integration, 2007) => 0.85,
        (Series.Integration, 2008) => 0.92,
        (Series.Integration, _) => 1.02,
        (_, 2007) => 0.95,
        (_, 2008) => 1.0,
        _ => 1.0,
    };

    /// <summary>Agreements signed by the end of each quarter: « une dizaine » at the end of 2008, on the way to 20 by 2012.</summary>
    public static int Agreements(int year, int quarter) => year switch
    {
        <= 2007 => 5 + (quarter / 2),
        2008 => 7 + (3 * quarter / 4),
        Reference => 10 + quarter,
        _ => 14 + quarter,
    };
}
