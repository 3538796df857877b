using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Tests.Catalogue;

public sealed partial class IndicatorCatalogueTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.Default;

    [Fact]
    public void Default_HasEveryIndicatorOfTheDesignDocumentOnce()
    {
        var text = File.ReadAllText(Repo.InRepository("docs", "indicators.md"));
        var start = text.IndexOf("## The catalogue", StringComparison.Ordinal);
        var design = text[start..text.IndexOf("## Status", start, StringComparison.Ordinal)];
        var expected = TableIdRegex().Matches(design).Select(m => m.Groups[1].Value).ToArray();

        Assert.Equal(32, expected.Length);
        Assert.Equal(expected, Catalogue.Indicators.Select(i => i.Id.Value));
    }

    [Fact]
    public void Default_EveryQuoteIsASentenceOfTheLetter()
    {
        var letter = Collapse(File.ReadAllText(Repo.InRepository("docs", "mission", "lettre-de-mission-2009-03-31.txt")));

        foreach (var indicator in Catalogue.Indicators)
        {
            Assert.True(letter.Contains(Collapse(indicator.Quote), StringComparison.Ordinal), $"{indicator.Id}: quote not found in the letter");
        }
    }

    [Theory]
    [InlineData("eloignements", "FR-MET", Aggregation.Derived, TargetKind.AtLeast, 27000d)]
    [InlineData("interpellations_aide_sejour", "FR", Aggregation.Sum, TargetKind.AtLeast, 5000d)]
    [InlineData("operations_travail_illegal", "FR", Aggregation.Sum, TargetKind.AtLeast, 1500d)]
    [InlineData("dilf_taux_reussite", "FR", Aggregation.Ratio, TargetKind.AtLeast, 0.9)]
    [InlineData("cai_bilans_competences", "FR", Aggregation.Sum, TargetKind.AtLeast, 60000d)]
    [InlineData("entreprises_label_diversite", "FR", Aggregation.Last, TargetKind.AtLeast, 100d)]
    [InlineData("accords_gestion_concertee", "FR", Aggregation.Last, TargetKind.Trajectory, 20d)]
    [InlineData("departements_delai_naturalisation_sup_12_mois", "FR", Aggregation.Derived, TargetKind.AtMost, 0d)]
    public void Default_KeyObjectives_HaveTheLettersTargets(string id, string headline, Aggregation aggregation, TargetKind kind, double value)
    {
        Assert.True(Catalogue.TryGet(id, out var indicator));
        var target = indicator.InForce(new DateOnly(2009, 12, 31)).Target!;

        Assert.Null(indicator.Target); // as loaded, the catalogue holds years of targets, none in force
        Assert.Equal(headline, indicator.Headline.Code);
        Assert.Equal(aggregation, indicator.Aggregation);
        Assert.Equal((kind, value), (target.Kind, target.Value));
        Assert.NotNull(target.Due);
        Assert.Equal(("Lettre de mission du 31 mars 2009", indicator.Quote), (target.Source!.Reference, target.Source.Quote));
    }

    [Theory]
    [InlineData("eloignements", "2009-06-30", 27000d, 1, "Lettre de mission")] // the letter's sets the status, the budget's beside it
    [InlineData("eloignements", "2010-06-30", 28000d, 0, "Sénat, avis n° 116")]
    [InlineData("eloignements", "2011-06-30", null, 0, null)] // no target known for 2011: unassessed, never 2010's
    [InlineData("interpellations_aide_sejour", "2009-12-31", 5000d, 0, "Lettre de mission")]
    [InlineData("interpellations_aide_sejour", "2010-12-31", null, 0, null)]
    [InlineData("interpellations_aide_sejour", "2011-03-31", 5500d, 0, "Assemblée nationale, réponse à la question écrite n° 47423")]
    [InlineData("dilf_taux_reussite", "2011-12-31", 0.78, 0, "Sénat, rapport n° 587")]
    [InlineData("etudiants_etrangers", "2012-12-31", 50000d, 0, "Lettre de mission")] // « chaque année »
    [InlineData("accords_gestion_concertee", "2010-06-30", 20d, 0, "Lettre de mission")] // a trajectory holds every year to 2012
    [InlineData("accords_gestion_concertee", "2013-01-01", null, 0, null)]
    [InlineData("comite_interministeriel_integration", "2011-01-01", null, 0, "Lettre de mission")] // a milestone stays judged after its year (value-less)
    public void InForce_Date_TheTargetsOfItsYear(string id, string asOf, double? value, int others, string? source)
    {
        Assert.True(Catalogue.TryGet(id, out var indicator));

        var inForce = indicator.InForce(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(value, inForce.Target?.Value);
        Assert.Equal(others, inForce.OtherTargets.Count);
        Assert.Equal(source is not null, inForce.Target is not null);
        if (source is not null)
        {
            Assert.StartsWith(source, inForce.Target!.Source!.Reference, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Default_DilfDefinition_ChangesOnTheFirstOf2010()
    {
        Assert.True(Catalogue.TryGet("dilf_taux_reussite", out var dilf));

        var before = dilf.DefinitionOn(new DateOnly(2009, 12, 31))!;
        var after = dilf.DefinitionOn(new DateOnly(2010, 1, 1))!;
        var breaks = dilf.BreaksWithin(new DateOnly(2009, 1, 1), new DateOnly(2010, 6, 30)).ToArray();

        Assert.Contains("présentés", before.Text, StringComparison.Ordinal);
        Assert.Contains("signataires du CAI", after.Text, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2010, 1, 1), Assert.Single(breaks).Date);
        Assert.Empty(dilf.BreaksWithin(new DateOnly(2010, 1, 1), new DateOnly(2011, 12, 31)));
    }

    [Fact]
    public void Default_Agencies_AreTheNineOfTheDesign()
    {
        Assert.Equal(["dcpaf", "ofii", "ofpra", "pole-emploi", "insee", "dgt", "afnor", "dsed", "eurostat"], Catalogue.Agencies.Select(a => a.Id.Value));
        Assert.Equal(64, Catalogue.Hash.Length);
    }

    [Theory]
    [InlineData("duplicate", "l'indicateur « retours_aides » est défini deux fois")]
    [InlineData("unknown-agency", "nomme une agence inconnue « gendarmerie »")]
    [InlineData("unknown-derived-input", "nomme un indicateur inconnu « retours_aidez »")]
    [InlineData("target-without-date", "« cai_bilans_competences » a un objectif atleast sans date")]
    [InlineData("unknown-territory", "territoire inconnu « DEP-20 »")]
    [InlineData("target-without-source", "l'objectif 2009 de l'indicateur « cai_bilans_competences » n'a pas de source")]
    [InlineData("two-headlines", "« eloignements » a 2 objectifs principaux en 2009")]
    [InlineData("secondary-alone", "« interpellations_aide_sejour » a en 2011 un objectif secondaire sans objectif principal")]
    [InlineData("definitions-overlap", "les versions 1 et 2 de la définition de « dilf_taux_reussite » se chevauchent (2009-12-01 ≤ 2009-12-31)")]
    [InlineData("definitions-gap", "aucune ne vaut du 2010-01-01 au 2010-01-31")]
    [InlineData("definition-changes-aggregation", "change « aggregation » : cela fait un autre indicateur")]
    public void Load_BrokenCatalogue_ThrowsNamingTheCulprit(string breakage, string expected)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "src", "MissionPipeline.Domain", "Catalogue", "catalogue.json")))!;
        var indicators = json["indicators"]!.AsArray();
        JsonNode Get(string id) => indicators.Single(i => (string?)i!["id"] == id)!;
        var retours = Get("retours_aides");
        var dilfVersions = Get("dilf_taux_reussite")["definitions"]!.AsArray();
        switch (breakage)
        {
            case "duplicate":
                indicators.Add(retours.DeepClone());
                break;
            case "unknown-agency":
                retours["sources"] = new JsonArray("gendarmerie");
                break;
            case "unknown-derived-input":
                Get("eloignements")["derived"]!["of"] = new JsonArray("eloignements_forces", "retours_aidez");
                break;
            case "target-without-date":
                Get("cai_bilans_competences")["targets"]![0]!.AsObject().Remove("due");
                break;
            case "unknown-territory":
                retours["scope"] = new JsonArray("DEP-20");
                break;
            case "target-without-source":
                Get("cai_bilans_competences")["targets"]![0]!.AsObject().Remove("source");
                break;
            case "two-headlines":
                Get("eloignements")["targets"]![1]!.AsObject().Remove("headline");
                break;
            case "secondary-alone":
                Get("interpellations_aide_sejour")["targets"]![1]!["headline"] = false;
                break;
            case "definitions-overlap":
                dilfVersions[1]!["from"] = "2009-12-01";
                break;
            case "definitions-gap":
                dilfVersions[1]!["from"] = "2010-02-01";
                break;
            case "definition-changes-aggregation":
                dilfVersions[1]!["aggregation"] = "sum";
                break;
        }

        var ex = Assert.Throws<CatalogueException>(() => IndicatorCatalogue.Load(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()))));

        // The message is set in French typography (narrow no-break spaces inside « » and before « : »).
        Assert.Contains(expected, ex.Message.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);
        Assert.StartsWith("Catalogue\u202F: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ofii", "l'OFII", "de l'OFII", "par l'OFII")]
    [InlineData("dcpaf", "la DCPAF", "de la DCPAF", "par la DCPAF")]
    [InlineData("dsed", "le DSED", "du DSED", "par le DSED")]
    [InlineData("eurostat", "Eurostat", "d'Eurostat", "par Eurostat")]
    [InlineData("pole-emploi", "Pôle emploi", "de Pôle emploi", "par Pôle emploi")]
    public void AgencyOf_Id_NamedAsTheFrenchSayIt(string id, string said, string of, string by)
    {
        var agency = Catalogue.AgencyOf(new AgencyId(id));

        Assert.Equal((said, of, by), (agency.Said, agency.Of, agency.By));
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableIdRegex();
}
