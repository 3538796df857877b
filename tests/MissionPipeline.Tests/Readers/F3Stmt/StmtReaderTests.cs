using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Validation;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

public sealed class StmtReaderTests
{
    private const string Offers = "offres_emploi_enregistrees";
    private const string ForeignJobseekers = "demandeurs_emploi_etrangers_hors_ue_cvs";

    private static readonly DateTimeOffset AfterJanuary2010 = new(2010, 1, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_RealOffersWorkbook_GivesMetropolitanAndOverseasOffers()
    {
        var result = Read(RealOffers, new DateTimeOffset(2016, 1, 15, 9, 0, 0, TimeSpan.Zero), "series_offres_france_metro-dom_cvs-1511opendata13251.xls");

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F3, result.Format);
        Assert.Equal(new Observation(new IndicatorId(Offers), Period.OfMonth(2009, 1), Territory.Metropole, 235_700, Row: 164), Find(result, Offers, "FR-MET", 2009, 1));
        Assert.Equal(5_200, Find(result, Offers, "FR-DOM", 2009, 1).Value);
        Assert.Equal(256_200, Find(result, Offers, "FR-MET", 2009, 12).Value);
        Assert.Equal(171_800, Find(result, Offers, "FR-MET", 1996, 1).Value);
        Assert.Equal(3_900, Find(result, Offers, "FR-DOM", 1996, 1).Value);
        Assert.Equal(229_600, Find(result, Offers, "FR-MET", 2015, 11).Value);
        Assert.Equal(2 * 239, result.Observations.Count);
        Assert.DoesNotContain(result.Observations, o => o.Period == Period.OfMonth(2015, 12));
        Assert.Equal(["Type A (OEE A)", "Type B (OEE B)", "Type C (OEE C)"], Unconfigured(result));
        Assert.Equal([new IgnoredItems("séries non configurées", 3)], result.Ignored);
        Assert.Equal([new IndicatorId(Offers)], result.Mentioned);
    }

    [Fact]
    public void Read_RealWorkbookReceivedBeforeItsLastMonth_ReportsThatMonthOnce()
    {
        var result = Read(RealOffers, new DateTimeOffset(2015, 10, 20, 9, 0, 0, TimeSpan.Zero));

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.PeriodInFuture, 246, "Période", "2015-11", "OEE"), (error.Code, error.Row, error.Column, error.Cell, error.Sheet));
    }

    [Fact]
    public void Read_DefmExample_GivesForeignJobseekersOutsideTheEuMonthly()
    {
        var result = Read(File.ReadAllBytes(Repo.Data("examples", "pole-emploi-defm-nationalite.xlsx")), AfterJanuary2010);

        Assert.True(result.Accepted, string.Join(" | ", result.Errors.Select(e => e.Message)));
        Assert.Equal(24, result.Observations.Count);
        Assert.All(result.Observations, o => Assert.Equal((new IndicatorId(ForeignJobseekers), Territory.Metropole), (o.Indicator, o.Territory)));
        Assert.Equal([.. Period.OfYear(2008).MonthsWithin(), .. Period.OfYear(2009).MonthsWithin()], result.Observations.Select(o => o.Period));
        Assert.Equal(183_800, Find(result, ForeignJobseekers, "FR-MET", 2008, 1).Value);
        Assert.Equal(232_700, Find(result, ForeignJobseekers, "FR-MET", 2009, 12).Value);
        Assert.Equal(["Français (DEFM A FR)", "Étrangers UE (DEFM A UE)", "Ensemble (DEFM A)"], Unconfigured(result));
        Assert.All(result.Warnings, w => Assert.Equal("DEFM", w.Sheet));
        Assert.Equal([new IgnoredItems("séries non configurées", 3)], result.Ignored);
    }

    [Fact]
    public void Read_OneLevelHeaderDateSerialsAndDays_ReadsEveryMonth()
    {
        var sheet = Sheet(
            [null, "Étrangers hors UE (DEFM A HUE)"],
            [39_448, 183_800],
            [new DateTime(2008, 2, 1), "185 100"],
            ["2008-03", 185_700]);

        var result = Read(Book(sheet), AfterJanuary2010);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal([183_800.0, 185_100, 185_700], result.Observations.Select(o => o.Value!.Value));
        Assert.Equal([Period.OfMonth(2008, 1), Period.OfMonth(2008, 2), Period.OfMonth(2008, 3)], result.Observations.Select(o => o.Period));
    }

    /// <summary>
    /// Serials left without a date format, as the samples have them: counted from 1904 when the
    /// workbook says so (an XLSX's workbookPr date1904, an XLS's DATEMODE record), never four years early.
    /// </summary>
    [Theory]
    [InlineData("series.xlsx", false, "2003-12", "2004-01")]
    [InlineData("series.xlsx", true, "2008-01", "2008-02")]
    [InlineData("series.xls", false, "2003-12", "2004-01")]
    [InlineData("series.xls", true, "2008-01", "2008-02")]
    public void Read_BareSerialInAWorkbookCountingFrom1904_TheMonthExcelShows(string fileName, bool date1904, string first, string second)
    {
        var sheet = Sheet(
            [null, "Étrangers hors UE (DEFM A HUE)"],
            [37_986, 183_800], // 2008-01-01 counted from 1904; 2003-12-31 counted from 1900
            [37_986 + 31, 185_100]);
        (string, object?[]?[])[] sheets = [("Descriptif", [["Descriptif des séries"]]), ("DEFM", sheet.Rows)];

        var result = Read(fileName.EndsWith(".xls", StringComparison.Ordinal) ? Xls.Build(date1904, sheets) : Xlsx.Build(date1904, sheets), AfterJanuary2010, fileName);

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F3, result.Format);
        Assert.Equal([first, second], result.Observations.Select(o => o.Period.ToString()));
    }

    [Fact]
    public void Read_BlanksBeforeFirstAndAfterLastValue_AreNotErrors()
    {
        var result = Read(Book(TwoLevel([Month(1), null], [Month(2), 1_000], [Month(3), 1_010], [Month(4), null], [Month(5), null])), AfterJanuary2010);

        Assert.Empty(result.Errors);
        Assert.Equal([Period.OfMonth(2008, 2), Period.OfMonth(2008, 3)], result.Observations.Select(o => o.Period));
    }

    [Fact]
    public void Read_MonthMissingBetweenTwoValues_ReportsMissingValue()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], [Month(2), null], [Month(3), null], [Month(4), 1_030])), AfterJanuary2010);

        Assert.False(result.Accepted);
        Assert.Equal([(IssueCodes.MissingValue, 9, "B9"), (IssueCodes.MissingValue, 10, "B10")], result.Errors.Select(e => (e.Code, e.Row, e.Address)));
        Assert.All(result.Errors, e => Assert.Equal(("Étrangers hors UE (DEFM A HUE)", "DEFM"), (e.Column, e.Sheet)));
    }

    /// <summary>Rows 8 to 10 (2008-01, then the month given, then 2008-03): a month typed wrong, left out or repeated is reported at its cell, once.</summary>
    [Theory]
    [InlineData(2007, 12, "décembre 2007 après janvier 2008")] // serial 39417 between 2008-01 and 2008-03
    [InlineData(2008, 1, "janvier 2008 après janvier 2008")]
    [InlineData(2008, 4, "avril 2008 après janvier 2008")]
    public void Read_MonthOutOfSequence_ReportsItAtItsCell(int year, int month, string expected)
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], [new Xlsx.Month(new DateTime(year, month, 1)), 1_010], [Month(3), 1_020])), AfterJanuary2010);

        Assert.False(result.Accepted);
        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.MonthOutOfSequence, 9, "Période", "DEFM"), (error.Code, error.Row, error.Column, error.Sheet));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("février 2008 est attendu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MonthLeftOut_ReportsItOnceNotOnEveryFollowingRow()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], [Month(3), 1_020], [Month(4), 1_030], [Month(5), 1_040])), AfterJanuary2010);

        Assert.Equal([(IssueCodes.MonthOutOfSequence, 9)], result.Errors.Select(e => (e.Code, e.Row)));
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 2)] // openpyxl's <v></v>
    [InlineData(true, 3)] // the last month: it was read as not yet published, December dropped without a word
    public void Read_FormulaSavedWithoutItsResult_SaysToRecalculateTheWorkbook(bool emptyValue, int month)
    {
        object?[][] rows = [[Month(1), 1_000], [Month(2), 1_010], [Month(3), 1_020]];
        rows[month - 1][1] = new Xlsx.Uncalculated("B8+100", emptyValue);

        var result = Read(Book(TwoLevel(rows)), AfterJanuary2010);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UncalculatedFormula, 7 + month, "Étrangers hors UE (DEFM A HUE)", "DEFM"), (error.Code, error.Row, error.Column, error.Sheet));
    }

    [Fact]
    public void Read_LastMonthATextFormulaGivingNothing_NotYetPublishedAsAnEmptyCell()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], [Month(2), 1_010], [Month(3), new Xlsx.TextFormula("IF(B9=\"\",\"\",B9)", string.Empty)])), AfterJanuary2010);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Observations.Select(o => o.Period).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_HiddenSeriesSheet_RefusesTheFileNamingTheSheet(bool veryHidden)
    {
        var result = Read(Xlsx.Hide(Book(TwoLevel([Month(1), 1_000], [Month(2), 1_010])), "DEFM", veryHidden), AfterJanuary2010);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.HiddenSheet, 0, "DEFM"), (error.Code, error.Row, error.Sheet));
        Assert.Empty(result.Observations);
    }

    [Theory]
    [InlineData("12 000,5x", "invalid-number", "Étrangers hors UE (DEFM A HUE)")]
    [InlineData("-5", "negative-value", "Étrangers hors UE (DEFM A HUE)")]
    public void Read_BadValue_ReportsItAtItsCell(string cell, string code, string column)
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], [Month(2), cell])), AfterJanuary2010);

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, 9, column, cell, "DEFM"), (error.Code, error.Row, error.Column, error.Cell, error.Sheet));
    }

    [Fact]
    public void Read_MarkerInsteadOfValue_GivesAnObservationWithoutNumber()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], [Month(2), "nd"], [Month(3), 1_020])), AfterJanuary2010);

        Assert.Empty(result.Errors);
        var withheld = Find(result, ForeignJobseekers, "FR-MET", 2008, 2);
        Assert.Equal((null, ValueStatus.NotAvailable), (withheld.Value, withheld.Status));
    }

    [Fact]
    public void Read_ValueInSpacerColumnAndUnreadableMonth_ReportsBoth()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000, 7], ["13/2008", 1_010])), AfterJanuary2010);

        Assert.Equal(
            [(IssueCodes.ValueWithoutColumn, 8, "colonne C"), (IssueCodes.InvalidPeriod, 9, "Période")],
            result.Errors.Select(e => (e.Code, e.Row, e.Column)));
    }

    [Fact]
    public void Read_FootnoteBelowTheMonths_IsNotARow()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000], ["Source : Pôle emploi, Dares - STMT"])), AfterJanuary2010);

        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Rows);
    }

    [Fact]
    public void Read_MonthAfterReception_ReportsPeriodInFuture()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000])), new DateTimeOffset(2007, 12, 31, 0, 0, 0, TimeSpan.Zero));

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.PeriodInFuture, 8, "Période"), (error.Code, error.Row, error.Column));
    }

    [Fact]
    public void Read_RawData_ReportsSeriesAsUnconfiguredAndRejectsTheWorkbook()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000]) with { Data = "Brutes" }), AfterJanuary2010);

        Assert.Equal([IssueCodes.NoConfiguredSeries], result.Errors.Select(e => e.Code));
        Assert.Contains(result.Warnings, w => w.Code == IssueCodes.UnconfiguredSeries && w.Message.Contains(FrenchTypography.Apply("« Brutes »"), StringComparison.Ordinal));
        Assert.Empty(result.Observations);
    }

    [Fact]
    public void Read_NoDonneesRow_ReportsMissingSeriesMetadata()
    {
        var result = Read(Book(TwoLevel([Month(1), 1_000]) with { Data = null }), AfterJanuary2010);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.MissingSeriesMetadata, 6, "DEFM"), (error.Code, error.Row, error.Sheet));
    }

    [Fact]
    public void Read_ColumnMatchingLabelAndCode_WinsOverCodeAlone()
    {
        var map = new StmtMap(
        [
            new("Métropole", "OEE ABC", new IndicatorId(Offers), Territory.Metropole),
            new(null, "OEE ABC", new IndicatorId(Offers), Territory.OutreMer),
        ]);
        var sheet = Sheet([null, "metropole (OEE ABC)", "Ailleurs (OEE ABC)"], [Month(1), 10, 20]);

        var result = new StmtReader(map).Read(Open(Book(sheet)), Context(AfterJanuary2010), CancellationToken.None);

        Assert.Empty(result.Errors);
        Assert.Equal([("FR-MET", 10.0), ("FR-DOM", 20.0)], result.Observations.Select(o => (o.Territory.Code, o.Value!.Value)));
    }

    [Fact]
    public void Read_SameWorkbookFromAnotherAgency_IsNotRecognisedAndNamesItsSheet()
    {
        var result = Read(RealOffers, AfterJanuary2010, agency: "ofii");

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UnknownFormat, "Descriptif"), (error.Code, error.Sheet));
        Assert.NotEqual(string.Empty, error.Cell);
    }

    [Fact]
    public void Read_SheetWithoutSeries_IsIgnoredWithAWarning()
    {
        var result = Read(Xlsx.Build(("OEE", TwoLevel([Month(1), 1_000]).Rows), ("Notes", [["Révisions", "voir le site"]])), AfterJanuary2010);

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => (w.Code, w.Sheet) == (IssueCodes.IgnoredSheet, "Notes"));
        Assert.Contains(new IgnoredItems("feuilles sans séries", 1), result.Ignored);
    }

    /// <summary>
    /// A series label retyped without its code: refused at the labels' row of the series sheet, saying
    /// what they lack, not as a format not recognised quoting the « Descriptif » sheet (red team,
    /// agency officer).
    /// </summary>
    [Fact]
    public void Read_LabelsWithoutTheirCode_RefusedAtTheLabelsRow()
    {
        var result = Read(Book(Sheet(["Période", "Étrangers hors UE"], [Month(1), 1_000], [Month(2), 1_010])), AfterJanuary2010);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UnknownFormat, "DEFM", 6, FileFormat.F3), (error.Code, error.Sheet, error.Row, result.Format));
        Assert.StartsWith("Les libellés des séries, au-dessus des mois, n'ont pas leur code entre parenthèses", error.Message, StringComparison.Ordinal);
    }

    private static byte[] RealOffers => File.ReadAllBytes(Repo.Data("realdata", "pole-emploi", "series_offres_france_metro-dom_cvs-1511opendata13251.xls"));

    /// <summary>A DEFM sheet: metadata rows 1-4, a two-level header in rows 6-7 (month, HUE, spacer, total), months from row 8.</summary>
    private static SeriesSheet TwoLevel(params object?[][] months) =>
        new([["Période", "Demandeurs d'emploi de catégorie A (1)", null, "Ensemble (DEFM A)"], [null, "Étrangers hors UE (DEFM A HUE)"]], months);

    private static SeriesSheet Sheet(object?[] header, params object?[][] months) => new([header], months);

    private static Xlsx.Month Month(int month) => new(new DateTime(2008, month, 1));

    private static byte[] Book(SeriesSheet sheet) => Xlsx.Build(("Descriptif", [["Descriptif des séries"]]), ("DEFM", sheet.Rows));

    private static ReadContext Context(DateTimeOffset received, string agency = "pole-emploi", string fileName = "series.xlsx") =>
        new(new AgencyId(agency), fileName, received, IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default);

    private static ReadResult Read(byte[] bytes, DateTimeOffset received, string fileName = "series.xlsx", string agency = "pole-emploi")
    {
        using var stream = new ForwardOnlyStream(new MemoryStream(bytes));
        return AgencyFileReader.Read(stream, Context(received, agency, fileName));
    }

    private static TabularFile Open(byte[] bytes) =>
        Workbook.TryOpen(bytes, out var file, out var problem) ? file : throw new InvalidOperationException(problem);

    private static Observation Find(ReadResult result, string indicator, string territory, int year, int month) =>
        Assert.Single(result.Observations, o => o.Indicator.Value == indicator && o.Territory.Code == territory && o.Period == Period.OfMonth(year, month));

    private static string[] Unconfigured(ReadResult result) =>
        [.. result.Warnings.Where(w => w.Code == IssueCodes.UnconfiguredSeries).Select(w => w.Column)];

    /// <summary>A series sheet: metadata (with <see cref="Data"/> as its « Données », no such row when null), a blank row, the header rows, the month rows.</summary>
    private sealed record SeriesSheet(object?[][] Header, object?[][] Months)
    {
        public string? Data { get; init; } = "CVS-CJO";

        public object?[]?[] Rows =>
        [
            ["Titre", "Demandeurs d'emploi en fin de mois"],
            Data is null ? ["Niveau géographique", "France métropolitaine"] : ["Données", Data],
            ["Source", "Pôle emploi, Dares - STMT"],
            ["(1) : Nationalité déclarée à l'inscription"],
            null,
            .. Header,
            .. Months,
        ];
    }
}
