namespace MissionPipeline.Validation;

/// <summary>
/// The stable codes of the errors and warnings in ingestion reports (kebab-case). A published code
/// keeps its meaning: agencies and their tools match on it. Every reader uses these; a format adds
/// its own codes here, next to the others.
/// </summary>
public static class IssueCodes
{
    /// <summary>The file has no byte, or nothing but blank lines (or empty sheets).</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>The file has a header and no data row.</summary>
    public const string NoDataRows = "no-data-rows";

    /// <summary>No reader this agency may use recognised the file.</summary>
    public const string UnknownFormat = "unknown-format";

    /// <summary>The file is larger than <see cref="Readers.ReaderLimits.MaxBytes"/> (decompressed, for gzip), or a workbook than <see cref="Readers.ReaderLimits.MaxWorkbookBytes"/>.</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>The file has more data rows than <see cref="Readers.ReaderLimits.MaxRows"/>; reading stopped there.</summary>
    public const string TooManyRows = "too-many-rows";

    /// <summary>The file looks like a workbook (XLSX/XLS) but cannot be opened: truncated, corrupt, encrypted.</summary>
    public const string UnreadableWorkbook = "unreadable-workbook";

    /// <summary>A workbook whose sheets would take too long to read: too many sheets, columns or cells (gaps included), checked before reading.</summary>
    public const string WorkbookTooLarge = "workbook-too-large";

    /// <summary>The content could not be decoded at all (e.g. a corrupt gzip stream).</summary>
    public const string UnreadableFile = "unreadable-file";

    /// <summary>Reading the upload itself failed (network, storage): the file is not at fault; send it again.</summary>
    public const string ReadInterrupted = "read-interrupted";

    /// <summary>More errors than the report details; this last error counts the rest.</summary>
    public const string TooManyErrors = "too-many-errors";

    /// <summary>A header cell is not a column of the format (a typo must not silently drop a value).</summary>
    public const string UnknownColumn = "unknown-column";

    /// <summary>A required column is absent from the header.</summary>
    public const string MissingColumn = "missing-column";

    /// <summary>The same column appears twice in the header.</summary>
    public const string DuplicateColumn = "duplicate-column";

    /// <summary>A line of delimited text has more or fewer cells than its header.</summary>
    public const string WrongCellCount = "wrong-cell-count";

    /// <summary>A workbook cell holds a formula saved without its result (written by a program that does not calculate): recalculate and save.</summary>
    public const string UncalculatedFormula = "uncalculated-formula";

    /// <summary>A sheet the reader would read is hidden in Excel (hidden or very hidden): nobody checking the workbook sees its figures.</summary>
    public const string HiddenSheet = "hidden-sheet";

    /// <summary>Two sheets whose names differ only by accents, case or spaces, where the reader finds its sheets by name: which one to read is unknown.</summary>
    public const string DuplicateSheet = "duplicate-sheet";

    /// <summary>The month rows of a series sheet (F3) do not follow one another, one month per row, oldest first.</summary>
    public const string MonthOutOfSequence = "month-out-of-sequence";

    /// <summary>A non-blank cell stands in a column that has no header.</summary>
    public const string ValueWithoutColumn = "value-without-column";

    /// <summary>A cell is longer than <see cref="Readers.ReaderLimits.MaxCellLength"/>.</summary>
    public const string CellTooLong = "cell-too-long";

    /// <summary>A cell holds bytes that are not valid in the file's encoding (mixed UTF-8 and Windows-1252).</summary>
    public const string InvalidEncoding = "invalid-encoding";

    /// <summary>A quoted cell has no closing quote before the end of the file.</summary>
    public const string UnterminatedQuote = "unterminated-quote";

    /// <summary>The indicator id is not in the catalogue.</summary>
    public const string UnknownIndicator = "unknown-indicator";

    /// <summary>The indicator exists but another agency reports it (docs/architecture.md, invariant 6).</summary>
    public const string IndicatorNotAllowed = "indicator-not-allowed";

    /// <summary>The indicator is computed from others and is never sent.</summary>
    public const string DerivedIndicator = "derived-indicator";

    /// <summary>The period is not in a notation <see cref="Periods.Period.TryParse"/> accepts.</summary>
    public const string InvalidPeriod = "invalid-period";

    /// <summary>The period starts after the day the file was received.</summary>
    public const string PeriodInFuture = "period-in-future";

    /// <summary>A warning: the period starts before 2000, where no dashboard begins (a mistyped year, or an empty Excel date shown as January 1900).</summary>
    public const string PeriodTooOld = "period-too-old";

    /// <summary>The territory is not a territory code (a bare <c>75</c> gets the hint <c>DEP-75</c>).</summary>
    public const string InvalidTerritory = "invalid-territory";

    /// <summary>The territory code is well formed but did not exist in 2009 (<c>DEP-20</c>, <c>DEP-976</c>).</summary>
    public const string UnknownTerritory = "unknown-territory";

    /// <summary>A row's name is exactly another département's than its code's (« Ain » with the code 02, the Aisne): its figures would go to the wrong département.</summary>
    public const string TerritoryNameMismatch = "territory-name-mismatch";

    /// <summary>A number cell does not follow the French rules (<c>1 234,5</c>, <c>1234.5</c>).</summary>
    public const string InvalidNumber = "invalid-number";

    /// <summary>A status cell is not one of <c>p</c>, <c>e</c>, <c>s</c>, <c>nd</c> or empty.</summary>
    public const string InvalidStatus = "invalid-status";

    /// <summary>Two statuses contradict each other, or a secret / not-available figure carries a number.</summary>
    public const string ConflictingStatus = "conflicting-status";

    /// <summary>A comment is longer than 500 characters.</summary>
    public const string CommentTooLong = "comment-too-long";

    /// <summary>A comment holds a control character (an escape sequence, a NUL…), which no one typed and no reader can see.</summary>
    public const string InvalidComment = "invalid-comment";

    /// <summary>The value the indicator's aggregation needs is blank.</summary>
    public const string MissingValue = "missing-value";

    /// <summary>A number is given in a column the indicator's aggregation does not use.</summary>
    public const string UnexpectedValue = "unexpected-value";

    /// <summary>A ratio has a numerator without a denominator or the reverse.</summary>
    public const string IncompleteRatio = "incomplete-ratio";

    /// <summary>A ratio's denominator is 0 (0/0 included: a rate of nothing is not a rate).</summary>
    public const string ZeroDenominator = "zero-denominator";

    /// <summary>A count (persons, operations, decisions…, or a ratio's numerator, denominator or a weight) has a fractional part.</summary>
    public const string NotAWholeNumber = "not-a-whole-number";

    /// <summary>A count cell such as <c>1.234</c> or <c>12.500</c>: thousands with a dot, or a decimal? Rejected, never guessed.</summary>
    public const string AmbiguousNumber = "ambiguous-number";

    /// <summary>A period at a granularity the indicator is not reported at (a year for a monthly indicator, a day for a monthly one).</summary>
    public const string PeriodGranularity = "period-granularity";

    /// <summary>A territory outside the indicator's scope (a country for a département indicator): rejected, never silently dropped.</summary>
    public const string TerritoryOutOfScope = "territory-out-of-scope";

    /// <summary>A value no real figure reaches (above the indicator's maximum), or a rate's numerator above its denominator.</summary>
    public const string ImplausibleValue = "implausible-value";

    /// <summary>
    /// Formerly a warning for a ratio's numerator above its denominator; no longer given (that is now
    /// rejected as <see cref="ImplausibleValue"/>). Kept so the code is never reused with another meaning.
    /// </summary>
    public const string RatioAboveOne = "ratio-above-one";

    /// <summary>A weighted mean has a value but no weight.</summary>
    public const string MissingWeight = "missing-weight";

    /// <summary>A milestone is not reported as value 1 on a day.</summary>
    public const string InvalidMilestone = "invalid-milestone";

    /// <summary>A value, numerator, denominator or weight is negative.</summary>
    public const string NegativeValue = "negative-value";

    /// <summary>The header line again below the data (two exports pasted one under the other): one error at that line, not one per cell.</summary>
    public const string RepeatedHeader = "repeated-header";

    /// <summary>The same (indicator, period, territory) appears twice in the file.</summary>
    public const string DuplicateRow = "duplicate-row";

    /// <summary>Warning: a worksheet was not read because it is not in the file's format.</summary>
    public const string IgnoredSheet = "ignored-sheet";

    /// <summary>A total line or row differs from the sum of the lines it totals (F1 <c>Total</c>, F2 <c>TOTAL …</c> rows).</summary>
    public const string TotalMismatch = "total-mismatch";

    /// <summary>F1: accords réfugié + accords protection subsidiaire + rejets differ from décisions on a line.</summary>
    public const string DecisionsMismatch = "decisions-mismatch";

    /// <summary>Warning, F1: the mean délai of the <c>Total</c> line is not the décisions-weighted mean of the lines (within 0,05).</summary>
    public const string MeanMismatch = "mean-mismatch";

    /// <summary>A total line or row that the format requires is absent (F1 <c>Total</c>, F2 <c>TOTAL MÉTROPOLE</c>, <c>TOTAL DOM</c>, <c>TOTAL FRANCE</c>).</summary>
    public const string MissingTotal = "missing-total";

    /// <summary>A line after the last total line is neither blank nor a footnote (a second total, data below the total).</summary>
    public const string RowAfterTotal = "row-after-total";

    /// <summary>A total or subtotal line where the format has none (F0, whose sums the dashboard makes; a subtotal in F1): one error for the line, not one per cell.</summary>
    public const string TotalRow = "total-row";

    /// <summary>F2: the detail columns of a row do not add up to its own total column (APRF + OQTF + réadmissions + ITF ≠ total exécutés).</summary>
    public const string RowTotalMismatch = "row-total-mismatch";

    /// <summary>A « dont » column exceeds the whole it is part of (F2: dont passeurs above personnes interpellées).</summary>
    public const string PartAboveWhole = "part-above-whole";

    /// <summary>A worksheet the format requires is absent from the workbook (F2: Eloignements, Aide au séjour).</summary>
    public const string MissingSheet = "missing-sheet";

    /// <summary>Parts of one file give different periods (F2: the titles of its two sheets name different months), or its title and its name (F1, F2: « Mois : janvier 2009 » in « ofpra-2009-03.csv »).</summary>
    public const string PeriodMismatch = "period-mismatch";

    /// <summary>A worksheet of a fixed layout has no recognisable header row among its first rows.</summary>
    public const string MissingHeader = "missing-header";

    /// <summary>A gzip-compressed file ends before its gzip trailer (cut during a copy or an upload).</summary>
    public const string TruncatedGzip = "truncated-gzip";

    /// <summary>Warning: a whole gzip file is followed by bytes that are not gzip (ignored, as gzip ignores them).</summary>
    public const string GzipTrailingBytes = "gzip-trailing-bytes";

    /// <summary>A zip file (XLSX) is not a workbook: no <c>xl/workbook.xml</c> part, or far too many parts.</summary>
    public const string NotAWorkbook = "not-a-workbook";

    /// <summary>A part of a workbook expands disproportionately to its compressed size (zip bomb).</summary>
    public const string ExcessiveCompression = "excessive-compression";

    /// <summary>A record-level file (F5) holds rows of more than one month.</summary>
    public const string MixedMonths = "mixed-months";

    /// <summary>The same person's identifier appears twice in a record-level file (F5): they would be counted twice.</summary>
    public const string DuplicateIdentifier = "duplicate-identifier";

    /// <summary>A jobseeker category is not one of A, B, C, D, E (F5).</summary>
    public const string UnknownCategory = "unknown-category";

    /// <summary>A nationality group is not one of FR, UE, HUE (F5).</summary>
    public const string UnknownNationality = "unknown-nationality";

    /// <summary>A région or a national code stands where a département is expected.</summary>
    public const string NotADepartement = "not-a-departement";

    /// <summary>Warning, F3: a series column of a STMT workbook that no indicator is configured from (<see cref="Readers.StmtMap"/>); not read.</summary>
    public const string UnconfiguredSeries = "unconfigured-series";

    /// <summary>F3: no column of the STMT workbook is a configured series: nothing would be read.</summary>
    public const string NoConfiguredSeries = "no-configured-series";

    /// <summary>F3: a series sheet has no <c>Données</c> row (CVS-CJO or Brutes): its figures cannot be told adjusted from raw.</summary>
    public const string MissingSeriesMetadata = "missing-series-metadata";

    /// <summary>F4: the Eurostat table of the extract (file name or DATAFLOW) feeds no indicator (<see cref="Readers.EurostatMap"/>).</summary>
    public const string UnmappedTable = "unmapped-table";

    /// <summary>F4: no row of the extract holds the dimension values that are read (totals, asylum applicants…): nothing would be read.</summary>
    public const string NoMappedRows = "no-mapped-rows";

    /// <summary>Warning, F4: values carry a Eurostat flag other than p and e (<c>d</c> definition differs, <c>b</c> break…); kept as final.</summary>
    public const string EurostatFlag = "eurostat-flag";
}
