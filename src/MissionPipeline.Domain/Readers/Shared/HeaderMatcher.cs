using System.Globalization;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The columns a format's header may name, as the format writes them; the first
/// <see cref="Required"/> must be there. <see cref="ColumnsOf"/> completes « Les colonnes … sont »
/// in messages (« du gabarit F0 »); <see cref="MissingHint"/> says, for a missing required column,
/// what it holds.
/// </summary>
internal sealed record HeaderSpec(IReadOnlyList<string> Names, int Required, string ColumnsOf, Func<int, string>? MissingHint = null)
{
    /// <summary>The names as <see cref="TextNormalizer.Fold"/> gives them, in the same order.</summary>
    public string[] Folded { get; } = [.. Names.Select(TextNormalizer.Fold)];
}

/// <summary>
/// What a header row names: for each column of the spec, the index of its cell (−1 when absent);
/// the cells with no name; and which kinds of error were reported, so that each format decides
/// whether its rows can still be read.
/// </summary>
internal sealed record HeaderMatch(int[] Index, int[] Unnamed, bool TooWide, bool Unknown, bool DuplicateRequired, bool DuplicateOptional, bool MissingRequired)
{
    /// <summary>No error at all.</summary>
    public bool Clean => !TooWide && !Unknown && !DuplicateRequired && !DuplicateOptional && !MissingRequired;

    /// <summary>An unknown cell is close to the name of a column the header lacks (« valuer » and no « valeur »).</summary>
    public bool Misspelt { get; init; }

    /// <summary>
    /// Whether each column the header names can be trusted to hold what it names, errors or not: its
    /// only errors are unknown cells that look like no column it lacks (a « source » column added
    /// beside the template's). Its rows are then read and checked as usual, so that the report lists
    /// their errors with the header's, rather than one upload at a time (red team, agency officer).
    /// A misspelt name, a column given twice or a required one missing leave which cell is which in
    /// doubt: the rows would each report the consequence of the header's one mistake.
    /// </summary>
    public bool Readable => !TooWide && !DuplicateRequired && !DuplicateOptional && !MissingRequired && !Misspelt;
}

/// <summary>
/// The one header matcher of every format (F0, F1, F2, F5): a cell names a column whatever its case,
/// accents, surrounding spaces and invisible characters (<see cref="TextNormalizer.Fold"/>), in any
/// order; blank cells name nothing. A cell naming no column is <c>unknown-column</c> (with the
/// nearest name when one is close: a typo must not silently drop a value), a column named twice
/// <c>duplicate-column</c>, a required column absent <c>missing-column</c>, and a header wider than
/// <see cref="DelimitedText.MaxCellsPerRow"/> cells one <c>wrong-cell-count</c> error and only that.
/// </summary>
internal static class HeaderMatcher
{
    /// <summary>How far (edits) a mistyped column name may be from the name suggested for it.</summary>
    public const int SuggestionDistance = 3;

    /// <summary>How many distinct columns of <paramref name="spec"/> the cells name: how a reader recognises its header.</summary>
    public static int Count(IEnumerable<string> cells, HeaderSpec spec) =>
        cells.Select(TextNormalizer.Fold).Where(spec.Folded.Contains).Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// Maps the header cells (<paramref name="cellCount"/> in the row, of which <paramref name="cells"/>
    /// are the kept ones) of row <paramref name="row"/> to the columns of <paramref name="spec"/>,
    /// reporting every problem to <paramref name="issues"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="above"/>, the row just above the header when there is one: a required column
    /// it names over a blank header cell is a header written on two rows (cells merged down, as
    /// « Département » over A3:A4 while the figures' names are on row 4), and the error says so at
    /// that cell rather than asking to add a column that is there (red team, agency officer).
    /// </remarks>
    public static HeaderMatch Match(IReadOnlyList<string> cells, int cellCount, int row, string? sheet, HeaderSpec spec, IssueCollector issues, TableRow? above = null)
    {
        var index = Enumerable.Repeat(-1, spec.Names.Count).ToArray();
        if (TableChecks.HeaderTooWide(row, cellCount, sheet, issues))
        {
            // Its columns past the limit cannot be named: one error says why, rather than a thousand unknown columns.
            return new HeaderMatch(index, [], TooWide: true, false, false, false, false);
        }

        var unnamed = new List<int>();
        var guessed = new List<int>();
        bool unknown = false, duplicateRequired = false, duplicateOptional = false, missing = false;
        for (var i = 0; i < cells.Count; i++)
        {
            var text = cells[i];
            var folded = TextNormalizer.Fold(text);
            if (folded.Length == 0)
            {
                unnamed.Add(i);
                continue;
            }

            var at = new SourceCell(row, text, text, sheet) { ColumnIndex = i };
            var column = Array.IndexOf(spec.Folded, folded);
            if (column < 0)
            {
                var guessAt = Suggestions.Closest(folded, spec.Folded, SuggestionDistance) is { } g ? Array.IndexOf(spec.Folded, g) : -1;
                var guess = guessAt >= 0 ? spec.Names[guessAt] : null;
                if (guessAt >= 0)
                {
                    guessed.Add(guessAt);
                }

                var hint = guess is null ? "." : $" : vouliez-vous dire « {guess} » ?";
                issues.Error(IssueCodes.UnknownColumn, at, TextDecoding.LooksDoublyEncoded(text)
                    ? $"Colonne « {text} » illisible. {TextDecoding.DoublyEncodedAdvice}"
                    : $"Colonne « {text} » inconnue{hint} Les colonnes {spec.ColumnsOf} sont : {string.Join(", ", spec.Names)}. Renommez-la, ou supprimez-la si elle ne sert pas.");
                unknown = true;
            }
            else if (index[column] >= 0)
            {
                issues.Error(IssueCodes.DuplicateColumn, at, string.Create(CultureInfo.InvariantCulture,
                    $"Colonne « {text} » en double : elle figure déjà en position {index[column] + 1} (« {cells[index[column]]} »). Gardez-en une seule."));
                duplicateRequired |= column < spec.Required;
                duplicateOptional |= column >= spec.Required;
            }
            else
            {
                index[column] = i;
            }
        }

        for (var column = 0; column < spec.Required; column++)
        {
            if (index[column] < 0)
            {
                if (above is { } over && Enumerable.Range(0, over.Cells.Count).FirstOrDefault(j => TextNormalizer.Fold(over[j]) == spec.Folded[column] && (j >= cells.Count || TextNormalizer.Fold(cells[j]).Length == 0), -1) is var j and >= 0)
                {
                    issues.Error(IssueCodes.MissingColumn, over.At(j, spec.Names[column], sheet),
                        $"Colonne « {spec.Names[column]} » nommée ligne {over.Number.ToString(CultureInfo.InvariantCulture)}, au-dessus de la ligne d'en-tête (ligne {row.ToString(CultureInfo.InvariantCulture)}) : l'en-tête tient sur deux lignes, sans doute des cellules fusionnées. Écrivez chaque nom de colonne sur la ligne {row.ToString(CultureInfo.InvariantCulture)} (défusionnez les cellules), puis déposez à nouveau le fichier.");
                    missing = true;
                    continue;
                }

                var hint = spec.MissingHint?.Invoke(column) is { } h ? $" ({h})" : string.Empty;
                issues.Error(IssueCodes.MissingColumn, new SourceCell(row, spec.Names[column], string.Empty, sheet),
                    $"Colonne obligatoire « {spec.Names[column]} » absente de la ligne d'en-tête : ajoutez-la{hint}. Les colonnes {spec.ColumnsOf} sont : {string.Join(", ", spec.Names)}.");
                missing = true;
            }
        }

        return new HeaderMatch(index, [.. unnamed], TooWide: false, unknown, duplicateRequired, duplicateOptional, missing)
        {
            Misspelt = guessed.Exists(column => index[column] < 0),
        };
    }
}
