using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MissionPipeline.Geography;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed partial class ChoroplethMapTests
{
    [Theory]
    [InlineData(new double[] { 5, 1, 3, 2, 4 }, new[] { 0, 1, 2, 3, 4 })] // 1..5 in order
    [InlineData(new double[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, new[] { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 })]
    [InlineData(new double[] { 7, 7, 7, 9 }, new[] { 0, 0, 0, 1 })] // equal values share a class; two distinct, two classes
    [InlineData(new double[] { 42 }, new[] { 0 })]
    [InlineData(new double[] { 1, 2, 3, 1000 }, new[] { 0, 1, 2, 3 })] // one large value does not flatten the others
    public void Classes_Values_ByRankAtMostFive(double[] values, int[] expected)
    {
        var classes = ChoroplethMap.Classes(values);

        Assert.Equal(expected, values.Order().Select(v => classes[v]));
    }

    [Fact]
    public void Classes_ManyValues_FiveClassesInTheValuesOrder()
    {
        var values = Enumerable.Range(0, 96).Select(i => Math.Round(Math.Exp(i / 12.0), 1)).ToArray();

        var classes = ChoroplethMap.Classes(values);

        Assert.Equal([0, 1, 2, 3, 4], classes.Values.Distinct().Order());
        var ordered = values.Order().Select(v => classes[v]).ToArray();
        Assert.Equal(ordered.Order(), ordered); // never a larger value in a lighter class
    }

    /// <summary>
    /// Two classes whose bounds round alike (10,7786 and 10,8172 both « 10,8 »): the legend gives them
    /// the decimals that tell them apart, so no value shown reads as in two classes; and the map's
    /// values on hover are written with those decimals too (they read « 10,8 » beside a legend's
    /// « 10,78 »), as is every other bound.
    /// </summary>
    [Fact]
    public void Write_AdjacentBoundsRoundingAlike_LegendAndValuesTellThemApart()
    {
        var dashboard = Compute("2009-12-31", Cells("interpellations_aide_sejour", "2009",
            "DEP-01=9.6 DEP-02=10.7786 DEP-03=10.8172 DEP-04=12.8 DEP-05=13 DEP-06=14 DEP-07=15 DEP-08=16 DEP-09=17 DEP-10=18"));
        var html = new StringBuilder();

        ChoroplethMap.Write(html, dashboard.Indicators.Single(r => r.Id.Value == "interpellations_aide_sejour"), dashboard.AsOf, Territory.France);

        var legend = LegendText().Matches(html.ToString()).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["de 9,60 à 10,78", "de 10,82 à 12,80", "de 13,00 à 14,00", "de 15,00 à 16,00", "de 17,00 à 18,00"], legend);
        Assert.Contains("<title>Aisne (02) : 10,78</title>", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("<title>Allier (03) : 10,82</title>", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("<title>Ain (01) : 9,60</title>", html.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Bounds that read apart in the unit's notation keep it, values and legend alike: « 89,4 % », not « 89,40 % ».</summary>
    [Fact]
    public void Write_BoundsReadingApart_UsualNotation()
    {
        var dashboard = Compute("2009-12-31", Cells("interpellations_aide_sejour", "2009",
            "DEP-01=9.6 DEP-02=10.7 DEP-03=10.9 DEP-04=12.8 DEP-05=13 DEP-06=14 DEP-07=15 DEP-08=16 DEP-09=17 DEP-10=18"));
        var html = new StringBuilder();

        ChoroplethMap.Write(html, dashboard.Indicators.Single(r => r.Id.Value == "interpellations_aide_sejour"), dashboard.AsOf, Territory.France);

        var legend = LegendText().Matches(html.ToString()).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["de 9,6 à 10,7", "de 10,9 à 12,8", "de 13 à 14", "de 15 à 16", "de 17 à 18"], legend);
        Assert.Contains("<title>Aisne (02) : 10,7</title>", html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneIndicator_EveryDepartementDrawnLinkedAndInItsClass()
    {
        var dashboard = PublishingSamples.Published();
        var result = ChoroplethMap.Mapped(dashboard).First(r => r.Territories.Any(t => t.Value is null));
        var html = new StringBuilder();

        ChoroplethMap.Write(html, result, dashboard.AsOf, Territory.France);

        var map = html.ToString();
        var drawn = Drawn().Matches(map).ToDictionary(m => "DEP-" + m.Groups[1].Value.ToUpperInvariant(), m => (Class: m.Groups[2].Value, Value: m.Groups[3].Success ? double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : (double?)null));
        Assert.Equal(100, drawn.Count);
        Assert.All(drawn.Keys, code => Assert.Contains($"<a href=\"territoires/{code}.html\"><use href=\"#dep-", map, StringComparison.Ordinal));
        var published = result.Territories.Where(t => t.Territory.Kind == TerritoryKind.Departement).ToDictionary(t => t.Territory.Code!, t => t.Value);
        var classes = ChoroplethMap.Classes(published.Values.OfType<double>());
        foreach (var (code, (fill, value)) in drawn)
        {
            var expected = published.TryGetValue(code, out var v) ? v is { } x ? "c" + (classes[x] + 1) : "s" : "nd";
            Assert.Equal(expected, fill);
            Assert.Equal(v, value); // a hidden cell carries no value, not even in an attribute
        }

        Assert.Contains("« s » : masqué (secret statistique)", map, StringComparison.Ordinal);
        Assert.Contains("sans données", map, StringComparison.Ordinal);
        Assert.Equal(classes.Values.Distinct().Count(), Legend().Count(map));
    }

    /// <summary>
    /// A figure of France métropolitaine: Guyane's removals, sent by the police, set no class (its 25
    /// opened the legend) and are drawn apart with their value; an overseas département without one is
    /// « hors champ », not « sans données » (red team, préfet).
    /// </summary>
    [Fact]
    public void Write_MetropolitanFigure_OverseasDepartementsApartFromTheClasses()
    {
        var dashboard = Compute("2009-12-31", Cells("eloignements_forces", "2009",
            "DEP-973=25 DEP-01=60 DEP-02=70 DEP-03=80 DEP-04=90 DEP-05=100 DEP-06=110 DEP-07=120 DEP-08=130 DEP-09=140 DEP-10=150"));
        var html = new StringBuilder();

        ChoroplethMap.Write(html, dashboard.Indicators.Single(r => r.Id.Value == "eloignements_forces"), dashboard.AsOf, Territory.Metropole);

        var map = html.ToString();
        Assert.Equal("de 60 à 70", LegendText().Matches(map)[0].Groups[1].Value);
        var drawn = Drawn().Matches(map).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(("hors", "hors", "c1", "nd"), (drawn["973"], drawn["974"], drawn["01"], drawn["75"]));
        Assert.Contains("<title>Guyane (973) : 25, hors champ (chiffre de France métropolitaine)</title>", map, StringComparison.Ordinal);
        Assert.Contains("<title>La Réunion (974) : hors champ (chiffre de France métropolitaine)</title>", map, StringComparison.Ordinal);
        Assert.Contains("class=\"hors\"/></svg>hors champ (chiffre de France métropolitaine)</li>", map, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DashboardPage_OutlinesOnceForEveryMapAndNoScript()
    {
        var dashboard = PublishingSamples.Published();

        var page = Encoding.UTF8.GetString(DashboardHtml.Write(dashboard, DefaultCatalogue));

        var maps = ChoroplethMap.Mapped(dashboard).Count();
        Assert.True(maps >= 2, $"{maps} maps");
        Assert.Equal(maps, Regex.Count(page, "<figure class=\"map\""));
        Assert.Equal(1, Regex.Count(page, "<path id=\"dep-75\""));
        Assert.Equal(maps, Regex.Count(page, "<use href=\"#dep-75\""));
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CC BY 4.0", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoIndicatorByDepartement_NoMapNoOutlines()
    {
        var dashboard = PublishingSamples.Published();
        var national = dashboard with { Indicators = [.. dashboard.Indicators.Select(r => r with { Territories = [.. r.Territories.Where(t => t.Territory.Kind != TerritoryKind.Departement)] })] };

        var page = Encoding.UTF8.GetString(DashboardHtml.Write(national, DefaultCatalogue));

        Assert.DoesNotContain("<figure class=\"map\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<path id=\"dep-", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("<use href=\"#dep-([0-9ab]+)\" class=\"([a-z0-9]+)\"(?: data-value=\"([^\"]+)\")?")]
    private static partial Regex Drawn();

    [GeneratedRegex("<li><svg class=\"swatch\"[^>]*><rect width=\"14\" height=\"14\" class=\"c[1-5]\"/>")]
    private static partial Regex Legend();

    [GeneratedRegex("<li><svg class=\"swatch\"[^>]*><rect width=\"14\" height=\"14\" class=\"c[1-5]\"/></svg>([^<]*)</li>")]
    private static partial Regex LegendText();
}
