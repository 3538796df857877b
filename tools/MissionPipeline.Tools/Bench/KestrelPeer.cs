using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// The framework's floor for <c>GET /api/dashboard</c>: ASP.NET Core's Kestrel, the web server of
/// <c>mission serve</c>, with one <c>MapGet</c> and nothing else (no routes table, key check,
/// snapshot cache, problem details nor logging), serving two files read once into memory: the body,
/// or its gzip file when <c>Accept-Encoding</c> names gzip, with a strong ETag, and 304 when
/// <c>If-None-Match</c> is that ETag. Its throughput against nginx's is the share of the gap that
/// belongs to the framework (a copy through user space where nginx uses <c>sendfile</c>); ours against
/// it is the share that belongs to our code.
/// </summary>
internal static class KestrelPeer
{
    /// <summary>The server on 127.0.0.1:<paramref name="port"/> serving <paramref name="file"/> and <c><paramref name="file"/>.gz</c>.</summary>
    public static WebApplication Build(string file, int port)
    {
        var identity = File.ReadAllBytes(file);
        var gzip = File.ReadAllBytes(file + ".gz");
        var (identityTag, gzipTag) = (ETag(identity), ETag(gzip));
        var builder = WebApplication.CreateSlimBuilder();
        ServeHost.UseLoopback(builder.WebHost, port, ServeHost.InlineIo);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/api/dashboard", (HttpContext context) =>
        {
            var gzipped = context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
            var (body, etag) = gzipped ? (gzip, gzipTag) : (identity, identityTag);
            var headers = context.Response.Headers;
            headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            if (gzipped)
            {
                headers.ContentEncoding = "gzip";
            }

            return Results.Bytes(body, "application/json");
        });
        return app;
    }

    private static string ETag(byte[] content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
}
