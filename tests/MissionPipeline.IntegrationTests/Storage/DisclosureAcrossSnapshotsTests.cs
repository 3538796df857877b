using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Storage;

/// <summary>
/// Small counts across the snapshots of one year, on the storage as the recompute publishes them:
/// no two published values of a département cell of a sensitive flow differ by less than the
/// threshold (a préfet's red team read July's 3 voluntary returns of Alpes-de-Haute-Provence as
/// 30 − 27 between the June and July snapshots). What the snapshots published is recorded before
/// each one is, and rebuilt from the published dashboards on a storage that has no record yet.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DisclosureAcrossSnapshotsTests(AzuriteFixture azurite)
{
    private static readonly DateOnly[] MonthEnds = [new(2009, 1, 31), new(2009, 2, 28), new(2009, 3, 31), new(2009, 4, 30)];

    [Fact]
    public async Task RunAsync_MonthlySnapshots_NoTwoPublishedValuesOfACellDifferByASmallCount()
    {
        var storage = new TestStorage(azurite);
        // DEP-04 returns 3 a month (27 in January: published then, never its months after); DEP-48, 0 then 6.
        var months = new[] { "DEP-04=27 DEP-48=9 DEP-75=212 DEP-13=88 DEP-69=40", "DEP-04=3 DEP-48=0 DEP-75=180 DEP-13=70 DEP-69=35", "DEP-04=3 DEP-48=6 DEP-75=190 DEP-13=75 DEP-69=2", "DEP-04=3 DEP-48=1 DEP-75=200 DEP-13=81 DEP-69=44" };
        var recompute = storage.Recompute();
        var published = new List<Dashboard>();
        for (var m = 0; m < months.Length; m++)
        {
            await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", $"ofii-2009-{m + 1:D2}.csv", File(m + 1, months[m])));
            published.Add((await recompute.RunAsync(MonthEnds[m])).Dashboard);
        }

        var shown = published.SelectMany(d => Returns(d).Where(c => c.Value is not null).Select(c => (d.AsOf, c.Territory, Value: c.Value!.Value))).ToArray();
        var pairs = shown.SelectMany(a => shown.Where(b => b.Territory == a.Territory && b.AsOf > a.AsOf).Select(b => (a, b))).ToArray();
        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.True(Math.Abs(p.b.Value - p.a.Value) >= SmallCountSuppression.DefaultThreshold, $"{p.a.Territory.Code}: {p.a.Value} as of {p.a.AsOf}, {p.b.Value} as of {p.b.AsOf}"));
        Assert.Equal(27, Returns(published[0]).Single(c => c.Territory.Code == "DEP-04").Value);
        Assert.Null(Returns(published[1]).Single(c => c.Territory.Code == "DEP-04").Value); // 30: its February was 3
        Assert.Equal(33, Returns(published[2]).Single(c => c.Territory.Code == "DEP-04").Value); // 6 since January's: shown again
        var history = (await new Snapshots(storage.Blobs, storage.Layout).DisclosureHistoryAsync()).History;
        var hidden = published.Sum(d => Returns(d).Count(c => c.Value is null));
        Assert.True(hidden > 0);
        Assert.Equal(shown.Length + OtherFollowedCells(published) + hidden, history.Count); // every value shown or hidden, recorded once
    }

    [Fact]
    public async Task DisclosureHistoryAsync_StorageWithoutARecord_RebuiltFromThePublishedDashboards()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-01.csv", File(1, "DEP-04=27 DEP-75=212 DEP-13=88 DEP-69=40")));
        await storage.Recompute().RunAsync(MonthEnds[0]);
        var snapshots = new Snapshots(storage.Blobs, storage.Layout);
        var recorded = (await snapshots.DisclosureHistoryAsync()).History.Write();
        // A storage an earlier version published on: the record is absent.
        await storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).DeleteBlobAsync(StorageLayout.DisclosureHistoryBlob);

        var (rebuilt, etag) = await snapshots.DisclosureHistoryAsync();
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-02.csv", File(2, "DEP-04=3 DEP-75=180 DEP-13=70 DEP-69=35")));
        var february = (await storage.Recompute().RunAsync(MonthEnds[1])).Dashboard;

        Assert.Null(etag);
        Assert.Equal(Encoding.UTF8.GetString(recorded), Encoding.UTF8.GetString(rebuilt.Write()));
        Assert.Null(Returns(february).Single(c => c.Territory.Code == "DEP-04").Value);
        Assert.NotNull((await snapshots.DisclosureHistoryAsync()).ETag); // recorded again with February's
    }

    /// <summary>A rebuilt record is kept by the next publication even when that one shows nothing new: it is not rebuilt at every run.</summary>
    [Fact]
    public async Task RunAsync_RebuiltRecordNothingNew_RecordedOnce()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-01.csv", File(1, "DEP-04=27 DEP-75=212 DEP-13=88 DEP-69=40")));
        await storage.Recompute().RunAsync(MonthEnds[0]);
        await storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots).DeleteBlobAsync(StorageLayout.DisclosureHistoryBlob);

        await storage.Recompute().RunAsync(new DateOnly(2009, 2, 5)); // the same figures, over the same month

        Assert.NotNull((await new Snapshots(storage.Blobs, storage.Layout).DisclosureHistoryAsync()).ETag);
    }

    /// <summary>A recompute whose snapshot is not written (the date published, no republication asked) records nothing: nobody sees its values.</summary>
    [Fact]
    public async Task RunAsync_SnapshotKept_RecordsNothing()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-01.csv", File(1, "DEP-04=27 DEP-75=212 DEP-13=88 DEP-69=40")));
        await storage.Recompute().RunAsync(MonthEnds[0]);
        var snapshots = new Snapshots(storage.Blobs, storage.Layout);
        var before = await snapshots.DisclosureHistoryAsync();
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-01-rectificatif.csv", File(1, "DEP-04=33")));

        var kept = await storage.Recompute().RunAsync(MonthEnds[0]);

        Assert.Equal(PublishOutcome.Kept, kept.Outcome);
        Assert.Equal(33, Returns(kept.Dashboard).Single(c => c.Territory.Code == "DEP-04").Value); // computed, not published
        Assert.Equal(before.ETag, (await snapshots.DisclosureHistoryAsync()).ETag);
    }

    /// <summary>An OFII file of voluntary returns for one month of 2009, from <c>"DEP-xx=n"</c> pairs.</summary>
    private static byte[] File(int month, string cells) => Encoding.UTF8.GetBytes(
        "indicateur;periode;territoire;valeur;numerateur;denominateur;statut;commentaire\n"
        + string.Concat(cells.Split(' ').Select(c => c.Split('=')).Select(c => $"retours_aides;2009-{month:D2};{c[0]};{c[1]};;;;\n")));

    private static IEnumerable<TerritoryValue> Returns(Dashboard dashboard) =>
        dashboard.Indicators.Single(i => i.Id.Value == "retours_aides").Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement);

    /// <summary>The values recorded for the other followed indicators (the derived removals, which sum the returns here).</summary>
    private static int OtherFollowedCells(IEnumerable<Dashboard> published) =>
        published.SelectMany(d => d.Indicators.Where(i => i.Id.Value is "eloignements" or "eloignements_forces" or "interpellations_aide_sejour")
            .SelectMany(i => i.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement && c.Value is not null).Select(c => (i.Id, c.Territory, c.Value)))).Distinct().Count();
}
