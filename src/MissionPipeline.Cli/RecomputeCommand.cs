using System.CommandLine;
using System.Globalization;
using System.Text;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission recompute [--as-of YYYY-MM-DD] [--json] [--republish]</c>: recompute, publish, print the
/// dashboard. A computation that is not published (a different one kept, or the date approved) is
/// not printed either: exit 1 and why on stderr. <c>--known-at ISO</c>: the dashboard as it could be known then (only the files received
/// by then), computed and printed, never published.
/// </summary>
internal static class RecomputeCommand
{
    public static Command Create()
    {
        var asOf = CommonOptions.AsOf("La date d'arrêté (AAAA-MM-JJ), du 2000-01-01 à aujourd'hui (UTC) ; défaut : aujourd'hui. Un tableau de bord écrit avant la fin de son jour est provisoire, et un recalcul ultérieur de ce jour le remplace.");
        var json = CommonOptions.Json();
        var republish = new Option<bool>("--republish")
        {
            Description = "Remplace un tableau de bord déjà publié pour cette date s'il diffère (sinon il est conservé).",
        };
        var knownAt = new Option<string?>("--known-at")
        {
            HelpName = "INSTANT",
            Description = "Le tableau de bord tel qu'il pouvait être connu à cet instant (ISO 8601, par exemple 2010-01-15T08:00:00Z, ou une date : sa fin de journée UTC) : seuls les fichiers reçus jusque-là comptent ; calculé et affiché, jamais publié.",
        };
        var command = new Command("recompute", "Recalcule les indicateurs et publie le tableau de bord daté.")
        {
            asOf, json, republish, knownAt,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(asOf) is { } asked && SnapshotDates.Problem(asked, DateOnly.FromDateTime(Pipeline.Time.GetUtcNow().UtcDateTime)) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(problem)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (parse.GetValue(knownAt) is { } knownText)
            {
                return await KnownAtAsync(parse, parse.GetValue(asOf), knownText, parse.GetValue(republish), parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var result = await pipeline.Recompute.RunAsync(parse.GetValue(asOf), parse.GetValue(republish), cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (result.Outcome is PublishOutcome.Kept or PublishOutcome.Locked)
            {
                // Nothing on stdout: the computation refused is not the date's dashboard, and a script
                // reading it (--json | jq) would take its figures for the published ones (or, before
                // release, read unrecorded figures of a draft's date).
                var date = FrenchFormat.Date(result.AsOf);
                var read = string.Create(CultureInfo.InvariantCulture, $"Le tableau de bord publié se lit avec « mission snapshot --as-of {result.AsOf:yyyy-MM-dd} ».");
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(result.Outcome == PublishOutcome.Kept
                    ? $"Un tableau de bord différent est déjà publié au {date} : il est conservé, ce calcul n'est ni publié ni affiché. Relancez avec --republish pour le remplacer. {read}"
                    : $"Le tableau de bord du {date} est validé, donc immuable : ce calcul différent n'est ni publié ni affiché. {read}")).ConfigureAwait(false);
                return ExitCodes.Rejected;
            }

            var state = await pipeline.Snapshots.StateAsync(result.AsOf, cancellationToken).ConfigureAwait(false);
            if (state != SnapshotState.Released)
            {
                // The operator is about to read a draft: the pre-release access list says so.
                await pipeline.Snapshots.RecordReadAsync(result.AsOf, "stockage", "mission recompute", cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(Encoding.UTF8.GetString(result.Json)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(DashboardPrinter.Render(result.Dashboard, Pipeline.Catalogue)).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Publié\u202F: snapshots/{StorageLayout.SnapshotFolder(result.AsOf)}/dashboard.json ({Outcome(result.Outcome)})")).ConfigureAwait(false);
                if (state == SnapshotState.Draft)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Projet non validé\u202F: il sera diffusé une fois validé. Pour valider ce projet-là et aucun autre\u202F: «\u202Fmission approve --as-of {result.AsOf:yyyy-MM-dd} --expected {SnapshotFiles.Fingerprint(result.Json)[..PageState.FingerprintShown]}\u202F».")).ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>--known-at</c>: a view of the past, computed from the files received by then; exit 2 for an unreadable or future instant.</summary>
    private static async Task<int> KnownAtAsync(ParseResult parse, DateOnly? asOf, string text, bool republish, bool json, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var now = Pipeline.Time.GetUtcNow();
        string? problem = !SnapshotDates.TryParseInstant(text, out var knownAt)
            ? $"--known-at « {text} » illisible : attendu une date et une heure ISO 8601 (2010-01-15T08:00:00Z) ou une date (2010-01-15)."
            : republish ? "--republish ne va pas avec --known-at : un tableau de bord tel que connu à un instant passé n'est jamais publié."
            : SnapshotDates.KnownAtProblem(knownAt, now);
        if (problem is not null)
        {
            await error.WriteLineAsync(FrenchTypography.Apply(problem)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var result = await pipeline.Recompute.KnownAtAsync(asOf, knownAt, cancellationToken).ConfigureAwait(false);
        await pipeline.Snapshots.RecordViewIfUnreleasedAsync(result.AsOf, "stockage",
            string.Create(CultureInfo.InvariantCulture, $"mission recompute --as-of {result.AsOf:yyyy-MM-dd} --known-at {knownAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"), cancellationToken).ConfigureAwait(false);
        var output = parse.InvocationConfiguration.Output;
        if (json)
        {
            await output.WriteLineAsync(Encoding.UTF8.GetString(result.Json)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(DashboardPrinter.Render(result.Dashboard, Pipeline.Catalogue)).ConfigureAwait(false);
            await output.WriteLineAsync(FrenchTypography.Apply(string.Create(CultureInfo.InvariantCulture,
                $"Tableau de bord au {FrenchFormat.Date(result.AsOf)} tel qu'il pouvait être connu le {FrenchFormat.TypedMoment(knownAt)} : calculé, non publié."))).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static string Outcome(PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.Published => "nouveau",
        PublishOutcome.Unchanged => "inchangé",
        PublishOutcome.Republished => "republié",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a publication."),
    };
}
