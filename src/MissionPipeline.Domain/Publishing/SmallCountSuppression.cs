using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Small-count suppression (INDICATORS.md, "Publication and small numbers"), applied to a dashboard
/// before it is published. For every indicator the catalogue marks <c>sensitive</c>, a département
/// cell below the threshold is hidden (its value becomes null, published as <c>"s"</c>); when a
/// single cell of a count is hidden, it could be recomputed from the total, so the next smallest
/// département cell is hidden too. Headline values, series and other territories stay exact.
/// </summary>
public static class SmallCountSuppression
{
    public const int DefaultThreshold = 5;

    public static Dashboard Apply(Dashboard dashboard, IndicatorCatalogue catalogue, int threshold = DefaultThreshold) =>
        dashboard with
        {
            Indicators = dashboard.Indicators
                .Select(r => catalogue.TryGet(r.Id, out var indicator) && indicator.Sensitive ? Suppress(r, indicator, threshold) : r)
                .ToArray(),
        };

    private static IndicatorResult Suppress(IndicatorResult result, Indicator indicator, int threshold)
    {
        var visible = result.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement && c.Value is not null).ToArray();
        var hidden = visible.Where(c => c.Value < threshold).Select(c => c.Territory).ToHashSet();

        // A rate cannot be recomputed from the national rate alone; a count can, by difference.
        if (hidden.Count == 1 && !TargetRules.IsRate(indicator))
        {
            var next = visible.Where(c => !hidden.Contains(c.Territory))
                .OrderBy(c => c.Value).ThenBy(c => c.Territory, TerritoryOrder.Instance)
                .FirstOrDefault();
            if (next is not null)
            {
                hidden.Add(next.Territory);
            }
        }

        return hidden.Count == 0
            ? result
            : result with { Territories = result.Territories.Select(c => hidden.Contains(c.Territory) ? c with { Value = null } : c).ToArray() };
    }
}
