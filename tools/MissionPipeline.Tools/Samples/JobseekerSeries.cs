using MissionPipeline.Cli.Samples;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// The one seasonally adjusted count of non-EU jobseekers of category A in metropolitan France that
/// every Pôle emploi sample is an estimate of: the monthly F0 file's first figure
/// (<see cref="CanonicalSamples.PoleEmploi"/>) and the yearly STMT workbooks' revised ones
/// (<see cref="StmtSample"/>), whence the demo's register extracts. Because they share it, a later
/// file revises an earlier one by the size of a real revision (a few hundred, about 0.5 %), never
/// by a jump between two unrelated levels.
/// </summary>
internal static class JobseekerSeries
{
    // The level each January: slow growth, the 2008–2009 crisis, then a plateau.
    private static readonly (int Year, int Level)[] Januaries =
    [
        (2005, 152_000), (2006, 158_000), (2007, 166_000), (2008, 172_000), (2009, 184_000), (2010, 203_000), (2011, 210_000),
    ];

    /// <summary>
    /// The count for <paramref name="month"/>: the January levels joined in straight lines (flat
    /// before the first and after the last), moved by a wobble of at most ± 400 that depends on the
    /// month alone (the same in every file that gives it).
    /// </summary>
    public static int Level(Period month)
    {
        var from = Array.FindIndex(Januaries, j => j.Year == month.Year);
        var trend = from switch
        {
            < 0 => month.Year < Januaries[0].Year ? Januaries[0].Level : Januaries[^1].Level,
            _ when from == Januaries.Length - 1 => Januaries[^1].Level,
            _ => Januaries[from].Level + ((Januaries[from + 1].Level - Januaries[from].Level) * (month.Index - 1) / 12),
        };
        var wobble = (int)(SampleRandom.Mix((ulong)((month.Year * 12) + month.Index)) % 801) - 400;
        return trend + wobble;
    }
}
