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
/// every département cell of it is hidden.</item>
/// <item>Secondary: while a hidden cell could be recomputed from the published figures — the total
/// minus the other cells of its group, FR − FR-MET − the other overseas départements, a derived sum
/// minus its other input (<see cref="DisclosureAudit"/>) — the smallest visible cell sharing a
/// relation with it that makes it unrecoverable is hidden too (else the smallest one, and again).
/// A cell alone under a published total (a single département reported) cannot be protected
/// without hiding the total, which stays exact: it is hidden but remains recoverable.</item>
/// </list>
/// Deterministic: ties between equal values go to the territory order, then the catalogue order.
/// </summary>
public static class SmallCountSuppression
{
    public const int DefaultThreshold = 5;

    public static Dashboard Apply(Dashboard dashboard, IndicatorCatalogue catalogue, int threshold = DefaultThreshold)
    {
        var sensitive = dashboard.Indicators
            .Where(r => catalogue.TryGet(r.Id, out var i) && i.Sensitive)
            .ToDictionary(r => r.Id, r => catalogue[r.Id]);
        if (sensitive.Count == 0)
        {
            return dashboard;
        }

        var cells = DepartementCells(dashboard).ToDictionary(c => c.Key, c => c.Value);
        var values = cells.Where(c => sensitive.ContainsKey(c.Key.Indicator)).ToDictionary(c => c.Key, c => c.Value);
        var hidden = values.Where(c => !IsCount(sensitive[c.Key.Indicator]) || c.Value < threshold).Select(c => c.Key).ToHashSet();
        Secondary(hidden, values, Relations(dashboard, catalogue, cells), dashboard);
        return dashboard with
        {
            Indicators = dashboard.Indicators
                .Select(r => r with { Territories = r.Territories.Select(c => hidden.Contains(new Cell(r.Id, c.Territory)) ? c with { Value = null } : c).ToArray() })
                .ToArray(),
        };
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

            var protects = candidates.FirstOrDefault(c => !audit.Recoverable(new HashSet<Cell>(hidden) { c }).Contains(exposed));
            hidden.Add(protects == default ? candidates[0] : protects);
        }
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
