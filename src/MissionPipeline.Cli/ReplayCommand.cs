using System.CommandLine;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission replay INGEST_ID --agency ID [--json]</c>: runs the ingest job again on a file the
/// pipeline received but did not finish (Ingestions row <c>received</c> or <c>failed</c>: storage away,
/// poison), from its archived bytes, else from its upload. Same job, same invariants: a file already
/// committed or rejected answers "duplicate" and changes nothing. Exit 1 if the file is rejected,
/// 2 if the ingestion is unknown, 3 if the storage is unreachable.
/// </summary>
internal static partial class ReplayCommand
{
    public static Command Create()
    {
        var ingestId = new Argument<string>("IDENTIFIANT") { Description = "L'identifiant d'intégration (32 caractères hexadécimaux, voir GET /api/ingestions/{agence})." };
        var agency = CommonOptions.Agency();
        var json = CommonOptions.Json();
        var command = new Command("replay", "Relance l'intégration d'un fichier reçu mais non terminé (statut received ou failed), depuis son archive.")
        {
            ingestId, agency, json,
        };
        ingestId.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!IngestIdPattern().IsMatch(value))
            {
                result.AddError($"« {value} » n'est pas un identifiant d'intégration (32 caractères hexadécimaux).");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Hexadecimal in either case, as a tool may write it (the ids are written lower-case).
            var id = parse.GetRequiredValue(ingestId).ToLowerInvariant();
            var agencyId = new AgencyId(parse.GetRequiredValue(agency));
            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var report = await pipeline.Ingest.ReplayAsync(agencyId, id, cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"Aucune intégration {id} pour l'agence {agencyId.Value}.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await ReportPrinter.PrintAsync(parse.InvocationConfiguration.Output, report, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            // A file rejected now, or rejected before (answered as a duplicate with its errors): exit 1, as mission ingest.
            return IngestCommand.ExitCodeOf([report]);
        });
        return command;
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex IngestIdPattern();
}
