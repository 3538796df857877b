using System.Globalization;
using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// The maps of the national page: for every indicator published by département, a choropleth of the
/// départements of 2009 (<see cref="MapOutlines"/>), inline SVG and no script. Each département's
/// outline is written once per page (<see cref="WriteOutlines"/>) and drawn by every map with
/// <c>&lt;use&gt;</c>, so the page stays light; the overseas départements are framed insets. A value
/// falls in one of at most <see cref="Colours"/>' five classes by its rank among the distinct
/// published values (quantiles: each class holds about as many values, so one large département does
/// not flatten the others), a hidden cell (« s ») is hatched and never placed in a class, a
/// département without a value is grey. Each département links to its page (<c>territoires/DEP-75.html</c>,
/// relative: the snapshot folder's own page, or <c>mission serve</c>'s from <c>/</c>)
/// and names its value on hover. The legend gives each class's range as published.
/// </summary>
public static class ChoroplethMap
{
    /// <summary>The classes' fills, lightest (smallest values) first: a sequential blue readable in greyscale print.</summary>
    public static IReadOnlyList<string> Colours { get; } = ["#dfe6fb", "#a9bbee", "#7390de", "#3f63c4", "#14328f"];

    /// <summary>The fill of a département without a published value.</summary>
    public const string NoData = "#eeeeee";

    /// <summary>The fill of a département outside the indicator's national figure: white, apart from every class and from « sans données ».</summary>
    public const string OutsideFill = "#ffffff";

    /// <summary>The indicators a map is drawn for: those with at least one département in their published territories.</summary>
    public static IEnumerable<IndicatorResult> Mapped(Dashboard dashboard) =>
        dashboard.Indicators.Where(r => r.Territories.Any(t => t.Territory.Kind == TerritoryKind.Departement));

    /// <summary>
    /// The class (0-based) of each distinct published value: with n distinct values and k = min(5, n)
    /// classes, the j-th smallest is in class ⌊j·k/n⌋, so classes follow the values' order and equal values share one.
    /// </summary>
    public static IReadOnlyDictionary<double, int> Classes(IEnumerable<double> values)
    {
        var distinct = values.Distinct().Order().ToArray();
        var k = Math.Min(Colours.Count, distinct.Length);
        return distinct.Select((v, j) => (v, j)).ToDictionary(x => x.v, x => x.j * k / distinct.Length);
    }

    /// <summary>The outlines every map of the page draws, and the hatching of hidden cells: once per page, in an SVG that takes no room.</summary>
    internal static void WriteOutlines(StringBuilder html)
    {
        html.Append("<svg class=\"map-defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>\n")
            .Append("<pattern id=\"hachures\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#666666\" stroke-width=\"2.2\"/></pattern>\n");
        foreach (var (territory, path) in MapOutlines.Default.Paths.OrderBy(p => p.Key.Code, StringComparer.Ordinal))
        {
            html.Append("<path id=\"").Append(Id(territory)).Append("\" d=\"").Append(path).Append("\"/>\n");
        }

        html.Append("</defs></svg>\n");
    }

    /// <summary>
    /// The map of one indicator, as a figure with its caption and legend. The classes are those of
    /// the départements its national figure (<paramref name="national"/>) counts: an overseas
    /// département outside France métropolitaine is drawn apart (« hors champ »), with its value if it
    /// has one, so that Guyane's removals neither set the metropolitan classes nor read « sans
    /// données » (red team, préfet).
    /// </summary>
    internal static void Write(StringBuilder html, IndicatorResult result, DateOnly asOf, Territory national)
    {
        var (departements, classes, ranges, decimals) = Layout(result, national);
        var outside = "hors champ (chiffre de " + IndicatorCard.TerritoryName(national) + ")";
        var anyOutside = false;
        var id = "carte-" + result.Id.Value;
        html.Append(Invariant($"<figure class=\"map\" id=\"{id}\" data-indicator=\"{result.Id.Value}\">\n<figcaption><strong>"))
            .Append(Html.Escape(result.Title)).Append("</strong> par département, situation au ").Append(Html.Escape(FrenchFormat.Date(asOf))).Append("</figcaption>\n")
            .Append(Invariant($"<svg class=\"map-svg\" viewBox=\"{MapOutlines.Default.ViewBox}\" role=\"img\" aria-labelledby=\"{id}-titre\"><title id=\"{id}-titre\">"))
            .Append(Html.Escape($"Carte des départements : {result.Title}")).Append("</title>\n");
        foreach (var inset in MapOutlines.Default.Insets)
        {
            html.Append(Invariant($"<rect class=\"inset\" x=\"{inset.X}\" y=\"{inset.Y}\" width=\"{inset.Width}\" height=\"{inset.Height}\"/>"))
                .Append(Invariant($"<text class=\"inset-label\" x=\"{inset.X + 4}\" y=\"{inset.Y + 13}\">{inset.Departement.LocalCode}</text>\n"));
        }

        foreach (var departement in Geography2009.Default.Departements)
        {
            var territory = departement.Territory;
            if (!MapOutlines.Default.Paths.ContainsKey(territory))
            {
                continue;
            }

            var counted = TerritoryView.CountedIn(territory, national);
            anyOutside |= !counted;
            var (fill, words) = departements.TryGetValue(territory, out var value)
                ? value is not { } v ? ("s", "s (secret statistique)")
                : counted ? ("c" + (classes[v] + 1).ToString(CultureInfo.InvariantCulture), Shown(v, result.Unit, decimals))
                : ("hors", $"{Shown(v, result.Unit, decimals)}, {outside}")
                : counted ? ("nd", "sans données") : ("hors", outside);
            html.Append("<a href=\"").Append(SnapshotFiles.TerritoryPage(territory)).Append("\"><use href=\"#").Append(Id(territory)).Append("\" class=\"").Append(fill).Append('"');
            if (value is { } shown)
            {
                html.Append(" data-value=\"").Append(shown.ToString("R", CultureInfo.InvariantCulture)).Append('"');
            }

            html.Append("><title>").Append(Html.Escape($"{departement.Name} ({territory.LocalCode}) : {words}")).Append("</title></use></a>\n");
        }

        html.Append("</svg>\n<ul class=\"map-legend\">\n");
        foreach (var (@class, low, high) in ranges)
        {
            var (lowText, highText) = (Shown(low, result.Unit, decimals), Shown(high, result.Unit, decimals));
            html.Append(Invariant($"<li><svg class=\"swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" class=\"c{@class + 1}\"/></svg>"))
                .Append(Html.Escape(low == high ? lowText : $"de {lowText} à {highText}")).Append("</li>\n");
        }

        if (departements.Values.Any(v => v is null))
        {
            html.Append("<li><svg class=\"swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" class=\"s\"/></svg>« s » : masqué (secret statistique)</li>\n");
        }

        if (anyOutside)
        {
            html.Append("<li><svg class=\"swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" class=\"hors\"/></svg>").Append(Html.Escape(outside)).Append("</li>\n");
        }

        if (MapOutlines.Default.Paths.Keys.Any(t => !departements.ContainsKey(t) && TerritoryView.CountedIn(t, national)))
        {
            html.Append("<li><svg class=\"swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" class=\"nd\"/></svg>sans données</li>\n");
        }

        html.Append("</ul>\n</figure>\n");
    }

    /// <summary>
    /// The decimals the map of <paramref name="result"/> writes its values with (<see cref="Decimals"/>),
    /// or null for the unit's usual notation: a département's page writes its value with them too, so
    /// that Lozère reads 9,87 on the map and on the page it links to (it read 9,9 there: red team, préfet).
    /// </summary>
    internal static int? DecimalsOf(IndicatorResult result, Territory national) => Layout(result, national).Decimals;

    /// <summary>The map's départements and values, the classes of those its national figure counts, each class's bounds, and the decimals it writes them with.</summary>
    private static (Dictionary<Territory, double?> Departements, IReadOnlyDictionary<double, int> Classes, (int Class, double Low, double High)[] Ranges, int? Decimals) Layout(IndicatorResult result, Territory national)
    {
        var departements = result.Territories.Where(t => t.Territory.Kind == TerritoryKind.Departement).ToDictionary(t => t.Territory, t => t.Value);
        var inScope = departements.Where(d => TerritoryView.CountedIn(d.Key, national)).Select(d => d.Value).OfType<double>().ToArray();
        var classes = Classes(inScope);
        var ranges = classes.GroupBy(c => c.Value, c => c.Key).OrderBy(g => g.Key).Select(g => (Class: g.Key, Low: g.Min(), High: g.Max())).ToArray();
        return (departements, classes, ranges, Decimals([.. ranges.Select(r => (r.Low, r.High))], departements.Values.OfType<double>(), result.Unit));
    }

    /// <summary>
    /// The decimals a map writes its values and its legend's bounds with, or null for the unit's usual
    /// notation (<see cref="Html.Value"/>). More when two neighbouring classes' bounds would read alike
    /// (10,7786 and 10,8172 both « 10,8 », a département shown 10,8 then read as in two classes): the
    /// fewest that tell every such pair apart, and then every value of the map and every bound is
    /// written with them, so that a value on hover reads with the legend's digits (« 10,78 », in
    /// « de 9,60 à 10,78 »), never with fewer. Ranks keep their notation (whole, never alike).
    /// </summary>
    private static int? Decimals((double Low, double High)[] ranges, IEnumerable<double> values, string unit)
    {
        if (unit == "rang")
        {
            return null;
        }

        var scale = unit == "taux" ? 100 : 1; // a rate's decimals are its percentage's
        var usual = values.Select(v => FrenchFormat.UsualDecimals(v, unit)).DefaultIfEmpty(FrenchFormat.UsualDecimals(0, unit)).Max();
        int? needed = null;
        for (var i = 1; i < ranges.Length; i++)
        {
            var (below, above) = (ranges[i - 1].High * scale, ranges[i].Low * scale);
            var d = usual;
            while (d < 6 && Math.Round(below, d, MidpointRounding.AwayFromZero) == Math.Round(above, d, MidpointRounding.AwayFromZero))
            {
                d++;
            }

            if (d > usual)
            {
                needed = Math.Max(needed ?? 0, d);
            }
        }

        return needed;
    }

    private static string Shown(double value, string unit, int? decimals) =>
        decimals is { } d ? FrenchFormat.Value(value, unit, d) : Html.Value(value, unit);

    /// <summary>The style of the maps, part of the page's style sheet.</summary>
    internal static string Css { get; } = string.Concat(Colours.Select((c, i) => Invariant($".map .c{i + 1} {{ fill: {c}; }}\n")))
        + Invariant($".map .nd {{ fill: {NoData}; }}\n")
        + Invariant($".map .hors {{ fill: {OutsideFill}; }}\n")
        + """
        .map .s { fill: url(#hachures); }
        .map-defs { position: absolute; width: 0; height: 0; overflow: hidden; }
        .maps { margin-top: 28px; }
        .map-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(420px, 100%), 1fr)); gap: 16px; }
        .map { margin: 0; background: #fff; border: 1px solid #dddddd; padding: 10px 12px; break-inside: avoid; }
        .map figcaption { font-size: 15px; margin-bottom: 6px; }
        .map-svg { width: 100%; height: auto; display: block; }
        .map-svg use { stroke: #ffffff; stroke-width: 0.6; }
        .map-svg use.hors { stroke: #929292; }
        .map-svg a:hover use, .map-svg a:focus use { stroke: #161616; stroke-width: 1.5; }
        .map-svg .inset { fill: none; stroke: #929292; stroke-width: 0.8; }
        .map-svg .inset-label { font-size: 12px; fill: #3a3a3a; }
        .map-legend { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; }
        .map-legend .swatch { width: 14px; height: 14px; vertical-align: -2px; margin-right: 5px; }
        .map-legend .swatch rect { stroke: #929292; stroke-width: 1; }
        @media print {
          .maps { break-before: page; margin-top: 0; }
          .maps-note { font-size: 8pt; }
          .map-grid { grid-template-columns: 1fr 1fr; gap: 8px; }
          .map { padding: 6px 8px; }
          .map figcaption { font-size: 9pt; }
          .map-legend { font-size: 7.5pt; }
        }
        """;

    private static string Id(Territory territory) => "dep-" + territory.LocalCode.ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
