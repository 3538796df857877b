using System.Reflection;
using MissionPipeline.Validation;

namespace MissionPipeline.Tests.Validation;

public sealed class IssueCodesTests
{
    /// <summary>Published codes never change: agencies and their tools match on them.</summary>
    [Fact]
    public void AllCodes_AreTheStableKebabCaseList()
    {
        var codes = typeof(IssueCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                "ambiguous-number", "cell-too-long", "comment-too-long", "conflicting-status", "decisions-mismatch", "derived-indicator",
                "duplicate-column", "duplicate-identifier", "duplicate-row", "duplicate-sheet", "empty-file", "eurostat-flag", "excessive-compression",
                "file-too-large", "gzip-trailing-bytes", "hidden-sheet", "ignored-sheet", "implausible-value", "incomplete-ratio", "indicator-not-allowed", "invalid-comment", "invalid-encoding",
                "invalid-milestone", "invalid-number", "invalid-period", "invalid-status", "invalid-territory", "mean-mismatch",
                "missing-column", "missing-header", "missing-series-metadata", "missing-sheet", "missing-total", "missing-value", "missing-weight",
                "mixed-months", "month-out-of-sequence", "negative-value", "no-configured-series", "no-data-rows", "no-mapped-rows", "not-a-departement", "not-a-whole-number", "not-a-workbook", "part-above-whole",
                "period-granularity", "period-in-future", "period-mismatch", "period-too-old", "ratio-above-one", "read-interrupted", "repeated-header", "row-after-total",
                "row-total-mismatch", "territory-name-mismatch", "territory-out-of-scope", "too-many-errors", "too-many-rows", "total-mismatch", "total-row", "truncated-gzip", "uncalculated-formula", "unconfigured-series",
                "unexpected-value", "unknown-category", "unknown-column", "unknown-format", "unknown-indicator",
                "unknown-nationality", "unknown-territory", "unmapped-table", "unreadable-file", "unreadable-workbook", "unterminated-quote",
                "value-without-column", "workbook-too-large", "wrong-cell-count", "zero-denominator",
            ],
            codes);
        Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
    }
}
