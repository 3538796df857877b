using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MissionPipeline.Api;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.IntegrationTests.Faults;
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

    [Fact]
    public async Task GetAsync_StorageStoppedPastTheGrace_KeptCopyServedUntilStaleIfErrorThenTheFailure()
    {
        await using var storage = await OutageEmulator.StartAsync();
        var cache = storage.Jobs().GetRequiredService<SnapshotCache>();
        var published = await storage.Recompute().RunAsync(March);
        var read = await cache.GetAsync(null, "dashboard.json");
        var before = cache.AwaySince;

        await storage.StopAsync();
        storage.Time.Advance(SnapshotCache.Grace);
        var stoppedAt = storage.Time.GetUtcNow();
        var stale = await cache.GetAsync(null, "dashboard.json");
        var since = cache.AwaySince;
        storage.Time.Advance(SnapshotCache.StaleIfError - SnapshotCache.Grace - TimeSpan.FromTicks(1));
        var last = await cache.GetAsync(null, "dashboard.json");
        storage.Time.Advance(TimeSpan.FromTicks(1));
        var past = await Record.ExceptionAsync(() => cache.GetAsync(null, "dashboard.json").AsTask());
        await storage.RestartAsync();
        var back = await cache.GetAsync(null, "dashboard.json");

        Assert.Null(before);
        Assert.Same(read, stale);
        Assert.Equal(stoppedAt, since);
        Assert.Same(read, last);
        Assert.True(StorageFailure.IsUnreachable(past), $"past the hour the storage's failure is the answer, got {past}");
        Assert.Equal(published.Json, back!.Content.ToArray());
        Assert.Null(cache.AwaySince);
    }

    [Fact]
    public async Task GetAsync_StorageHangsPastTheGrace_KeptCopyServedAfterTheStorageWait()
    {
        await using var emulator = await Azurite.StartInMemoryAsync();
        await StorageLayout.Default.EnsureCreatedAsync(new BlobServiceClient(emulator.ConnectionString), new TableServiceClient(emulator.ConnectionString));
        await using var blobs = new HangingRelay(emulator.BlobPort);
        await using var tables = new HangingRelay(emulator.TablePort);
        var connection = Azurite.ConnectionStringFor(blobs.Port, emulator.QueuePort, tables.Port);
        var time = new FakeTimeProvider(new DateTimeOffset(2010, 6, 30, 8, 0, 0, TimeSpan.Zero));
        await using var jobs = TestJobs.Wire(new BlobServiceClient(connection), new TableServiceClient(connection), StorageLayout.Default, time);
        var cache = jobs.GetRequiredService<SnapshotCache>();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var read = await cache.GetAsync(null, "dashboard.json");

        blobs.Hang();
        tables.Hang();
        time.Advance(SnapshotCache.Grace);
        var waiting = cache.GetAsync(null, "dashboard.json").AsTask();
        var waitedBefore = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500))) == waiting;
        time.Advance(SnapshotCache.StorageWait);
        var served = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var next = await cache.GetAsync(null, "dashboard.json").AsTask().WaitAsync(TimeSpan.FromSeconds(1));

        Assert.False(waitedBefore, "the request must wait for the storage before the storage wait passes");
        Assert.Same(read, served);
        Assert.Same(read, next); // the storage now known away: served at once
        Assert.NotNull(cache.AwaySince);
    }

    [Fact]
    public async Task GetAsync_ApprovalRequiredStorageStopped_KeptApprovalsStillReleaseOnTime()
    {
        await using var storage = await OutageEmulator.StartAsync();
        await using var jobs = TestJobs.Wire(storage.Blobs(), storage.Tables(), storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: true));
        var cache = jobs.GetRequiredService<SnapshotCache>();
        var snapshots = jobs.GetRequiredService<Snapshots>();
        var march = await jobs.GetRequiredService<Recompute>().RunAsync(March);
        await snapshots.ApproveAsync(March, releaseAt: null, "admin");
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var april = await jobs.GetRequiredService<Recompute>().RunAsync(April);
        await snapshots.ApproveAsync(April, storage.Time.GetUtcNow() + SnapshotCache.Grace + TimeSpan.FromMinutes(1), "admin");
        var marchRead = await cache.GetAsync(null, "dashboard.json");
        var aprilRead = await cache.GetAsync(April, "dashboard.json");

        await storage.StopAsync();
        storage.Time.Advance(SnapshotCache.Grace);
        var beforeRelease = await cache.GetAsync(null, "dashboard.json");
        storage.Time.Advance(TimeSpan.FromMinutes(1));
        var afterRelease = await cache.GetAsync(null, "dashboard.json");

        Assert.NotEqual(march.Json, april.Json);
        Assert.Equal(march.Json, marchRead!.Content.ToArray());
        Assert.Same(marchRead, beforeRelease);
        Assert.Same(aprilRead, afterRelease); // released at its time by the approvals kept before the outage
        Assert.NotNull(cache.AwaySince);
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
