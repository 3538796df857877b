using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;

namespace MissionPipeline.Tests.Publishing;

/// <summary>
/// What a reader of a published snapshot can work out, written independently of the production
/// auditor (which uses Gaussian elimination): the relations a reader knows (every published total of
/// a count is the sum of the département cells it covers; eloignements = eloignements_forces +
/// retours_aides per département), solved by the reader's two moves until nothing new comes: a
/// relation with a single hidden cell gives it; a relation whose hidden cells include all those of
/// another (with the same coefficients) gives their difference, e.g. FR − FR-MET = the overseas
/// départements.
/// </summary>
internal static class SuppressionAttack
{
    /// <summary>The hidden cells (indicator id, territory code) that the published figures give away; <paramref name="truth"/> is the dashboard before suppression.</summary>
    public static HashSet<(string Indicator, string Territory)> Recovered(Dashboard published, Dashboard truth, IndicatorCatalogue catalogue)
    {
        var relations = Relations(published, truth, catalogue);
        var recovered = new HashSet<(string, string)>();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var relation in relations.ToArray())
            {
                var unknown = relation.Where(t => !recovered.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value);
                if (unknown.Count == 1 && recovered.Add(unknown.Keys.Single()))
                {
                    changed = true;
                }
            }

            foreach (var difference in Differences(relations, recovered))
            {
                relations.Add(difference);
                changed = true;
            }
        }

        return recovered;
    }

    private static List<Dictionary<(string, string), int>> Differences(List<Dictionary<(string, string), int>> relations, HashSet<(string, string)> recovered)
    {
        var reduced = relations.Select(r => r.Where(t => !recovered.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value)).Where(r => r.Count > 0).ToArray();
        var known = reduced.Select(Key).ToHashSet();
        var found = new List<Dictionary<(string, string), int>>();
        foreach (var a in reduced)
        {
            foreach (var b in reduced.Where(b => b.Count < a.Count && b.All(t => a.TryGetValue(t.Key, out var c) && c == t.Value)))
            {
                var difference = a.Where(t => !b.ContainsKey(t.Key)).ToDictionary(t => t.Key, t => t.Value);
                if (known.Add(Key(difference)))
                {
                    found.Add(difference);
                }
            }
        }

        return found;
    }

    private static string Key(Dictionary<(string, string), int> relation) =>
        string.Join(";", relation.OrderBy(t => t.Key.Item1, StringComparer.Ordinal).ThenBy(t => t.Key.Item2, StringComparer.Ordinal).Select(t => $"{t.Key.Item1}/{t.Key.Item2}/{t.Value}"));

    /// <summary>
    /// The relations that hold on the true figures (<paramref name="truth"/>: a relation that does not
    /// hold exactly gives no exact figure), over the cells hidden in <paramref name="published"/>.
    /// </summary>
    private static List<Dictionary<(string, string), int>> Relations(Dashboard published, Dashboard truth, IndicatorCatalogue catalogue)
    {
        var value = truth.Indicators.SelectMany(r => r.Territories.Select(c => ((r.Id.Value, c.Territory.Code), c.Value ?? 0))).ToDictionary(x => x.Item1, x => x.Item2);
        var hidden = published.Indicators.SelectMany(r => r.Territories.Where(c => c.Value is null).Select(c => (r.Id.Value, c.Territory.Code))).ToHashSet();
        var relations = new List<(Dictionary<(string, string), int> Terms, double Constant)>();
        foreach (var r in truth.Indicators.Where(r => catalogue[r.Id].Sensitive && SmallCountSuppression.IsCount(catalogue[r.Id])))
        {
            var departements = r.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement).ToArray();
            foreach (var (total, constant) in Totals(r, catalogue[r.Id]).Select(t => (t, t == catalogue[r.Id].Headline ? r.Actual!.Value : value[(r.Id.Value, t.Code)])))
            {
                relations.Add((departements.Where(c => Under(total, c.Territory)).ToDictionary(c => (r.Id.Value, c.Territory.Code), _ => 1), constant));
            }
        }

        var sums = truth.Indicators.Where(r => r.Id.Value == "eloignements");
        foreach (var cell in sums.SelectMany(r => r.Territories).Where(c => c.Territory.Kind == TerritoryKind.Departement))
        {
            var terms = new[] { ("eloignements", 1), ("eloignements_forces", -1), ("retours_aides", -1) }
                .Where(x => value.ContainsKey((x.Item1, cell.Territory.Code)))
                .ToDictionary(x => (x.Item1, cell.Territory.Code), x => x.Item2);
            relations.Add((terms, 0));
        }

        return relations
            .Where(r => Math.Abs(r.Terms.Sum(t => t.Value * value[t.Key]) - r.Constant) < 1e-9)
            .Select(r => r.Terms.Where(t => hidden.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value))
            .Where(r => r.Count > 0)
            .ToList();
    }

    /// <summary>The published aggregates of an indicator: its headline, and FR / FR-MET / FR-DOM / régions of its breakdown.</summary>
    public static IEnumerable<Territory> Totals(IndicatorResult r, Indicator indicator) =>
        (r.Actual is null ? [] : new[] { indicator.Headline })
            .Concat(r.Territories.Where(c => c.Value is not null && c.Territory.Kind != TerritoryKind.Departement).Select(c => c.Territory));

    public static bool Under(Territory total, Territory departement)
    {
        var d = Geography2009.Default.Departements.Single(x => x.Territory == departement);
        return total.Kind switch
        {
            TerritoryKind.France => true,
            TerritoryKind.Metropole => d.Metropolitan,
            TerritoryKind.OutreMer => !d.Metropolitan,
            _ => d.Region == total,
        };
    }
}
