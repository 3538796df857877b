using System.CommandLine;
using System.Globalization;
using System.Text;
using MissionPipeline.Api;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission approve --as-of DATE [--release-at ISO] [--json]</c>: the steering unit approves the draft
/// of that date, released now or at that time (docs/publication.md). Exit 0 approved; 1 refused
/// (nothing published for that date, already approved, approval not required, catalogue changed,
/// a release out of the dates' order, or, with <c>--expected</c>, a draft recomputed since it was
/// read); 2 for a malformed or past release time, one more than a year ahead, or a malformed fingerprint.
/// <c>mission approve --as-of DATE --withdraw</c> takes an approval back before its release: exit 0
/// withdrawn, 1 refused (not approved, already released, a later date approved).
/// </summary>
internal static class ApproveCommand
{
    public static Command Create()
    {
        var asOf = CommonOptions.AsOf("La date du projet de tableau de bord à valider.");
        asOf.Required = true;
        var releaseAt = new Option<string?>("--release-at") { HelpName = "HEURE", Description = "Heure de diffusion, ISO 8601 (2010-01-20T09:30:00+01:00 ; sans décalage : UTC), au plus un an à l'avance, jamais avant la fin de l'embargo d'une date antérieure. Défaut : aussitôt." };
        var expected = new Option<string?>("--expected")
        {
            Description = "L'empreinte du projet lu (au moins 8 chiffres hexadécimaux, que « mission snapshot --as-of DATE » donne, ou l'ETag de GET /api/dashboard/DATE) : un projet recalculé depuis n'est pas validé.",
            HelpName = "EMPREINTE",
        };
        var withdraw = new Option<bool>("--withdraw")
        {
            Description = "Retire la validation d'un tableau de bord qui n'est pas encore diffusé (erreur vue pendant l'embargo, heure à changer) : il redevient un projet, que l'on peut recalculer, puis valider de nouveau. Ce qui est diffusé ne se retire pas.",
        };
        var json = CommonOptions.Json();
        var command = new Command("approve", "Valide un projet de tableau de bord : il est diffusé aussitôt ou à l'heure donnée, et ne change plus (sauf validation retirée avant la diffusion) ; avec --withdraw, retire cette validation avant la diffusion.")
        {
            asOf, releaseAt, expected, withdraw, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(withdraw) && (result.GetResult(releaseAt) is not null || result.GetResult(expected) is not null))
            {
                result.AddError(FrenchTypography.Apply("--withdraw retire une validation : il ne prend ni --release-at ni --expected (pour changer l'heure, retirez, puis validez de nouveau à la nouvelle heure)."));
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var date = parse.GetValue(asOf)!.Value;
            // A date no snapshot may have is a usage error, as snapshot and recompute say (it exited 1, « rien à valider »).
            if (SnapshotDates.Problem(date, DateOnly.FromDateTime(Pipeline.Time.GetUtcNow().UtcDateTime)) is { } never)
            {
                await error.WriteLineAsync(FrenchTypography.Apply(never)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (parse.GetValue(withdraw))
            {
                return await WithdrawAsync(parse, date, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            DateTimeOffset? release = null;
            if (parse.GetValue(releaseAt) is { } text)
            {
                if (SnapshotDates.ReleaseProblem(text, Pipeline.Time.GetUtcNow(), out var at) is { } problem)
                {
                    await error.WriteLineAsync(FrenchTypography.Apply(problem.Replace("omettez-la", "omettez --release-at", StringComparison.Ordinal))).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                release = at;
            }

            var given = parse.GetValue(expected);
            var fingerprint = given is null ? null : SnapshotFiles.ReadFingerprint(given);
            if (given is not null && fingerprint is null)
            {
                await error.WriteLineAsync(FrenchTypography.Apply(
                    $"--expected « {Echo.Shorten(given)} » illisible : attendu l'empreinte du projet lu, au moins {SnapshotFiles.MinFingerprint} chiffres hexadécimaux (« mission snapshot --as-of {date:yyyy-MM-dd} » la donne).")).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var result = await pipeline.Snapshots.ApproveAsync(date, release, "mission approve", fingerprint, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != ApprovalOutcome.Approved || result.Approval is not { } approval)
            {
                var recompute = string.Create(CultureInfo.InvariantCulture, $"mission recompute --as-of {date:yyyy-MM-dd} --republish");
                await error.WriteLineAsync(FrenchTypography.Apply(ApprovalRefusal.Message(result, date, recompute, Pipeline.Time.GetUtcNow()))).ConfigureAwait(false);
                return ExitCodes.Rejected;
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var state = Snapshots.StateOf(approval, Pipeline.Time.GetUtcNow(), requireApproval: true);
                await output.WriteLineAsync(Encoding.UTF8.GetString(SnapshotEndpoints.StatusJson(new SnapshotStatus(date, state, approval)))).ConfigureAwait(false);
            }
            else
            {
                var released = approval.ReleaseAt > approval.ApprovedAt ? "sera diffusé le " + FrenchFormat.ReleaseMoment(approval.ReleaseAt) : "diffusé aussitôt";
                await output.WriteLineAsync(FrenchTypography.Apply($"Tableau de bord du {FrenchFormat.Date(date)} validé le {FrenchFormat.Moment(approval.ApprovedAt)}, {released} ; il ne changera plus{(approval.ReleaseAt > approval.ApprovedAt ? string.Create(CultureInfo.InvariantCulture, $", sauf si sa validation est retirée avant (« mission approve --as-of {date:yyyy-MM-dd} --withdraw »)") : string.Empty)}.")).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> WithdrawAsync(ParseResult parse, DateOnly date, bool json, CancellationToken cancellationToken)
    {
        using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var result = await pipeline.Snapshots.WithdrawAsync(date, "mission approve --withdraw", cancellationToken).ConfigureAwait(false);
        if (result.Outcome != ApprovalOutcome.Withdrawn)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(ApprovalRefusal.Message(result, date, string.Empty, Pipeline.Time.GetUtcNow()))).ConfigureAwait(false);
            return ExitCodes.Rejected;
        }

        var output = parse.InvocationConfiguration.Output;
        await output.WriteLineAsync(json
            ? Encoding.UTF8.GetString(SnapshotEndpoints.StatusJson(new SnapshotStatus(date, SnapshotState.Draft, null)))
            : FrenchTypography.Apply($"Validation du tableau de bord du {FrenchFormat.Date(date)} retirée : il redevient un projet, non diffusé, que l'on peut recalculer, puis valider de nouveau.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
