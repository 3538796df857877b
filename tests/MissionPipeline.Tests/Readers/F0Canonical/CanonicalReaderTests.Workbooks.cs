using MissionPipeline.Periods;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

/// <summary>F0 in workbooks: rows are spreadsheet rows, issues name their sheet.</summary>
public sealed partial class CanonicalReaderTests
{
    private static readonly object?[] Header = ["indicateur", "periode", "territoire", "valeur"];

    [Fact]
    public void Read_WorkbookWithTitleGapAndBadCell_LocatesTheErrorBySheetAndSpreadsheetRow()
    {
        var bytes = Xlsx.Build(("Données", [null, Header, ["retours_aides", "2009-03", "DEP-75", 5], null, ["retours_aides", "2009-03", "DEP-93", "beaucoup"]]));

        var result = Read(bytes);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid-number", 5, "valeur", "beaucoup", "Données", "D5"), (error.Code, error.Row, error.Column, error.Cell, error.Sheet, error.Address));
        Assert.Equal(3, Assert.Single(result.Observations).Row);
        Assert.Equal(2, result.Rows);
    }

    /// <summary>
    /// A table that starts below and right of A1, in an XLSX or an XLS: each issue gives the address
    /// Excel shows for the cell (its name box), counted from column A and row 1 whatever the table's
    /// place; an issue of several cells has none.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_TableAwayFromA1_IssuesGiveTheCellsAddress(bool xls)
    {
        (string, object?[]?[]) sheet = ("Données", [
            null,
            null,
            [null, null, .. Header],
            [null, null, "retours_aides", "2009-03", "DEP-75", 5],
            [null, null, "retours_aides", "2009-13", "DEP-93", "beaucoup"],
            [null, null, "retours_aides", "2009-03", "DEP-93", 4, "oubli"],
            [null, null, "retours_aides", "2009-03", "DEP-75", 5],
        ]);
        var bytes = xls ? Xls.Build(false, sheet) : Xlsx.Build(sheet);

        var result = Read(bytes, fileName: xls ? "test.xls" : "test.xlsx");

        // A row given twice is its key of three cells, not one: no address.
        Assert.Equal(
            [("invalid-period", "D5"), ("invalid-number", "F5"), ("value-without-column", "G6"), ("duplicate-row", null)],
            result.Errors.Select(e => (e.Code, e.Address)));
    }

    /// <summary>
    /// « 1.234 » is in doubt only as text (1,234 or 1 234?); a workbook's number is exactly what it
    /// holds: a délai of 1.234 months is read as such, a count of 1.234 is not whole, not ambiguous.
    /// </summary>
    [Theory]
    [InlineData("delai_naturalisation", 1.234, null, 1.234)]
    [InlineData("delai_naturalisation", "1.234", "ambiguous-number", null)]
    [InlineData("delai_naturalisation", "1,234", null, 1.234)]
    [InlineData("delai_naturalisation", "0.125", null, 0.125)]
    [InlineData("delai_naturalisation", "12.5", null, 12.5)]
    [InlineData("acquisitions_nationalite", 1.234, "not-a-whole-number", null)]
    [InlineData("acquisitions_nationalite", "1.234", "ambiguous-number", null)]
    [InlineData("acquisitions_nationalite", 4.641, "not-a-whole-number", null)]
    public void Read_PointInAWorkbookCell_InDoubtOnlyAsText(string indicator, object cell, string? error, double? value)
    {
        object?[] header = ["indicateur", "periode", "territoire", "valeur", "poids"];
        var bytes = Xlsx.Build(("Données", [header, indicator == "delai_naturalisation" ? [indicator, "2009-T1", "DEP-75", cell, 40] : [indicator, "2009-03", "FR", cell]]));

        var result = Read(bytes, agency: "dsed", fileName: "test.xlsx");

        Assert.Equal(error, result.Errors.SingleOrDefault()?.Code);
        Assert.Equal(value, result.Observations.SingleOrDefault()?.Value);
    }

    [Fact]
    public void Read_Csv_IssuesGiveNoAddress()
    {
        var result = Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;beaucoup\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid-number", 2, null), (error.Code, error.Row, error.Address));
    }

    /// <summary>A failed formula is named as such, in a workbook (where it is a cell of type e) as in a CSV exported from one.</summary>
    [Theory]
    [InlineData("#DIV/0!", "1/0", "division par zéro")]
    [InlineData("#N/A", "NA()", "valeur non disponible")]
    [InlineData("#REF!", "#REF!+1", "cellule supprimée")]
    public void Read_FormulaThatFailed_SaysWhichSpreadsheetErrorTheCellHolds(string value, string formula, string meaning)
    {
        var workbook = Read(Xlsx.Build(("Données", [Header, ["retours_aides", "2009-03", "DEP-75", 5], ["retours_aides", "2009-03", "DEP-93", new Xlsx.Failed(value, formula)]])));
        var csv = Read($"indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-93;{value}\n");

        var inWorkbook = Assert.Single(workbook.Errors);
        Assert.Equal(("invalid-number", 3, "valeur", value, "Données"), (inWorkbook.Code, inWorkbook.Row, inWorkbook.Column, inWorkbook.Cell, inWorkbook.Sheet));
        Assert.Contains($"l'erreur «\u202F{value}\u202F» d'un tableur", inWorkbook.Message, StringComparison.Ordinal);
        Assert.Contains(meaning, inWorkbook.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Valeur manquante", inWorkbook.Message, StringComparison.Ordinal);
        Assert.Equal(inWorkbook.Message, Assert.Single(csv.Errors).Message);
    }

    /// <summary>A formula a script or a converter wrote without calculating it reads as an empty cell: it is named as such, not as a missing value.</summary>
    [Fact]
    public void Read_FormulaSavedWithoutItsResult_SaysToRecalculateTheWorkbook()
    {
        var bytes = Xlsx.Build(("Données", [Header, ["retours_aides", "2009-03", "DEP-75", 5], ["retours_aides", "2009-03", "DEP-93", new Xlsx.Uncalculated("2+3")]]));

        var result = Read(bytes);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("uncalculated-formula", 3, "valeur", "Données"), (error.Code, error.Row, error.Column, error.Sheet));
        Assert.StartsWith("Formule non calculée", error.Message, StringComparison.Ordinal);
        Assert.Contains("recalculez-le, enregistrez-le", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("manquante", error.Message, StringComparison.Ordinal);
        Assert.Single(result.Observations);
    }

    /// <summary>A hidden sheet's figures would reach the dashboard though nobody checking the workbook in Excel sees them.</summary>
    [Theory]
    [InlineData(false, "affichez-la (clic droit sur un onglet, Afficher)")]
    [InlineData(true, "éditeur Visual Basic")]
    public void Read_HiddenSheetWithAnF0Header_RefusesTheFileNamingTheSheet(bool veryHidden, string how)
    {
        var bytes = Xlsx.Hide(Xlsx.Build(
            ("Données", [Header, ["retours_aides", "2009-03", "DEP-75", 15]]),
            ("Brouillon", [Header, ["retours_aides", "2009-02", "DEP-75", 999]])), "Brouillon", veryHidden);

        var result = Read(bytes);

        Assert.False(result.Accepted);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("hidden-sheet", 0, "Brouillon"), (error.Code, error.Row, error.Sheet));
        Assert.StartsWith(FrenchTypography.Apply("La feuille « Brouillon » est masquée"), error.Message, StringComparison.Ordinal);
        Assert.Contains(how, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Observations, o => o.Value == 999);
    }

    /// <summary>A hidden model of the template (its header alone) hides no figure: the workbook is read, the sheet named in a warning.</summary>
    [Fact]
    public void Read_HiddenSheetWithTheF0HeaderAlone_IsIgnoredWithAWarning()
    {
        var bytes = Xlsx.Hide(Xlsx.Build(
            ("Données", [Header, ["retours_aides", "2009-03", "DEP-75", 15]]),
            ("Modèle", [Header])), "Modèle");

        var result = Read(bytes);

        Assert.True(result.Accepted, string.Join(" | ", result.Errors.Select(e => e.Message)));
        Assert.Equal(15, Assert.Single(result.Observations).Value);
        Assert.Equal(("ignored-sheet", "Modèle"), (Assert.Single(result.Warnings).Code, result.Warnings[0].Sheet));
    }

    [Fact]
    public void Read_HiddenSheetWithoutAnF0Header_IsIgnoredWithAWarningAsAVisibleOne()
    {
        var bytes = Xlsx.Hide(Xlsx.Build(
            ("Données", [Header, ["retours_aides", "2009-03", "DEP-75", 15]]),
            ("Calculs", [["Source", "OFII"]])), "Calculs");

        var result = Read(bytes);

        Assert.Empty(result.Errors);
        Assert.Equal(("ignored-sheet", "Calculs"), (Assert.Single(result.Warnings).Code, Assert.Single(result.Warnings).Sheet));
        Assert.Single(result.Observations);
    }

    [Fact]
    public void Read_DateCells_GiveADayOrAMonthAsTheirFormatShows()
    {
        var bytes = Xlsx.Build(("Étapes", [
            ["indicateur", "periode", "territoire", "valeur"],
            ["comite_interministeriel_integration", new DateTime(2009, 3, 12), "FR", 1],
            ["convention_pole_emploi_ofii", new Xlsx.Month(new DateTime(2009, 2, 1)), "FR", 1],
        ]));

        var result = Read(bytes, agency: "dsed");

        Assert.Equal(Period.OfDay(new DateOnly(2009, 3, 12)), result.Observations[0].Period);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid-milestone", 3, "periode", "2009-02", "Étapes"), (error.Code, error.Row, error.Column, error.Cell, error.Sheet));
    }

    [Fact]
    public void Read_ValueRightOfTheHeader_ReportsValueWithoutColumnByLetter()
    {
        var bytes = Xlsx.Build(("Feuil1", [Header, ["retours_aides", "2009-03", "DEP-75", 5, null, "oubli"]]));

        var error = Assert.Single(Read(bytes).Errors);

        Assert.Equal(("value-without-column", 2, "colonne F", "oubli", "Feuil1"), (error.Code, error.Row, error.Column, error.Cell, error.Sheet));
    }

    [Fact]
    public void Read_SeveralF0Sheets_ReadsThemAllAndFindsDuplicatesAcross()
    {
        var bytes = Xlsx.Build(
            ("Mars", [Header, ["retours_aides", "2009-03", "DEP-75", 5]]),
            ("Notes", [["Source : OFII, extraction du 2 avril"]]),
            ("Mars bis", [Header, ["retours_aides", "2009-03", "DEP-93", 6], ["retours_aides", "2009-03", "DEP-75", 7]]));

        var result = Read(bytes);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("duplicate-row", 3, "Mars bis"), (error.Code, error.Row, error.Sheet));
        Assert.Contains(FrenchTypography.Apply("ligne 2 de la feuille « Mars »"), error.Message, StringComparison.Ordinal);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("ignored-sheet", 1, "", "Source : OFII, extraction du 2 avril", "Notes"), (warning.Code, warning.Row, warning.Column, warning.Cell, warning.Sheet));
        Assert.Equal(new IgnoredItems("feuilles sans en-tête F0", 1), Assert.Single(result.Ignored));
        Assert.Equal(2, result.Observations.Count);
        Assert.Equal(3, result.Rows);
    }
}
