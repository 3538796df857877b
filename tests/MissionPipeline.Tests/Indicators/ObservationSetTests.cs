using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using Territory = MissionPipeline.Geography.Territory;

namespace MissionPipeline.Tests.Indicators;

/// <summary>The engine's compact input: what goes in comes out, its narrow questions agree with LINQ over loose observations, and it is small.</summary>
public sealed class ObservationSetTests
{
    private static readonly DateTimeOffset Received = new(2009, 4, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Enumerate_EveryKindOfObservation_GivesBackEqualRecords()
    {
        var ofii = new AgencyId("ofii");
        Observation[] observations =
        [
            new(new IndicatorId("retours_aides"), Period.Parse("2009-01"), Territory.France, 12, Row: 2),
            new(new IndicatorId("dilf_taux_reussite"), Period.Parse("2009-Q1"), Territory.Departement("2A"), null, 45, 50, Row: 3, Comment: "estimé"),
            new(new IndicatorId("dilf_taux_reussite"), Period.Parse("2009"), Territory.Region("11"), 0.5, Weight: 12.5, Status: ValueStatus.Provisional, Row: 4),
            new(new IndicatorId("retours_aides"), Period.Parse("2009-02"), Territory.Metropole, null, Status: ValueStatus.Secret, Row: 5),
            new(new IndicatorId("retours_aides"), Period.Parse("2009-03"), Territory.OutreMer, null, Status: ValueStatus.NotAvailable, Row: 0, Comment: "« non transmis »"),
        ];
        var sourced = observations.Select(o => new SourcedObservation(o, ofii, "file-1", Received, Received.AddMilliseconds(3))).ToArray();

        var set = ObservationSet.From(sourced);

        Assert.Equal(sourced, set.ToArray());
        Assert.Equal(5, set.Count);
        Assert.Single(set.Blocks);
        Assert.Equal(new FileSource(ofii, "file-1", Received, Received.AddMilliseconds(3)), set.Blocks[0].Source);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Of_AnyNarrowing_MatchesLinqOverLooseObservations(int seed)
    {
        var random = new Random(seed);
        var loose = Generated(random, 3_000);
        var set = ObservationSet.From(loose);
        var asOf = new DateOnly(2009, 9, 30);
        var indicator = new IndicatorId("retours_aides");
        var territory = Territory.Departement("13");
        var agency = new AgencyId("ofii");
        var yearStart = new DateOnly(2009, 1, 1);

        static IEnumerable<string> Keys(IEnumerable<SourcedObservation> list) =>
            list.Select(o => string.Join('|', o.Observation.Key, o.Agency, o.IngestId, o.Received.UtcTicks, o.Observation.Value, o.Observation.Row)).Order(StringComparer.Ordinal);
        var mine = loose.Where(o => o.Observation.Indicator == indicator && o.Observation.Period.End <= asOf).ToArray();

        Assert.NotEmpty(mine);
        Assert.Equal(Keys(mine), Keys(set.Of(indicator, asOf)));
        Assert.Equal(Keys(mine.Where(o => o.Observation.Territory == territory)), Keys(set.Of(indicator, asOf, territory)));
        Assert.Equal(Keys(mine.Where(o => o.Agency == agency && o.Observation.Period.End >= yearStart)), Keys(set.Of(indicator, asOf, agency: agency, endingFrom: yearStart)));
        Assert.Equal(mine.Where(o => o.Observation.HasFigure).Max(o => o.Received), set.LastFigureReceived(indicator, agency, asOf));
        Assert.Equal(loose.Where(o => o.Observation.Period.End <= asOf).Select(o => o.Received).Max(), new RecomputeInput(asOf, IndicatorCatalogue.Default, set, []).LatestReceipt);
    }

    [Fact]
    public void Latest_GeneratedRevisions_EqualsTheRuleStatedTheSlowWay()
    {
        var random = new Random(20090331);
        var loose = Generated(random, 5_000);
        var asOf = new DateOnly(2009, 9, 30);
        var indicator = new IndicatorId("cai_bilans_competences");
        var expected = loose.Where(o => o.Observation.Indicator == indicator && o.Observation.Period.End <= asOf)
            .GroupBy(o => o.Observation.Key)
            .Select(g => g.OrderByDescending(o => o.Received).ThenByDescending(o => o.Claimed)
                .ThenByDescending(o => o.IngestId, StringComparer.Ordinal).ThenByDescending(o => o.Observation.Row).First())
            .OrderBy(o => o.Observation.Period).ThenBy(o => o.Observation.Territory.Code, StringComparer.Ordinal)
            .Select(o => (o.Observation.Key, o.Received, o.Claimed, o.IngestId, o.Observation.Row))
            .ToArray();

        var latest = ObservationSet.From(loose).Latest(indicator, asOf);

        Assert.True(expected.Length > 20);
        Assert.Equal(expected, latest.Select(o => (o.Observation.Key, o.Received, o.Claimed, o.IngestId, o.Observation.Row)));
    }

    [Fact]
    public void ReceivedBy_AMoment_KeepsOnlyTheFilesReceivedByThen()
    {
        var loose = Generated(new Random(7), 1_000);
        var moment = Received.AddSeconds(1);

        var known = ObservationSet.From(loose).ReceivedBy(moment);

        Assert.Equal(loose.Count(o => o.Received <= moment), known.Count);
        Assert.All(known.Blocks, b => Assert.True(b.Source.Received <= moment));
        Assert.NotEmpty(known.Blocks);
    }

    [Fact]
    public void Block_HundredThousandValues_HoldsAboutTwentyBytesEach()
    {
        // The point of the compact form: a file's observations cost a few columns, not two objects each.
        var territories = MissionPipeline.Geography.Geography2009.Default.Departements.Select(d => d.Territory).ToArray();
        var observations = Enumerable.Range(0, 100_000).Select(i => new Observation(
            new IndicatorId("retours_aides"), Period.OfMonth(1990 + (i / 1200 % 20), 1 + (i / 100 % 12)), territories[i % territories.Length], i, Row: i + 2)).ToArray();
        var source = new FileSource(new AgencyId("ofii"), "big", Received);

        // This thread's allocations, not the process's heap: other tests run beside this one.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var block = ObservationBlock.From(source, observations);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000, block.Count);
        Assert.InRange(allocated / 100_000.0, 1, 25);
        Assert.InRange(block.Bytes / 100_000.0, 15, 25);
        GC.KeepAlive(block);
        GC.KeepAlive(observations);
    }

    /// <summary>Observations of two indicators over 2009, from several files of two agencies with ties at every level of "latest wins".</summary>
    private static SourcedObservation[] Generated(Random random, int count)
    {
        var indicators = new[] { new IndicatorId("cai_bilans_competences"), new IndicatorId("retours_aides") };
        var territories = new[] { Territory.France, Territory.Departement("13"), Territory.Departement("75") };
        var agencies = new[] { new AgencyId("ofii"), new AgencyId("dsed") };
        return [.. Enumerable.Range(0, count).Select(i => new SourcedObservation(
            new Observation(indicators[random.Next(2)], Period.OfMonth(2009, 1 + random.Next(12)), territories[random.Next(3)],
                random.Next(5) == 0 ? null : i, Status: random.Next(5) == 0 ? ValueStatus.NotAvailable : ValueStatus.Final, Row: random.Next(3)),
            agencies[random.Next(2)],
            ((char)('a' + random.Next(3))).ToString(),
            Received.AddSeconds(random.Next(3)),
            Received.AddMilliseconds(random.Next(3))))];
    }
}
