using MissionPipeline.Catalogue;
using MissionPipeline.Observations;

namespace MissionPipeline.Readers;

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

    /// <summary>The French message, typeset as French is written (narrow no-break spaces before <c>: ; ! ?</c> and inside « »), invisible characters shown.</summary>
    public string Message { get; init; } = Text.FrenchTypography.Apply(Text.InvisibleCharacters.Reveal(Message));
}

/// <summary>Something in the file deliberately not read (rows of other dimensions, unconfigured series), counted.</summary>
public sealed record IgnoredItems(string Reason, int Count);

/// <summary>
/// What a reader made of a file. A file with any error is rejected as a whole: none of its
/// observations may become visible. <see cref="Rows"/> counts data rows read.
/// </summary>
public sealed record ReadResult(
    FileFormat Format,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<ValidationIssue> Errors,
    IReadOnlyList<ValidationIssue> Warnings,
    IReadOnlyList<IgnoredItems> Ignored,
    int Rows)
{
    public bool Accepted => Errors.Count == 0;

    /// <summary>The sending agency's indicators the file tried to report, accepted or not (for no-data reasons).</summary>
    public IReadOnlyList<IndicatorId> Mentioned { get; init; } = [];

    /// <summary>A result for a file that could not be read at all.</summary>
    public static ReadResult Failed(FileFormat format, ValidationIssue error) => new(format, [], [error], [], [], 0);
}

/// <summary>The agency file formats of docs/formats.md; <see cref="Unknown"/> when no reader recognised the file.</summary>
public enum FileFormat
{
    Unknown,
    F0,
    F1,
    F2,
    F3,
    F4,
    F5,
}

/// <summary>Limits that protect the pipeline from hostile or broken files.</summary>
public sealed record ReaderLimits(long MaxBytes = 1L << 30, int MaxRows = 10_000_000, int MaxCellLength = 4_096)
{
    /// <summary>
    /// The largest workbook (XLSX/XLS as uploaded, or decompressed from gzip) read into memory: a
    /// workbook cannot be streamed, so its size bounds the memory a file can take. Agencies' workbooks
    /// weigh a few MB; a text file may go to <see cref="MaxBytes"/> since it is streamed.
    /// </summary>
    public long MaxWorkbookBytes { get; init; } = 100L << 20;

    /// <summary>The cells ExcelDataReader would walk in a workbook (rows × columns of each sheet, gaps included), checked before it does.</summary>
    public long MaxWorkbookCells { get; init; } = 20_000_000;

    /// <summary>The widest sheet accepted: every agency format has a few dozen columns at most.</summary>
    public int MaxWorkbookColumns { get; init; } = 1_024;

    /// <summary>The most sheets accepted in a workbook.</summary>
    public int MaxWorkbookSheets { get; init; } = 256;

    public static ReaderLimits Default { get; } = new();
}
