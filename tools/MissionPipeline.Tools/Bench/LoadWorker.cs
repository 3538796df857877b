using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// An open-loop client: sends <c>GET URL</c> at a fixed rate for a fixed time, each request on its
/// own schedule whether or not the previous ones have answered, and counts each latency from the
/// instant the request was due (so that a stalled server is not hidden by a waiting client).
/// </summary>
internal static class LoadWorker
{
    /// <param name="url">What to GET.</param>
    /// <param name="rate">Requests per second.</param>
    /// <param name="seconds">For how long.</param>
    /// <param name="etag">Sent as If-None-Match (304 expected), or null (200 expected).</param>
    /// <param name="acceptEncoding">Sent as Accept-Encoding, or null: a 200 not in that coding counts as unexpected.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<LoadResult> RunAsync(Uri url, int rate, int seconds, string? etag, string? acceptEncoding, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var expected = etag is null ? HttpStatusCode.OK : HttpStatusCode.NotModified;

        // Warm-up: connections and the server's first requests are not measured.
        for (var i = 0; i < 50; i++)
        {
            using var warm = await client.SendAsync(Request(url, etag, acceptEncoding), cancellationToken).ConfigureAwait(false);
            await warm.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var total = rate * seconds;
        var latencies = new double[total];
        var errors = 0L;
        var unexpected = 0L;
        var pending = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var next = 0;
        while (next < total)
        {
            // Every request due by now goes out now; then sleep about a millisecond. No spinning: the
            // client must not take the server's core on a small machine. Lateness of this loop
            // counts against the server (latency is measured from the due instant), never for it.
            var now = clock.Elapsed.TotalSeconds;
            for (; next < total && (double)next / rate <= now; next++)
            {
                var index = next;
                var due = (double)index / rate;
                pending.Add(Task.Run(async () =>
                {
                    try
                    {
                        using var response = await client.SendAsync(Request(url, etag, acceptEncoding), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                        if (response.StatusCode != expected
                            || (expected == HttpStatusCode.OK && acceptEncoding is not null && !response.Content.Headers.ContentEncoding.Contains(acceptEncoding)))
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

            if (next < total)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(total / elapsed, BenchStats.Percentile(latencies, 50), BenchStats.Percentile(latencies, 99), errors, unexpected);
    }

    private static HttpRequestMessage Request(Uri url, string? etag, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        return request;
    }
}
