using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// A peer of <c>GET /api/dashboard</c> serving the very bytes our server serves, identity and gzip,
/// from a folder of its own (<c>html/api/dashboard.json</c> and its <c>.gz</c>), in a process of its
/// own, stopped on dispose:
/// <list type="bullet">
/// <item><see cref="StartNginxAsync"/>: Debian's nginx, one worker, its configuration, pid, logs and
/// temporary paths in the folder (<c>gzip_static</c> serves the <c>.gz</c> file as it is, as our
/// server serves its prepared representation);</item>
/// <item><see cref="StartKestrelAsync"/>: the framework's floor, <see cref="KestrelPeer"/>.</item>
/// </list>
/// </summary>
internal sealed class StaticPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly OutputTail _output;

    private StaticPeer(string name, Process process, DirectoryInfo folder, Uri url, OutputTail output)
    {
        Name = name;
        _process = process;
        _folder = folder;
        Url = url;
        _output = output;
    }

    /// <summary>"nginx" or "Kestrel nu", as failures name it.</summary>
    public string Name { get; }

    /// <summary>The URL of the file (nginx: <c>/api/dashboard.json</c>, it picks the type and the <c>.gz</c> by the name).</summary>
    public Uri Url { get; }

    /// <summary>The peer's own ETag of each representation, read from a first GET (key: the Accept-Encoding sent, "" for none).</summary>
    public IReadOnlyDictionary<string, string> ETags { get; private set; } = new Dictionary<string, string>();

    /// <summary>The nginx command on this machine (Debian: <c>/usr/sbin/nginx</c>), or null.</summary>
    public static string? FindNginx() =>
        Enumerable.Repeat("/usr/sbin/nginx", 1).Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "nginx")))
            .FirstOrDefault(File.Exists);

    /// <summary>nginx's configuration: one worker, no access log, the folder's own paths, <c>gzip_static</c>.</summary>
    public static string NginxConfiguration(string folder, int port) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes 1;
        daemon off;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          types { application/json json; }
          default_type application/octet-stream;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 1000000;
          client_body_temp_path {{folder}}/client;
          proxy_temp_path {{folder}}/proxy;
          fastcgi_temp_path {{folder}}/fastcgi;
          uwsgi_temp_path {{folder}}/uwsgi;
          scgi_temp_path {{folder}}/scgi;
          server {
            listen 127.0.0.1:{{port}};
            root {{folder}}/html;
            gzip_static on;
          }
        }

        """);

    /// <summary>Starts nginx serving <paramref name="identity"/> and its gzip <paramref name="gzip"/>; waits until it answers.</summary>
    public static async Task<StaticPeer> StartNginxAsync(string nginx, byte[] identity, byte[] gzip, int port, CancellationToken cancellationToken)
    {
        var folder = await FolderAsync(identity, gzip, cancellationToken).ConfigureAwait(false);
        var config = Path.Combine(folder.FullName, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfiguration(folder.FullName, port), cancellationToken).ConfigureAwait(false);
        var info = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", config, "-p", folder.FullName, "-e", Path.Combine(folder.FullName, "error.log") })
        {
            info.ArgumentList.Add(a);
        }

        return await StartAsync("nginx", info, folder, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/dashboard.json")), identity.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts <c>mission-tools bench kestrel-peer</c> (<see cref="KestrelPeer"/>) serving the same two files, with inline socket completions or not; waits until it answers.</summary>
    public static async Task<StaticPeer> StartKestrelAsync(byte[] identity, byte[] gzip, int port, bool inline, CancellationToken cancellationToken)
    {
        var folder = await FolderAsync(identity, gzip, cancellationToken).ConfigureAwait(false);
        var info = SelfProcess.Tools("bench", "kestrel-peer", Path.Combine(folder.FullName, "html", "api", "dashboard.json"), "--port", port.ToString(CultureInfo.InvariantCulture)).InlineIo(inline);
        var peer = await StartAsync(inline ? "Kestrel nu, E/S en ligne" : "Kestrel nu", info, folder, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/dashboard")), identity.Length, cancellationToken).ConfigureAwait(false);
        try
        {
            await peer._output.CheckModeAsync(peer.Name, "Kestrel nu", inline, cancellationToken).ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A new folder holding <c>html/api/dashboard.json</c> and <c>dashboard.json.gz</c>, readable by another user (nginx's worker may run as nobody or www-data).</summary>
    private static async Task<DirectoryInfo> FolderAsync(byte[] identity, byte[] gzip, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("mission-peer-");
        var html = Directory.CreateDirectory(Path.Combine(folder.FullName, "html", "api"));
        await File.WriteAllBytesAsync(Path.Combine(html.FullName, "dashboard.json"), identity, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(html.FullName, "dashboard.json.gz"), gzip, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var d in new[] { folder.FullName, Path.Combine(folder.FullName, "html"), html.FullName })
            {
                File.SetUnixFileMode(d, (UnixFileMode)Convert.ToInt32("755", 8));
            }
        }

        return folder;
    }

    private static async Task<StaticPeer> StartAsync(string name, ProcessStartInfo info, DirectoryInfo folder, Uri url, int identityLength, CancellationToken cancellationToken)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {name}.");
        var peer = new StaticPeer(name, process, folder, url, OutputTail.Follow(process));
        try
        {
            peer.ETags = await peer.ReadyAsync(identityLength, cancellationToken).ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await SelfProcess.StopAsync(_process).ConfigureAwait(false);
        _folder.Delete(recursive: true);
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadyAsync(int identityLength, CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}: {await ErrorLogAsync().ConfigureAwait(false)}");
            }

            try
            {
                var tags = new Dictionary<string, string>();
                foreach (var coding in new[] { string.Empty, "gzip" })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, Url);
                    if (coding.Length > 0)
                    {
                        request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
                    }

                    using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    var encoded = response.Content.Headers.ContentEncoding.Contains("gzip");
                    if (response.StatusCode != HttpStatusCode.OK || response.Headers.ETag is not { } etag || encoded != (coding.Length > 0) || (!encoded && body.Length != identityLength))
                    {
                        throw new InvalidOperationException($"{Name} answered {(int)response.StatusCode} (gzip: {encoded}, {body.Length} bytes) for Accept-Encoding « {coding} ».");
                    }

                    tags[coding] = etag.ToString();
                }

                return tags;
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What the peer said before it exited: nginx's error log where it wrote one, and its last lines on stdout and stderr (Kestrel writes there).</summary>
    private async Task<string> ErrorLogAsync()
    {
        var log = Path.Combine(_folder.FullName, "error.log");
        return (File.Exists(log) ? await File.ReadAllTextAsync(log).ConfigureAwait(false) + "\n" : string.Empty) + _output;
    }
}
