using System.Globalization;

namespace MissionPipeline.Validation;

/// <summary>
/// Where something was read, as the agency sees it: <see cref="Row"/> is the line or spreadsheet
/// row (1-based, title lines counted; 0 for the whole file or a figure computed from many rows),
/// <see cref="Column"/> the column's header text as written, <see cref="Cell"/> the cell's text and
/// <see cref="Sheet"/> the worksheet of a workbook.
/// </summary>
public sealed record SourceCell(int Row, string Column, string Cell, string? Sheet = null)
{
    /// <summary>
    /// The file has no such column (<see cref="Column"/> is then the name it should have): an error
    /// found there on every row is one error of the header's, reported once with the rows it concerns.
    /// </summary>
    public bool ColumnAbsent { get; init; }

    /// <summary>
    /// The cell's index in its row as the file has it (0 for column A), or -1 when the place is not
    /// one cell (a whole row, a sum over rows, a column the file lacks).
    /// </summary>
    public int ColumnIndex { get; init; } = -1;

    /// <summary>
    /// The cell of a workbook holds a number, not text: its digits are the number's own (<c>1.234</c>
    /// is one point two three four), never a text to be read with a doubt about its separators.
    /// </summary>
    public bool IsNumber { get; init; }

    /// <summary>
    /// The cell's address as Excel shows it in its name box (« G4 », « AB12 »), for a cell of a
    /// worksheet; null for a text file (a line of a CSV need not be a row of the grid that opens
    /// it: a quoted cell may hold line breaks), a whole row or the whole file.
    /// </summary>
    public string? Address => Sheet is not null && Row > 0 && ColumnIndex >= 0
        ? string.Create(CultureInfo.InvariantCulture, $"{ColumnLetters(ColumnIndex)}{Row}")
        : null;

    /// <summary>Cell texts quoted in reports are cut to this many characters.</summary>
    internal const int MaxQuoted = 120;

    /// <summary>The whole file, no row nor column.</summary>
    public static SourceCell File { get; } = new(0, string.Empty, string.Empty);

    /// <summary>The issue located here; the cell's text is cut to <see cref="MaxQuoted"/> characters.</summary>
    public ValidationIssue Issue(string code, string message) => new(code, Row, Column, Clip(Cell), message, Sheet) { Address = Address };

    /// <summary>French: « ligne 3 », « ligne 3 de la feuille « Données » », or « fichier entier » for row 0 (the file as a whole).</summary>
    public string Where =>
        Row == 0 && Sheet is null ? "fichier entier"
        : Row == 0 ? string.Create(CultureInfo.InvariantCulture, $"feuille « {Sheet} »")
        : Sheet is null
            ? string.Create(CultureInfo.InvariantCulture, $"ligne {Row}")
            : string.Create(CultureInfo.InvariantCulture, $"ligne {Row} de la feuille « {Sheet} »");

    /// <summary>A spreadsheet's column letters for a 0-based index: A for 0, Z for 25, AA for 26, XFD for 16 383.</summary>
    internal static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>Cuts a text to <paramref name="max"/> characters, marking the cut with an ellipsis.</summary>
    internal static string Clip(string text, int max = MaxQuoted) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}

/// <summary>
/// Where each part of an observation was read, so that the shared checks locate what they find. A
/// part that a format does not read from a cell (the indicator of a fixed layout, a national figure
/// summed over rows) points at the row with an empty column, or at row 0.
/// </summary>
public sealed record ObservationSource(
    SourceCell Indicator,
    SourceCell Period,
    SourceCell Territory,
    SourceCell Value,
    SourceCell Numerator,
    SourceCell Denominator,
    SourceCell Weight,
    SourceCell Status)
{
    /// <summary>Every part at the same row, in no particular column: for formats whose parts are not cells.</summary>
    public static ObservationSource AtRow(int row, string? sheet = null)
    {
        var cell = new SourceCell(row, string.Empty, string.Empty, sheet);
        return new(cell, cell, cell, cell, cell, cell, cell, cell);
    }
}
