using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

/// <summary>
/// Property: no suppressed cell can be recomputed from the published figures, over generated
/// snapshots (fixed seed): small cells everywhere, overseas départements, a derived sum, and
/// snapshots that also publish FR-MET and FR-DOM beside FR.
/// </summary>
public sealed class SmallCountSuppressionPropertyTests
{
    private const int Trials = 60;
    private static readonly string[] Counts = ["eloignements_forces", "retours_aides", "interpellations_aide_sejour"];

    public static TheoryData<int> Seeds => new(Enumerable.Range(0, Trials).Select(i => 20090331 + i));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Apply_GeneratedSnapshot_NoHiddenCellRecoverable(int seed)
    {
        var computed = Generated(new Random(seed));

        var published = SmallCountSuppression.Apply(computed, DefaultCatalogue);

        Assert.Empty(SuppressionAttack.Recovered(published, computed, DefaultCatalogue));
        foreach (var (truth, r) in computed.Indicators.Zip(published.Indicators).Where(x => DefaultCatalogue[x.First.Id].Sensitive))
        {
            // Every group whose published total is the sum of its cells: 0 or at least 2 hidden.
            foreach (var total in SuppressionAttack.Totals(truth, DefaultCatalogue[r.Id]).Where(t => IsSumOfItsCells(truth, t)))
            {
                var hidden = r.Territories.Count(c => c.Value is null && c.Territory.Kind == TerritoryKind.Departement && SuppressionAttack.Under(total, c.Territory));
                Assert.True(hidden != 1, $"seed {seed}: {r.Id} has a single hidden cell under {total.Code}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Apply_GeneratedSnapshot_SmallCellsHiddenTotalsAndSeriesExact(int seed)
    {
        var computed = Generated(new Random(seed));

        var published = SmallCountSuppression.Apply(computed, DefaultCatalogue);

        foreach (var (before, after) in computed.Indicators.Zip(published.Indicators))
        {
            Assert.Equal(before.Actual, after.Actual);
            Assert.Equal(before.Series, after.Series);
            Assert.Equal(before.Territories.Where(c => c.Territory.Kind != TerritoryKind.Departement), after.Territories.Where(c => c.Territory.Kind != TerritoryKind.Departement));
            var small = before.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement && c.Value < SmallCountSuppression.DefaultThreshold).Select(c => c.Territory);
            var hidden = after.Territories.Where(c => c.Value is null).Select(c => c.Territory).ToHashSet();
            if (DefaultCatalogue[before.Id].Sensitive)
            {
                Assert.All(small, t => Assert.Contains(t, hidden));
            }
            else
            {
                Assert.Empty(hidden);
            }
        }
    }

    private static bool IsSumOfItsCells(IndicatorResult r, Territory total)
    {
        var value = total == DefaultCatalogue[r.Id].Headline ? r.Actual!.Value : r.Territories.Single(c => c.Territory == total).Value!.Value;
        var cells = r.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement && SuppressionAttack.Under(total, c.Territory)).Sum(c => c.Value!.Value);
        return Math.Abs(value - cells) < 1e-9;
    }

    /// <summary>
    /// January 2009 of the three sensitive counts, each over 2-24 metropolitan départements and none
    /// or 2-4 overseas ones, 40 % of cells below 6; half the time the arrests also publish FR-MET,
    /// and FR-DOM, as a catalogue whose scope asked for them would.
    /// </summary>
    private static Dashboard Generated(Random random)
    {
        var observations = new List<SourcedObservation>();
        var metropolitan = Geography2009.Default.Departements.Where(d => d.Metropolitan).Select(d => d.Territory).ToArray();
        var overseas = Geography2009.Default.Departements.Where(d => !d.Metropolitan).Select(d => d.Territory).ToArray();
        foreach (var id in Counts)
        {
            var departements = Pick(random, metropolitan, random.Next(2, 25)).Concat(random.Next(3) == 0 ? [] : Pick(random, overseas, random.Next(2, 5)));
            observations.AddRange(departements.Select(d => Value(id, "2009-01", d.Code, random.NextDouble() < 0.4 ? random.Next(0, 6) : random.Next(5, 400))));
        }

        var dashboard = Compute("2009-01-31", observations);
        return random.Next(2) == 0 ? dashboard : dashboard with { Indicators = dashboard.Indicators.Select(WithMetropoleAndOverseas).ToArray() };
    }

    private static IndicatorResult WithMetropoleAndOverseas(IndicatorResult r)
    {
        if (r.Id.Value != "interpellations_aide_sejour")
        {
            return r;
        }

        var cells = r.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement).ToArray();
        double Sum(bool metropolitan) => cells.Where(c => SuppressionAttack.Under(Territory.Metropole, c.Territory) == metropolitan).Sum(c => c.Value!.Value);
        return r with { Territories = [new(Territory.Metropole, Sum(true)), new(Territory.OutreMer, Sum(false)), .. cells] };
    }

    private static IEnumerable<Territory> Pick(Random random, Territory[] from, int count) =>
        from.OrderBy(_ => random.Next()).Take(Math.Min(count, from.Length)).ToArray();
}
