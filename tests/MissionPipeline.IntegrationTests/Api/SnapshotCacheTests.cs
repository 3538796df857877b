using MissionPipeline.Api;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class SnapshotCacheTests(AzuriteFixture azurite)
{
    private static readonly DateOnly March = new(2009, 3, 31);

    [Fact]
    public async Task GetAsync_PublishedElsewhere_ServedWithinTheWindowThenReplacedInTheBackground()
    {
        var storage = new TestStorage(azurite);
        var cache = new SnapshotCache(new Snapshots(storage.Blobs, storage.Layout), storage.Time);
        var first = await storage.Recompute().RunAsync(March);
        var read = await cache.GetAsync(null, "dashboard.json");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var second = await storage.Recompute().RunAsync(March, republish: true);

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
        var storage = new TestStorage(azurite);
        var cache = new SnapshotCache(new Snapshots(storage.Blobs, storage.Layout), storage.Time);
        await storage.Recompute().RunAsync(March);
        await cache.GetAsync(null, "dashboard.json");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var second = await storage.Recompute().RunAsync(March, republish: true);

        storage.Time.Advance(SnapshotCache.Grace);
        var after = await cache.GetAsync(null, "dashboard.json");

        Assert.Equal(second.Json, after!.Content.ToArray());
    }

    [Fact]
    public async Task GetAsync_AfterClear_ReadsStorageAtOnce()
    {
        var storage = new TestStorage(azurite);
        var cache = new SnapshotCache(new Snapshots(storage.Blobs, storage.Layout), storage.Time);
        await storage.Recompute().RunAsync(March);
        await cache.GetAsync(March, "dashboard.csv");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var second = await storage.Recompute().RunAsync(March, republish: true);

        cache.Clear();
        var after = await cache.GetAsync(March, "dashboard.csv");

        Assert.Equal(second.Files.Single(f => f.Name == "dashboard.csv").Content, after!.Content.ToArray());
    }

    [Fact]
    public async Task GetAsync_NothingPublishedYet_IsNotRemembered()
    {
        var storage = new TestStorage(azurite);
        var cache = new SnapshotCache(new Snapshots(storage.Blobs, storage.Layout), storage.Time);
        var before = await cache.GetAsync(null, "dashboard.json");

        var published = await storage.Recompute().RunAsync(March);
        var after = await cache.GetAsync(null, "dashboard.json");

        Assert.Null(before);
        Assert.Equal(published.Json, after!.Content.ToArray());
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
