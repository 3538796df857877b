using System.Globalization;
using System.Text;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class DashboardCsvTests
{
    [Fact]
    public void Write_OneRowPerIndicatorAfterTheHeader_CrlfNoBom()
    {
        var bytes = DashboardCsv.Write(PublishingSamples.Published());
        var text = Encoding.UTF8.GetString(bytes);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var rows = Rows(text);
        Assert.Equal(string.Join(',', DashboardCsv.Columns), rows[0]);
        Assert.Equal(1 + DefaultCatalogue.Indicators.Count, rows.Length);
        Assert.Equal(DefaultCatalogue.Indicators.Select(i => i.Id.Value), rows.Skip(1).Select(r => Fields(r)[1]));
    }

    [Fact]
    public void Write_ScalarFields_InvariantNumbersAndCodes()
    {
        var row = Row("operations_travail_illegal");

        Assert.Equal("2009-06-30", row["asOf"]);
        Assert.Equal("1", row["axis"]);
        Assert.Equal("at_least", row["targetKind"]);
        Assert.Equal("1500", row["targetValue"]);
        Assert.Equal("2009-12-31", row["targetDue"]);
        Assert.Equal("2008", row["baselinePeriod"]);
        Assert.Equal("1220", row["baselineValue"]);
        Assert.Equal("810", row["actual"]); // T1 reported (420) + April to June (3 × 130)
        Assert.Equal("750", row["expectedToDate"]);
        Assert.Equal("1620", row["projection"]);
        Assert.Equal("0.54", row["progress"]);
        Assert.Equal("on_track", row["status"]);
        Assert.Equal("false", row["provisional"]);
        Assert.Equal("4", row["periodsReported"]);
        Assert.Equal("2009-06", row["lastPeriod"]);
        Assert.Equal("1", row["warnings"]); // the T1 value against its three months
        Assert.Equal(string.Empty, row["noDataReason"]);
    }

    [Fact]
    public void Write_NoDataAndRates_ReasonCodeAndFractions()
    {
        Assert.Equal("0.55", Row("dilf_taux_reussite")["actual"]);
        Assert.Equal("no-file", Row("demandes_asile")["noDataReason"]);
        Assert.Equal(string.Empty, Row("demandes_asile")["actual"]);
        Assert.Equal("true", Row("entreprises_label_diversite")["provisional"]);
        Assert.Equal("2009-06-02", Row("comite_interministeriel_integration")["doneOn"]);
    }

    [Fact]
    public void Write_TextWithCommasAndQuotes_QuotedAsRfc4180()
    {
        var row = Row("eloignements");

        Assert.Equal(Indicator("eloignements").Quote, row["quote"]);
        Assert.Equal("Éloignements (forcés + volontaires), métropole", row["title"]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("dit \"non\"", "\"dit \"\"non\"\"\"")]
    [InlineData("ligne\nsuivante", "\"ligne\nsuivante\"")]
    [InlineData("Retours volontaires", "Retours volontaires")]
    [InlineData("", "")]
    public void Text_FormulaOrSeparator_NeutralisedAndQuoted(string value, string expected) =>
        Assert.Equal(expected, DashboardCsv.Text(value));

    [Fact]
    public void Write_TitleStartingWithAFormula_NeutralisedInTheFile()
    {
        var published = PublishingSamples.Published();
        var hostile = published with { Indicators = [published.Indicators[0] with { Title = "=1+1", Unit = "@x", Quote = "-cmd" }] };

        var row = Fields(Rows(Encoding.UTF8.GetString(DashboardCsv.Write(hostile)))[1]);

        Assert.Equal(("'=1+1", "'@x", "'-cmd"), (row[3], row[4], row[DashboardCsv.Columns.ToList().IndexOf("quote")]));
    }

    [Fact]
    public void Write_UnderFrenchCulture_SameBytes()
    {
        var published = PublishingSamples.Published();
        var invariant = DashboardCsv.Write(published);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");

            Assert.Equal(invariant, DashboardCsv.Write(published));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    /// <summary>
    /// What decides a status the CSV carried only in part: a direction status's comparison, and the
    /// year's other target with its own status (the HTML and the command line showed them; the CSV
    /// left them out).
    /// </summary>
    [Fact]
    public void Write_ComparisonAndOtherTarget_InTheirColumns()
    {
        const string Unemployment = "taux_chomage_etrangers_hors_ue";
        var dashboard = Compute("2009-12-31",
        [
            Value(Unemployment, "2009", "FR-MET", 0.238), Value(Unemployment, "2008", "FR-MET", 0.234),
            .. Months("eloignements_forces", "FR-MET", 2009, 2100, Range(1, 12)),
            .. Months("retours_aides", "FR-MET", 2009, 300, Range(1, 12)),
        ]);

        var unemployment = Row(dashboard, Unemployment);
        var removals = Row(dashboard, "eloignements");

        Assert.Equal(("previous_year", "0.234", "2008", "2008"), (unemployment["comparedWithBasis"], unemployment["comparedWith"], unemployment["comparedWithFrom"], unemployment["comparedWithTo"]));
        Assert.Equal(("at_least", "30000", "missed", "0.96"), (removals["otherTargetKind"], removals["otherTargetValue"], removals["otherTargetStatus"], removals["otherTargetProgress"]));
        Assert.StartsWith("Sénat, rapport n° 587", removals["otherTargetSource"].Trim('"'), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Row(string id) => Row(PublishingSamples.Published(), id);

    private static Dictionary<string, string> Row(MissionPipeline.Indicators.Dashboard dashboard, string id)
    {
        var rows = Rows(Encoding.UTF8.GetString(DashboardCsv.Write(dashboard)));
        var fields = rows.Skip(1).Select(Fields).Single(f => f[1] == id);
        return DashboardCsv.Columns.Zip(fields).ToDictionary(x => x.First, x => x.Second);
    }

    /// <summary>Splits on CRLF outside quotes.</summary>
    private static string[] Rows(string text)
    {
        var rows = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            quoted ^= text[i] == '"';
            if (!quoted && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                rows.Add(text[start..i]);
                start = i + 2;
            }
        }

        return [.. rows];
    }

    /// <summary>An RFC 4180 parser of one row.</summary>
    private static string[] Fields(string row)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < row.Length; i++)
        {
            var c = row[i];
            if (quoted && c == '"' && i + 1 < row.Length && row[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
