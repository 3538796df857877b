using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary>Maps a snapshot file to an HTTP answer: 200 with ETag and Cache-Control, 304 on a matching If-None-Match, 404 as problem+json.</summary>
internal static class SnapshotResponse
{
    public static IActionResult For(HttpRequest request, SnapshotFile? file)
    {
        if (file is null)
        {
            return new ObjectResult(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Aucun tableau de bord publié",
                Detail = "Aucun tableau de bord n'est encore publié : le recalcul nocturne ne l'a pas encore produit.",
            })
            { StatusCode = StatusCodes.Status404NotFound, ContentTypes = { "application/problem+json" } };
        }

        request.HttpContext.Response.Headers.ETag = file.ETag;
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        if (request.Headers.IfNoneMatch.Any(v => v == file.ETag || v == "*"))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        var type = file.Name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        return new FileContentResult(file.Content.ToArray(), type);
    }
}
