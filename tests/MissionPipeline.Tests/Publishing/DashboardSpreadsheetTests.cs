using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using ExcelDataReader;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

/// <summary>
/// The two files a spreadsheet user opens, read back with real readers: the French CSV as Excel in
/// French reads it (ExcelDataReader's CSV reader, <c>;</c>, UTF-8 told by its byte-order mark) and
/// the workbook (the Open XML SDK's schema validator, then ExcelDataReader's cells).
/// </summary>
public sealed class DashboardSpreadsheetTests
{
    static DashboardSpreadsheetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void FrenchCsv_OpenedAsExcelInFrench_OneColumnPerFieldAndDecimalCommas()
    {
        var bytes = DashboardCsv.Write(PublishingSamples.Published(), CsvDialect.French);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = ExcelReaderFactory.CreateCsvReader(new MemoryStream(bytes), new ExcelReaderConfiguration { AutodetectSeparators = [';'] });
        var table = Sheets(reader)[0];
        Assert.Equal(DashboardCsv.Columns, table[0].Select(c => c!.ToString()));
        Assert.Equal(1 + DefaultCatalogue.Indicators.Count, table.Count);
        var dilf = Row(table, "dilf_taux_reussite");
        Assert.Equal("0,55", dilf["actual"]);
        Assert.Equal(Indicator("dilf_taux_reussite").Title, dilf["title"]); // accents read as UTF-8
        var operations = Row(table, "operations_travail_illegal");
        Assert.Equal("0,54", operations["progress"]);
        Assert.Equal("non", operations["provisional"]);
        Assert.Equal(0.54, double.Parse(operations["progress"], CultureInfo.GetCultureInfo("fr-FR")));
    }

    [Fact]
    public void FrenchCsv_UnderAnyCulture_SameBytes()
    {
        var published = PublishingSamples.Published();
        var invariant = DashboardCsv.Write(published, CsvDialect.French);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-CH");

            Assert.Equal(invariant, DashboardCsv.Write(published, CsvDialect.French));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Workbook_OpenXmlValidator_NoSchemaError()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(DashboardXlsx.Write(PublishingSamples.Published(), DefaultCatalogue)), false);

        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToArray();

        Assert.True(errors.Length == 0, string.Join("\n", errors));
        Assert.Equal(DefaultCatalogue.Axes.Count, document.WorkbookPart!.WorksheetParts.Count());
    }

    [Fact]
    public void Workbook_ReadBack_OneSheetPerAxisNumbersAsNumbersAndTheLettersSentences()
    {
        var dashboard = PublishingSamples.Published();
        using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(DashboardXlsx.Write(dashboard, DefaultCatalogue)));
        var sheets = Sheets(reader);

        Assert.Equal(DefaultCatalogue.Axes.Count, sheets.Count);
        Assert.All(sheets, s => Assert.Equal(DashboardXlsx.Columns, s[0].Select(c => c!.ToString())));
        Assert.Equal(DefaultCatalogue.Indicators.Count, sheets.Sum(s => s.Count - 1));
        var operations = sheets[0].Single(r => (string?)r[0] == "operations_travail_illegal");
        Assert.Equal(810d, operations[6]); // Réalisé: a number, not text
        Assert.Equal(1500d, operations[4]);
        Assert.Equal(new DateTime(2009, 12, 31), operations[5]);
        Assert.Equal(0.54, (double)operations[12]!, 10);
        Assert.Equal(Indicator("operations_travail_illegal").Quote, operations[16]);
        Assert.Equal("au moins", operations[3]); // French, not the API's « at_least »
        var directions = sheets.SelectMany(s => s.Skip(1)).Where(r => r[3] is "en hausse" or "en baisse" or "évolution").ToArray();
        Assert.NotEmpty(directions);
        Assert.All(directions, r => Assert.Equal(Indicator((string)r[0]!).Direction == MissionPipeline.Catalogue.Direction.Down ? "en baisse" : "en hausse", r[3])); // which way is good, as the page says
        var reasons = sheets.SelectMany(s => s.Skip(1)).Where(r => r[13] is "Sans données" or "Non évalué").ToArray();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r[19]?.ToString()))); // each says why
        var dilf = sheets.SelectMany(s => s).Single(r => (string?)r[0] == "dilf_taux_reussite");
        Assert.Equal(0.55, (double)dilf[6]!, 10);
        Assert.All(sheets.SelectMany(s => s.Skip(1)), r => Assert.Equal(dashboard.AsOf.ToDateTime(TimeOnly.MinValue), r[27])); // « Situation au », a date on every row
        var done = dashboard.Indicators.Where(i => i.DoneOn is not null).ToArray();
        Assert.NotEmpty(done);
        Assert.All(done, i => Assert.Equal(i.DoneOn!.Value.ToDateTime(TimeOnly.MinValue), sheets.SelectMany(s => s).Single(r => (string?)r[0] == i.Id.Value)[15])); // a milestone's day is a date, not « 2009-06-12 »
        var compared = dashboard.Indicators.Where(i => i.ComparedWith is not null).ToArray();
        Assert.NotEmpty(compared);
        Assert.All(compared, i =>
        {
            var row = sheets.SelectMany(s => s).Single(r => (string?)r[0] == i.Id.Value);
            Assert.Equal(i.ComparedWith!.Reference, (double)row[25]!, 10); // what « À risque » was judged against
            Assert.Equal(TerritoryView.Covering((i.ComparedWith.From, i.ComparedWith.To)), row[26]);
        });
    }

    /// <summary>
    /// The forecast a threshold status may follow, and the year's other target, in the workbook as in
    /// the CSV: a row read « Projection 35 520 » against « Cible 50 000 » and « À risque », a status
    /// that came from a seasonal forecast of 50 916 the workbook did not give; the budget's second
    /// target of the removals was not there either.
    /// </summary>
    [Fact]
    public void Workbook_ForecastAndOtherTarget_AsTheCsvGivesThem()
    {
        // Two earlier years of operations (a seasonal forecast with its interval) and half a year of
        // removals (the letter's 27 000 and the budget's 30 000).
        const string operations = "operations_travail_illegal";
        var dashboard = Compute("2009-06-30", [
            .. Months(operations, "FR", 2007, 100, Range(1, 12)), .. Months(operations, "FR", 2008, 120, Range(1, 12)), .. Months(operations, "FR", 2009, 110, Range(1, 6)),
            .. Months("eloignements_forces", "FR-MET", 2009, 2000, Range(1, 6)), .. Months("retours_aides", "FR-MET", 2009, 300, Range(1, 6))]);
        var csv = CsvTable(DashboardCsv.Write(dashboard));
        using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(DashboardXlsx.Write(dashboard, DefaultCatalogue)));
        var formats = new Dictionary<string, string?>();
        var rows = Sheets(reader, (id, r) => formats[id] = r.GetNumberFormatString(9)).SelectMany(s => s.Skip(1)).ToDictionary(r => (string)r[0]!);
        var forecast = dashboard.Indicators.Where(r => r.Forecast is { Low: not null }).ToArray();
        var other = dashboard.Indicators.Where(r => r.OtherTargets.Count > 0).ToArray();

        Assert.NotEmpty(forecast);
        Assert.NotEmpty(other);
        Assert.All(forecast, r =>
        {
            var row = Row(csv, r.Id.Value);
            Assert.Equal((row["forecast"], row["forecastLow"], row["forecastHigh"]), (Cell(rows[r.Id.Value][9]), Cell(rows[r.Id.Value][10]), Cell(rows[r.Id.Value][11])));
        });
        Assert.Equal("#,##0", formats["operations_travail_illegal"]); // a count's forecast in whole units (not « #,##0.00 »), its value kept
        Assert.All(other, r =>
        {
            var row = Row(csv, r.Id.Value);
            Assert.Equal(row["otherTargetValue"], Cell(rows[r.Id.Value][21]));
            Assert.Equal(Html.StatusLabel(r.OtherTargets[0].Status), rows[r.Id.Value][22]);
            Assert.Equal(row["otherTargetSource"], rows[r.Id.Value][24]);
        });
    }

    /// <summary>A sheet is named by its axis within Excel's 31 characters, cut between words (« l'immigrati… » read as a typo), no small word left hanging.</summary>
    [Theory]
    [InlineData(1, "Lutter contre l'immigration irrégulière, organiser l'immigration légale", "1 - Lutter contre…")]
    [InlineData(2, "Conforter la politique de l'asile", "2 - Conforter la politique…")]
    [InlineData(3, "Une nouvelle politique d'intégration", "3 - Une nouvelle politique…")]
    [InlineData(4, "L'identité nationale", "4 - L'identité nationale")]
    [InlineData(5, "Le développement [solidaire]: / ?", "5 - Le développement solidaire")] // what Excel refuses taken out, the spaces it leaves too
    public void SheetName_AxisTitle_WithinExcelsLimitCutBetweenWords(int axis, string title, string expected)
    {
        var name = DashboardXlsx.SheetName(axis, title);

        Assert.Equal(expected, name);
        Assert.True(name.Length <= 31);
    }

    [Fact]
    public void Workbook_SameDashboardTwice_SameBytes() =>
        Assert.Equal(DashboardXlsx.Write(PublishingSamples.Published(), DefaultCatalogue), DashboardXlsx.Write(PublishingSamples.Published(), DefaultCatalogue));

    /// <summary>The invariant CSV (<c>,</c>, decimal points) as its reader gives it.</summary>
    private static List<object?[]> CsvTable(byte[] bytes)
    {
        using var reader = ExcelReaderFactory.CreateCsvReader(new MemoryStream(bytes), new ExcelReaderConfiguration { AutodetectSeparators = [','] });
        return Sheets(reader)[0];
    }

    /// <summary>A workbook cell as the invariant CSV writes it: a number round-trip, nothing for an empty cell.</summary>
    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static Dictionary<string, string> Row(List<object?[]> table, string id)
    {
        var row = table.Single(r => r[1]?.ToString() == id);
        return DashboardCsv.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => row[x.i]?.ToString() ?? string.Empty);
    }

    /// <summary>Every sheet's rows as the reader gives them (cells typed: double, DateTime, string); <paramref name="each"/> sees each row (its first cell, the reader on it).</summary>
    private static List<List<object?[]>> Sheets(IExcelDataReader reader, Action<string, IExcelDataReader>? each = null)
    {
        var sheets = new List<List<object?[]>>();
        do
        {
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.GetValue(i);
                }

                if (each is not null && row.Length > 0 && row[0] is string first)
                {
                    each(first, reader);
                }

                rows.Add(row);
            }

            sheets.Add(rows);
        }
        while (reader.NextResult());
        return sheets;
    }
}
