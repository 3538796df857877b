using System.Buffers.Binary;
using System.Text;

namespace MissionPipeline.Tests.Readers;

/// <summary>
/// Builds small XLS (BIFF8) workbooks for tests, byte by byte, as no package here writes them: a
/// compound file (MS-CFB) holding a <c>Workbook</c> stream (MS-XLS) whose globals give each sheet's
/// name and, when asked, the 1904 date system (<c>DATEMODE</c>). A row is an array of cells: a
/// string (a <c>LABEL</c> record), a number (<c>NUMBER</c>, with the default format: a date serial
/// left bare, as Excel shows it when the cell has no date format) or null (no cell). ExcelDataReader
/// reads them as it reads Excel's own files.
/// </summary>
internal static class Xls
{
    private const ushort Bof = 0x0809, Eof = 0x000A, DateMode = 0x0022, BoundSheet = 0x0085, Dimensions = 0x0200, Number = 0x0203, Label = 0x0204;
    private const uint EndOfChain = 0xFFFFFFFE, FreeSector = 0xFFFFFFFF, FatSector = 0xFFFFFFFD;

    /// <summary>A workbook whose stream is stored as Excel stores it: in 512-byte sectors (version 3), or 4 096-byte ones (version 4), or in the mini stream when it is under 4 096 bytes.</summary>
    public static byte[] Build(bool date1904, params (string Name, object?[]?[] Rows)[] sheets) => Build(date1904, sectorShift: 9, sheets);

    public static byte[] Build(bool date1904, int sectorShift, params (string Name, object?[]?[] Rows)[] sheets) =>
        CompoundFile("Workbook", WorkbookStream(date1904, sheets), sectorShift);

    /// <summary>The BIFF8 records of a workbook: the globals (BOF, DATEMODE, one BOUNDSHEET per sheet, EOF), then each sheet.</summary>
    public static byte[] WorkbookStream(bool date1904, params (string Name, object?[]?[] Rows)[] sheets)
    {
        var sheetStreams = sheets.Select(s => SheetStream(s.Rows)).ToArray();
        var globals = new MemoryStream();
        Record(globals, Bof, BofData(0x0005));
        if (date1904)
        {
            Record(globals, DateMode, [1, 0]);
        }

        var boundSheetsAt = globals.Length;
        foreach (var (name, _) in sheets)
        {
            Record(globals, BoundSheet, BoundSheetData(0, name));
        }

        Record(globals, Eof, []);

        // Each BOUNDSHEET names where its sheet's BOF is in the stream: known once the globals' length is.
        var stream = new MemoryStream();
        globals.Position = 0;
        globals.CopyTo(stream);
        var at = globals.Length;
        var bytes = stream.ToArray();
        var record = boundSheetsAt;
        for (var i = 0; i < sheets.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)record + 4), (uint)at);
            record += 4 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)record + 2));
            at += sheetStreams[i].Length;
        }

        return [.. bytes, .. sheetStreams.SelectMany(s => s)];
    }

    private static byte[] SheetStream(object?[]?[] rows)
    {
        var sheet = new MemoryStream();
        Record(sheet, Bof, BofData(0x0010));
        var dimensions = new byte[14];
        BinaryPrimitives.WriteUInt32LittleEndian(dimensions.AsSpan(4), (uint)rows.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(dimensions.AsSpan(10), (ushort)rows.Max(r => r?.Length ?? 0));
        Record(sheet, Dimensions, dimensions);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < (rows[r]?.Length ?? 0); c++)
            {
                var cell = new byte[6];
                BinaryPrimitives.WriteUInt16LittleEndian(cell, (ushort)r);
                BinaryPrimitives.WriteUInt16LittleEndian(cell.AsSpan(2), (ushort)c);
                switch (rows[r]![c])
                {
                    case null:
                        break;
                    case string text:
                        var length = new byte[3];
                        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
                        length[2] = 1; // UTF-16LE characters
                        Record(sheet, Label, [.. cell, .. length, .. Encoding.Unicode.GetBytes(text)]);
                        break;
                    case var number:
                        var value = new byte[8];
                        BinaryPrimitives.WriteDoubleLittleEndian(value, Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture));
                        Record(sheet, Number, [.. cell, .. value]);
                        break;
                }
            }
        }

        Record(sheet, Eof, []);
        return sheet.ToArray();
    }

    private static byte[] BofData(ushort substream)
    {
        var data = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(data, 0x0600); // BIFF8
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), substream);
        return data;
    }

    private static byte[] BoundSheetData(uint at, string name)
    {
        var data = new byte[8 + (2 * name.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(data, at);
        data[6] = (byte)name.Length;
        data[7] = 1; // UTF-16LE characters
        Encoding.Unicode.GetBytes(name).CopyTo(data, 8);
        return data;
    }

    private static void Record(Stream stream, ushort type, byte[] data)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)data.Length);
        stream.Write(header);
        stream.Write(data);
    }

    /// <summary>
    /// A compound file holding one stream: the header, the FAT, one directory sector (the root and the
    /// stream), then the stream in sectors of its own, or, under 4 096 bytes, in 64-byte mini sectors
    /// chained by a mini FAT.
    /// </summary>
    public static byte[] CompoundFile(string streamName, byte[] content, int sectorShift)
    {
        var sectorSize = 1 << sectorShift;
        var perSector = sectorSize / 4;
        var mini = content.Length < 4_096;
        var dataSectors = mini ? (((content.Length + 63) / 64 * 64) + sectorSize - 1) / sectorSize : (content.Length + sectorSize - 1) / sectorSize;
        var miniFatSectors = mini ? (((content.Length + 63) / 64) + perSector - 1) / perSector : 0;
        var fatSectors = 1;
        while (fatSectors * perSector < fatSectors + 1 + miniFatSectors + dataSectors)
        {
            fatSectors++;
        }

        var directory = (uint)fatSectors;
        var firstMiniFat = directory + 1;
        var firstData = firstMiniFat + (uint)miniFatSectors;
        var total = (int)firstData + dataSectors;
        var fat = Enumerable.Repeat(FreeSector, fatSectors * perSector).ToArray();
        for (var i = 0; i < fatSectors; i++)
        {
            fat[i] = FatSector;
        }

        Chain(fat, directory, 1);
        Chain(fat, firstMiniFat, miniFatSectors);
        Chain(fat, firstData, dataSectors);

        var file = new byte[(total + 1) * sectorSize];
        var header = file.AsSpan();
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], (ushort)(sectorShift == 9 ? 3 : 4));
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], (ushort)sectorShift);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x28..], sectorShift == 9 ? 0u : 1u);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], directory);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4_096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], mini ? firstMiniFat : EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x40..], (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (4 * i))..], i < fatSectors ? (uint)i : FreeSector);
        }

        for (var i = 0; i < fat.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(Sector(file, sectorShift, (uint)(i / perSector))[(4 * (i % perSector))..], fat[i]);
        }

        var entries = Sector(file, sectorShift, directory);
        for (var i = 0; i < sectorSize / 128; i++)
        {
            // No sibling, no child: an empty entry.
            entries.Slice((128 * i) + 0x44, 12).Fill(0xFF);
        }

        var miniStreamLength = mini ? (content.Length + 63) / 64 * 64 : 0;
        Entry(entries, "Root Entry", type: 5, child: 1, start: mini ? firstData : EndOfChain, length: miniStreamLength);
        Entry(entries[128..], streamName, type: 2, child: FreeSector, start: mini ? 0 : firstData, length: content.Length);
        if (mini)
        {
            var miniFat = Enumerable.Repeat(FreeSector, miniFatSectors * perSector).ToArray();
            Chain(miniFat, 0, miniStreamLength / 64);
            for (var i = 0; i < miniFat.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(Sector(file, sectorShift, firstMiniFat + (uint)(i / perSector))[(4 * (i % perSector))..], miniFat[i]);
            }
        }

        content.CopyTo(file, (int)(firstData + 1) * sectorSize);
        return file;
    }

    private static void Chain(uint[] table, uint first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            table[first + i] = i == count - 1 ? EndOfChain : first + (uint)i + 1;
        }
    }

    private static Span<byte> Sector(byte[] file, int shift, uint sector) => file.AsSpan((int)((sector + 1) << shift), 1 << shift);

    private static void Entry(Span<byte> entry, string name, byte type, uint child, uint start, long length)
    {
        Encoding.Unicode.GetBytes(name).CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)((name.Length + 1) * 2));
        entry[0x42] = type;
        entry[0x43] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], FreeSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], FreeSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], start);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[0x78..], (ulong)length);
    }
}
