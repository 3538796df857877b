using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Publishing;
using MissionPipeline.Tests.Text;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class TerritoryHtmlTests
{
    private const string Arrests = "interpellations_aide_sejour";

    private static string Page(string code)
    {
        var published = SmallCountSuppression.Apply(
            Compute("2009-12-31", Cells(Arrests, "2009", "FR=5000 DEP-75=900 DEP-13=600 DEP-69=600 DEP-48=2 DEP-2A=40")), DefaultCatalogue);
        Assert.True(Territory.TryParse(code, out var territory));
        return Encoding.UTF8.GetString(TerritoryHtml.Write(published, territory, DefaultCatalogue));
    }

    [Fact]
    public void Write_Departement_ItsNameItsRowsAndALinkHome()
    {
        var page = Page("DEP-75");

        Assert.Contains("<h1>Paris (75)</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Personnes interpellées pour aide illicite à l&#39;entrée et au séjour<span class=\"periode\">2009 · source\u202F: DCPAF</span></th><td class=\"num\">900</td><td class=\"num\">1\u1D49\u02B3 sur 4</td><td class=\"num\">18,0\u00A0%</td><td class=\"num\">5\u202F000<br><span class=\"portee\">France entière</span></td>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../dashboard.html\">tableau de bord national</a>", page, StringComparison.Ordinal);
        Assert.Matches("<p class=\"asof\">Situation au <time datetime=\"2009-12-31\">31 décembre 2009</time> · 1 indicateur publié à ce niveau · dernier fichier reçu le <time datetime=\"[^\"]+\">[^<]+</time> · <a", page);
        // A délai's 1ᵉʳ is its longest: the column says which end is first, where a préfet read « 1ᵉʳ » as the best.
        Assert.Contains("<th scope=\"col\">Rang <span class=\"note\">(1\u1D49\u02B3\u202F: la plus grande valeur, quel que soit le sens de l'objectif)</span></th>", page, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(FrenchTextRules.PageText(page)));
    }

    /// <summary>What the page leaves out is said, by reason: a préfet looked for his DILF rate and OFPRA's figures (red team, préfet).</summary>
    [Fact]
    public void Write_IndicatorsWithoutALine_ListedByReason()
    {
        var page = Page("DEP-75");

        Assert.Contains("<h2>Ce que cette page ne montre pas</h2>", page, StringComparison.Ordinal);
        Assert.Matches("<li><strong>Publiés au niveau national seulement\u202F:</strong> [^<]*Demandes d&#39;asile enregistrées à l&#39;OFPRA", page);
        Assert.Matches("<li><strong>Aucun chiffre par département dans ce tableau de bord\u202F:</strong> [^<]*Taux de réussite au DILF", page);
        // No région has a figure of the population in this snapshot: « voir la page de la région » led to a page without it.
        Assert.Matches("<li><strong>Publiés par région, mais sans chiffre par région dans ce tableau de bord\u202F:</strong> Population étrangère", page);
        Assert.Empty(FrenchTextRules.Violations(FrenchTextRules.PageText(page)));
    }

    /// <summary>
    /// An overseas territory is told a figure of the métropole does not count it, and given the overseas
    /// figure where one is published (red team, préfet: Guadeloupe's région page sent him to its
    /// département's, which said the figure did not concern it; job offers read « national only »).
    /// </summary>
    [Theory]
    [InlineData("DEP-971")]
    [InlineData("REG-01")]
    public void Write_OverseasTerritory_MetropoleFiguresSaidSoWithTheOverseasFigure(string code)
    {
        var dashboard = Compute("2009-12-31", [.. Cells("offres_emploi_enregistrees", "2009-12", "FR-MET=250000 FR-DOM=3678"), .. Cells("eloignements_forces", "2009", "DEP-75=900 DEP-971=40"), .. Cells(Arrests, "2009", "FR=5000 DEP-75=900")]);
        Assert.True(Territory.TryParse(code, out var territory));

        var page = Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, territory, DefaultCatalogue));

        Assert.Matches("<li><strong>Chiffres de France métropolitaine, dont ce territoire ne fait pas partie\u202F:</strong> [^<]*Offres d&#39;emploi enregistrées à Pôle emploi \\(Départements d&#39;outre-mer\u202F: 3\u202F678\\)", page);
        Assert.DoesNotMatch("<li><strong>Publiés (par département|au niveau national)[^<]*</strong>[^<]*(Reconduites forcées|Offres d&#39;emploi)", page);
        Assert.Empty(FrenchTextRules.Violations(FrenchTextRules.PageText(page)));
    }

    /// <summary>A région with the population of its own: a département's page sends the préfet there; with no DILF rate of any département, the région's page says so, never « voir les pages de ses départements » for it.</summary>
    [Fact]
    public void Write_OtherLevelWithFigures_SendsThereElseSaysThereAreNone()
    {
        var dashboard = Compute("2009-12-31", [.. Cells("population_etrangere", "2009", "FR=3700000 REG-11=1400000 REG-93=400000"), .. Cells(Arrests, "2009", "FR=5000 DEP-75=900")]);
        Assert.True(Territory.TryParse("DEP-75", out var paris));
        Assert.True(Territory.TryParse("REG-11", out var idf));

        var departement = Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, paris, DefaultCatalogue));
        var region = Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, idf, DefaultCatalogue));

        Assert.Matches("<li><strong>Publiés par région \\(voir la page de la région\\)\u202F:</strong> Population étrangère", departement);
        Assert.Matches("<li><strong>Publiés par département, mais sans chiffre par département dans ce tableau de bord\u202F:</strong> [^<]*Taux de réussite au DILF", region);
        Assert.Matches("<li><strong>Publiés par département \\(voir les pages de ses départements\\)\u202F:</strong> Personnes interpellées[^<]*\\.</li>", region); // Paris has its arrests
    }

    /// <summary>A préfet goes from a département to its région and back: no page linked to any région (the red team's préfet found none).</summary>
    [Theory]
    [InlineData("DEP-75", "<p class=\"asof\">Région\u202F: <a href=\"REG-11.html\">Île-de-France</a></p>")]
    [InlineData("REG-11", "<p class=\"asof\">Ses départements\u202F: <a href=\"DEP-75.html\">Paris (75)</a>, <a href=\"DEP-92.html\">Hauts-de-Seine (92)</a></p>")] // those of Île-de-France with figures here
    [InlineData("REG-93", "<p class=\"asof\">Son département\u202F: <a href=\"DEP-13.html\">Bouches-du-Rhône (13)</a></p>")]
    public void Write_Territory_LinksToItsRegionOrItsDepartements(string code, string links)
    {
        var observations = Cells(Arrests, "2009", "FR=5000 DEP-75=900 DEP-92=300 DEP-13=600").Concat(Cells("population_etrangere", "2009", "FR=3600000 REG-11=1450000 REG-93=400000"));
        Assert.True(Territory.TryParse(code, out var territory));

        var page = Encoding.UTF8.GetString(TerritoryHtml.Write(Compute("2009-12-31", observations), territory, DefaultCatalogue));

        Assert.Contains(links, page, StringComparison.Ordinal);
    }

    /// <summary>A région with no figure of its own has no page in the snapshot: its départements do not link to it.</summary>
    [Fact]
    public void Write_DepartementOfARegionWithNoPage_NoLinkToIt() =>
        Assert.DoesNotContain("Région\u202F: <a", Page("DEP-75"), StringComparison.Ordinal);

    /// <summary>A région is feminine: « vu de la région » (it read « vu du région »).</summary>
    [Theory]
    [InlineData("DEP-75", "vu du département")]
    [InlineData("REG-11", "vu de la région")]
    public void Write_Subtitle_AgreesWithTheLevel(string code, string seenFrom) =>
        Assert.Contains($"<p class=\"subtitle\">Le tableau de bord de la lettre de mission {seenFrom}</p>", Page(code), StringComparison.Ordinal);

    /// <summary>A région's heading gives no code: « Île-de-France (11) » read as Aude's number.</summary>
    [Theory]
    [InlineData("DEP-75", "<h1>Paris (75)</h1>")]
    [InlineData("DEP-2A", "<h1>Corse-du-Sud (2A)</h1>")]
    [InlineData("REG-11", "<h1>Île-de-France (région)</h1>")]
    public void Write_Heading_ADepartementsNumberNeverARegionsCode(string code, string heading) =>
        Assert.Contains(heading, Page(code), StringComparison.Ordinal);

    /// <summary>Bouches-du-Rhône and Rhône both 600: each 2ᵉ, and the page says they share it (41 départements read « 25ᵉ sur 100 » each).</summary>
    [Theory]
    [InlineData("DEP-13", "2\u1D49 ex aequo sur 4")]
    [InlineData("DEP-69", "2\u1D49 ex aequo sur 4")]
    [InlineData("DEP-75", "1\u1D49\u02B3 sur 4")]
    public void Write_EqualValues_SameRankSaidExAequo(string code, string rank) =>
        Assert.Contains($"<td class=\"num\">{rank}</td>", Page(code), StringComparison.Ordinal);

    [Fact]
    public void Write_HiddenCell_ShownAsSWithoutRank()
    {
        var page = Page("DEP-48");

        Assert.Contains("<td class=\"num\">s</td><td class=\"num\">—</td><td class=\"num\">—</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">2<", page, StringComparison.Ordinal);
    }
}
