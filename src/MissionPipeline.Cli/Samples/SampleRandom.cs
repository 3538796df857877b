namespace MissionPipeline.Cli.Samples;

/// <summary>
/// Deterministic pseudo-random numbers for generated files (SplitMix64): the same seed gives the same
/// sequence on every machine and runtime, which <see cref="Random"/> does not promise. Integer
/// arithmetic only, so that generated files are byte-identical everywhere.
/// </summary>
internal sealed class SampleRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A seed of its own for a part of a sample (an agency, a month), so that parts do not shift when another changes.</summary>
    public static ulong Derive(ulong seed, string part)
    {
        var h = seed;
        foreach (var c in part)
        {
            h = Mix(h ^ c);
        }

        return h;
    }

    /// <summary>SplitMix64's finaliser: a bijection of 64-bit integers, so distinct inputs give distinct outputs.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>An integer in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)(NextUInt64() % (ulong)count);

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary><paramref name="value"/> moved by up to ± <paramref name="percent"/> %, never below 0.</summary>
    public int Around(int value, int percent) => Math.Max(0, value + (value * (Next((2 * percent) + 1) - percent) / 100));

    /// <summary>An index drawn with the given integer weights.</summary>
    public int Pick(ReadOnlySpan<int> weights) => Pick(weights, NextUInt64());

    /// <summary>The index that <paramref name="draw"/> falls on with the given integer weights.</summary>
    public static int Pick(ReadOnlySpan<int> weights, ulong draw)
    {
        var total = 0L;
        foreach (var w in weights)
        {
            total += w;
        }

        var point = (long)(draw % (ulong)total);
        for (var i = 0; i < weights.Length; i++)
        {
            point -= weights[i];
            if (point < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}

/// <summary>A choice among items with integer weights, drawn in logarithmic time (cumulative weights).</summary>
internal sealed class WeightedChoice
{
    private readonly long[] _cumulative;

    public WeightedChoice(IEnumerable<int> weights)
    {
        var total = 0L;
        _cumulative = weights.Select(w => total += w).ToArray();
    }

    /// <summary>The index that <paramref name="draw"/> (any 64-bit number) falls on.</summary>
    public int Index(ulong draw)
    {
        var point = (long)(draw % (ulong)_cumulative[^1]);
        var i = Array.BinarySearch(_cumulative, point);
        return i >= 0 ? i + 1 : ~i;
    }
}
