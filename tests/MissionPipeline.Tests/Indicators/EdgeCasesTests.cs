using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>The edges issue 4 lists, through the whole engine: one row per case, with the figures and the status.</summary>
public sealed class EdgeCasesTests
{
    private const string Bilans = "cai_bilans_competences"; // at_least 60 000 in 2009, sum of départements
    private const string Label = "entreprises_label_diversite"; // at_least 100 by 2009-12-31, a stock from 0
    private const string Dilf = "dilf_taux_reussite"; // at_least 90 %, a ratio

    public static TheoryData<string, string, string, SourcedObservation[], double?, IndicatorStatus, double?> Cases => new()
    {
        // A month missing in the middle of the year: 11 months, projected on 12, never "achieved".
        { "june missing, year over", Bilans, "2009-12-31", [.. Months(Bilans, "DEP-75", 2009, 5500, [.. Range(1, 5), .. Range(7, 12)])], 60500, IndicatorStatus.OnTrack, 60500.0 / 60000 },
        { "june missing, pace too low", Bilans, "2009-12-31", [.. Months(Bilans, "DEP-75", 2009, 4500, [.. Range(1, 5), .. Range(7, 12)])], 49500, IndicatorStatus.OffTrack, 49500.0 / 60000 },
        { "all twelve months, met", Bilans, "2009-12-31", [.. Months(Bilans, "DEP-75", 2009, 5000, Range(1, 12))], 60000, IndicatorStatus.Achieved, 1.0 },

        // A target already met in March: on track (the year is not over), progress above 1.
        { "flow met in march", Bilans, "2009-03-31", [.. Months(Bilans, "DEP-75", 2009, 21000, 1, 2, 3)], 63000, IndicatorStatus.OnTrack, 63000.0 / 60000 },
        { "stock met in march", Label, "2009-03-31", [Value(Label, "2009-03", "FR", 104)], 104, IndicatorStatus.OnTrack, 1.04 },

        // A correction that lowers a value: the later file wins, even below the target.
        { "stock corrected down", Label, "2009-12-31", [Value(Label, "2009-12", "FR", 105, "a-first"), Value(Label, "2009-12", "FR", 95, "b-correction", Received.AddDays(3))], 95, IndicatorStatus.Missed, 0.95 },
        {
            "flow corrected down", Bilans, "2009-12-31",
            [.. Months(Bilans, "DEP-75", 2009, 5000, Range(1, 12)), Value(Bilans, "2009-12", "DEP-75", 4000, "b-correction", Received.AddDays(30))],
            59000, IndicatorStatus.Missed, 59000.0 / 60000
        },

        // A ratio with a zero denominator: no value, never 0 or NaN; zero months add nothing.
        { "ratio 0/0", Dilf, "2009-01-31", [Ratio(Dilf, "2009-01", "FR", 0, 0)], null, IndicatorStatus.NoData, null },
        { "ratio 0/0 then 9/10", Dilf, "2009-02-28", [Ratio(Dilf, "2009-01", "FR", 0, 0), Ratio(Dilf, "2009-02", "FR", 9, 10)], 0.9, IndicatorStatus.OnTrack, 1.0 },
        { "derived ratio over no removal", "part_retours_volontaires", "2009-01-31", [Value("eloignements_forces", "2009-01", "DEP-75", 0), Value("retours_aides", "2009-01", "DEP-75", 0)], null, IndicatorStatus.NoData, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_Edge_FiguresAndStatus(string name, string id, string asOf, SourcedObservation[] observations, double? actual, IndicatorStatus status, double? progress)
    {
        var r = Result(id, asOf, observations);

        Assert.True(actual == r.Actual, $"{name}: actual {r.Actual}");
        Assert.Equal(status, r.Status);
        Assert.Equal(progress is null, r.Progress is null);
        if (progress is { } p)
        {
            Assert.Equal(p, r.Progress!.Value, 9);
        }

        Assert.Equal(status == IndicatorStatus.NoData, r.NoDataReason is not null);
    }

    [Fact]
    public void Compute_CorrectionLowersAValue_OnlyTheCorrectingFileIsASource()
    {
        var r = Result(Label, "2009-12-31", [Value(Label, "2009-12", "FR", 105, "a-first"), Value(Label, "2009-12", "FR", 95, "b-correction", Received.AddDays(3))]);

        Assert.Equal("b-correction", Assert.Single(r.Sources).IngestId);
    }

    [Theory]
    [InlineData(ValueStatus.Provisional, true)]
    [InlineData(ValueStatus.Estimated, true)]
    [InlineData(ValueStatus.Final, false)]
    public void Compute_DerivedFromAProvisionalInput_Provisional(ValueStatus status, bool provisional)
    {
        var observations = new[] { Value("eloignements_forces", "2009-01", "DEP-75", 1000), Value("retours_aides", "2009-01", "DEP-75", 500, status: status) };

        Assert.Equal(provisional, Result("eloignements", "2009-01-31", observations).Provisional);
    }

    [Fact]
    public void Compute_StockWhoseEarlierMonthWasProvisional_NotProvisional()
    {
        var observations = new[] { Value(Label, "2009-02", "FR", 40, status: ValueStatus.Provisional), Value(Label, "2009-03", "FR", 45) };

        Assert.False(Result(Label, "2009-03-31", observations).Provisional);
    }
}
