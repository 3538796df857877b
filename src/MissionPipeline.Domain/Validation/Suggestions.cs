namespace MissionPipeline.Validation;

/// <summary>Finds what someone probably meant when they mistyped a name (a column, an indicator id).</summary>
internal static class Suggestions
{
    /// <summary>
    /// The candidate nearest to <paramref name="text"/> by edit distance (insertions, deletions,
    /// substitutions), if it is at most <paramref name="maxDistance"/> away; ties go to the first
    /// candidate. Comparison is ordinal: fold both sides first when case or accents must not count.
    /// </summary>
    public static string? Closest(string text, IEnumerable<string> candidates, int maxDistance)
    {
        string? best = null;
        var bestDistance = maxDistance + 1;
        foreach (var candidate in candidates)
        {
            var d = Distance(text, candidate, bestDistance);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best;
    }

    /// <summary>The Levenshtein distance, or any value ≥ <paramref name="cap"/> once it is known to reach it.</summary>
    public static int Distance(string a, string b, int cap = int.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) >= cap)
        {
            return cap;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin >= cap)
            {
                return cap;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
