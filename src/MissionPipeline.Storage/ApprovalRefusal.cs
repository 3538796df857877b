using MissionPipeline.Indicators;

namespace MissionPipeline.Storage;

/// <summary>Why an approval was refused, in French, the same for <c>mission approve</c> and the approval route.</summary>
public static class ApprovalRefusal
{
    /// <param name="result">A refused approval (any outcome but <see cref="ApprovalOutcome.Approved"/>).</param>
    /// <param name="asOf">The date asked.</param>
    /// <param name="recompute">How the caller recomputes that date (a command or a route), named when the draft must be recomputed.</param>
    /// <param name="now">The instant of the refusal: an hour it would suggest that has passed is not suggested.</param>
    public static string Message(ApprovalResult result, DateOnly asOf, string recompute, DateTimeOffset now) => result.Outcome switch
    {
        ApprovalOutcome.AlreadyApproved when result.Approval is { } a =>
            $"Le tableau de bord du {FrenchFormat.Date(asOf)} est déjà validé : le {FrenchFormat.Moment(a.ApprovedAt)} par {a.ApprovedBy}, diffusé à partir du {FrenchFormat.ReleaseMoment(a.ReleaseAt)} ; une validation n'est jamais remplacée.",
        ApprovalOutcome.NotRequired =>
            $"Ce déploiement publie sans validation ({PublicationOptions.Setting} n'est pas activé) : chaque recalcul est diffusé aussitôt, il n'y a ni validation à donner ni validation à retirer.",
        ApprovalOutcome.CatalogueChanged =>
            $"Le catalogue des indicateurs a changé depuis le calcul du projet du {FrenchFormat.Date(asOf)} : recalculez-le ({recompute}) avant de le valider.",
        ApprovalOutcome.DraftChanged =>
            $"Le projet du {FrenchFormat.Date(asOf)} n'est pas celui que désigne l'empreinte donnée : il a été recalculé depuis sa lecture, ou cette empreinte n'est pas celle de ses chiffres (celle que donnent sa page et « mission snapshot », ou l'ETag de sa lecture en JSON). Relisez-le, puis validez-le avec son empreinte.",
        ApprovalOutcome.ComparedWithOlder when result.Approval is { } a =>
            $"Le projet du {FrenchFormat.Date(asOf)} compare ses évolutions à un tableau de bord plus ancien que celui du {FrenchFormat.Date(a.AsOf)}, validé depuis son calcul et diffusé avant lui : diffusé tel quel, il sauterait cette date. Recalculez-le ({recompute}), relisez-le, puis validez-le.",
        ApprovalOutcome.Provisional =>
            $"Le tableau de bord du {FrenchFormat.Date(asOf)} est provisoire : calculé avant la fin de cette journée (minuit UTC), il ne compte pas les fichiers reçus depuis, et validé, il la figerait sans eux. Validez-le une fois la journée finie et le tableau recalculé (le calcul de la nuit le fait, ou {recompute}).",
        ApprovalOutcome.ComparedWithWithdrawn when result.Approval is { } a =>
            $"Le projet du {FrenchFormat.Date(asOf)} compte ses évolutions depuis le tableau de bord du {FrenchFormat.Date(a.AsOf)}, dont la validation a été retirée depuis : diffusé tel quel, il partirait de chiffres qu'aucun lecteur n'a eus. Recalculez-le ({recompute}), relisez-le, puis validez-le.",
        ApprovalOutcome.NotFound => $"Aucun tableau de bord publié au {FrenchFormat.Date(asOf)} : rien à valider.",
        ApprovalOutcome.OutOfOrder when result.Approval is { } a && a.AsOf < asOf =>
            $"Le tableau de bord du {FrenchFormat.Date(a.AsOf)} est sous embargo jusqu'au {FrenchFormat.ReleaseMoment(a.ReleaseAt)} : celui du {FrenchFormat.Date(asOf)}, qui contient ses chiffres (séries, révisions), ne peut pas être diffusé avant. Donnez-lui une heure de diffusion à partir de ce moment ({Iso(a.ReleaseAt)}).",
        ApprovalOutcome.OutOfOrder when result.Approval is { } a && a.ReleaseAt <= now =>
            // That later date is out: these figures are public already, and any hour before it has passed.
            $"Le tableau de bord du {FrenchFormat.Date(a.AsOf)}, qui contient les chiffres de celui du {FrenchFormat.Date(asOf)}, est diffusé depuis le {FrenchFormat.Moment(a.ReleaseAt)} : ces chiffres sont déjà publics, une heure de diffusion à venir ne les protégerait pas. Validez-le sans heure de diffusion : il est alors diffusé aussitôt.",
        ApprovalOutcome.OutOfOrder when result.Approval is { } a =>
            $"Le tableau de bord du {FrenchFormat.Date(a.AsOf)}, qui contient les chiffres de celui du {FrenchFormat.Date(asOf)}, est diffusé à partir du {FrenchFormat.ReleaseMoment(a.ReleaseAt)} : une heure de diffusion plus tardive ne les protégerait pas. Validez-le sans heure de diffusion, ou à une heure qui ne dépasse pas celle-là ({Iso(a.ReleaseAt)}).",
        ApprovalOutcome.NotApproved =>
            $"Le tableau de bord du {FrenchFormat.Date(asOf)} n'est pas validé : il n'y a pas de validation à retirer.",
        ApprovalOutcome.AlreadyReleased when result.Approval is { } a && a.ReleaseAt > now =>
            $"Le tableau de bord du {FrenchFormat.Date(asOf)} est diffusé à partir du {FrenchFormat.ReleaseMoment(a.ReleaseAt)} : à moins de {Snapshots.WithdrawalMargin.TotalMinutes:0} minutes de cette heure, sa validation ne se retire plus (chaque serveur le diffuse à l'heure sans attendre). Une erreur se corrigera par un fichier rectificatif, que le tableau de bord suivant dira.",
        ApprovalOutcome.AlreadyReleased when result.Approval is { } a =>
            $"Le tableau de bord du {FrenchFormat.Date(asOf)} est diffusé depuis le {FrenchFormat.Moment(a.ReleaseAt)} : ce qui est public ne se retire pas. Une erreur se corrige par un fichier rectificatif, que le tableau de bord suivant dira.",
        ApprovalOutcome.LaterApproved when result.Approval is { } a =>
            $"Le tableau de bord du {FrenchFormat.Date(a.AsOf)}, validé lui aussi, contient les chiffres de celui du {FrenchFormat.Date(asOf)} et compte ses évolutions depuis lui : retirez d'abord sa validation.",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Not a refusal."),
    };

    /// <summary>An instant as <c>--release-at</c> and <c>releaseAt=</c> take it back.</summary>
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
