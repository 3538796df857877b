using System.CommandLine;
using System.Globalization;
using System.Text;
using MissionPipeline.Periods;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary><c>mission recompute [--as-of YYYY-MM-DD] [--json] [--republish]</c>: recompute, publish, print the dashboard.</summary>
internal static class RecomputeCommand
{
    public static Command Create()
    {
        var asOf = CommonOptions.AsOf("La date d'arrêté (AAAA-MM-JJ), du 2000-01-01 à aujourd'hui (UTC) ; défaut : aujourd'hui.");
        var json = CommonOptions.Json();
        var republish = new Option<bool>("--republish")
        {
            Description = "Remplace un tableau de bord déjà publié pour cette date s'il diffère (sinon il est conservé).",
        };
        var command = new Command("recompute", "Recalcule les indicateurs et publie le tableau de bord daté.")
        {
            asOf, json, republish,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(asOf) is { } asked && SnapshotDates.Problem(asked, DateOnly.FromDateTime(Pipeline.Time.GetUtcNow().UtcDateTime)) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(problem)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var result = await pipeline.Recompute.RunAsync(parse.GetValue(asOf), parse.GetValue(republish), cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (result.Outcome == PublishOutcome.Kept)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Un tableau de bord différent est déjà publié au {result.AsOf:yyyy-MM-dd}\u202F: il est conservé. Relancez avec --republish pour le remplacer.")).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(Encoding.UTF8.GetString(result.Json)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(DashboardPrinter.Render(result.Dashboard, Pipeline.Catalogue)).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Publié\u202F: snapshots/{StorageLayout.SnapshotFolder(result.AsOf)}/dashboard.json ({Outcome(result.Outcome)})")).ConfigureAwait(false);
            }

            return result.Outcome == PublishOutcome.Kept ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }

    private static string Outcome(PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.Published => "nouveau",
        PublishOutcome.Unchanged => "inchangé",
        PublishOutcome.Republished => "republié",
        _ => "conservé, non remplacé",
    };
}
