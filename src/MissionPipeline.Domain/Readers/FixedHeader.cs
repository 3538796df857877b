using System.Globalization;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The header row of a fixed-layout format (F1, F2): a known list of columns, matched whatever the
/// case, accents and spaces (<see cref="TextNormalizer.Fold"/>), in any order. Every column is
/// required. A header cell that names no column of the layout is an error (a typo must not silently
/// drop a value), and so is a column given twice; blank header cells are allowed (a spreadsheet's
/// empty column) and <see cref="TableChecks"/> reports values under them. When the header has an
/// error, <see cref="IsUsable"/> is false and the rows under it are not read: which cell is which
/// cannot be trusted.
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
    public static int Matches(TableRow row, IReadOnlyList<string> names)
    {
        var folded = names.Select(TextNormalizer.Fold).ToArray();
        return row.Cells.Select(TextNormalizer.Fold).Where(folded.Contains).Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Maps the cells of <paramref name="row"/> to <paramref name="names"/> (as the format writes them), reporting unknown, duplicate and missing columns.</summary>
    public static FixedHeader Read(TableRow row, IReadOnlyList<string> names, string? sheet, IssueCollector issues)
    {
        var folded = names.Select(TextNormalizer.Fold).ToArray();
        var index = Enumerable.Repeat(-1, names.Count).ToArray();
        if (TableChecks.HeaderTooWide(row.Number, row.CellCount, sheet, issues))
        {
            // Its columns past the limit cannot be named: one error says why, rather than a thousand unknown columns.
            return new FixedHeader(row, names, index, sheet, usable: false);
        }

        var usable = true;
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var text = row.Cells[i];
            var name = TextNormalizer.Fold(text);
            if (name.Length == 0)
            {
                continue;
            }

            var at = new SourceCell(row.Number, text, text, sheet);
            var column = Array.IndexOf(folded, name);
            if (column < 0)
            {
                var guess = Suggestions.Closest(name, folded, 3) is { } g ? names[Array.IndexOf(folded, g)] : null;
                var hint = guess is null ? "." : $" : vouliez-vous dire « {guess} » ?";
                issues.Error(IssueCodes.UnknownColumn, at,
                    $"Colonne « {text} » inconnue{hint} Les colonnes attendues sont : {string.Join(", ", names)}. Renommez-la, ou supprimez-la si elle ne sert pas.");
                usable = false;
            }
            else if (index[column] >= 0)
            {
                issues.Error(IssueCodes.DuplicateColumn, at, string.Create(CultureInfo.InvariantCulture,
                    $"Colonne « {text} » en double : elle figure déjà en position {index[column] + 1}. Gardez-en une seule."));
                usable = false;
            }
            else
            {
                index[column] = i;
            }
        }

        for (var column = 0; column < names.Count; column++)
        {
            if (index[column] < 0)
            {
                issues.Error(IssueCodes.MissingColumn, new SourceCell(row.Number, names[column], string.Empty, sheet),
                    $"Colonne « {names[column]} » absente de la ligne d'en-tête : ajoutez-la ; les colonnes attendues sont : {string.Join(", ", names)}.");
                usable = false;
            }
        }

        return new FixedHeader(row, names, index, sheet, usable);
    }

    /// <summary>The header text of <paramref name="column"/> (an index into the layout's names) as written in the file.</summary>
    public string Name(int column) => _index[column] >= 0 ? Texts[_index[column]] : _names[column];

    /// <summary>Where <paramref name="column"/> of <paramref name="row"/> is: its header text and its cell.</summary>
    public SourceCell At(TableRow row, int column) =>
        new(row.Number, Name(column), _index[column] >= 0 ? row[_index[column]] : string.Empty, Sheet);

    /// <summary>The cell of <paramref name="column"/> in <paramref name="row"/>.</summary>
    public string Cell(TableRow row, int column) => _index[column] >= 0 ? row[_index[column]] : string.Empty;
}
