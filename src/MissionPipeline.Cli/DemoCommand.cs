using System.CommandLine;
using MissionPipeline.Catalogue;
using MissionPipeline.Reports;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission demo</c>: local storage up, the sample files shipped with the command ingested (one per
/// agency folder under <c>samples/</c>, including a rejected one to show a report), a recompute as
/// of 2009-12-31, and the dashboard printed.
/// </summary>
internal static class DemoCommand
{
    public static readonly DateOnly DemoAsOf = new(2009, 12, 31);

    public static Command Create()
    {
        var command = new Command("demo", "Démonstration : intègre les fichiers d'exemple de 2009, recalcule au 31/12/2009 et affiche le tableau de bord.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var samples = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "samples"));
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            foreach (var folder in samples.GetDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var agency = new AgencyId(folder.Name);
                foreach (var file in folder.GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                {
                    var report = await IngestCommand.IngestAsync(pipeline, file, agency, cancellationToken).ConfigureAwait(false);
                    await ReportPrinter.PrintAsync(output, report, json: false, cancellationToken).ConfigureAwait(false);
                    if (report.Status == ReportStatus.Rejected)
                    {
                        await output.WriteLineAsync("  (fichier volontairement erroné : voilà ce qu'une agence reçoit)").ConfigureAwait(false);
                    }
                }
            }

            var result = await pipeline.Recompute.RunAsync(DemoAsOf, republish: true, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteAsync(DashboardPrinter.Render(result.Dashboard, Pipeline.Catalogue)).ConfigureAwait(false);
            await output.WriteLineAsync("Publié : snapshots/2009-12-31/dashboard.json (voir `mission snapshot --as-of 2009-12-31`).").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
