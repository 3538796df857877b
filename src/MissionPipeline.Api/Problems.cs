using System.Net;
using Microsoft.AspNetCore.Http;
using MissionPipeline.Text;

namespace MissionPipeline.Api;

/// <summary>Errors as <c>application/problem+json</c> (RFC 9457) with a French <c>detail</c>.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) => Make(StatusCodes.Status400BadRequest, "Requête invalide", detail);

    public static IResult Unauthorized(string detail) => Make(StatusCodes.Status401Unauthorized, "Clé manquante", detail);

    public static IResult Forbidden(string detail) => Make(StatusCodes.Status403Forbidden, "Accès refusé", detail);

    public static IResult NotFound(string detail) => Make(StatusCodes.Status404NotFound, "Introuvable", detail);

    public static IResult Conflict(string detail) => Make(StatusCodes.Status409Conflict, "Conflit", detail);

    public static IResult PreconditionFailed(string detail) => Make(StatusCodes.Status412PreconditionFailed, "Condition non remplie", detail);

    public static IResult Internal(string detail) => Make(StatusCodes.Status500InternalServerError, "Erreur interne", detail);

    public static IResult MethodNotAllowed(string detail) => Make(StatusCodes.Status405MethodNotAllowed, "Méthode non permise", detail);

    /// <summary>The problem for a bare status code the framework produced (unknown route, wrong method…).</summary>
    public static IResult ForStatus(int status, string path) => status switch
    {
        StatusCodes.Status404NotFound => NotFound($"Aucune route « {Echo.Shorten(path)} » : les routes sont décrites par /api/openapi.json."),
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed($"Méthode non permise sur « {Echo.Shorten(path)} » : voir /api/openapi.json."),
        _ => Make(status, "Erreur", $"La requête sur « {Echo.Shorten(path)} » a échoué (statut {status})."),
    };

    /// <summary>A date of the path or the query that is not one (<see cref="MissionPipeline.Periods.SnapshotDates.NotADate"/>).</summary>
    public static IResult BadDate(string text) => BadRequest(MissionPipeline.Periods.SnapshotDates.NotADate(text));

    /// <summary>The 400 for a date no snapshot may have (in the future, before 2000: <see cref="MissionPipeline.Periods.SnapshotDates.Problem"/>), as every route that takes a snapshot's date answers it; null for any other.</summary>
    public static IResult? NoSnapshotMayHave(DateOnly date, TimeProvider time) =>
        MissionPipeline.Periods.SnapshotDates.Problem(date, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } problem ? BadRequest(problem) : null;

    public static IResult NotImplemented(string detail) => Make(StatusCodes.Status501NotImplemented, "Méthode inconnue", detail);

    public static IResult Unavailable(string detail) => Make(StatusCodes.Status503ServiceUnavailable, "Service indisponible", detail);

    private static Problem Make(int status, string title, string detail) => new(status, title, FrenchTypography.Apply(detail));

    /// <summary>
    /// <paramref name="result"/> as a browser that asked for a page is shown it: a problem of ours
    /// becomes a French HTML page with the same status, title and detail, and a link to the latest
    /// dashboard (<see cref="ApiRoute.HomeFrom"/>), when the request asks for a page
    /// (<see cref="ApiRoute.AnswersPage"/>) and its <c>Accept</c> names <c>text/html</c> (a browser's
    /// navigation does; <c>curl</c> and a dashboard's script do not, and keep the problem+json the
    /// OpenAPI document gives). Anything else is returned as it is.
    /// </summary>
    public static IResult ForPage(HttpRequest request, IResult result, ApiRoute route)
    {
        if (result is not Problem problem || !route.AnswersPage(request) || !AsksForHtml(request))
        {
            return result;
        }

        return AsPage(problem, route.HomeFrom(request));
    }

    /// <summary>
    /// The bare status of a path outside <c>/api/</c> that no page of <c>mission serve</c> serves
    /// (<c>/dashbord.html</c> typed by hand), as a browser asking for a page is shown it: a French page
    /// with a link to the latest dashboard, not problem+json (red team, dashboard builder). A client
    /// that does not ask for <c>text/html</c> keeps the problem+json of <see cref="ForStatus"/>.
    /// </summary>
    public static IResult ForMissingPage(HttpRequest request, int status)
    {
        var path = request.Path.Value ?? "/";
        var result = ForStatus(status, path);
        if (result is not Problem problem || !AsksForHtml(request))
        {
            return result;
        }

        // Relative, as the pages' own links are, so that a prefix a gateway adds holds: from /a/b, ../dashboard.html.
        var home = string.Concat(Enumerable.Repeat("../", Math.Max(0, path.Count(c => c == '/') - 1))) + "dashboard.html";
        return AsPage(
            status == StatusCodes.Status404NotFound
                ? new Problem(status, problem.Title, FrenchTypography.Apply($"Aucune page « {Echo.Shorten(path)} » sur ce serveur : le tableau de bord est à l'adresse ci-dessous."))
                : problem,
            home);
    }

    private static Problem AsPage(Problem problem, string home)
    {
        var page = $"<!doctype html>\n<html lang=\"fr\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + $"<title>{WebUtility.HtmlEncode(problem.Title)} — Tableau de bord</title>\n"
            + "<body style=\"font-family:system-ui,sans-serif;max-width:42em;margin:2em auto;padding:0 1em;line-height:1.5\">"
            + $"<h1>{WebUtility.HtmlEncode(problem.Title)}</h1>\n<p>{WebUtility.HtmlEncode(problem.Detail)}</p>\n"
            + $"<p><a href=\"{WebUtility.HtmlEncode(home)}\">Tableau de bord le plus récent</a></p>\n</body></html>\n";
        return new Problem(problem.Status, problem.Title, problem.Detail, page);
    }

    private static bool AsksForHtml(HttpRequest request)
    {
        foreach (var value in request.Headers.Accept)
        {
            if (value is not null && value.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A problem: problem+json, or the French page of <see cref="ForPage"/> when <paramref name="page"/> is given.
    /// Its detail may echo a request's text (a date, an id): like every body, never sniffed into HTML.
    /// A problem is never kept, whatever the method: a 404 is cacheable by default (RFC 9111), yet a
    /// draft's 404 to an anonymous reader is a 200 to the admin, and a 503 passes; that includes the
    /// 404 or 405 of a path no route serves, which <see cref="ApiGate"/> never sees.
    /// </summary>
    private sealed class Problem(int status, string title, string detail, string? page = null) : IResult
    {
        public int Status => status;

        public string Title => title;

        public string Detail => detail;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            httpContext.Response.Headers.CacheControl = "no-store";
            // Never revalidated, so never tagged: a 412 found the ETag of the content it refused set
            // already (its detail names it), and a client took it for the problem's (red team, dashboard builder).
            httpContext.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ETag);

            return page is null
                ? Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}").ExecuteAsync(httpContext)
                : Results.Content(page, Responses.Html, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
