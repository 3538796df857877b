using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Tests.Validation;

public sealed class IssueCollectorTests
{
    [Fact]
    public void Errors_MoreThanDetailed_EndWithOneCountingTheRest()
    {
        var issues = new IssueCollector();
        for (var row = 1; row <= IssueCollector.MaxDetailed + 25; row++)
        {
            issues.Error("invalid-number", new SourceCell(row, "valeur", "x"), "…");
            issues.Warning("ratio-above-one", new SourceCell(row, "numerateur", "9"), "…");
        }

        Assert.Equal(IssueCollector.MaxDetailed + 25, issues.ErrorCount);
        Assert.Equal(IssueCollector.MaxDetailed + 1, issues.Errors.Count);
        Assert.Equal(IssueCollector.MaxDetailed, issues.Errors[^2].Row);
        Assert.Equal(("too-many-errors", 0), (issues.Errors[^1].Code, issues.Errors[^1].Row));
        Assert.StartsWith("25 autres erreurs", issues.Errors[^1].Message, StringComparison.Ordinal);
        Assert.StartsWith("25 autres avertissements", issues.Warnings[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "1 autre erreur n'est pas détaillée ici (le rapport détaille les 1\u202F000 premières)\u202F: corrigez celles-ci", "1 autre avertissement n'est pas détaillé ici (le rapport détaille les 1\u202F000 premiers)\u202F: corrigez ceux-ci")]
    [InlineData(2_500, "2\u202F500 autres erreurs ne sont pas détaillées ici (le rapport détaille les 1\u202F000 premières)\u202F: corrigez celles-ci", "2\u202F500 autres avertissements ne sont pas détaillés ici (le rapport détaille les 1\u202F000 premiers)\u202F: corrigez ceux-ci")]
    public void Errors_HiddenCount_AgreesInGenderAndNumber(int hidden, string errors, string warnings)
    {
        var issues = new IssueCollector();
        for (var row = 1; row <= IssueCollector.MaxDetailed + hidden; row++)
        {
            issues.Error("invalid-number", new SourceCell(row, "valeur", "x"), "…");
            issues.Warning("implausible-value", new SourceCell(row, "valeur", "9"), "…");
        }

        Assert.StartsWith(errors, issues.Errors[^1].Message, StringComparison.Ordinal);
        Assert.StartsWith(warnings, issues.Warnings[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_PastTheDetailedErrors_IsStillDetailed()
    {
        var issues = new IssueCollector();
        for (var row = 1; row <= IssueCollector.MaxDetailed + 5; row++)
        {
            issues.Error("invalid-number", new SourceCell(row, "valeur", "x"), "…");
        }

        issues.Stop("too-many-rows", new SourceCell(2_000, "", ""), "…");

        Assert.Equal(["too-many-rows", "too-many-errors"], issues.Errors.TakeLast(2).Select(e => e.Code));
        Assert.StartsWith("5 autres erreurs", issues.Errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_LongCell_IsQuotedCut()
    {
        var issues = new IssueCollector();

        issues.Error("cell-too-long", new SourceCell(2, "commentaire", new string('é', 300), "Feuil1"), "…");

        var error = Assert.Single(issues.Errors);
        Assert.Equal((new string('é', 120) + "…", "Feuil1"), (error.Cell, error.Sheet));
    }

    [Fact]
    public void Error_AtAColumnTheFileLacks_IsOneErrorNamingTheRows()
    {
        var issues = new IssueCollector();
        for (var row = 2; row <= 1_500_001; row++)
        {
            issues.Error("missing-value", new SourceCell(row, "valeur", "") { ColumnAbsent = true }, "Valeur manquante.");
        }

        issues.Error("missing-value", new SourceCell(7, "valeur", ""), "Valeur manquante.");
        issues.Error("missing-value", new SourceCell(3, "poids", "") { ColumnAbsent = true }, "Poids manquant.");

        Assert.Equal(3, issues.ErrorCount);
        Assert.Equal(
            [
                (2, "valeur", FrenchTypography.Apply("Valeur manquante. Le fichier n'a pas de colonne « valeur » : ajoutez-la à l'en-tête ; 1\u202F500\u202F000 lignes sont dans ce cas, de la ligne 2 à la ligne 1\u202F500\u202F001.")),
                (7, "valeur", "Valeur manquante."),
                (3, "poids", FrenchTypography.Apply("Poids manquant. Le fichier n'a pas de colonne « poids » : ajoutez-la à l'en-tête.")),
            ],
            issues.Errors.Select(e => (e.Row, e.Column, e.Message)));
    }
}
