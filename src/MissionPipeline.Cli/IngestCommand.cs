using System.CommandLine;
using System.Globalization;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
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
        var files = new Argument<FileInfo[]>("FICHIER") { Description = "Les fichiers à déposer.", Arity = ArgumentArity.OneOrMore };
        var agency = CommonOptions.Agency();
        var json = CommonOptions.Json();
        var received = new Option<string?>("--received")
        {
            HelpName = "HEURE",
            Description = "Reprise d'historique par l'exploitant : heure de réception déclarée (ISO 8601, UTC si sans décalage, par exemple 2009-04-09T08:00:00Z), enregistrée comme déclarée ; jamais dans le futur.",
        };
        var name = CommonOptions.FileName("Le nom sous lequel déposer un contenu qui n'a pas de nom de fichier (<(zcat …), /dev/stdin) ; un seul FICHIER alors.");
        var command = new Command("ingest", "Dépose des fichiers dans uploads/{agence}/ et les intègre (code 1 si l'un d'eux est rejeté, ou si son verdict reste inconnu).")
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
            if (given is not null && paths.Length > 1)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply("--name nomme un seul fichier : déposez les autres sous leur propre nom, dans une autre commande.")).ConfigureAwait(false);
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
                if (DeclaredNotApplied(report, declared) is { } note)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(note).ConfigureAwait(false);
                }

                if (!parse.GetValue(json))
                {
                    await ReportPrinter.PrintAsync(output, report, json: false, cancellationToken).ConfigureAwait(false);
                }
            }

            // --json: one JSON value whatever the count (an object for one file, an array for several).
            if (parse.GetValue(json))
            {
                await ReportPrinter.PrintJsonAsync(output, reports, alwaysArray: false, cancellationToken).ConfigureAwait(false);
            }

            return ExitCodeOf(reports);
        });
        return command;
    }

    /// <summary>
    /// 1 when a file is rejected; so is a file sent again that was rejected the first time (still
    /// rejected), and a file whose verdict is unknown (the delivery it gave way to stopped: nothing says
    /// it is accepted, « mission replay » finishes it); else 0.
    /// </summary>
    internal static int ExitCodeOf(IEnumerable<IngestionReport> reports) =>
        reports.Any(r => r.Status == ReportStatus.Rejected || (r.Status == ReportStatus.Duplicate && r.OriginalStatus is not ReportStatus.Committed)) ? ExitCodes.Rejected : ExitCodes.Ok;

    /// <summary>
    /// The note for a backfill (<c>--received</c>) whose bytes were already received otherwise, so its
    /// declared time is not applied: <c>mission serve</c> watching the same storage may have ingested the
    /// upload first, as received then. Null when the time applies or none was declared.
    /// </summary>
    internal static string? DeclaredNotApplied(IngestionReport report, DateTimeOffset? declared) =>
        declared is not null && report is { Status: ReportStatus.Duplicate, ReceivedDeclared: false }
            ? FrenchTypography.Apply(
                $"Note : la date de réception déclarée (--received) n'est pas appliquée : ces octets étaient déjà reçus le {FrenchFormat.Moment(report.Received)} (intégration {report.IngestId}), par exemple par un « mission serve » qui surveille le même stockage ; arrêtez-le pendant une reprise d'historique.")
            : null;

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
        // mission serve (or the Functions app) over the same storage may be ingesting this upload at the
        // same moment (its verdict is waited for), or another sender may replace it (said).
        await using var content = open();
        return await pipeline.Ingest.SendAsync(agency, name, content, received, VerdictWait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How long <c>mission ingest</c> waits for the verdict of another delivery ingesting its file at the same moment (a large file takes a minute or two).</summary>
    internal static readonly TimeSpan VerdictWait = TimeSpan.FromMinutes(5);
}
