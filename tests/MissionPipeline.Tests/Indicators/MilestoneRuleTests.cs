using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>comite_interministeriel_integration: due 2009-07-31.</summary>
public sealed class MilestoneRuleTests
{
    private const string Comite = "comite_interministeriel_integration";

    [Theory]
    [InlineData("2009-07-15", "2009-12-31", IndicatorStatus.Achieved, "2009-07-15")]
    [InlineData("2009-07-31", "2009-07-31", IndicatorStatus.Achieved, "2009-07-31")] // done on the due date
    [InlineData("2009-08-10", "2009-12-31", IndicatorStatus.Missed, "2009-08-10")] // done late: the date is reported
    [InlineData(null, "2009-06-30", IndicatorStatus.OnTrack, null)] // pending
    [InlineData(null, "2009-07-30", IndicatorStatus.OnTrack, null)]
    [InlineData(null, "2009-07-31", IndicatorStatus.Missed, null)] // the end of the due day: not done is missed
    [InlineData(null, "2009-08-01", IndicatorStatus.Missed, null)] // overdue
    [InlineData("2009-07-15", "2009-07-10", IndicatorStatus.OnTrack, null)] // done after asOf: does not count yet
    public void Evaluate_DoneOrNot_StatusByDueDate(string? done, string asOf, IndicatorStatus expected, string? doneOn)
    {
        var observations = done is null ? [] : new[] { Value(Comite, done, "FR", 1) };

        var r = Result(Comite, asOf, observations);

        Assert.Equal(expected, r.Status);
        Assert.Equal(doneOn is null ? null : Date(doneOn), r.DoneOn);
        Assert.Equal(doneOn is null ? 0 : 1, r.Actual);
        Assert.Null(r.NoDataReason);
    }

    [Fact]
    public void Evaluate_DoneThenWithdrawnByALaterFile_Pending()
    {
        var observations = new[] { Value(Comite, "2009-07-15", "FR", 1, "a"), Value(Comite, "2009-07-15", "FR", 0, "b", Received.AddDays(1)) };

        var r = Result(Comite, "2009-07-20", observations);

        Assert.Equal(IndicatorStatus.OnTrack, r.Status);
        Assert.Null(r.DoneOn);
    }

    [Fact]
    public void Evaluate_DoneAndReported_SourceListed()
    {
        var r = Result(Comite, "2009-12-31", [Value(Comite, "2009-07-15", "FR", 1, "dsed-jalons")]);

        Assert.Equal("dsed-jalons", Assert.Single(r.Sources).IngestId);
        Assert.Equal(["2009-07-15"], r.PeriodsReported.Select(p => p.ToString()));
    }
}
