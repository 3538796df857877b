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
                "cell-too-long", "comment-too-long", "conflicting-status", "derived-indicator", "duplicate-column", "duplicate-row",
                "empty-file", "file-too-large", "ignored-sheet", "incomplete-ratio", "indicator-not-allowed", "invalid-encoding",
                "invalid-milestone", "invalid-number", "invalid-period", "invalid-status", "invalid-territory", "missing-column",
                "missing-value", "missing-weight", "negative-value", "no-data-rows", "period-in-future", "ratio-above-one",
                "read-interrupted", "too-many-errors", "too-many-rows", "unexpected-value", "unknown-column", "unknown-format",
                "unknown-indicator", "unknown-territory", "unreadable-file", "unreadable-workbook", "unterminated-quote",
                "value-without-column", "wrong-cell-count", "zero-denominator",
            ],
            codes);
        Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
    }
}
