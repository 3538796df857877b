using Microsoft.AspNetCore.Http;

namespace MissionPipeline.Api;

/// <summary>Errors as <c>application/problem+json</c> (RFC 9457) with a French <c>detail</c>.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) => Make(StatusCodes.Status400BadRequest, "Requête invalide", detail);

    public static IResult Unauthorized(string detail) => Make(StatusCodes.Status401Unauthorized, "Clé manquante", detail);

    public static IResult Forbidden(string detail) => Make(StatusCodes.Status403Forbidden, "Accès refusé", detail);

    public static IResult NotFound(string detail) => Make(StatusCodes.Status404NotFound, "Introuvable", detail);

    public static IResult Conflict(string detail) => Make(StatusCodes.Status409Conflict, "Conflit", detail);

    public static IResult Unavailable(string detail) => Make(StatusCodes.Status503ServiceUnavailable, "Service indisponible", detail);

    private static IResult Make(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}");
}
