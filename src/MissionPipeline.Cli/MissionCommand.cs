using System.CommandLine;
using System.CommandLine.Help;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>The root <c>mission</c> command: one sub-command per file, global <c>--storage</c> and <c>--layout-suffix</c>.</summary>
internal static class MissionCommand
{
    /// <summary>Any Azure Storage connection string; default env MISSION_STORAGE, else the local emulator.</summary>
    public static readonly Option<string?> Storage = new("--storage")
    {
        HelpName = "CONNEXION",
        Description = "Chaîne de connexion Azure Storage (défaut : variable MISSION_STORAGE, sinon l'émulateur local, démarré au besoin).",
        Recursive = true,
    };

    /// <summary>
    /// A suffix to every container and table name (<see cref="StorageLayout.WithSuffix"/>): several
    /// pipelines in one storage account. Default env MISSION_LAYOUT_SUFFIX, else none. The option
    /// lets a caller that runs commands in one process (the tests) name its own without touching the
    /// process's environment.
    /// </summary>
    public static readonly Option<string?> LayoutSuffix = new("--layout-suffix")
    {
        HelpName = "SUFFIXE",
        Description = "Suffixe ajouté aux noms des conteneurs et des tables, pour plusieurs pipelines dans un même compte de stockage (défaut : variable MISSION_LAYOUT_SUFFIX, sinon aucun).",
        Recursive = true,
        // Refused as it is parsed, by every command: before anything starts (the local emulator included).
        Validators =
        {
            static result =>
            {
                if (result.GetValueOrDefault<string?>() is { Length: > 0 } suffix && !StorageLayout.IsValidSuffix(suffix))
                {
                    result.AddError(InvalidLayoutSuffix(suffix));
                }
            },
        },
    };

    /// <summary>The usage error for a suffix <see cref="StorageLayout.IsValidSuffix"/> refuses, from the option or the variable.</summary>
    public static string InvalidLayoutSuffix(string suffix) => FrenchTypography.Apply(
        $"Suffixe de stockage « {Echo.Shorten(suffix)} » invalide (--layout-suffix ou MISSION_LAYOUT_SUFFIX) : de 1 à {StorageLayout.MaxSuffixLength} lettres minuscules ou chiffres, sans accent (il s'ajoute aux noms des conteneurs et des tables).");

    /// <summary>
    /// The usage error for files that do not exist, their paths' invisible characters shown. A name
    /// that is not UTF-8 (accents from an archive unzipped on Windows) reaches .NET with U+FFFD in
    /// place of its bytes and so names no file: the message says why, not only that it is missing.
    /// </summary>
    /// <remarks>Only the prose is typeset: a path is written as it is (but for its control characters), so that it can be copied back into a shell.</remarks>
    public static string FileNotFound(IReadOnlyCollection<FileInfo> missing) =>
        missing.FirstOrDefault(m => Directory.Exists(m.FullName)) is { } folder
            ? InvisibleCharacters.Reveal(folder.FullName) + FrenchTypography.Apply(" est un dossier, pas un fichier : donnez le chemin d'un fichier, par exemple ") + Path.Combine(InvisibleCharacters.Reveal(folder.FullName), "fichier.csv")
            : FrenchTypography.Apply(missing.Count > 1 ? "Fichiers introuvables :" : "Fichier introuvable :")
        + " " + string.Join(", ", missing.Select(m => InvisibleCharacters.Reveal(m.FullName)))
        + (missing.Any(m => m.FullName.Contains('\uFFFD', StringComparison.Ordinal))
            ? FrenchTypography.Apply(". Son nom n'est pas écrit en UTF-8 (des accents venus de Windows, montrés ici par \uFFFD) : renommez le fichier, par exemple avec convmv -t utf8 --notest -f cp850 (archive zip de Windows) ou -f cp1252 (copie d'un partage Windows), puis relancez.")
            : string.Empty);

    public static RootCommand Create()
    {
        var root = new RootCommand("MissionPipeline : tableau de bord de la lettre de mission du 31 mars 2009.");
        root.Options.Add(Storage);
        root.Options.Add(LayoutSuffix);
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(RecomputeCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create());
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(StorageCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        InFrench(root);
        return root;
    }

    /// <summary>
    /// The help option's and the version option's descriptions, which the parser's French resources
    /// leave in English (« Show help and usage information »), and the help's own words
    /// (<see cref="FrenchHelp"/>).
    /// </summary>
    private static void InFrench(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            option.Description = option switch
            {
                HelpOption => "Affiche l'aide et l'utilisation.",
                VersionOption => "Affiche la version.",
                _ => option.Description,
            };
            if (option is HelpOption { Action: HelpAction action } help)
            {
                help.Action = new FrenchHelp(action);
            }
        }

        Typeset(root);
    }

    /// <summary>
    /// The help as the parser writes it, with the words its French resources leave in English
    /// (« Description: », « (REQUIRED) », « [default: 7071] », « [command] ») in French, and its no-break spaces
    /// before a colon narrow, as everywhere else the tool writes French (red team, newcomer). The
    /// parser's help builder is internal in System.CommandLine 3: its text is mended as it comes out.
    /// </summary>
    internal static string HelpInFrench(string help)
    {
        var french = System.Text.RegularExpressions.Regex.Replace(help, "^Description:", "Description :", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Replace(" (REQUIRED)", " (requise) ", StringComparison.Ordinal) // as long, so that the columns stay aligned
            .Replace("[default: ", "[défaut : ", StringComparison.Ordinal)
            .Replace(" [command] ", " [commande] ", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(french, "[ \u00A0]:", "\u202F:");
    }

    /// <summary>Runs the parser's help into a buffer, then writes it through <see cref="HelpInFrench"/>.</summary>
    private sealed class FrenchHelp(HelpAction help) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => help.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var configuration = parseResult.InvocationConfiguration;
            var output = configuration.Output;
            using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            configuration.Output = buffer;
            int code;
            try
            {
                code = help.Invoke(parseResult);
            }
            finally
            {
                configuration.Output = output;
            }

            output.Write(HelpInFrench(buffer.ToString()));
            return code;
        }
    }

    /// <summary>
    /// Every description of the command and its sub-commands, options and arguments typeset as the
    /// other French the tool writes (no-break spaces before « : » and inside « »), once, as the help
    /// prints them.
    /// </summary>
    private static void Typeset(Command command)
    {
        command.Description = command.Description is { } description ? FrenchTypography.Apply(description) : null;
        foreach (var option in command.Options)
        {
            option.Description = option.Description is { } text ? FrenchTypography.Apply(text) : null;
        }

        foreach (var argument in command.Arguments)
        {
            argument.Description = argument.Description is { } text ? FrenchTypography.Apply(text) : null;
        }

        foreach (var subcommand in command.Subcommands)
        {
            Typeset(subcommand);
        }
    }

    /// <summary>
    /// A parse error as the user reads it: in French where the parser's French resources leave it in
    /// English (System.CommandLine 3), quotes as « », typeset.
    /// </summary>
    internal static string ParseErrorInFrench(string message)
    {
        var french = message switch
        {
            _ when Match(@"^Option '(.+)' is required\.$", message) is { } m => $"L'option {m[1]} est obligatoire.",
            _ when Match(@"^Option '(.+)' expects a single argument but (\d+) were provided\.$", message) is { } m => $"L'option {m[1]} n'attend qu'une valeur ({m[2]} données).",
            _ when Match(@"^Cannot parse argument '(.*)' for option '(.+)' as expected type '(.+)'\.$", message) is { } m =>
                $"Valeur « {Echo.Shorten(m[1])} » illisible pour l'option {m[2]} : attendu {(m[3] is "System.Int32" or "System.Int64" ? "un nombre entier" : "une valeur de type " + m[3])}.",
            _ when Match(@"^Cannot parse argument '(.*)' for command '(.+)' as expected type '(.+)'\.$", message) is { } m =>
                $"Valeur « {Echo.Shorten(m[1])} » illisible pour la commande {m[2]}.",
            _ when Match(@"^(?:Required argument '(.+)' missing for command: '(.+)'|Argument obligatoire '(.+)' manquant pour la commande : '(.+)')\.$", message) is { } m =>
                $"Argument obligatoire « {m[1] + m[3]} » manquant pour la commande {m[2] + m[4]}.",
            _ when Match(@"^(?:Argument '(.*)' not recognized\. Must be one of:|Argument '(.*)' non reconnu\. Il doit faire partie de\s*:)\s*((?:'[^']*'\s*)+)$", message) is { } m =>
                $"Valeur « {Echo.Shorten(m[1] + m[2])} » inconnue : {string.Join(", ", System.Text.RegularExpressions.Regex.Matches(m[3], "'([^']*)'").Select(v => v.Groups[1].Value))}.",
            _ when Match(@"^Unrecognized command or argument '(.*)'\.$", message) is { } m => $"Commande ou argument non reconnu : « {Echo.Shorten(m[1])} ».",
            "La commande nécessaire n'a pas été fournie." or "Required command was not provided." => "Commande manquante : choisissez-en une, par exemple mission demo.",
            // A token the parser quotes ('text'), never an elision (l'option, d'une).
            _ => System.Text.RegularExpressions.Regex.Replace(message, @"(?<!\p{L})'([^'\s]+)'", "« $1 »"),
        };
        return FrenchTypography.Apply(french);

        static string[]? Match(string pattern, string text) =>
            System.Text.RegularExpressions.Regex.Match(text, pattern) is { Success: true } m ? [.. m.Groups.Cast<System.Text.RegularExpressions.Group>().Select(g => g.Value)] : null;
    }

    /// <summary>Parses and runs; a usage error prints what is wrong and exits 2; an unreachable storage exits 3.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        var parse = Create().Parse(args);
        var error = configuration?.Error ?? Console.Error;
        if (parse.Errors.Count > 0)
        {
            // « mission frobnicate »: the parser says both that a command is missing and that this one is
            // unknown; only the second is true (red team, newcomer).
            var unknown = parse.Errors.Any(e => e.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal) || e.Message.StartsWith("Commande ou argument non reconnu", StringComparison.Ordinal));
            foreach (var e in parse.Errors.Where(e => !unknown || e.Message is not ("La commande nécessaire n'a pas été fournie." or "Required command was not provided.")))
            {
                // « mission storage » alone: say its own commands, not « par exemple mission demo » (red team, operator).
                var text = ParseErrorInFrench(e.Message);
                if (text.StartsWith("Commande manquante", StringComparison.Ordinal) && parse.CommandResult.Command is { Subcommands: [_, ..] subcommands } command && command is not RootCommand)
                {
                    var names = subcommands.Select(s => $"mission {command.Name} {s.Name}").ToArray();
                    text = FrenchTypography.Apply($"Commande manquante : {string.Join(", ", names[..^1])}{(names.Length > 1 ? " ou " : string.Empty)}{names[^1]}.");
                }

                await error.WriteLineAsync(text).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Voir mission --help.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (CliLogging.Problem() is { } badLevel)
        {
            await error.WriteLineAsync(FrenchTypography.Apply(badLevel)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = configuration ?? new InvocationConfiguration();
        invocation.EnableDefaultExceptionHandler = false;
        try
        {
            return await parse.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync(FrenchTypography.Apply(ex.Message)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (StorageFailure.IsUnreachable(ex))
        {
            await error.WriteLineAsync(StorageFailure.Describe(ex)).ConfigureAwait(false);
            return ExitCodes.StorageUnreachable;
        }
        catch (RecomputeRefusedException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Rejected;
        }
        catch (OperationCanceledException)
        {
            // Every step of an ingestion is safe to repeat: the same command finishes what was stopped.
            await error.WriteLineAsync(parse.CommandResult.Command.Name == "ingest"
                ? "Interrompu\u202F: rien n'est perdu ni compté à moitié. Relancez la même commande\u202F: les fichiers déjà intégrés répondent «\u202Fdéjà reçu\u202F», les autres sont repris (un fichier déjà déposé n'est pas déposé de nouveau)."
                : "Interrompu.").ConfigureAwait(false);
            return ExitCodes.Rejected;
        }
        catch (Exception ex)
        {
            // Never a stack trace on the user's terminal unless asked for (MISSION_LOG_LEVEL=Debug, on
            // stderr with the other logs): what failed, in French, and exit 1.
            using (var logging = LoggerFactory.Create(builder => builder.AddMissionConsole()))
            {
                var logger = logging.CreateLogger("mission");
                Log.UnexpectedFailure(logger, ex);
            }

            await error.WriteLineAsync($"Échec inattendu ({ex.GetType().Name})\u202F: {ex.Message.ReplaceLineEndings(" ")} Relancez avec MISSION_LOG_LEVEL=Debug pour le détail, ou signalez-le avec cette ligne.").ConfigureAwait(false);
            return ExitCodes.Rejected;
        }
    }
}
