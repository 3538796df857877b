using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>
/// The year-end forecast of an annual flow (INDICATORS.md, "Time: … forecasts"): seasonal with an
/// 80 % interval from two or more complete earlier years, the straight line otherwise; the status
/// rule that uses the interval. Histories are built so that the seasonal answer and the straight
/// line disagree: the second half of each earlier year is twice as busy as the first.
/// </summary>
public sealed class ForecastsTests
{
    private const string Operations = "operations_travail_illegal"; // at_least 1 500 in 2009
    private const double Goal = 1_500;

    /// <summary>2007: 100 a month in the first half, 200 in the second (a third of the year by June); 2008: 100 then 180 (0.357).</summary>
    private static IEnumerable<SourcedObservation> History(bool complete2007 = true) =>
        Months(Operations, "FR", 2007, 100, Range(1, 6))
            .Concat(Months(Operations, "FR", 2007, 200, complete2007 ? Range(7, 12) : Range(7, 11)))
            .Concat(Months(Operations, "FR", 2008, 100, Range(1, 6)))
            .Concat(Months(Operations, "FR", 2008, 180, Range(7, 12)));

    [Theory]
    [InlineData(16.0, "on_track")]   // interval [1 528, 1 732]: all of it above the target
    [InlineData(17.0, "at_risk")]    // interval [1 438, 1 630]: the target inside (the straight line, 1 059, would say off_track)
    [InlineData(19.5, "off_track")]  // interval [1 254, 1 421]: all of it below
    public void Compute_TwoCompleteEarlierYears_SeasonalForecastWithItsIntervalSetsTheStatus(double divisor, string expected)
    {
        var monthly = Goal / divisor;
        var result = Result(Operations, "2009-06-30", History().Concat(Months(Operations, "FR", 2009, monthly, Range(1, 6))));

        var forecast = result.Forecast!;
        var actual = 6 * monthly;
        var shares = new[] { 600d / 1_800, 600d / 1_680 };
        var estimates = shares.Select(s => actual / s).ToArray();
        var deviation = Math.Sqrt(estimates.Sum(e => Math.Pow(e - estimates.Average(), 2)));
        Assert.Equal((Forecast.Seasonal, 2), (forecast.Method, forecast.Years));
        // Each figure is kept to six decimals on its own: the interval's ends within 1e-6 of value ± the spread.
        Assert.Equal(actual / shares.Average(), forecast.Value, 6);
        Assert.Equal(forecast.Value - (Forecasts.Z80 * deviation), forecast.Low!.Value, tolerance: 1e-6);
        Assert.Equal(forecast.Value + (Forecasts.Z80 * deviation), forecast.High!.Value, tolerance: 1e-6);
        Assert.Equal(expected, result.Status.Code());
        Assert.Equal(12 * monthly, result.Projection!.Value, 6); // the straight line is still given, beside
    }

    [Fact]
    public void Compute_OneCompleteEarlierYearOnly_StraightLineWithoutIntervalAndTheBandRule()
    {
        var result = Result(Operations, "2009-06-30", History(complete2007: false).Concat(Months(Operations, "FR", 2009, Goal / 17, Range(1, 6))));

        Assert.Equal(new Forecast(12 * Goal / 17, null, null, Forecast.Linear), result.Forecast);
        Assert.Equal(IndicatorStatus.OffTrack, result.Status); // 1 059 projected, more than 5 % short
    }

    [Fact]
    public void Compute_YearOverWithTwelveMonths_NoForecastAndTheFinalRule()
    {
        var result = Result(Operations, "2009-12-31", History().Concat(Months(Operations, "FR", 2009, 130, Range(1, 12))));

        Assert.Null(result.Forecast);
        Assert.Equal(IndicatorStatus.Achieved, result.Status);
    }

    [Fact]
    public void Compute_ForecastOnTheCardAndInTheJson_ReadBackTheSame()
    {
        var dashboard = Compute("2009-06-30", History().Concat(Months(Operations, "FR", 2009, Goal / 17, Range(1, 6))));
        var card = System.Text.Encoding.UTF8.GetString(DashboardHtml.Write(dashboard, DefaultCatalogue));
        var read = DashboardJson.Read(DashboardJson.Write(dashboard));

        Assert.Contains("Prévision de fin d'année", card, StringComparison.Ordinal);
        Assert.Contains("intervalle à 80\u00A0%", card, StringComparison.Ordinal);
        var original = dashboard.Indicators.Single(i => i.Id.Value == Operations).Forecast!;
        var back = read.Indicators.Single(i => i.Id.Value == Operations).Forecast!;
        Assert.Equal((original.Method, original.Years), (back.Method, back.Years));
        Assert.Equal(original.Low!.Value, back.Low!.Value, 6);
    }

    /// <summary>An at_most target mirrors the rule: all of the interval at or under the ceiling is on track.</summary>
    [Theory]
    [InlineData(80, 90, 100, "on_track")]
    [InlineData(95, 105, 100, "at_risk")]
    [InlineData(101, 110, 100, "off_track")]
    public void Threshold_AtMostWithAnInterval_Mirrored(double low, double high, double ceiling, string expected)
    {
        var indicator = Indicator(Operations) with { Target = new Target(TargetKind.AtMost, ceiling, new DateOnly(2009, 12, 31)) };

        var assessment = TargetRules.Threshold(indicator, new MeasureShape(AmountKind.Value, TimeMode.Flow), 40, 6, new DateOnly(2009, 6, 30), new Forecast((low + high) / 2, low, high, Forecast.Seasonal));

        Assert.Equal(expected, assessment.Status.Code());
    }

    /// <summary>Six decimals, as the JSON gives them: every format then says the same forecast.</summary>
    [Fact]
    public void Forecast_Figures_KeptToSixDecimals()
    {
        var forecast = new Forecast(27_347.804306296992, 25_000.1234567891, 29_000.9876543219, Forecast.Seasonal);

        Assert.Equal((27_347.804306, 25_000.123457, 29_000.987654), (forecast.Value, forecast.Low!.Value, forecast.High!.Value));
        Assert.Null(new Forecast(1.5, null, null, Forecast.Linear).Low);
    }
}
