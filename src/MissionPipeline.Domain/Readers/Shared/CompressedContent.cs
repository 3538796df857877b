using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using MissionPipeline.Indicators;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// What the entry point checks of a zip before trusting it: that it is a workbook of a sane size
/// before ExcelDataReader inflates it (<see cref="ScanWorkbook"/>). (Whether a gzip stream was whole: <see cref="GzipMembers"/>.)
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
    /// Checks a zip before it is opened as a workbook, opening it once:
    /// <list type="bullet">
    /// <item>a readable directory of at most <see cref="MaxZipEntries"/> parts, one of them
    /// <c>xl/workbook.xml</c> (or <c>.bin</c>), declared sizes adding up to at most
    /// <see cref="ReaderLimits.MaxBytes"/> and no part expanding more than <see cref="MaxExpansionRatio"/>
    /// times (the declared sizes can be trusted as bounds: .NET's <see cref="ZipArchive"/>, which
    /// ExcelDataReader uses, never inflates a part past its declared size);</item>
    /// <item>the work it asks for, measured before any of it is done: its number of sheets, and for
    /// each sheet the rows × columns a reader would walk (gaps included), from its declared
    /// <c>&lt;dimension&gt;</c> and from the references of the cells it really holds, read with a
    /// forward-only XML reader (no DTD, no entity). A sheet declaring <c>A1:XFD1048576</c>, a lone
    /// cell in <c>XFD1048576</c> or three thousand empty sheets are refused in milliseconds, instead
    /// of holding a worker for minutes.</item>
    /// </list>
    /// The same pass notes the sheets' error cells (<c>t="e"</c>, a formula that failed), which
    /// ExcelDataReader would give as empty (<see cref="SpreadsheetErrors"/>). A zip whose directory
    /// cannot be read is not refused here: opening it reports what is wrong. A part that cannot be
    /// read to its end (malformed XML, damaged compressed data, elements nested deeper than
    /// <see cref="MaxXmlDepth"/>) refuses the workbook, naming the part: a scan that stopped half way
    /// has checked nothing (no row or cell written twice, no shared string, no 1904 date system), and
    /// ExcelDataReader, which never opens a part no sheet names, read such a workbook as sound, its
    /// figures bent without a word (red team, hostile agency).
    /// </summary>
    public static WorkbookScan ScanWorkbook(ArraySegment<byte> zip, ReaderLimits limits)
    {
        if (DirectoryEntries(zip) is > MaxZipEntries and var count)
        {
            return WorkbookScan.Refuse(SourceCell.File.Issue(IssueCodes.NotAWorkbook,
                $"Le fichier est une archive zip d'environ {FrenchFormat.Count(count, "fichier")}, pas un classeur Excel : déposez le classeur (.xlsx) ou le fichier CSV lui-même."));
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip.Array!, zip.Offset, zip.Count, writable: false), ZipArchiveMode.Read);
            return Check(archive.Entries, zip.Count, limits) is { } refused ? WorkbookScan.Refuse(refused) : Measure(archive, limits);
        }
        catch (UnreadablePartException ex) when (ex.InnerException is XmlException xml && xml.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            // Excel never writes a DTD: one in a sheet is an XML entity attack (XXE, "billion laughs"), not damage.
            return WorkbookScan.Refuse(SourceCell.File.Issue(IssueCodes.UnreadableWorkbook,
                "Le classeur contient une déclaration DTD (des entités XML), qu'Excel n'écrit jamais et qui est refusée par sécurité : ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le."));
        }
        catch (UnreadablePartException ex)
        {
            return WorkbookScan.Refuse(SourceCell.File.Issue(IssueCodes.UnreadableWorkbook,
                $"Le classeur est corrompu : sa partie « {SourceCell.Clip(ex.Part, 60)} » ne se lit pas jusqu'au bout ({ex.What}). Ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le."));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // The zip's directory itself: opening the workbook says so.
            return WorkbookScan.None;
        }
    }

    /// <summary>
    /// How deep a workbook's XML may nest its elements. Excel's deepest, an extension of a sheet
    /// (<c>worksheet/extLst/ext/x14:conditionalFormattings/…</c>), is about a dozen; each level
    /// costs the XML reader a few hundred bytes, so a sheet of millions of nested elements, compressed
    /// a few times only, took gigabytes of memory before anything could be reported.
    /// </summary>
    public const int MaxXmlDepth = 64;

    /// <summary>A part that could not be read to its end, and what stopped it (French, for the report).</summary>
    private sealed class UnreadablePartException(string part, string what, Exception? inner = null) : Exception(what, inner)
    {
        public string Part { get; } = part;

        public string What { get; } = what;
    }

    /// <summary>
    /// Each node of <paramref name="entry"/>, read forward with <see cref="SheetXml"/>, given to
    /// <paramref name="node"/> (which may read further, or return false to stop); a part that does not
    /// read to its end, or nests deeper than <see cref="MaxXmlDepth"/>, throws <see cref="UnreadablePartException"/>.
    /// </summary>
    private static void ReadPart(ZipArchiveEntry entry, Func<XmlReader, bool> node)
    {
        try
        {
            using var stream = entry.Open();
            using var xml = XmlReader.Create(stream, SheetXml);
            while (xml.Read())
            {
                if (xml.Depth > MaxXmlDepth)
                {
                    throw new UnreadablePartException(entry.FullName, $"des éléments XML imbriqués sur plus de {MaxXmlDepth} niveaux, ce qu'Excel n'écrit jamais");
                }

                if (!node(xml))
                {
                    return;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new UnreadablePartException(entry.FullName, ex.LineNumber > 0
                ? string.Create(CultureInfo.InvariantCulture, $"XML mal formé à la ligne {ex.LineNumber}, caractère {ex.LinePosition}")
                : "XML mal formé", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Damaged, or compressed by a method .NET does not read (LZMA, BZip2: 7-Zip can write them; Excel never does).
            throw new UnreadablePartException(entry.FullName, "données compressées illisibles : endommagées, ou compressées d'une manière qu'Excel n'emploie pas", ex);
        }
    }

    private static WorkbookScan Measure(ZipArchive archive, ReaderLimits limits)
    {
        // Every part ExcelDataReader would read as a sheet, wherever the relationships put it and however
        // its name is written (case, backslashes), and any other part in the worksheets folder.
        var named = SheetParts(archive);
        var sheets = named.Select(s => s.Part).OfType<ZipArchiveEntry>()
            .Concat(archive.Entries.Where(e => Normalized(e).StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
            .Distinct().ToArray();
        if (sheets.Length > limits.MaxWorkbookSheets)
        {
            return WorkbookScan.Refuse(SourceCell.File.Issue(IssueCodes.WorkbookTooLarge,
                $"Le classeur a {FrenchFormat.Count(sheets.Length, "feuille")}, pour {FrenchFormat.Number(limits.MaxWorkbookSheets)} acceptées : déposez un classeur par période, avec seulement les feuilles de données."));
        }

        var total = 0L;
        var errorsByPart = new Dictionary<ZipArchiveEntry, Dictionary<(int Row, int Column), string>>();
        var errorsLeft = SpreadsheetErrors.MaxKept;
        var sharedStrings = SharedStringCount(archive);
        (ZipArchiveEntry Part, string What)? broken = null;
        foreach (var sheet in sheets)
        {
            var (rows, columns, errors, corrupt) = Pass(sheet, errorsLeft, sharedStrings);
            broken ??= corrupt is { } what ? (sheet, what) : null;
            var cells = rows * columns;
            total += cells;
            if (columns > limits.MaxWorkbookColumns || cells > limits.MaxWorkbookCells || total > limits.MaxWorkbookCells)
            {
                return WorkbookScan.Refuse(SourceCell.File.Issue(IssueCodes.WorkbookTooLarge,
                    $"Le classeur s'étend jusqu'à la ligne {FrenchFormat.Number(rows)} et la colonne {FrenchFormat.Number(columns)} (partie « {SourceCell.Clip(sheet.FullName, 60)} »), soit {FrenchFormat.Count(cells, "cellule")} à parcourir, au-delà de ce qui est accepté ({FrenchFormat.Count(limits.MaxWorkbookColumns, "colonne")}, {FrenchFormat.Count(limits.MaxWorkbookCells, "cellule")}) : supprimez les lignes et colonnes vides au-delà des données (une cellule mise en forme tout au bout suffit à étendre la feuille), enregistrez, puis déposez-le à nouveau."));
            }

            errorsLeft -= errors.Count;
            if (errors.Count > 0)
            {
                errorsByPart[sheet] = errors;
            }
        }

        if (broken is { } b)
        {
            var sheetName = named.FirstOrDefault(s => s.Part == b.Part).Name ?? b.Part.FullName;
            return WorkbookScan.Refuse(SourceCell.File.Issue(IssueCodes.UnreadableWorkbook,
                $"Le classeur est corrompu : dans la feuille « {SourceCell.Clip(sheetName, 60)} », {b.What}. Ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le."));
        }

        // ExcelDataReader names its sheets as the workbook does: the error cells are keyed the same way.
        var bySheet = new Dictionary<string, Dictionary<(int Row, int Column), string>>(StringComparer.Ordinal);
        foreach (var (name, part) in named)
        {
            if (part is not null && errorsByPart.TryGetValue(part, out var errors))
            {
                bySheet[name] = errors;
            }
        }

        var date1904 = false;
        ForEachElement(Part(archive, WorkbookPart), "workbookPr", element =>
            date1904 |= element.GetAttribute("date1904") is "1" or "true");

        // The other parts ExcelDataReader loads whole (the styles, relationships) are read to their end
        // too, unless read above: one nested millions deep is refused here, not left to fill its memory.
        foreach (var part in archive.Entries.Where(e => IsReadWhole(e.FullName) && !PartsScannedAbove.Contains(Normalized(e))))
        {
            ReadPart(part, _ => true);
        }

        return new WorkbookScan(null, bySheet, date1904);
    }

    /// <summary>
    /// One read of a sheet: the last row and column it declares or uses (the larger of its
    /// <c>&lt;dimension&gt;</c> and its cells' references), and its first <paramref name="maxErrors"/>
    /// error cells at their 0-based (row, column).
    /// </summary>
    /// <remarks>
    /// The same read finds what ExcelDataReader would turn into wrong figures without a word (the
    /// first such, in French, as <c>Corrupt</c>): a cell naming a shared string the workbook lacks (it
    /// would read the index itself as the value), a row written twice or after a lower one (it would
    /// keep one of the two). Excel never writes either. A formula without a result (<c>&lt;f&gt;</c> and no
    /// <c>&lt;v&gt;</c>, or an empty <c>&lt;v&gt;&lt;/v&gt;</c> in a cell that is not text, as openpyxl saves
    /// a formula it did not calculate), which ExcelDataReader gives as an empty cell, is kept among the
    /// error cells as <see cref="SpreadsheetErrors.NotCalculated"/>. A text formula's empty result
    /// (<c>t="str"</c>, <c>=SI(…;"";…)</c> for a month not yet published) is a result.
    /// </remarks>
    private static (long Rows, long Columns, Dictionary<(int Row, int Column), string> Errors, string? Corrupt) Pass(ZipArchiveEntry sheet, int maxErrors, long sharedStrings)
    {
        long rows = 0;
        long columns = 0;
        var errors = new Dictionary<(int Row, int Column), string>();
        (int Row, int Column)? failed = null;
        (int Row, int Column)? formula = null;
        var formulaWithoutValue = false;
        var textCell = false;
        string? shared = null;
        string? number = null;
        string? corrupt = null;
        long lastRow = 0;
        long lastColumn = 0;
        ReadPart(sheet, xml =>
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "c")
            {
                if (formula is { } at && formulaWithoutValue && errors.Count < maxErrors)
                {
                    errors[at] = SpreadsheetErrors.NotCalculated;
                }

                formula = null;
                return true;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                return true;
            }

            // A cell's formula comes before its result; a result, even an empty text, means the formula
            // was calculated (an empty number's result is looked at below).
            var pendingFormula = formulaWithoutValue;
            formulaWithoutValue = xml.LocalName switch
            {
                "f" => formula is not null,
                "v" or "is" => false,
                _ => formulaWithoutValue,
            };

            switch (xml.LocalName)
            {
                case "dimension" when xml.GetAttribute("ref") is { } range:
                    var (r, c) = CellReference(range[(range.LastIndexOf(':') + 1)..]);
                    (rows, columns) = (Math.Max(rows, r), Math.Max(columns, c));
                    break;
                case "row":
                    lastColumn = 0;
                    if (long.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var row))
                    {
                        rows = Math.Max(rows, row);
                        corrupt ??= row <= lastRow
                            ? $"la ligne {FrenchFormat.Number(row)} est écrite {(row == lastRow ? "deux fois" : $"après la ligne {FrenchFormat.Number(lastRow)}")} (Excel écrit chaque ligne une fois, dans l'ordre)"
                            : null;
                        lastRow = Math.Max(lastRow, row);
                    }

                    break;
                case "c":
                    // Every cell resets what the previous one left pending, with or without a reference.
                    (failed, shared, formula, formulaWithoutValue) = (null, null, null, false);
                    textCell = xml.GetAttribute("t") is "str" or "inlineStr";
                    number = xml.GetAttribute("t") is null or "n" ? xml.GetAttribute("r") ?? "sans référence" : null;
                    if (xml.GetAttribute("r") is not { } reference)
                    {
                        lastColumn++; // where ExcelDataReader puts a cell without a reference: after the previous one
                        break;
                    }

                    var (cr, cc) = CellReference(reference);
                    // A cell written twice in its row, or after a cell to its right: ExcelDataReader keeps the last, silently.
                    corrupt ??= cc > 0 && cc <= lastColumn
                        ? $"la cellule {SourceCell.Clip(reference, 20)} est écrite {(cc == lastColumn ? "deux fois" : "après une cellule à sa droite")} (Excel écrit chaque cellule d'une ligne une fois, de gauche à droite)"
                        : null;
                    lastColumn = Math.Max(lastColumn, cc);
                    formula = !xml.IsEmptyElement && cr is > 0 and <= int.MaxValue && cc is > 0 and <= int.MaxValue ? ((int)cr - 1, (int)cc - 1) : null;
                    (rows, columns) = (Math.Max(rows, cr), Math.Max(columns, cc));
                    failed = xml.GetAttribute("t") == "e" && cr is > 0 and <= int.MaxValue && cc > 0 && errors.Count < maxErrors ? ((int)cr - 1, (int)cc - 1) : null;
                    shared = corrupt is null && xml.GetAttribute("t") == "s" ? reference : null;
                    break;
                case "v" when shared is { } cell:
                    var index = xml.ReadElementContentAsString();
                    // An empty <v/> is an empty cell to ExcelDataReader, not a reference.
                    if (index.Length > 0 && (!long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= sharedStrings))
                    {
                        corrupt = $"la cellule {SourceCell.Clip(cell, 20)} renvoie au texte partagé n°\u00A0{SourceCell.Clip(index, 20)}, que le classeur ne contient pas ({(sharedStrings == 0 ? "il n'en a aucun" : $"il en a {FrenchFormat.Number(sharedStrings)}")})";
                    }

                    shared = null;
                    break;
                case "v" when failed is { } at:
                    // The reader then stands on </v>'s successor, </c>: nothing a case above looks at is skipped.
                    errors[at] = xml.ReadElementContentAsString();
                    failed = null;
                    break;
                case "v" when number is { } cell:
                    // The reader then stands past </v>, on </c>, which the loop passes: the cell is settled here.
                    var stored = xml.ReadElementContentAsString();
                    corrupt ??= StoredNumberProblem(cell, stored);
                    if (pendingFormula && formula is { } calculated && string.IsNullOrWhiteSpace(stored) && errors.Count < maxErrors)
                    {
                        errors[calculated] = SpreadsheetErrors.NotCalculated;
                    }

                    (formula, number) = (null, null);
                    break;
                case "v" when pendingFormula && !textCell && formula is { } at:
                    // A boolean's or a date's formula (t="b", t="d"): its empty result is no result either.
                    if (string.IsNullOrWhiteSpace(xml.ReadElementContentAsString()) && errors.Count < maxErrors)
                    {
                        errors[at] = SpreadsheetErrors.NotCalculated;
                    }

                    formula = null;
                    break;
            }

            return true;
        });

        return (rows, columns, errors, corrupt);
    }

    private static readonly System.Buffers.SearchValues<char> StoredNumberCharacters = System.Buffers.SearchValues.Create("0123456789.eE+-");

    /// <summary>
    /// Why the number stored in a cell is no number Excel writes, or null: a <c>&lt;v&gt;</c> holds an
    /// <c>xsd:double</c> (a point for decimals, no grouping). ExcelDataReader reads « 12,5 » written
    /// by a script as 125, the comma taken for a thousands separator, and the file was accepted with
    /// that figure (red team, hostile files); « 1E+400 » became « Infinity ». Empty is an empty cell.
    /// </summary>
    internal static string? StoredNumberProblem(string cell, string stored)
    {
        var text = stored.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var plain = text.AsSpan().TrimStart("+-");
        var digitsOnly = plain.Length > 0 && !plain.ContainsAnyExcept(StoredNumberCharacters);
        if (digitsOnly && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            return double.IsFinite(value) ? null : $"la cellule {SourceCell.Clip(cell, 20)} contient le nombre « {SourceCell.Clip(text, 30)} », trop grand pour Excel : corrigez la valeur de cette cellule";
        }

        return $"la cellule {SourceCell.Clip(cell, 20)} est de type nombre mais contient « {SourceCell.Clip(text, 30)} », qu'Excel n'écrit pas ainsi (un point pour les décimales, sans séparateur de milliers) : le programme qui a produit ce classeur l'a mal écrit ; corrigez la valeur de cette cellule";
    }

    /// <summary>
    /// How many shared strings the workbook holds: the <c>&lt;si&gt;</c> of <c>xl/sharedStrings.xml</c>,
    /// the part ExcelDataReader reads them from; 0 without one. The part was bounded by
    /// <see cref="ReaderLimits.MaxWorkbookPartBytes"/> before this read.
    /// </summary>
    private static long SharedStringCount(ZipArchive archive)
    {
        long count = 0;
        ForEachElement(Part(archive, SharedStringsPart), "si", _ => count++);
        return count;
    }

    // The parts ExcelDataReader (3.6) loads whole, which it finds by these names, whatever the
    // relationships say, case and slashes aside; and every part's relationships (.rels).
    private const string SharedStringsPart = "xl/sharedStrings.xml";
    private const string WorkbookPart = "xl/workbook.xml";
    private const string WorkbookRelationshipsPart = "xl/_rels/workbook.xml.rels";
    private static readonly string[] PartsReadWhole = [SharedStringsPart, "xl/styles.xml", WorkbookPart];
    private static readonly HashSet<string> PartsScannedAbove = new(StringComparer.OrdinalIgnoreCase) { SharedStringsPart, WorkbookPart, WorkbookRelationshipsPart };

    /// <summary>The part of that name as ExcelDataReader finds it: the first whose name matches, case aside, <c>\</c> read as <c>/</c>.</summary>
    private static ZipArchiveEntry? Part(ZipArchive archive, string name) =>
        archive.Entries.FirstOrDefault(e => string.Equals(Normalized(e), name, StringComparison.OrdinalIgnoreCase));

    private static string Normalized(ZipArchiveEntry entry) => entry.FullName.Replace('\\', '/');

    /// <summary>
    /// Each sheet's name and zip part (null when there is none: ExcelDataReader reads the sheet as
    /// empty), found as ExcelDataReader 3.6 finds them: <c>xl/workbook.xml</c> names the sheets and their
    /// relationship ids, <c>xl/_rels/workbook.xml.rels</c> gives each id's target (the last relationship
    /// of that id), a target starting with <c>/xl/</c> is taken from the root and any other from
    /// <c>xl/</c>, and the part is then found as <see cref="Part"/> finds one: anywhere in the zip
    /// (<c>xl/data/sheet1.xml</c> as well as <c>xl/worksheets/sheet1.xml</c>), case and slashes aside.
    /// </summary>
    private static List<(string Name, ZipArchiveEntry? Part)> SheetParts(ZipArchive archive)
    {
        const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        ForEachElement(Part(archive, WorkbookRelationshipsPart), "Relationship", element =>
        {
            if (element.GetAttribute("Id") is { } id && element.GetAttribute("Target") is { } target)
            {
                targets[id] = target.StartsWith("/xl/", StringComparison.OrdinalIgnoreCase) ? target[1..] : "xl/" + target;
            }
        });

        // The first part of each name, as Part finds it, without a walk of the zip per sheet.
        var parts = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in archive.Entries)
        {
            parts.TryAdd(Normalized(entry), entry);
        }

        var sheets = new List<(string Name, ZipArchiveEntry? Part)>();
        ForEachElement(Part(archive, WorkbookPart), "sheet", element =>
        {
            if (element.GetAttribute("name") is { } name)
            {
                var part = element.GetAttribute("id", Relationships) is { } id && targets.TryGetValue(id, out var path) ? parts.GetValueOrDefault(path) : null;
                sheets.Add((name, part));
            }
        });
        return sheets;
    }

    private static void ForEachElement(ZipArchiveEntry? entry, string localName, Action<XmlReader> action)
    {
        if (entry is not null)
        {
            ReadPart(entry, xml =>
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == localName)
                {
                    action(xml);
                }

                return true;
            });
        }
    }

    /// <summary>How every part of a workbook is read: forward only, no DTD (so no entity), nothing resolved.</summary>
    private static readonly XmlReaderSettings SheetXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

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

        // Two parts under one name (or names that differ by case or slash only, which Excel and the
        // packaging rules take for one): which of them the agency saw in Excel, which ExcelDataReader
        // reads, is anyone's guess. Excel calls such a package corrupt (red team, hostile files).
        var twice = entries.Where(e => e.Name.Length > 0).GroupBy(e => Normalized(e).TrimStart('/'), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            return SourceCell.File.Issue(IssueCodes.UnreadableWorkbook,
                $"Le classeur est corrompu : sa partie « {SourceCell.Clip(twice.Key, 60)} » y est écrite {FrenchFormat.Number(twice.Count())} fois, et rien ne dit laquelle Excel a montrée. Ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le.");
        }

        // Saturating: a lying directory must not overflow the sum.
        var declared = entries.Aggregate(0L, (sum, e) => sum > long.MaxValue - e.Length ? long.MaxValue : sum + e.Length);
        if (declared > limits.MaxBytes)
        {
            return SourceCell.File.Issue(IssueCodes.FileTooLarge,
                $"Le classeur dépasse la taille maximale acceptée une fois décompressé ({FrenchFormat.Count(declared, "octet")} pour {FrenchFormat.Number(limits.MaxBytes)} acceptés ; {FrenchFormat.Count(zipLength, "octet")} compressés) : découpez-le en plusieurs fichiers (par exemple un par mois) et déposez-les séparément.");
        }

        var bomb = entries.FirstOrDefault(e => e.Length > RatioFloor && e.Length / Math.Max(1, e.CompressedLength) >= MaxExpansionRatio);
        if (bomb is not null)
        {
            return SourceCell.File.Issue(IssueCodes.ExcessiveCompression,
                $"Le classeur contient une partie (« {SourceCell.Clip(bomb.FullName, 60)} ») qui se décompresse de {FrenchFormat.Number(bomb.CompressedLength)} à {FrenchFormat.Count(bomb.Length, "octet")}, au moins {MaxExpansionRatio} fois sa taille : ce n'est pas un classeur exporté normalement. Ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le.");
        }

        // Parts read whole (shared strings, styles, relationships): bounded one by one, since the ratio
        // and the total leave room for a part that inflates to hundreds of MB and then to gigabytes of objects.
        var whole = entries.FirstOrDefault(e => e.Length > limits.MaxWorkbookPartBytes && IsReadWhole(e.FullName));
        return whole is null
            ? null
            : SourceCell.File.Issue(IssueCodes.WorkbookTooLarge,
                $"Le classeur contient une partie (« {SourceCell.Clip(whole.FullName, 60)} ») de {FrenchFormat.Count(whole.Length, "octet")} une fois décompressée, pour {FrenchFormat.Number(limits.MaxWorkbookPartBytes)} acceptés pour les parties lues d'un bloc (textes partagés, styles, classeur, relations) : un classeur d'agence en a quelques centaines de milliers. Ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le.");
    }

    /// <summary>Whether ExcelDataReader loads the part whole: the shared strings, the styles, the workbook, and relationships; it streams the sheets and never opens the rest (charts, pivot caches, images).</summary>
    private static bool IsReadWhole(string name) =>
        name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || PartsReadWhole.Any(p => string.Equals(name.Replace('\\', '/'), p, StringComparison.OrdinalIgnoreCase));

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

/// <summary>
/// What <see cref="CompressedContent.ScanWorkbook"/> found: why the workbook is refused, or else the
/// error cells of its sheets, by sheet name, at their 0-based (row, column), with the error as stored;
/// and whether its dates count from 1904 (<c>&lt;workbookPr date1904="1"&gt;</c>, Mac Excel's default of
/// the time), which ExcelDataReader applies to the cells formatted as dates but which a reader turning
/// a bare serial into a month must apply itself (<see cref="TabularFile.Date1904"/>). An XLS has only
/// the last (<see cref="OfXls"/>).
/// </summary>
internal sealed record WorkbookScan(ValidationIssue? Refused, IReadOnlyDictionary<string, Dictionary<(int Row, int Column), string>> ErrorCells, bool Date1904 = false)
{
    /// <summary>Nothing refused, no error cell: an XLS, or a zip that opening will judge.</summary>
    public static WorkbookScan None { get; } = new(null, new Dictionary<string, Dictionary<(int Row, int Column), string>>());

    public static WorkbookScan Refuse(ValidationIssue refused) => new(refused, None.ErrorCells);

    /// <summary>An XLS (BIFF): its extent is measured as it is opened, but its records are checked and its date system read first (<see cref="XlsWorkbookStream"/>).</summary>
    public static WorkbookScan OfXls(ArraySegment<byte> file) =>
        XlsWorkbookStream.Damage(file) is { } damage
            ? Refuse(SourceCell.File.Issue(IssueCodes.UnreadableWorkbook,
                $"Le classeur est corrompu : {damage}. Ouvrez-le dans Excel, enregistrez-le à nouveau, puis déposez-le."))
            : None with { Date1904 = XlsWorkbookStream.Is1904(file) };
}
