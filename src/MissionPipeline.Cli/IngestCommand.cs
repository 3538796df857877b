using System.CommandLine;
using System.Globalization;
using MissionPipeline.Catalogue;
using MissionPipeline.Reports;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission ingest FILE... --agency ID [--json]</c>: uploads each file to <c>uploads/ID/</c> and runs
/// the same ingest job as the blob trigger; exit 1 if any file is rejected.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Les fichiers à déposer.", Arity = ArgumentArity.OneOrMore };
        var agency = CommonOptions.Agency();
        var json = CommonOptions.Json();
        var received = new Option<string?>("--received")
        {
            Description = "Reprise d'historique par l'exploitant : heure de réception déclarée (ISO 8601, UTC si sans décalage, par exemple 2009-04-09T08:00:00Z), enregistrée comme déclarée ; jamais dans le futur.",
        };
        var command = new Command("ingest", "Dépose des fichiers dans uploads/{agence}/ et les intègre (code 1 si l'un d'eux est rejeté).")
        {
            files, agency, json, received,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetRequiredValue(files);
            var missing = paths.Where(p => !p.Exists).ToArray();
            if (missing.Length > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(MissionCommand.FileNotFound(missing)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // A name with control characters can forge a terminal line and breaks storage listings: refused before upload.
            if (paths.FirstOrDefault(p => p.Name.Any(char.IsControl)) is { } hostile)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply($"Nom de fichier refusé : « {new string(hostile.Name.Select(c => char.IsControl(c) ? '?' : c).ToArray())} » contient des caractères de contrôle ; renommez le fichier.")).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            DateTimeOffset? declared = null;
            if (parse.GetValue(received) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) || !text.Contains('T', StringComparison.Ordinal))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply($"--received « {text} » illisible : attendu une date et une heure ISO 8601, par exemple 2009-04-09T08:00:00Z.")).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                if (at > Pipeline.Time.GetUtcNow())
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply($"--received {at:yyyy-MM-dd'T'HH:mm:ss'Z'} est dans le futur : une réception déclarée est passée.")).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                declared = at;
            }

            var id = new AgencyId(parse.GetRequiredValue(agency));
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var reports = new List<IngestionReport>(paths.Length);
            var output = parse.InvocationConfiguration.Output;
            foreach (var path in paths)
            {
                var report = await IngestAsync(pipeline, path, id, declared, cancellationToken).ConfigureAwait(false);
                reports.Add(report);
                if (!parse.GetValue(json))
                {
                    await ReportPrinter.PrintAsync(output, report, json: false, cancellationToken).ConfigureAwait(false);
                }
            }

            // --json: one JSON value whatever the count (an object for one file, an array for several).
            if (parse.GetValue(json))
            {
                await ReportPrinter.PrintJsonAsync(output, reports, cancellationToken).ConfigureAwait(false);
            }

            // A file sent again that was rejected the first time is still rejected: exit 1 as then.
            return reports.Any(r => r.Status == ReportStatus.Rejected || (r.Status == ReportStatus.Duplicate && r.Errors.Count > 0)) ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Uploads the file to <c>uploads/{agency}/</c> and ingests it; with <paramref name="received"/>, as an operator's backfill received then.</summary>
    internal static Task<IngestionReport> IngestAsync(Pipeline pipeline, FileInfo path, AgencyId agency, DateTimeOffset? received, CancellationToken cancellationToken = default) =>
        IngestAsync(pipeline, path.Name, path.OpenRead, agency, received, cancellationToken);

    /// <summary>As above, the content opened by <paramref name="open"/> and uploaded as <paramref name="name"/> (the demo's register extracts, written as it runs).</summary>
    internal static async Task<IngestionReport> IngestAsync(Pipeline pipeline, string name, Func<Stream> open, AgencyId agency, DateTimeOffset? received, CancellationToken cancellationToken = default)
    {
        Azure.Storage.Blobs.BlobClient blob;
        await using (var content = open())
        {
            blob = await pipeline.Ingest.UploadAsync(agency, name, content, cancellationToken).ConfigureAwait(false);
        }

        return received is { } at
            ? await pipeline.Ingest.BackfillAsync(blob, at, cancellationToken).ConfigureAwait(false)
            : await pipeline.Ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);
    }
}
