using MissionPipeline.Text;

namespace MissionPipeline.Storage;

/// <summary>
/// Whether a recompute's snapshot waits for the steering unit's approval before the public routes
/// serve it (app setting <c>Publication__RequireApproval</c>, docs/publication.md). Off by default,
/// as the first round behaved: every recompute is released at once. The Bicep turns it on; the demo
/// turns it on and approves its own snapshots.
/// </summary>
public sealed record PublicationOptions(bool RequireApproval = false)
{
    /// <summary>The app setting's name, as an environment variable (<c>Publication:RequireApproval</c> in configuration).</summary>
    public const string Setting = "Publication__RequireApproval";

    public static readonly PublicationOptions Default = new();

    /// <summary>
    /// The setting as written: empty means the default; <c>true</c>/<c>false</c> in any case, or
    /// <c>1</c>/<c>0</c>. Anything else is refused with a French message, never read as off: a typo
    /// must not release drafts.
    /// </summary>
    public static PublicationOptions Parse(string? value) =>
        value?.Trim().ToLowerInvariant() switch
        {
            null or "" => Default,
            "true" or "1" => new(RequireApproval: true),
            "false" or "0" => new(RequireApproval: false),
            _ => throw new FormatException($"Réglage {Setting} invalide (« {Echo.Shorten(value, 40)} ») : attendu true ou false."),
        };
}
