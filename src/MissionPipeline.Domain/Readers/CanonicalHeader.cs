using System.Globalization;
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
/// a missing required column (indicateur, periode, territoire) is an error, and the table's rows
/// are then only checked for their shape: which cell is which cannot be trusted.
/// </summary>
internal sealed class CanonicalHeader
{
    /// <summary>The column names as folded; the first three are required.</summary>
    public static readonly string[] Names =
        ["indicateur", "periode", "territoire", "valeur", "numerateur", "denominateur", "poids", "statut", "commentaire"];

    private const int RequiredColumns = 3;

    private readonly int[] _index;

    private CanonicalHeader(TableRow row, string? sheet, int[] index, bool usable)
    {
        Texts = row.Cells;
        Sheet = sheet;
        _index = index;
        IsUsable = usable;
    }

    /// <summary>The header's cells as written, by column.</summary>
    public IReadOnlyList<string> Texts { get; }

    public string? Sheet { get; }

    /// <summary>False when the header has an error: data rows are then only checked for their shape.</summary>
    public bool IsUsable { get; }

    /// <summary>A row is taken for an F0 header when at least two of its cells are F0 column names.</summary>
    public static bool Looks(TableRow row) =>
        row.Cells.Select(TextNormalizer.Fold).Where(Names.Contains).Distinct(StringComparer.Ordinal).Count() >= 2;

    /// <summary>Maps the header's cells to the F0 columns, reporting unknown, duplicate and missing columns.</summary>
    public static CanonicalHeader Read(TableRow row, string? sheet, IssueCollector issues)
    {
        var index = Enumerable.Repeat(-1, Names.Length).ToArray();
        if (TableChecks.HeaderTooWide(row.Number, row.CellCount, sheet, issues))
        {
            // Its columns past the limit cannot be named: one error says why, rather than a thousand unknown columns.
            return new CanonicalHeader(row, sheet, index, usable: false);
        }

        var usable = true;
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var text = row.Cells[i];
            var folded = TextNormalizer.Fold(text);
            if (folded.Length == 0)
            {
                continue;
            }

            var at = new SourceCell(row.Number, text, text, sheet);
            var column = Array.IndexOf(Names, folded);
            if (column < 0)
            {
                var guess = Suggestions.Closest(folded, Names, 2);
                var hint = guess is null ? "." : $" : vouliez-vous dire « {guess} » ?";
                issues.Error(IssueCodes.UnknownColumn, at,
                    $"Colonne « {text} » inconnue{hint} Les colonnes du gabarit F0 sont : {string.Join(", ", Names)}. Renommez-la, ou supprimez-la si elle ne sert pas.");
                usable = false;
            }
            else if (index[column] >= 0)
            {
                issues.Error(IssueCodes.DuplicateColumn, at, string.Create(CultureInfo.InvariantCulture,
                    $"Colonne « {text} » en double : elle figure déjà en position {index[column] + 1} (« {row.Cells[index[column]]} »). Gardez-en une seule."));
                usable = false;
            }
            else
            {
                index[column] = i;
            }
        }

        for (var column = 0; column < RequiredColumns; column++)
        {
            if (index[column] < 0)
            {
                issues.Error(IssueCodes.MissingColumn, new SourceCell(row.Number, Names[column], string.Empty, sheet),
                    $"Colonne obligatoire « {Names[column]} » absente de la ligne d'en-tête : ajoutez-la ({Example(column)}).");
                usable = false;
            }
        }

        return new CanonicalHeader(row, sheet, index, usable);
    }

    /// <summary>Where a column of <paramref name="row"/> is: its header text and its cell; the F0 name and a blank cell when the file has no such column.</summary>
    public SourceCell At(TableRow row, CanonicalColumn column)
    {
        var i = _index[(int)column];
        return i >= 0
            ? new SourceCell(row.Number, Texts[i], row[i], Sheet)
            : new SourceCell(row.Number, Names[(int)column], string.Empty, Sheet);
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
