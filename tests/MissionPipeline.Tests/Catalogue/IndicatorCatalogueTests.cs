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
        Assert.Equal(headline, indicator.Headline.Code);
        Assert.Equal(aggregation, indicator.Aggregation);
        Assert.Equal(kind, indicator.Target!.Kind);
        Assert.Equal(value, indicator.Target.Value);
        Assert.NotNull(indicator.Target.Due);
    }

    [Fact]
    public void Default_Agencies_AreTheNineOfTheDesign()
    {
        Assert.Equal(["dcpaf", "ofii", "ofpra", "pole-emploi", "insee", "dgt", "afnor", "dsed", "eurostat"], Catalogue.Agencies.Select(a => a.Id.Value));
        Assert.Equal(64, Catalogue.Hash.Length);
    }

    [Theory]
    [InlineData("duplicate", "'retours_aides' is defined twice")]
    [InlineData("unknown-agency", "unknown agency 'gendarmerie'")]
    [InlineData("unknown-derived-input", "names an unknown indicator 'retours_aidez'")]
    [InlineData("target-without-date", "target without a date")]
    [InlineData("unknown-territory", "unknown territory 'DEP-20'")]
    public void Load_BrokenCatalogue_ThrowsNamingTheCulprit(string breakage, string expected)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "src", "MissionPipeline.Domain", "Catalogue", "catalogue.json")))!;
        var indicators = json["indicators"]!.AsArray();
        var retours = indicators.Single(i => (string?)i!["id"] == "retours_aides")!;
        switch (breakage)
        {
            case "duplicate":
                indicators.Add(retours.DeepClone());
                break;
            case "unknown-agency":
                retours["sources"] = new JsonArray("gendarmerie");
                break;
            case "unknown-derived-input":
                indicators.Single(i => (string?)i!["id"] == "eloignements")!["derived"]!["of"] = new JsonArray("eloignements_forces", "retours_aidez");
                break;
            case "target-without-date":
                indicators.Single(i => (string?)i!["id"] == "cai_bilans_competences")!["target"]!.AsObject().Remove("due");
                break;
            case "unknown-territory":
                retours["scope"] = new JsonArray("DEP-20");
                break;
        }

        var ex = Assert.Throws<CatalogueException>(() => IndicatorCatalogue.Load(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()))));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
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
