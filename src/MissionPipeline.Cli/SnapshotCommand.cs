using System.CommandLine;
using System.Globalization;

namespace MissionPipeline.Cli;

/// <summary><c>mission snapshot [--as-of DATE] [--format json|csv|html]</c>: prints a published snapshot file.</summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var asOf = CommonOptions.AsOf("La date du tableau de bord publié ; défaut : le plus récent.");
        var format = new Option<string>("--format") { Description = "json, csv ou html.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "html");
        var command = new Command("snapshot", "Affiche un tableau de bord publié.") { asOf, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var date = parse.GetValue(asOf);
            var file = await pipeline.Snapshots.GetAsync(date, "dashboard." + parse.GetValue(format), cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(date is { } d
                    ? string.Create(CultureInfo.InvariantCulture, $"Aucun tableau de bord publié au {d:yyyy-MM-dd} dans ce format.")
                    : "Aucun tableau de bord publié dans ce format : lancez `mission recompute`.").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(file.Content.ToString()).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
