using System.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// One row of a table as the agency sees it. <see cref="Number"/> is the line of a text file where the
/// row starts, or the spreadsheet row (1-based, title and blank lines counted). <see cref="Cells"/>
/// holds the cells' texts (see <see cref="DelimitedText"/> for the bounds); <see cref="CellCount"/> is
/// how many cells the line really has. <see cref="UnterminatedQuote"/>: a quoted cell ran to the end
/// of the file. <see cref="Uncalculated"/>: the indexes of a sheet's cells holding a formula saved
/// without its result (<see cref="SpreadsheetErrors.NotCalculated"/>), which read as empty.
/// <see cref="Numbers"/>: the indexes of a sheet's cells holding a number (typed, or a formula's
/// result), not text: their digits are the number's own, written by <see cref="Workbook"/>.
/// </summary>
internal sealed record TableRow(int Number, IReadOnlyList<string> Cells, int CellCount, bool UnterminatedQuote = false, IReadOnlyCollection<int>? Uncalculated = null, IReadOnlyCollection<int>? Numbers = null)
{
    /// <summary>The text of the cell at <paramref name="index"/>, empty beyond the last cell.</summary>
    public string this[int index] => index < Cells.Count ? Cells[index] : string.Empty;

    /// <summary>No text in any cell, and no formula left uncalculated (its cell is empty, but not blank: something is missing).</summary>
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace) && Uncalculated is not { Count: > 0 };

    /// <summary>Whether the cell at <paramref name="index"/> holds a formula saved without its result.</summary>
    public bool IsUncalculated(int index) => Uncalculated is { } cells && cells.Contains(index);

    /// <summary>The cell at <paramref name="index"/>, under the header text <paramref name="column"/>: its text, its address in a sheet, whether it holds a number rather than text.</summary>
    public SourceCell At(int index, string column, string? sheet) =>
        new(Number, column, this[index], sheet) { ColumnIndex = index, IsNumber = Numbers is { } numbers && numbers.Contains(index) };

    /// <summary>
    /// The row as one line for quoting in a message: its cells joined by <paramref name="separator"/>,
    /// up to the first line break inside a cell, control characters shown as U+FFFD, cut.
    /// </summary>
    public string Preview(string separator)
    {
        var text = new StringBuilder();
        foreach (var cell in Cells)
        {
            if (text.Length > SourceCell.MaxQuoted)
            {
                break;
            }

            text.Append(text.Length == 0 ? string.Empty : separator).Append(cell);
        }

        var line = text.ToString();
        var firstBreak = line.IndexOf('\n', StringComparison.Ordinal);
        line = firstBreak < 0 ? line : line[..firstBreak];
        var preview = new string([.. line.Select(c => char.IsControl(c) && c != '\t' ? '\uFFFD' : c)]);
        return SourceCell.Clip(preview.TrimEnd(separator.ToCharArray()));
    }
}

/// <summary>
/// A table: a delimited text file or one worksheet, as its non-blank rows. <see cref="Head"/> holds the
/// first rows, read ahead so that readers can recognise their format. <see cref="Rows"/> yields every
/// non-blank row from the first (for a text file, until too many blank lines: <see cref="BlankRowsStoppedAt"/>);
/// for a text file it may be enumerated only once, since the file is streamed, never held in memory.
/// </summary>
internal sealed class Table
{
    /// <summary>How many non-blank rows are read ahead for recognition.</summary>
    public const int HeadRows = 10;

    private readonly Func<IEnumerable<TableRow>>? _reread;
    private IEnumerator<TableRow>? _rest;
    private readonly BlankRows? _blanks;

    private Table(string? sheet, string separator, IReadOnlyList<TableRow> head, IEnumerator<TableRow>? rest, Func<IEnumerable<TableRow>>? reread, BlankRows? blanks = null, SheetVisibility visibility = SheetVisibility.Visible)
    {
        _blanks = blanks;
        Sheet = sheet;
        Visibility = visibility;
        Separator = separator;
        Head = head;
        _rest = rest;
        _reread = reread;
    }

    /// <summary>The worksheet's name; null for delimited text.</summary>
    public string? Sheet { get; }

    /// <summary>Whether the worksheet is shown in Excel; always <see cref="SheetVisibility.Visible"/> for delimited text.</summary>
    public SheetVisibility Visibility { get; }

    /// <summary>True for a worksheet Excel does not show (hidden or very hidden): nobody looking at the workbook sees its figures.</summary>
    public bool Hidden => Visibility != SheetVisibility.Visible;

    /// <summary>True for delimited text, where every line must have as many cells as its header.</summary>
    public bool Delimited => Sheet is null;

    /// <summary>How the cells of a row are joined when the row is quoted in a message.</summary>
    public string Separator { get; }

    public IReadOnlyList<TableRow> Head { get; }

    public bool IsEmpty => Head.Count == 0;

    /// <summary>
    /// A text file's table. Blank lines are skipped, but no more than <paramref name="maxBlankRows"/>:
    /// past that the rows end, at the line <see cref="BlankRowsStoppedAt"/> gives. A gigabyte of empty
    /// lines, or of <c>;;;;</c>, would otherwise be walked to its end (a minute of a worker) to find no row.
    /// </summary>
    public static Table FromText(DelimitedText text, int maxBlankRows)
    {
        var blanks = new BlankRows();
        var rows = NonBlank(text.Rows(), blanks, maxBlankRows).GetEnumerator();
        var head = new List<TableRow>(HeadRows);
        while (head.Count < HeadRows && rows.MoveNext())
        {
            head.Add(rows.Current);
        }

        return new Table(null, text.Separator.ToString(), head, rows, null, blanks);
    }

    /// <summary>The line at which the rows ended because there were too many blank ones; null when they did not (or not yet: read the rows first).</summary>
    public int? BlankRowsStoppedAt => _blanks?.StoppedAt;

    private static IEnumerable<TableRow> NonBlank(IEnumerable<TableRow> rows, BlankRows blanks, int max)
    {
        foreach (var row in rows)
        {
            if (!row.IsBlank)
            {
                yield return row;
            }
            else if (++blanks.Count > max)
            {
                blanks.StoppedAt = row.Number;
                yield break;
            }
        }
    }

    /// <summary>The blank lines a text table skipped, and where it stopped skipping them.</summary>
    private sealed class BlankRows
    {
        public int Count;
        public int? StoppedAt;
    }

    /// <summary>A worksheet whose rows <paramref name="reread"/> reads again from its first row, blank rows included.</summary>
    public static Table FromSheet(string name, IReadOnlyList<TableRow> head, Func<IEnumerable<TableRow>> reread, SheetVisibility visibility = SheetVisibility.Visible) =>
        new(name, " | ", head, null, reread, visibility: visibility);

    /// <summary>The name of the column at <paramref name="index"/> when it has no header: « colonne 7 », or « colonne G » in a sheet.</summary>
    public string UnnamedColumn(int index) => Delimited ? $"colonne {index + 1}" : $"colonne {SourceCell.ColumnLetters(index)}";

    public IEnumerable<TableRow> Rows()
    {
        if (_reread is not null)
        {
            return _reread().Where(r => !r.IsBlank);
        }

        var rest = _rest ?? throw new InvalidOperationException("The rows of a text file can be read only once.");
        _rest = null;
        return HeadThen(rest);
    }

    private IEnumerable<TableRow> HeadThen(IEnumerator<TableRow> rest)
    {
        using (rest)
        {
            foreach (var row in Head)
            {
                yield return row;
            }

            while (rest.MoveNext())
            {
                yield return rest.Current;
            }
        }
    }
}

/// <summary>
/// Whether Excel shows a worksheet: <see cref="Hidden"/> (Format, Masquer; Afficher shows it again) or
/// <see cref="VeryHidden"/> (set from Visual Basic; not even listed by Afficher).
/// </summary>
internal enum SheetVisibility
{
    Visible,
    Hidden,
    VeryHidden,
}

/// <summary>The tables of one file, as readers are handed them: one for delimited text, one per worksheet in workbook order.</summary>
internal sealed record TabularFile(IReadOnlyList<Table> Tables)
{
    /// <summary>
    /// True for a workbook whose date serials count from 1904-01-01 (XLSX <c>date1904</c>, XLS
    /// <c>DATEMODE</c>): a bare
    /// serial left without a date format is then 1 462 days later than the same serial counted from 1900.
    /// </summary>
    public bool Date1904 { get; init; }

    public bool IsEmpty => Tables.All(t => t.IsEmpty);
}
