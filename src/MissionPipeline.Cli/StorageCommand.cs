using System.CommandLine;
using MissionPipeline.Cli.LocalStorage;

namespace MissionPipeline.Cli;

/// <summary><c>mission storage start|stop|status</c>: the persistent local emulator, data under <c>./.mission/</c>.</summary>
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
            return ExitCodes.Ok;
        });
        var stop = new Command("stop", "Arrête l'émulateur local démarré depuis ce dossier (les données restent).");
        stop.SetAction(async (parse, ct) =>
        {
            var stopped = await LocalEmulator.InCurrentDirectory().StopAsync(ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(stopped ? "Émulateur arrêté." : "Aucun émulateur démarré depuis ce dossier.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        var status = new Command("status", "Indique si l'émulateur local écoute (code 3 sinon).");
        status.SetAction(async (parse, ct) =>
        {
            var s = await LocalEmulator.InCurrentDirectory().StatusAsync(ct).ConfigureAwait(false);
            await Print(parse, s).ConfigureAwait(false);
            return s.Listening ? ExitCodes.Ok : ExitCodes.StorageUnreachable;
        });
        command.Subcommands.Add(start);
        command.Subcommands.Add(stop);
        command.Subcommands.Add(status);
        return command;
    }

    private static Task Print(ParseResult parse, EmulatorStatus status) =>
        parse.InvocationConfiguration.Output.WriteLineAsync(status switch
        {
            { Foreign: true } => $"Un autre programme écoute sur les ports {LocalEmulator.BlobPort} et {LocalEmulator.TablePort}\u202F: ce n'est pas l'émulateur de ce dossier (données de ce dossier\u202F: {status.Location}). Les commandes mission s'y connecteront\u202F; arrêtez-le ou lancez mission depuis le dossier qui l'a démarré.",
            { Listening: true } => $"Émulateur local de ce dossier à l'écoute (blob {LocalEmulator.BlobPort}, table {LocalEmulator.TablePort}, pid {status.Pid}), données\u202F: {status.Location}",
            _ => $"Émulateur local arrêté (données\u202F: {status.Location}).",
        });
}
