namespace MissionPipeline.Readers;

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

    /// <summary>
    /// The largest XLSX part, once inflated, that is not a sheet: the shared strings, the styles, the
    /// workbook and its relationships, which ExcelDataReader loads whole into memory (about four times
    /// their size, strings as objects), where a sheet is streamed and measured in cells. A workbook of
    /// a few MB inflating a 900 MB table of shared strings held 3.4 GB; an agency's workbook has a few
    /// hundred KB of them.
    /// </summary>
    public long MaxWorkbookPartBytes { get; init; } = 64L << 20;

    /// <summary>The most sheets accepted in a workbook.</summary>
    public int MaxWorkbookSheets { get; init; } = 256;

    public static ReaderLimits Default { get; } = new();
}
