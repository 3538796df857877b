using System.Text;

namespace MissionPipeline.Publishing;

/// <summary>
/// What a published page says of its own validation (docs/publication.md): nothing where the
/// deployment publishes without approval (<see cref="Unreviewed"/>), « Projet non validé » across a
/// draft, and the approval and release times once approved. The figures of a snapshot never depend
/// on it: approving a draft renders its pages again with the approved state, and nothing else.
/// </summary>
public sealed record PageState
{
    private PageState(bool draft, DateTimeOffset? approvedAt, DateTimeOffset? releaseAt)
    {
        IsDraft = draft;
        ApprovedAt = approvedAt;
        ReleaseAt = releaseAt;
    }

    /// <summary>Published without approval: the deployment does not ask for one.</summary>
    public static PageState Unreviewed { get; } = new(false, null, null);

    /// <summary>Published, not yet approved: read only by those the pre-release access list records.</summary>
    public static PageState Draft { get; } = new(true, null, null);

    public bool IsDraft { get; }

    public DateTimeOffset? ApprovedAt { get; }

    public DateTimeOffset? ReleaseAt { get; }

    /// <summary>Approved at <paramref name="approvedAt"/>, released at <paramref name="releaseAt"/> (not before the approval).</summary>
    public static PageState Approved(DateTimeOffset approvedAt, DateTimeOffset releaseAt) =>
        new(false, approvedAt, releaseAt < approvedAt ? approvedAt : releaseAt);

    /// <summary>The class the page's body carries (<c>projet</c> draws the « Projet non validé » mark on every printed page), or empty.</summary>
    internal string BodyClass => IsDraft ? " class=\"projet\"" : string.Empty;

    /// <summary>The banner under the masthead: the draft warning, the approval line, or nothing.</summary>
    internal void WriteBanner(StringBuilder html)
    {
        if (IsDraft)
        {
            html.Append("<div class=\"etat etat-projet\" role=\"note\"><strong>Projet non validé</strong> — ces chiffres n'ont pas été validés par l'unité de pilotage : ils ne doivent être ni diffusés ni cités. Chaque lecture de ce projet est enregistrée.</div>\n");
        }
        else if (ApprovedAt is { } approved && ReleaseAt is { } release)
        {
            html.Append("<div class=\"etat etat-valide\" role=\"note\">Validé le ").Append(Html.Instant(approved))
                .Append(release > approved ? ", diffusé le " + Html.Instant(release) : ", diffusé aussitôt").Append(".</div>\n");
        }
    }
}
