using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class DerivedSourcesTests
{
    private const string Forces = "eloignements_forces";
    private const string Retours = "retours_aides";

    [Theory]
    [InlineData("2009-12-31", 12, 1500, 800, IndicatorStatus.Achieved)] // 27 600
    [InlineData("2009-12-31", 12, 1400, 800, IndicatorStatus.Missed)] // 26 400
    [InlineData("2009-06-30", 6, 1400, 800, IndicatorStatus.AtRisk)] // projection 26 400, 97.8 %
    public void For_SumOfRemovals_AddsInputsAndGetsTheFlowRule(string asOf, int months, double forced, double voluntary, IndicatorStatus expected)
    {
        var observations = Months(Forces, "DEP-75", 2009, forced, Range(1, months)).Concat(Months(Retours, "DEP-75", 2009, voluntary, Range(1, months)));

        var r = Result("eloignements", asOf, observations);

        Assert.Equal((forced + voluntary) * months, r.Actual);
        Assert.Equal(expected, r.Status);
        Assert.Equal(["dcpaf", "ofii"], r.Sources.Select(s => s.Agency.Value).Distinct().Order());
    }

    [Fact]
    public void For_SumOfRemovals_OverseasOnlyInTheirDepartement()
    {
        var observations = new[]
        {
            Value(Forces, "2009-01", "DEP-75", 1000), Value(Forces, "2009-01", "DEP-971", 50), Value(Retours, "2009-01", "DEP-75", 500),
        };

        var r = Result("eloignements", "2009-01-31", observations);

        Assert.Equal(1500, r.Actual);
        Assert.Equal([("DEP-75", 1500.0)], r.Territories.Select(t => (t.Territory.Code, t.Value!.Value)));
    }

    [Fact]
    public void For_SumWithAMonthOfOneInputMissing_OnlyMonthsBothHave()
    {
        var observations = Months(Forces, "DEP-75", 2009, 1000, 1, 2, 3).Concat(Months(Retours, "DEP-75", 2009, 500, 1, 2));

        var r = Result("eloignements", "2009-03-31", observations);

        Assert.Equal(3000, r.Actual);
        Assert.Equal(2, r.PeriodsReported.Count);
    }

    [Fact]
    public void For_ShareOfVoluntaryReturns_RatioOfInputsAgainstBaseline()
    {
        var observations = new[] { Value(Forces, "2009-01", "DEP-75", 1000), Value(Retours, "2009-01", "DEP-75", 500) };

        var r = Result("part_retours_volontaires", "2009-01-31", observations);

        Assert.Equal(1.0 / 3, r.Actual!.Value, 12);
        Assert.Equal(IndicatorStatus.AtRisk, r.Status); // a third against the letter's 33.3 %
    }

    [Theory]
    [InlineData(300_000.0, 2_200_000.0 / 3_600_000, IndicatorStatus.AtRisk)] // 61.1 % against "more than 60 %": +1.85 %
    [InlineData(450_000.0, 2_350_000.0 / 3_600_000, IndicatorStatus.OffTrack)]
    public void For_ShareOfThreeRegions_OfTheNationalTotal(double paca, double share, IndicatorStatus expected)
    {
        const string id = "population_etrangere";
        var observations = new[]
        {
            Value(id, "2009", "REG-11", 1_500_000), Value(id, "2009", "REG-82", 400_000), Value(id, "2009", "REG-93", paca), Value(id, "2009", "FR", 3_600_000),
        };

        var r = Result("concentration_trois_regions", "2009-12-31", observations);

        Assert.Equal(share, r.Actual!.Value, 12);
        Assert.Equal(expected, r.Status);
    }

    [Fact]
    public void For_ShareWithARegionMissing_NoValue()
    {
        const string id = "population_etrangere";
        var observations = new[] { Value(id, "2009", "REG-11", 1_500_000), Value(id, "2009", "REG-82", 400_000), Value(id, "2009", "FR", 3_600_000) };

        var r = Result("concentration_trois_regions", "2009-12-31", observations);

        Assert.Null(r.Actual);
        Assert.Equal(NoDataCode.NoValue, r.NoDataReason!.Code);
    }

    [Theory]
    [InlineData(27_000, "2009", 1)]
    [InlineData(50_000, "2009", 2)]
    [InlineData(50_000, "2009-01", 1)] // Germany's figures do not cover the same months: not ranked
    public void For_RankAmongEuMembers_AggregatesExcluded(double germany, string germanPeriod, double expected)
    {
        const string id = "demandes_asile_ue";
        var observations = new[]
        {
            Value(id, "2009", "FR", 42_000), Value(id, germanPeriod, "DE", germany), Value(id, "2009", "UK", 31_000), Value(id, "2009", "EU27", 260_000),
        };

        var r = Result("rang_ue_demandes_asile", "2009-12-31", observations);

        Assert.Equal(expected, r.Actual);
        Assert.Equal(IndicatorStatus.Context, r.Status);
    }

    [Fact]
    public void For_EuCountriesBreakdown_CountriesOnly()
    {
        const string id = "demandes_asile_ue";
        var observations = new[] { Value(id, "2009", "FR", 42_000), Value(id, "2009", "UK", 31_000), Value(id, "2009", "DE", 27_000), Value(id, "2009", "EU27", 260_000) };

        var r = Result(id, "2009-12-31", observations);

        Assert.Equal(["DE", "UK"], r.Territories.Select(t => t.Territory.Code));
    }

    [Theory]
    [InlineData("2009-06-30", 14, 1, IndicatorStatus.OffTrack)]
    [InlineData("2009-12-31", 14, 1, IndicatorStatus.Missed)]
    [InlineData("2009-06-30", 12, 0, IndicatorStatus.OnTrack)] // exactly a year is not over a year
    [InlineData("2009-12-31", 11, 0, IndicatorStatus.Achieved)]
    public void For_CountOverThreshold_DepartementsAboveTwelveMonths(string asOf, double paris, double count, IndicatorStatus expected)
    {
        const string id = "delai_naturalisation";
        var observations = new[] { Weighted(id, "2009-T1", "DEP-75", paris, 100), Weighted(id, "2009-T1", "DEP-13", 8, 50) };

        var r = Result("departements_delai_naturalisation_sup_12_mois", asOf, observations);

        Assert.Equal(count, r.Actual);
        Assert.Equal(expected, r.Status);
        Assert.Null(r.Progress); // a target of 0 has no ratio to progress by
    }

    /// <summary>The figure is the latest quarter's count, the last point of the series the card draws, not a count over the window's mean.</summary>
    [Fact]
    public void For_CountOverThresholdOverSeveralQuarters_TheLatestQuartersCount()
    {
        const string id = "delai_naturalisation";
        var observations = new[]
        {
            Weighted(id, "2009-T1", "DEP-75", 20, 100), Weighted(id, "2009-T2", "DEP-75", 10, 100), // window mean 15: over a year
            Weighted(id, "2009-T1", "DEP-13", 14, 50), Weighted(id, "2009-T2", "DEP-13", 13, 50),
        };

        var r = Result("departements_delai_naturalisation_sup_12_mois", "2009-06-30", observations);

        Assert.Equal([2.0, 1.0], r.Series.Select(p => p.Value));
        Assert.Equal(1, r.Actual);
        Assert.Equal(r.Series[^1].Value, r.Actual);
        // Which ones, with the value each was judged by: Paris's page shows the window's 15, yet it is not counted.
        var counted = Assert.IsType<CountedTerritories>(r.Counted);
        Assert.Equal(("2009-T2", 12d), (counted.Period.ToString(), counted.Threshold));
        Assert.Equal([("DEP-13", (double?)13), ("DEP-75", 10)], counted.Territories.Select(t => (t.Territory.Code, t.Value)));
        Assert.Equal(["DEP-13"], counted.Over.Select(t => t.Territory.Code));
        Assert.Equal(r.Actual, counted.Over.Count());
    }

    [Fact]
    public void For_IndicatorsOtherThanACountOver_CountNothing()
    {
        var r = Result("delai_naturalisation", "2009-06-30", [Weighted("delai_naturalisation", "2009-T1", "DEP-75", 20, 100)]);

        Assert.Null(r.Counted);
    }
}
