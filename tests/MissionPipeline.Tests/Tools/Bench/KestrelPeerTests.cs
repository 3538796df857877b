using System.Net;
using MissionPipeline.Tools.Bench;

namespace MissionPipeline.Tests.Tools.Bench;

/// <summary>The framework's floor of the load bench serves what nginx and <c>mission serve</c> serve: the same bytes, gzip when asked, 304 for its ETag; otherwise the comparison would be unfair.</summary>
public sealed class KestrelPeerTests
{
    [Theory]
    [InlineData(null, false, 200, "identity")]
    [InlineData("gzip", false, 200, "gzip")]
    [InlineData(null, true, 304, "identity")]
    [InlineData("gzip", true, 304, "gzip")]
    [InlineData("gzip, br", false, 200, "gzip")]
    public async Task Build_Request_AnswersAsAStaticFileServer(string? acceptEncoding, bool conditional, int status, string representation)
    {
        byte[] identity = [.. "{\"indicators\":[]}"u8];
        byte[] gzip = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3];
        await ServeAsync(identity, gzip, async get =>
        {
            using var plain = await get(acceptEncoding, null);
            using var response = await get(acceptEncoding, conditional ? plain.Headers.ETag!.ToString() : null);
            var body = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(plain.Headers.ETag, response.Headers.ETag);
            Assert.Equal(representation == "gzip" ? gzip : identity, await plain.Content.ReadAsByteArrayAsync());
            Assert.Equal(representation == "gzip", plain.Content.Headers.ContentEncoding.Contains("gzip"));
            Assert.Equal(status == 304 ? [] : representation == "gzip" ? gzip : identity, body);
        });
    }

    [Fact]
    public async Task Build_OtherRepresentationsETag_AnswersTheBody()
    {
        await ServeAsync([1, 2, 3], [4, 5], async get =>
        {
            using var gzipResponse = await get("gzip", null);

            using var identityResponse = await get(null, gzipResponse.Headers.ETag!.ToString());

            Assert.Equal(HttpStatusCode.OK, identityResponse.StatusCode);
            Assert.Equal(new byte[] { 1, 2, 3 }, await identityResponse.Content.ReadAsByteArrayAsync());
            Assert.NotEqual(gzipResponse.Headers.ETag, identityResponse.Headers.ETag);
        });
    }

    /// <summary>Serves the two files from a temporary folder on a free port; <paramref name="act"/> gets GET (Accept-Encoding, If-None-Match), without automatic decompression.</summary>
    private static async Task ServeAsync(byte[] identity, byte[] gzip, Func<Func<string?, string?, Task<HttpResponseMessage>>, Task> act)
    {
        var folder = Directory.CreateTempSubdirectory("kestrel-peer-");
        try
        {
            var file = Path.Combine(folder.FullName, "dashboard.json");
            await File.WriteAllBytesAsync(file, identity);
            await File.WriteAllBytesAsync(file + ".gz", gzip);
            var port = LoadBench.FreePort();
            await using var app = KestrelPeer.Build(file, port);
            await app.StartAsync();
            using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
            var url = new Uri($"http://127.0.0.1:{port}/api/dashboard");
            await act(async (acceptEncoding, ifNoneMatch) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                foreach (var (name, value) in new[] { ("Accept-Encoding", acceptEncoding), ("If-None-Match", ifNoneMatch) })
                {
                    if (value is not null)
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                return await client.SendAsync(request);
            });
            await app.StopAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
