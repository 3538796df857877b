using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class NoDataReasonsTests
{
    private const string Operations = "operations_travail_illegal"; // monthly, due 20 days after the month

    [Theory]
    [InlineData("2009-06-30", NoDataCode.NoFile)]
    [InlineData("2009-02-20", NoDataCode.NoFile)] // January's figures due that very day
    [InlineData("2009-02-19", NoDataCode.NotDueYet)]
    [InlineData("2009-01-15", NoDataCode.NotDueYet)]
    [InlineData("2009-01-01", NoDataCode.NotDueYet)] // the target year has just begun
    [InlineData("2008-12-31", NoDataCode.NoFile)] // 2008 has no target: its own months were due, and none came
    public void Explain_NothingReceived_NoFileOrNotDueYet(string asOf, NoDataCode expected)
    {
        var r = Result(Operations, asOf, []);

        Assert.Equal(IndicatorStatus.NoData, r.Status);
        Assert.Null(r.Actual);
        Assert.Equal(expected, r.NoDataReason!.Code);
        Assert.False(string.IsNullOrWhiteSpace(r.NoDataReason.Message));
    }

    /// <summary>
    /// Every reason and every target's document as the JSON and the CSV carry them: French typography
    /// (they had plain spaces before « : » and inside « », where the page's own text had narrow ones).
    /// </summary>
    [Theory]
    [InlineData("2009-01-15")]
    [InlineData("2009-06-30")]
    [InlineData("2010-06-30")]
    public void Explain_EveryReasonAndTargetSource_FrenchTypography(string asOf)
    {
        var dashboard = Compute(asOf, [], Ingestion(Operations, IngestionStatus.Rejected, "dgt-2009-03"));
        string[] texts =
        [
            .. dashboard.Indicators.Select(r => r.NoDataReason?.Message).OfType<string>(),
            .. dashboard.Indicators.Select(r => r.Target?.Source?.Reference).OfType<string>(),
        ];

        Assert.Contains(texts, t => t.Contains('\u202F', StringComparison.Ordinal));
        Assert.All(texts, t => Assert.Empty(Text.FrenchTextRules.Violations(t)));
    }

    [Fact]
    public void Explain_OnlyFileRejected_FileRejectedNamingTheFile()
    {
        var r = Result(Operations, "2009-06-30", [], Ingestion(Operations, IngestionStatus.Rejected, "dgt-2009-03"));

        Assert.Equal(NoDataCode.FileRejected, r.NoDataReason!.Code);
        Assert.Contains("dgt-2009-03.csv", r.NoDataReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_RejectedThenCommittedWithoutFiguresForTheYear_NoFile()
    {
        var r = Result(Operations, "2009-06-30", [], Ingestion(Operations, IngestionStatus.Rejected, "a"), Ingestion(Operations, IngestionStatus.Committed, "b"));

        Assert.Equal(NoDataCode.NoFile, r.NoDataReason!.Code);
    }

    [Fact]
    public void Explain_RejectedFileOfAPreviousYear_NotCountedForThisYear()
    {
        var r = Result(Operations, "2009-06-30", [], Ingestion(Operations, IngestionStatus.Rejected, received: new DateTimeOffset(2008, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(NoDataCode.NoFile, r.NoDataReason!.Code);
    }

    [Fact]
    public void Explain_RejectedFileForAnotherIndicator_NotCounted()
    {
        var r = Result(Operations, "2009-06-30", [], Ingestion("demandes_asile", IngestionStatus.Rejected));

        Assert.Equal(NoDataCode.NoFile, r.NoDataReason!.Code);
    }

    [Fact]
    public void Explain_OnlyDataOfThePreviousYear_NoDataForTheTargetYear()
    {
        var r = Result(Operations, "2009-06-30", Months(Operations, "FR", 2008, 100, Range(1, 12)));

        Assert.Equal(IndicatorStatus.NoData, r.Status);
        Assert.Null(r.Actual);
    }

    [Fact]
    public void Explain_ContextIndicatorWithoutFigures_NoDataRatherThanContext()
    {
        var r = Result("demandes_asile", "2009-06-30", []);

        Assert.Equal(IndicatorStatus.NoData, r.Status);
        Assert.Equal(NoDataCode.NoFile, r.NoDataReason!.Code);
    }

    [Fact]
    public void Explain_DerivedWithoutInputs_ReasonOfTheFirstInput()
    {
        var r = Result("eloignements", "2009-06-30", [], Ingestion("eloignements_forces", IngestionStatus.Rejected));

        Assert.Equal(NoDataCode.FileRejected, r.NoDataReason!.Code);
    }

    [Fact]
    public void Explain_QuarterlyIndicator_DueAfterTheFirstQuarterPlusDueDays()
    {
        var indicator = Indicator("part_etudiants_disciplines_prioritaires");

        Assert.Equal(Date("2009-05-15"), NoDataReasons.FirstDue(indicator, Window.Year(2009, Date("2009-12-31"))));
    }

    [Theory]
    [InlineData(MissionPipeline.Observations.ValueStatus.NotAvailable)]
    [InlineData(MissionPipeline.Observations.ValueStatus.Secret)]
    public void Explain_OnlyFiguresMarkedNdOrS_NoValueSaysSo(MissionPipeline.Observations.ValueStatus status)
    {
        var marked = new SourcedObservation(
            new MissionPipeline.Observations.Observation(new("operations_travail_illegal"), MissionPipeline.Periods.Period.Parse("2009-01"), MissionPipeline.Geography.Territory.France, null, Status: status),
            new("dgt"), "ingest-1", Received);

        var r = Result(Operations, "2009-06-30", [marked]);

        Assert.Equal(NoDataCode.NoValue, r.NoDataReason!.Code);
        Assert.Contains("(nd) ou secrets (s)", r.NoDataReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_FiguresForAnotherTerritoryOnly_NoValueNamesTheHeadline()
    {
        var r = Result(Operations, "2009-06-30", [Value(Operations, "2009-01", "DEP-75", 12)]);

        Assert.Equal(NoDataCode.NoValue, r.NoDataReason!.Code);
        Assert.Contains("(FR)", r.NoDataReason.Message, StringComparison.Ordinal);
    }
}
