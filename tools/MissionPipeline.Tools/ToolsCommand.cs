using System.CommandLine;
using MissionPipeline.Cli;

namespace MissionPipeline.Tools;

/// <summary>The root <c>mission-tools</c> command: <c>bench</c> and <c>generate</c>, with the exit codes of <c>mission</c>.</summary>
internal static class ToolsCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Outils des développeurs de MissionPipeline (mesures de performance, fichiers d'exemple) ; jamais livrés avec la commande mission.");
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; a usage error prints what is wrong and exits 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            var error = configuration?.Error ?? Console.Error;
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Voir `mission-tools --help`.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration ?? new InvocationConfiguration()).ConfigureAwait(false);
    }
}
