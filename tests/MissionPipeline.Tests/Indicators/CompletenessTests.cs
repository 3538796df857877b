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
    }

    [Fact]
    public void Compute_MilestonesAndDerived_NotListed()
    {
        var indicators = Compute("2009-12-31", []).Completeness.Select(c => c.Indicator.Value).ToHashSet();

        Assert.DoesNotContain("eloignements", indicators);
        Assert.DoesNotContain("comite_interministeriel_integration", indicators);
        Assert.Contains(Operations, indicators);
    }
}
