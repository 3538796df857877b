using System.IO.Compression;
using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Readers;

/// <summary>F5, the register extract: what it counts, in every shape it may come in.</summary>
public sealed partial class RegisterExtractReaderTests
{
    public const string Header = "mois;identifiant;categorie;nationalite;departement;sexe;tranche_age";

    /// <summary>Six jobseekers: four of category A and nationality HUE (2 in Paris, 1 in Corse-du-Sud, 1 in Guadeloupe).</summary>
    public const string Small = $"""
        {Header}
        2009-03;9f86d081884c7d65;A;HUE;75;F;25-49
        2009-03;e3b0c44298fc1c14;A;HUE;75;H;25-49
        2009-03;2c26b46b68ffc68f;B;HUE;75;H;25-49
        2009-03;fcde2b2edba56bf4;A;UE;75;H;25-49
        2009-03;18ac3e7343f01689;A;HUE;2A;H;<25
        2009-03;3fdba35f04dc8c46;A;HUE;971;F;50+

        """;

    [Fact]
    public void Read_SmallExtract_CountsCategoryAHueForEveryDepartementFrMetAndFr()
    {
        var result = ReadExtract(Small);

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F5, result.Format);
        Assert.Equal(6, result.Rows);
        Assert.Equal(Geography2009.Default.Departements.Count + 2, result.Observations.Count);
        Assert.All(result.Observations, o => Assert.Equal(("demandeurs_emploi_etrangers_hors_ue", Period.OfMonth(2009, 3), ValueStatus.Final, 0),
            (o.Indicator.Value, o.Period, o.Status, o.Row)));
        Assert.Equal(Expected, Values(result));
        Assert.Equal(["demandeurs_emploi_etrangers_hors_ue"], result.Mentioned.Select(m => m.Value));
    }

    [Fact]
    public void Read_DepartementWithoutRow_CountsZero()
    {
        var result = ReadExtract(Small);

        Assert.Equal(0, Values(result)["DEP-01"]);
        Assert.Equal(0, Values(result)["DEP-974"]);
    }

    [Theory]
    [InlineData("utf-8 with BOM")]
    [InlineData("crlf")]
    [InlineData("no final line break")]
    [InlineData("blank lines")]
    [InlineData("gzip")]
    [InlineData("gzip of a BOM and CRLF")]
    [InlineData("quoted cells")]
    [InlineData("columns in another order")]
    [InlineData("without sexe and tranche_age")]
    [InlineData("trailing separator")]
    [InlineData("accented header")]
    [InlineData("codes as people write them")]
    [InlineData("windows-1252 sexe")]
    [InlineData("comma")]
    [InlineData("tab")]
    [InlineData("cr")]
    [InlineData("utf-16")]
    [InlineData("sep line")]
    [InlineData("ctrl-z")]
    [InlineData("ctrl-z after crlf")]
    [InlineData("gzip of a ctrl-z without final line break")]
    [InlineData("ctrl-z and cr")]
    public void Read_ExtractInAnotherShape_CountsTheSame(string variant)
    {
        var text = Small;
        byte[] bytes = variant switch
        {
            "utf-8 with BOM" => [0xEF, 0xBB, 0xBF, .. Utf8(text)],
            "crlf" => Utf8(text.Replace("\n", "\r\n", StringComparison.Ordinal)),
            "no final line break" => Utf8(text.TrimEnd('\n')),
            "blank lines" => Utf8(text.Replace("\n2009-03;2c", "\n\n;;;;;;\n  \n2009-03;2c", StringComparison.Ordinal)),
            "gzip" => Gzip(Utf8(text)),
            "gzip of a BOM and CRLF" => Gzip([0xEF, 0xBB, 0xBF, .. Utf8(text.Replace("\n", "\r\n", StringComparison.Ordinal))]),
            "quoted cells" => Utf8(string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : "\"" + l.Replace(";", "\";\"", StringComparison.Ordinal) + "\""))),
            "columns in another order" => Utf8(string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : string.Join(';', Reorder(l.Split(';')))))),
            "without sexe and tranche_age" => Utf8(string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : string.Join(';', l.Split(';')[..5])))),
            "trailing separator" => Utf8(text.Replace("\n", ";\n", StringComparison.Ordinal).Replace("\n;\n", "\n\n", StringComparison.Ordinal)),
            "accented header" => Utf8(text.Replace("categorie;nationalite;departement", "Catégorie ; Nationalité ; Département", StringComparison.Ordinal)),
            "codes as people write them" => Utf8(text.Replace(";75;F", ";DEP-75;F", StringComparison.Ordinal).Replace(";A;HUE;2A", "; a ;hue;2a", StringComparison.Ordinal).Replace(";971;", "; 971 ;", StringComparison.Ordinal)),
            "windows-1252 sexe" => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text.Replace(";F;", ";Fé;", StringComparison.Ordinal)),
            "comma" => Utf8(text.Replace(';', ',')),
            "tab" => Utf8(text.Replace(';', '\t')),
            "cr" => Utf8(text.Replace('\n', '\r')),
            "sep line" => Utf8("sep=;\n" + text),
            "ctrl-z" => Utf8(text + "\u001A"),
            "ctrl-z after crlf" => Utf8(text.Replace("\n", "\r\n", StringComparison.Ordinal) + "\u001A"),
            "gzip of a ctrl-z without final line break" => Gzip(Utf8(text.TrimEnd('\n') + "\u001A")),
            "ctrl-z and cr" => Utf8(text.Replace('\n', '\r') + "\u001A"),
            _ => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
        };

        var result = Read(bytes, "pole-emploi");

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F5, result.Format);
        Assert.Equal(6, result.Rows);
        Assert.Equal(Expected, Values(result));
    }

    [Fact]
    public void Read_LargeExtractThroughTheTextPath_GivesTheSameAsTheBytePath()
    {
        var rows = Enumerable.Range(0, 20_000).Select(i =>
            $"2009-03;{i:x8};{"ABCDE"[i % 5]};{(i % 3 == 0 ? "HUE" : i % 3 == 1 ? "FR" : "UE")};{Geography2009.Default.Departements[i % 100].Territory.LocalCode};H;25-49");
        var text = Header + "\n" + string.Join("\n", rows) + "\n";

        var bytePath = ReadExtract(text);
        var textPath = Read(Utf8(text.Replace(';', ',')), "pole-emploi");

        Assert.Empty(bytePath.Errors);
        Assert.Empty(textPath.Errors);
        Assert.Equal(20_000, bytePath.Rows);
        Assert.Equal(Values(bytePath), Values(textPath));
        Assert.Equal(1334, Values(bytePath)["FR"]);
    }

    [Fact]
    public void Read_ExtractFromAnotherAgency_IsNotRecognised()
    {
        var result = Read(Utf8(Small), "ofii");

        Assert.Equal("unknown-format", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Read_UnknownPoleEmploiFile_ListsTheRegisterExtractAmongItsFormats()
    {
        var result = Read(Utf8("a;b;c\n1;2;3\n"), "pole-emploi");

        var error = Assert.Single(result.Errors);
        Assert.Equal("unknown-format", error.Code);
        Assert.Contains("F5", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, double> Expected
    {
        get
        {
            var expected = Geography2009.Default.Departements.ToDictionary(d => d.Territory.Code, _ => 0d);
            expected["DEP-75"] = 2;
            expected["DEP-2A"] = 1;
            expected["DEP-971"] = 1;
            expected["FR-MET"] = 3;
            expected["FR"] = 4;
            return expected;
        }
    }

    internal static ReadResult ReadExtract(string text, ReaderLimits? limits = null) => Read(Utf8(text), "pole-emploi", limits);

    internal static Dictionary<string, double> Values(ReadResult result) =>
        result.Observations.ToDictionary(o => o.Territory.Code, o => o.Value!.Value);

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    internal static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    private static string[] Reorder(string[] cells) => [cells[4], cells[6], cells[1], cells[0], cells[5], cells[3], cells[2]];
}
