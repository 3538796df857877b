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
        Assert.Equal(0.54, (double)operations[9]!, 10);
        Assert.Equal(Indicator("operations_travail_illegal").Quote, operations[13]);
        Assert.Equal("au moins", operations[3]); // French, not the API's « at_least »
        var directions = sheets.SelectMany(s => s.Skip(1)).Where(r => r[3] is "en hausse" or "en baisse" or "évolution").ToArray();
        Assert.NotEmpty(directions);
        Assert.All(directions, r => Assert.Equal(Indicator((string)r[0]!).Direction == MissionPipeline.Catalogue.Direction.Down ? "en baisse" : "en hausse", r[3])); // which way is good, as the page says
        var reasons = sheets.SelectMany(s => s.Skip(1)).Where(r => r[10] is "Sans données" or "Non évalué").ToArray();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r[16]?.ToString()))); // each says why
        var dilf = sheets.SelectMany(s => s).Single(r => (string?)r[0] == "dilf_taux_reussite");
        Assert.Equal(0.55, (double)dilf[6]!, 10);
    }

    [Fact]
    public void Workbook_SameDashboardTwice_SameBytes() =>
        Assert.Equal(DashboardXlsx.Write(PublishingSamples.Published(), DefaultCatalogue), DashboardXlsx.Write(PublishingSamples.Published(), DefaultCatalogue));

    private static Dictionary<string, string> Row(List<object?[]> table, string id)
    {
        var row = table.Single(r => r[1]?.ToString() == id);
        return DashboardCsv.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => row[x.i]?.ToString() ?? string.Empty);
    }

    /// <summary>Every sheet's rows as the reader gives them (cells typed: double, DateTime, string).</summary>
    private static List<List<object?[]>> Sheets(IExcelDataReader reader)
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

                rows.Add(row);
            }

            sheets.Add(rows);
        }
        while (reader.NextResult());
        return sheets;
    }
}
