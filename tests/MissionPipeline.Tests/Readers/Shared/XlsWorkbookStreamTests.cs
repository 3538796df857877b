using System.Buffers.Binary;
using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class XlsWorkbookStreamTests
{
    // The real workbook's DATEMODE record (type 0x0022, 2 bytes of data, 0: counting from 1900), where Excel wrote it.
    private const int RealDateModeAt = 777;

    // The real workbook's Workbook stream: 34 092 bytes in its sectors 0 to 66, one after the other (sector n at (n + 1) × 512).
    private const int RealWorkbookAt = 512;
    private const int RealWorkbookLength = 34_092;

    [Fact]
    public void Is1904_RealWorkbook_CountsFrom1900()
    {
        var bytes = RealOffers();

        Assert.Equal([0x22, 0x00, 0x02, 0x00, 0x00, 0x00], bytes.AsSpan(RealDateModeAt, 6).ToArray());
        Assert.False(XlsWorkbookStream.Is1904(bytes));
    }

    [Fact]
    public void Is1904_RealWorkbookWithItsDateModeSet_CountsFrom1904()
    {
        var bytes = RealOffers();
        bytes[RealDateModeAt + 4] = 1;

        Assert.True(XlsWorkbookStream.Is1904(bytes));
    }

    /// <summary>Every way a stream is stored: in 512- or 4 096-byte sectors, or under 4 096 bytes in the mini stream; BIFF5 names it « Book ».</summary>
    [Theory]
    [InlineData("Workbook", 9, 10, true)]
    [InlineData("Workbook", 9, 10, false)]
    [InlineData("Workbook", 9, 1_000, true)]
    [InlineData("Workbook", 9, 1_000, false)]
    [InlineData("Workbook", 12, 10, true)]
    [InlineData("Workbook", 12, 1_000, true)]
    [InlineData("Workbook", 12, 1_000, false)]
    [InlineData("Book", 9, 1_000, true)]
    [InlineData("WORKBOOK", 9, 10, true)]
    public void Is1904_EveryWayOfStoringTheStream_ReadsTheDateMode(string streamName, int sectorShift, int rows, bool date1904)
    {
        var stream = Xls.WorkbookStream(date1904, ("Feuil1", Rows(rows)));
        var file = Xls.CompoundFile(streamName, stream, sectorShift);

        Assert.Equal(rows < 100, stream.Length < 4_096);
        Assert.Equal(date1904, XlsWorkbookStream.Is1904(file));
    }

    [Fact]
    public void Is1904_AnotherStreamOnly_CountsFrom1900() =>
        Assert.False(XlsWorkbookStream.Is1904(Xls.CompoundFile("Feuille", Xls.WorkbookStream(true, ("Feuil1", Rows(1_000))), 9)));

    [Fact]
    public void Is1904_StreamNotOpeningWithABof_CountsFrom1900()
    {
        var stream = Xls.WorkbookStream(true, ("Feuil1", Rows(1_000)));
        stream[0] = 0x09;
        stream[1] = 0x04; // a BIFF4 BOF

        Assert.False(XlsWorkbookStream.Is1904(Xls.CompoundFile("Workbook", stream, 9)));
    }

    /// <summary>
    /// A hostile compound file costs one pass at most: chains that loop or leave the file are not
    /// followed. (A DIFAT chain cannot loop for long: it is followed only for the FAT sectors the
    /// header declares, at most one per sector of the file.)
    /// </summary>
    [Theory]
    [InlineData("fat-loop")]
    [InlineData("directory-loop")]
    [InlineData("mini-fat-loop")]
    [InlineData("sector-past-end")]
    [InlineData("difat-past-end")]
    [InlineData("huge-fat-count")]
    [InlineData("bad-sector-shift")]
    public void Is1904_HostileCompoundFile_CountsFrom1900WithoutHanging(string damage)
    {
        var mini = damage == "mini-fat-loop";
        var file = Xls.CompoundFile("Workbook", Xls.WorkbookStream(true, ("Feuil1", Rows(mini ? 10 : 5_000))), 9);
        Assert.True(XlsWorkbookStream.Is1904(file));
        var header = file.AsSpan();
        var fat = file.AsSpan(512, 512);
        var directory = BinaryPrimitives.ReadUInt32LittleEndian(header[0x30..]);
        switch (damage)
        {
            case "fat-loop":
                // The stream's first sector follows itself (before DATEMODE is reached, the chain already loops).
                var first = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)((directory + 1) * 512) + 128 + 0x74));
                BinaryPrimitives.WriteUInt32LittleEndian(fat[(int)(4 * first)..], first);
                break;
            case "directory-loop":
                BinaryPrimitives.WriteUInt32LittleEndian(fat[(int)(4 * directory)..], directory);
                break;
            case "mini-fat-loop":
                var miniFat = BinaryPrimitives.ReadUInt32LittleEndian(header[0x3C..]);
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)((miniFat + 1) * 512)), 0);
                break;
            case "sector-past-end":
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)((directory + 1) * 512) + 128 + 0x74), 0x00FF_FFFF);
                break;
            case "difat-past-end":
                // More FAT sectors than the header lists, the rest listed in a DIFAT sector past the end.
                BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 300);
                BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], 0x00FF_FFFF);
                break;
            case "huge-fat-count":
                BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], uint.MaxValue);
                break;
            case "bad-sector-shift":
                BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 31);
                break;
        }

        Assert.False(XlsWorkbookStream.Is1904(file));
    }

    /// <summary>A file cut short loses its stream's last sectors: its chain leaves the file, and the stream is not walked.</summary>
    [Fact]
    public void Is1904_FileCutAnywhere_CountsFrom1900WithoutThrowing()
    {
        var file = Xls.CompoundFile("Workbook", Xls.WorkbookStream(true, ("Feuil1", Rows(1_000))), 9);

        var cuts = Enumerable.Range(0, file.Length - 512).Where(n => n % 7 == 0).ToList();

        Assert.True(cuts.Count > 1_000);
        Assert.DoesNotContain(cuts, n => XlsWorkbookStream.Is1904(new ArraySegment<byte>(file, 0, n)));
        Assert.True(XlsWorkbookStream.Is1904(file));
    }

    [Theory]
    [InlineData(9, 10)]
    [InlineData(9, 5_000)]
    [InlineData(12, 5_000)]
    public void Damage_SoundWorkbook_None(int sectorShift, int rows)
    {
        Assert.Null(XlsWorkbookStream.Damage(RealOffers()));
        Assert.Null(XlsWorkbookStream.Damage(Xls.CompoundFile("Workbook", Xls.WorkbookStream(false, ("Feuil1", Rows(rows)), ("Feuil2", Rows(3))), sectorShift)));
    }

    /// <summary>
    /// Records that do not hold together: ExcelDataReader took a record running past what a record
    /// may hold, or past the stream, as the end of the sheet, and gave half of it as the whole without
    /// a word (240 rows of the real STMT series read as 121, periods cut at January 2006).
    /// </summary>
    [Theory]
    [InlineData("length 65 535", "annonce 65\u202F535 octets de données, plus que les 8\u202F224")]
    [InlineData("length shortened", "l'enregistrement à l'octet 20\u202F647 du flux du classeur annonce")] // the records after it are read out of step
    [InlineData("last record past the end", "s'arrête au milieu de l'enregistrement")]
    [InlineData("no EOF", "avant l'enregistrement qui ferme la feuille commencée à l'octet")]
    [InlineData("sheet announced elsewhere", "que le classeur annonce à l'octet")]
    public void Damage_RecordsThatDoNotHoldTogether_Named(string damage, string expected)
    {
        var stream = Xls.WorkbookStream(false, ("Feuil1", Rows(1_000)), ("Feuil2", Rows(3)));
        var records = Records(stream);
        var middle = records.Where(r => r.Type == 0x0203).ElementAt(500).At; // a NUMBER half way through the first sheet
        switch (damage)
        {
            case "length 65 535":
                BinaryPrimitives.WriteUInt16LittleEndian(stream.AsSpan(middle + 2), ushort.MaxValue);
                break;
            case "length shortened":
                BinaryPrimitives.WriteUInt16LittleEndian(stream.AsSpan(middle + 2), 6);
                break;
            case "last record past the end":
                stream = stream[..^10]; // the EOF and 6 of the last NUMBER's 14 bytes
                break;
            case "no EOF":
                stream = stream[..^4];
                break;
            default:
                var boundSheet = records.First(r => r.Type == 0x0085).At;
                BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan(boundSheet + 4), BinaryPrimitives.ReadUInt32LittleEndian(stream.AsSpan(boundSheet + 4)) + 4);
                break;
        }

        var found = XlsWorkbookStream.Damage(Xls.CompoundFile("Workbook", stream, 9));

        Assert.NotNull(found);
        Assert.Contains(expected, found, StringComparison.Ordinal);
    }

    /// <summary>
    /// What ExcelDataReader never reads is never judged: bytes after the last sheet (Excel pads the
    /// stream; a writer may leave stale bytes there, « 09 08 » included), and a chart's substream
    /// nested in a sheet is walked as part of it.
    /// </summary>
    [Theory]
    [InlineData("stale bytes after the last sheet")]
    [InlineData("chart nested in the sheet")]
    public void Damage_WhatExcelWritesAroundTheSheets_None(string layout)
    {
        var stream = Xls.WorkbookStream(false, ("Feuil1", Rows(200)));
        byte[] chart = [0x09, 0x08, 16, 0, 0x00, 0x06, 0x20, 0x00, .. new byte[12], 0x0A, 0x00, 0, 0];
        stream = layout == "chart nested in the sheet"
            ? [.. stream[..^4], .. chart, .. stream[^4..]] // before the sheet's own EOF
            : [.. stream, 0x09, 0x08, 0xFF, 0xFF, .. new byte[600]];

        Assert.Null(XlsWorkbookStream.Damage(Xls.CompoundFile("Workbook", stream, 9)));
    }

    /// <summary>The real STMT series with one record's length made 65 535, read by the agency reader: refused, never half read.</summary>
    [Fact]
    public void Read_RealWorkbookWithALyingRecordLength_RefusedAsCorrupt()
    {
        const string Name = "series_offres_france_metro-dom_cvs-1511opendata13251.xls";
        var file = RealOffers();
        Assert.DoesNotContain(AgencyFiles.Read(file, "pole-emploi", fileName: Name).Errors, e => e.Code == "unreadable-workbook"); // read whole (its periods run past the test's receipt date)
        Assert.Equal([0x09, 0x08], file[RealWorkbookAt..(RealWorkbookAt + 2)]); // its stream's BOF, where Excel stored it
        var numbers = Records(file[RealWorkbookAt..(RealWorkbookAt + RealWorkbookLength)]).Where(r => r.Type == 0x027E).ToList(); // Excel's RK: a number
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(RealWorkbookAt + numbers[numbers.Count / 2].At + 2), ushort.MaxValue);

        var result = AgencyFiles.Read(file, "pole-emploi", fileName: Name);

        var error = Assert.Single(result.Errors);
        Assert.Equal("unreadable-workbook", error.Code);
        Assert.Contains("Le classeur est corrompu\u202F: l'enregistrement à l'octet", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Each record of a BIFF stream: its offset and type.</summary>
    private static List<(int At, ushort Type)> Records(byte[] stream)
    {
        var records = new List<(int At, ushort Type)>();
        for (var at = 0; at + 4 <= stream.Length; at += 4 + BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(at + 2)))
        {
            records.Add((at, BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(at))));
        }

        return records;
    }

    private static object?[]?[] Rows(int count) => [.. Enumerable.Range(0, count).Select(i => new object?[] { "Ligne", (double)i })];

    private static byte[] RealOffers() => File.ReadAllBytes(Repo.Data("realdata", "pole-emploi", "series_offres_france_metro-dom_cvs-1511opendata13251.xls"));
}
