using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace MissionPipeline.Api;

/// <summary>
/// Compressed representations of the bodies the API serves (JSON, CSV, HTML), br or gzip as the
/// client's <c>Accept-Encoding</c> prefers, each made once per body (keyed by the body's ETag) and
/// kept: a dashboard polled hundreds of times a second is compressed once per snapshot, not per
/// request. Done here, in the code both hosts share, rather than by ASP.NET Core's response
/// compression middleware, which only <c>mission serve</c> could run (the Functions worker has no
/// ASP.NET Core middleware pipeline of ours) and which compresses on every request.
/// </summary>
internal static class Compression
{
    /// <summary>Smaller bodies are sent as they are: compressing them saves less than its headers cost.</summary>
    public const int MinimumBytes = 1024;

    // Bodies × encodings in use at a time: the latest files, a hundred territory pages per snapshot
    // read (a crawl of one page's links), dated files. Dates come from callers, so bound it, by bytes
    // (a dashboard is tens of kilobytes compressed, a territory page a few) and by entries; past a
    // bound everything is forgotten and made again on demand. 64 entries were forgotten by one crawl
    // of a page's maps, the polled dashboard with them (a red team measured its br answer at 11 ms
    // instead of 2 ms just after).
    private const int KeepAtMost = 4096;
    private const long KeepAtMostBytes = 64L * 1024 * 1024;
    private static long _madeBytes;

    private static readonly ConcurrentDictionary<(string ETag, string Encoding), byte[]> Made = new();
    private static readonly ConcurrentDictionary<(string ETag, string Encoding), string> Tags = new();

    /// <summary>"br", "gzip", or null (identity) for this request and media type.</summary>
    public static string? Choose(HttpRequest request, string contentType, int length)
    {
        if (length < MinimumBytes || !(contentType.StartsWith("application/json", StringComparison.Ordinal)
            || contentType.StartsWith("text/", StringComparison.Ordinal)))
        {
            return null;
        }

        // The two commonest requests decided without parsing (measured: the closed-loop bench against nginx).
        var raw = request.Headers.AcceptEncoding;
        if (raw.Count == 0)
        {
            return null;
        }

        if (raw.Count == 1 && raw[0] is "gzip" or "br")
        {
            return raw[0];
        }

        var accepted = request.GetTypedHeaders().AcceptEncoding;
        // A coding named in the header is judged by its own entry, which overrides "*" (RFC 9110,
        // section 12.5.3): "br;q=0, *" refuses br and accepts gzip.
        double Quality(string coding) =>
            accepted.Where(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1)
                .DefaultIfEmpty(accepted.Where(a => a.Value.Equals("*", StringComparison.Ordinal)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max())
                .Max();
        var br = Quality("br");
        var gzip = Quality("gzip");
        return br > 0 && br >= gzip ? "br" : gzip > 0 ? "gzip" : null;
    }

    /// <summary>The body in <paramref name="encoding"/>, made on first use and kept for the ETag.</summary>
    public static byte[] Encode(ReadOnlyMemory<byte> body, string etag, string encoding)
    {
        if (Made.TryGetValue((etag, encoding), out var made))
        {
            return made;
        }

        if (Made.Count >= KeepAtMost || Interlocked.Read(ref _madeBytes) >= KeepAtMostBytes)
        {
            Made.Clear();
            Interlocked.Exchange(ref _madeBytes, 0);
        }

        var encoded = Compress(body, encoding, CompressionLevel.Optimal);
        Interlocked.Add(ref _madeBytes, encoded.Length);
        return Made[(etag, encoding)] = encoded;
    }

    /// <summary>
    /// The body in <paramref name="encoding"/>, for this answer alone (a view of the past, made for
    /// one request and never served again): never kept, at the fastest level, since it is paid per request.
    /// </summary>
    public static byte[] EncodeOnce(ReadOnlyMemory<byte> body, string encoding) => Compress(body, encoding, CompressionLevel.Fastest);

    private static byte[] Compress(ReadOnlyMemory<byte> body, string encoding, CompressionLevel level)
    {
        using var buffer = new MemoryStream(body.Length / 4);
        using (Stream compressor = encoding == "br"
            ? new BrotliStream(buffer, level, leaveOpen: true)
            : new GZipStream(buffer, level, leaveOpen: true))
        {
            compressor.Write(body.Span);
        }

        return buffer.ToArray();
    }

    /// <summary>The ETag of a representation: the body's own, with the coding inside the quotes (<c>"…-br"</c>); made once per body and coding, as the body is.</summary>
    public static string ETagOf(string etag, string? encoding)
    {
        if (encoding is null)
        {
            return etag;
        }

        if (Tags.TryGetValue((etag, encoding), out var tag))
        {
            return tag;
        }

        if (Tags.Count >= KeepAtMost)
        {
            Tags.Clear();
        }

        return Tags[(etag, encoding)] = etag.Insert(etag.Length - 1, Suffix(encoding));
    }

    /// <summary>
    /// True when <paramref name="tag"/> is the ETag of any representation of the body whose ETag is
    /// <paramref name="etag"/> (identity, <c>-gz</c>, <c>-br</c>), compared without making a string.
    /// </summary>
    public static bool IsRepresentationOf(ReadOnlySpan<char> tag, string etag)
    {
        var stem = etag.AsSpan(0, etag.Length - 1);
        if (!tag.StartsWith(stem, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = tag[stem.Length..];
        return rest is "\"" or "-gz\"" or "-br\"";
    }

    private static string Suffix(string encoding) => encoding == "br" ? "-br" : "-gz";
}
