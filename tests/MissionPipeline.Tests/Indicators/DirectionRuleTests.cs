using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class DirectionRuleTests
{
    [Theory]
    [InlineData(105, 100, false, IndicatorStatus.OnTrack)]
    [InlineData(102, 100, false, IndicatorStatus.AtRisk)] // exactly +2 %: stable
    [InlineData(100, 100, false, IndicatorStatus.AtRisk)]
    [InlineData(98, 100, false, IndicatorStatus.AtRisk)] // exactly −2 %
    [InlineData(97, 100, false, IndicatorStatus.OffTrack)]
    [InlineData(0.235, 0.222, true, IndicatorStatus.OffTrack)] // the letter's 22.2 % → 23.5 %: 5.9 % worse
    [InlineData(0.21, 0.222, true, IndicatorStatus.OnTrack)]
    [InlineData(0.2264, 0.222, true, IndicatorStatus.AtRisk)] // +1.98 %
    [InlineData(5, 0, false, IndicatorStatus.OnTrack)]
    [InlineData(0, 0, false, IndicatorStatus.AtRisk)]
    public void Compare_RelativeChange_TwoPercentBand(double value, double reference, bool down, IndicatorStatus expected) =>
        Assert.Equal(expected, DirectionRule.Compare(value, reference, down));

    // taux_chomage_etrangers_hors_ue: yearly, down, baseline 22.2 % in 2008.
    [Theory]
    [InlineData(0.235, null, IndicatorStatus.OffTrack)] // against the baseline
    [InlineData(0.20, null, IndicatorStatus.OnTrack)]
    [InlineData(0.235, 0.236, IndicatorStatus.AtRisk)] // the previous year's figure wins over the baseline
    public void Assess_StockWithBaseline_PreviousYearElseBaseline(double rate2009, double? rate2008, IndicatorStatus expected)
    {
        const string id = "taux_chomage_etrangers_hors_ue";
        var sourced = new[] { Value(id, "2009", "FR-MET", rate2009) }.ToList();
        if (rate2008 is { } r8)
        {
            sourced.Add(Value(id, "2008", "FR-MET", r8));
        }

        var r = Result(id, "2009-12-31", sourced);

        Assert.Equal(expected, r.Status);
        Assert.Null(r.Progress);
        // What the status compared is published: the previous year's figure when there is one, else the baseline.
        Assert.Equal(
            rate2008 is { } was ? new Comparison(ComparisonBases.PreviousYear, rate2009, was, MissionPipeline.Periods.Period.Parse("2008"), MissionPipeline.Periods.Period.Parse("2008")) : new Comparison(ComparisonBases.Baseline, rate2009, 0.222, MissionPipeline.Periods.Period.Parse("2008"), MissionPipeline.Periods.Period.Parse("2008")),
            r.ComparedWith);
    }

    [Fact]
    public void Assess_RatioFlow_SameMonthsOfThePreviousYear()
    {
        const string id = "part_immigration_professionnelle";
        var observations = new[]
        {
            Ratio(id, "2008-T1", "FR", 20, 100), Ratio(id, "2008-T2", "FR", 20, 100), Ratio(id, "2008-T3", "FR", 90, 100),
            Ratio(id, "2009-T1", "FR", 25, 100), Ratio(id, "2009-T2", "FR", 25, 100),
        };

        var r = Result(id, "2009-09-30", observations); // 2009-T3 not in yet; 2008-T3 is inside the previous-year window

        Assert.Equal(0.25, r.Actual);
        Assert.Equal(IndicatorStatus.OnTrack, r.Status); // 25 % against 20 % over the same two quarters, not 43 % over 2008's three
        Assert.Equal(new Comparison(ComparisonBases.PreviousYear, 0.25, 0.2, MissionPipeline.Periods.Period.Parse("2008-T1"), MissionPipeline.Periods.Period.Parse("2008-T2")), r.ComparedWith);
    }

    [Fact]
    public void Assess_PreviousYearMissingAMonthAndNoBaseline_UnassessedWithItsFigure()
    {
        const string id = "delai_traitement_ofpra";
        var observations = new[]
        {
            Weighted(id, "2008-01", "FR", 100, 10),
            Weighted(id, "2009-01", "FR", 100, 10), Weighted(id, "2009-02", "FR", 100, 10),
        };

        var r = Result(id, "2009-02-28", observations);

        Assert.Equal(IndicatorStatus.Unassessed, r.Status);
        Assert.Equal(NoDataCode.NoReference, r.NoDataReason!.Code);
        Assert.Equal(100, r.Actual);
    }

    [Fact]
    public void Assess_DownIndicatorFalling_OnTrack()
    {
        const string id = "delai_traitement_ofpra";
        var observations = new[] { Weighted(id, "2008-01", "FR", 120, 10), Weighted(id, "2009-01", "FR", 100, 10) };

        Assert.Equal(IndicatorStatus.OnTrack, Result(id, "2009-01-31", observations).Status);
    }
}
