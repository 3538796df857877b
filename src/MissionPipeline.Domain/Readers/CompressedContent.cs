using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// What the entry point checks of a zip before trusting it: that it is a workbook of a sane size
/// before ExcelDataReader inflates it. (Whether a gzip stream was whole: <see cref="GzipMembers"/>.)
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

    /// <summary>
    /// The work a workbook asks for, measured before any of it is done: its number of sheets, and
    /// for each sheet the rows × columns a reader would walk (gaps included), from its declared
    /// <c>&lt;dimension&gt;</c> and from the references of the cells it really holds, read with a
    /// forward-only XML reader (no DTD, no entity). A sheet declaring <c>A1:XFD1048576</c>, a lone cell
    /// in <c>XFD1048576</c> or three thousand empty sheets are refused in milliseconds, instead of
    /// holding a worker for minutes. Null when the workbook is within
    /// <see cref="ReaderLimits.MaxWorkbookSheets"/>, <see cref="ReaderLimits.MaxWorkbookColumns"/> and
    /// <see cref="ReaderLimits.MaxWorkbookCells"/>, or is not an XLSX with readable sheets (then
    /// opening it reports what is wrong).
    /// </summary>
    public static ValidationIssue? CheckWorkbookExtent(ArraySegment<byte> zip, ReaderLimits limits)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip.Array!, zip.Offset, zip.Count, writable: false), ZipArchiveMode.Read);
            var sheets = archive.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToArray();
            if (sheets.Length > limits.MaxWorkbookSheets)
            {
                return SourceCell.File.Issue(IssueCodes.WorkbookTooLarge, string.Create(CultureInfo.InvariantCulture,
                    $"Le classeur a {sheets.Length} feuilles, pour {limits.MaxWorkbookSheets} acceptées : déposez un classeur par période, avec seulement les feuilles de données."));
            }

            var total = 0L;
            foreach (var sheet in sheets)
            {
                var (rows, columns) = Extent(sheet);
                var cells = rows * columns;
                total += cells;
                if (columns > limits.MaxWorkbookColumns || cells > limits.MaxWorkbookCells || total > limits.MaxWorkbookCells)
                {
                    return SourceCell.File.Issue(IssueCodes.WorkbookTooLarge, string.Create(CultureInfo.InvariantCulture,
                        $"Le classeur s'étend jusqu'à la ligne {rows} et la colonne {columns} (partie « {SourceCell.Clip(sheet.FullName, 60)} »), soit {cells} cellules à parcourir, au-delà de ce qui est accepté ({limits.MaxWorkbookColumns} colonnes, {limits.MaxWorkbookCells} cellules) : supprimez les lignes et colonnes vides au-delà des données (une cellule mise en forme tout au bout suffit à étendre la feuille), enregistrez, puis déposez-le à nouveau."));
                }
            }

            return null;
        }
        catch (System.Xml.XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            // Excel never writes a DTD: one in a sheet is an XML entity attack (XXE, "billion laughs"), not damage.
            return SourceCell.File.Issue(IssueCodes.UnreadableWorkbook,
                "Le classeur contient une déclaration DTD (des entités XML), qu'Excel n'écrit jamais et qui est refusée par sécurité : ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le.");
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or IOException)
        {
            return null;
        }
    }

    /// <summary>The last row and column a sheet declares or uses: the larger of its <c>&lt;dimension&gt;</c> and its cells' references.</summary>
    private static (long Rows, long Columns) Extent(ZipArchiveEntry sheet)
    {
        using var stream = sheet.Open();
        using var xml = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true });
        long rows = 0;
        long columns = 0;
        while (xml.Read())
        {
            if (xml.NodeType != System.Xml.XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "dimension" when xml.GetAttribute("ref") is { } range:
                    var (r, c) = CellReference(range[(range.LastIndexOf(':') + 1)..]);
                    (rows, columns) = (Math.Max(rows, r), Math.Max(columns, c));
                    break;
                case "row" when long.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var row):
                    rows = Math.Max(rows, row);
                    break;
                case "c" when xml.GetAttribute("r") is { } reference:
                    var (cr, cc) = CellReference(reference);
                    (rows, columns) = (Math.Max(rows, cr), Math.Max(columns, cc));
                    break;
            }
        }

        return (rows, columns);
    }

    /// <summary><c>XFD1048576</c> → (1048576, 16384); anything unreadable counts as (0, 0).</summary>
    private static (long Row, long Column) CellReference(string reference)
    {
        long column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]) && i < 4; i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return long.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? (row, column) : (0, column);
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
