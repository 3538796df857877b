using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// A test's own persistent emulator (Azurite on free loopback ports, data in a temp folder) that a
/// test can stop in the middle of a job and start again with its data: the storage "going away".
/// </summary>
internal sealed class OutageEmulator : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mission-faults-" + Guid.NewGuid().ToString("N"));
    private readonly LocalEmulator _emulator;

    private OutageEmulator()
    {
        _emulator = new LocalEmulator(_root, Ports.Free(), Ports.Free(), Ports.Free());
    }

    public string ConnectionString => _emulator.ConnectionString;

    public StorageLayout Layout { get; } = StorageLayout.Default;

    // "Today" for the jobs (a recompute may not be dated after it): mid-2010, after the 2009 year every test reads.
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2010, 6, 30, 8, 0, 0, TimeSpan.Zero));

    public static async Task<OutageEmulator> StartAsync()
    {
        var emulator = new OutageEmulator();
        await emulator._emulator.StartAsync();
        await emulator.Layout.EnsureCreatedAsync(new BlobServiceClient(emulator.ConnectionString), new TableServiceClient(emulator.ConnectionString));
        return emulator;
    }

    public Task StopAsync() => _emulator.StopAsync();

    public Task RestartAsync() => _emulator.StartAsync();

    /// <summary>Clients that fail fast while the storage is away (one quick retry), with an optional fault policy.</summary>
    public BlobServiceClient Blobs(HttpPipelinePolicy? policy = null)
    {
        var options = new BlobClientOptions();
        Configure(options, policy);
        return new BlobServiceClient(ConnectionString, options);
    }

    public TableServiceClient Tables(HttpPipelinePolicy? policy = null)
    {
        var options = new TableClientOptions();
        Configure(options, policy);
        return new TableServiceClient(ConnectionString, options);
    }

    /// <summary>The jobs as the hosts wire them, over fail-fast clients (or the given ones) and this emulator's clock: a new set at each call.</summary>
    public ServiceProvider Jobs(TableServiceClient? tables = null, BlobServiceClient? blobs = null) => TestJobs.Wire(blobs ?? Blobs(), tables ?? Tables(), Layout, Time);

    public IngestFile Ingest(TableServiceClient? tables = null, BlobServiceClient? blobs = null) => Jobs(tables, blobs).GetRequiredService<IngestFile>();

    public Recompute Recompute(BlobServiceClient? blobs = null) => Jobs(blobs: blobs).GetRequiredService<Recompute>();

    public CommittedObservations Ingestions() => Jobs().GetRequiredService<CommittedObservations>();

    public async Task<BlobClient> UploadAsync(string agency, string name, byte[] content)
    {
        var blob = Blobs().GetBlobContainerClient(Layout.Uploads).GetBlobClient($"{agency}/{name}");
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return blob;
    }

    public async ValueTask DisposeAsync()
    {
        await _emulator.StopAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void Configure(ClientOptions options, HttpPipelinePolicy? policy)
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
    }

}

/// <summary>
/// The storage goes away mid-request: the <c>n</c>-th request that <paramref name="matches"/> first
/// runs <paramref name="outage"/> (stops the emulator, and may start it again), then is sent and fails
/// (or not) as the storage then answers; then <paramref name="after"/> runs (e.g. starts the emulator
/// again, so that the job can record its failure). Only the first match strikes.
/// </summary>
internal sealed class OutageAt(int n, Func<HttpMessage, bool> matches, Func<Task> outage, Func<Task>? after = null) : HttpPipelinePolicy
{
    private int _seen;

    public bool Struck { get; private set; }

    public int Passed => Math.Max(0, Math.Min(Volatile.Read(ref _seen), n) - 1);

    public static bool IsBatch(HttpMessage message) => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!matches(message) || Interlocked.Increment(ref _seen) != n)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        await outage();
        Struck = true;
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            if (after is not null)
            {
                await after();
            }
        }
    }
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="deadline"/> passes (then fails with <paramref name="what"/>).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = deadline ?? TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"Not within {limit.TotalSeconds} s: {what}");
            await Task.Yield();
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// A TCP relay to one port of the emulator that can hang: from <see cref="Hang"/> on, it still
/// accepts connections and reads requests but forwards nothing either way, as a storage that accepts
/// connections and never answers (a hung emulator, a black-holed network). Connections already open
/// hang too: the SDK's pooled connections are what a running server uses.
/// </summary>
internal sealed class HangingRelay : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _target;
    private volatile bool _hung;

    public HangingRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

    public void Hang() => _hung = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                _ = RelayAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Disposed.
        }
    }

    private async Task RelayAsync(System.Net.Sockets.TcpClient client)
    {
        using (client)
        using (var server = new System.Net.Sockets.TcpClient())
        {
            try
            {
                await server.ConnectAsync(System.Net.IPAddress.Loopback, _target, _stop.Token);
                await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or System.Net.Sockets.SocketException)
            {
                // A side closed, or disposed.
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (_hung)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}

/// <summary>
/// <c>mission serve</c> as its own process, on a free port, with every line it writes on stderr (its
/// log) kept as it comes, for the tests that watch what it says; disposing kills it and waits.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _reading;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public ServeProcess(string connectionString, string layoutSuffix)
    {
        Port = Ports.Free();
        _process = Journeys.MissionProcess.Start(["serve", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", connectionString, "--layout-suffix", layoutSuffix]);
        _reading = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                _lines.Enqueue(line);
            }
        });
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    public int Port { get; }

    /// <summary>The lines written so far, oldest first.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _reading;
        _process.Dispose();
    }
}
