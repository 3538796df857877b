using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MissionPipeline.Text;

namespace MissionPipeline.Api;

/// <summary>
/// Bodies with a content-derived strong ETag (same bytes, same ETag, on every host and instance),
/// <c>Cache-Control</c>, and <c>304 Not Modified</c> when <c>If-None-Match</c> names that ETag.
/// </summary>
internal static class Responses
{
    public const string Json = "application/json; charset=utf-8";
    public const string Csv = "text/csv; charset=utf-8";
    public const string Html = "text/html; charset=utf-8";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IResult Cached(HttpRequest request, ReadOnlyMemory<byte> body, string contentType, string cacheControl) =>
        Cached(request, body, ETagOf(body.Span), contentType, cacheControl);

    /// <summary>
    /// The strong HTTP ETag of a body: the first 128 bits of its SHA-256 in hex, quoted. Content-derived,
    /// so both hosts and every instance give the same ETag for the same bytes.
    /// </summary>
    public static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";

    /// <summary>As above, with the ETag already computed from <paramref name="body"/> (<see cref="ETagOf"/>, as <see cref="ServedFile.ETag"/> is).</summary>
    /// <remarks>
    /// JSON, CSV and HTML bodies go compressed (br, else gzip) to a client that accepts it
    /// (<see cref="Compression"/>); each representation has its own strong ETag, and
    /// <c>If-None-Match</c> with any representation's ETag answers 304.
    /// </remarks>
    public static IResult Cached(HttpRequest request, ReadOnlyMemory<byte> body, string etag, string contentType, string cacheControl)
    {
        var headers = request.HttpContext.Response.Headers;
        var encoding = Compression.Choose(request, contentType, body.Length);
        headers.ETag = Compression.ETagOf(etag, encoding);
        headers.CacheControl = cacheControl;
        // Origin too, whether or not this host allows any: a shared cache must not hand a copy stored
        // without Access-Control-Allow-Origin to a dashboard's browser, nor the reverse. (With several
        // allowed origins, ASP.NET Core's CORS appends one more "Origin": a repeated name changes nothing.)
        headers.Vary = "Accept, Accept-Encoding, Origin, X-Api-Key";
        headers.XContentTypeOptions = "nosniff"; // reports echo agencies' cell text: never sniffed into HTML
        if (!IfMatchHolds(request, etag))
        {
            // Evaluated before If-None-Match (RFC 9110, 13.2.2): a client that conditions its read on
            // the copy it holds learns that the copy is gone, rather than being handed another one.
            return Problems.PreconditionFailed(
                $"If-Match « {MissionPipeline.Text.Echo.Shorten(request.Headers.IfMatch.ToString())} » ne nomme pas ce que cette adresse sert maintenant (ETag {headers.ETag}) : le contenu a changé depuis votre lecture, ou l'étiquette est celle d'une autre adresse. Relisez-le sans If-Match.");
        }

        if (Matches(request, etag))
        {
            return NotModified.Instance;
        }

        if (encoding is null)
        {
            return new Body(body, contentType);
        }

        headers.ContentEncoding = encoding;
        return new Body(Compression.Encode(body, etag, encoding), contentType, plain: body);
    }

    /// <summary>Whether <paramref name="result"/> is the 304 the cached answers give to a matching <c>If-None-Match</c>.</summary>
    public static bool IsNotModified(IResult result) => result is NotModified;

    // Escapes what HTML needs and keeps French letters and spaces as they are, as the pages write them.
    private static readonly HtmlEncoder NoticeEncoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>
    /// A page (<c>text/html</c>, 200) made from a copy kept while the storage does not answer, with a
    /// notice at the top of its body saying so and since when: the header
    /// <see cref="SnapshotCache.StaleHeader"/> is read by programs, not by a préfet reading the page
    /// (red team, dashboard builder). The marked page is another representation: its own ETag, sent
    /// uncompressed and kept by no cache, so that nothing serves it once the storage is back. Any other
    /// answer (JSON, CSV, a 304, a problem) is returned as it is.
    /// </summary>
    public static IResult WithStaleNotice(HttpContext context, IResult result, DateTimeOffset since)
    {
        if (result is not Body { Status: StatusCodes.Status200OK } page || !page.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            return result;
        }

        var html = page.Plain.Span;
        var body = html.IndexOf("<body"u8);
        var open = body < 0 ? -1 : html[body..].IndexOf((byte)'>');
        if (open < 0)
        {
            return result;
        }

        var at = body + open + 1;
        var notice = System.Text.Encoding.UTF8.GetBytes(
            "\n<p role=\"status\" style=\"margin:0;padding:10px 24px;background:#fff4d6;border-bottom:2px solid #b34000;color:#161616;font:600 14px/1.4 Arial,sans-serif\">"
            + NoticeEncoder.Encode(FrenchTypography.Apply(
                $"Le stockage du tableau de bord ne répond pas depuis le {Indicators.FrenchFormat.Moment(since)} : cette page est la copie que ce serveur avait gardée avant la panne ; elle sera mise à jour dès le retour du stockage."))
            + "</p>");
        var marked = new byte[html.Length + notice.Length];
        html[..at].CopyTo(marked);
        notice.CopyTo(marked.AsSpan(at));
        html[at..].CopyTo(marked.AsSpan(at + notice.Length));
        var headers = context.Response.Headers;
        headers.Remove(HeaderNames.ContentEncoding);
        headers.ETag = ETagOf(marked);
        headers.CacheControl = "no-store";
        return new Body(marked, page.ContentType);
    }

    /// <summary>
    /// The bytes of a JSON body written by <paramref name="write"/>: indented, and with
    /// <see cref="ReadableJsonEncoder"/> (French typography's no-break spaces written as they are)
    /// unless <paramref name="encoder"/> says otherwise. Every JSON body of the API's own is made here.
    /// </summary>
    public static byte[] JsonBody(Action<Utf8JsonWriter> write, JavaScriptEncoder? encoder = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = encoder ?? ReadableJsonEncoder.Instance }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// An answer no cache keeps: a POST's result, the health, the release calendar, the access list,
    /// a view of the past (<c>Cache-Control: no-store</c>, never sniffed, as every other answer).
    /// A body past <see cref="Compression.MinimumBytes"/> (a view of the past is a whole dashboard)
    /// goes compressed to a client that accepts it, as every other JSON does, compressed for it alone.
    /// </summary>
    public static IResult Live(HttpRequest request, ReadOnlyMemory<byte> body, string contentType = Json, int status = StatusCodes.Status200OK)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        if (Compression.Choose(request, contentType, body.Length) is not { } encoding)
        {
            return new Body(body, contentType, status);
        }

        headers.Vary = "Accept-Encoding";
        headers.ContentEncoding = encoding;
        return new Body(Compression.EncodeOnce(body, encoding), contentType, status, plain: body);
    }

    // The answers above are written here rather than by Results.Bytes and Results.StatusCode:
    // those resolve a logger from RequestServices each time they run, which opens a service scope
    // per request, about a third of what a polled 304 allocated (measured with dotnet-trace's
    // gc-verbose profile; docs/scaling.md). For a body in memory with no range nor
    // precondition of its own, they write what these write, and end the same way when the client leaves.

    /// <summary>The status (200 unless told), the body's type and length, then the bytes.</summary>
    private sealed class Body(ReadOnlyMemory<byte> content, string contentType, int status = StatusCodes.Status200OK, ReadOnlyMemory<byte>? plain = null) : IResult
    {
        public int Status => status;

        public string ContentType => contentType;

        /// <summary>The body before any compression.</summary>
        public ReadOnlyMemory<byte> Plain => plain ?? content;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = content.Length;
            try
            {
                await response.BodyWriter.WriteAsync(content, httpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
            {
                // The client left mid-body (a browser that navigated away): nothing failed on our side, so,
                // as Results.Bytes does, the connection is closed rather than the request failed (a failed
                // function in Azure).
                httpContext.Abort();
            }
        }
    }

    /// <summary>304, no body.</summary>
    private sealed class NotModified : IResult
    {
        public static NotModified Instance { get; } = new();

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
    }

    /// <summary>Private when a key guards the route (a shared cache must not serve it to others).</summary>
    /// <remarks>Made once per value (the routes use a handful of ages), not for every response.</remarks>
    public static string CacheControl(ApiOptions options, Access access, int maxAgeSeconds) =>
        CacheControls.GetOrAdd(
            (access == Access.Anonymous || (access == Access.Dashboard && options.DashboardKey is null), maxAgeSeconds),
            static key => (key.Public ? "public" : "private") + ", max-age=" + key.MaxAge.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool Public, int MaxAge), string> CacheControls = new();

    private static bool Matches(HttpRequest request, string etag) => Names(request.Headers.IfNoneMatch, etag, strong: false);

    /// <summary>
    /// Whether an <c>If-Match</c> the request may carry holds: absent, <c>*</c> (the body exists), or
    /// naming one representation of these bytes by a strong tag (a weak one never matches: RFC 9110,
    /// 13.1.1). A false one answers 412 rather than the body: it was ignored, and a client that
    /// conditions its read on the copy it holds was handed another one without a word (red team,
    /// dashboard builder).
    /// </summary>
    private static bool IfMatchHolds(HttpRequest request, string etag) =>
        request.Headers.IfMatch.Count == 0 || Names(request.Headers.IfMatch, etag, strong: true);

    /// <summary>
    /// Whether a conditional header's values name these bytes: <c>*</c>, or any representation of
    /// them (identity, br, gzip: the client's copy of the same bytes); one tag, the common case, is
    /// compared as it is, a list is parsed. A weak tag counts only when <paramref name="strong"/> is false.
    /// </summary>
    private static bool Names(Microsoft.Extensions.Primitives.StringValues values, string etag, bool strong)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            var trimmed = value.AsSpan().Trim();
            if (trimmed is "*" || Compression.IsRepresentationOf(trimmed, etag) || ListNames(value, etag, strong))
            {
                return true;
            }
        }

        return false;
    }

    // Apart from Names, whose every call would otherwise allocate this lambda's closure. If-None-Match
    // compares weakly (a W/ tag names the same bytes), If-Match strongly (RFC 9110, 13.1.1 and 13.1.2).
    private static bool ListNames(string value, string etag, bool strong) =>
        EntityTagHeaderValue.TryParseList([value], out var tags) && tags.Any(t => !(strong && t.IsWeak) && Compression.IsRepresentationOf(t.Tag.AsSpan(), etag));
}
