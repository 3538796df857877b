using System.CommandLine;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Cli;

/// <summary><c>mission serve [--port 7071]</c>: the HTTP API and the HTML dashboard on 127.0.0.1, watching uploads/, nightly recompute.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port d'écoute sur 127.0.0.1.", DefaultValueFactory = _ => 7071 };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                r.AddError("Le port doit être compris entre 1 et 65535.");
            }
        });
        var command = new Command("serve", "Sert l'API HTTP et le tableau de bord HTML sur 127.0.0.1, intègre ce qui arrive dans uploads/ et recalcule chaque nuit (RECOMPUTE_SCHEDULE, UTC). Ctrl-C pour arrêter.")
        {
            port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var schedule = Environment.GetEnvironmentVariable("RECOMPUTE_SCHEDULE") is { Length: > 0 } s ? s : ServeOptions.DefaultSchedule;
            await RunAsync(pipeline, new ServeOptions(parse.GetValue(port), schedule), parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task RunAsync(Pipeline pipeline, ServeOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = ServeHost.Build(pipeline, options);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Tableau de bord\u202F: http://127.0.0.1:{options.Port}/   API\u202F: http://127.0.0.1:{options.Port}/api/dashboard{(ServeHost.InlineIo ? "   " + ServeHost.InlineMark : string.Empty)}   (Ctrl-C pour arrêter)").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop gracefully below.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
