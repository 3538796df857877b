using System.Buffers.Binary;
using System.Text;

namespace MissionPipeline.Readers;

/// <summary>
/// Whether an XLS (BIFF5 or BIFF8) workbook counts its dates from 1904, as Mac Excel did by default
/// until 2011: the value of its <c>DATEMODE</c> record (MS-XLS 2.4.77, Date1904), 1 for 1904.
/// ExcelDataReader applies it to the cells it formats as dates but does not say it; a bare serial that
/// a reader turns into a month must apply it too (<see cref="TabularFile.Date1904"/>), as it does for an
/// XLSX's <c>workbookPr date1904</c>.
/// <para>
/// The compound file (MS-CFB) is walked only as far as that record, in the globals of the
/// <c>Workbook</c> stream (BIFF5: <c>Book</c>), which precede every sheet. Every sector number is
/// checked against the file's length and every chain is bounded by the file's sector count, so that a
/// hostile file (a chain looping on itself, a sector past the end) costs at most one pass over the
/// file. A file that cannot be walked counts from 1900, as before this check; opening it with
/// ExcelDataReader then reports what is wrong. No package reads compound files here (the mirror serves
/// none, and ExcelDataReader keeps its reader internal), hence these few lines.
/// </para>
/// </summary>
internal static class XlsDateSystem
{
    private const ushort BofRecord = 0x0809;
    private const ushort EofRecord = 0x000A;
    private const ushort DateModeRecord = 0x0022;

    /// <summary>True when the compound file's workbook stream declares the 1904 date system.</summary>
    public static bool Is1904(ArraySegment<byte> file)
    {
        var compound = CompoundFile.Open(file);
        var stream = compound?.Stream("Workbook") ?? compound?.Stream("Book");
        if (stream is null)
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
