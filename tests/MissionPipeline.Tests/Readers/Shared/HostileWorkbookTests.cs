using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Readers;

/// <summary>
/// Workbooks made to hold a worker (a declared or real extent up to XFD1048576, thousands of
/// sheets) and compressed content made to fill memory (a gzip'd "workbook" of zeros) are refused
/// with their own code, within a time and memory budget far below what reading them would cost:
/// a resource budget, not a speed claim (minutes of work refused in well under a second here).
/// </summary>
public sealed class HostileWorkbookTests
{
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(5);
    private const long MemoryBudget = 300L << 20;

    public static TheoryData<string, string> Cases() => new()
    {
        { "dimension A1:XFD1048576", "workbook-too-large" },
        { "lone cell XFD1048576", "workbook-too-large" },
        { "3 000 empty sheets", "workbook-too-large" },
        { "2 000 columns", "workbook-too-large" },
        { "gzip of a zip header and 300 MB of zeros", "file-too-large" },
        { "2 000 000 nested elements", "unreadable-workbook" }, // some 270 bytes of the XML reader per level: it took gigabytes
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_HostileWorkbook_RefusedWithItsCodeWithinBudget(string name, string code)
    {
        var bytes = Build(name);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var result = Read(bytes, "dcpaf");

        clock.Stop();
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.False(result.Accepted);
        Assert.True(clock.Elapsed < TimeBudget, $"{name}: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < MemoryBudget, $"{name}: {(GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20} MB allocated");
    }

    [Fact]
    public void Read_SheetWithADtd_RefusedAsAnXmlEntityAttackNotAsDamage()
    {
        var sheet = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>";

        var result = Read(Xlsx(("Eloignements", sheet)), "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal("unreadable-workbook", error.Code);
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tronqué", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScanWorkbook_RealSizedWorkbook_Accepted()
    {
        var bytes = Xlsx(("Données", Sheet("A1:I5000", Enumerable.Range(1, 5000).Select(r => $"<row r=\"{r}\"><c r=\"I{r}\"><v>1</v></c></row>"))));

        Assert.Null(CompressedContent.ScanWorkbook(bytes, ReaderLimits.Default).Refused);
    }

    private static byte[] Build(string name) => name switch
    {
        "dimension A1:XFD1048576" => Xlsx(("Eloignements", Sheet("A1:XFD1048576", ["<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"]))),
        "lone cell XFD1048576" => Xlsx(("Eloignements", Sheet(null, ["<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"]))),
        "3 000 empty sheets" => Xlsx(Enumerable.Range(1, 3000).Select(i => ($"F{i}", Sheet(null, []))).ToArray()),
        "2 000 columns" => Xlsx(("Eloignements", Sheet(null, ["<row r=\"1\"><c r=\"BXX1\"><v>1</v></c></row>"]))),
        "2 000 000 nested elements" => Xlsx(("Eloignements", Sheet(null, [$"<row r=\"1\"><c r=\"A1\"><v>1</v></c>{Nested(2_000_000)}</row>"]))),
        _ => GzipOfZipHeaderAndZeros(300L << 20),
    };

    /// <summary>Elements nested <paramref name="depth"/> deep, named at random among eight letters (fixed seed) so that the part compresses as a sheet does, under the ratio that refuses a zip bomb.</summary>
    private static string Nested(int depth)
    {
        var random = new Random(20091231);
        var names = Enumerable.Range(0, depth).Select(_ => (char)('a' + random.Next(8))).ToArray();
        var text = new StringBuilder(depth * 7);
        foreach (var name in names)
        {
            text.Append('<').Append(name).Append('>');
        }

        foreach (var name in names.Reverse())
        {
            text.Append("</").Append(name).Append('>');
        }

        return text.ToString();
    }

    private static string Sheet(string? dimension, IEnumerable<string> rows) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + (dimension is null ? string.Empty : $"<dimension ref=\"{dimension}\"/>")
        + "<sheetData>" + string.Concat(rows) + "</sheetData></worksheet>";

    /// <summary>A minimal XLSX: content types, workbook, relationships and the sheets given.</summary>
    private static byte[] Xlsx(params (string Name, string Xml)[] sheets)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string text)
            {
                using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }

            Add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
            Add("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{s.Name}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>");
            Add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>")) + "</Relationships>");
            for (var i = 0; i < sheets.Length; i++)
            {
                Add($"xl/worksheets/sheet{i + 1}.xml", sheets[i].Xml);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] GzipOfZipHeaderAndZeros(long zeros)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("PK\u0003\u0004"u8);
            var block = new byte[1 << 20];
            for (long written = 0; written < zeros; written += block.Length)
            {
                gzip.Write(block);
            }
        }

        return buffer.ToArray();
    }
}
