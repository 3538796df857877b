using MissionPipeline.Readers;
using MissionPipeline.Validation;

namespace MissionPipeline.Tests.Readers;

/// <summary>The one header matcher of every format: how a header's cells name its columns, and what it says when they do not.</summary>
public sealed class HeaderMatcherTests
{
    private static readonly HeaderSpec Spec = new(["mois", "identifiant", "catégorie", "sexe"], Required: 3, "d'un essai", c => $"colonne {c + 1}");

    [Theory]
    [InlineData("mois;identifiant;catégorie;sexe", new[] { 0, 1, 2, 3 })]
    [InlineData("MOIS; Identifiant ;CATEGORIE", new[] { 0, 1, 2, -1 })]
    [InlineData("sexe;catégorie;\uFEFFmois;identifiant", new[] { 2, 3, 1, 0 })]
    [InlineData("mois;;identifiant;catégorie", new[] { 0, 2, 3, -1 })]
    public void Match_NamesWrittenAnyWayInAnyOrder_EachColumnFound(string header, int[] expected)
    {
        var issues = new IssueCollector();

        var match = HeaderMatcher.Match(header.Split(';'), header.Split(';').Length, 1, null, Spec, issues);

        Assert.True(match.Clean);
        Assert.Equal(expected, match.Index);
        Assert.Empty(issues.Errors);
    }

    [Fact]
    public void Match_BlankCell_NamesNothingAndIsListed()
    {
        var match = HeaderMatcher.Match(["mois", "", "identifiant", "catégorie", " "], 5, 1, null, Spec, new IssueCollector());

        Assert.Equal([1, 4], match.Unnamed);
        Assert.True(match.Clean);
    }

    [Theory]
    [InlineData("mois;identifiant;catégorie;sex", "unknown-column", "sex", "vouliez-vous dire « sexe »")]
    [InlineData("mois;identifiant;catégorie;couleur", "unknown-column", "couleur", "Les colonnes d'un essai sont : mois, identifiant, catégorie, sexe")]
    [InlineData("mois;identifiant;catégorie;Mois", "duplicate-column", "Mois", "position 1 (« mois »)")]
    [InlineData("mois;identifiant", "missing-column", "catégorie", "(colonne 3)")]
    public void Match_WrongHeader_OneLocatedFrenchError(string header, string code, string column, string message)
    {
        var issues = new IssueCollector();

        var match = HeaderMatcher.Match(header.Split(';'), header.Split(';').Length, 4, "Feuil1", Spec, issues);

        var error = Assert.Single(issues.Errors);
        Assert.False(match.Clean);
        Assert.Equal((code, 4, column, "Feuil1"), (error.Code, error.Row, error.Column, error.Sheet));
        Assert.Contains(message.Replace("« ", "«\u202F").Replace(" »", "\u202F»").Replace(" :", "\u202F:"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mois;identifiant;catégorie;identifiant", true, false)]
    [InlineData("mois;identifiant;catégorie;sexe;sexe", false, true)]
    public void Match_ColumnTwice_SaysWhetherARequiredOneIsConcerned(string header, bool required, bool optional)
    {
        var match = HeaderMatcher.Match(header.Split(';'), header.Split(';').Length, 1, null, Spec, new IssueCollector());

        Assert.Equal((required, optional), (match.DuplicateRequired, match.DuplicateOptional));
    }

    [Fact]
    public void Match_HeaderWiderThanAnyRow_OneErrorGivingItsRealWidth()
    {
        var issues = new IssueCollector();
        var cells = Enumerable.Range(0, DelimitedText.MaxCellsPerRow).Select(i => $"x{i}").ToArray();

        var match = HeaderMatcher.Match(cells, 1_500, 1, null, Spec, issues);

        Assert.True(match.TooWide);
        Assert.Equal("wrong-cell-count", Assert.Single(issues.Errors).Code);
        Assert.Contains("1\u202F500 cellules", issues.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mois;identifiant;x", 2)]
    [InlineData("Mois;MOIS;catégorie", 2)]
    [InlineData("a;b;c", 0)]
    public void Count_Header_DistinctColumnsNamed(string header, int expected) =>
        Assert.Equal(expected, HeaderMatcher.Count(header.Split(';'), Spec));

    /// <summary>Every format matches its header with the same matcher: the same mistake gets the same kind of answer in F0, F1 and F5.</summary>
    [Theory]
    [InlineData("ofii", "indicateur;periode;territoire;valuer\nretours_aides;2009-03;DEP-75;5\n", "valuer", "vouliez-vous dire « valeur »")]
    [InlineData("pole-emploi", "mois;identifiant;categorie;nationalite;departement;sex\n2009-03;X1;A;HUE;75;\n", "sex", "vouliez-vous dire « sexe »")]
    public void Read_MistypedHeaderInAnyFormat_SameSuggestion(string agency, string file, string column, string message)
    {
        var result = AgencyFiles.Read(file, agency);

        var error = Assert.Single(result.Errors, e => e.Code == "unknown-column");
        Assert.Equal(column, error.Column);
        Assert.Contains(message.Replace("« ", "«\u202F").Replace(" »", "\u202F»"), error.Message, StringComparison.Ordinal);
    }
}
