using System.CommandLine;
using MissionPipeline.Catalogue;
using MissionPipeline.Readers;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli;

/// <summary><c>mission validate FILE --agency ID [--json]</c>: read and check offline, print the report; exit 1 if rejected.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FICHIER") { Description = "Le fichier à contrôler." };
        var agency = CommonOptions.Agency();
        var json = CommonOptions.Json();
        var name = CommonOptions.FileName("Le nom du fichier dont le contenu n'a pas de nom (<(zcat …), /dev/stdin), tel que mission ingest --name le déposerait : le rapport le donne, et le lecteur d'Eurostat y lit la table.");
        var command = new Command("validate", "Contrôle un fichier sans rien enregistrer et affiche son rapport (code 1 s'il est rejeté).")
        {
            file, agency, json, name,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            var id = new AgencyId(parse.GetRequiredValue(agency));
            var output = parse.InvocationConfiguration.Output;
            if (!path.Exists)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(MissionCommand.FileNotFound([path])).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // A pipe's own name is a number (/dev/fd/63): the report gives its whole path unless told the file's.
            var fileName = parse.GetValue(name) ?? (IngestCommand.Unnamed(path) ? path.FullName : path.Name);
            IngestionReport report;
            try
            {
                report = await ValidateAsync(path, fileName, id, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"« {path.FullName} » ne s'ouvre pas en {OpenTimeout.TotalSeconds:0}\u202Fs\u202F: c'est sans doute un tube nommé (FIFO) auquel aucun programme n'écrit. Contrôlez le fichier lui-même.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await ReportPrinter.PrintAsync(output, report, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            return report.Status == ReportStatus.Rejected ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>How long opening the file may take: a regular file opens at once; a named pipe waits for a writer.</summary>
    internal static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads the file once, hashing it as the reader goes (so a pipe such as <c>&lt;(zcat f.gz)</c> or a
    /// device can be checked), then hashes what the reader left, up to <see cref="ReaderLimits.MaxBytes"/>
    /// in all: past it the file is too large whatever the reader said, and a device that never ends
    /// (<c>/dev/zero</c>) is refused instead of read for ever; its fingerprint is then that of the bytes read.
    /// Throws <see cref="TimeoutException"/> when the path does not open within <see cref="OpenTimeout"/>.
    /// <paramref name="fileName"/> is the name the report gives and the readers see (Eurostat's table is read in it).
    /// </summary>
    internal static async Task<IngestionReport> ValidateAsync(FileInfo path, string fileName, AgencyId agency, CancellationToken cancellationToken)
    {
        // Offline, the file is judged as if it were uploaded now (a period after today is an error).
        var context = ReadContext.For(agency, fileName, Pipeline.Time.GetUtcNow());
        var file = await Task.Run(() => (Stream)path.OpenRead(), cancellationToken).WaitAsync(OpenTimeout, cancellationToken).ConfigureAwait(false);
        await using var hashed = new HashingStream(file);
        var result = AgencyFileReader.Read(hashed, context, cancellationToken);
        var (sha, whole) = await hashed.FinishAsync(context.Limits.MaxBytes, cancellationToken).ConfigureAwait(false);
        return IngestionReport.From(whole ? result : AgencyFileReader.TooLarge(context.Limits), agency, fileName, IngestionReport.IngestIdOf(sha), sha, context.Received, ReportStatus.Accepted);
    }
}

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string> Agency() => new Option<string>("--agency")
    {
        HelpName = "AGENCE",
        Description = "L'agence qui envoie le fichier (dcpaf, ofii, ofpra, pole-emploi, insee, dgt, afnor, dsed, eurostat).",
        Required = true,
    }.AcceptAgencies();

    public static Option<DateOnly?> AsOf(string description)
    {
        var option = new Option<DateOnly?>("--as-of")
        {
            HelpName = "DATE",
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (MissionPipeline.Periods.SnapshotDates.TryParseDay(text, out var date))
                {
                    return date;
                }

                result.AddError(MissionPipeline.Text.FrenchTypography.Apply(MissionPipeline.Periods.SnapshotDates.NotADate(text)));
                return null;
            },
        };
        return option;
    }

    /// <summary>
    /// <c>--port</c> of <c>serve</c> and <c>demo</c>: a TCP port, 7071 by default. Read here rather than
    /// by the parser's own conversion, whose failure (« --port abc ») a validator then met as an
    /// exception: the process died with a stack trace in English.
    /// </summary>
    public static Option<int> Port(string description) => new("--port")
    {
        HelpName = "PORT",
        Description = description,
        DefaultValueFactory = _ => 7071,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
            {
                return port;
            }

            result.AddError(MissionPipeline.Text.FrenchTypography.Apply($"Port « {MissionPipeline.Text.Echo.Shorten(text)} » invalide : un nombre entier de 1 à 65535."));
            return 0;
        },
    };

    public static Option<bool> Json() => new("--json") { Description = "Sortie JSON (le même JSON que les fichiers publiés)." };

    /// <summary>The longest <c>--name</c>: a file system's (255), well under Azure's 1 024 characters for the upload's whole name.</summary>
    public const int MaxFileName = 255;

    /// <summary>
    /// <c>--name</c>: the file name of a content that has none (a pipe's path ends in a number). Refused
    /// as it is parsed: empty, a control character (it could forge a terminal line), a slash (a folder
    /// of the upload), or a final dot (a blob name ending in a dot is changed by URL normalisation:
    /// <c>ofii/.</c> uploads <c>ofii/</c>, no agency's file).
    /// </summary>
    public static Option<string?> FileName(string description) => new("--name")
    {
        HelpName = "NOM",
        Description = description,
        Validators =
        {
            static result =>
            {
                if (result.GetValueOrDefault<string?>() is { } given
                    && (given.Length == 0 || given.Any(char.IsControl) || given.Contains('/', StringComparison.Ordinal) || given.Contains('\\', StringComparison.Ordinal) || given.EndsWith('.')))
                {
                    result.AddError(MissionPipeline.Text.FrenchTypography.Apply("--name attend un nom de fichier sans « / » ni caractère de contrôle, qui ne finit pas par un point, par exemple --name pole-emploi-2009-03.csv."));
                }
                else if (result.GetValueOrDefault<string?>() is { Length: > MaxFileName } tooLong)
                {
                    result.AddError(MissionPipeline.Text.FrenchTypography.Apply($"--name attend un nom de {MaxFileName} caractères au plus (celui-ci en a {MissionPipeline.Indicators.FrenchFormat.Number(tooLong.Length)}), comme un nom de fichier : Azure refuse un nom de dépôt de plus de 1 024 caractères."));
                }
            },
        },
    };

    private static Option<string> AcceptAgencies(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || !AgencyId.IsValid(value) || !IndicatorCatalogue.Default.KnowsAgency(new AgencyId(value)))
            {
                // « OFII » as the folder's name is written in letters: said what it is, not only what exists.
                var meant = IndicatorCatalogue.Default.Agencies.Select(a => a.Id.Value).FirstOrDefault(id => string.Equals(id, value?.Trim(), StringComparison.OrdinalIgnoreCase));
                result.AddError(meant is null
                    ? $"Agence inconnue « {value} ». Agences : {string.Join(", ", IndicatorCatalogue.Default.Agencies.Select(a => a.Id.Value))}."
                    : $"Agence inconnue « {value} » : les identifiants s'écrivent en minuscules, vouliez-vous dire --agency {meant} ?");
            }
        });
        return option;
    }
}
