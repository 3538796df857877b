using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The header row of a fixed-layout format (F1, F2): a known list of columns, matched whatever the
/// case, accents and spaces (<see cref="TextNormalizer.Fold"/>), in any order. Every column is
/// required. A header cell that names no column of the layout is an error (a typo must not silently
/// drop a value), and so is a column given twice; blank header cells are allowed (a spreadsheet's
/// empty column) and <see cref="TableChecks"/> reports values under them. When the header's error
/// leaves which cell is which in doubt (<see cref="HeaderMatch.Readable"/>: anything but an unknown
/// column that resembles none missing), <see cref="IsUsable"/> is false and the rows under it are
/// not read; otherwise they are, and their errors are listed with the header's.
/// </summary>
internal sealed class FixedHeader
{
    private readonly IReadOnlyList<string> _names;
    private readonly int[] _index;

    private FixedHeader(TableRow row, IReadOnlyList<string> names, int[] index, string? sheet, bool usable)
    {
        Row = row;
        Texts = row.Cells;
        _names = names;
        _index = index;
        Sheet = sheet;
        IsUsable = usable;
    }

    public TableRow Row { get; }

    /// <summary>The header's cells as written, by cell index (for <see cref="TableChecks.CheckRow"/>).</summary>
    public IReadOnlyList<string> Texts { get; }

    public string? Sheet { get; }

    public bool IsUsable { get; }

    /// <summary>How many distinct columns of <paramref name="names"/> the cells of <paramref name="row"/> name.</summary>
    public static int Matches(TableRow row, IReadOnlyList<string> names) => HeaderMatcher.Count(row.Cells, Spec(names));

    /// <summary>Maps the cells of <paramref name="row"/> (under <paramref name="above"/>, if given) to <paramref name="names"/> (as the format writes them, all required) with <see cref="HeaderMatcher"/>; an error that leaves which cell is which in doubt makes it unusable.</summary>
    public static FixedHeader Read(TableRow row, IReadOnlyList<string> names, string? sheet, IssueCollector issues, TableRow? above = null)
    {
        var match = HeaderMatcher.Match(row.Cells, row.CellCount, row.Number, sheet, Spec(names), issues, above);
        return new FixedHeader(row, names, match.Index, sheet, match.Readable);
    }

    private static HeaderSpec Spec(IReadOnlyList<string> names) => new(names, names.Count, "attendues");

    /// <summary>The header text of <paramref name="column"/> (an index into the layout's names) as written in the file.</summary>
    public string Name(int column) => _index[column] >= 0 ? Texts[_index[column]] : _names[column];

    /// <summary>Where <paramref name="column"/> of <paramref name="row"/> is: its header text and its cell.</summary>
    public SourceCell At(TableRow row, int column) =>
        _index[column] >= 0 ? row.At(_index[column], Name(column), Sheet) : new(row.Number, Name(column), string.Empty, Sheet);

    /// <summary>The cell of <paramref name="column"/> in <paramref name="row"/>.</summary>
    public string Cell(TableRow row, int column) => _index[column] >= 0 ? row[_index[column]] : string.Empty;
}
