using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Api;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class SnapshotCacheTests(AzuriteFixture azurite)
{
    private static readonly DateOnly March = new(2009, 3, 31);
    private static readonly DateOnly April = new(2009, 4, 30);

    [Fact]
    public async Task GetAsync_PublishedElsewhere_ServedWithinTheWindowThenReplacedInTheBackground()
    {
        var (storage, cache) = Storage();
        var (first, read, second) = await ReadThenRepublishAsync(storage, cache, null, "dashboard.json");

        storage.Time.Advance(SnapshotCache.Window - TimeSpan.FromMilliseconds(1));
        var within = await cache.GetAsync(null, "dashboard.json");
        storage.Time.Advance(TimeSpan.FromMilliseconds(1));
        var stale = await cache.GetAsync(null, "dashboard.json");
        var replaced = await EventuallyAsync(cache, second.Json);

        Assert.NotEqual(first.Json, second.Json);
        Assert.Equal(first.Json, read!.Content.ToArray());
        Assert.Same(read, within);
        Assert.Same(read, stale); // served at once while the background read runs
        Assert.True(replaced, "the background read never replaced the stale file");
    }

    [Fact]
    public async Task GetAsync_OlderThanTheGrace_ReadsStorageBeforeAnswering()
    {
        var (storage, cache) = Storage();
        var (_, _, second) = await ReadThenRepublishAsync(storage, cache, null, "dashboard.json");

        storage.Time.Advance(SnapshotCache.Grace);
        var after = await cache.GetAsync(null, "dashboard.json");

        Assert.Equal(second.Json, after!.Content.ToArray());
    }

    [Fact]
    public async Task GetAsync_AfterClear_ReadsStorageAtOnce()
    {
        var (storage, cache) = Storage();
        var (_, _, second) = await ReadThenRepublishAsync(storage, cache, March, "dashboard.csv");

        cache.Clear();
        var after = await cache.GetAsync(March, "dashboard.csv");

        Assert.Equal(second.Files.Single(f => f.Name == "dashboard.csv").Content, after!.Content.ToArray());
    }

    [Fact]
    public async Task GetAsync_NothingPublishedYet_IsNotRemembered()
    {
        var (storage, cache) = Storage();
        var before = await cache.GetAsync(null, "dashboard.json");

        var published = await storage.Recompute().RunAsync(March);
        var after = await cache.GetAsync(null, "dashboard.json");

        Assert.Null(before);
        Assert.Equal(published.Json, after!.Content.ToArray());
    }

    [Fact]
    public async Task GetAsync_ReleaseTimePassesWithinTheWindow_LatestSwitchesAtThatInstant()
    {
        // The newest released date is kept between release instants (the latest route asks it at every
        // request): an approval whose release time comes between two reads, the approvals not read
        // again, must switch the latest at that very instant.
        var storage = new TestStorage(azurite);
        await using var jobs = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: true));
        var cache = jobs.GetRequiredService<SnapshotCache>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var march = await jobs.GetRequiredService<Recompute>().RunAsync(March);
        await snapshots.ApproveAsync(March, releaseAt: null, "admin");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var april = await jobs.GetRequiredService<Recompute>().RunAsync(April);
        var releaseAt = storage.Time.GetUtcNow().AddSeconds(2);
        await snapshots.ApproveAsync(April, releaseAt, "admin");

        var before = await cache.GetAsync(null, "dashboard.json");
        storage.Time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        var justBefore = await cache.GetAsync(null, "dashboard.json");
        storage.Time.Advance(TimeSpan.FromTicks(1));
        var at = await cache.GetAsync(null, "dashboard.json");

        Assert.True(TimeSpan.FromSeconds(2) < SnapshotCache.Window, "the release must fall within one reading of the approvals");
        Assert.NotEqual(march.Json, april.Json);
        Assert.Equal(march.Json, before!.Content.ToArray());
        Assert.Equal(march.Json, justBefore!.Content.ToArray());
        Assert.Equal(april.Json, at!.Content.ToArray());
    }

    private (TestStorage Storage, SnapshotCache Cache) Storage()
    {
        var storage = new TestStorage(azurite);
        return (storage, storage.Jobs().GetRequiredService<SnapshotCache>());
    }

    /// <summary>Publishes March, reads <paramref name="file"/> through the cache, then republishes March with a file more.</summary>
    private static async Task<(RecomputeResult First, ServedFile Read, RecomputeResult Second)> ReadThenRepublishAsync(TestStorage storage, SnapshotCache cache, DateOnly? asOf, string file)
    {
        var first = await storage.Recompute().RunAsync(March);
        var read = await cache.GetAsync(asOf, file);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var second = await storage.Recompute().RunAsync(March, republish: true);
        return (first, read!, second);
    }

    private static async Task<bool> EventuallyAsync(SnapshotCache cache, byte[] expected)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if ((await cache.GetAsync(null, "dashboard.json"))!.Content.ToArray().AsSpan().SequenceEqual(expected))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
