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
        var name = new Option<string?>("--name")
        {
            Description = "Le nom sous lequel déposer un contenu qui n'a pas de nom de fichier (<(zcat …), /dev/stdin) ; un seul FICHIER alors.",
        };
        var command = new Command("ingest", "Dépose des fichiers dans uploads/{agence}/ et les intègre (code 1 si l'un d'eux est rejeté).")
        {
            files, agency, json, received, name,
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

            // The upload's name is the file's in every report, archive and listing: a pipe's (/dev/fd/63) is a number.
            var given = parse.GetValue(name);
            // A blob name ending with a dot (., ..) is changed by URL normalisation: ofii/. uploads ofii/, no agency's file.
            if (given is not null && (paths.Length > 1 || given.Length == 0 || given.Any(char.IsControl) || given.Contains('/', StringComparison.Ordinal) || given.Contains('\\', StringComparison.Ordinal) || given.EndsWith('.')))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(paths.Length > 1
                    ? "--name nomme un seul fichier : déposez les autres sous leur propre nom, dans une autre commande."
                    : "--name attend un nom de fichier sans « / » ni caractère de contrôle, qui ne finit pas par un point, par exemple --name pole-emploi-2009-03.csv.")).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (given is null && paths.FirstOrDefault(Unnamed) is { } pipe)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply($"« {pipe.FullName} » n'a pas de nom de fichier (un tube, comme <(zcat …), ou un périphérique) : donnez celui du fichier avec --name, par exemple --name pole-emploi-2009-03.csv.")).ConfigureAwait(false);
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
                var report = Unnamed(path)
                    ? await IngestSpooledAsync(pipeline, path, given!, id, declared, cancellationToken).ConfigureAwait(false)
                    : await IngestAsync(pipeline, given ?? path.Name, path.OpenRead, id, declared, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// True for a path whose name is not a file's: a process substitution or a descriptor
    /// (<c>/dev/fd/63</c>, <c>/proc/self/fd/0</c>, <c>/dev/stdin</c>), a device.
    /// </summary>
    internal static bool Unnamed(FileInfo path) =>
        path.FullName.StartsWith("/dev/", StringComparison.Ordinal) || path.FullName.StartsWith("/proc/", StringComparison.Ordinal);

    /// <summary>
    /// A pipe's content, written to a temporary file first, then ingested as a file is: a pipe reads
    /// once, so unspooled it could not be hashed before its upload, and an interrupted command run
    /// again would upload it again, a later receipt (which can outrank a correction received
    /// between), and never answered from the ledger. The temporary file goes whatever happens.
    /// </summary>
    private static async Task<IngestionReport> IngestSpooledAsync(Pipeline pipeline, FileInfo pipe, string name, AgencyId agency, DateTimeOffset? received, CancellationToken cancellationToken)
    {
        var spool = Path.Combine(Path.GetTempPath(), $"mission-{Guid.NewGuid():N}.spool");
        try
        {
            await using (var input = pipe.OpenRead())
            await using (var output = File.Create(spool))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            return await IngestAsync(pipeline, name, () => File.OpenRead(spool), agency, received, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <summary>
    /// Uploads the content opened by <paramref name="open"/> to <c>uploads/{agency}/</c> as
    /// <paramref name="name"/> and ingests it; with <paramref name="received"/>, as an operator's
    /// backfill received then.
    /// </summary>
    internal static async Task<IngestionReport> IngestAsync(Pipeline pipeline, string name, Func<Stream> open, AgencyId agency, DateTimeOffset? received, CancellationToken cancellationToken = default)
    {
        Azure.Storage.Blobs.BlobClient blob;
        await using (var content = open())
        {
            blob = await pipeline.Ingest.UploadAsync(agency, name, content, cancellationToken).ConfigureAwait(false);
        }

        var answer = received is { } at
            ? await pipeline.Ingest.BackfillAsync(blob, at, cancellationToken).ConfigureAwait(false)
            : await pipeline.Ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);

        // mission serve (or the Functions app) over the same storage may be ingesting this upload at the
        // same moment: its verdict is this file's, waited for, never exit 0 before a rejection.
        return await pipeline.Ingest.VerdictAsync(answer, VerdictWait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long <c>mission ingest</c> waits for the verdict of another delivery ingesting its file at the same moment (a large file takes a minute or two).</summary>
    internal static readonly TimeSpan VerdictWait = TimeSpan.FromMinutes(5);
}
