using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MissionPipeline.Readers;
using MissionPipeline.Tests.Text;
using MissionPipeline.Text;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Readers;

/// <summary>Hostile or broken compressed uploads: zips that are not workbooks, zip bombs, truncated gzip.</summary>
public sealed class CompressedContentTests
{
    [Fact]
    public void Read_ZipWithoutWorkbookPart_ReportsNotAWorkbook()
    {
        var zip = Zip(("notes/readme.txt", Encoding.UTF8.GetBytes("bonjour")));

        var error = Assert.Single(Read(zip).Errors);

        Assert.Equal(("not-a-workbook", 0, "", ""), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains("xl/workbook.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZipOfACsv_SaysToSendTheCsvItself()
    {
        var zip = Zip(("ofii-2009-03.csv", OfiiExample));

        var error = Assert.Single(Read(zip).Errors);

        Assert.Equal("not-a-workbook", error.Code);
        Assert.Contains("CSV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZipBomb_ReportsExcessiveCompressionBeforeInflatingIt()
    {
        var zip = Zip(("xl/workbook.xml", "<workbook/>"u8.ToArray()), ("xl/worksheets/sheet1.xml", new byte[8 << 20]));

        var error = Assert.Single(Read(zip).Errors);

        Assert.Equal(("excessive-compression", 0), (error.Code, error.Row));
        Assert.Contains("xl/worksheets/sheet1.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WorkbookLargerThanMaxBytesOnceInflated_ReportsFileTooLarge()
    {
        var sheet = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 60_000).Select(i => $"<c r=\"A{i}\"><v>{i * 7919 % 10007}</v></c>")));
        var zip = Zip(("xl/workbook.xml", "<workbook/>"u8.ToArray()), ("xl/worksheets/sheet1.xml", sheet));

        var error = Assert.Single(Read(zip, limits: ReaderLimits.Default with { MaxBytes = 1 << 20 }).Errors);

        Assert.Equal(("file-too-large", 0), (error.Code, error.Row));
        Assert.StartsWith("Le classeur dépasse la taille maximale acceptée une fois décompressé", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xl/sharedStrings.xml", true)]
    [InlineData("xl/styles.xml", true)]
    [InlineData("XL/SharedStrings.xml", true)] // found as ExcelDataReader finds it, case aside
    [InlineData("xl/_rels/workbook.xml.rels", true)]
    [InlineData("xl/pivotCache/pivotCacheRecords1.xml", false)] // never opened by ExcelDataReader
    [InlineData("xl/worksheets/sheet2.xml", false)] // a sheet is streamed and measured in cells
    [InlineData("xl/media/image1.png", false)] // never read
    public void Read_PartReadWholeLargerThanTheLimit_ReportsWorkbookTooLargeBeforeLoadingIt(string part, bool refused)
    {
        // Varied text, so that the part is not a zip bomb: only its inflated size is at stake.
        var random = new Random(20090331);
        var strings = Encoding.ASCII.GetBytes("<sst>" + string.Concat(Enumerable.Range(0, 90_000).Select(_ => $"<si><t>{random.NextInt64():x}</t></si>")) + "</sst>");
        var zip = Zip(("xl/workbook.xml", "<workbook/>"u8.ToArray()), (part, strings));

        var errors = Read(zip, limits: ReaderLimits.Default with { MaxWorkbookPartBytes = 1 << 20 }).Errors;

        Assert.True(strings.Length > 2 << 20, $"{strings.Length} bytes");
        Assert.Equal(refused, errors.Any(e => e.Code == "workbook-too-large" && e.Message.Contains(part, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("7", true)] // one string only: index 7 names nothing, and ExcelDataReader would read 7 as the figure
    [InlineData("x", true)]
    [InlineData("0", false)]
    [InlineData("", false)] // an empty <v/>: an empty cell, not a reference
    public void Read_CellNamingASharedStringTheWorkbookLacks_ReportsACorruptWorkbookAtTheCell(string index, bool refused)
    {
        var zip = Zip(
            ("xl/workbook.xml", "<workbook/>"u8.ToArray()),
            ("xl/sharedStrings.xml", "<sst><si><t>Ain</t></si></sst>"u8.ToArray()),
            ("xl/worksheets/sheet1.xml", Encoding.ASCII.GetBytes($"<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"s\"><v>{index}</v></c></row></sheetData></worksheet>")));

        var errors = Read(zip).Errors;

        Assert.NotEmpty(errors); // the minimal workbook is refused either way; only the dangling reference names its cell
        Assert.Equal(refused, errors.Any(e => e.Code == "unreadable-workbook" && e.Message.Contains("cellule B2", StringComparison.Ordinal) && e.Message.Contains("texte partagé", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("<row r=\"4\"><c r=\"A4\"><v>1</v></c></row><row r=\"4\"><c r=\"A4\"><v>2</v></c></row>", "la ligne 4 est écrite deux fois")]
    [InlineData("<row r=\"5\"><c r=\"A5\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\"><v>2</v></c></row>", "la ligne 3 est écrite après la ligne 5")]
    [InlineData("<row r=\"3\"><c r=\"A3\"><v>1</v></c></row><row r=\"5\"><c r=\"A5\"><v>2</v></c></row>", null)]
    [InlineData("<row r=\"2\"><c r=\"D2\"><v>148</v></c><c r=\"D2\"><v>9999</v></c></row>", "la cellule D2 est écrite deux fois")] // ExcelDataReader kept 9999
    [InlineData("<row r=\"2\"><c r=\"E2\"><v>1</v></c><c r=\"D2\"><v>2</v></c></row>", "la cellule D2 est écrite après une cellule à sa droite")]
    [InlineData("<row r=\"2\"><c><v>1</v></c><c r=\"B2\"><v>2</v></c></row><row r=\"3\"><c r=\"A3\"><v>1</v></c><c><v>2</v></c></row>", null)] // a cell without a reference follows the previous one
    [InlineData("<row r=\"2\"><c r=\"D2\"><v>12,5</v></c></row>", "la cellule D2 est de type nombre mais contient")] // ExcelDataReader read 125
    [InlineData("<row r=\"2\"><c r=\"D2\" t=\"n\"><v>1,234</v></c></row>", "la cellule D2 est de type nombre mais contient")] // and 1234
    [InlineData("<row r=\"2\"><c r=\"D2\"><f>A1*2</f><v>1 234</v></c></row>", "la cellule D2 est de type nombre mais contient")]
    [InlineData("<row r=\"2\"><c r=\"D2\"><v>1E+400</v></c></row>", "trop grand pour Excel")] // read as « Infinity »
    [InlineData("<row r=\"2\"><c r=\"D2\"><v>NaN</v></c></row>", "la cellule D2 est de type nombre mais contient")]
    [InlineData("<row r=\"2\"><c r=\"A2\"><v>-1.5E3</v></c><c r=\"B2\"><v> .25 </v></c><c r=\"C2\"><v></v></c><c r=\"D2\" t=\"str\"><v>12,5</v></c><c r=\"E2\" t=\"e\"><v>#N/A</v></c></row>", null)] // numbers as Excel writes them; text may hold a comma
    public void Read_RowWrittenTwiceOrOutOfOrder_ReportsACorruptWorkbook(string rows, string? expected)
    {
        var zip = Zip(
            ("xl/workbook.xml", "<workbook/>"u8.ToArray()),
            ("xl/worksheets/sheet1.xml", Encoding.ASCII.GetBytes($"<worksheet><sheetData>{rows}</sheetData></worksheet>")));

        var errors = Read(zip).Errors;

        Assert.NotEmpty(errors); // the minimal workbook is refused either way; only a row out of order says so
        Assert.Equal(expected is not null, errors.Any(e => e.Code == "unreadable-workbook" && e.Message.Contains(expected ?? "est écrite", StringComparison.Ordinal)));
    }

    /// <summary>A formula saved without its result is one whatever its type: a number's, a boolean's, a date's (review: the number check left the others out).</summary>
    [Theory]
    [InlineData("")]
    [InlineData(" t=\"b\"")]
    [InlineData(" t=\"d\"")]
    public void ScanWorkbook_FormulaWithAnEmptyResult_KeptAsNotCalculated(string type)
    {
        var sheet = $"<worksheet xmlns=\"{SpreadsheetMl}\"><sheetData><row r=\"2\"><c r=\"B2\"{type}><f>A1&gt;0</f><v></v></c></row></sheetData></worksheet>";

        var scan = CompressedContent.ScanWorkbook(Workbook("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", sheet), ReaderLimits.Default);

        Assert.Null(scan.Refused);
        Assert.Equal(SpreadsheetErrors.NotCalculated, scan.ErrorCells["Données"][(1, 1)]);
    }

    /// <summary>
    /// A part written twice, under one name or names Excel takes for one (case, backslash): which copy
    /// the agency saw is unknown, and ExcelDataReader read the first without a word (red team, hostile files).
    /// </summary>
    [Theory]
    [InlineData("xl/worksheets/sheet1.xml")]
    [InlineData("xl/worksheets/Sheet1.xml")]
    [InlineData("xl\\worksheets\\sheet1.xml")]
    public void ScanWorkbook_PartWrittenTwice_Refused(string second)
    {
        var sheet = $"<worksheet xmlns=\"{SpreadsheetMl}\"><sheetData><row r=\"4\"><c r=\"A4\"><v>1</v></c></row></sheetData></worksheet>";
        var zip = Add(Workbook("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", sheet), second, sheet.Replace("<v>1</v>", "<v>9</v>", StringComparison.Ordinal));

        var refused = CompressedContent.ScanWorkbook(zip, ReaderLimits.Default).Refused;

        Assert.Equal("unreadable-workbook", refused?.Code);
        Assert.Contains("y est écrite 2 fois", refused!.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A part that does not read to its end refuses the workbook, naming it: the scan gave up at the
    /// first such and checked nothing, and ExcelDataReader, which never opens a part no sheet names,
    /// accepted the workbook with its row written twice (the last value kept), or a shared string's
    /// index as the figure, or Mac dates read four years early.
    /// </summary>
    [Theory]
    [InlineData("xl/worksheets/zz.xml", "<notxml", "XML mal formé à la ligne 1")]
    [InlineData("xl/styles.xml", "<styleSheet><fonts>", "XML mal formé")]
    [InlineData("xl/worksheets/zz.xml", "deep", "imbriqués sur plus de 64 niveaux")]
    [InlineData("xl/styles.xml", "deep", "imbriqués sur plus de 64 niveaux")] // loaded whole by ExcelDataReader, never scanned before
    [InlineData("xl/_rels/workbook.xml.rels", "deep", "imbriqués sur plus de 64 niveaux")]
    public void ScanWorkbook_PartThatDoesNotReadToItsEnd_RefusedNamingIt(string part, string content, string what)
    {
        var xml = content == "deep" ? string.Concat(Enumerable.Repeat("<a>", 100)) + string.Concat(Enumerable.Repeat("</a>", 100)) : content;
        var sheet = $"<worksheet xmlns=\"{SpreadsheetMl}\"><sheetData><row r=\"4\"><c r=\"A4\"><v>1</v></c></row></sheetData></worksheet>";
        var zip = part.EndsWith(".rels", StringComparison.Ordinal)
            ? Replace(Workbook("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", sheet), part, xml)
            : Add(Workbook("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", sheet), part, xml);

        var refused = CompressedContent.ScanWorkbook(zip, ReaderLimits.Default).Refused;

        Assert.Equal("unreadable-workbook", refused?.Code);
        Assert.Contains(FrenchTypography.Apply($"sa partie « {part} » ne se lit pas jusqu'au bout"), refused!.Message, StringComparison.Ordinal);
        Assert.Contains(what, refused.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(refused.Message));
    }

    [Fact]
    public void ScanWorkbook_ExcelsOwnNestingInASheetExtension_Accepted()
    {
        // An extension of a sheet as Excel 2010 writes one, its deepest: about a dozen levels.
        const string Extension = "<extLst><ext uri=\"{78C0D931-6437-407d-A8EE-F0AAD7539E65}\"><x14:conditionalFormattings xmlns:x14=\"x\"><x14:conditionalFormatting><x14:cfRule type=\"dataBar\"><x14:dataBar><x14:cfvo type=\"autoMin\"><xm:f xmlns:xm=\"m\">0</xm:f></x14:cfvo></x14:dataBar></x14:cfRule></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>";
        var zip = Workbook("xl/worksheets/sheet1.xml", "worksheets/sheet1.xml", $"<worksheet xmlns=\"{SpreadsheetMl}\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>{Extension}</worksheet>");

        Assert.Null(CompressedContent.ScanWorkbook(zip, ReaderLimits.Default).Refused);
    }

    /// <summary>
    /// ExcelDataReader finds a sheet's part by the workbook's relationships, case and slashes aside:
    /// the checks of the sheets must see the same parts, wherever they are stored.
    /// </summary>
    [Theory]
    [InlineData("xl\\worksheets\\sheet1.xml", "worksheets/sheet1.xml", "shared string")]
    [InlineData("xl/Worksheets/sheet1.xml", "worksheets/sheet1.xml", "shared string")]
    [InlineData("xl/data/sheet1.xml", "/xl/data/sheet1.xml", "shared string")]
    [InlineData("xl/data/sheet1.xml", "data/sheet1.xml", "shared string")]
    [InlineData("xl\\worksheets\\sheet1.xml", "worksheets/sheet1.xml", "row twice")]
    [InlineData("xl/Worksheets/sheet1.xml", "worksheets/sheet1.xml", "row twice")]
    [InlineData("xl/data/sheet1.xml", "/xl/data/sheet1.xml", "row twice")]
    [InlineData("xl\\worksheets\\sheet1.xml", "worksheets/sheet1.xml", "lone cell XFD1048576")]
    [InlineData("xl/Worksheets/sheet1.xml", "worksheets/sheet1.xml", "lone cell XFD1048576")]
    [InlineData("xl/data/sheet1.xml", "/xl/data/sheet1.xml", "lone cell XFD1048576")]
    public void ScanWorkbook_SheetPartStoredElsewhere_IsCheckedAsAnyOther(string part, string target, string fault)
    {
        var rows = fault switch
        {
            "shared string" => "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>7</v></c></row>",
            "row twice" => "<row r=\"4\"><c r=\"A4\"><v>1</v></c></row><row r=\"4\"><c r=\"A4\"><v>2</v></c></row>",
            _ => "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>",
        };
        var zip = Workbook(part, target, $"<worksheet xmlns=\"{SpreadsheetMl}\"><sheetData>{rows}</sheetData></worksheet>");

        var refused = CompressedContent.ScanWorkbook(zip, ReaderLimits.Default).Refused;

        Assert.NotNull(refused);
        Assert.Equal(fault == "lone cell XFD1048576" ? "workbook-too-large" : "unreadable-workbook", refused.Code);
        if (fault != "lone cell XFD1048576")
        {
            Assert.Contains(FrenchTypography.Apply("dans la feuille « Données »"), refused.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("xl\\worksheets\\sheet1.xml", "worksheets/sheet1.xml")]
    [InlineData("xl/Worksheets/sheet1.xml", "worksheets/sheet1.xml")]
    [InlineData("xl/data/sheet1.xml", "/xl/data/sheet1.xml")]
    public void Read_ErrorCellInASheetPartStoredElsewhere_IsNamedAsAnErrorNotAsAMissingValue(string part, string target)
    {
        var zip = Workbook(part, target, $"<worksheet xmlns=\"{SpreadsheetMl}\"><sheetData>"
            + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>indicateur</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>periode</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>territoire</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>valeur</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>retours_aides</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>2009-03</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>DEP-75</t></is></c><c r=\"D2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
            + "</sheetData></worksheet>");

        var error = Assert.Single(Read(zip).Errors);

        Assert.Equal(("invalid-number", 2, "valeur", "#DIV/0!", "Données"), (error.Code, error.Row, error.Column, error.Cell, error.Sheet));
    }

    [Fact]
    public void Read_ZipDeclaringTooManyEntries_IsRefusedWithoutListingThem()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, .. new byte[40], .. EndOfCentralDirectory(entries: 65_000, size: 0)];

        var error = Assert.Single(Read(zip).Errors);

        Assert.Equal("not-a-workbook", error.Code);
    }

    /// <summary>The zip checks trust declared sizes because .NET's ZipArchive (ExcelDataReader's) never inflates past them.</summary>
    [Fact]
    public void ZipArchive_EntryLyingAboutItsSize_IsNeverInflatedPastIt()
    {
        var zip = Zip(("xl/workbook.xml", "<workbook/>"u8.ToArray()), ("xl/worksheets/sheet1.xml", new byte[8 << 20]));
        Declare(zip, "xl/worksheets/sheet1.xml", 1_000);

        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var sheet = archive.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var inflated = 0L;
        var buffer = new byte[65_536];
        try
        {
            int n;
            while ((n = sheet.Read(buffer)) > 0)
            {
                inflated += n;
            }
        }
        catch (InvalidDataException)
        {
        }

        Assert.True(inflated <= 1_000, $"{inflated} bytes inflated");
        var refused = CompressedContent.ScanWorkbook(zip, ReaderLimits.Default).Refused; // the part stops short: refused, named
        Assert.Equal("unreadable-workbook", refused?.Code);
        Assert.Contains(FrenchTypography.Apply("sa partie « xl/worksheets/sheet1.xml » ne se lit pas jusqu'au bout"), refused!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WorkbookWhoseSheetIsLargerThanDeclared_ReportsUnreadableWorkbook()
    {
        var workbook = Xlsx.FromText(Encoding.UTF8.GetString(OfiiExample));
        Declare(workbook, "xl/worksheets/sheet1.xml", 200);

        var error = Assert.Single(Read(workbook).Errors);

        Assert.Equal("unreadable-workbook", error.Code);
    }

    [Fact]
    public void Read_GeneratedWorkbook_PassesTheChecks()
    {
        var result = Read(Xlsx.FromText(Encoding.UTF8.GetString(OfiiExample)));

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(30)]
    public void Read_TruncatedGzip_ReportsTruncatedGzip(int cut)
    {
        var gzip = Gzip(OfiiExample);

        var error = Assert.Single(Read(gzip[..^cut]).Errors);

        Assert.Equal(("truncated-gzip", 0, "", ""), (error.Code, error.Row, error.Column, error.Cell));
    }

    /// <summary>A gzip of a gzip is said to be one (it was « format inconnu » quoting the inner gzip's bytes), and read no further.</summary>
    [Fact]
    public void Read_GzipOfAGzip_SaysItIsCompressedTwice()
    {
        var error = Assert.Single(Read(Gzip(Gzip(OfiiExample))).Errors);

        Assert.Equal(("unknown-format", 0, ""), (error.Code, error.Row, error.Cell));
        Assert.StartsWith(FrenchTypography.Apply("Le fichier est compressé deux fois (un gzip dans un gzip) :"), error.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(error.Message));
    }

    /// <summary>A gzip past the limit as sent, whatever it inflates to, is told so (it was told « décompressé » of a few kilobytes of content).</summary>
    [Fact]
    public void Read_GzipPastTheLimitAsSent_SaysSoNotDecompressed()
    {
        var limits = ReaderLimits.Default with { MaxBytes = 20_000 };
        // A member whose header carries 40 000 bytes of extra field (FEXTRA): past the limit as sent, a few hundred bytes inflated.
        var gzip = Gzip(OfiiExample);
        byte[] padded = [.. gzip[..3], (byte)(gzip[3] | 0x04), .. gzip[4..10], 0x40, 0x9C, .. new byte[40_000], .. gzip[10..]];

        var error = Assert.Single(Read(padded, limits: limits).Errors);

        Assert.Equal("file-too-large", error.Code);
        Assert.StartsWith("Le fichier compressé dépasse, tel qu'il est envoyé, la taille maximale acceptée (20\u202F000 octets)\u202F:", error.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(error.Message));
    }

    [Fact]
    public void Read_GzipHeaderOnly_ReportsTruncatedGzip()
    {
        Assert.Equal("truncated-gzip", Assert.Single(Read(Gzip(OfiiExample)[..10]).Errors).Code);
    }

    [Fact]
    public void Read_GzipOfNothing_ReportsEmptyFile()
    {
        Assert.Equal("empty-file", Assert.Single(Read(Gzip([])).Errors).Code);
    }

    [Fact]
    public void Read_TruncatedGzipOfAWorkbook_ReportsTruncatedGzip()
    {
        var gzip = Gzip(Xlsx.FromText(Encoding.UTF8.GetString(OfiiExample)));

        Assert.Equal("truncated-gzip", Assert.Single(Read(gzip[..^50]).Errors).Code);
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    private const string SpreadsheetMl = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook of one sheet « Données », whose part is stored as <paramref name="part"/> and named by the relationship's <paramref name="target"/>.</summary>
    private static byte[] Workbook(string part, string target, string sheet) => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"u8.ToArray()),
        ("xl/workbook.xml", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><workbook xmlns=\"{SpreadsheetMl}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Données\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{target}\"/></Relationships>")),
        ("xl/sharedStrings.xml", Encoding.UTF8.GetBytes($"<sst xmlns=\"{SpreadsheetMl}\"><si><t>Ain</t></si></sst>")),
        (part, Encoding.UTF8.GetBytes(sheet)));

    /// <summary>The zip with one more part.</summary>
    private static byte[] Add(byte[] zip, string name, string content)
    {
        using var memory = new MemoryStream();
        memory.Write(zip);
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        return memory.ToArray();
    }

    /// <summary>The zip with one of its parts written anew.</summary>
    private static byte[] Replace(byte[] zip, string name, string content)
    {
        using var memory = new MemoryStream();
        memory.Write(zip);
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Update, leaveOpen: true))
        {
            archive.GetEntry(name)!.Delete();
            using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        return memory.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return memory.ToArray();
    }

    /// <summary>Rewrites the uncompressed size that the local header and the central directory declare for an entry.</summary>
    private static void Declare(byte[] zip, string name, uint size)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x04034B50 && zip.AsSpan(i + 30).StartsWith(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x02014B50 && zip.AsSpan(i + 46).StartsWith(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }

    private static byte[] EndOfCentralDirectory(ushort entries, uint size)
    {
        var record = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(8), entries);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(10), entries);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), size);
        return record;
    }
}
