using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// <c>GET /api/dashboard</c> on <c>mission serve</c> (a child process per mode: the runtime's defaults,
/// and inline socket completions, <see cref="ServeHost.UseLoopback"/>) side by side with nginx (one
/// worker, <see cref="StaticPeer"/>) serving the same bytes, and, in closed loop, with the framework's
/// floor in the same mode (<see cref="KestrelPeer"/>), under load from other processes on
/// loopback: <c>wrk</c> (closed loop, as fast as it goes) when installed, and <c>mission-tools bench
/// load-worker</c> (open loop at 500 requests/s); 200 and 304, without and with <c>Accept-Encoding: gzip</c>.
/// Runs alternate between the servers so that drift hits all of them.
/// </summary>
internal static partial class LoadBench
{
    private const int Rate = 500;

    public static async Task RunAsync(BenchReport report, string connectionString, int seconds, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 5. `GET /api/dashboard` sous charge, contre nginx");
        report.Line();
        await using var ours = await ServeChild.StartAsync(connectionString, inline: false, cancellationToken).ConfigureAwait(false);
        await using var oursInline = await ServeChild.StartAsync(connectionString, inline: true, cancellationToken).ConfigureAwait(false);
        var (identity, gzip) = (ours.Identity, ours.Gzip);
        // Both servers read the snapshot the recompute published: the same bytes under the same ETags.
        if (oursInline.Identity.ETag != identity.ETag || oursInline.Gzip.ETag != gzip.ETag)
        {
            throw new InvalidOperationException("The two mission serve processes serve different snapshots.");
        }

        var wrk = FindWrk();
        var nginxPath = StaticPeer.FindNginx();
        await using var nginx = nginxPath is null ? null : await StartPeerAsync(port => StaticPeer.StartNginxAsync(nginxPath, identity.Body, gzip.Body, port, cancellationToken)).ConfigureAwait(false);
        await using var kestrel = wrk is null ? null : await StartPeerAsync(port => StaticPeer.StartKestrelAsync(identity.Body, gzip.Body, port, inline: false, cancellationToken)).ConfigureAwait(false);
        await using var kestrelInline = wrk is null ? null : await StartPeerAsync(port => StaticPeer.StartKestrelAsync(identity.Body, gzip.Body, port, inline: true, cancellationToken)).ConfigureAwait(false);
        report.Line(BenchReport.French($"Entrée : `mission serve` (processus enfant, Azurite en mémoire) servant le snapshot publié par le recalcul ci-dessus ({identity.Body.Length:N0} octets de JSON ; {gzip.Body.Length:N0} en gzip, préparés une fois par snapshot). ")
            + $"Deux modes, chacun dans son propre processus : **{DefaultMode}**, et **{InlineMode}** (`{ServeHost.InlineCompletionsVariable}=1` dans l'environnement du serveur : le runtime termine les opérations des sockets sur ses threads d'E/S, et `mission serve` demande alors la même chose à Kestrel, `UnsafePreferInlineScheduling` ; le code des requêtes tourne sur ces threads sans passer par le pool de threads : README, « mission serve »). "
            + (nginx is null
                ? "nginx absent (`apt-get install nginx`) : notre serveur seul. "
                : "Pair : nginx de Debian, lancé par la mesure avec `worker_processes 1; access_log off; sendfile on; gzip_static on;`, servant les mêmes octets (le JSON et son `.gz`, tels que notre serveur les sert) ; ses 304 répondent à son propre ETag. ")
            + (kestrel is null
                ? string.Empty
                : "Plancher du framework, en boucle fermée : « Kestrel nu » (`mission-tools bench kestrel-peer`), le serveur web de `mission serve` réglé de même dans chacun des deux modes, avec un seul `MapGet` qui sert les mêmes octets depuis la mémoire (ETag, 304, gzip si demandé) et rien d'autre (ni table des routes, ni clé, ni cache des snapshots, ni journal) : son écart à nginx est celui du framework, le nôtre à lui est celui de notre code. ")
            + BenchReport.French($"Charge depuis un autre processus sur 127.0.0.1 : {(wrk is null ? "wrk absent (`apt-get install wrk`)" : "`wrk -t2 -c16 -d" + seconds + "s --latency` (boucle fermée, débit maximal)")} et `mission-tools bench load-worker URL --rate {Rate} --seconds {seconds}` (boucle ouverte à {Rate} requêtes/s, latence comptée depuis l'instant prévu d'envoi ; une réponse d'un autre statut, ou non compressée quand gzip est demandé, compte comme inattendue). ")
            + (runs == 1 ? "Une seule exécution (--quick)." : BenchReport.French($"Exécutions alternées entre les serveurs (mission dans ses deux modes, nginx, puis Kestrel nu dans ses deux modes en boucle fermée) ; médiane de {runs} exécutions.")));
        report.Line();
        var rows = new List<IReadOnlyList<string>>();
        var goals = new List<string>();
        foreach (var (label, conditional, coding) in new[] { ("200", false, (string?)null), ("200 gzip", false, "gzip"), ("304", true, null), ("304 gzip", true, "gzip") })
        {
            Target? Of(StaticPeer? server) => server is null ? null : new Target(server.Url, conditional ? server.ETags[coding ?? string.Empty] : null, coding);
            var etag = conditional ? (coding is null ? identity.ETag : gzip.ETag) : null;
            var peer = Of(nginx);
            foreach (var closed in wrk is null ? [false] : new[] { true, false })
            {
                var modes = new[] { (Mode: DefaultMode, Server: ours, Floor: kestrel), (Mode: InlineMode, Server: oursInline, Floor: kestrelInline) }
                    .Select(m => (m.Mode, Ours: new Target(m.Server.Url, etag, coding), Bare: closed ? Of(m.Floor) : null, Mine: new List<LoadResult>(), Floor: new List<LoadResult>()))
                    .ToList();
                var theirs = new List<LoadResult>();
                for (var run = 0; run < runs; run++)
                {
                    foreach (var mode in modes)
                    {
                        mode.Mine.Add(await MeasureAsync(mode.Ours, closed, wrk, seconds, cancellationToken).ConfigureAwait(false));
                    }

                    if (peer is not null)
                    {
                        theirs.Add(await MeasureAsync(peer, closed, wrk, seconds, cancellationToken).ConfigureAwait(false));
                    }

                    foreach (var mode in modes.Where(m => m.Bare is not null))
                    {
                        mode.Floor.Add(await MeasureAsync(mode.Bare!, closed, wrk, seconds, cancellationToken).ConfigureAwait(false));
                    }
                }

                foreach (var mode in modes)
                {
                    rows.Add(Row(closed ? "wrk, 16 connexions, débit maximal" : BenchReport.French($"load-worker, {Rate} req/s"), label, mode.Mode, mode.Mine, theirs, mode.Floor));
                    goals.Add(Goal(mode.Mode == DefaultMode ? label : $"{label}, {InlineMode}", closed, mode.Mine, theirs, mode.Floor));
                }
            }
        }

        report.Table(["Client", "Requête", "Mode", "mission req/s", "nginx req/s", "Kestrel nu req/s", "Débit mission / nginx", "Débit mission / Kestrel nu", "mission p99 (ms)", "nginx p99 (ms)", "p99 mission / nginx", "Erreurs ou réponses inattendues (mission / nginx / Kestrel nu)", "p99 des exécutions, mission (ms)", "p99 des exécutions, nginx (ms)"], rows);
        foreach (var goal in goals)
        {
            report.Line(goal);
        }

        report.Line();
    }

    /// <summary>The mode of the rows and goal lines measured with the runtime's defaults.</summary>
    private const string DefaultMode = "par défaut";

    /// <summary>The mode measured with <see cref="ServeHost.InlineCompletionsVariable"/>=1.</summary>
    private const string InlineMode = "E/S en ligne";

    /// <summary>A <c>mission serve</c> child process on a free port, in one mode, answering; stopped on dispose.</summary>
    private sealed class ServeChild : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly OutputTail _tail;

        private ServeChild(Process process, Uri url)
        {
            _process = process;
            _tail = OutputTail.Follow(process);
            Url = url;
        }

        public Uri Url { get; }

        /// <summary>The identity representation of the dashboard and its ETag, as first served.</summary>
        public (string ETag, byte[] Body) Identity { get; private set; }

        /// <summary>The gzip representation and its ETag.</summary>
        public (string ETag, byte[] Body) Gzip { get; private set; }

        /// <summary>
        /// Starts <c>mission serve</c> in that mode and waits until it answers both representations and
        /// its start line shows the mode; another port when the server exited first (the one picked was
        /// taken meanwhile, on a busy machine), three tries.
        /// </summary>
        public static async Task<ServeChild> StartAsync(string connectionString, bool inline, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var info = SelfProcess.Mission("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--storage", connectionString).InlineIo(inline);
                var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start mission serve.");
                var child = new ServeChild(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/dashboard")));
                try
                {
                    child.Identity = await WaitReadyAsync(child.Url, process, null, child._tail, cancellationToken).ConfigureAwait(false);
                    child.Gzip = await WaitReadyAsync(child.Url, process, "gzip", child._tail, cancellationToken).ConfigureAwait(false);
                    await child._tail.CheckModeAsync("mission serve", "Tableau de bord", inline, cancellationToken).ConfigureAwait(false);
                    return child;
                }
                catch (InvalidOperationException) when (process.HasExited && attempt < 3)
                {
                    await child.DisposeAsync().ConfigureAwait(false);
                }
                catch
                {
                    await child.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }

        public ValueTask DisposeAsync() => SelfProcess.StopAsync(_process);
    }

    /// <summary>A peer on a free port; another port when the one picked was taken meanwhile (a busy machine), three tries.</summary>
    private static async Task<StaticPeer> StartPeerAsync(Func<int, Task<StaticPeer>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(FreePort()).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Picked and bound by someone else between FreePort and nginx's listen.
            }
        }
    }

    /// <summary>One server's URL, the ETag sent as If-None-Match (null: none) and the Accept-Encoding sent (null: none).</summary>
    private sealed record Target(Uri Url, string? ETag, string? Coding);

    private static async Task<LoadResult> MeasureAsync(Target target, bool closed, string? wrk, int seconds, CancellationToken cancellationToken)
    {
        if (closed)
        {
            var info = new ProcessStartInfo(wrk!);
            foreach (var a in new[] { "-t2", "-c16", $"-d{seconds}s", "--latency" })
            {
                info.ArgumentList.Add(a);
            }

            foreach (var header in Headers(target))
            {
                info.ArgumentList.Add("-H");
                info.ArgumentList.Add(header);
            }

            info.ArgumentList.Add(target.Url.ToString());
            return ParseWrk(await SelfProcess.RunAsync(info, cancellationToken).ConfigureAwait(false));
        }

        var args = new List<string> { "bench", "load-worker", target.Url.ToString(), "--rate", Rate.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture) };
        if (target.ETag is not null)
        {
            args.AddRange(["--etag", target.ETag]);
        }

        if (target.Coding is not null)
        {
            args.AddRange(["--accept-encoding", target.Coding]);
        }

        var output = await SelfProcess.RunAsync(SelfProcess.Tools([.. args]), cancellationToken).ConfigureAwait(false);
        return LoadResult.FromJson(output.Trim().Split('\n')[^1]);
    }

    private static IEnumerable<string> Headers(Target target)
    {
        if (target.ETag is not null)
        {
            yield return "If-None-Match: " + target.ETag;
        }

        if (target.Coding is not null)
        {
            yield return "Accept-Encoding: " + target.Coding;
        }
    }

    /// <summary>The goal line of one cell: closed loop, throughput at least nginx's (and where it stands against the framework's floor); open loop, p99 under 10 ms and at most 1.5 × nginx's.</summary>
    private static string Goal(string label, bool closed, List<LoadResult> mine, List<LoadResult> theirs, List<LoadResult> floor)
    {
        var rate = BenchStats.Median(mine.Select(r => r.RequestsPerSecond));
        var p99 = BenchStats.Median(mine.Select(r => r.P99Ms));
        if (closed)
        {
            var floorRate = BenchStats.Median(floor.Select(r => r.RequestsPerSecond));
            var againstFloor = floor.Count == 0
                ? string.Empty
                : theirs.Count == 0
                    ? BenchReport.French($" Kestrel nu : {floorRate:N0} req/s ; mission à {100 * rate / floorRate:N0} % de ce plancher.")
                    : BenchReport.French($" Kestrel nu : {floorRate:N0} req/s, soit nginx × {floorRate / BenchStats.Median(theirs.Select(r => r.RequestsPerSecond)):0.00} pour le framework seul, et mission à {100 * rate / floorRate:N0} % de ce plancher.");
            return (theirs.Count == 0
                ? BenchReport.French($"- {label}, boucle fermée : {rate:N0} req/s (nginx absent : objectif non mesuré).")
                : BenchReport.French($"- {label}, boucle fermée : {rate:N0} req/s contre {BenchStats.Median(theirs.Select(r => r.RequestsPerSecond)):N0} pour nginx, rapport {rate / BenchStats.Median(theirs.Select(r => r.RequestsPerSecond)):0.00} (objectif ≥ 1 : {BenchReport.Goal(rate >= BenchStats.Median(theirs.Select(r => r.RequestsPerSecond)))}).")) + againstFloor;
        }

        var nginxP99 = theirs.Count == 0 ? double.NaN : BenchStats.Median(theirs.Select(r => r.P99Ms));
        return BenchReport.French($"- {label}, {Rate} req/s : p99 {p99:0.00} ms (objectif < 10 ms : {BenchReport.Goal(p99 < 10)})")
            + (theirs.Count == 0
                ? " ; nginx absent, le rapport n'est pas mesuré."
                : BenchReport.French($" ; nginx {nginxP99:0.00} ms, rapport {p99 / nginxP99:0.00} (objectif ≤ 1,5 : {BenchReport.Goal(p99 <= 1.5 * nginxP99)})."));
    }

    private static IReadOnlyList<string> Row(string client, string label, string mode, List<LoadResult> mine, List<LoadResult> theirs, List<LoadResult> floor)
    {
        double Median(List<LoadResult> results, Func<LoadResult, double> figure) => results.Count == 0 ? double.NaN : BenchStats.Median(results.Select(figure));
        string Failures(List<LoadResult> results) => results.Count == 0 ? "—" : results.Sum(r => r.Errors + r.Unexpected).ToString(CultureInfo.InvariantCulture);
        var (rate, peerRate, floorRate) = (Median(mine, r => r.RequestsPerSecond), Median(theirs, r => r.RequestsPerSecond), Median(floor, r => r.RequestsPerSecond));
        var (p99, peerP99) = (Median(mine, r => r.P99Ms), Median(theirs, r => r.P99Ms));
        string Or(double value, string format) => double.IsNaN(value) ? "—" : BenchStats.F(value, format);
        return
        [
            client, label, mode, Or(rate, "N0"), Or(peerRate, "N0"), Or(floorRate, "N0"), Or(rate / peerRate, "0.00"), Or(rate / floorRate, "0.00"), Or(p99, "0.00"), Or(peerP99, "0.00"), Or(p99 / peerP99, "0.00"),
            $"{Failures(mine)} / {Failures(theirs)} / {Failures(floor)}",
            BenchStats.Runs(mine.Select(r => r.P99Ms)), theirs.Count == 0 ? "—" : BenchStats.Runs(theirs.Select(r => r.P99Ms)),
        ];
    }

    /// <summary>Waits until the server answers 200 with an ETag; returns the representation for <paramref name="coding"/> (null: identity). A failure names the last answer seen and the server's last lines (<paramref name="tail"/>).</summary>
    private static async Task<(string ETag, byte[] Body)> WaitReadyAsync(Uri url, Process serve, string? coding, OutputTail tail, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var waited = Stopwatch.StartNew();
        var last = "no answer";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (serve.HasExited)
            {
                throw new InvalidOperationException($"mission serve exited with {serve.ExitCode}:\n{tail}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (coding is not null)
                {
                    request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
                }

                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } etag)
                {
                    if (coding is not null && !response.Content.Headers.ContentEncoding.Contains(coding))
                    {
                        throw new InvalidOperationException($"{url} did not answer in {coding}.");
                    }

                    return (etag.ToString(), await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                last = $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet, or busy starting.
                last = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{url} did not answer 200 with an ETag within 60 s; last answer: {last}; mission serve's last lines:\n{tail}");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wrk command on this machine's PATH, or null.</summary>
    internal static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "wrk")).FirstOrDefault(File.Exists);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Reads wrk's <c>Requests/sec</c>, its 50 % and 99 % latencies, and its errors.</summary>
    internal static LoadResult ParseWrk(string output)
    {
        var rate = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        double Latency(string percent)
        {
            var m = Regex.Match(output, @"^\s*" + percent + @"%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var errors = 0L;
        foreach (Match m in ErrorCounts().Matches(output))
        {
            errors += long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var non2xx = NonSuccess().Match(output);
        return new LoadResult(rate, Latency("50"), Latency("99"), errors, non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex ErrorCounts();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}

/// <summary>One load run: requests per second, latencies (ms), transport errors and unexpected statuses.</summary>
internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, long Unexpected = 0)
{
    public string ToJson() => JsonSerializer.Serialize(new[] { RequestsPerSecond, P50Ms, P99Ms, Errors, Unexpected });

    public static LoadResult FromJson(string json)
    {
        var v = JsonSerializer.Deserialize<double[]>(json)!;
        return new LoadResult(v[0], v[1], v[2], (long)v[3], (long)v[4]);
    }
}
