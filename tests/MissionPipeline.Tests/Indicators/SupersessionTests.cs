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

    [Fact]
    public void Latest_ManyCorrectionsInAnyOrder_EachCellKeepsItsGreatestByUploadClaimIdAndRow()
    {
        // The rule stated the slow way (every cell's candidates sorted), against the engine's one pass,
        // on generated cells with many ties at each level; the input order must not matter either.
        var random = new Random(20090331);
        var indicators = new[] { new IndicatorId("cai_bilans_competences"), new IndicatorId("retours_aides") };
        var territories = new[] { MissionPipeline.Geography.Territory.France, MissionPipeline.Geography.Territory.Metropole };
        var observations = Enumerable.Range(0, 5_000).Select(i => new SourcedObservation(
            new Observation(indicators[random.Next(2)], MissionPipeline.Periods.Period.OfMonth(2009, 1 + random.Next(12)), territories[random.Next(2)], i, Row: random.Next(3)),
            new AgencyId("ofii"),
            ((char)('a' + random.Next(3))).ToString(),
            Second.AddSeconds(random.Next(3)),
            Second.AddMilliseconds(random.Next(3)))).ToArray();
        var asOf = new DateOnly(2009, 9, 30);
        var expected = observations.Where(o => o.Observation.Period.End <= asOf)
            .GroupBy(o => o.Observation.Key)
            .Select(g => g.OrderByDescending(o => o.Received).ThenByDescending(o => o.Claimed)
                .ThenByDescending(o => o.IngestId, StringComparer.Ordinal).ThenByDescending(o => o.Observation.Row).First())
            .OrderBy(o => o.Observation.Indicator.Value, StringComparer.Ordinal).ThenBy(o => o.Observation.Period).ThenBy(o => o.Observation.Territory.Code, StringComparer.Ordinal)
            .ToArray();

        var latest = EngineContext.Latest(observations, asOf).ToArray();
        var shuffled = EngineContext.Latest(observations.OrderBy(_ => random.Next()).ToArray(), asOf).ToArray();

        Assert.Equal(2 * 2 * 9, latest.Length);
        Assert.Equal(expected.Select(o => (o.Observation.Key, o.Received, o.Claimed, o.IngestId, o.Observation.Row)), latest.Select(o => (o.Observation.Key, o.Received, o.Claimed, o.IngestId, o.Observation.Row)));
        Assert.Equal(latest.Select(o => (o.Observation.Key, o.Received, o.Claimed, o.IngestId, o.Observation.Row)), shuffled.Select(o => (o.Observation.Key, o.Received, o.Claimed, o.IngestId, o.Observation.Row)));
    }
}
