using System.CommandLine;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission snapshot [--as-of DATE] [--format json|csv|csv-fr|xlsx|html] [--territory CODE] [--output FILE]</c>:
/// prints (or writes) a published snapshot file, or with <c>--territory</c> the snapshot seen from one
/// département or région, as <c>GET /api/territories/{code}</c> and its page give it (red team, préfet:
/// the command line had no way to a territory's figures).
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var asOf = CommonOptions.AsOf("La date du tableau de bord publié ; défaut : le plus récent.");
        var format = new Option<string>("--format") { HelpName = "FORMAT", Description = "json, csv, csv-fr (Excel en français), xlsx ou html.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "csv-fr", "xlsx", "html");
        var output = new Option<FileInfo?>("--output") { HelpName = "CHEMIN", Description = "Écrit le fichier à ce chemin au lieu de la sortie standard (nécessaire pour xlsx vers un terminal)\u202F; la page nationale (html, un fichier .html) avec les pages des territoires à côté, sous territoires/, où mène sa carte." };
        var territoryOption = new Option<string?>("--territory") { HelpName = "TERRITOIRE", Description = "Le tableau de bord vu d'un département ou d'une région de 2009 (DEP-59, DEP-2A, DEP-971, REG-31), en json ou html, comme GET /api/territories/{code} et sa page." };
        var command = new Command("snapshot", "Affiche un tableau de bord publié.") { asOf, format, territoryOption, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var date = parse.GetValue(asOf);
            // A date no snapshot may have is a usage error, as recompute says (it exited 1, « aucun tableau de bord publié »).
            if (date is { } day && SnapshotDates.Problem(day, DateOnly.FromDateTime(Pipeline.Time.GetUtcNow().UtcDateTime)) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(problem)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var asked = parse.GetValue(format)!;
            Territory? territory = null;
            if (parse.GetValue(territoryOption) is { } code)
            {
                var refusal = !Territory.TryParse(code, out var parsed) ? TerritoryView.Invalid(code, Echo.Shorten(code))
                    : !TerritoryView.Knows(parsed) ? TerritoryView.NotOf2009(code)
                    // The CSV and the workbook hold the national figures only: « le détail est dans --format csv »
                    // sent a préfet to a file with no département in it (red team, préfet).
                    : asked is not ("json" or "html") ? $"--territory se lit en json ou en html, pas en {asked} : ce format ne donne que les chiffres nationaux ; ceux de tous les territoires sont dans --format json sans --territory (« territories » de chaque indicateur)."
                    : null;
                if (refusal is not null)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(refusal)).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                territory = parsed;
            }

            using var pipeline = await Pipeline.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var target = parse.GetValue(output);
            if (asked == "xlsx" && target is null && ReferenceEquals(parse.InvocationConfiguration.Output, Console.Out) && !Console.IsOutputRedirected)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("Un classeur ne s'affiche pas dans un terminal\u202F: ajoutez --output tableau-de-bord.xlsx (ou redirigez la sortie vers un fichier).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var name = territory is not null ? SnapshotFiles.Json : asked switch
            {
                "csv" => SnapshotFiles.Csv,
                "csv-fr" => SnapshotFiles.CsvFrench,
                "xlsx" => SnapshotFiles.Xlsx,
                "html" => SnapshotFiles.Html,
                _ => SnapshotFiles.Json,
            };
            var file = await pipeline.Snapshots.GetAsync(date, name, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                // Every publication writes every format: a format alone missing is a snapshot published before that format existed.
                var published = name != SnapshotFiles.Json && await pipeline.Snapshots.GetAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not null;
                var when = date is { } d ? " au " + FrenchFormat.Date(d) : string.Empty;
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(published
                    ? $"Le tableau de bord publié{when} ne l'a pas été au format {asked} : demandez --format json, ou un tableau de bord publié depuis."
                    : date is null ? "Aucun tableau de bord publié : lancez « mission recompute »." : $"Aucun tableau de bord publié{when}.")).ConfigureAwait(false);
                return ExitCodes.Rejected;
            }

            var content = file.Content.ToMemory();
            var draft = false;
            if (date is { } read && await pipeline.Snapshots.StateAsync(read, cancellationToken).ConfigureAwait(false) is var state and not SnapshotState.Released)
            {
                draft = state == SnapshotState.Draft;
                var json = state != SnapshotState.Draft ? null
                    : name == SnapshotFiles.Json ? file
                    : await pipeline.Snapshots.GetAsync(read, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false);
                if (name == SnapshotFiles.Html && json is not null)
                {
                    content = SnapshotFiles.DraftPage(content, json.Content.ToMemory(), Pipeline.Catalogue);
                }

                // Read before its release: recorded in its access list, and said. A draft's reader is
                // given the fingerprint that approves this draft and no later recomputation of it.
                await pipeline.Snapshots.RecordReadAsync(read, "stockage", $"mission snapshot --as-of {StorageLayout.SnapshotFolder(read)} --format {asked}{(territory is { } seen ? " --territory " + seen.Code : string.Empty)}", cancellationToken).ConfigureAwait(false);
                var approve = json is null ? string.Empty
                    : $" Pour valider ce projet-là et aucun autre\u202F: «\u202Fmission approve --as-of {StorageLayout.SnapshotFolder(read)} --expected {SnapshotFiles.Fingerprint(json.Content.ToMemory().Span)[..PageState.FingerprintShown]}\u202F».";
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    (state == SnapshotState.Draft ? "Projet non validé" : "Validé, pas encore diffusé")
                    + "\u202F: cette lecture est enregistrée dans la liste des accès avant diffusion." + approve).ConfigureAwait(false);
            }

            if (territory is { } from)
            {
                // The page the snapshot published, byte for byte, where it has one (as the API serves it);
                // else cut from the snapshot's figures as published, as the API cuts them: a hidden cell stays hidden.
                var stored = asked == "html" && !draft ? await pipeline.Snapshots.GetAsync(date, SnapshotFiles.TerritoryPage(from), cancellationToken).ConfigureAwait(false) : null;
                var dashboard = DashboardJson.Read(file.Content.ToMemory());
                content = stored is not null ? stored.Content.ToMemory()
                    : asked == "html" ? TerritoryHtml.Write(dashboard, from, Pipeline.Catalogue, draft ? PageState.Draft.Naming(file.Content.ToMemory().Span) : null)
                    : TerritoryView.Write(dashboard, from, Pipeline.Catalogue);
            }

            if (target is not null)
            {
                await WriteAsync(target, content.ToArray(), cancellationToken).ConfigureAwait(false);
                // A page saved as a file (« .html »), never beside a device (--output /dev/stdout would write under /dev).
                if (asked == "html" && territory is null && target.Extension.ToLowerInvariant() is ".html" or ".htm")
                {
                    await WriteTerritoryPagesAsync(pipeline, date, target, draft, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (asked == "xlsx" && ReferenceEquals(parse.InvocationConfiguration.Output, Console.Out))
            {
                // Bytes, not text: straight to the redirected standard output.
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // As published, byte for byte (the page and the CSV end with their line); a JSON, which
                // does not, gets one, for the terminal's prompt (red team, préfet: the page had two).
                var text = System.Text.Encoding.UTF8.GetString(content.Span);
                await parse.InvocationConfiguration.Output.WriteAsync(text.EndsWith('\n') ? text : text + "\n").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The national page's map and its territory list link to <c>territoires/{code}.html</c>: saved alone,
    /// each link led nowhere. The pages go beside it, as published (a draft's rendered again as a
    /// draft's, as <c>--territory</c> does), and one line says where; their link home is
    /// <c>../dashboard.html</c>, which the line says when the page was saved under another name.
    /// </summary>
    private static async Task WriteTerritoryPagesAsync(Pipeline pipeline, DateOnly? date, FileInfo target, bool draft, TextWriter error, CancellationToken cancellationToken)
    {
        if (await pipeline.Snapshots.GetAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } json)
        {
            return;
        }

        var dashboard = DashboardJson.Read(json.Content.ToMemory());
        var folder = Path.Combine(target.DirectoryName!, SnapshotFiles.TerritoryFolder);
        if (File.Exists(folder.TrimEnd('/')))
        {
            throw new UsageException($"Impossible d'écrire les pages des territoires sous {folder} : un fichier porte ce nom ; déplacez-le, ou enregistrez la page ailleurs.");
        }

        Directory.CreateDirectory(folder);
        var count = 0;
        foreach (var territory in SnapshotFiles.TerritoriesWithPages(dashboard, Pipeline.Catalogue))
        {
            var stored = draft ? null : await pipeline.Snapshots.GetAsync(dashboard.AsOf, SnapshotFiles.TerritoryPage(territory), cancellationToken).ConfigureAwait(false);
            var page = stored is not null ? stored.Content.ToArray()
                : TerritoryHtml.Write(dashboard, territory, Pipeline.Catalogue, draft ? PageState.Draft.Naming(json.Content.ToMemory().Span) : null);
            await WriteAsync(new FileInfo(Path.Combine(target.DirectoryName!, SnapshotFiles.TerritoryPage(territory))), page, cancellationToken).ConfigureAwait(false);
            count++;
        }

        var home = target.Name == SnapshotFiles.Html ? string.Empty : $" ; leur lien vers la page nationale mène à {SnapshotFiles.Html}, à nommer ainsi pour qu'il aboutisse";
        await error.WriteLineAsync(FrenchTypography.Apply($"{(count == 0 ? "aucune page de territoire écrite" : FrenchFormat.Count(count, "page de territoire écrite", "pages de territoire écrites"))} sous {folder}, où mène la carte{home}.")).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the file. A path that cannot be written (a folder, a missing folder, no right to write
    /// there, a name too long) is the user's to correct: exit 2, said in French, never an unexpected
    /// failure. A device that fails (a full disk) stays one.
    /// </summary>
    private static async Task WriteAsync(FileInfo target, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllBytesAsync(target.FullName, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or UnauthorizedAccessException or PathTooLongException || Directory.Exists(target.FullName))
        {
            var why = Directory.Exists(target.FullName) ? "c'est un dossier : donnez un nom de fichier"
                : ex is DirectoryNotFoundException ? $"le dossier {target.DirectoryName} n'existe pas : créez-le d'abord"
                : ex is PathTooLongException ? "le chemin ou le nom est trop long"
                : "ce chemin n'est pas accessible en écriture";
            throw new UsageException($"Impossible d'écrire {target.FullName} : {why}.");
        }
    }
}
