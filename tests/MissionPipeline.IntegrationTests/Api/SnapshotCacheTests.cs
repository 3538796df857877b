using Microsoft.Extensions.DependencyInjection;
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
