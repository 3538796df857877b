using System.CommandLine;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission replay INGEST_ID --agency ID [--json]</c>: runs the ingest job again on a file the
/// pipeline received but did not finish (Ingestions row <c>received</c> or <c>failed</c>: storage away,
/// poison), from its archived bytes, else from its upload; a file whose row is gone (the table lost
/// or emptied) from its archive, under its first receipt time. <c>mission replay --archived --agency
/// ID</c> does so for every archived file of the agency without a row. Same job, same invariants: a
/// file already committed or rejected answers "duplicate" and changes nothing. Exit 1 if a file is
/// rejected, 2 if the ingestion is unknown, 3 if the storage is unreachable.
/// </summary>
internal static partial class ReplayCommand
{
    public static Command Create()
    {
        var ingestId = new Argument<string?>("IDENTIFIANT") { Description = "L'identifiant d'intégration (32 caractères hexadécimaux, voir GET /api/ingestions/{agence}, ou le dossier de son archive).", Arity = ArgumentArity.ZeroOrOne };
        var agency = CommonOptions.Agency();
        var json = CommonOptions.Json();
        var archived = new Option<bool>("--archived") { Description = "Relance chaque fichier archivé de l'agence qui n'a plus de ligne dans la table Ingestions (table perdue ou vidée), sous sa première heure de réception." };
        var command = new Command("replay", "Relance l'intégration d'un fichier reçu mais non terminé (statut received ou failed), ou dont la ligne a disparu, depuis son archive.")
        {
            ingestId, agency, archived, json,
        };
        ingestId.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !IngestIdPattern().IsMatch(value))
            {
                result.AddError($"« {value} » n'est pas un identifiant d'intégration (32 caractères hexadécimaux).");
            }
        });
        command.Validators.Add(result =>
        {
            if ((result.GetValue(ingestId) is null) == !result.GetValue(archived))
            {
                result.AddError(MissionPipeline.Text.FrenchTypography.Apply("Donnez un identifiant d'intégration, ou --archived pour tous les fichiers archivés sans ligne : l'un ou l'autre."));
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var agencyId = new AgencyId(parse.GetRequiredValue(agency));
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            // Hexadecimal in either case, as a tool may write it (the ids are written lower-case).
            IReadOnlyList<string> ids = parse.GetValue(ingestId) is { } one
                ? [one.ToLowerInvariant()]
                : await pipeline.Ingest.ArchivedWithoutRowAsync(agencyId, cancellationToken).ConfigureAwait(false);
            var reports = new List<Reports.IngestionReport>();
            string? unknown = null;
            foreach (var id in ids)
            {
                if (await pipeline.Ingest.ReplayAsync(agencyId, id, cancellationToken).ConfigureAwait(false) is not { } report)
                {
                    // What was replayed before is printed all the same (an archive removed meanwhile stops the rest).
                    unknown = id;
                    break;
                }

                reports.Add(report);
            }

            if (parse.GetValue(json) && (reports.Count > 0 || parse.GetValue(archived)))
            {
                // --archived: always an array, a script cannot know how many archives lacked a row.
                await ReportPrinter.PrintJsonAsync(parse.InvocationConfiguration.Output, reports, alwaysArray: parse.GetValue(archived), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var report in reports)
                {
                    await ReportPrinter.PrintAsync(parse.InvocationConfiguration.Output, report, json: false, cancellationToken).ConfigureAwait(false);
                }

                if (reports.Count == 0 && unknown is null)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(MissionPipeline.Text.FrenchTypography.Apply($"Aucun fichier archivé de l'agence {agencyId.Value} sans ligne dans la table Ingestions : rien à relancer.")).ConfigureAwait(false);
                }
            }

            if (unknown is not null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"Aucune intégration ni archive {unknown} pour l'agence {agencyId.Value}.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // A file rejected now, or rejected before (answered as a duplicate with its errors): exit 1, as mission ingest.
            return IngestCommand.ExitCodeOf(reports);
        });
        return command;
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex IngestIdPattern();
}
