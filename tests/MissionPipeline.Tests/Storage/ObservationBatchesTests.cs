using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

/// <summary>Azurite accepts batches Azure refuses: the rules of table transactions are checked here.</summary>
public sealed class ObservationBatchesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(1000, 10)]
    public void Plan_OnePartition_AtMost100PerBatch(int count, int batches)
    {
        var rows = Rows("retours_aides", 2009, count);

        var plan = ObservationBatches.Plan(rows).ToList();

        Assert.Equal(batches, plan.Count);
        Assert.All(plan, b => Assert.InRange(b.Count, 1, ObservationBatches.MaxOperations));
        Assert.Equal(count, plan.Sum(b => b.Count));
    }

    [Fact]
    public void Plan_ManyPartitions_NeverMixesPartitionsAndKeepsEveryRowOnce()
    {
        var rows = Rows("retours_aides", 2008, 150).Concat(Rows("retours_aides", 2009, 30)).Concat(Rows("cai_bilans_competences", 2009, 120)).ToList();

        var plan = ObservationBatches.Plan(rows).ToList();

        Assert.All(plan, b => Assert.Single(b.Select(r => r.PartitionKey).Distinct()));
        Assert.Equal(rows.Select(r => r.PartitionKey + r.RowKey).Order(), plan.SelectMany(b => b).Select(r => r.PartitionKey + r.RowKey).Order());
        Assert.Equal(5, plan.Count);
    }

    [Fact]
    public void Plan_LongComments_StayUnderThePayloadBudget()
    {
        var rows = Rows("retours_aides", 2009, 100, comment: new string('é', 500)).ToList();

        var plan = ObservationBatches.Plan(rows).ToList();

        Assert.All(plan, b => Assert.True(b.Sum(r => 1024 + (2 * System.Text.Encoding.UTF8.GetByteCount(r.Comment!))) <= ObservationBatches.MaxPayloadBytes));
    }

    [Theory]
    [InlineData("DEP-2A", "2009-T1")]
    [InlineData("DEP-971", "2009-03-15")]
    [InlineData("FR-MET", "2009")]
    [InlineData("EL", "2009-01")]
    public void From_Keys_NeverHoldForbiddenCharacters(string territory, string period)
    {
        Territory.TryParse(territory, out var t);
        var row = ObservationRow.From(new Observation(new IndicatorId("demandes_asile_ue"), Period.Parse(period), t, 12), new AgencyId("eurostat"), "0123456789abcdef0123456789abcdef", DateTimeOffset.UnixEpoch);

        foreach (var key in new[] { row.PartitionKey, row.RowKey })
        {
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        }

        Assert.Equal($"demandes_asile_ue~{Period.Parse(period).Year}", row.PartitionKey);
        Assert.Equal(row.ToSourced().Observation, new Observation(new IndicatorId("demandes_asile_ue"), Period.Parse(period), t, 12));
    }

    private static IEnumerable<ObservationRow> Rows(string indicator, int year, int count, string? comment = null) =>
        Enumerable.Range(0, count).Select(i => ObservationRow.From(
            new Observation(new IndicatorId(indicator), Period.OfMonth(year, (i % 12) + 1), Geography2009.Default.Departements[i % 100].Territory, i, Comment: comment),
            new AgencyId("ofii"), $"{i:D32}", DateTimeOffset.UnixEpoch));
}
