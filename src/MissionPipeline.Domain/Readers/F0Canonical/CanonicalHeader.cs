using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>The columns of the canonical template F0, in the order of <see cref="CanonicalHeader.Names"/>.</summary>
internal enum CanonicalColumn
{
    Indicateur,
    Periode,
    Territoire,
    Valeur,
    Numerateur,
    Denominateur,
    Poids,
    Statut,
    Commentaire,
}

/// <summary>
/// The header row of an F0 table: which cell holds which column. Names match whatever the case,
/// accents and surrounding spaces (<see cref="TextNormalizer.Fold"/>); order is free; blank header
/// cells are allowed (a column left empty by a spreadsheet). An unknown name, a name given twice or
/// a missing required column (indicateur, periode, territoire) is an error; but for an unknown name
/// that resembles no missing column (<see cref="HeaderMatch.Readable"/>), the table's rows are then
/// only checked for their shape: which cell is which cannot be trusted.
/// </summary>
internal sealed class CanonicalHeader
{
    /// <summary>The column names as folded; the first three are required.</summary>
    public static readonly string[] Names =
        ["indicateur", "periode", "territoire", "valeur", "numerateur", "denominateur", "poids", "statut", "commentaire"];

    private const int RequiredColumns = 3;

    private readonly int[] _index;

    private CanonicalHeader(TableRow row, string? sheet, int[] index, bool usable, bool tooWide)
    {
        Texts = row.Cells;
        Sheet = sheet;
        _index = index;
        IsUsable = usable;
        TooWide = tooWide;
    }

    /// <summary>The header's cells as written, by column.</summary>
    public IReadOnlyList<string> Texts { get; }

    public string? Sheet { get; }

    /// <summary>False when the header's error leaves which cell is which in doubt (<see cref="HeaderMatch.Readable"/>): data rows are then only checked for their shape.</summary>
    public bool IsUsable { get; }

    /// <summary>The header has more cells than a row keeps (<see cref="TableChecks.HeaderTooWide"/>): its rows cannot even be checked for their shape.</summary>
    public bool TooWide { get; }

    private static readonly HeaderSpec Spec = new(Names, RequiredColumns, "du gabarit F0", Example);

    /// <summary>A row is taken for an F0 header when at least two of its cells are F0 column names.</summary>
    public static bool Looks(TableRow row) => HeaderMatcher.Count(row.Cells, Spec) >= 2;

    /// <summary>A row is surely an F0 header when it names at least three F0 columns, « indicateur » among them: a title line above it is then worth saying so.</summary>
    public static bool LooksSurely(TableRow row) =>
        HeaderMatcher.Count(row.Cells, Spec) >= 3 && row.Cells.Any(c => TextNormalizer.Fold(c) == Names[0]);

    /// <summary>Maps the header's cells to the F0 columns (<see cref="HeaderMatcher"/>); any error makes it unusable.</summary>
    public static CanonicalHeader Read(TableRow row, string? sheet, IssueCollector issues)
    {
        var match = HeaderMatcher.Match(row.Cells, row.CellCount, row.Number, sheet, Spec, issues);
        return new CanonicalHeader(row, sheet, match.Index, match.Readable, match.TooWide);
    }

    /// <summary>Where a column of <paramref name="row"/> is: its header text and its cell; the F0 name and a blank cell when the file has no such column.</summary>
    public SourceCell At(TableRow row, CanonicalColumn column)
    {
        var i = _index[(int)column];
        return i >= 0
            ? row.At(i, Texts[i], Sheet)
            : new SourceCell(row.Number, Names[(int)column], string.Empty, Sheet) { ColumnAbsent = true };
    }

    /// <summary>Where each part of the observation of <paramref name="row"/> is.</summary>
    public ObservationSource Source(TableRow row) => new(
        At(row, CanonicalColumn.Indicateur),
        At(row, CanonicalColumn.Periode),
        At(row, CanonicalColumn.Territoire),
        At(row, CanonicalColumn.Valeur),
        At(row, CanonicalColumn.Numerateur),
        At(row, CanonicalColumn.Denominateur),
        At(row, CanonicalColumn.Poids),
        At(row, CanonicalColumn.Statut));

    /// <summary>The key cells of <paramref name="row"/> together: « indicateur / periode / territoire » and their texts.</summary>
    public SourceCell Key(TableRow row)
    {
        var (indicator, period, territory) = (At(row, CanonicalColumn.Indicateur), At(row, CanonicalColumn.Periode), At(row, CanonicalColumn.Territoire));
        return new SourceCell(
            row.Number,
            $"{indicator.Column} / {period.Column} / {territory.Column}",
            $"{indicator.Cell} / {period.Cell} / {territory.Cell}",
            Sheet);
    }

    private static string Example(int column) => column switch
    {
        0 => "l'identifiant de l'indicateur, par exemple retours_aides",
        1 => "la période, par exemple 2009-03",
        _ => "le territoire, par exemple FR ou DEP-75",
    };
}
