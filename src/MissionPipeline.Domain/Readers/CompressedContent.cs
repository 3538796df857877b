using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// What the entry point checks of compressed content before trusting it: that a gzip stream was
/// whole, and that a zip is a workbook of a sane size before ExcelDataReader inflates it.
/// </summary>
internal static class CompressedContent
{
    /// <summary>An XLSX has a few dozen parts; past this, the zip is not a workbook (and listing it would cost memory).</summary>
    public const int MaxZipEntries = 10_000;

    /// <summary>
    /// The largest expansion accepted for a zip part that inflates to more than <see cref="RatioFloor"/>
    /// bytes (Apache POI's default: 1 %). Real sheets compress 5 to 20 times; a zip bomb, thousands.
    /// </summary>
    public const int MaxExpansionRatio = 100;

    /// <summary>Parts smaller than this are not checked for their ratio: a small part cannot hurt.</summary>
    public const long RatioFloor = 4L << 20;

    /// <summary>
    /// Whether a gzip stream read to its end was whole: its trailer's last four bytes are the length of
    /// the uncompressed content modulo 2³². .NET's <see cref="GZipStream"/> checks the trailer (CRC)
    /// when it reaches it, but ends quietly, without error, where a truncated file ends; this catches
    /// that. (A file of several gzip members concatenated ends with its last member's length only: it
    /// is reported truncated, and re-compressing it in one piece fixes it.)
    /// </summary>
    public static bool GzipComplete(ReadOnlySpan<byte> tail, long uncompressedLength) =>
        tail.Length == 8 && BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) == (uint)uncompressedLength;

    /// <summary>
    /// Checks a zip before it is opened as a workbook: a readable directory of at most
    /// <see cref="MaxZipEntries"/> parts, one of them <c>xl/workbook.xml</c> (or <c>.bin</c>), declared
    /// sizes adding up to at most <see cref="ReaderLimits.MaxBytes"/> and no part expanding more than
    /// <see cref="MaxExpansionRatio"/> times. The declared sizes can be trusted as bounds: .NET's
    /// <see cref="ZipArchive"/>, which ExcelDataReader uses, never inflates a part past its declared
    /// size. Null when the zip may be opened, or when its directory is unreadable (then opening it
    /// reports a corrupt workbook).
    /// </summary>
    public static ValidationIssue? CheckWorkbookZip(ArraySegment<byte> zip, ReaderLimits limits)
    {
        if (DirectoryEntries(zip) is > MaxZipEntries and var count)
        {
            return SourceCell.File.Issue(IssueCodes.NotAWorkbook, string.Create(CultureInfo.InvariantCulture,
                $"Le fichier est une archive zip d'environ {count} fichiers, pas un classeur Excel : déposez le classeur (.xlsx) ou le fichier CSV lui-même."));
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip.Array!, zip.Offset, zip.Count, writable: false), ZipArchiveMode.Read);
            return Check(archive.Entries, zip.Count, limits);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static ValidationIssue? Check(IReadOnlyCollection<ZipArchiveEntry> entries, long zipLength, ReaderLimits limits)
    {
        if (!entries.Any(e => e.FullName is "xl/workbook.xml" or "xl/workbook.bin"))
        {
            var csv = entries.Any(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) ? " Elle contient un fichier CSV : déposez ce CSV lui-même, tel quel ou compressé en gzip (.csv.gz)." : string.Empty;
            return SourceCell.File.Issue(IssueCodes.NotAWorkbook,
                $"Le fichier est une archive zip mais pas un classeur Excel (il n'a pas de partie xl/workbook.xml) : déposez le classeur enregistré au format .xlsx.{csv}");
        }

        // Saturating: a lying directory must not overflow the sum.
        var declared = entries.Aggregate(0L, (sum, e) => sum > long.MaxValue - e.Length ? long.MaxValue : sum + e.Length);
        if (declared > limits.MaxBytes)
        {
            return SourceCell.File.Issue(IssueCodes.FileTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"Le classeur dépasse la taille maximale acceptée une fois décompressé ({declared} octets pour {limits.MaxBytes} acceptés ; {zipLength} octets compressés) : découpez-le en plusieurs fichiers (par exemple un par mois) et déposez-les séparément."));
        }

        var bomb = entries.FirstOrDefault(e => e.Length > RatioFloor && e.Length / Math.Max(1, e.CompressedLength) >= MaxExpansionRatio);
        return bomb is null
            ? null
            : SourceCell.File.Issue(IssueCodes.ExcessiveCompression, string.Create(CultureInfo.InvariantCulture,
                $"Le classeur contient une partie (« {SourceCell.Clip(bomb.FullName, 60)} ») qui se décompresse de {bomb.CompressedLength} à {bomb.Length} octets, au moins {MaxExpansionRatio} fois sa taille : ce n'est pas un classeur exporté normalement. Ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le."));
    }

    /// <summary>
    /// How many entries the zip's central directory may hold, from its end record (zip64 too): the
    /// count declared or, if larger, the directory's size over the smallest entry (46 bytes), since a
    /// lying count must not make the listing cost memory. -1 when no end record is found.
    /// </summary>
    private static long DirectoryEntries(ArraySegment<byte> zip)
    {
        var bytes = zip.AsSpan();
        var from = Math.Max(0, bytes.Length - (22 + ushort.MaxValue));
        var end = bytes[from..].LastIndexOf("PK\u0005\u0006"u8);
        if (end < 0 || from + end + 22 > bytes.Length)
        {
            return -1;
        }

        var record = bytes[(from + end)..];
        long count = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        var locator = from + end - 20;
        if (locator >= 0 && bytes[locator..].StartsWith("PK\u0006\u0007"u8))
        {
            var offset = BinaryPrimitives.ReadInt64LittleEndian(bytes[(locator + 8)..]);
            if (offset >= 0 && offset + 56 <= bytes.Length && bytes[(int)offset..].StartsWith("PK\u0006\u0006"u8))
            {
                count = Math.Max(count, BinaryPrimitives.ReadInt64LittleEndian(bytes[((int)offset + 32)..]));
                size = Math.Max(size, BinaryPrimitives.ReadInt64LittleEndian(bytes[((int)offset + 40)..]));
            }
        }

        return Math.Max(count, size / 46);
    }
}
