using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MissionPipeline.Api;

/// <summary>
/// Checks the key of a request against <see cref="ApiOptions"/>: no key where one is needed → 401,
/// a key that does not open this route → 403. Keys are compared in constant time and never logged
/// nor echoed.
/// </summary>
internal static class ApiAccess
{
    /// <summary>Null when the request may proceed, else the problem to answer.</summary>
    public static IResult? Check(HttpRequest request, ApiOptions options, Access access, string? agency = null)
    {
        if (access == Access.Anonymous || (access == Access.Dashboard && options.DashboardKey is null))
        {
            return null;
        }

        var presented = request.Headers[ApiOptions.KeyHeader].ToString();
        if (presented.Length == 0)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiOptions.KeyHeader}\"";
            return Problems.Unauthorized($"Cette route demande une clé : envoyez-la dans l'en-tête {ApiOptions.KeyHeader}.");
        }

        var allowed = access switch
        {
            Access.Dashboard => Same(presented, options.DashboardKey) || Same(presented, options.AdminKey),
            Access.Agency => Same(presented, options.AdminKey)
                || (agency is not null && options.AgencyKeys.TryGetValue(agency, out var key) && Same(presented, key)),
            _ => Same(presented, options.AdminKey),
        };
        return allowed ? null : Problems.Forbidden(access == Access.Agency
            ? "Cette clé n'ouvre pas les fichiers de cette agence : chaque agence ne voit que les siens."
            : "Cette clé n'ouvre pas cette route.");
    }

    private static bool Same(string presented, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
