using MissionPipeline.Cli.Samples;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MissionPipeline.Cli;
using MissionPipeline.Periods;
using MissionPipeline.Tools.Samples;

namespace MissionPipeline.Tools;

/// <summary>
/// <c>mission-tools generate f5 --rows N --month 2009-03 [--gzip] [--seed S] --out FILE</c>: a synthetic
/// F5 register extract (benchmarks, tests); <c>mission-tools generate year [--year 2009] [--to 2010] [--seed S]
/// --out DIR</c>: a consistent year of F0 to F4 files under <c>DIR/{agency}/</c>, every one of which the
/// readers accept (the demo writes its F5 extracts itself, matched to them). The same seed gives the same bytes.
/// </summary>
internal static class GenerateCommand
{
    /// <summary>The seed when none is given: the date of the mission letter.</summary>
    public const ulong DefaultSeed = 20090331;

    public static Command Create()
    {
        var command = new Command("generate", "Génère des fichiers d'agence synthétiques (jeux d'essai, mesures de performance) ; même graine, mêmes octets.");
        command.Subcommands.Add(RegisterExtract());
        command.Subcommands.Add(Year());
        command.Subcommands.Add(Outlines());
        return command;
    }

    private static Command Outlines()
    {
        var modules = new Option<DirectoryInfo>("--node-modules") { Description = "Le dossier node_modules où npm ci a installé @svg-maps (défaut : celui du dépôt).", DefaultValueFactory = _ => new DirectoryInfo("node_modules") };
        var output = new Option<FileInfo>("--out") { Description = "Fichier à écrire (src/MissionPipeline.Domain/Geography/outlines-2009.txt).", Required = true };
        var command = new Command("outlines", "Écrit les contours simplifiés des départements de 2009 pour les cartes, d'après @svg-maps (CC BY 4.0).") { modules, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(output);
            var text = Maps.DepartementOutlines.Generate(parse.GetRequiredValue(modules).FullName);
            await File.WriteAllTextAsync(file.FullName, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{file.FullName}\u202F: {text.Split('\n').Count(l => l.StartsWith("DEP-", StringComparison.Ordinal))} départements, {text.Length} caractères.")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RegisterExtract()
    {
        var rows = new Option<int>("--rows") { Description = "Nombre de demandeurs d'emploi (lignes).", Required = true };
        rows.Validators.Add(r => Positive(r, r.GetValueOrDefault<int>()));
        var month = new Option<Period>("--month") { Description = "Mois de l'extrait, AAAA-MM.", Required = true, CustomParser = ParseMonth };
        var gzip = new Option<bool>("--gzip") { Description = "Compresse le fichier en gzip (.csv.gz)." };
        var seed = Seed();
        var output = new Option<FileInfo>("--out") { Description = "Fichier à écrire.", Required = true };
        var command = new Command("f5", "Écrit un extrait F5 du fichier des demandeurs d'emploi (une ligne par demandeur).") { rows, month, gzip, seed, output };
        command.SetAction(async (parse, _) =>
        {
            var file = parse.GetRequiredValue(output);
            RegisterSampleCounts counts;
            await using (var stream = Create(file.FullName))
            {
                counts = RegisterExtractSample.Write(stream, parse.GetValue(rows), parse.GetRequiredValue(month), parse.GetValue(seed), parse.GetValue(gzip));
            }

            file.Refresh();
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{file.FullName}\u202F: {counts.Rows} lignes, mois {counts.Month}, {file.Length} octets\u202F; catégorie A hors UE\u202F: {counts.France} (France), {counts.Metropole} (métropole).")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Year()
    {
        var year = new Option<int>("--year") { Description = "Année des fichiers (la première, avec --to).", DefaultValueFactory = _ => 2009 };
        year.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1990 or > 2100) { r.AddError("Année invalide : entre 1990 et 2100."); } });
        var to = new Option<int?>("--to") { Description = "Dernière année : écrit chaque année de --year à --to (les exemples de la démonstration : --year 2007 --to 2010)." };
        to.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1990 or > 2100) { r.AddError("Année invalide : entre 1990 et 2100."); } });
        var seed = Seed();
        var output = new Option<DirectoryInfo>("--out") { Description = "Dossier où écrire {agence}/{fichier}.", Required = true };
        var command = new Command("year", "Écrit une année cohérente de fichiers de toutes les agences (F0 à F4 ; la démonstration écrit elle-même ses extraits F5) sous DOSSIER/{agence}/.") { year, to, seed, output };
        command.Validators.Add(r =>
        {
            if (r.GetValue(to) is { } last && last < r.GetValue(year))
            {
                r.AddError("--to doit être une année égale ou postérieure à --year.");
            }
        });
        command.SetAction(async (parse, _) =>
        {
            var root = parse.GetRequiredValue(output).FullName;
            var first = parse.GetValue(year);
            var written = YearSample.WriteYears(first, parse.GetValue(to) ?? first, parse.GetValue(seed), path => Create(Path.Combine(root, path)));
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{written.Count} fichiers écrits sous {root} ({string.Join(", ", written.Select(w => w.Split('/')[0]).Distinct())}).")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<ulong> Seed() => new("--seed") { Description = "Graine du générateur (même graine, mêmes octets).", DefaultValueFactory = _ => DefaultSeed };

    private static FileStream Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    }

    private static void Positive(OptionResult result, int value)
    {
        if (value <= 0)
        {
            result.AddError($"{result.Option.Name} doit être un entier positif.");
        }
    }

    private static Period ParseMonth(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Period.TryParse(text, out var period) && period.Kind == PeriodKind.Month)
        {
            return period;
        }

        result.AddError($"Mois invalide « {text} » : attendu AAAA-MM, par exemple 2009-03.");
        return default;
    }
}
