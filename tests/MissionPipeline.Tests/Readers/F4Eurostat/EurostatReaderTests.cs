using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Validation;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

public sealed class EurostatReaderTests
{
    private const string Monthly = "migr_asyappctzm_1_Data.csv";
    private const string Yearly = "migr_asyappctza_1_Data-2017-05-31-ADDED.csv";

    /// <summary>The real extracts run to 2016: received after that.</summary>
    private static readonly DateTimeOffset In2017 = new(2017, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly IndicatorId AsylumUe = new("demandes_asile_ue");

    [Fact]
    public void Read_RealMonthlyExport_GivesCountriesMonthByMonth()
    {
        var result = Read(RealFile(Monthly), Monthly);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(FileFormat.F4, result.Format);
        Assert.Equal(new Observation(AsylumUe, Period.OfMonth(2009, 1), Territory.France, 3_390, Row: Row(Monthly, "\"2009M01\",\"France\"")), Find(result, "FR", Period.OfMonth(2009, 1)));
        Assert.Equal(47_625, Period.OfYear(2009).MonthsWithin().Sum(m => Find(result, "FR", m).Value));
        Assert.Equal(2_900, Find(result, "DE", Period.OfMonth(2009, 1)).Value);
        Assert.Equal(3_026, result.Rows);
        Assert.Equal(2_735, result.Observations.Count);
        Assert.All(result.Observations, o => Assert.Contains(o.Territory.Kind, new[] { TerritoryKind.France, TerritoryKind.Country }));
        Assert.Equal([new IgnoredItems("lignes d'agrégats (UE, total), non stockées", 178), new IgnoredItems("valeurs manquantes (:)", 113)], result.Ignored);
        Assert.Equal([AsylumUe], result.Mentioned);
    }

    [Fact]
    public void Read_RealYearlyExport_KeepsTotalsOfAsylumApplicantsOnly()
    {
        var result = Read(RealFile(Yearly), Yearly);

        Assert.Empty(result.Errors);
        Assert.Equal(47_625, Find(result, "FR", Period.OfYear(2009)).Value);
        Assert.Equal(41_845, Find(result, "FR", Period.OfYear(2008)).Value);
        Assert.Equal(33_035, Find(result, "DE", Period.OfYear(2009)).Value);
        Assert.Equal((13_100, ValueStatus.Provisional), (Find(result, "NL", Period.OfYear(2012)).Value, Find(result, "NL", Period.OfYear(2012)).Status));
        Assert.Equal(282, result.Observations.Count);
        Assert.Equal(
            [
                new IgnoredItems("lignes d'autres dimensions", 918),
                new IgnoredItems("lignes d'agrégats (UE, total), non stockées", 18),
                new IgnoredItems("valeurs manquantes (:)", 6),
            ],
            result.Ignored);
    }

    [Fact]
    public void Read_SdmxExample_GivesFourCountriesAndSkipsTheMissingValue()
    {
        var result = Read(File.ReadAllBytes(Repo.Data("examples", "eurostat-migr_asyappctzm-sdmx.csv")), "eurostat-migr_asyappctzm-sdmx.csv",
            new DateTimeOffset(2009, 6, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.True(result.Accepted);
        Assert.Empty(result.Warnings);
        Assert.Equal(
            from geo in new[] { "DE", "FR", "IT", "SE" } from month in new[] { 1, 2, 3 } select (geo, Period.OfMonth(2009, month)),
            result.Observations.Select(o => (o.Territory.Code, o.Period)));
        Assert.Equal(3_390, Find(result, "FR", Period.OfMonth(2009, 1)).Value);
        Assert.Equal(1_735, Find(result, "SE", Period.OfMonth(2009, 3)).Value);
        Assert.DoesNotContain(result.Observations, o => o.Territory.Code == "UK");
        Assert.Equal([new IgnoredItems("valeurs manquantes (:)", 1)], result.Ignored);
    }

    [Theory]
    [InlineData("migr_asydcfsta_2017-04-26.csv", "migr_asydcfsta")]
    [InlineData("migr_eirtn_1_Data.csv", "migr_eirtn")]
    [InlineData("migr_eiord_1_Data.csv", "migr_eiord")]
    public void Read_UnmappedRealTable_IsRejectedNamingTheMappedTables(string file, string table)
    {
        var result = Read(RealFile(file), file);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UnmappedTable, 0, file), (error.Code, error.Row, error.Cell));
        Assert.Contains(FrenchTypography.Apply($"« {table} »"), error.Message, StringComparison.Ordinal);
        Assert.Contains("migr_asyappctza, migr_asyappctzm", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Observations);
    }

    [Fact]
    public void Read_LegacyExportUnderAnAnonymousName_IsRejectedAsUnmapped()
    {
        var result = Read(RealFile(Monthly), "uploads/eurostat/export.csv");

        Assert.Equal([IssueCodes.UnmappedTable], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Read_SdmxOfAnotherDataflow_ReportsTheDataflowCell()
    {
        var text = "DATAFLOW,LAST UPDATE,freq,unit,citizen,sex,age,decision,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
            + "ESTAT:MIGR_ASYDCFSTA(1.0),26/04/17 11:00:00,A,PER,TOTAL,T,TOTAL,TOTAL,FR,2009,33930,\n"
            + "ESTAT:MIGR_ASYDCFSTA(1.0),26/04/17 11:00:00,A,PER,TOTAL,T,TOTAL,TOTAL,DE,2009,28815,\n";

        var result = Read(Encoding.UTF8.GetBytes(text), "extrait.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UnmappedTable, 2, "DATAFLOW", "ESTAT:MIGR_ASYDCFSTA(1.0)"), (error.Code, error.Row, error.Column, error.Cell));
    }

    [Fact]
    public void Read_UnknownCountryLabel_ReportsUnknownTerritory()
    {
        var result = Read(Derive(Monthly, l => l.Replace("\"2009M01\",\"France\"", "\"2009M01\",\"Frankreich\"", StringComparison.Ordinal)), Monthly);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UnknownTerritory, "GEO", "Frankreich"), (error.Code, error.Column, error.Cell));
        Assert.Equal(Row(Monthly, "\"2009M01\",\"France\""), error.Row);
    }

    [Fact]
    public void Read_DefinitionDiffersFlagOnCountries_KeepsTheValuesAndWarnsOnce()
    {
        var result = Read(Derive(Yearly, l => l.Contains("\"Belgium\"", StringComparison.Ordinal) ? l.Replace(",\"\"", ",\"d\"", StringComparison.Ordinal) : l), Yearly);

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((IssueCodes.EurostatFlag, "Flag and Footnotes", "d"), (warning.Code, warning.Column, warning.Cell));
        Assert.StartsWith("9 valeur(s)", warning.Message, StringComparison.Ordinal);
        Assert.Equal((22_955, ValueStatus.Final), (Find(result, "BE", Period.OfYear(2009)).Value, Find(result, "BE", Period.OfYear(2009)).Status));
    }

    [Theory]
    [InlineData("\"3.390,5\"", IssueCodes.InvalidNumber)]
    [InlineData("\"3 390\"", IssueCodes.InvalidNumber)]
    [InlineData("\"\"", IssueCodes.MissingValue)]
    [InlineData("\"-3,390\"", IssueCodes.NegativeValue)]
    [InlineData("\"3.390\"", IssueCodes.AmbiguousNumber)]
    public void Read_BadValue_ReportsItAtTheValueCell(string value, string code)
    {
        var result = Read(Derive(Monthly, l => l.StartsWith("\"2009M01\",\"France\"", StringComparison.Ordinal) ? l.Replace("\"3,390\"", value, StringComparison.Ordinal) : l), Monthly);

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, "Value", Row(Monthly, "\"2009M01\",\"France\"")), (error.Code, error.Column, error.Row));
        // The advice is this format's: « 3 390 » would then be refused as « illisible » (it said to write the thousands with a space).
        Assert.DoesNotContain("avec une espace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExtractWithoutTheSexDimension_ReportsMissingColumn()
    {
        var result = Read(Derive(Monthly, l => l.Replace(",\"Total\",\"Total\",\"Asylum applicant\"", ",\"Total\",\"Asylum applicant\"", StringComparison.Ordinal).Replace(",\"SEX\"", string.Empty, StringComparison.Ordinal)), Monthly);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.MissingColumn, 1, "sex"), (error.Code, error.Row, error.Column));
    }

    [Fact]
    public void Read_OnlyFirstTimeApplicants_IsRejectedAsNoMappedRows()
    {
        var result = Read(Derive(Yearly, l => l.Replace("\"Asylum applicant\"", "\"First time applicant\"", StringComparison.Ordinal)), Yearly);

        Assert.Equal([IssueCodes.NoMappedRows], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Read_ExportReceivedBeforeItsLastMonths_ReportsPeriodsInFuture()
    {
        var result = Read(RealFile(Monthly), Monthly, new DateTimeOffset(2015, 3, 15, 0, 0, 0, TimeSpan.Zero));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal((IssueCodes.PeriodInFuture, "TIME"), (e.Code, e.Column)));
        Assert.Contains(result.Errors, e => e.Cell == "2015M04");
    }

    [Fact]
    public void Read_SdmxWithUnlistedAggregates_StoresCountriesOnly()
    {
        var text = "DATAFLOW,LAST UPDATE,freq,unit,citizen,sex,age,asyl_app,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
            + "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,T,TOTAL,ASY_APP,EU27_2020,2009-01,20000,\n"
            + "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,T,TOTAL,ASY_APP,EA19,2009-01,15000,\n"
            + "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,T,TOTAL,ASY_APP,EU28,2009-01,21000,\n"
            + "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,F,TOTAL,ASY_APP,FR,2009-01,1200,\n"
            + "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,T,TOTAL,ASY_APP,EL,2009-01,1500,p\n"
            + "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,T,TOTAL,ASY_APP,XK,2009-01,100,\n";

        var result = Read(Encoding.UTF8.GetBytes(text), "extrait.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((IssueCodes.UnknownTerritory, 7, "geo", "XK"), (error.Code, error.Row, error.Column, error.Cell));
        var greece = Assert.Single(result.Observations);
        Assert.Equal(("EL", 1_500.0, ValueStatus.Provisional), (greece.Territory.Code, greece.Value!.Value, greece.Status));
        Assert.Equal([new IgnoredItems("lignes d'autres dimensions", 1), new IgnoredItems("lignes d'agrégats (UE, total), non stockées", 3)], result.Ignored);
    }

    [Fact]
    public void Read_ExtractFromAnotherAgency_IsNotRecognised()
    {
        var result = Read(RealFile(Monthly), Monthly, agency: "ofpra");

        Assert.Equal([IssueCodes.UnknownFormat], result.Errors.Select(e => e.Code));
    }

    private static byte[] RealFile(string name) => File.ReadAllBytes(Repo.Data("realdata", "eurostat", name));

    /// <summary>A real extract with each line changed by <paramref name="change"/>.</summary>
    private static byte[] Derive(string name, Func<string, string> change) =>
        Encoding.UTF8.GetBytes(string.Join('\n', File.ReadAllText(Repo.Data("realdata", "eurostat", name), Encoding.UTF8).Split('\n').Select(change)));

    /// <summary>The line number of the first line of a real extract that starts with <paramref name="start"/>.</summary>
    private static int Row(string name, string start) =>
        File.ReadAllLines(Repo.Data("realdata", "eurostat", name)).ToList().FindIndex(l => l.StartsWith(start, StringComparison.Ordinal)) + 1;

    private static ReadResult Read(byte[] bytes, string fileName, DateTimeOffset? received = null, string agency = "eurostat")
    {
        using var stream = new ForwardOnlyStream(new MemoryStream(bytes));
        var context = new ReadContext(new AgencyId(agency), fileName, received ?? In2017, IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default);
        return AgencyFileReader.Read(stream, context);
    }

    private static Observation Find(ReadResult result, string territory, Period period) =>
        Assert.Single(result.Observations, o => o.Territory.Code == territory && o.Period == period);
}
