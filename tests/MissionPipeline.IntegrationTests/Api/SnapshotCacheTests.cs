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

    /// <summary>
    /// What another route or the health probe tells the cache: the storage away, then answering. The
    /// health's <c>staleSince</c> is said only while a file is kept to serve meanwhile.
    /// </summary>
    [Fact]
    public async Task MarkAway_ThenMarkAnswering_AwaySinceAndServesKeptSinceFollow()
    {
        var (storage, cache) = Storage();
        await storage.Recompute().RunAsync(March);

        cache.MarkAway();
        var nothingKept = (cache.AwaySince, cache.ServesKeptSince);
        cache.MarkAnswering();
        await cache.GetAsync(March, "dashboard.csv");
        storage.Time.Advance(TimeSpan.FromMinutes(1));
        cache.MarkAway();
        var kept = (cache.AwaySince, cache.ServesKeptSince);
        storage.Time.Advance(TimeSpan.FromMinutes(1));
        cache.MarkAway(); // the first instant stays
        var again = cache.AwaySince;
        cache.MarkAnswering();

        Assert.Equal((storage.Time.GetUtcNow() - TimeSpan.FromMinutes(2), (DateTimeOffset?)null), nothingKept);
        Assert.Equal((storage.Time.GetUtcNow() - TimeSpan.FromMinutes(1), storage.Time.GetUtcNow() - TimeSpan.FromMinutes(1)), kept);
        Assert.Equal(kept.AwaySince, again);
        Assert.Equal((null, null), (cache.AwaySince, cache.ServesKeptSince));
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
        await using var storage = await HangableStorage.StartAsync();
        await using var jobs = storage.Jobs();
        var time = storage.Time;
        var cache = jobs.GetRequiredService<SnapshotCache>();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var read = await cache.GetAsync(null, "dashboard.json");

        storage.Hang();
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

    /// <summary>
    /// The storage comes back while this process still counts it away: a file it never kept is read
    /// from the storage, and its answer is not marked stale, though the approvals that chose the
    /// latest date were the kept ones (the red team's page, read fresh, said it was the copy kept
    /// before the outage).
    /// </summary>
    [Fact]
    public async Task GetAsync_StorageBackFileNeverKept_AnswerNotMarkedStale()
    {
        await using var storage = await OutageEmulator.StartAsync();
        await using var jobs = TestJobs.Wire(storage.Blobs(), storage.Tables(), storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: true));
        var cache = jobs.GetRequiredService<SnapshotCache>();
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        await jobs.GetRequiredService<Snapshots>().ApproveAsync(March, releaseAt: null, "admin");
        Assert.NotNull(await cache.GetAsync(null, "dashboard.json"));
        await storage.StopAsync();
        storage.Time.Advance(SnapshotCache.Grace);
        await cache.GetAsync(null, "dashboard.json"); // past the grace: served from the kept copy, the storage found away
        Assert.NotNull(cache.AwaySince);

        await storage.RestartAsync();
        var fresh = cache.Follow();
        var csv = await cache.GetAsync(null, "dashboard.csv");
        cache.MarkAway(); // away again, as told by the health probe
        var mixed = cache.Follow();
        await cache.GetAsync(null, "dashboard.json"); // a kept file, then a fresh one, in one answer
        await cache.GetAsync(null, "dashboard.fr.csv");

        Assert.NotNull(csv);
        Assert.NotNull(fresh); // the process still counted the storage away when the answer began
        Assert.Null(fresh.Since);
        Assert.NotNull(mixed?.Since); // its body holds a kept copy: it says so
    }

    /// <summary>
    /// An admin reads a draft (kept), the date is republished then approved elsewhere: once the new
    /// approval is seen, the public latest is the approved bytes, never the draft kept before (the
    /// red team saw the draft's page, watermark and figures, served publicly for 25 s, and for an
    /// hour when the storage then stopped).
    /// </summary>
    [Fact]
    public async Task GetAsync_DraftKeptThenRepublishedAndApprovedElsewhere_PublicGetsTheApprovedBytes()
    {
        var storage = new TestStorage(azurite);
        await using var jobs = TestJobs.Wire(storage.Blobs, storage.Tables, storage.Layout, storage.Time, publication: new PublicationOptions(RequireApproval: true));
        var cache = jobs.GetRequiredService<SnapshotCache>();
        var draft = await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var adminRead = await cache.GetAsync(March, "dashboard.json");
        var stateThen = await cache.StateAsync(March);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var approved = await jobs.GetRequiredService<Recompute>().RunAsync(March, republish: true);
        await jobs.GetRequiredService<Snapshots>().ApproveAsync(March, releaseAt: null, "admin");

        storage.Time.Advance(SnapshotCache.Window);
        var publicLatest = await cache.GetAsync(null, "dashboard.json");
        var publicDated = await cache.GetAsync(March, "dashboard.json");

        Assert.Equal(SnapshotState.Draft, stateThen);
        Assert.Equal(draft.Json, adminRead!.Content.ToArray());
        Assert.NotEqual(draft.Json, approved.Json);
        Assert.Equal(approved.Json, publicLatest!.Content.ToArray());
        Assert.Equal(approved.Json, publicDated!.Content.ToArray());
    }

    /// <summary>
    /// A hung storage and a file never read (nothing kept): the answer fails within the storage wait,
    /// as a storage failure (503), where it waited the SDK's retries (30 to 36 s in the red team's
    /// runs); a hundred such requests make one read.
    /// </summary>
    [Fact]
    public async Task GetAsync_StorageHangsNothingKept_FailsAfterTheStorageWaitWithOneRead()
    {
        await using var storage = await HangableStorage.StartAsync();
        var reads = new CountRequests();
        await using var jobs = storage.Jobs(reads);
        var time = storage.Time;
        await jobs.GetRequiredService<Recompute>().RunAsync(March);
        var cache = jobs.GetRequiredService<SnapshotCache>();

        storage.Hang();
        var before = reads.Count;
        var waiting = Enumerable.Range(0, 100).Select(_ => cache.GetAsync(March, "dashboard.csv").AsTask()).ToArray();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var waitedBefore = waiting.Any(w => w.IsCompleted);
        time.Advance(SnapshotCache.StorageWait);
        var failures = await Task.WhenAll(waiting.Select(w => Record.ExceptionAsync(() => w.WaitAsync(TimeSpan.FromSeconds(10)))));

        Assert.False(waitedBefore, "no answer before the storage wait passes");
        Assert.All(failures, f => Assert.True(StorageFailure.IsUnreachable(f), $"a storage failure (503), got {f}"));
        Assert.Equal(1, reads.Count - before); // one read, which a hundred requests waited for
    }

    /// <summary>An emulator of its own behind relays that can hang (<see cref="HangingRelay"/>), and a clock of its own.</summary>
    private sealed class HangableStorage : IAsyncDisposable
    {
        private readonly Azurite _emulator;
        private readonly HangingRelay _blobs;
        private readonly HangingRelay _tables;

        private HangableStorage(Azurite emulator)
        {
            _emulator = emulator;
            _blobs = new HangingRelay(emulator.BlobPort);
            _tables = new HangingRelay(emulator.TablePort);
        }

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2010, 6, 30, 8, 0, 0, TimeSpan.Zero));

        public static async Task<HangableStorage> StartAsync()
        {
            var emulator = await Azurite.StartInMemoryAsync();
            await StorageLayout.Default.EnsureCreatedAsync(new BlobServiceClient(emulator.ConnectionString), new TableServiceClient(emulator.ConnectionString));
            return new HangableStorage(emulator);
        }

        /// <summary>The jobs over the relays, the blob client running <paramref name="blobPolicy"/> if given.</summary>
        public ServiceProvider Jobs(Azure.Core.Pipeline.HttpPipelinePolicy? blobPolicy = null)
        {
            var connection = Azurite.ConnectionStringFor(_blobs.Port, _emulator.QueuePort, _tables.Port);
            var options = new BlobClientOptions();
            if (blobPolicy is not null)
            {
                options.AddPolicy(blobPolicy, Azure.Core.HttpPipelinePosition.PerCall);
            }

            return TestJobs.Wire(new BlobServiceClient(connection, options), new TableServiceClient(connection), StorageLayout.Default, Time);
        }

        /// <summary>From now on the storage accepts connections and never answers.</summary>
        public void Hang()
        {
            _blobs.Hang();
            _tables.Hang();
        }

        public async ValueTask DisposeAsync()
        {
            await _blobs.DisposeAsync();
            await _tables.DisposeAsync();
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>Counts the requests a client sends.</summary>
    private sealed class CountRequests : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(Azure.Core.HttpMessage message) => Interlocked.Increment(ref _count);
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
