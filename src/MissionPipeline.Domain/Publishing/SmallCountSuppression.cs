using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Small-count suppression (docs/indicators.md, "Publication and small numbers"), applied to a dashboard
/// before it is published. Only département cells of the indicators the catalogue marks
/// <c>sensitive</c> are ever hidden (their value becomes null, published as <c>"s"</c>); headline
/// values, series, FR / FR-MET / FR-DOM and régions stay exact.
/// <list type="bullet">
/// <item>Primary: a département cell of a count below the threshold (default 5; 0 included). A
/// sensitive rate or mean is not a count: its cells say nothing of how many people they cover, so
/// every département cell of it is hidden. Across snapshots: a cell of a flow whose value differs by
/// less than the threshold from a value an earlier snapshot published for it (<see cref="DisclosureHistory"/>),
/// since the difference would be a count of the months between.</item>
/// <item>Secondary: while a hidden cell could be recomputed from the published figures — the total
/// minus the other cells of its group, FR − FR-MET − the other overseas départements, a derived sum
/// minus its other input (<see cref="DisclosureAudit"/>) — the first such cell (in the order below)
/// is protected by hiding, in this order of preference:
/// <list type="number">
/// <item>the smallest visible cell sharing a relation with it that alone makes it unrecoverable;</item>
/// <item>else the cheapest rectangle that does: the table is two-dimensional (aggregates over the
/// départements of one indicator; derived sums across the indicators of one département), so a
/// cell (i, d) that is both under a total of i and in a derived sum at d is protected by hiding
/// (i, d'), (i', d) and (i', d') too, i' a sensitive indicator of that derived sum and d' a
/// département under a total of i with d (the same région where régions are published). The
/// rectangle kept makes the cell unrecoverable and adds the smallest total value, then the fewest
/// cells (those already hidden cost nothing);</item>
/// <item>else, as a last resort, the smallest cell sharing a relation with it, and again.</item>
/// </list>
/// So a single small input of a derived sum (Lozère's 0 voluntary returns) hides four cells, not
/// every département of both inputs. A cell alone under a published total (a single département
/// reported) cannot be protected without hiding the total, which stays exact: it is hidden but
/// remains recoverable.</item>
/// </list>
/// Deterministic: ties between equal values go to the territory order, then the catalogue order (of
/// the cell (i', d') for a rectangle).
/// </summary>
/// <summary>A département cell suppression hid: its value, and whether the published figures still give it away (a cell alone under a total).</summary>
public readonly record struct HiddenCell(IndicatorId Indicator, Territory Territory, double Value, bool Recoverable);

/// <summary>A dashboard as published, and what suppression hid in it.</summary>
public sealed record SuppressionResult(Dashboard Published, IReadOnlyList<HiddenCell> Hidden);

public static class SmallCountSuppression
{
    public const int DefaultThreshold = 5;

    /// <summary>Why a cell is « s », for a page's reader: not always a small count (a cell is hidden to protect another too).</summary>
    public const string Why = "soit il compte moins de 5 personnes, soit il ne diffère que de moins de 5 d'un chiffre déjà publié, soit il protège un autre chiffre masqué, qu'on retrouverait sinon par différence";

    /// <summary>The dashboard as published: the cells the rules hide set to null.</summary>
    /// <param name="dashboard">The dashboard as computed.</param>
    /// <param name="catalogue">Which indicators are sensitive, and how their cells add up.</param>
    /// <param name="threshold">The smallest count published (5 by default).</param>
    /// <param name="published">What the snapshots published before, or null to judge this one alone.</param>
    public static Dashboard Apply(Dashboard dashboard, IndicatorCatalogue catalogue, int threshold = DefaultThreshold, DisclosureHistory? published = null) =>
        Run(dashboard, catalogue, threshold, published).Published;

    /// <summary>As <see cref="Apply"/>, with what it hid: each hidden département cell, its value, and whether the published figures still give it away.</summary>
    public static SuppressionResult Run(Dashboard dashboard, IndicatorCatalogue catalogue, int threshold = DefaultThreshold, DisclosureHistory? published = null)
    {
        var sensitive = dashboard.Indicators
            .Where(r => catalogue.TryGet(r.Id, out var i) && i.Sensitive)
            .ToDictionary(r => r.Id, r => catalogue[r.Id]);
        if (sensitive.Count == 0)
        {
            return new SuppressionResult(dashboard, []);
        }

        var cells = DepartementCells(dashboard).ToDictionary(c => c.Key, c => c.Value);
        var values = cells.Where(c => sensitive.ContainsKey(c.Key.Indicator)).ToDictionary(c => c.Key, c => c.Value);
        var hidden = values.Where(c => !IsCount(sensitive[c.Key.Indicator]) || c.Value < threshold).Select(c => c.Key).ToHashSet();
        var audit = Relations(dashboard, catalogue, cells);
        var keys = dashboard.Indicators.Where(r => sensitive.TryGetValue(r.Id, out var i) && DisclosureHistory.Follows(i))
            .ToDictionary(r => r.Id, r => DisclosureHistory.KeyOf(r, sensitive[r.Id], dashboard.AsOf));
        if (published is not null)
        {
            hidden.UnionWith(values.Keys.Where(c => keys.TryGetValue(c.Indicator, out var k)
                && (published.Discloses(c.Indicator, c.Territory, k.WindowStart, k.Coverage, values[c], threshold) || published.KeepsHidden(c.Indicator, c.Territory, k.WindowStart, k.Coverage, values[c]))));
        }

        Secondary(hidden, values, audit, dashboard);
        var weighed = WeighedGroups(audit);
        // A total less its shown cells is what its hidden cells weigh together: below the threshold, a count
        // (0: each of them 0). Less what each weighed when last shown, what they gained together: the same.
        for (var guard = 0;
             guard < values.Count
             && (HideOneMoreWhereTheyWeighLittle(hidden, values, weighed, threshold)
                 || (published is not null && HideOneMoreWhereTheyMovedTogetherLittle(hidden, values, audit, keys, published, threshold)));
             guard++)
        {
            Secondary(hidden, values, audit, dashboard);
        }

        var recoverable = audit.Recoverable(hidden);
        return new SuppressionResult(
            dashboard with
            {
                Indicators = dashboard.Indicators
                    .Select(r => r with { Territories = r.Territories.Select(c => hidden.Contains(new Cell(r.Id, c.Territory)) ? c with { Value = null } : c).ToArray() })
                    .ToArray(),
            },
            hidden.Select(c => new HiddenCell(c.Indicator, c.Territory, values[c], recoverable.Contains(c))).ToArray());
    }

    /// <summary>
    /// For the first published total, or difference of two nested totals, whose hidden cells (two or
    /// more: one alone is the secondary rule's) weigh less than <paramref name="threshold"/> together,
    /// hides one more of its cells, the smallest shown (none left to hide: a total whose every cell is
    /// hidden, which stays exact as every total does). Lozère's 0 and Pas-de-Calais's 3 hidden under a published total left « 3 » for
    /// the two (red team, préfet). False when every total passes, or when none can be helped.
    /// </summary>
    private static bool HideOneMoreWhereTheyWeighLittle(HashSet<Cell> hidden, Dictionary<Cell, double> values, Cell[][] groups, int threshold)
    {
        foreach (var group in groups)
        {
            var inside = group.Where(hidden.Contains).ToArray();
            if (inside.Length < 2 || Math.Abs(inside.Sum(c => values[c])) >= threshold)
            {
                continue;
            }

            var next = group.Where(c => !hidden.Contains(c) && values.ContainsKey(c)).OrderBy(c => values[c]).FirstOrDefault();
            if (next != default)
            {
                hidden.Add(next);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The groups of cells whose sum a reader learns, as <see cref="HideOneMoreWhereTheyWeighLittle"/>
    /// weighs them: each published total's cells, and the difference of two nested ones (FR less
    /// FR-MET: the overseas départements), which a reader subtracts as well (review). The smallest
    /// first: the overseas départements' own difference is helped by an overseas cell, before the whole
    /// of France would take a metropolitan one (stable: then in relation order). They depend on the
    /// relations only, so they are built once per run.
    /// </summary>
    private static Cell[][] WeighedGroups(DisclosureAudit audit)
    {
        var totals = audit.Relations.Where(r => r.Length > 0 && r.All(t => t.Sign == 1)).Select(r => r.Select(t => t.Cell).ToHashSet()).ToArray();
        return totals.Select(t => t.ToArray()).Concat(
                from outer in totals
                from inner in totals
                where inner.Count < outer.Count && inner.First().Indicator == outer.First().Indicator && inner.IsSubsetOf(outer)
                select outer.Except(inner).ToArray())
            .OrderBy(g => g.Length)
            .ToArray();
    }

    /// <summary>
    /// For the first published total whose hidden cells all were shown before and gained less than
    /// <paramref name="threshold"/> together since (<see cref="DisclosureHistory.Nearest"/>), hides one
    /// more of its cells: the smallest never shown (what the cells gained is then unknown), else the
    /// smallest that gained at least the threshold itself. False when every total passes, or when none can be helped.
    /// </summary>
    private static bool HideOneMoreWhereTheyMovedTogetherLittle(HashSet<Cell> hidden, Dictionary<Cell, double> values, DisclosureAudit audit, Dictionary<IndicatorId, (DateOnly WindowStart, string Coverage)> keys, DisclosureHistory published, int threshold)
    {
        double? Gained(Cell c) => keys.TryGetValue(c.Indicator, out var k) && published.Nearest(c.Indicator, c.Territory, k.WindowStart, values[c]) is { } before ? values[c] - before : null;

        foreach (var relation in audit.Relations.Where(r => r.All(t => t.Sign == 1)))
        {
            var inside = relation.Where(t => hidden.Contains(t.Cell)).Select(t => t.Cell).ToArray();
            if (inside.Length == 0 || inside.Any(c => Gained(c) is null))
            {
                continue;
            }

            var together = inside.Sum(c => Gained(c)!.Value);
            if (Math.Abs(together) >= threshold)
            {
                continue;
            }

            var candidates = relation.Select(t => t.Cell).Where(c => !hidden.Contains(c) && values.ContainsKey(c)).ToArray();
            var next = candidates.Where(c => Gained(c) is null).OrderBy(c => values[c]).FirstOrDefault();
            if (next == default)
            {
                next = candidates.Where(c => Math.Abs(together + Gained(c)!.Value) >= threshold).OrderBy(c => values[c]).FirstOrDefault();
            }

            if (next != default)
            {
                hidden.Add(next);
                return true;
            }
        }

        return false;
    }

    /// <summary>True for an indicator whose cells count people or events (sums and stocks of counts), so that cells add up.</summary>
    public static bool IsCount(Indicator indicator) =>
        !TargetRules.IsRate(indicator)
        && indicator.Aggregation is Aggregation.Sum or Aggregation.Last or Aggregation.Derived
        && indicator.Derivation?.Kind is null or DerivationKind.Sum;

    private static void Secondary(HashSet<Cell> hidden, Dictionary<Cell, double> values, DisclosureAudit audit, Dashboard dashboard)
    {
        var order = new CellOrder(dashboard.Indicators.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i));
        var unprotectable = new HashSet<Cell>();
        while (true)
        {
            var recoverable = audit.Recoverable(hidden).Where(c => !unprotectable.Contains(c)).Order(order).ToArray();
            if (recoverable.Length == 0)
            {
                return;
            }

            var exposed = recoverable[0];
            var candidates = audit.Neighbours(exposed)
                .Where(c => values.ContainsKey(c) && !hidden.Contains(c))
                .OrderBy(c => values[c]).ThenBy(c => c, order)
                .ToArray();
            if (candidates.Length == 0)
            {
                unprotectable.Add(exposed);
                continue;
            }

            var protects = candidates.FirstOrDefault(c => Protects(audit, hidden, [c], exposed));
            if (protects != default)
            {
                hidden.Add(protects);
                continue;
            }

            var rectangle = Rectangles(exposed, hidden, values, audit, order).FirstOrDefault(r => Protects(audit, hidden, r, exposed));
            if (rectangle is not null)
            {
                hidden.UnionWith(rectangle);
                continue;
            }

            hidden.Add(candidates[0]);
        }
    }

    private static bool Protects(DisclosureAudit audit, HashSet<Cell> hidden, IEnumerable<Cell> added, Cell exposed)
    {
        var after = new HashSet<Cell>(hidden);
        after.UnionWith(added);
        return !audit.Recoverable(after).Contains(exposed);
    }

    /// <summary>
    /// The rectangles that could protect <paramref name="exposed"/> (i, d) where no single cell does:
    /// {(i, d'), (i', d), (i', d')} for every département d' under an aggregate of i with d, and every
    /// sensitive indicator i' in a derived sum with i at d. Hiding (i', d) takes the derived sum
    /// away; hiding (i, d') and (i', d') takes the aggregates of i and i' away, and their derived sum
    /// at d' is then no longer enough to solve the four. Only the cells not yet hidden are returned,
    /// cheapest first: the smallest total value, then the fewest cells, then the order of (i', d').
    /// </summary>
    private static IEnumerable<Cell[]> Rectangles(Cell exposed, HashSet<Cell> hidden, Dictionary<Cell, double> values, DisclosureAudit audit, CellOrder order)
    {
        var neighbours = audit.Neighbours(exposed).Where(values.ContainsKey).ToArray();
        var indicators = neighbours.Where(c => c.Territory == exposed.Territory).Select(c => c.Indicator).Distinct();
        var territories = neighbours.Where(c => c.Indicator == exposed.Indicator).Select(c => c.Territory).Distinct().ToArray();
        return indicators
            .SelectMany(i => territories.Select(d => new Cell(i, d)))
            .Select(corner => (Corner: corner, Cells: new[] { corner with { Indicator = exposed.Indicator }, corner with { Territory = exposed.Territory }, corner }))
            .Where(r => r.Cells.All(values.ContainsKey))
            .Select(r => (r.Corner, Added: r.Cells.Where(c => !hidden.Contains(c)).ToArray()))
            .Where(r => r.Added.Length > 0)
            .OrderBy(r => r.Added.Sum(c => values[c])).ThenBy(r => r.Added.Length).ThenBy(r => r.Corner, order)
            .Select(r => r.Added);
    }

    /// <summary>
    /// Every relation between the département cells of counts that holds on the figures
    /// (<see cref="DisclosureAudit"/>). One that does not hold exactly (a reported national value
    /// that differs from its départements; removals whose headline also counts départements where
    /// only one of its inputs reported) gives a reader no exact figure, so it is left out.
    /// </summary>
    private static DisclosureAudit Relations(Dashboard dashboard, IndicatorCatalogue catalogue, Dictionary<Cell, double> cells)
    {
        var counts = dashboard.Indicators.Where(r => catalogue.TryGet(r.Id, out var i) && IsCount(i)).ToDictionary(r => r.Id);
        var relations = new List<Term[]>();
        foreach (var r in counts.Values)
        {
            var departements = r.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement && c.Value is not null).ToArray();
            foreach (var (total, value) in PublishedAggregates(r, catalogue[r.Id]))
            {
                var terms = departements
                    .Where(c => Geography2009.Default.TryGetDepartement(c.Territory, out var d) && TerritoryRollup.Covers(total, d))
                    .Select(c => new Term(new Cell(r.Id, c.Territory), 1))
                    .ToArray();
                if (Holds(terms, value, cells))
                {
                    relations.Add(terms);
                }
            }

            if (catalogue[r.Id].Derivation is { Kind: DerivationKind.Sum } derivation && derivation.Of.All(counts.ContainsKey))
            {
                relations.AddRange(DerivedSums(r, derivation.Of.Select(id => counts[id]).ToArray()).Where(t => Holds(t, 0, cells)));
            }
        }

        return new DisclosureAudit(relations.Where(t => t.Length > 0).ToArray());
    }

    private static bool Holds(Term[] terms, double constant, Dictionary<Cell, double> cells)
    {
        var sum = terms.Sum(t => t.Sign * cells.GetValueOrDefault(t.Cell));
        return Math.Abs(sum - constant) <= 1e-9 * Math.Max(1, Math.Abs(constant));
    }

    private static IEnumerable<(Territory Territory, double Value)> PublishedAggregates(IndicatorResult r, Indicator indicator)
    {
        if (r.Actual is { } actual)
        {
            yield return (indicator.Headline, actual);
        }

        foreach (var cell in r.Territories.Where(c => c.Value is not null && c.Territory.Kind is TerritoryKind.France or TerritoryKind.Metropole or TerritoryKind.OutreMer or TerritoryKind.Region))
        {
            yield return (cell.Territory, cell.Value!.Value);
        }
    }

    private static IEnumerable<Term[]> DerivedSums(IndicatorResult sum, IndicatorResult[] inputs)
    {
        // Where the sum has no cell, an input was missing there: the relation does not hold.
        var all = new[] { sum }.Concat(inputs).ToArray();
        foreach (var t in sum.Territories.Select(c => c.Territory).Where(t => t.Kind == TerritoryKind.Departement))
        {
            yield return all.Select((r, i) => (r, Sign: i == 0 ? 1 : -1))
                .Where(x => x.r.Territories.Any(c => c.Territory == t))
                .Select(x => new Term(new Cell(x.r.Id, t), x.Sign))
                .ToArray();
        }
    }

    private static IEnumerable<KeyValuePair<Cell, double>> DepartementCells(Dashboard dashboard) =>
        dashboard.Indicators.SelectMany(r => r.Territories
            .Where(c => c.Territory.Kind == TerritoryKind.Departement && c.Value is not null)
            .Select(c => KeyValuePair.Create(new Cell(r.Id, c.Territory), c.Value!.Value)));

    private sealed class CellOrder(IReadOnlyDictionary<IndicatorId, int> indicators) : IComparer<Cell>
    {
        public int Compare(Cell x, Cell y)
        {
            var c = TerritoryOrder.Instance.Compare(x.Territory, y.Territory);
            return c != 0 ? c : indicators[x.Indicator].CompareTo(indicators[y.Indicator]);
        }
    }
}
