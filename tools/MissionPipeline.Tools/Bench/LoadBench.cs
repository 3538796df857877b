using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// <c>GET /api/dashboard</c> on <c>mission serve</c> (a child process) under load from other
/// processes on loopback: <c>wrk</c> (closed loop, as fast as it goes) when installed, and
/// <c>mission-tools bench load-worker</c> (open loop at a fixed rate), with and without <c>If-None-Match</c>.
/// </summary>
internal static partial class LoadBench
{
    public static async Task RunAsync(BenchReport report, string connectionString, int seconds, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 4. `GET /api/dashboard` sous charge");
        report.Line();
        var port = FreePort();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/dashboard");
        var serveInfo = SelfProcess.Mission("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--storage", connectionString);
        using var serve = Process.Start(serveInfo) ?? throw new InvalidOperationException("Cannot start mission serve.");
        serve.OutputDataReceived += (_, _) => { };
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            var (etag, bytes) = await WaitReadyAsync(url, serve, cancellationToken).ConfigureAwait(false);
            var wrk = FindWrk();
            report.Line(BenchReport.Invariant($"Entrée : `mission serve` (processus enfant, Azurite en mémoire) servant le snapshot publié par le recalcul ci-dessus ({bytes:N0} octets de JSON, ETag {etag}). ") + BenchReport.Invariant($"Charge depuis un autre processus sur 127.0.0.1 : {(wrk is null ? "wrk absent" : "`wrk -t2 -c16 -d" + seconds + "s --latency` (boucle fermée, débit maximal)")} et `mission-tools bench load-worker URL --rate 500 --seconds {seconds}` (boucle ouverte à 500 requêtes/s, latence comptée depuis l'instant prévu d'envoi). Médiane de {runs} exécutions."));
            report.Line();
            var rows = new List<IReadOnlyList<string>>();
            var atRate = new List<(string Label, double P99)>();
            foreach (var (label, tag) in new[] { ("sans If-None-Match (200)", (string?)null), ("avec If-None-Match (304)", etag) })
            {
                if (wrk is not null)
                {
                    var results = new List<LoadResult>();
                    for (var run = 0; run < runs; run++)
                    {
                        var info = new ProcessStartInfo(wrk);
                        foreach (var a in new[] { "-t2", "-c16", $"-d{seconds}s", "--latency" })
                        {
                            info.ArgumentList.Add(a);
                        }

                        if (tag is not null)
                        {
                            info.ArgumentList.Add("-H");
                            info.ArgumentList.Add("If-None-Match: " + tag);
                        }

                        info.ArgumentList.Add(url);
                        results.Add(ParseWrk(await SelfProcess.RunAsync(info, cancellationToken).ConfigureAwait(false)));
                    }

                    rows.Add(Row("wrk, 16 connexions, débit maximal", label, results));
                }

                var worker = new List<LoadResult>();
                for (var run = 0; run < runs; run++)
                {
                    var args = new List<string> { "bench", "load-worker", url, "--rate", "500", "--seconds", seconds.ToString(CultureInfo.InvariantCulture) };
                    if (tag is not null)
                    {
                        args.AddRange(["--etag", tag]);
                    }

                    var output = await SelfProcess.RunAsync(SelfProcess.Tools([.. args]), cancellationToken).ConfigureAwait(false);
                    worker.Add(LoadResult.FromJson(output.Trim().Split('\n')[^1]));
                }

                rows.Add(Row("load-worker, 500 req/s", label, worker));
                atRate.Add((label, BenchStats.Median(worker.Select(w => w.P99Ms))));
            }

            report.Table(["Client", "Requête", "Requêtes/s", "p50 (ms)", "p99 (ms)", "Erreurs", "p99 des exécutions (ms)"], rows);
            foreach (var (label, p99) in atRate)
            {
                report.Line(BenchReport.Invariant($"- {label} à 500 requêtes/s : p99 {p99:0.00} ms (objectif < 10 ms : {BenchReport.Goal(p99 < 10)})."));
            }

            report.Line();
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
                await serve.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static IReadOnlyList<string> Row(string client, string label, IReadOnlyList<LoadResult> results) =>
    [
        client, label,
        BenchStats.F(BenchStats.Median(results.Select(r => r.RequestsPerSecond)), "0"),
        BenchStats.F(BenchStats.Median(results.Select(r => r.P50Ms)), "0.00"),
        BenchStats.F(BenchStats.Median(results.Select(r => r.P99Ms)), "0.00"),
        results.Sum(r => r.Errors).ToString(CultureInfo.InvariantCulture),
        BenchStats.Runs(results.Select(r => r.P99Ms)),
    ];

    private static async Task<(string ETag, long Bytes)> WaitReadyAsync(string url, Process serve, CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (serve.HasExited)
            {
                throw new InvalidOperationException($"mission serve exited with {serve.ExitCode}.");
            }

            try
            {
                using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } etag)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    return (etag.ToString(), body.LongLength);
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                // Not listening yet.
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{url} did not answer 200 with an ETag within 60 s.");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "wrk")).FirstOrDefault(File.Exists);

    private static int FreePort()
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
