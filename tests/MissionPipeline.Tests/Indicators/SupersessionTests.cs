using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Invariant 4: the later upload wins per cell, by the upload's full timestamp, never the date alone.</summary>
public sealed class SupersessionTests
{
    private static readonly DateTimeOffset Second = new(2009, 4, 9, 8, 12, 31, TimeSpan.Zero);

    [Theory]
    // Same upload second (storage gives seconds): the later claim wins, whatever the ingest ids.
    [InlineData(0, 0, 10, "ffff", "0000", 80)]
    [InlineData(0, 0, -10, "0000", "ffff", 100)]
    // A later upload wins even when claimed earlier (a backlog processed out of order).
    [InlineData(0, 1, -5000, "ffff", "0000", 80)]
    // Same day, different hours: never the date alone.
    [InlineData(0, 3600, 0, "ffff", "0000", 80)]
    // Everything equal: the greater ingest id, so the choice is still deterministic.
    [InlineData(0, 0, 0, "aaaa", "bbbb", 80)]
    public void Latest_TwoValuesForOneCell_PicksTheLaterUpload(int firstSeconds, int secondSeconds, int claimGapMs, string firstId, string secondId, double expected)
    {
        var key = new Observation(new IndicatorId("cai_bilans_competences"), MissionPipeline.Periods.Period.OfMonth(2009, 3), MissionPipeline.Geography.Territory.France, 0);
        var first = new SourcedObservation(key with { Value = 100 }, new AgencyId("ofii"), firstId, Second.AddSeconds(firstSeconds), Second.AddSeconds(firstSeconds).AddMilliseconds(500));
        var second = new SourcedObservation(key with { Value = 80 }, new AgencyId("ofii"), secondId, Second.AddSeconds(secondSeconds), first.Claimed.AddMilliseconds(claimGapMs));

        var latest = EngineContext.Latest([first, second], new DateOnly(2009, 12, 31)).Single();
        var reversed = EngineContext.Latest([second, first], new DateOnly(2009, 12, 31)).Single();

        Assert.Equal(expected, latest.Observation.Value);
        Assert.Equal(latest, reversed);
    }
}
