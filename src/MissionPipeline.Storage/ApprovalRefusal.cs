using System.Globalization;

namespace MissionPipeline.Storage;

/// <summary>Why an approval was refused, in French, the same for <c>mission approve</c> and the approval route.</summary>
public static class ApprovalRefusal
{
    /// <param name="result">A refused approval (any outcome but <see cref="ApprovalOutcome.Approved"/>).</param>
    /// <param name="asOf">The date asked.</param>
    /// <param name="recompute">How the caller recomputes that date (a command or a route), named when the draft must be recomputed.</param>
    public static string Message(ApprovalResult result, DateOnly asOf, string recompute) => result.Outcome switch
    {
        ApprovalOutcome.AlreadyApproved when result.Approval is { } a => string.Create(CultureInfo.InvariantCulture,
            $"Le tableau de bord du {asOf:yyyy-MM-dd} est déjà validé (le {a.ApprovedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC par {a.ApprovedBy}, diffusion le {a.ReleaseAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC) : une validation n'est jamais remplacée."),
        ApprovalOutcome.NotRequired =>
            $"Ce déploiement publie sans validation ({PublicationOptions.Setting} n'est pas activé) : chaque recalcul est diffusé aussitôt, il n'y a rien à valider.",
        ApprovalOutcome.CatalogueChanged => string.Create(CultureInfo.InvariantCulture,
            $"Le catalogue des indicateurs a changé depuis le calcul du projet du {asOf:yyyy-MM-dd} : recalculez-le ({recompute}) avant de le valider."),
        ApprovalOutcome.NotFound => string.Create(CultureInfo.InvariantCulture, $"Aucun tableau de bord publié au {asOf:yyyy-MM-dd} : rien à valider."),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Not a refusal."),
    };
}
