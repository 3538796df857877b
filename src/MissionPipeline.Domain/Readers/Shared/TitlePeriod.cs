using MissionPipeline.Periods;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The month a title line ends with, in the formats whose period is written in a title (F1, F2):
/// « Mois : mars 2009 », « DCPAF - Éloignements - mars 2009 », « Mois : 03/2009 ». The title's
/// non-blank cells are joined (a spreadsheet may split « Mois : » and « mars 2009 »); its last two
/// words, or else its last word, are read by <see cref="Period.TryParse"/>. Only a month counts:
/// these formats are monthly.
/// </summary>
internal static class TitlePeriod
{
    /// <summary>The row's non-blank cells joined by a space, as the title reads.</summary>
    public static string Text(TableRow row) => string.Join(' ', row.Cells.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()));

    /// <summary>Where the title of <paramref name="row"/> is read: its cell, when one cell holds it all (its address is then named); else the row.</summary>
    public static SourceCell At(TableRow row, string? sheet)
    {
        var filled = row.Cells.Select((c, i) => string.IsNullOrWhiteSpace(c) ? -1 : i).Where(i => i >= 0).Take(2).ToArray();
        return new SourceCell(row.Number, string.Empty, Text(row), sheet) { ColumnIndex = filled.Length == 1 ? filled[0] : -1 };
    }

    public static bool TryFind(string title, out Period month)
    {
        month = default;
        var words = title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] candidates = words.Length switch
        {
            0 => [],
            1 => [words[0]],
            _ => [$"{words[^2]} {words[^1]}", words[^1]],
        };
        foreach (var candidate in candidates)
        {
            if (Period.TryParse(candidate, out var period) && period.Kind == PeriodKind.Month)
            {
                month = period;
                return true;
            }
        }

        return false;
    }
}
