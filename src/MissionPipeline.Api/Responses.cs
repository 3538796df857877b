using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MissionPipeline.Storage;

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

    public static IResult Cached(HttpRequest request, ReadOnlyMemory<byte> body, string contentType, string cacheControl) =>
        Cached(request, body, Snapshots.ETagOf(body.Span), contentType, cacheControl);

    /// <summary>As above, with the ETag already computed from <paramref name="body"/> (<see cref="Snapshots.ETagOf"/>, as <see cref="SnapshotFile.ETag"/> is).</summary>
    public static IResult Cached(HttpRequest request, ReadOnlyMemory<byte> body, string etag, string contentType, string cacheControl)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = cacheControl;
        headers.Vary = "Accept, X-Api-Key";
        if (Matches(request, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(body, contentType);
    }

    /// <summary>Private when a key guards the route (a shared cache must not serve it to others).</summary>
    public static string CacheControl(ApiOptions options, Access access, int maxAgeSeconds) =>
        (access == Access.Anonymous || (access == Access.Dashboard && options.DashboardKey is null) ? "public" : "private")
        + ", max-age=" + maxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            if (value.Trim() == "*")
            {
                return true;
            }

            if (EntityTagHeaderValue.TryParseList([value], out var tags)
                && tags.Any(t => string.Equals(t.Tag.ToString(), etag, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
