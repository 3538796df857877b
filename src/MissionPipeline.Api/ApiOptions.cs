using Microsoft.Extensions.Configuration;

namespace MissionPipeline.Api;

/// <summary>
/// Who may call what, from configuration section <c>Api</c> (app settings <c>Api__DashboardKey</c>,
/// <c>Api__AdminKey</c>, <c>Api__AgencyKeys__{agency}</c> with <c>_</c> for <c>-</c>, <c>Api__AllowedOrigins</c>):
/// dashboard routes are anonymous unless <see cref="DashboardKey"/> is set; an agency's ingestions
/// need that agency's key or the admin key; recompute needs the admin key. No key configured for
/// a protected route means nobody can call it (never open by accident).
/// </summary>
public sealed record ApiOptions(
    string? DashboardKey,
    string? AdminKey,
    IReadOnlyDictionary<string, string> AgencyKeys,
    IReadOnlyList<string> AllowedOrigins)
{
    public const string Section = "Api";

    /// <summary>The request header that carries a key. Never a query string: URLs end up in logs.</summary>
    public const string KeyHeader = "X-Api-Key";

    public static ApiOptions Open { get; } = new(null, null, new Dictionary<string, string>(), []);

    public static ApiOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var agencies = section.GetSection("AgencyKeys").GetChildren()
            .Where(c => Blank(c.Value) is not null)
            // Linux app setting names cannot hold '-': Api__AgencyKeys__pole_emploi is pole-emploi's key.
            // Agency ids never contain '_', so the mapping is unambiguous.
            .ToDictionary(c => c.Key.ToLowerInvariant().Replace('_', '-'), c => c.Value!, StringComparer.Ordinal);
        var origins = (section["AllowedOrigins"] ?? string.Empty)
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ApiOptions(Blank(section["DashboardKey"]), Blank(section["AdminKey"]), agencies, origins);
    }

    // An unresolved Key Vault reference stays as its literal text in the setting: it must close the
    // route (no key), never become a key anyone reading the template could present.
    private static string? Blank(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) ? null : value;
}
