using System.CommandLine;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission storage start|stop|status</c>: the persistent local emulator, data under <c>./.mission/</c>.
/// Where <c>--storage</c> or <c>MISSION_STORAGE</c> names a storage, the commands use that one:
/// <c>status</c> then tells whether it answers, and <c>start</c> and <c>stop</c> say that the emulator
/// they act on is not the one the commands use.
/// </summary>
internal static class StorageCommand
{
    public static Command Create()
    {
        var command = new Command("storage", "Gère l'émulateur de stockage local (Azurite), données conservées sous ./.mission/.");
        var start = new Command("start", "Démarre l'émulateur local s'il ne tourne pas déjà.");
        start.SetAction(async (parse, ct) =>
        {
            var status = await LocalEmulator.InCurrentDirectory().StartAsync(ct).ConfigureAwait(false);
            await Print(parse, status).ConfigureAwait(false);
            await NoteGivenStorageAsync(parse).ConfigureAwait(false);
            // Another folder's emulator holds the ports: this folder's is not started, and a script's
            // « mission storage start && mission ingest … » must not write into someone else's storage (red team, operator).
            return status.Foreign ? ExitCodes.StorageUnreachable : ExitCodes.Ok;
        });
        var stop = new Command("stop", "Arrête l'émulateur local démarré depuis ce dossier (les données restent).");
        stop.SetAction(async (parse, ct) =>
        {
            var stopped = await LocalEmulator.InCurrentDirectory().StopAsync(ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(stopped ? "Émulateur arrêté." : "Aucun émulateur démarré depuis ce dossier.").ConfigureAwait(false);
            await NoteGivenStorageAsync(parse).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        var status = new Command("status", "Indique si le stockage des commandes répond (code 3 sinon) : celui de --storage ou MISSION_STORAGE s'il est donné, sinon l'émulateur local.");
        status.SetAction(async (parse, ct) =>
        {
            if (Pipeline.GivenStorage(parse) is { } given)
            {
                // Unreachable or refused: the root's handler says which, in French, exit 3.
                var (account, endpoint, created) = await Pipeline.ProbeAsync(given, Pipeline.LayoutOf(parse), ct).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(FrenchTypography.Apply(
                    $"Le stockage donné par {Source(parse)} répond (compte {account}, {endpoint}) : les commandes mission l'utilisent, pas l'émulateur local. "
                    + (created ? "Les conteneurs de la chaîne y sont." : "Les conteneurs de la chaîne n'y sont pas encore : la première commande qui l'utilise les crée."))).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var s = await LocalEmulator.InCurrentDirectory().StatusAsync(ct).ConfigureAwait(false);
            await Print(parse, s).ConfigureAwait(false);
            return s.Listening ? ExitCodes.Ok : ExitCodes.StorageUnreachable;
        });
        command.Subcommands.Add(start);
        command.Subcommands.Add(stop);
        command.Subcommands.Add(status);
        return command;
    }

    /// <summary>Which of the option or the variable names the storage (the option wins).</summary>
    private static string Source(ParseResult parse) => parse.GetValue(MissionCommand.Storage) is not null ? "--storage" : "MISSION_STORAGE";

    /// <summary>After <c>start</c> or <c>stop</c>: the emulator just acted on is not the storage the commands use when one is given.</summary>
    private static async Task NoteGivenStorageAsync(ParseResult parse)
    {
        if (Pipeline.GivenStorage(parse) is not null)
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync(FrenchTypography.Apply(
                $"Note : {Source(parse)} donne un stockage ; les commandes mission utilisent celui-là, pas cet émulateur local.")).ConfigureAwait(false);
        }
    }

    private static Task Print(ParseResult parse, EmulatorStatus status) =>
        parse.InvocationConfiguration.Output.WriteLineAsync(status switch
        {
            { Foreign: true } => $"Un autre programme écoute sur les ports {LocalEmulator.BlobPort} et {LocalEmulator.TablePort}\u202F: ce n'est pas l'émulateur de ce dossier (données de ce dossier\u202F: {status.Location}). Les commandes mission s'y connecteront\u202F; arrêtez-le ou lancez mission depuis le dossier qui l'a démarré.",
            { Listening: true } => $"Émulateur local de ce dossier à l'écoute (blob {LocalEmulator.BlobPort}, table {LocalEmulator.TablePort}, pid {status.Pid}), données\u202F: {status.Location}",
            _ => $"Émulateur local arrêté (données\u202F: {status.Location}).",
        });
}
