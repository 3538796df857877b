using System.IO.Compression;
using MissionPipeline.Indicators;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The single entry point of the readers: turns the bytes of an uploaded file into observations and
/// a list of problems. The format is told from the content, never from the file name: zip
/// (<c>PK\x03\x04</c>) and OLE (<c>D0 CF 11 E0</c>) magic numbers mean a workbook, buffered in memory
/// up to <see cref="ReaderLimits.MaxWorkbookBytes"/>; gzip (<c>1F 8B</c>) is decompressed on the fly and looked
/// into; anything else is delimited text, streamed line by line (memory does not grow with the
/// file). Each reader the agency may use is then offered the file, in order; the first that
/// recognises it reads it; a reader of very large files (F5) recognises a text file from its first
/// bytes and reads it from them (<see cref="FormatReader.ReadBytes"/>). A zip is checked before it is opened (a workbook, not a zip bomb), and a gzip stream
/// read to its end is checked to be whole.
/// </summary>
public static class AgencyFileReader
{
    /// <summary>The readers, in the order they are offered a file.</summary>
    private static readonly FormatReader[] Readers =
    [
        new CanonicalReader(),
        new OfpraReader(),
        new DcpafReader(),
        new StmtReader(),
        new EurostatReader(),
        new RegisterExtractReader(),
    ];

    /// <summary>
    /// Reads and checks an uploaded file. Never throws (except <see cref="OperationCanceledException"/>,
    /// and <see cref="ArgumentNullException"/> for a caller's bug): any failure, including a file
    /// that is not a workbook, a truncated or empty file, is a <see cref="ReadResult"/> with errors.
    /// A failure of <paramref name="content"/> itself is the error <c>read-interrupted</c>: the file
    /// is not at fault and may be read again. The stream is read forward once and not disposed; it
    /// need not be seekable.
    /// </summary>
    public static ReadResult Read(Stream content, ReadContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return ReadUpload(new UploadStream(content, context.Limits.MaxBytes, transport: true), context, compressed: false, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (UploadReadException)
        {
            return Failed(IssueCodes.ReadInterrupted,
                "La lecture du fichier a été interrompue (réseau ou stockage) : le fichier n'est pas en cause ; il sera relu, ou déposez-le à nouveau.");
        }
        catch (Exception ex)
        {
            return Failed(IssueCodes.UnreadableFile,
                $"Le fichier n'a pas pu être lu ({ex.GetType().Name}) : vérifiez qu'il s'agit d'un fichier texte (CSV) ou d'un classeur Excel complet, éventuellement compressé en gzip, et déposez-le à nouveau.");
        }
    }

    private static ReadResult ReadUpload(UploadStream upload, ReadContext context, bool compressed, CancellationToken cancellationToken)
    {
        var magic = upload.Peek(4);
        if (magic.Length == 0)
        {
            return Failed(IssueCodes.EmptyFile, EmptyMessage);
        }

        if (magic is [0x1F, 0x8B, ..])
        {
            // A gzip inside the gzip is read no further (each level would multiply what a bomb inflates):
            // said as such, where it was « format inconnu » quoting the inner gzip's bytes (red team, hostile agency).
            return compressed
                ? Failed(IssueCodes.UnknownFormat, "Le fichier est compressé deux fois (un gzip dans un gzip) : décompressez-le une fois (gzip -d), puis déposez le fichier .csv.gz obtenu ou le CSV lui-même.")
                : ReadGzip(upload, context, cancellationToken);
        }

        if (magic is [0x50, 0x4B, 0x03, 0x04] or [0xD0, 0xCF, 0x11, 0xE0])
        {
            // A workbook is read whole into memory: its own, smaller, limit bounds that memory.
            var bytes = Buffer(upload, context.Limits.MaxWorkbookBytes, cancellationToken);
            if (bytes is null)
            {
                return WorkbookTooLarge(context);
            }

            if (upload.LimitExceeded)
            {
                return TooLarge(context.Limits);
            }

            var scan = magic[0] == 0x50 ? CompressedContent.ScanWorkbook(bytes.Value, context.Limits) : WorkbookScan.OfXls(bytes.Value);
            if (scan.Refused is { } refused)
            {
                return ReadResult.Failed(FileFormat.Unknown, refused);
            }

            return Workbook.TryOpen(bytes.Value, context.Limits, scan, out var workbook, out var problem, out var tooLarge, cancellationToken)
                ? Dispatch(workbook, context, cancellationToken)
                : tooLarge
                    ? Failed(IssueCodes.WorkbookTooLarge, $"Le classeur est trop étendu : {problem}.")
                    : Failed(IssueCodes.UnreadableWorkbook, $"Le fichier est un classeur Excel illisible : {problem}.");
        }

        // A reader of very large files (F5, millions of rows) reads them from their bytes, not cell by cell as text.
        foreach (var reader in Readers)
        {
            if (reader.HeadBytes > 0 && reader.AcceptsFrom(context.Agency) && reader.RecognisesBytes(upload.Peek(reader.HeadBytes)))
            {
                var read = reader.ReadBytes(upload, context, cancellationToken);
                return upload.LimitExceeded ? TooLarge(context.Limits).AsFarAs(read) : read;
            }
        }

        var text = new DelimitedText(new DetectingTextReader(upload), context.Limits.MaxCellLength);
        var source = Table.FromText(text, context.Limits.MaxRows);
        var table = Dispatch(new TabularFile([source]), context, cancellationToken);
        return upload.LimitExceeded ? TooLarge(context.Limits).AsFarAs(table)
            : source.BlankRowsStoppedAt is { } line ? TooManyBlankLines(context.Limits, line).AsFarAs(table)
            : table;
    }

    private const int DecompressedChunkBytes = 256 * 1024;
    private const int DecompressedChunks = 8;

    private static ReadResult ReadGzip(UploadStream upload, ReadContext context, CancellationToken cancellationToken)
    {
        var members = upload.WatchGzipMembers();
        UploadStream content;
        ReadResult result;
        // Decompressed on a task of its own, a few MiB ahead of the parser: the two share the file's
        // time on two cores instead of taking turns on one (measured by `mission-tools bench`, sections
        // 1 and 3). The read-ahead bounds what a gzip bomb can inflate before the content limit is seen.
        using (var decompressed = new ReadAheadStream(new GZipStream(upload, CompressionMode.Decompress, leaveOpen: true), DecompressedChunkBytes, DecompressedChunks, cancellationToken))
        {
            content = new UploadStream(decompressed, context.Limits.MaxBytes, transport: false);
            content.KeepCrc();
            try
            {
                result = ReadUpload(content, context, compressed: true, cancellationToken);
            }
            catch (InvalidDataException)
            {
                return Failed(IssueCodes.UnreadableFile,
                    "Le fichier compressé (gzip) est corrompu : ses données ne se décompressent pas. Compressez à nouveau le fichier d'origine, puis déposez-le.");
            }
        }

        // The decompression task has stopped: what it saw of the compressed bytes (limit, members) is final.
        if (upload.LimitExceeded)
        {
            return TooLarge(context.Limits, compressedAsSent: true);
        }

        // Only content read to its end can be checked; a reader that stopped early (row limit) has reported why.
        if (!content.ReachedEnd || content.LimitExceeded)
        {
            return result;
        }

        if (!members.IsWhole(content.BytesRead, content.Crc))
        {
            return Failed(IssueCodes.TruncatedGzip,
                $"Le fichier compressé (gzip) est incomplet : il s'arrête avant sa fin ({FrenchFormat.Count(content.BytesRead, "octet décompressé lu", "octets décompressés lus")}), sans doute coupé pendant la copie ou l'envoi. Déposez à nouveau le fichier complet.");
        }

        return members.TrailingBytes > 0
            ? result with { Warnings = [.. result.Warnings, SourceCell.File.Issue(IssueCodes.GzipTrailingBytes,
                $"Le fichier compressé (gzip) est complet, mais suivi de {FrenchFormat.Count(members.TrailingBytes, "octet étranger", "octets étrangers")} après sa fin : ce qui suit la fin du gzip est ignoré, comme gzip lui-même le fait.")] }
            : result;
    }

    private static ReadResult Dispatch(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        if (file.IsEmpty)
        {
            return Failed(IssueCodes.EmptyFile, EmptyMessage);
        }

        var candidates = Readers.Where(r => r.AcceptsFrom(context.Agency)).ToArray();
        var reader = candidates.FirstOrDefault(r => r.Recognises(file, context));
        return reader is null ? UnknownFormat(file, context, candidates)
            : reader.Read(file, context, cancellationToken) is var result && WrongFolder(result, context) is { } wrong ? wrong
            : result;
    }

    /// <summary>
    /// A file whose rows with errors are all rows of another agency's indicator, one agency's for all
    /// of them, and with no row of the agency's own: the file was dropped in the wrong folder. One error
    /// says so, rather than one per row, each telling the officer to delete that row (98 of them for an
    /// OFII file in the DCPAF's folder). A file of one row too (« retirez cette ligne » left a header
    /// alone: every monthly file of the DGT is one row), and one whose foreign rows have other errors
    /// besides (red team, hostile agency). Null for any other result.
    /// </summary>
    private static ReadResult? WrongFolder(ReadResult result, ReadContext context)
    {
        var refused = result.Errors.Where(e => e.Code != IssueCodes.TooManyErrors).ToArray();
        var foreign = refused.Where(e => e.Code == IssueCodes.IndicatorNotAllowed).ToArray();
        var foreignRows = foreign.Select(e => (e.Sheet, e.Row)).ToHashSet();
        // A row of the agency's own indicator makes it the agency's file, with rows to remove; an error
        // of a row with no foreign indicator (or of the whole file) is the file's own business.
        if (foreign.Length == 0 || result.Mentioned.Count > 0 || refused.Any(e => !foreignRows.Contains((e.Sheet, e.Row))))
        {
            return null;
        }

        var indicators = foreign.Select(e => context.Catalogue.TryGet(e.Cell.Trim(), out var indicator) ? indicator : null).ToArray();
        if (indicators.Any(i => i is null)
            || indicators.Select(i => i!.Sources.AsEnumerable()).Aggregate((a, b) => a.Intersect(b)).ToArray() is not [var owner])
        {
            return null;
        }

        var ids = indicators.Select(i => i!.Id.Value).Distinct().Order(StringComparer.Ordinal).ToArray();
        var here = context.Catalogue.AgencyOf(context.Agency);
        var there = context.Catalogue.AgencyOf(owner);
        return ReadResult.Failed(result.Format, SourceCell.File.Issue(IssueCodes.IndicatorNotAllowed,
            $"Ce fichier est un fichier {there.Of} : {(result.Rows == 1 ? "sa ligne donne" : $"ses {FrenchFormat.Number(result.Rows)} lignes donnent")} {(ids.Length == 1 ? "l'indicateur" : "les indicateurs")} {FrenchFormat.List([.. ids.Select(id => $"« {id} »")])}, que transmet {there.Said}, et il a été déposé dans le dossier {here.Of} ({context.Agency}). Rien n'en est pris en compte : déposez-le dans le dossier uploads/{owner}/ (mission ingest --agency {owner})."))
            with { Rows = result.Rows };
    }

    private static ReadResult UnknownFormat(TabularFile file, ReadContext context, IEnumerable<FormatReader> candidates)
    {
        if (candidates.Any(c => c.Format == FileFormat.F0) && HeaderBelowTitles(file) is { } below)
        {
            return below;
        }

        if (candidates.Any(c => c.Format == FileFormat.F3) && SeriesWithoutCode(file) is { } uncoded)
        {
            return uncoded;
        }

        var table = file.Tables.First(t => !t.IsEmpty);
        var first = table.Head[0];
        var line = first.Preview(table.Separator);
        var formats = string.Join(" ; ", candidates.Select(c => c.Description));
        var at = new SourceCell(first.Number, string.Empty, line, table.Sheet);
        // Another agency's format, dropped in this agency's folder: say whose folder it belongs in.
        var owner = Readers.Except(candidates).FirstOrDefault(r => r.Recognises(file, context)) is { } other
            && context.Catalogue.Agencies.FirstOrDefault(a => other.AcceptsFrom(a.Id)) is { } agency
            ? $" Il a la forme du format {other.Format} {agency.Of} : s'il vient {agency.Of}, déposez-le dans le dossier uploads/{agency.Id}/ (mission ingest --agency {agency.Id})."
            : string.Empty;
        return ReadResult.Failed(FileFormat.Unknown, at.Issue(IssueCodes.UnknownFormat,
            $"Format de fichier non reconnu.{Recognisably(first)} {(candidates.Count() > 1 ? "Formats" : "Format")} que {context.Catalogue.AgencyOf(context.Agency).Said} peut déposer : {formats}. Première ligne lue ({at.Where}) : « {line} » ; vérifiez que c'est bien la ligne d'en-tête attendue.{owner}"));
    }

    /// <summary>
    /// What the first line of a file no reader recognises plainly is, when it is one of the mistakes
    /// agencies make, with what to do; else empty. A page web saved as « .xls » by some software, an
    /// export converted twice to UTF-8 (« pÃ©riode »), a file in an encoding with zeros between its
    /// letters (UTF-32) were told only « format non reconnu », quoting what they could not read (red
    /// teams, agency officer and hostile files).
    /// </summary>
    private static string Recognisably(TableRow first)
    {
        var text = string.Join(" ", first.Cells).TrimStart();
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<table", StringComparison.OrdinalIgnoreCase) || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<html", StringComparison.OrdinalIgnoreCase)))
        {
            return " C'est une page web (HTML), comme en écrivent certains logiciels sous le nom « .xls » : ouvrez-la dans Excel, enregistrez-la au format Classeur Excel (.xlsx), puis déposez le classeur.";
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return " Des octets nuls séparent ses caractères : il est dans un encodage que la lecture ne reconnaît pas (UTF-32, par exemple) ; enregistrez-le en UTF-8 (« CSV UTF-8 » dans Excel), puis déposez-le à nouveau.";
        }

        return TextDecoding.LooksDoublyEncoded(text) ? " " + TextDecoding.DoublyEncodedAdvice : string.Empty;
    }

    /// <summary>
    /// An F0 header under title lines (« Bilan OFII mars 2009 », a first header row of merged cells
    /// over the real one): F0's header is the table's first line, so the file is refused, but at the
    /// header's line, saying which lines to delete, rather than as a format not recognised, which named
    /// the title (red team, agency officer). Null when no line of a table's head looks like one.
    /// </summary>
    private static ReadResult? HeaderBelowTitles(TabularFile file)
    {
        foreach (var table in file.Tables.Where(t => !t.IsEmpty))
        {
            for (var i = 1; i < table.Head.Count; i++)
            {
                if (CanonicalHeader.LooksSurely(table.Head[i]))
                {
                    var header = table.Head[i];
                    var first = table.Head[0].Number;
                    var lines = header.Number - 1 == first ? $"la ligne {first}" : $"les lignes {first} à {header.Number - 1}";
                    return ReadResult.Failed(FileFormat.F0, new SourceCell(header.Number, string.Empty, header.Preview(table.Separator), table.Sheet).Issue(IssueCodes.MissingHeader,
                        $"L'en-tête du gabarit F0 est à la ligne {header.Number} : il doit être la première ligne {(table.Sheet is null ? "du fichier" : "de la feuille")}, sans titre au-dessus. Supprimez {lines} (un titre, ou une ligne d'en-tête fusionnée au-dessus de la vraie), puis déposez à nouveau le fichier."));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A workbook sheet of monthly rows whose series labels lost their code (« Etrangers hors UE »
    /// retyped without « (DEFM A HUE) »): a STMT workbook (F3) is known by those codes, so the file is
    /// refused, but at the labels' row of that sheet, saying what they lack, rather than as a format
    /// not recognised quoting the « Descriptif » sheet (red team, agency officer).
    /// </summary>
    private static ReadResult? SeriesWithoutCode(TabularFile file)
    {
        foreach (var table in file.Tables.Where(t => !t.Delimited && !t.IsEmpty && TextNormalizer.Fold(t.Sheet ?? string.Empty) != "descriptif"))
        {
            if (StmtLayout.LabelsWithoutCode(table, file.Date1904) is { } labels)
            {
                return ReadResult.Failed(FileFormat.F3, new SourceCell(labels.Number, string.Empty, labels.Preview(table.Separator), table.Sheet).Issue(IssueCodes.UnknownFormat,
                    $"Les libellés des séries, au-dessus des mois, n'ont pas leur code entre parenthèses, par lequel un classeur de séries STMT (F3) se reconnaît. Rétablissez-les comme Pôle emploi les exporte, par exemple « Étrangers hors UE (DEFM A HUE) » ou « France métro. (OEE ABC) », puis déposez à nouveau le fichier."));
            }
        }

        return null;
    }

    /// <summary>The whole upload in memory, or null as soon as it passes <paramref name="limit"/> bytes (nothing more is read).</summary>
    /// <remarks>
    /// Read in fixed 1 MiB pieces, then copied once into an array of the exact size: a stream that
    /// grows by doubling would allocate twice the limit before refusing a file that passes it.
    /// </remarks>
    private static ArraySegment<byte>? Buffer(UploadStream upload, long limit, CancellationToken cancellationToken)
    {
        const int Piece = 1 << 20;
        var pieces = new List<byte[]>();
        long total = 0;
        var last = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var piece = new byte[Piece];
            var filled = 0;
            int n;
            while (filled < Piece && (n = upload.Read(piece, filled, Piece - filled)) > 0)
            {
                filled += n;
            }

            if (filled == 0)
            {
                break;
            }

            total += filled;
            if (total > limit)
            {
                return null;
            }

            pieces.Add(piece);
            last = filled;
            if (filled < Piece)
            {
                break;
            }
        }

        var bytes = new byte[total];
        for (var i = 0; i < pieces.Count; i++)
        {
            pieces[i].AsSpan(0, i == pieces.Count - 1 ? last : Piece).CopyTo(bytes.AsSpan(i * Piece));
        }

        return bytes;
    }

    private const string EmptyMessage =
        "Le fichier est vide : déposez le fichier exporté complet (une ligne d'en-tête, puis une ligne par chiffre).";

    private static ReadResult WorkbookTooLarge(ReadContext context) => Failed(IssueCodes.FileTooLarge,
        $"Le classeur dépasse la taille maximale acceptée pour un classeur ({FrenchFormat.Count(context.Limits.MaxWorkbookBytes, "octet")}) : déposez ses données en CSV (sans limite de cette sorte), ou découpez-le en plusieurs classeurs.");

    /// <summary>The result for a file larger than <see cref="ReaderLimits.MaxBytes"/> (decompressed, for gzip).</summary>
    /// <param name="limits">The limits read under.</param>
    /// <param name="compressedAsSent">
    /// True when the gzip file as sent is past the limit, whatever it inflates to (a 2.8 MB extract
    /// behind 1.3 GB of padding was told « décompressé »: red team, hostile agency).
    /// </param>
    public static ReadResult TooLarge(ReaderLimits limits, bool compressedAsSent = false) => Failed(IssueCodes.FileTooLarge, compressedAsSent
        ? $"Le fichier compressé dépasse, tel qu'il est envoyé, la taille maximale acceptée ({FrenchFormat.Count(limits.MaxBytes, "octet")}) : compressez à nouveau le fichier d'origine avec gzip, ou découpez-le en plusieurs fichiers (par exemple un par mois), puis déposez le résultat."
        : $"Le fichier dépasse la taille maximale acceptée ({FrenchFormat.Count(limits.MaxBytes, "octet")}, décompressé) : découpez-le en plusieurs fichiers (par exemple un par mois) et déposez-les séparément.");

    /// <summary>
    /// A text file with more blank lines (or lines of separators only) than <see cref="ReaderLimits.MaxRows"/>,
    /// stopped at <paramref name="line"/>: a few kilobytes of gzip inflate to a gigabyte of them, which
    /// would otherwise be walked to its end to find no row. Every reader of text stops the same way.
    /// </summary>
    internal static ReadResult TooManyBlankLines(ReaderLimits limits, int line) => Failed(IssueCodes.TooManyRows,
        $"Le fichier a plus de {FrenchFormat.Count(limits.MaxRows, "ligne vide", "lignes vides")} ; la lecture s'est arrêtée ligne {FrenchFormat.Number(line)}. Supprimez les lignes vides (ou faites seulement de séparateurs) avant de déposer le fichier à nouveau.");

    private static ReadResult Failed(string code, string message) =>
        ReadResult.Failed(FileFormat.Unknown, SourceCell.File.Issue(code, message));
}
