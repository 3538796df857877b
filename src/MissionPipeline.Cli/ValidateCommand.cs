using System.CommandLine;
using System.Security.Cryptography;
using MissionPipeline.Catalogue;
using MissionPipeline.Readers;
using MissionPipeline.Reports;

namespace MissionPipeline.Cli;

/// <summary><c>mission validate FILE --agency ID [--json]</c>: read and check offline, print the report; exit 1 if rejected.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Le fichier à contrôler." };
        var agency = CommonOptions.Agency();
        var json = CommonOptions.Json();
        var command = new Command("validate", "Contrôle un fichier sans rien enregistrer et affiche son rapport (code 1 s'il serait rejeté).")
        {
            file, agency, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            var id = new AgencyId(parse.GetRequiredValue(agency));
            var output = parse.InvocationConfiguration.Output;
            if (!path.Exists)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"Fichier introuvable\u202F: {path.FullName}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var report = await ValidateAsync(path, id, cancellationToken).ConfigureAwait(false);
            await ReportPrinter.PrintAsync(output, report, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            return report.Status == ReportStatus.Rejected ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task<IngestionReport> ValidateAsync(FileInfo path, AgencyId agency, CancellationToken cancellationToken)
    {
        string sha;
        await using (var hashed = path.OpenRead())
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashed, cancellationToken).ConfigureAwait(false));
        }

        // Offline, the file is judged as if it were uploaded now (a period after today is an error).
        var context = ReadContext.For(agency, path.Name, Pipeline.Time.GetUtcNow());
        await using var stream = path.OpenRead();
        var result = AgencyFileReader.Read(stream, context, cancellationToken);
        return IngestionReport.From(result, agency, path.Name, IngestionReport.IngestIdOf(sha), sha, context.Received, ReportStatus.Accepted);
    }
}

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string> Agency() => new Option<string>("--agency")
    {
        Description = "L'agence qui envoie le fichier (dcpaf, ofii, ofpra, pole-emploi, insee, dgt, afnor, dsed, eurostat).",
        Required = true,
    }.AcceptAgencies();

    public static Option<DateOnly?> AsOf(string description)
    {
        var option = new Option<DateOnly?>("--as-of")
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                {
                    return date;
                }

                result.AddError($"Date invalide « {text} » : attendu AAAA-MM-JJ, par exemple 2009-12-31.");
                return null;
            },
        };
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "Sortie JSON (le même JSON que les fichiers publiés)." };

    private static Option<string> AcceptAgencies(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || !AgencyId.IsValid(value) || !IndicatorCatalogue.Default.KnowsAgency(new AgencyId(value)))
            {
                result.AddError($"Agence inconnue « {value} ». Agences : {string.Join(", ", IndicatorCatalogue.Default.Agencies.Select(a => a.Id.Value))}.");
            }
        });
        return option;
    }
}
