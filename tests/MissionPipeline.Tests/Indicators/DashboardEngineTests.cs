using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Aggregation over months and territories, latest wins, asOf.</summary>
public sealed class DashboardEngineTests
{
    private const string Operations = "operations_travail_illegal";
    private const string Interpellations = "interpellations_aide_sejour";

    [Fact]
    public void Compute_EmptyInput_EveryIndicatorInCatalogueOrderWithSummary()
    {
        var dashboard = Compute("2009-06-30", []);

        Assert.Equal(DefaultCatalogue.Indicators.Select(i => i.Id), dashboard.Indicators.Select(r => r.Id));
        Assert.Equal("mission-2009", dashboard.Catalogue);
        Assert.Equal(32, dashboard.Summary.Indicators);
        var s = dashboard.Summary.ByStatus;
        Assert.Equal(32, s.Achieved + s.OnTrack + s.AtRisk + s.OffTrack + s.Missed + s.NoData + s.Context);
        Assert.Empty(dashboard.Changes);
    }

    [Fact]
    public void Compute_SumOverMonths_AddsMonthsAndListsThem()
    {
        var r = Result(Operations, "2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));

        Assert.Equal(300, r.Actual);
        Assert.Equal(["2009-01", "2009-02", "2009-03"], r.PeriodsReported.Select(p => p.ToString()));
        Assert.Equal([100.0, 100.0, 100.0], r.Series.Select(p => p.Value));
        Assert.Equal(new SourceRef(new("dgt"), "ingest-1", Received), Assert.Single(r.Sources));
    }

    [Fact]
    public void Compute_MonthAndYearBothPresent_YearUsedNotDoubleCounted()
    {
        var observations = Months(Operations, "FR", 2009, 100, Range(1, 12)).Append(Value(Operations, "2009", "FR", 1250));

        var r = Result(Operations, "2009-12-31", observations);

        Assert.Equal(1250, r.Actual);
        Assert.Equal(["2009"], r.PeriodsReported.Select(p => p.ToString()));
        Assert.Equal(IndicatorStatus.Missed, r.Status);
    }

    [Fact]
    public void Compute_QuarterAndItsMonths_QuarterUsedOtherMonthsAdded()
    {
        var observations = new[]
        {
            Value(Operations, "2009-T1", "FR", 300), Value(Operations, "2009-01", "FR", 90), Value(Operations, "2009-04", "FR", 100),
        };

        var r = Result(Operations, "2009-04-30", observations);

        Assert.Equal(400, r.Actual);
        Assert.Equal(["2009-T1", "2009-04"], r.PeriodsReported.Select(p => p.ToString()));
        Assert.Equal(1500.0 * 4 / 12, r.ExpectedToDate);
    }

    [Fact]
    public void Compute_YearMarkedNotAvailable_MonthsStillUsed()
    {
        var nd = new SourcedObservation(
            new Observation(new("operations_travail_illegal"), Period.OfYear(2009), Territory.France, null, Status: ValueStatus.NotAvailable),
            new("dgt"), "ingest-1", Received);

        var r = Result(Operations, "2009-02-28", Months(Operations, "FR", 2009, 100, 1, 2).Append(nd));

        Assert.Equal(200, r.Actual);
    }

    [Fact]
    public void Compute_CorrectionLowersAValue_LaterReceivedWins()
    {
        var observations = new[]
        {
            Value(Operations, "2009-01", "FR", 100, "b-first", Received),
            Value(Operations, "2009-01", "FR", 80, "a-correction", Received.AddDays(20)),
        };

        var r = Result(Operations, "2009-01-31", observations);

        Assert.Equal(80, r.Actual);
        Assert.Equal("a-correction", Assert.Single(r.Sources).IngestId);
    }

    [Fact]
    public void Compute_SameDayDifferentTimes_FullTimestampDecidesNotTheDate()
    {
        var morning = new DateTimeOffset(2009, 4, 10, 9, 0, 0, TimeSpan.FromHours(2));
        var evening = new DateTimeOffset(2009, 4, 10, 8, 0, 0, TimeSpan.Zero);
        var observations = new[]
        {
            Value(Operations, "2009-01", "FR", 70, "later-file", evening),
            Value(Operations, "2009-01", "FR", 100, "zz-earlier-file", morning),
        };

        Assert.Equal(70, Result(Operations, "2009-01-31", observations).Actual);
    }

    [Fact]
    public void Compute_SameReceivedTime_GreaterIngestIdWins()
    {
        var observations = new[] { Value(Operations, "2009-01", "FR", 70, "ingest-b"), Value(Operations, "2009-01", "FR", 100, "ingest-a") };

        Assert.Equal(70, Result(Operations, "2009-01-31", observations).Actual);
    }

    [Fact]
    public void Compute_ObservationsAfterAsOf_Ignored()
    {
        var r = Result(Operations, "2009-03-15", Months(Operations, "FR", 2009, 100, 1, 2, 3));

        Assert.Equal(200, r.Actual);
        Assert.Equal(2, r.PeriodsReported.Count);
    }

    [Fact]
    public void Compute_ProvisionalMonth_FlagsTheIndicator()
    {
        var observations = Months(Operations, "FR", 2009, 100, 1).Append(Value(Operations, "2009-02", "FR", 100, status: ValueStatus.Provisional));

        Assert.True(Result(Operations, "2009-02-28", observations).Provisional);
        Assert.False(Result(Operations, "2009-01-31", observations).Provisional);
    }

    [Fact]
    public void Compute_NationalNotReported_HeadlineIsSumOfAllDepartements()
    {
        var observations = new[] { Value(Interpellations, "2009-01", "DEP-75", 10), Value(Interpellations, "2009-01", "DEP-971", 5) };

        var r = Result(Interpellations, "2009-01-31", observations);

        Assert.Equal(15, r.Actual);
        Assert.Equal(["DEP-75", "DEP-971"], r.Territories.Select(t => t.Territory.Code));
    }

    [Fact]
    public void Compute_MetropoleFromDepartements_OverseasExcluded()
    {
        var observations = new[] { Value("eloignements_forces", "2009-01", "DEP-75", 10), Value("eloignements_forces", "2009-01", "DEP-971", 5) };

        Assert.Equal(10, Result("eloignements_forces", "2009-01-31", observations).Actual);
    }

    [Fact]
    public void Compute_NationalReported_UsedRatherThanDepartements()
    {
        var observations = new[] { Value(Interpellations, "2009-01", "FR", 100), Value(Interpellations, "2009-01", "DEP-75", 10) };

        var r = Result(Interpellations, "2009-01-31", observations);

        Assert.Equal(100, r.Actual);
        Assert.Equal(10, Assert.Single(r.Territories).Value);
    }

    [Fact]
    public void Compute_Ratio_SumsNumeratorsAndDenominatorsNeverAveragesRates()
    {
        var observations = new[] { Ratio("dilf_taux_reussite", "2009-01", "FR", 1, 1), Ratio("dilf_taux_reussite", "2009-02", "FR", 50, 100) };

        Assert.Equal(51.0 / 101.0, Result("dilf_taux_reussite", "2009-02-28", observations).Actual);
    }

    [Fact]
    public void Compute_RatioOverDepartements_SumsThemToo()
    {
        var observations = new[] { Ratio("dilf_taux_reussite", "2009-01", "DEP-75", 9, 10), Ratio("dilf_taux_reussite", "2009-01", "DEP-13", 1, 10) };

        var r = Result("dilf_taux_reussite", "2009-01-31", observations);

        Assert.Equal(0.5, r.Actual);
        Assert.Equal([("DEP-13", 0.1), ("DEP-75", 0.9)], r.Territories.Select(t => (t.Territory.Code, t.Value!.Value)));
    }

    [Fact]
    public void Compute_RatioWithZeroDenominator_NoValueNeverANumber()
    {
        var r = Result("dilf_taux_reussite", "2009-01-31", [Ratio("dilf_taux_reussite", "2009-01", "FR", 0, 0)]);

        Assert.Null(r.Actual);
        Assert.Equal(IndicatorStatus.NoData, r.Status);
        Assert.Equal(NoDataCode.NoValue, r.NoDataReason!.Code);
    }

    [Fact]
    public void Compute_WeightedMean_WeighsByTheReportedWeight()
    {
        var observations = new[] { Weighted("delai_traitement_ofpra", "2009-01", "FR", 100, 10), Weighted("delai_traitement_ofpra", "2009-02", "FR", 200, 30) };

        Assert.Equal(175, Result("delai_traitement_ofpra", "2009-02-28", observations).Actual);
    }

    [Fact]
    public void Compute_StockLast_LatestPeriodOfTheWindow()
    {
        const string id = "demandeurs_emploi_etrangers_hors_ue_cvs";
        var observations = new[]
        {
            Value(id, "2009-01", "FR-MET", 100), Value(id, "2009-03", "FR-MET", 120), Value(id, "2009-02", "FR-MET", 110), Value(id, "2008-12", "FR-MET", 90),
        };

        var r = Result(id, "2009-03-31", observations);

        Assert.Equal(120, r.Actual);
        Assert.Equal(IndicatorStatus.Context, r.Status);
        Assert.Null(r.Progress);
        Assert.Equal(3, r.Series.Count);
    }

    [Fact]
    public void Compute_StockFromDepartements_AddsEachDepartementsLatest()
    {
        const string id = "demandeurs_emploi_etrangers_hors_ue";
        var observations = new[]
        {
            Value(id, "2009-01", "DEP-75", 100), Value(id, "2009-02", "DEP-75", 110), Value(id, "2009-01", "DEP-13", 50), Value(id, "2009-02", "DEP-971", 7),
        };

        var r = Result(id, "2009-02-28", observations);

        Assert.Equal(167, r.Actual);
        Assert.Equal([("FR-MET", 160.0), ("DEP-13", 50.0), ("DEP-75", 110.0), ("DEP-971", 7.0)], r.Territories.Select(t => (t.Territory.Code, t.Value!.Value)));
    }

    [Fact]
    public void Compute_InputInAnyOrder_SameDashboard()
    {
        var observations = Months(Interpellations, "DEP-75", 2009, 10.1, Range(1, 6))
            .Concat(Months(Interpellations, "DEP-13", 2009, 0.7, Range(1, 6)))
            .Append(Value(Interpellations, "2009-02", "DEP-13", 3.3, "ingest-2", Received.AddDays(1)))
            .ToArray();

        var forward = Compute("2009-06-30", observations);
        var backward = Compute("2009-06-30", observations.Reverse());

        Assert.Equal(DashboardJson.Write(forward), DashboardJson.Write(backward));
    }
}
