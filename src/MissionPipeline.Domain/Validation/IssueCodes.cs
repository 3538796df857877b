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

    /// <summary>The file is larger than <see cref="Readers.ReaderLimits.MaxBytes"/> (decompressed, for gzip).</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>The file has more data rows than <see cref="Readers.ReaderLimits.MaxRows"/>; reading stopped there.</summary>
    public const string TooManyRows = "too-many-rows";

    /// <summary>The file looks like a workbook (XLSX/XLS) but cannot be opened: truncated, corrupt, encrypted.</summary>
    public const string UnreadableWorkbook = "unreadable-workbook";

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

    /// <summary>The indicator exists but another agency reports it (ARCHITECTURE.md, invariant 6).</summary>
    public const string IndicatorNotAllowed = "indicator-not-allowed";

    /// <summary>The indicator is computed from others and is never sent.</summary>
    public const string DerivedIndicator = "derived-indicator";

    /// <summary>The period is not in a notation <see cref="Periods.Period.TryParse"/> accepts.</summary>
    public const string InvalidPeriod = "invalid-period";

    /// <summary>The period starts after the day the file was received.</summary>
    public const string PeriodInFuture = "period-in-future";

    /// <summary>The territory is not a territory code (a bare <c>75</c> gets the hint <c>DEP-75</c>).</summary>
    public const string InvalidTerritory = "invalid-territory";

    /// <summary>The territory code is well formed but did not exist in 2009 (<c>DEP-20</c>, <c>DEP-976</c>).</summary>
    public const string UnknownTerritory = "unknown-territory";

    /// <summary>A number cell does not follow the French rules (<c>1 234,5</c>, <c>1234.5</c>).</summary>
    public const string InvalidNumber = "invalid-number";

    /// <summary>A status cell is not one of <c>p</c>, <c>e</c>, <c>s</c>, <c>nd</c> or empty.</summary>
    public const string InvalidStatus = "invalid-status";

    /// <summary>Two statuses contradict each other, or a secret / not-available figure carries a number.</summary>
    public const string ConflictingStatus = "conflicting-status";

    /// <summary>A comment is longer than 500 characters.</summary>
    public const string CommentTooLong = "comment-too-long";

    /// <summary>The value the indicator's aggregation needs is blank.</summary>
    public const string MissingValue = "missing-value";

    /// <summary>A number is given in a column the indicator's aggregation does not use.</summary>
    public const string UnexpectedValue = "unexpected-value";

    /// <summary>A ratio has a numerator without a denominator or the reverse.</summary>
    public const string IncompleteRatio = "incomplete-ratio";

    /// <summary>A ratio's denominator is 0 while its numerator is not.</summary>
    public const string ZeroDenominator = "zero-denominator";

    /// <summary>Warning: a ratio's numerator exceeds its denominator.</summary>
    public const string RatioAboveOne = "ratio-above-one";

    /// <summary>A weighted mean has a value but no weight.</summary>
    public const string MissingWeight = "missing-weight";

    /// <summary>A milestone is not reported as value 1 on a day.</summary>
    public const string InvalidMilestone = "invalid-milestone";

    /// <summary>A value, numerator, denominator or weight is negative.</summary>
    public const string NegativeValue = "negative-value";

    /// <summary>The same (indicator, period, territory) appears twice in the file.</summary>
    public const string DuplicateRow = "duplicate-row";

    /// <summary>Warning: a worksheet was not read because it is not in the file's format.</summary>
    public const string IgnoredSheet = "ignored-sheet";
}
