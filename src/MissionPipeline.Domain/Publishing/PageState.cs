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

    /// <summary>
    /// For a draft whose figures are named (<see cref="Naming"/>), the first digits of their
    /// fingerprint (<see cref="SnapshotFiles.Fingerprint"/>): the banner gives the approval of this
    /// draft and no other, so that a draft printed for a meeting is the one approved after it.
    /// </summary>
    public string? Fingerprint { get; private init; }

    /// <summary>How many digits of the fingerprint a draft's banner and <c>mission snapshot</c> give.</summary>
    public const int FingerprintShown = 12;

    /// <summary>This state, a draft's naming the figures of <paramref name="dashboardJson"/> (its <c>dashboard.json</c>); any other as it is.</summary>
    public PageState Naming(ReadOnlySpan<byte> dashboardJson) =>
        IsDraft ? this with { Fingerprint = SnapshotFiles.Fingerprint(dashboardJson)[..FingerprintShown] } : this;

    /// <summary>Approved at <paramref name="approvedAt"/>, released at <paramref name="releaseAt"/> (not before the approval).</summary>
    public static PageState Approved(DateTimeOffset approvedAt, DateTimeOffset releaseAt) =>
        new(false, approvedAt, releaseAt < approvedAt ? approvedAt : releaseAt);

    /// <summary>The class the page's body carries (<c>projet</c> draws the « Projet non validé » mark on every printed page), or empty.</summary>
    internal string BodyClass => IsDraft ? " class=\"projet\"" : string.Empty;

    /// <summary>The banner under the masthead of the snapshot of <paramref name="asOf"/>: the draft warning (with the approval of these figures, when named), the approval line, or nothing.</summary>
    internal void WriteBanner(StringBuilder html, DateOnly asOf)
    {
        if (IsDraft)
        {
            html.Append("<div class=\"etat etat-projet\" role=\"note\"><strong>Projet non validé</strong> — ces chiffres n'ont pas été validés par l'unité de pilotage : ils ne doivent être ni diffusés ni cités. Chaque lecture de ce projet est enregistrée.");
            if (Fingerprint is { } fingerprint)
            {
                html.Append(" Empreinte de ces chiffres : <code class=\"empreinte\">").Append(fingerprint)
                    // Each option on one line, so that a date is never cut at its hyphen (« 2009-03- / 31 » read as 2009-0331 once printed).
                    .Append("</code> ; pour valider ce projet-là et aucun autre : « mission approve <span class=\"option\">--as-of ").Append(asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("</span> <span class=\"option\">--expected ").Append(fingerprint).Append("</span> ».");
            }

            html.Append("</div>\n");
        }
        else if (ApprovedAt is { } approved && ReleaseAt is { } release)
        {
            html.Append("<div class=\"etat etat-valide\" role=\"note\">Validé le ").Append(Html.Instant(approved))
                .Append(release > approved ? ", diffusé à partir du " + Html.Instant(release, seconds: true) : ", diffusé aussitôt").Append(".</div>\n");
        }
    }
}
