using System.Buffers.Binary;
using System.Text;
using MissionPipeline.Indicators;

namespace MissionPipeline.Readers;

/// <summary>
/// What an XLS (BIFF5 or BIFF8) workbook's <c>Workbook</c> stream tells before ExcelDataReader reads it:
/// <list type="bullet">
/// <item>whether it counts its dates from 1904, as Mac Excel did by default until 2011: the value of
/// its <c>DATEMODE</c> record (MS-XLS 2.4.77, Date1904), 1 for 1904. ExcelDataReader applies it to
/// the cells it formats as dates but does not say it; a bare serial that a reader turns into a month
/// must apply it too (<see cref="TabularFile.Date1904"/>), as it does for an XLSX's <c>workbookPr
/// date1904</c> (<see cref="Is1904"/>);</item>
/// <item>whether its records hold together (<see cref="Damage"/>): ExcelDataReader takes a record
/// whose length runs past what a record may hold, or past the stream, as the end of the sheet, and
/// gave half a sheet's figures as the whole, without a word (red team, hostile agency).</item>
/// </list>
/// <para>
/// The compound file (MS-CFB) is walked as far as its <c>Workbook</c> stream (BIFF5: <c>Book</c>),
/// record by record (4 bytes each, never their data). Every sector number is
/// checked against the file's length and every chain is bounded by the file's sector count, so that a
/// hostile file (a chain looping on itself, a sector past the end) costs at most one pass over the
/// file. A file that cannot be walked counts from 1900, as before this check; opening it with
/// ExcelDataReader then reports what is wrong. No package reads compound files here (the mirror serves
/// none, and ExcelDataReader keeps its reader internal), hence these few lines.
/// </para>
/// </summary>
internal static class XlsWorkbookStream
{
    private const ushort BofRecord = 0x0809;
    private const ushort EofRecord = 0x000A;
    private const ushort DateModeRecord = 0x0022;

    private const ushort BoundSheetRecord = 0x0085;

    /// <summary>The most data a BIFF8 record holds (MS-XLS 2.1.4: 8 224 bytes; BIFF5's are shorter still): a longer one is damage.</summary>
    public const int MaxRecordLength = 8_224;

    /// <summary>
    /// What is wrong with the records of the workbook stream, in French (« l'enregistrement à l'octet
    /// 1 234 du flux du classeur… »), or null when they hold together. Walked as ExcelDataReader reads
    /// the stream: the globals from its first byte to their EOF, then each sheet the globals list
    /// (<c>BOUNDSHEET</c>) from the offset they give to its own EOF (a chart inside a sheet, BOF to EOF,
    /// nested); whatever lies between or after them (Excel pads the stream with zeros) is never read,
    /// so never judged. Each record walked is at most <see cref="MaxRecordLength"/> bytes long and
    /// inside the stream, each substream starts with a BOF and is closed. Null too for a file whose
    /// compound structure cannot be walked, or whose stream does not open with a BOF: opening it says so.
    /// </summary>
    public static string? Damage(ArraySegment<byte> file)
    {
        if (WorkbookStream(file) is not { } stream)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[4];
        if (!stream.Read(0, header) || BinaryPrimitives.ReadUInt16LittleEndian(header) != BofRecord)
        {
            return null; // not a BIFF stream this check knows: opening it judges
        }

        var sheets = new List<long>();
        if (Substream(stream, 0, sheets) is { } globals)
        {
            return globals;
        }

        foreach (var sheet in sheets)
        {
            if (!stream.Read(sheet, header) || BinaryPrimitives.ReadUInt16LittleEndian(header) != BofRecord)
            {
                return $"une feuille que le classeur annonce à l'octet {FrenchFormat.Number(sheet)} de son flux n'y commence pas";
            }

            if (Substream(stream, sheet, null) is { } damage)
            {
                return damage;
            }
        }

        return null;
    }

    /// <summary>
    /// Walks the substream opening with the BOF at <paramref name="start"/> to its EOF (nested BOF to
    /// EOF included): the damage found, or null. <paramref name="sheets"/>: where the globals' BOUNDSHEET
    /// records say the sheets start, collected on the way (null for a sheet).
    /// </summary>
    private static string? Substream(ChainStream stream, long start, List<long>? sheets)
    {
        Span<byte> header = stackalloc byte[4];
        Span<byte> position = stackalloc byte[4];
        var open = 0;
        for (var at = start; stream.Read(at, header); at += 4 + BinaryPrimitives.ReadUInt16LittleEndian(header[2..]))
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(header);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
            if (length > MaxRecordLength)
            {
                return $"l'enregistrement à l'octet {FrenchFormat.Number(at)} du flux du classeur annonce {FrenchFormat.Count(length, "octet")} de données, plus que les {FrenchFormat.Number(MaxRecordLength)} qu'un enregistrement peut avoir";
            }

            if (at + 4 + length > stream.Length)
            {
                return $"le flux du classeur s'arrête au milieu de l'enregistrement de l'octet {FrenchFormat.Number(at)}";
            }

            switch (type)
            {
                case BofRecord:
                    open++;
                    break;
                case EofRecord when --open == 0:
                    return null;
                case BoundSheetRecord when sheets is not null && open == 1 && length >= 4 && stream.Read(at + 4, position):
                    sheets.Add(BinaryPrimitives.ReadUInt32LittleEndian(position));
                    break;
            }
        }

        return sheets is null
            ? $"le flux du classeur s'arrête avant l'enregistrement qui ferme la feuille commencée à l'octet {FrenchFormat.Number(start)}"
            : "le flux du classeur s'arrête avant l'enregistrement qui ferme ses données générales (noms des feuilles, styles)";
    }

    /// <summary>The compound file's workbook stream (<c>Workbook</c>, BIFF5's <c>Book</c>), or null when it cannot be found.</summary>
    private static ChainStream? WorkbookStream(ArraySegment<byte> file)
    {
        var compound = CompoundFile.Open(file);
        return compound?.Stream("Workbook") ?? compound?.Stream("Book");
    }

    /// <summary>True when the compound file's workbook stream declares the 1904 date system.</summary>
    public static bool Is1904(ArraySegment<byte> file)
    {
        if (WorkbookStream(file) is not { } stream)
        {
            return false;
        }

        // A record: its type (2 bytes), the length of its data (2), its data. The globals open with a BOF and end with an EOF.
        Span<byte> header = stackalloc byte[4];
        Span<byte> value = stackalloc byte[2];
        for (long at = 0; stream.Read(at, header); at += 4 + BinaryPrimitives.ReadUInt16LittleEndian(header[2..]))
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(header);
            if (at == 0 && type != BofRecord)
            {
                return false;
            }

            if (type == EofRecord)
            {
                return false;
            }

            if (type == DateModeRecord)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(header[2..]) >= 2 && stream.Read(at + 4, value)
                    && BinaryPrimitives.ReadUInt16LittleEndian(value) == 1;
            }
        }

        return false;
    }

    /// <summary>The parts of a compound file (MS-CFB 2) this check reads: its FAT, its directory and one stream.</summary>
    private sealed class CompoundFile
    {
        private const int HeaderLength = 512;
        private const int DirectoryEntryLength = 128;
        private const int HeaderDifatEntries = 109;

        // Sector numbers from MAXREGSECT + 1 on end a chain or mark the FAT's own sectors: none is a sector of a stream.
        private const uint FirstSpecialSector = 0xFFFFFFFB;
        private static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

        private readonly ArraySegment<byte> _file;
        private readonly int _shift;
        private readonly uint[] _fatSectors;
        private readonly long _sectorCount;

        private CompoundFile(ArraySegment<byte> file, int shift, uint[] fatSectors)
        {
            _file = file;
            _shift = shift;
            _fatSectors = fatSectors;

            // The header fills the first sector's room: sector n starts at (n + 1) × the sector size. A last sector cut short counts.
            _sectorCount = ((file.Count + SectorSize - 1) >> shift) - 1;
        }

        private int SectorSize => 1 << _shift;

        /// <summary>The compound file, or null when its header or the list of its FAT sectors (DIFAT) cannot be read.</summary>
        public static CompoundFile? Open(ArraySegment<byte> file)
        {
            var bytes = file.AsSpan();
            if (bytes.Length < HeaderLength || !bytes.StartsWith(Signature))
            {
                return null;
            }

            // 512-byte sectors (version 3) or 4 096-byte sectors (version 4).
            var shift = (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x1E..]);
            var fatCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[0x2C..]);
            if (shift is not (9 or 12) || fatCount > (uint)(bytes.Length >> shift))
            {
                return null;
            }

            var fatSectors = new uint[fatCount];
            var known = 0;
            for (; known < fatSectors.Length && known < HeaderDifatEntries; known++)
            {
                fatSectors[known] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(0x4C + (4 * known))..]);
            }

            var compound = new CompoundFile(file, shift, fatSectors);
            var perDifatSector = (compound.SectorSize / 4) - 1;
            var next = BinaryPrimitives.ReadUInt32LittleEndian(bytes[0x44..]);
            for (long hops = 0; known < fatSectors.Length; hops++)
            {
                if (hops > compound._sectorCount || compound.SectorAt(next) is not { } sector)
                {
                    return null;
                }

                for (var i = 0; i < perDifatSector && known < fatSectors.Length; i++, known++)
                {
                    fatSectors[known] = BinaryPrimitives.ReadUInt32LittleEndian(sector.Span[(4 * i)..]);
                }

                next = BinaryPrimitives.ReadUInt32LittleEndian(sector.Span[(4 * perDifatSector)..]);
            }

            return compound;
        }

        /// <summary>The stream of that name (compared as MS-CFB compares names: regardless of case), or null.</summary>
        public ChainStream? Stream(string name)
        {
            var header = _file.AsSpan();
            if (Chain(BinaryPrimitives.ReadUInt32LittleEndian(header[0x30..])) is not { } directorySectors)
            {
                return null;
            }

            var directory = new ChainStream(this, null, directorySectors, SectorSize, (long)directorySectors.Count << _shift);
            Span<byte> entry = stackalloc byte[DirectoryEntryLength];
            (uint Start, long Length)? root = null;
            for (long at = 0; directory.Read(at, entry); at += DirectoryEntryLength)
            {
                var type = entry[0x42];
                var start = BinaryPrimitives.ReadUInt32LittleEndian(entry[0x74..]);

                // Version 3 files may leave garbage in the size's high half (MS-CFB 2.6.3).
                var length = _shift == 9 ? BinaryPrimitives.ReadUInt32LittleEndian(entry[0x78..]) : (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(entry[0x78..]), (ulong)long.MaxValue);
                if (type == 5)
                {
                    root ??= (start, length);
                }
                else if (type == 2 && NameOf(entry).Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return length >= BinaryPrimitives.ReadUInt32LittleEndian(header[0x38..]) ? Regular(start, length)
                        : root is { } r && Regular(r.Start, r.Length) is { } miniStream ? Mini(miniStream, start, length)
                        : null;
                }
            }

            return null;
        }

        private static string NameOf(ReadOnlySpan<byte> entry)
        {
            // The name's length in bytes, its terminating U+0000 included.
            var bytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
            return bytes is >= 2 and <= 64 && bytes % 2 == 0 ? Encoding.Unicode.GetString(entry[..(bytes - 2)]) : string.Empty;
        }

        private ChainStream? Regular(uint start, long length) =>
            Chain(start) is { } sectors ? new ChainStream(this, null, sectors, SectorSize, length) : null;

        /// <summary>A small stream, held in 64-byte sectors of the mini stream and chained by the mini FAT.</summary>
        private ChainStream? Mini(ChainStream miniStream, uint start, long length)
        {
            var header = _file.AsSpan();
            if (Chain(BinaryPrimitives.ReadUInt32LittleEndian(header[0x3C..])) is not { } miniFatSectors)
            {
                return null;
            }

            var miniFat = new ChainStream(this, null, miniFatSectors, SectorSize, (long)miniFatSectors.Count << _shift);
            var offsets = new List<long>();
            Span<byte> entry = stackalloc byte[4];
            for (var sector = start; sector < FirstSpecialSector; sector = BinaryPrimitives.ReadUInt32LittleEndian(entry))
            {
                if (offsets.Count > miniStream.Length / 64 || !miniFat.Read(4L * sector, entry))
                {
                    return null;
                }

                offsets.Add(64L * sector);
            }

            return new ChainStream(this, miniStream, offsets, 64, length);
        }

        /// <summary>The offsets in the file of a chain's sectors, or null when it leaves the file or loops.</summary>
        private List<long>? Chain(uint start)
        {
            var offsets = new List<long>();
            for (var sector = start; sector < FirstSpecialSector; sector = NextOf(sector))
            {
                if (offsets.Count > _sectorCount || sector >= _sectorCount)
                {
                    return null;
                }

                offsets.Add((sector + 1L) << _shift);
            }

            return offsets;
        }

        private uint NextOf(uint sector)
        {
            var perFatSector = SectorSize / 4;
            var fatIndex = sector / (uint)perFatSector;
            return fatIndex < _fatSectors.Length && SectorAt(_fatSectors[fatIndex]) is { } fat
                ? BinaryPrimitives.ReadUInt32LittleEndian(fat.Span[(int)(4 * (sector % (uint)perFatSector))..])
                : uint.MaxValue;
        }

        /// <summary>A whole sector of the file (a FAT or DIFAT sector), or null when it is not in the file.</summary>
        /// <remarks>The null is typed: a bare <c>null</c> would become an empty memory (through the conversion from an array), not a missing one.</remarks>
        private ReadOnlyMemory<byte>? SectorAt(uint sector) =>
            sector < _sectorCount && ((sector + 2L) << _shift) <= _file.Count ? _file.AsMemory().Slice((int)((sector + 1L) << _shift), SectorSize) : (ReadOnlyMemory<byte>?)null;

        /// <summary>Copies bytes of the file; false when they are past its end.</summary>
        public bool ReadFile(long at, Span<byte> destination)
        {
            if (at < 0 || at + destination.Length > _file.Count)
            {
                return false;
            }

            _file.AsSpan((int)at, destination.Length).CopyTo(destination);
            return true;
        }
    }

    /// <summary>
    /// A stream of a compound file: its sectors (<paramref name="offsets"/>, of <paramref name="unit"/>
    /// bytes) in the file, or in the mini stream when <paramref name="parent"/> is given.
    /// </summary>
    private sealed class ChainStream(CompoundFile file, ChainStream? parent, List<long> offsets, int unit, long length)
    {
        public long Length { get; } = Math.Min(length, (long)offsets.Count * unit);

        /// <summary>Copies the stream's bytes from <paramref name="at"/>; false when they are past its end.</summary>
        public bool Read(long at, Span<byte> destination)
        {
            if (at < 0 || at + destination.Length > Length)
            {
                return false;
            }

            while (!destination.IsEmpty)
            {
                var within = (int)(at % unit);
                var count = Math.Min(destination.Length, unit - within);
                var source = offsets[(int)(at / unit)] + within;
                if (!(parent is null ? file.ReadFile(source, destination[..count]) : parent.Read(source, destination[..count])))
                {
                    return false;
                }

                destination = destination[count..];
                at += count;
            }

            return true;
        }
    }
}
