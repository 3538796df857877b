using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Cli;

/// <summary><c>mission serve [--port 7071]</c>: the HTTP API and the HTML dashboard on 127.0.0.1, watching uploads/, nightly recompute.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port("Port d'écoute sur 127.0.0.1.");
        var command = new Command("serve", "Sert l'API HTTP et le tableau de bord HTML sur 127.0.0.1, intègre ce qui arrive dans uploads/ et recalcule chaque nuit (RECOMPUTE_SCHEDULE, UTC). Ctrl-C pour arrêter.")
        {
            port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var schedule = ServeOptions.ScheduleFromEnvironment();
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            await RunAsync(pipeline, new ServeOptions(parse.GetValue(port), schedule), parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task RunAsync(Pipeline pipeline, ServeOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        // Said before the host starts, when it can be: the host first logs its own failure to start,
        // stack trace included, above the French line.
        if (options.Port != 0 && !PortFree(options.Port))
        {
            throw PortInUse(options.Port);
        }

        await using var app = ServeHost.Build(pipeline, options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            // Not a storage outage (its socket error would say so): another server took the port since.
            throw PortInUse(options.Port);
        }

        await RunStartedAsync(app, options, output, cancellationToken).ConfigureAwait(false);
    }

    private static UsageException PortInUse(int port) =>
        new($"Le port {port} est déjà utilisé sur 127.0.0.1 (un autre mission serve ?) : arrêtez-le, ou choisissez un autre port avec --port.");

    private static bool PortFree(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            // As the web server binds: connections of a server just stopped (TIME_WAIT) do not hold the
            // port, a server listening on it does (Linux refuses a second listener even so).
            probe.Server.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReuseAddress, true);
            probe.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            return false;
        }
    }

    private static async Task RunStartedAsync(WebApplication app, ServeOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Tableau de bord\u202F: http://127.0.0.1:{options.Port}/   API\u202F: http://127.0.0.1:{options.Port}/api/dashboard{(ServeHost.InlineIo ? "   " + ServeHost.InlineMark : string.Empty)}   (Ctrl-C pour arrêter)").ConfigureAwait(false);
        // Until Ctrl-C, or until the host stops by itself (a background service that failed): then the
        // command must end, and say so, rather than answer on without its watcher or its recompute.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, running.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stop gracefully below.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("Le serveur s'est arrêté de lui-même : la cause est dans le journal ci-dessus.");
        }
    }
}
