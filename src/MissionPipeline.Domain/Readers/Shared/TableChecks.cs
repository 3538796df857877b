using System.Globalization;
using MissionPipeline.Indicators;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// Checks of a data row's shape against its header, common to every tabular format: no quote left
/// open; in delimited text, as many cells as the header; no formula saved without its result; no value under a column without header; no
/// cell longer than <see cref="ReaderLimits.MaxCellLength"/>; no character that could not be decoded.
/// A row that fails is not read further: its cells cannot be trusted to be what the header says.
/// </summary>
internal static class TableChecks
{
    /// <summary>
    /// Checks <paramref name="row"/> against <paramref name="header"/>, the header's texts as written by
    /// column (blank for a column without header); true when the row can be read further.
    /// </summary>
    public static bool CheckRow(Table table, TableRow row, IReadOnlyList<string> header, ReaderLimits limits, IssueCollector issues)
    {
        if (row.UnterminatedQuote)
        {
            // The open quote shown where it stands, at the head of the last cell, which ran to the end:
            // the line was quoted without it, the one character to find (red team, agency officer).
            var line = Line(table, row.Cells.Count == 0 ? row : row with { Cells = [.. row.Cells.SkipLast(1), "\"" + row.Cells[^1]] });
            issues.Error(IssueCodes.UnterminatedQuote, line,
                $"Guillemet ouvert {line.Where} et jamais refermé : la suite du fichier a été lue comme une seule cellule. Fermez le guillemet (un guillemet à l'intérieur d'un texte s'écrit \"\").");
            return false;
        }

        if (table.Delimited && row.CellCount != header.Count)
        {
            var line = Line(table, row);
            var separator = table.Separator == "\t" ? "tabulation" : $"« {table.Separator} »";
            issues.Error(IssueCodes.WrongCellCount, line, string.Create(CultureInfo.InvariantCulture,
                $"La ligne a {FrenchFormat.Count(row.CellCount, "cellule")} alors que l'en-tête en a {FrenchFormat.Number(header.Count)} : retirez ou ajoutez des séparateurs ({separator}) ; un texte qui contient le séparateur s'écrit entre guillemets."));
            return false;
        }

        var ok = true;
        for (var i = 0; i < row.Cells.Count; i++)
        {
            ok &= CheckCell(table, row, i, i < header.Count ? header[i] : string.Empty, limits, issues);
        }

        return ok;
    }

    /// <summary>
    /// Whether a header line has more cells than a row keeps (<see cref="DelimitedText.MaxCellsPerRow"/>):
    /// then an error says how many it has, since its columns past the limit cannot be named one by one.
    /// </summary>
    public static bool HeaderTooWide(int row, int cellCount, string? sheet, IssueCollector issues)
    {
        if (cellCount <= DelimitedText.MaxCellsPerRow)
        {
            return false;
        }

        issues.Error(IssueCodes.WrongCellCount, new SourceCell(row, string.Empty, string.Empty, sheet),
            $"La ligne d'en-tête a {FrenchFormat.Count(cellCount, "cellule")}, au-delà des {FrenchFormat.Number(DelimitedText.MaxCellsPerRow)} qu'une ligne peut avoir : ce n'est pas l'en-tête d'un des formats attendus. Supprimez les colonnes en trop (ou vérifiez le séparateur de colonnes).");
        return true;
    }

    /// <summary>
    /// Whether a sheet that a reader is about to read is shown in Excel; else the error <c>hidden-sheet</c>
    /// (false), and the sheet must not be read: whoever checks the workbook in Excel never sees a hidden
    /// sheet's figures (a draft, an old month), which would reach the dashboard unseen.
    /// </summary>
    public static bool CheckVisible(Table table, IssueCollector issues)
    {
        if (!table.Hidden)
        {
            return true;
        }

        issues.Error(IssueCodes.HiddenSheet, new SourceCell(0, string.Empty, string.Empty, table.Sheet), HiddenMessage(table));
        return false;
    }

    /// <summary>Why a hidden sheet is refused and how to show it (a very hidden one only from Visual Basic).</summary>
    public static string HiddenMessage(Table table) => table.Visibility == SheetVisibility.VeryHidden
        ? $"La feuille « {table.Sheet} » est masquée (très masquée : Excel ne la propose même pas dans Afficher) et ses chiffres seraient lus sans que personne les voie. Supprimez-la, ou affichez-la depuis l'éditeur Visual Basic (Alt+F11, propriété Visible de la feuille) si ses chiffres sont à transmettre, puis déposez à nouveau le fichier."
        : $"La feuille « {table.Sheet} » est masquée et ses chiffres seraient lus sans que personne les voie : affichez-la (clic droit sur un onglet, Afficher) si ses chiffres sont à transmettre, ou supprimez-la, puis déposez à nouveau le fichier.";

    private static SourceCell Line(Table table, TableRow row) => new(row.Number, string.Empty, row.Preview(table.Separator), table.Sheet);

    private static bool CheckCell(Table table, TableRow row, int index, string header, ReaderLimits limits, IssueCollector issues)
    {
        var text = row.Cells[index];
        if (row.IsUncalculated(index))
        {
            issues.Error(IssueCodes.UncalculatedFormula, new SourceCell(row.Number, string.IsNullOrWhiteSpace(header) ? table.UnnamedColumn(index) : header, text, table.Sheet) { ColumnIndex = index },
                "Formule non calculée : la cellule contient une formule enregistrée sans son résultat (par un programme qui n'a pas recalculé le classeur). Ouvrez le classeur dans Excel (ou LibreOffice), recalculez-le, enregistrez-le, puis déposez-le à nouveau.");
            return false;
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return true;
            }

            issues.Error(IssueCodes.ValueWithoutColumn, new SourceCell(row.Number, table.UnnamedColumn(index), text, table.Sheet) { ColumnIndex = index },
                "Valeur dans une colonne sans en-tête : donnez un nom à cette colonne sur la ligne d'en-tête, ou videz la cellule.");
            return false;
        }

        var at = row.At(index, header, table.Sheet);
        if (text.Length > limits.MaxCellLength)
        {
            issues.Error(IssueCodes.CellTooLong, at, string.Create(CultureInfo.InvariantCulture,
                $"Cellule trop longue (plus de {MissionPipeline.Indicators.FrenchFormat.Count(limits.MaxCellLength, "caractère")}) : raccourcissez-la ; s'il manque un guillemet fermant plus haut, ajoutez-le."));
            return false;
        }

        if (text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            issues.Error(IssueCodes.InvalidEncoding, at,
                "La cellule contient des caractères illisibles : le fichier mélange sans doute deux encodages. Enregistrez-le entièrement en UTF-8 (ou entièrement en Windows-1252).");
            return false;
        }

        return true;
    }
}
