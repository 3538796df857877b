using System.Globalization;
using System.IO.Compression;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

public sealed partial class AgencyFileReaderTests
{
    /// <summary>What examples/ofii-2009-03.csv must produce (docs/formats.md, examples/README.md).</summary>
    private static readonly Observation[] OfiiExpected =
    [
        Sum("retours_aides", "DEP-75", 212, row: 2),
        Sum("retours_aides", "DEP-93", 147, row: 3),
        Sum("retours_aides", "DEP-13", 88, row: 4),
        Sum("retours_aides", "DEP-2A", 3, row: 5),
        Sum("retours_aides", "DEP-971", 41, row: 6),
        Sum("retours_aides", "FR", 1015, row: 7) with { Status = ValueStatus.Provisional, Comment = "chiffre provisoire, consolidation en avril" },
        new(new IndicatorId("dilf_taux_reussite"), Period.OfMonth(2009, 3), Territory.France, null, Numerator: 1412, Denominator: 1580, Row: 8),
        Sum("cai_bilans_competences", "FR", 4870, row: 9),
    ];

    [Fact]
    public void Read_OfiiExample_GivesTheExpectedObservations()
    {
        var result = Read(OfiiExample);

        Assert.Equal(FileFormat.F0, result.Format);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.True(result.Accepted);
        Assert.Equal(8, result.Rows);
        Assert.Equal(OfiiExpected, result.Observations);
    }

    [Theory]
    [InlineData("utf-8 with BOM")]
    [InlineData("windows-1252")]
    [InlineData("crlf")]
    [InlineData("cr")]
    [InlineData("tab")]
    [InlineData("pipe")]
    [InlineData("comma, quoted")]
    [InlineData("thousands with U+00A0")]
    [InlineData("thousands with U+202F")]
    [InlineData("gzip")]
    [InlineData("xlsx")]
    [InlineData("xlsx from gzip")]
    public void Read_ExampleInAnotherEncodingOrLayout_GivesTheSameObservations(string variant)
    {
        var text = Encoding.UTF8.GetString(OfiiExample);
        byte[] bytes = variant switch
        {
            "utf-8 with BOM" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "windows-1252" => Windows1252.GetBytes(text),
            "crlf" => Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)),
            "cr" => Encoding.UTF8.GetBytes(text.Replace("\n", "\r", StringComparison.Ordinal)),
            "tab" => Encoding.UTF8.GetBytes(text.Replace(';', '\t')),
            "pipe" => Encoding.UTF8.GetBytes(text.Replace(';', '|')),
            "comma, quoted" => Encoding.UTF8.GetBytes(text.Replace("chiffre provisoire, consolidation en avril", "\"chiffre provisoire, consolidation en avril\"", StringComparison.Ordinal).Replace(';', ',')),
            "thousands with U+00A0" => Encoding.UTF8.GetBytes(text.Replace("1 ", "1\u00A0", StringComparison.Ordinal).Replace("4 ", "4\u00A0", StringComparison.Ordinal)),
            "thousands with U+202F" => Encoding.UTF8.GetBytes(text.Replace("1 ", "1\u202F", StringComparison.Ordinal).Replace("4 ", "4\u202F", StringComparison.Ordinal)),
            "gzip" => Gzip(Encoding.UTF8.GetBytes(text)),
            "xlsx" => Xlsx.FromText(text),
            _ => Gzip(Xlsx.FromText(text)),
        };

        var result = Read(bytes);

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F0, result.Format);
        Assert.Equal(OfiiExpected, result.Observations);
    }

    [Fact]
    public void Read_ExampleAsWorkbookWithNumberCells_GivesTheSameObservations()
    {
        object?[] Line(string indicator, string territory, object? value, object? status = null, object? comment = null) =>
            [indicator, "2009-03", territory, value, null, null, status, comment];
        var bytes = Xlsx.Build(("OFII mars 2009",
        [
            ["indicateur", "periode", "territoire", "valeur", "numerateur", "denominateur", "statut", "commentaire"],
            Line("retours_aides", "DEP-75", 212), Line("retours_aides", "DEP-93", 147), Line("retours_aides", "DEP-13", 88),
            Line("retours_aides", "DEP-2A", 3.0), Line("retours_aides", "DEP-971", 41),
            Line("retours_aides", "FR", 1015, "p", "chiffre provisoire, consolidation en avril"),
            ["dilf_taux_reussite", "2009-03", "FR", null, 1412, 1580],
            Line("cai_bilans_competences", "FR", 4870),
        ]));

        var result = Read(bytes);

        Assert.Empty(result.Errors);
        Assert.Equal(OfiiExpected, result.Observations);
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("en-US")]
    [InlineData("de-CH")]
    public void Read_UnderAnyCurrentCulture_GivesTheSameObservations(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            // Durations may have decimals (a count may not): decimal comma and point read alike whatever the culture.
            var result = Read("indicateur;periode;territoire;valeur;poids\ndelai_traitement_ofpra;03/2009;FR;1 234,5;40\ndelai_traitement_ofpra;2009-02;FR;1234.5;40\n", "ofpra");

            Assert.Empty(result.Errors);
            Assert.Equal([1234.5, 1234.5], result.Observations.Select(o => o.Value!.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("utf-8", new byte[0])]
    [InlineData("utf-8 with BOM", new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData("windows-1252", new byte[0])]
    public void Read_AccentedHeaderAndComment_AreDecodedInEveryEncoding(string encoding, byte[] prefix)
    {
        const string Text = "Indicateur;Période;Territoire;Valeur;Commentaire\nretours_aides;2009-03;DEP-75;12;consolidé en avril, œuvre commune\n";
        var body = encoding == "windows-1252" ? Windows1252.GetBytes(Text) : Encoding.UTF8.GetBytes(Text);

        var result = Read([.. prefix, .. body]);

        Assert.Empty(result.Errors);
        Assert.Equal("consolidé en avril, œuvre commune", Assert.Single(result.Observations).Comment);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { (byte)'\n', (byte)' ', (byte)'\r', (byte)'\n', (byte)';', (byte)';', (byte)'\n' })]
    public void Read_EmptyFile_ReportsEmptyFile(byte[] bytes)
    {
        var error = Assert.Single(Read(bytes).Errors);

        Assert.Equal(("empty-file", 0, "", ""), (error.Code, error.Row, error.Column, error.Cell));
    }

    [Fact]
    public void Read_EmptyWorkbook_ReportsEmptyFile()
    {
        var error = Assert.Single(Read(Xlsx.Build(("Feuil1", []), ("Feuil2", [null, []]))).Errors);

        Assert.Equal("empty-file", error.Code);
    }

    [Fact]
    public void Read_UnknownLayout_ReportsTheFormatsTheAgencyMaySendAndTheFirstLine()
    {
        var result = Read("\nOFPRA - Activité mensuelle\nMois : mars 2009\nNationalité;Code pays;Premières demandes\n", agency: "ofpra");

        var error = Assert.Single(result.Errors);
        Assert.Equal(FileFormat.Unknown, result.Format);
        Assert.Equal(("unknown-format", 2, "", "OFPRA - Activité mensuelle"), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains("le gabarit canonique F0 (colonnes indicateur;periode;territoire;valeur…)", error.Message, StringComparison.Ordinal);
        Assert.Contains(FrenchTypography.Apply("« OFPRA - Activité mensuelle »"), error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A mistake agencies make, recognisable from the first line, is said with what to do: a page web
    /// saved as « .xls », a file in UTF-32 (zeros between its letters), accents encoded twice. They
    /// were told « format non reconnu » alone, or to rename a column (red teams, agency officer and hostile files).
    /// </summary>
    [Theory]
    [InlineData("html", "unknown-format", "C'est une page web (HTML)")]
    [InlineData("utf-32", "unknown-format", "Des octets nuls séparent ses caractères")]
    [InlineData("title-twice-encoded", "unknown-format", "Ses accents sont encodés deux fois")]
    [InlineData("header-twice-encoded", "unknown-column", "Ses accents sont encodés deux fois")]
    public void Read_RecognisableMistake_SaysWhatItIsAndWhatToDo(string file, string code, string expected)
    {
        const string Canonical = "indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;4870\n";
        var bytes = file switch
        {
            "html" => System.Text.Encoding.UTF8.GetBytes("<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>indicateur</td><td>periode</td></tr></table></body></html>\n"),
            "utf-32" => new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: false).GetBytes(Canonical),
            "title-twice-encoded" => System.Text.Encoding.UTF8.GetBytes("Bilan d'activitÃ© de mars 2009\nNationalitÃ©;Nombre\nMaroc;12\n"),
            _ => System.Text.Encoding.UTF8.GetBytes(Canonical.Replace("periode", "pÃ©riode", StringComparison.Ordinal)),
        };

        var errors = AgencyFiles.Read(bytes).Errors;

        Assert.Contains(errors, e => e.Code == code && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnknownLayoutWithALongFirstLine_QuotesItCut()
    {
        var line = string.Join(';', Enumerable.Range(1, 60).Select(i => $"colonne{i}"));

        var error = Assert.Single(Read(line + "\n1;2\n").Errors);

        Assert.Equal("unknown-format", error.Code);
        Assert.Equal(line[..120] + "…", error.Cell);
    }

    [Fact]
    public void Read_UnknownWorkbook_NamesTheSheetOfTheFirstLine()
    {
        var error = Assert.Single(Read(Xlsx.Build(("Vide", []), ("Éloignements", [null, ["DCPAF - Éloignements - mars 2009"]]))).Errors);

        Assert.Equal(("unknown-format", 2, "DCPAF - Éloignements - mars 2009", "Éloignements"), (error.Code, error.Row, error.Cell, error.Sheet));
    }

    private static Observation Sum(string indicator, string territory, double value, int row)
    {
        Assert.True(Territory.TryParse(territory, out var t));
        return new Observation(new IndicatorId(indicator), Period.OfMonth(2009, 3), t, value, Row: row);
    }

    private static Encoding Windows1252 => CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
