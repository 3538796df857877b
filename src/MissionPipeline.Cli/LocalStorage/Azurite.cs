using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MissionPipeline.Cli.LocalStorage;

/// <summary>
/// The Azure Storage emulator (Azurite), pinned as an npm dev dependency of the repository. Two uses:
/// an in-memory instance on free loopback ports owned by one process (integration tests), and the
/// persistent local emulator of <c>mission storage</c> (data under <c>./.mission/azurite</c>).
/// </summary>
internal sealed partial class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] CommonFlags = ["--skipApiVersionCheck", "--disableTelemetry", "--loose"];

    private readonly Process _process;

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");

    /// <summary>
    /// Starts an in-memory emulator on ports the OS picks (port 0), reads the ports Azurite reports,
    /// and returns once all three services listen. Disposing stops it.
    /// </summary>
    public static async Task<Azurite> StartInMemoryAsync(CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FindScript());
        foreach (var arg in (string[])["--inMemoryPersistence", .. CommonFlags, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningRegex().Match(line) is { Success: true } m)
            {
                lock (ports)
                {
                    ports[m.Groups["svc"].Value] = int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("Azurite exited before listening."));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        return new Azurite(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>Kills the process and its children.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Finds <c>node_modules/azurite/dist/src/azurite.js</c> above the current directory or above the
    /// program's own folder (the repository root in both cases). Env <c>MISSION_AZURITE</c> overrides.
    /// </summary>
    public static string FindScript()
    {
        if (Environment.GetEnvironmentVariable("MISSION_AZURITE") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("Azurite is not installed: run `npm ci` at the repository root (the build does it when node_modules is missing).");
    }

    /// <summary>True when something accepts TCP connections on the loopback port.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal static IReadOnlyList<string> PersistentArguments(string location, int blobPort, int queuePort, int tablePort) =>
    [
        "--location", location, .. CommonFlags,
        "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
        "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
        "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
        "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
    ];

    [GeneratedRegex(@"Azurite (?<svc>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningRegex();
}
