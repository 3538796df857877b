using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class CompletenessTests
{
    private const string Operations = "operations_travail_illegal"; // dgt, monthly, due 20 days after the month

    [Fact]
    public void Compute_MonthsDueReceivedAndLate_Listed()
    {
        var observations = new[]
        {
            Value(Operations, "2009-01", "FR", 100, received: new DateTimeOffset(2009, 2, 10, 0, 0, 0, TimeSpan.Zero)), // on time
            Value(Operations, "2009-02", "FR", 100, received: new DateTimeOffset(2009, 3, 30, 0, 0, 0, TimeSpan.Zero)), // due 03-20: 10 days late
        };

        var entry = Compute("2009-04-30", observations).Completeness.Single(c => c.Indicator.Value == Operations);

        Assert.Equal("dgt", entry.Agency.Value);
        Assert.Equal(["2009-01", "2009-02", "2009-03"], entry.Expected.Select(p => p.ToString())); // April not due before 05-20
        Assert.Equal(["2009-01", "2009-02"], entry.Received.Select(p => p.ToString()));
        Assert.Equal([("2009-02", 10), ("2009-03", 10)], entry.Late.Select(l => (l.Period.ToString(), l.Days))); // March missing since 04-20
        Assert.Empty(entry.Ahead);
    }

    /// <summary>
    /// The year-end account: December sent on 5 January, due on the 20th. The cards count its 12 months;
    /// the freshness table said « 11 / 11 » received and nothing of December (red team, steering unit).
    /// </summary>
    [Fact]
    public void Compute_PeriodSentBeforeItWasDue_AheadNotExpected()
    {
        var observations = Enumerable.Range(1, 12)
            .Select(m => Value(Operations, $"2009-{m:00}", "FR", 100, received: new DateTimeOffset(m == 12 ? 2010 : 2009, m == 12 ? 1 : m + 1, 5, 0, 0, 0, TimeSpan.Zero)))
            .ToArray();

        var entry = Compute("2009-12-31", observations).Completeness.Single(c => c.Indicator.Value == Operations);
        var inJanuary = Compute("2010-01-31", observations).Completeness.Single(c => c.Indicator.Value == Operations);

        Assert.Equal((11, 11), (entry.Expected.Count, entry.Received.Count));
        Assert.Equal(["2009-12"], entry.Ahead.Select(p => p.ToString()));
        Assert.Empty(inJanuary.Ahead); // a new year: 2009's December is no period of 2010
    }

    [Fact]
    public void Compute_MilestonesAndDerived_NotListed()
    {
        var indicators = Compute("2009-12-31", []).Completeness.Select(c => c.Indicator.Value).ToHashSet();

        Assert.DoesNotContain("eloignements", indicators);
        Assert.DoesNotContain("comite_interministeriel_integration", indicators);
        Assert.Contains(Operations, indicators);
    }

    [Theory]
    [InlineData("2009-02-20T23:30:00+00:00", 0)] // the due day itself, late in the evening (UTC)
    [InlineData("2009-02-21T00:30:00+02:00", 0)] // still the 20th in UTC
    [InlineData("2009-02-21T00:30:00+00:00", 1)]
    [InlineData("2009-03-02T09:00:00+00:00", 10)]
    public void Compute_Lateness_FromTheUploadTimestampInUtc(string received, int days)
    {
        var at = DateTimeOffset.Parse(received, System.Globalization.CultureInfo.InvariantCulture);

        var entry = Compute("2009-02-28", [Value(Operations, "2009-01", "FR", 100, received: at)]).Completeness.Single(c => c.Indicator.Value == Operations);

        Assert.Equal(["2009-01"], entry.Received.Select(p => p.ToString()));
        Assert.Equal(days == 0 ? [] : [("2009-01", days)], entry.Late.Select(l => (l.Period.ToString(), l.Days)));
    }

    [Fact]
    public void Compute_LateThenCorrected_DelayOfTheFirstFileAndLastReceivedOfTheCorrection()
    {
        var first = new DateTimeOffset(2009, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var correction = new DateTimeOffset(2009, 4, 15, 14, 0, 0, TimeSpan.FromHours(2));
        var observations = new[]
        {
            Value(Operations, "2009-01", "FR", 100, "first", first),
            Value(Operations, "2009-01", "FR", 90, "correction", correction),
        };

        var entry = Compute("2009-02-28", observations).Completeness.Single(c => c.Indicator.Value == Operations);

        Assert.Equal([("2009-01", 10)], entry.Late.Select(l => (l.Period.ToString(), l.Days)));
        Assert.Equal(correction.ToUniversalTime(), entry.LastReceived);
        Assert.Equal(TimeSpan.Zero, entry.LastReceived!.Value.Offset);
    }

    [Fact]
    public void Compute_YearlyFigureNotDueThisYear_ListedEmptyWithItsLastUpload()
    {
        var sent = new DateTimeOffset(2009, 7, 1, 0, 0, 0, TimeSpan.Zero);

        var dashboard = Compute("2009-12-31", [Value("population_etrangere", "2006", "FR", 3_500_000, received: sent)]);

        var entry = dashboard.Completeness.Single(c => c.Indicator.Value == "population_etrangere");
        Assert.Empty(entry.Expected);
        Assert.Empty(entry.Late);
        Assert.Equal(sent, entry.LastReceived);
    }

    [Fact]
    public void Compute_NothingEverSent_NoLastReceivedAndEveryDuePeriodLate()
    {
        var entry = Compute("2009-03-31", []).Completeness.Single(c => c.Indicator.Value == Operations);

        Assert.Null(entry.LastReceived);
        Assert.Equal([("2009-01", 39), ("2009-02", 11)], entry.Late.Select(l => (l.Period.ToString(), l.Days)));
    }

    [Fact]
    public void Compute_QuarterlyIndicator_MonthsOfAReceivedYearCountAsReceived()
    {
        var entry = Compute("2009-12-31", [Ratio("part_etudiants_disciplines_prioritaires", "2009", "FR", 7, 10)])
            .Completeness.Single(c => c.Indicator.Value == "part_etudiants_disciplines_prioritaires");

        Assert.Equal(["2009-T1", "2009-T2", "2009-T3"], entry.Received.Select(p => p.ToString())); // T4 due 2010-02-14
    }
}
