namespace MissionPipeline.Validation;

/// <summary>
/// One problem found in an agency file, located as the agency sees it: <see cref="Row"/> is the line
/// or spreadsheet row (1-based, title lines counted; 0 for the whole file), <see cref="Column"/> the
/// header text, <see cref="Cell"/> the cell's text, <see cref="Code"/> a stable kebab-case code and
/// <see cref="Message"/> French text that says how to fix it. <see cref="Sheet"/> names the worksheet
/// of a workbook.
/// </summary>
/// <remarks>Invisible characters of the file (a byte order mark inside a cell…) are shown as ‹U+FEFF› in every part.</remarks>
public sealed record ValidationIssue(string Code, int Row, string Column, string Cell, string Message, string? Sheet = null)
{
    /// <summary>The header text as written, invisible characters shown.</summary>
    public string Column { get; init; } = Text.InvisibleCharacters.Reveal(Column);

    /// <summary>The cell's text, invisible characters shown.</summary>
    public string Cell { get; init; } = Text.InvisibleCharacters.Reveal(Cell);

    /// <summary>The worksheet's name as the workbook gives it, invisible characters shown.</summary>
    public string? Sheet { get; init; } = Sheet is null ? null : Text.InvisibleCharacters.Reveal(Sheet);

    /// <summary>The cell's address in its worksheet (« G4 »), when the issue is one cell of a workbook (<see cref="SourceCell.Address"/>).</summary>
    public string? Address { get; init; }

    /// <summary>The French message, typeset as French is written (narrow no-break spaces before <c>: ; ! ?</c> and inside « »), invisible characters shown.</summary>
    public string Message { get; init; } = Text.FrenchTypography.Apply(Text.InvisibleCharacters.Reveal(Message));
}
