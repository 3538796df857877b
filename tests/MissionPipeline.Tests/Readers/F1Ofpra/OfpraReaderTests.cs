using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

/// <summary>F1, the OFPRA monthly activity: the example, its variants, and errors placed at known lines.</summary>
public sealed class OfpraReaderTests
{
    private static readonly Period March2009 = Period.OfMonth(2009, 3);

    private static byte[] ExampleBytes => File.ReadAllBytes(Repo.Data("examples", "ofpra-activite-2009-03.csv"));

    /// <summary>The example as text (Windows-1252 decoded, CRLF kept).</summary>
    private static string ExampleText => Windows1252.GetString(ExampleBytes);

    private static Encoding Windows1252 => CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    [Fact]
    public void Read_Example_GivesTheNationalFiguresOfMarch2009()
    {
        var result = Read(ExampleBytes, agency: "ofpra");

        Assert.Equal(FileFormat.F1, result.Format);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(6, result.Rows);
        AssertExampleFigures(result);
        Assert.Equal(["decisions_ofpra", "delai_traitement_ofpra", "demandes_asile", "taux_protection_global"], result.Mentioned.Select(m => m.Value));
    }

    /// <summary>
    /// A March export whose title was left from January replaced January's figures with March's
    /// without a word (red team): a title and a name that name different months are refused.
    /// </summary>
    [Theory]
    [InlineData("ofpra-activite-2009-03.csv", true)]
    [InlineData("ofpra_200903.csv", true)]
    [InlineData("ofpra-activite-2009-01.csv", false)] // they agree
    [InlineData("ofpra-activite.csv", false)] // a name with no month says nothing
    [InlineData("export-2009-03-15.csv", false)] // the day it was made, not a month
    [InlineData("ofpra-2009-01-et-2009-03.csv", false)] // two months: which one?
    public void Read_TitleMonthAndFileName_RefusedWhenTheyDisagree(string fileName, bool refused)
    {
        var bytes = Windows1252.GetBytes(ExampleText.Replace("Mois : mars 2009", "Mois : janv. 2009", StringComparison.Ordinal));

        var result = Read(bytes, agency: "ofpra", fileName: fileName);

        if (refused)
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal(("period-mismatch", 2, "Mois : janv. 2009"), (error.Code, error.Row, error.Cell));
            Assert.Equal(FrenchTypography.Apply($"Le titre donne janvier 2009, mais le nom du fichier « {fileName} » annonce mars 2009 : corrigez le titre (ou le nom du fichier), puis déposez-le à nouveau. Accepté, il remplacerait les chiffres reçus pour janvier 2009."), error.Message);
        }
        else
        {
            Assert.Empty(result.Errors);
            Assert.Equal([Period.OfMonth(2009, 1)], result.Observations.Select(o => o.Period).Distinct());
        }
    }

    [Theory]
    [InlineData("utf-8 with BOM")]
    [InlineData("utf-8")]
    [InlineData("lf")]
    [InlineData("no trailing separators")]
    [InlineData("thousands with U+00A0")]
    [InlineData("xlsx")]
    [InlineData("utf-16le without BOM")] // read as Windows-1252 « O\0F\0P\0… »: an unknown format
    [InlineData("utf-16be without BOM")]
    public void Read_ExampleReencodedOrReshaped_GivesTheSameFigures(string variant)
    {
        var text = ExampleText;
        byte[] bytes = variant switch
        {
            "utf-8 with BOM" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "utf-16le without BOM" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes(text),
            "utf-16be without BOM" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false).GetBytes(text),
            "utf-8" => Encoding.UTF8.GetBytes(text),
            "lf" => Windows1252.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)),
            "no trailing separators" => Windows1252.GetBytes(text.Replace(";;;;;;;;;", string.Empty, StringComparison.Ordinal)),
            "thousands with U+00A0" => Windows1252.GetBytes(text.Replace("1 ", "1\u00A0", StringComparison.Ordinal).Replace("2 ", "2\u00A0", StringComparison.Ordinal)),
            _ => Xlsx.FromText(text),
        };

        var result = Read(bytes, agency: "ofpra");

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F1, result.Format);
        AssertExampleFigures(result);
    }

    /// <summary>Example lines: 1-2 titles, 3 header, 4 Russie, 5 Sri Lanka, 6 RD Congo, 7 Kosovo, 8 Autres, 9 Total, 10 footnote.</summary>
    [Theory]
    [InlineData("Total;;2 633;", "Total;;2 634;", "total-mismatch", 9, "Premières demandes", "2 634", "2\u202F633")]
    [InlineData("Total;;2 633;330;2 584;270;", "Total;;2 633;330;2 584;271;", "total-mismatch", 9, "Accords statut de réfugié", "271", "270")]
    [InlineData("298;41;3;254;22", "298;41;3;253;22", "decisions-mismatch", 4, "Décisions", "298", "= 297")]
    [InlineData("Mois : mars 2009", "Mois : ", "invalid-period", 2, "", "Mois :", "Mois : mars 2009")]
    [InlineData("Mois : mars 2009", "Mois : marsss 2009", "invalid-period", 2, "", "Mois : marsss 2009", "Mois : mars 2009")]
    [InlineData("Mois : mars 2009", "Mois : mars 2010", "period-in-future", 2, "", "Mois : mars 2010", "après la réception")]
    [InlineData("Kosovo;XK;198;", "Kosovo;XK;-198;", "negative-value", 7, "Premières demandes", "-198", "corrigez le signe")]
    [InlineData("Sri Lanka;LK;265;", "Sri Lanka;LK;deux cents;", "invalid-number", 5, "Premières demandes", "deux cents", "1 234")]
    [InlineData("1 620;212", "1 620,5;212", "not-a-whole-number", 8, "Premières demandes", "1 620,5", "nombre entier")]
    [InlineData("1 620;212", "1.620;212", "ambiguous-number", 8, "Premières demandes", "1.620", "milliers ou des décimales")]
    [InlineData("1 620;212", "1,620;212", "ambiguous-number", 8, "Premières demandes", "1,620", "Si c'est 1\u202F620")]
    [InlineData(";121,5", ";121.500", "ambiguous-number", 4, "Délai moyen (jours)", "121.500", "121,500 ou 121\u202F500")]
    [InlineData("Russie;RU;310;", "Russie;RU;;", "missing-value", 4, "Premières demandes", "", "0 s'il n'y en a aucun")]
    [InlineData("Kosovo;XK;198;17;", "Kosovo;XK;198;17", "wrong-cell-count", 7, "", "Kosovo;XK;198;17205;18;6;181;11;87,4", "séparateurs")]
    [InlineData(";Rejets;", ";Rejet;", "unknown-column", 3, "Rejet", "Rejet", "vouliez-vous dire « Rejets »")]
    [InlineData("Total;;2 633", "Autre total;;2 633", "missing-total", 10, "Nationalité", "", "Total")]
    public void Read_ExampleWithOneMistake_ReportsItWhereItIs(string find, string replace, string code, int row, string column, string cell, string inMessage)
    {
        var text = ExampleText.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(ExampleText, text);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        Assert.Equal(FileFormat.F1, result.Format);
        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.Equal((code, row, column, cell), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains(FrenchTypography.Apply(inMessage), error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Observations);
    }

    /// <summary>A subtotal line among the nationalities: one error for the line, not a missing value per blank cell and a Total that no longer adds up.</summary>
    [Theory]
    [InlineData("Sous-total Europe;;;;;;;;;")]
    [InlineData("SOUS TOTAL EUROPE;;485;;;;;;;")]
    public void Read_SubtotalLine_OneErrorForTheLine(string line)
    {
        var text = ExampleText.Replace("Kosovo;XK;", line + "\r\nKosovo;XK;", StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("total-row", "Nationalité"), (error.Code, error.Column));
        Assert.StartsWith("Ligne de sous-total", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An OFPRA table with a column of its own added: the column is an error, and the lines under it are still checked (a wrong sign reported at once, not after the header is mended).</summary>
    [Fact]
    public void Read_ColumnAddedAndAWrongSign_BothReported()
    {
        var lines = ExampleText.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("Nationalité;", StringComparison.Ordinal));
        var text = string.Join("\r\n", lines.Select((l, i) => i >= header && l.Length > 0 && !l.StartsWith("Mois", StringComparison.Ordinal) ? l + (i == header ? ";Observations" : ";") : l))
            .Replace("Kosovo;XK;198;", "Kosovo;XK;-198;", StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        Assert.Equal(FileFormat.F1, result.Format);
        Assert.Equal([("unknown-column", "Observations"), ("negative-value", "-198")], result.Errors.Select(e => (e.Code, e.Cell)));
    }

    [Theory]
    [InlineData("Kosovo;XK;198;17;205;18;6;181;11;87,4", "XK", "Code pays", "« Kosovo (XK) » figure déjà ligne 7")]
    [InlineData("Kosovo;xk ;198;17;205;18;6;181;11;87,4", "xk ", "Code pays", "ligne 7")] // the code, folded
    [InlineData("Kosovo;;198;17;205;18;6;181;11;87,4", "Kosovo", "Nationalité", "« Kosovo » figure déjà ligne 7")] // no code: the name
    public void Read_NationalityTwice_ReportsTheSecondLineEvenWhenTheTotalAddsUp(string repeated, string cell, string column, string inMessage)
    {
        // A line pasted twice under a Total made by a formula: the Total adds up, the demandes are counted twice.
        var text = ExampleText
            .Replace("Autres nationalités;", repeated + "\r\nAutres nationalités;", StringComparison.Ordinal)
            .Replace("Total;;2 633;330;2 584;270;32;2 282;165;116,0", "Total;;2 831;347;2 789;288;38;2 463;176;113,6", StringComparison.Ordinal);
        if (repeated.Contains(";;", StringComparison.Ordinal))
        {
            text = text.Replace("Kosovo;XK;", "Kosovo;;", StringComparison.Ordinal);
        }

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("duplicate-row", 8, column, cell), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains(FrenchTypography.Apply(inMessage), error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Observations);
    }

    [Fact]
    public void Read_MissingTotalLine_ReportsMissingTotalAfterTheLastNationality()
    {
        var text = ExampleText.Replace("Total;;2 633;330;2 584;270;32;2 282;165;116,0\r\n", string.Empty, StringComparison.Ordinal);

        var error = Assert.Single(Read(Windows1252.GetBytes(text), agency: "ofpra").Errors);

        Assert.Equal(("missing-total", 9, "Nationalité"), (error.Code, error.Row, error.Column));
    }

    /// <summary>The example as a workbook, its month line and its total's délai mistyped: each issue gives its cell's address (the month line is one cell, A2).</summary>
    [Fact]
    public void Read_ExampleAsWorkbookWithMistakes_IssuesGiveTheCellsAddress()
    {
        var text = ExampleText.Replace("Mois : mars 2009", "Mois : janv. 2009", StringComparison.Ordinal).Replace(";165;116,0", ";165;118,0", StringComparison.Ordinal);

        var result = Read(Xlsx.FromText(text), agency: "ofpra", fileName: "ofpra-activite-2009-03.xlsx");

        Assert.Equal(("period-mismatch", 2, "A2"), (Assert.Single(result.Errors).Code, result.Errors[0].Row, result.Errors[0].Address));
        Assert.Equal(("mean-mismatch", 9, "J9"), (Assert.Single(result.Warnings).Code, result.Warnings[0].Row, result.Warnings[0].Address));
    }

    [Fact]
    public void Read_NoMonthLine_ReportsTheMissingMonthAtTheFirstTitle()
    {
        var text = ExampleText.Replace("Mois : mars 2009;;;;;;;;;\r\n", string.Empty, StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid-period", 1, "OFPRA - Activité mensuelle"), (error.Code, error.Row, error.Cell));
        Assert.Contains(FrenchTypography.Apply("Mois : mars 2009"), error.Message, StringComparison.Ordinal);
        Assert.Equal(4, result.Mentioned.Count);
    }

    [Fact]
    public void Read_TotalDelaiOffTheWeightedMean_WarnsAndKeepsTheWeightedMean()
    {
        var text = ExampleText.Replace(";165;116,0", ";165;118,0", StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("mean-mismatch", 9, "Délai moyen (jours)", "118,0"), (warning.Code, warning.Row, warning.Column, warning.Cell));
        Assert.Contains("116,04", warning.Message, StringComparison.Ordinal);
        Assert.Equal(116.0, Math.Round(Single(result, "delai_traitement_ofpra").Value!.Value, 1));
    }

    [Fact]
    public void Read_LineAfterTheTotal_ReportsRowAfterTotalButAcceptsFootnotes()
    {
        var text = ExampleText + "(2) Source : OFPRA;;;;;;;;;\r\nNote sans parenthèse;;;;;;;;;\r\nIrak;IQ;1;0;0;0;0;0;0;\r\n";

        var error = Assert.Single(Read(Windows1252.GetBytes(text), agency: "ofpra").Errors);

        Assert.Equal(("row-after-total", 13), (error.Code, error.Row));
    }

    [Fact]
    public void Read_MarkerInANationalityLine_TakesThatColumnFromTheTotalLine()
    {
        var text = ExampleText.Replace("181;11;87,4", "181;s;87,4", StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        Assert.Empty(result.Errors);
        var taux = Single(result, "taux_protection_global");
        Assert.Equal((270d + 32 + 165, 2584d), (taux.Numerator, taux.Denominator));
    }

    [Fact]
    public void Read_MarkersInALineAndInTheTotal_WithholdsTheFiguresThatNeedTheColumn()
    {
        var text = ExampleText.Replace("181;11;87,4", "181;s;87,4", StringComparison.Ordinal).Replace(";2 282;165;", ";2 282;s;", StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        Assert.Empty(result.Errors);
        var taux = Single(result, "taux_protection_global");
        Assert.Equal((null, null, ValueStatus.Secret), (taux.Numerator, taux.Denominator, taux.Status));
        Assert.Equal(2963d, Single(result, "demandes_asile").Value);
    }

    [Fact]
    public void Read_BlankDelaiOnALineWithoutDecisions_IsAccepted()
    {
        var text = ExampleText.Replace("Total;;", "Irak;IQ;0;0;0;0;0;0;0;\r\nTotal;;", StringComparison.Ordinal);

        var result = Read(Windows1252.GetBytes(text), agency: "ofpra");

        Assert.Empty(result.Errors);
        Assert.Equal(7, result.Rows);
    }

    [Fact]
    public void Read_MoreLinesThanTheLimit_StopsThereWithoutFurtherChecks()
    {
        var result = Read(ExampleBytes, agency: "ofpra", limits: ReaderLimits.Default with { MaxRows = 3 });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("too-many-rows", 7), (error.Code, error.Row));
        Assert.Empty(result.Observations);
    }

    [Fact]
    public void Read_ExampleInAWorkbookWithAnotherSheet_ReadsTheFirstAndWarnsAboutTheOther()
    {
        var text = ExampleText.ReplaceLineEndings("\n").TrimEnd('\n');
        var rows = text.Split('\n').Select(l => l.Split(';').Cast<object?>().ToArray()).ToArray();
        var bytes = Xlsx.Build(("Mars 2009", rows), ("Notes", [["Extraction du 2 avril"]]));

        var result = Read(bytes, agency: "ofpra");

        Assert.Empty(result.Errors);
        AssertExampleFigures(result);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("ignored-sheet", "Notes"), (warning.Code, warning.Sheet));
    }

    [Theory]
    [InlineData("ofii")]
    [InlineData("dcpaf")]
    public void Read_ExampleFromAnotherAgency_IsNotRecognised(string agency)
    {
        var error = Assert.Single(Read(ExampleBytes, agency).Errors);

        Assert.Equal("unknown-format", error.Code);
        Assert.DoesNotContain("OFPRA F1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfpraFileInNoFormat_ListsF0AndF1()
    {
        var result = Read("Statistiques OFPRA\nPays;Demandes\nRussie;310\n", agency: "ofpra");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("unknown-format", 1), (error.Code, error.Row));
        Assert.Contains("le gabarit canonique F0", error.Message, StringComparison.Ordinal);
        Assert.Contains("l'activité mensuelle OFPRA F1", error.Message, StringComparison.Ordinal);
    }

    private static void AssertExampleFigures(ReadResult result)
    {
        Assert.All(result.Observations, o => Assert.Equal((March2009, Territory.France), (o.Period, o.Territory)));
        Assert.Equal(2963d, Single(result, "demandes_asile").Value);
        Assert.Equal(2584d, Single(result, "decisions_ofpra").Value);
        var taux = Single(result, "taux_protection_global");
        Assert.Equal((null, 270d + 32 + 165, 2584d), (taux.Value, taux.Numerator, taux.Denominator));
        var delai = Single(result, "delai_traitement_ofpra");
        Assert.Equal(116.0, Math.Round(delai.Value!.Value, 1));
        Assert.Equal(2584d, delai.Weight);
        Assert.Equal(4, result.Observations.Count);
    }

    private static Observation Single(ReadResult result, string indicator) =>
        Assert.Single(result.Observations, o => o.Indicator == new IndicatorId(indicator));
}
