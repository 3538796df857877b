using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace MissionPipeline.Cli.Bench;

/// <summary>
/// An open-loop client: sends <c>GET URL</c> at a fixed rate for a fixed time, each request on its
/// own schedule whether or not the previous ones have answered, and counts each latency from the
/// instant the request was due (so that a stalled server is not hidden by a waiting client).
/// </summary>
internal static class LoadWorker
{
    public static async Task<LoadResult> RunAsync(Uri url, int rate, int seconds, string? etag, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var expected = etag is null ? HttpStatusCode.OK : HttpStatusCode.NotModified;

        // Warm-up: connections and the server's first requests are not measured.
        for (var i = 0; i < 50; i++)
        {
            using var warm = await client.SendAsync(Request(url, etag), cancellationToken).ConfigureAwait(false);
            await warm.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var total = rate * seconds;
        var latencies = new double[total];
        var errors = 0L;
        var unexpected = 0L;
        var pending = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = (double)i / rate;
            var wait = due - clock.Elapsed.TotalSeconds;
            if (wait > 0.002)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait - 0.001), cancellationToken).ConfigureAwait(false);
            }

            while (clock.Elapsed.TotalSeconds < due)
            {
                Thread.SpinWait(20);
            }

            var index = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await client.SendAsync(Request(url, etag), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode != expected)
                    {
                        Interlocked.Increment(ref unexpected);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[index] = (clock.Elapsed.TotalSeconds - due) * 1000;
            }, cancellationToken));
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(total / elapsed, BenchStats.Percentile(latencies, 50), BenchStats.Percentile(latencies, 99), errors, unexpected);
    }

    private static HttpRequestMessage Request(Uri url, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        return request;
    }
}
