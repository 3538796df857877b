using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// Debian's nginx as the static-file peer of <c>GET /api/dashboard</c>: started by the benchmark
/// with one worker, in a folder of its own (configuration, pid, logs, temporary paths), serving the
/// very bytes our server serves, identity and gzip (<c>gzip_static</c> serves the <c>.gz</c> file as
/// it is, as our server serves its prepared representation). Stopped on dispose.
/// </summary>
internal sealed class NginxPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private NginxPeer(Process process, DirectoryInfo folder, Uri url)
    {
        _process = process;
        _folder = folder;
        Url = url;
    }

    /// <summary>The URL of the file (<c>/api/dashboard.json</c>: nginx picks the type and the <c>.gz</c> by the name).</summary>
    public Uri Url { get; }

    /// <summary>nginx's own ETag of each representation, read from a first GET (key: the Accept-Encoding sent, "" for none).</summary>
    public IReadOnlyDictionary<string, string> ETags { get; private set; } = new Dictionary<string, string>();

    /// <summary>The nginx command on this machine (Debian: <c>/usr/sbin/nginx</c>), or null.</summary>
    public static string? Find() =>
        Enumerable.Repeat("/usr/sbin/nginx", 1).Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "nginx")))
            .FirstOrDefault(File.Exists);

    /// <summary>The configuration: one worker, no access log, the folder's own paths, <c>gzip_static</c>.</summary>
    public static string Configuration(string folder, int port) => string.Create(CultureInfo.InvariantCulture, $$"""
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
    public static async Task<NginxPeer> StartAsync(string nginx, byte[] identity, byte[] gzip, int port, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("mission-nginx-");
        var html = Directory.CreateDirectory(Path.Combine(folder.FullName, "html", "api"));
        await File.WriteAllBytesAsync(Path.Combine(html.FullName, "dashboard.json"), identity, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(html.FullName, "dashboard.json.gz"), gzip, cancellationToken).ConfigureAwait(false);
        var config = Path.Combine(folder.FullName, "nginx.conf");
        await File.WriteAllTextAsync(config, Configuration(folder.FullName, port), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            // The worker may run as another user (nobody, www-data): it must read the folder.
            foreach (var d in new[] { folder.FullName, Path.Combine(folder.FullName, "html"), html.FullName })
            {
                File.SetUnixFileMode(d, (UnixFileMode)Convert.ToInt32("755", 8));
            }
        }

        var info = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", config, "-p", folder.FullName, "-e", Path.Combine(folder.FullName, "error.log") })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start nginx.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new NginxPeer(process, folder, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/dashboard.json")));
        try
        {
            peer.ETags = await peer.ReadyAsync(identity.Length, cancellationToken).ConfigureAwait(false);
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
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
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await ErrorLogAsync().ConfigureAwait(false)}");
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
                        throw new InvalidOperationException($"nginx answered {(int)response.StatusCode} (gzip: {encoded}, {body.Length} bytes) for Accept-Encoding « {coding} ».");
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

    private async Task<string> ErrorLogAsync()
    {
        var log = Path.Combine(_folder.FullName, "error.log");
        return File.Exists(log) ? await File.ReadAllTextAsync(log).ConfigureAwait(false) : "(no error log)";
    }
}
