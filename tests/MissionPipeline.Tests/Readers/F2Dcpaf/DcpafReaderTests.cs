using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

/// <summary>F2, the DCPAF monthly workbook: the example, a small workbook and its variants with errors at known cells.</summary>
public sealed class DcpafReaderTests
{
    private const string Eloignements = "Eloignements";
    private const string AideAuSejour = "Aide au séjour";

    private static readonly IndicatorId EloignementsForces = new("eloignements_forces");
    private static readonly IndicatorId Interpellations = new("interpellations_aide_sejour");

    private static byte[] ExampleBytes => File.ReadAllBytes(Repo.Data("examples", "dcpaf-2009-03.xlsx"));

    [Fact]
    public void Read_Example_GivesThePerDepartementFiguresThatSumToTheExpectedNationalOnes()
    {
        var result = Read(ExampleBytes, agency: "dcpaf");

        Assert.Equal(FileFormat.F2, result.Format);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.All(result.Observations, o => Assert.Equal((TerritoryKind.Departement, Period.OfMonth(2009, 3)), (o.Territory.Kind, o.Period)));
        Assert.Equal((1755d, 2670d), Sums(result, EloignementsForces));
        Assert.Equal((395d, 482d), Sums(result, Interpellations));
        Assert.Equal(["eloignements_forces", "interpellations_aide_sejour"], result.Mentioned.Select(m => m.Value));
    }

    [Fact]
    public void Read_SmallWorkbook_GivesOneObservationPerDepartementRow()
    {
        var result = Read(Build(), agency: "dcpaf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(16, result.Rows);
        Assert.Equal(
            ["DEP-01 8 row 4", "DEP-2A 2 row 5", "DEP-75 40 row 6", "DEP-971 5 row 7", "DEP-974 2 row 8"],
            result.Observations.Where(o => o.Indicator == EloignementsForces).Select(o => $"{o.Territory} {o.Value} row {o.Row}"));
        Assert.Equal((25d, 30d), Sums(result, Interpellations));
    }

    /// <summary>Rows of the small workbook: 1 title, 2 blank, 3 header, 4-8 Ain, Corse-du-Sud, Paris, Guadeloupe, La Réunion, 9-11 totals.</summary>
    [Theory]
    [InlineData(Eloignements, 4, 1, "01")]
    [InlineData(Eloignements, 4, 1, "1.0")]
    [InlineData(Eloignements, 4, 1, 1.0)]
    [InlineData(Eloignements, 6, 1, "DEP-75")]
    [InlineData(Eloignements, 7, 1, "971")]
    [InlineData(Eloignements, 5, 1, "2a")]
    [InlineData(Eloignements, 4, 2, "0")]
    [InlineData(Eloignements, 6, 6, "40")]
    [InlineData(Eloignements, 9, 0, "Total métropole")]
    [InlineData(AideAuSejour, 4, 4, "s")]
    [InlineData(AideAuSejour, 6, 2, "20 ")]
    public void Read_CellWrittenAnotherWay_GivesTheSameObservations(string sheet, int row, int column, object value)
    {
        var result = Read(Build(sheet, row, column, value), agency: "dcpaf");

        Assert.Empty(result.Errors);
        Assert.Equal(Read(Build(), agency: "dcpaf").Observations, result.Observations);
    }

    [Theory]
    [InlineData(Eloignements, 9, 6, 51, "total-mismatch", "Total exécutés", "51", "50")]
    [InlineData(AideAuSejour, 11, 2, 31, "total-mismatch", "Personnes interpellées", "31", "30")]
    [InlineData(AideAuSejour, 10, 4, 1, "total-mismatch", "Filières démantelées", "1", "d'outre-mer")]
    [InlineData(Eloignements, 6, 6, 41, "row-total-mismatch", "Total exécutés", "41", "= 40")]
    [InlineData(AideAuSejour, 4, 3, 4, "part-above-whole", "dont passeurs", "4", "(3)")]
    [InlineData(Eloignements, 4, 1, 20, "unknown-territory", "Code", "20", "2A")]
    [InlineData(Eloignements, 7, 1, 976, "unknown-territory", "Code", "976", "Mayotte")]
    [InlineData(AideAuSejour, 8, 1, "99", "unknown-territory", "Code", "99", "971 à 974")]
    [InlineData(Eloignements, 5, 1, "Corse", "invalid-territory", "Code", "Corse", "code INSEE")]
    [InlineData(Eloignements, 5, 1, "", "invalid-territory", "Code", "", "Corse-du-Sud")]
    [InlineData(AideAuSejour, 4, 4, -1, "negative-value", "Filières démantelées", "-1", "corrigez le signe")]
    [InlineData(Eloignements, 6, 2, "dix", "invalid-number", "APRF exécutés", "dix", "1 234")]
    [InlineData(Eloignements, 6, 2, 10.5, "not-a-whole-number", "APRF exécutés", "10.5", "nombre entier")]
    [InlineData(Eloignements, 6, 3, "", "missing-value", "OQTF exécutées", "", "0 s'il n'y en a aucun")]
    [InlineData(Eloignements, 3, 6, "Total exécuté", "unknown-column", "Total exécuté", "Total exécuté", "« Total exécutés »")]
    [InlineData(Eloignements, 1, 0, "DCPAF - Éloignements", "invalid-period", "", "DCPAF - Éloignements", "mars 2009")]
    [InlineData(AideAuSejour, 1, 0, "DCPAF - Aide à l'entrée et au séjour irréguliers - avril 2009", "period-mismatch", "", "DCPAF - Aide à l'entrée et au séjour irréguliers - avril 2009", "donne le mois avril 2009, celui de la feuille « Eloignements » le mois mars 2009")]
    [InlineData(Eloignements, 1, 0, "DCPAF - Éloignements - mai 2009", "period-in-future", "", "DCPAF - Éloignements - mai 2009", "après la réception")]
    public void Read_CellWithAMistake_ReportsItAtItsSheetRowAndColumn(
        string sheet, int row, int column, object value, string code, string expectedColumn, string expectedCell, string inMessage)
    {
        var result = Read(Build(sheet, row, column, value), agency: "dcpaf");

        Assert.Equal(FileFormat.F2, result.Format);
        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.Equal((sheet, row, expectedColumn, expectedCell), (error.Sheet, error.Row, error.Column, error.Cell));
        Assert.Equal($"{(char)('A' + column)}{row}", error.Address);
        Assert.Contains(FrenchTypography.Apply(inMessage), error.Message, StringComparison.Ordinal);
        Assert.False(result.Accepted);
    }

    /// <summary>
    /// A workbook for « mars 1999 » (a 2009 mistyped): one warning for the file, counting the lines
    /// that give the period (its two titles), not the observations they give it to, and no span across
    /// two sheets (review).
    /// </summary>
    [Fact]
    public void Read_TitlesOf1999_OneWarningCountingTheTitleLines()
    {
        var bytes = Build(Eloignements, 1, 0, "DCPAF - Éloignements - mars 1999", (AideAuSejour, 1, 0, "DCPAF - Aide à l'entrée et au séjour irréguliers - mars 1999"));

        var result = Read(bytes, agency: "dcpaf");

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings, w => w.Code == "period-too-old");
        Assert.Equal((Eloignements, 1), (warning.Sheet, warning.Row));
        Assert.EndsWith(" 2 lignes sont dans ce cas.", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A « Total général » under « TOTAL FRANCE », only its last cell filled: one error in its own
    /// words, not a missing value per blank cell and a duplicate named « TOTAL FRANCE » (red team, agency officer).
    /// </summary>
    [Fact]
    public void Read_SecondFranceTotal_OneErrorInItsOwnWords()
    {
        object?[]?[] rows = [.. EloignementsRows(), ["Total général", null, null, null, null, null, 57]];

        var result = Read(Xlsx.Build((Eloignements, rows), (AideAuSejour, AideRows())), agency: "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("duplicate-row", 12, "A12"), (error.Code, error.Row, error.Address));
        Assert.StartsWith("Ligne «\u202FTotal général\u202F»\u202F: c'est une deuxième ligne de total de la France entière, après «\u202FTOTAL FRANCE\u202F» (ligne 11)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A header on two rows (« Département » and « Code » merged down over rows 2 and 3, the figures'
    /// names on row 3): each is reported where it is written, as a header on two rows, rather than as a
    /// column to add (red team, agency officer).
    /// </summary>
    [Fact]
    public void Read_HeaderOnTwoRows_SaysSoAtTheCellsAbove()
    {
        var rows = EloignementsRows();
        rows[1] = ["Département", "Code", "Mesures exécutées"];
        rows[2]![0] = null;
        rows[2]![1] = null;

        var result = Read(Xlsx.Build((Eloignements, rows), (AideAuSejour, AideRows())), agency: "dcpaf");

        Assert.Equal([("missing-column", 2, "A2"), ("missing-column", 2, "B2")], result.Errors.Select(e => (e.Code, e.Row, e.Address)));
        Assert.All(result.Errors, e => Assert.Contains("au-dessus de la ligne d'en-tête (ligne 3)\u202F: l'en-tête tient sur deux lignes", e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("ajoutez-la", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Île-de-France", 11, "11")]
    [InlineData("Paris", "REG-11", "REG-11")]
    public void Read_RegionWhereADepartementIsExpected_ReportsUnknownTerritoryWithItsDepartements(string name, object code, string cell)
    {
        var bytes = Build(Eloignements, 6, 0, name, (Eloignements, 6, 1, code));

        var error = Assert.Single(Read(bytes, agency: "dcpaf").Errors);

        Assert.Equal(("unknown-territory", 6, "Code", cell, Eloignements), (error.Code, error.Row, error.Column, error.Cell, error.Sheet));
        Assert.Contains("Île-de-France), pas un département", error.Message, StringComparison.Ordinal);
        Assert.Contains("75, 77, 78, 91, 92, 93, 94, 95", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 2, "« Ain » est le nom du département 01, mais la ligne porte le code 2 (Aisne)")] // codes swapped: Ain's figures would go to the Aisne
    [InlineData(6, "13", "« Paris » est le nom du département 75, mais la ligne porte le code 13 (Bouches-du-Rhône)")]
    public void Read_NameOfAnotherDepartementThanTheCode_ReportsTerritoryNameMismatch(int row, object code, string message)
    {
        var bytes = Build(Eloignements, row, 1, code);

        var result = Read(bytes, agency: "dcpaf");

        var error = Assert.Single(result.Errors, e => e.Code == "territory-name-mismatch");
        Assert.Equal((row, "Code", Eloignements), (error.Row, error.Column, error.Sheet));
        Assert.StartsWith(MissionPipeline.Text.FrenchTypography.Apply(message), error.Message, StringComparison.Ordinal);
        Assert.False(result.Accepted);
    }

    [Fact]
    public void Read_DepartementTwice_ReportsDuplicateRowWithTheFirstLine()
    {
        var error = Assert.Single(Read(Build(Eloignements, 6, 0, "Ain", (Eloignements, 6, 1, 1)), agency: "dcpaf").Errors, e => e.Code == "duplicate-row"); // the totals then differ too

        Assert.Equal(("duplicate-row", Eloignements, 6, "Code", "1"), (error.Code, error.Sheet, error.Row, error.Column, error.Cell));
        Assert.Contains("ligne 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AIN", 1)] // the same département, written another way: no error
    [InlineData("Ain (01)", 1)] // not exactly a name: not checked
    public void Read_NameOfTheCodesDepartementOrUnknownSpelling_Accepted(string name, object code)
    {
        var result = Read(Build(Eloignements, 4, 0, name, (Eloignements, 4, 1, code)), agency: "dcpaf");

        Assert.DoesNotContain(result.Errors, e => e.Code == "territory-name-mismatch");
        Assert.True(result.Accepted);
    }

    [Fact]
    public void Read_MarkerInTheValueColumn_GivesAWithheldObservationAndSkipsThatTotal()
    {
        var result = Read(Build(Eloignements, 6, 6, "s"), agency: "dcpaf");

        Assert.Empty(result.Errors);
        var paris = Assert.Single(result.Observations, o => o.Indicator == EloignementsForces && o.Territory.Code == "DEP-75");
        Assert.Equal((null, ValueStatus.Secret), (paris.Value, paris.Status));
    }

    [Fact]
    public void Read_MissingSheet_ReportsItForTheWholeFile()
    {
        var result = Read(Xlsx.Build((Eloignements, EloignementsRows())), agency: "dcpaf");

        Assert.Equal(FileFormat.F2, result.Format);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("missing-sheet", 0, null), (error.Code, error.Row, error.Sheet));
        Assert.Contains(FrenchTypography.Apply("« Aide au séjour »"), error.Message, StringComparison.Ordinal);
        Assert.Contains(FrenchTypography.Apply("« Eloignements »"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTotalRow_ReportsItBelowTheLastRow()
    {
        var rows = EloignementsRows();
        rows[9] = null;

        var error = Assert.Single(Read(Xlsx.Build((Eloignements, rows), (AideAuSejour, AideRows())), agency: "dcpaf").Errors);

        Assert.Equal(("missing-total", 12, "Département", Eloignements), (error.Code, error.Row, error.Column, error.Sheet));
        Assert.Contains("TOTAL DOM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DepartementBelowTotalFrance_ReportsRowAfterTotalButSkipsNotes()
    {
        object?[]?[] rows = [.. EloignementsRows(), ["Source : DCPAF, état 4001"], ["Seine-Maritime", 76, 1, 1, 1, 1, 4]];

        var error = Assert.Single(Read(Xlsx.Build((Eloignements, rows), (AideAuSejour, AideRows())), agency: "dcpaf").Errors);

        Assert.Equal(("row-after-total", 13, Eloignements), (error.Code, error.Row, error.Sheet));
    }

    [Theory]
    [InlineData("ELOIGNEMENTS", "Aide au sejour")]
    [InlineData("Éloignements ", "AideAuSéjour")]
    [InlineData("eloignements", "AIDE AU SÉJOUR")]
    public void Read_SheetNamesWrittenAnotherWay_AreFound(string eloignements, string aide)
    {
        var result = Read(Xlsx.Build((aide, AideRows()), (eloignements, EloignementsRows())), agency: "dcpaf");

        Assert.Empty(result.Errors);
        Assert.Equal(10, result.Observations.Count);
    }

    [Fact]
    public void Read_ExtraSheet_IsIgnoredWithAWarning()
    {
        var result = Read(Xlsx.Build((Eloignements, EloignementsRows()), ("Notes", [["Chiffres provisoires"]]), (AideAuSejour, AideRows())), agency: "dcpaf");

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("ignored-sheet", "Notes"), (warning.Code, warning.Sheet));
    }

    /// <summary>A hidden « Eloignements » must not win over the visible « Éloignements » (the two names fold to one), nor be read alone unseen.</summary>
    [Fact]
    public void Read_HiddenSheetAndVisibleSheetOfTheSameFoldedName_RefusesNamingBoth()
    {
        var corrected = EloignementsRows();
        corrected[5] = ["Paris", 75, 110, 20, 5, 5, 140];
        corrected[8] = ["TOTAL MÉTROPOLE", null, 111, 26, 7, 6, 150];
        corrected[10] = ["TOTAL FRANCE", null, 114, 29, 7, 7, 157];
        var bytes = Xlsx.Hide(Xlsx.Build((Eloignements, EloignementsRows()), (AideAuSejour, AideRows()), ("Éloignements", corrected)), Eloignements);

        var result = Read(bytes, agency: "dcpaf");

        Assert.False(result.Accepted);
        Assert.Equal([("duplicate-sheet", 0, null), ("hidden-sheet", 0, Eloignements)], result.Errors.Select(e => (e.Code, e.Row, e.Sheet)));
        Assert.Contains(FrenchTypography.Apply("(« Eloignements » et « Éloignements »)"), result.Errors[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Observations, o => o.Indicator == EloignementsForces);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_ReadSheetHidden_RefusesTheFileNamingTheSheet(bool veryHidden)
    {
        var result = Read(Xlsx.Hide(Build(), AideAuSejour, veryHidden), agency: "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("hidden-sheet", 0, "", AideAuSejour), (error.Code, error.Row, error.Column, error.Sheet));
        Assert.StartsWith(FrenchTypography.Apply($"La feuille « {AideAuSejour} » est masquée"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Observations, o => o.Indicator == Interpellations);
    }

    [Fact]
    public void Read_HiddenExtraSheet_IsIgnoredWithAWarningAsAVisibleOne()
    {
        var bytes = Xlsx.Hide(Xlsx.Build((Eloignements, EloignementsRows()), ("Notes", [["Chiffres provisoires"]]), (AideAuSejour, AideRows())), "Notes");

        var result = Read(bytes, agency: "dcpaf");

        Assert.Empty(result.Errors);
        Assert.Equal(("ignored-sheet", "Notes"), (Assert.Single(result.Warnings).Code, Assert.Single(result.Warnings).Sheet));
    }

    [Fact]
    public void Read_TwoVisibleSheetsOfTheSameFoldedName_RefusesNamingBoth()
    {
        var result = Read(Xlsx.Build((Eloignements, EloignementsRows()), (AideAuSejour, AideRows()), ("ÉLOIGNEMENTS", EloignementsRows())), agency: "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("duplicate-sheet", 0), (error.Code, error.Row));
        Assert.Contains(FrenchTypography.Apply("(« Eloignements » et « ÉLOIGNEMENTS »)"), error.Message, StringComparison.Ordinal);
    }

    /// <summary>The formula of a total left uncalculated (a workbook written by a script) is not « Cellule vide … écrivez le nombre ».</summary>
    [Fact]
    public void Read_FormulaSavedWithoutItsResult_SaysToRecalculateTheWorkbook()
    {
        var result = Read(Build(Eloignements, 6, 6, new Xlsx.Uncalculated("SUM(C6:F6)")), agency: "dcpaf");

        var error = Assert.Single(result.Errors, e => e.Row == 6);
        Assert.Equal(("uncalculated-formula", "Total exécutés", Eloignements), (error.Code, error.Column, error.Sheet));
        Assert.Contains("Ouvrez le classeur dans Excel (ou LibreOffice), recalculez-le", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Errors, e => e.Message.StartsWith("Cellule vide", StringComparison.Ordinal));
    }

    /// <summary>A check sum under the totals, saved without its result, is that (it read as « Ligne de département sous la ligne TOTAL FRANCE »).</summary>
    [Fact]
    public void Read_UncalculatedFormulaBelowTotalFrance_SaysToRecalculateNotRowAfterTotal()
    {
        object?[]?[] rows = [.. EloignementsRows(), [null, null, null, null, null, null, new Xlsx.Uncalculated("SUM(G6:G10)")]];

        var error = Assert.Single(Read(Xlsx.Build((Eloignements, rows), (AideAuSejour, AideRows())), agency: "dcpaf").Errors);

        Assert.Equal(("uncalculated-formula", 12, "Total exécutés", Eloignements), (error.Code, error.Row, error.Column, error.Sheet));
    }

    [Fact]
    public void Read_MoreRowsThanTheLimit_StopsThereWithoutCheckingTotals()
    {
        var result = Read(Build(), agency: "dcpaf", limits: ReaderLimits.Default with { MaxRows = 6 });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("too-many-rows", 10, Eloignements), (error.Code, error.Row, error.Sheet));
    }

    [Fact]
    public void Read_EmptySheet_ReportsItsMissingHeader()
    {
        var result = Read(Xlsx.Build((Eloignements, EloignementsRows()), (AideAuSejour, [["DCPAF - Aide à l'entrée et au séjour irréguliers - mars 2009"]])), agency: "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("missing-header", 1, AideAuSejour), (error.Code, error.Row, error.Sheet));
    }

    [Fact]
    public void Read_ExampleFromAnotherAgency_IsNotRecognised()
    {
        var error = Assert.Single(Read(ExampleBytes, agency: "ofii").Errors);

        Assert.Equal("unknown-format", error.Code);
    }

    [Fact]
    public void Read_DcpafFileInNoFormat_ListsF0AndF2()
    {
        var error = Assert.Single(Read("Département;Code;Total\nAin;01;8\n", agency: "dcpaf").Errors);

        Assert.Equal("unknown-format", error.Code);
        Assert.Contains("le gabarit canonique F0", error.Message, StringComparison.Ordinal);
        Assert.Contains("le classeur mensuel DCPAF F2", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The sums of the indicator's observations over metropolitan départements and over all, as the engine computes FR-MET and FR.</summary>
    private static (double Metropole, double France) Sums(ReadResult result, IndicatorId indicator)
    {
        var (metropole, france) = (0d, 0d);
        foreach (var observation in result.Observations.Where(o => o.Indicator == indicator))
        {
            Assert.True(Geography2009.Default.TryGetDepartement(observation.Territory, out var departement));
            france += observation.Value!.Value;
            metropole += departement.Metropolitan ? observation.Value.Value : 0;
        }

        return (metropole, france);
    }

    /// <summary>The small workbook, with the cells given as (sheet, row, column, value) changed.</summary>
    private static byte[] Build(string sheet, int row, int column, object value, params (string Sheet, int Row, int Column, object Value)[] more)
    {
        var sheets = new Dictionary<string, object?[]?[]> { [Eloignements] = EloignementsRows(), [AideAuSejour] = AideRows() };
        foreach (var (s, r, c, v) in more.Prepend((sheet, row, column, value)))
        {
            sheets[s][r - 1]![c] = v;
        }

        return Xlsx.Build((Eloignements, sheets[Eloignements]), (AideAuSejour, sheets[AideAuSejour]));
    }

    private static byte[] Build() => Xlsx.Build((Eloignements, EloignementsRows()), (AideAuSejour, AideRows()));

    private static object?[]?[] EloignementsRows() =>
    [
        ["DCPAF - Éloignements - mars 2009"],
        null,
        ["Département", "Code", "APRF exécutés", "OQTF exécutées", "Réadmissions", "ITF exécutées", "Total exécutés"],
        ["Ain", 1, 0, 5, 2, 1, 8],
        ["Corse-du-Sud", "2A", 1, 1, 0, 0, 2],
        ["Paris", 75, 10, 20, 5, 5, 40],
        ["Guadeloupe", 971, 2, 3, 0, 0, 5],
        ["La Réunion", "974", 1, 0, 0, 1, 2],
        ["TOTAL MÉTROPOLE", null, 11, 26, 7, 6, 50],
        ["TOTAL DOM", null, 3, 3, 0, 1, 7],
        ["TOTAL FRANCE", null, 14, 29, 7, 7, 57],
    ];

    private static object?[]?[] AideRows() =>
    [
        ["DCPAF - Aide à l'entrée et au séjour irréguliers - mars 2009"],
        null,
        ["Département", "Code", "Personnes interpellées", "dont passeurs", "Filières démantelées"],
        ["Ain", 1, 3, 1, 0],
        ["Corse-du-Sud", "2A", 2, 0, 1],
        ["Paris", 75, 20, 5, 2],
        ["Guadeloupe", 971, 4, 1, 0],
        ["La Réunion", "974", 1, 0, 0],
        ["TOTAL MÉTROPOLE", null, 25, 6, 3],
        ["TOTAL DOM", null, 5, 1, 0],
        ["TOTAL FRANCE", null, 30, 7, 3],
    ];
}
