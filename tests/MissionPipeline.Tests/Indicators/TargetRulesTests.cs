using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>The at_least / at_most / trajectory rows of docs/indicators.md, "Status".</summary>
public sealed class TargetRulesTests
{
    // operations_travail_illegal: at_least 1 500 in 2009, a monthly flow reported for FR.
    [Theory]
    [InlineData("2009-12-31", 12, 130, IndicatorStatus.Achieved)]
    [InlineData("2009-12-31", 12, 125, IndicatorStatus.Achieved)] // exactly the target
    [InlineData("2009-12-31", 12, 120, IndicatorStatus.Missed)]
    [InlineData("2009-06-30", 6, 125, IndicatorStatus.OnTrack)] // projection exactly the target
    [InlineData("2009-06-30", 6, 120, IndicatorStatus.AtRisk)] // projection 96 %
    [InlineData("2009-06-30", 6, 118.75, IndicatorStatus.AtRisk)] // projection exactly 95 %
    [InlineData("2009-06-30", 6, 118, IndicatorStatus.OffTrack)] // projection 94.4 %
    [InlineData("2009-03-31", 3, 600, IndicatorStatus.OnTrack)] // target already met in March: not achieved before the year is over
    public void Threshold_AtLeastOnAnnualFlow_StatusByProjection(string asOf, int months, double perMonth, IndicatorStatus expected)
    {
        var r = Result("operations_travail_illegal", asOf, Months("operations_travail_illegal", "FR", 2009, perMonth, Range(1, months)));

        Assert.Equal(expected, r.Status);
        Assert.Equal(perMonth * months, r.Actual);
        Assert.Equal(1500.0 * months / 12, r.ExpectedToDate!.Value, 9);
        Assert.Equal(perMonth * 12, r.Projection!.Value, 9);
        Assert.Equal(perMonth * months / 1500, r.Progress!.Value, 9);
    }

    [Fact]
    public void Threshold_YearOverWithAMonthMissingInTheMiddle_ProjectedNotAchieved()
    {
        var months = Range(1, 12).Where(m => m != 6).ToArray();

        var r = Result("operations_travail_illegal", "2009-12-31", Months("operations_travail_illegal", "FR", 2009, 140, months));

        Assert.Equal(1540, r.Actual);
        Assert.Equal(11, r.PeriodsReported.Count);
        Assert.Equal(1540.0 / 11 * 12, r.Projection!.Value, 9);
        Assert.Equal(IndicatorStatus.OnTrack, r.Status);
    }

    [Theory]
    [InlineData(true, 1300, 12, "2009-12-31", IndicatorStatus.Achieved)]
    [InlineData(true, 1600, 12, "2009-12-31", IndicatorStatus.Missed)]
    [InlineData(false, 700, 6, "2009-06-30", IndicatorStatus.OnTrack)] // projection 1 400
    [InlineData(false, 770, 6, "2009-06-30", IndicatorStatus.AtRisk)] // projection 1 540, within 5 %
    [InlineData(false, 787.5, 6, "2009-06-30", IndicatorStatus.AtRisk)] // projection exactly 105 %
    [InlineData(false, 800, 6, "2009-06-30", IndicatorStatus.OffTrack)] // projection 1 600
    public void Threshold_AtMostOnAnnualFlow_Mirrored(bool yearOver, double actual, int months, string asOf, IndicatorStatus expected)
    {
        var indicator = Indicator("operations_travail_illegal") with { Target = new Target(TargetKind.AtMost, 1500, Date("2009-12-31")) };

        var a = TargetRules.Threshold(indicator, MeasureShape.Of(Aggregation.Sum), actual, months, Date(asOf));

        Assert.Equal(yearOver, Date(asOf) >= indicator.Target!.Due);
        Assert.Equal(expected, a.Status);
    }

    // dilf_taux_reussite: at_least 90 % of candidates; the at_risk band is 5 points.
    [Theory]
    [InlineData("2009-06-30", 92, IndicatorStatus.OnTrack)]
    [InlineData("2009-06-30", 90, IndicatorStatus.OnTrack)]
    [InlineData("2009-06-30", 87, IndicatorStatus.AtRisk)]
    [InlineData("2009-06-30", 85, IndicatorStatus.AtRisk)] // exactly 5 points below
    [InlineData("2009-06-30", 84, IndicatorStatus.OffTrack)]
    [InlineData("2009-12-31", 91, IndicatorStatus.Achieved)]
    [InlineData("2009-12-31", 89, IndicatorStatus.Missed)]
    public void Threshold_AtLeastOnRatio_CurrentValueWithinFivePoints(string asOf, double admitted, IndicatorStatus expected)
    {
        var r = Result("dilf_taux_reussite", asOf, [Ratio("dilf_taux_reussite", "2009-05", "FR", admitted, 100)]);

        Assert.Equal(expected, r.Status);
        Assert.Equal(admitted / 100, r.Actual!.Value, 12);
        Assert.Equal(admitted / 100 / 0.9, r.Progress!.Value, 12);
        Assert.Null(r.Projection);
    }

    // entreprises_label_diversite: a stock, at_least 100 by the end of 2009, baseline 0.
    [Theory]
    [InlineData("2009-06-30", 120, IndicatorStatus.OnTrack, 1.2)] // met early: on track, progress above 1
    [InlineData("2009-06-30", 100, IndicatorStatus.OnTrack, 1.0)]
    [InlineData("2009-06-30", 96, IndicatorStatus.AtRisk, 0.96)]
    [InlineData("2009-06-30", 95, IndicatorStatus.AtRisk, 0.95)] // exactly 5 % below
    [InlineData("2009-06-30", 94, IndicatorStatus.OffTrack, 0.94)]
    [InlineData("2009-12-31", 100, IndicatorStatus.Achieved, 1.0)]
    [InlineData("2009-12-31", 99, IndicatorStatus.Missed, 0.99)]
    public void Threshold_AtLeastOnStock_LatestValueAgainstTarget(string asOf, double companies, IndicatorStatus expected, double progress)
    {
        var observations = new[] { Value("entreprises_label_diversite", "2009-01", "FR", 10), Value("entreprises_label_diversite", "2009-05", "FR", companies) };

        var r = Result("entreprises_label_diversite", asOf, observations);

        Assert.Equal(expected, r.Status);
        Assert.Equal(companies, r.Actual);
        Assert.Equal(progress, r.Progress!.Value, 12);
    }

    [Theory]
    [InlineData(50.0, 0.0, 100.0, 0.5)]
    [InlineData(-5.0, 0.0, 100.0, 0.0)]
    [InlineData(150.0, 0.0, 100.0, 1.5)] // beyond the target: not clamped above
    [InlineData(150.0, null, 100.0, 1.5)]
    [InlineData(25.0, 20.0, 30.0, 0.5)]
    [InlineData(45.0, null, 90.0, 0.5)]
    [InlineData(3.0, null, 0.0, null)]
    public void LevelProgress_BaselineOrNot_ClampedBelowAtZeroOnly(double actual, double? baseline, double goal, double? expected) =>
        Assert.Equal(expected, TargetRules.LevelProgress(actual, goal, baseline));

    // accords_gestion_concertee: from 10 at 2008-12-31 to 20 at 2012-12-31 (1 461 days).
    [Theory]
    [InlineData("2009-12-31", 13, IndicatorStatus.OnTrack)] // expected 12.498
    [InlineData("2009-12-31", 12, IndicatorStatus.AtRisk)]
    [InlineData("2009-12-31", 11, IndicatorStatus.OffTrack)]
    [InlineData("2012-12-31", 20, IndicatorStatus.Achieved)]
    [InlineData("2012-12-31", 19, IndicatorStatus.Missed)]
    public void Trajectory_LatestValueAgainstTheStraightLine(string asOf, double countries, IndicatorStatus expected)
    {
        var r = Result("accords_gestion_concertee", asOf, [Value("accords_gestion_concertee", "2009-06-15", "FR", countries)]);

        Assert.Equal(expected, r.Status);
        var elapsed = Math.Min(1, (Date(asOf).DayNumber - Date("2008-12-31").DayNumber) / 1461.0);
        Assert.Equal(10 + (10 * elapsed), r.ExpectedToDate!.Value, 9);
        Assert.Equal(Math.Clamp((countries - 10) / 10, 0, 1), r.Progress!.Value, 9);
    }

    [Fact]
    public void Trajectory_OnlyAValueOlderThanTheBaseline_NoData()
    {
        var r = Result("accords_gestion_concertee", "2009-12-31", [Value("accords_gestion_concertee", "2008-06-15", "FR", 9)]);

        Assert.Equal(IndicatorStatus.NoData, r.Status);
    }
}
