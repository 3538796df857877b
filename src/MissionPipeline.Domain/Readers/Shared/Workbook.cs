using System.Globalization;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using MissionPipeline.Indicators;

namespace MissionPipeline.Readers;

/// <summary>
/// Reads XLSX and XLS workbooks held in memory as tables of cell texts (ExcelDataReader). Rows are
/// numbered as the spreadsheet numbers them, blank rows counted. A cell's text is what a reader of
/// text files would see: strings as they are; numbers in the invariant culture with at most 15
/// significant digits, as Excel shows them (<c>1015</c>, <c>0.3</c>); dates as <c>2009-03-15</c>, or
/// <c>2009-03</c> when the cell's number format shows no day (a month typed as « mars 2009 »);
/// booleans as <c>VRAI</c> / <c>FAUX</c>; an XLSX formula that failed as its error value (<c>#DIV/0!</c>),
/// which ExcelDataReader would give as an empty cell (<see cref="SpreadsheetErrors"/>); an XLSX formula
/// saved without its result as an empty cell marked <see cref="TableRow.Uncalculated"/>. Each table
/// knows whether Excel shows its sheet (<see cref="Table.Visibility"/>).
/// </summary>
internal static class Workbook
{
    /// <summary>
    /// Opens every sheet and reads it through once, so that a truncated or corrupt workbook fails
    /// here rather than half way through a reader; false with a French explanation when it cannot be
    /// read. The tables re-read their sheet from <paramref name="content"/> when enumerated.
    /// </summary>
    public static bool TryOpen(ArraySegment<byte> content, out TabularFile file, out string problem, CancellationToken cancellationToken = default) =>
        TryOpen(content, ReaderLimits.Default, WorkbookScan.None, out file, out problem, out _, cancellationToken);

    /// <summary>
    /// As <see cref="TryOpen(ArraySegment{byte}, out TabularFile, out string, CancellationToken)"/>, with
    /// the error cells <paramref name="scan"/> found put back as their error value, and within a budget: the read-through stops, with <paramref name="tooLarge"/> set, as soon as the workbook
    /// passes <see cref="ReaderLimits.MaxWorkbookSheets"/>, <see cref="ReaderLimits.MaxWorkbookColumns"/>
    /// or <see cref="ReaderLimits.MaxWorkbookCells"/> (blank rows counted, as they cost the same to go
    /// through). An XLSX is measured before it is opened (<see cref="CompressedContent.ScanWorkbook"/>);
    /// an XLS (BIFF) is refused on each sheet's declared extent before its rows are read, and its
    /// rows are counted as they are read in case the declaration lies.
    /// </summary>
    public static bool TryOpen(ArraySegment<byte> content, ReaderLimits limits, WorkbookScan scan, out TabularFile file, out string problem, out bool tooLarge, CancellationToken cancellationToken = default)
    {
        tooLarge = false;
        try
        {
            var tables = new List<Table>();
            var errors = scan.ErrorCells;
            using var reader = Open(content);
            long cells = 0;
            do
            {
                // The sheet's declared extent (an XLS's DIMENSIONS record) is known before its rows are read.
                if (tables.Count >= limits.MaxWorkbookSheets || reader.FieldCount > limits.MaxWorkbookColumns
                    || cells + ((long)reader.RowCount * Math.Max(1, reader.FieldCount)) > limits.MaxWorkbookCells)
                {
                    return TooLarge(limits, out file, out problem, out tooLarge);
                }

                var head = new List<TableRow>();
                foreach (var row in ReadRows(reader, errors, cancellationToken))
                {
                    cells += Math.Max(1, row.CellCount);
                    if (cells > limits.MaxWorkbookCells)
                    {
                        return TooLarge(limits, out file, out problem, out tooLarge);
                    }

                    if (head.Count < Table.HeadRows && !row.IsBlank)
                    {
                        head.Add(row);
                    }
                }

                var index = tables.Count;
                tables.Add(Table.FromSheet(reader.Name, head, () => ReadSheet(content, index, errors, cancellationToken), Visibility(reader.VisibleState)));
            }
            while (reader.NextResult());

            file = new TabularFile(tables) { Date1904 = scan.Date1904 };
            problem = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            file = new TabularFile([]);
            problem = ex is InvalidPasswordException
                ? "le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe, puis déposez-le à nouveau"
                : "il est tronqué ou corrompu : ouvrez-le dans Excel, enregistrez-le à nouveau au format .xlsx, puis déposez-le";
            return false;
        }
    }

    /// <summary>ExcelDataReader's <c>VisibleState</c> (<c>visible</c>, <c>hidden</c>, <c>veryhidden</c>, of an XLSX's <c>state</c> or an XLS's BOUNDSHEET).</summary>
    private static SheetVisibility Visibility(string? state) => state?.ToLowerInvariant() switch
    {
        "hidden" => SheetVisibility.Hidden,
        "veryhidden" => SheetVisibility.VeryHidden,
        _ => SheetVisibility.Visible,
    };

    private static bool TooLarge(ReaderLimits limits, out TabularFile file, out string problem, out bool tooLarge)
    {
        file = new TabularFile([]);
        tooLarge = true;
        problem = $"il dépasse ce qui est accepté ({FrenchFormat.Count(limits.MaxWorkbookSheets, "feuille")}, {FrenchFormat.Count(limits.MaxWorkbookColumns, "colonne")} ou {FrenchFormat.Count(limits.MaxWorkbookCells, "cellule")} à parcourir, lignes vides comprises) : supprimez les feuilles, lignes et colonnes vides au-delà des données, enregistrez, puis déposez-le à nouveau";
        return false;
    }

    private static IExcelDataReader Open(ArraySegment<byte> content)
    {
        TextDecoding.EnsureCodePages();
        return ExcelReaderFactory.CreateReader(
            new MemoryStream(content.Array!, content.Offset, content.Count, writable: false),
            new ExcelReaderConfiguration { FallbackEncoding = TextDecoding.Windows1252 });
    }

    private static IEnumerable<TableRow> ReadSheet(ArraySegment<byte> content, int index, IReadOnlyDictionary<string, Dictionary<(int Row, int Column), string>> errors, CancellationToken cancellationToken)
    {
        using var reader = Open(content);
        for (var i = 0; i < index; i++)
        {
            reader.NextResult();
        }

        foreach (var row in ReadRows(reader, errors, cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The rows left in the reader's current sheet; after the first, continues where it stopped.</summary>
    private static IEnumerable<TableRow> ReadRows(IExcelDataReader reader, IReadOnlyDictionary<string, Dictionary<(int Row, int Column), string>> errors, CancellationToken cancellationToken)
    {
        var failed = errors.GetValueOrDefault(reader.Name);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = new string[reader.FieldCount];
            List<int>? uncalculated = null;
            List<int>? numbers = null;
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = CellText(reader, i);
                if (reader.GetFieldType(i) == typeof(double))
                {
                    (numbers ??= []).Add(i);
                }

                if (cells[i].Length == 0 && failed is not null && failed.TryGetValue((reader.Depth, i), out var error))
                {
                    if (error == SpreadsheetErrors.NotCalculated)
                    {
                        (uncalculated ??= []).Add(i);
                    }
                    else
                    {
                        cells[i] = error;
                    }
                }
            }

            yield return new TableRow(reader.Depth + 1, cells, cells.Length, Uncalculated: uncalculated, Numbers: numbers);
        }
    }

    internal static string CellText(IExcelDataReader reader, int index) => reader.GetValue(index) switch
    {
        null => string.Empty,
        string text => text,
        double number => Number(number),
        DateTime date => ShowsDay(reader.GetNumberFormatString(index))
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        bool flag => flag ? "VRAI" : "FAUX",
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? string.Empty,
    };

    /// <summary>At most 15 significant digits, as Excel displays a double: 0.30000000000000004 → 0.3.</summary>
    internal static string Number(double number) =>
        double.IsFinite(number) && Math.Abs(number) < 1e27
            ? ((decimal)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>True unless the number format has a month or year code but no day code (<c>d</c>) outside quotes and brackets.</summary>
    internal static bool ShowsDay(string? format)
    {
        if (string.IsNullOrEmpty(format))
        {
            return true;
        }

        var quoted = false;
        var bracket = false;
        var day = false;
        var monthOrYear = false;
        foreach (var c in format)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '[' when !quoted:
                    bracket = true;
                    break;
                case ']' when !quoted:
                    bracket = false;
                    break;
                default:
                    if (!quoted && !bracket)
                    {
                        day |= c is 'd' or 'D' or 'j' or 'J';
                        monthOrYear |= c is 'm' or 'M' or 'y' or 'Y';
                    }

                    break;
            }
        }

        return day || !monthOrYear;
    }
}
