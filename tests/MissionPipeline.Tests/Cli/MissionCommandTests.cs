using System.CommandLine;
using System.Text.Json;
using MissionPipeline.Cli;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Cli;

/// <summary>Parsing and the offline command, without any storage or process.</summary>
public sealed class MissionCommandTests
{
    [Theory]
    [InlineData("validate", "x.csv")]
    [InlineData("validate", "x.csv", "--agency", "gendarmerie")]
    [InlineData("ingest", "--agency", "ofii")]
    [InlineData("recompute", "--as-of", "2009-13-45")]
    [InlineData("recompute", "--as-of", "31/12/2009")]
    [InlineData("snapshot", "--format", "pdf")]
    [InlineData("storage", "restart")]
    [InlineData("serve", "--port", "70000")]
    [InlineData("frobnicate")]
    public async Task InvokeAsync_UsageErrors_Exit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.NotEmpty(error);
    }

    /// <summary>
    /// Each usage error as the user reads it: French, typeset, quotes as « », no stack trace (« serve
    /// --port abc » died with an English InvalidOperationException; the parser's « Option '--agency' is
    /// required. » was printed as it came).
    /// </summary>
    [Theory]
    [InlineData("L'option --agency est obligatoire.", "validate", "x.csv")]
    [InlineData("Argument obligatoire «\u202FFICHIER\u202F» manquant pour la commande validate.", "validate", "--agency", "ofii")]
    [InlineData("L'option --agency n'attend qu'une valeur (2 données).", "validate", "x.csv", "--agency", "ofii", "--agency", "dcpaf")]
    [InlineData("Port «\u202Fabc\u202F» invalide\u202F: un nombre entier de 1 à 65535.", "serve", "--port", "abc")]
    [InlineData("Port «\u202F70000\u202F» invalide", "demo", "--port", "70000")]
    [InlineData("Valeur «\u202Fpdf\u202F» inconnue\u202F: json, csv, csv-fr, xlsx, html.", "snapshot", "--format", "pdf")]
    [InlineData("Commande ou argument non reconnu\u202F: «\u202Ffrobnicate\u202F».", "frobnicate")]
    [InlineData("Agence inconnue «\u202FOFII\u202F»\u202F: les identifiants s'écrivent en minuscules, vouliez-vous dire --agency ofii\u202F?", "validate", "x.csv", "--agency", "OFII")]
    [InlineData("Agence inconnue «\u202Fofi\u202F». Agences\u202F: ", "validate", "x.csv", "--agency", "ofi")]
    [InlineData("Commande manquante\u202F: choisissez-en une", new string[0])]
    [InlineData("Commande manquante\u202F: mission storage start, mission storage stop ou mission storage status.", "storage")] // its own, not « mission demo »
    public async Task InvokeAsync_UsageError_FrenchAsTheFrenchWriteIt(string expected, params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.EndsWith("Voir mission --help." + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Exception|   at |\bis required\b|\bexpects\b|Cannot parse|(?<!\p{L})'[^'\s]+'", error);
        Assert.DoesNotMatch("[ \u00A0][:;!?»]|«[ \u00A0]", error); // narrow no-break spaces only
    }

    /// <summary>A command that does not exist is told so, and only that: the parser also said a command was missing.</summary>
    [Fact]
    public async Task InvokeAsync_UnknownCommand_SaysOnlyThatItIsUnknown()
    {
        var (exit, _, error) = await RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal(
            "Commande ou argument non reconnu\u202F: «\u202Ffrobnicate\u202F»." + Environment.NewLine + "Voir mission --help." + Environment.NewLine,
            error);
    }

    [Fact]
    public async Task InvokeAsync_Help_DescriptionsTypesetAndPlaceholdersInFrench()
    {
        var (_, root, _) = await RunAsync("--help");
        var (_, validate, _) = await RunAsync("validate", "--help");
        var (_, serve, _) = await RunAsync("serve", "--help");

        Assert.Contains("MissionPipeline\u202F: tableau de bord", root, StringComparison.Ordinal);
        Assert.Contains("<FICHIER>", validate, StringComparison.Ordinal);
        Assert.DoesNotContain("<FILE>", validate, StringComparison.Ordinal);
        // The parser's own words in French too (its French resources left them in English), and typeset.
        Assert.StartsWith("Description\u202F:", validate, StringComparison.Ordinal);
        Assert.Matches(@"--agency <AGENCE> \(requise\) +L'agence", validate);
        Assert.Contains(" [commande] [options]", root, StringComparison.Ordinal);
        Assert.Contains("--port <PORT>", serve, StringComparison.Ordinal);
        Assert.Contains("[défaut\u202F: 7071]", serve, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"REQUIRED|default:|Description:|\[command\]", root + validate + serve);
        // Every command's values named in French capitals, a new option's too (review).
        var commands = MissionCommand.Create().Subcommands.SelectMany(c => c.Subcommands.Select(s => new[] { c.Name, s.Name }).Prepend([c.Name])).ToArray();
        Assert.True(commands.Length >= 12, $"{commands.Length} commands");
        foreach (var path in commands)
        {
            var (exit, help, _) = await RunAsync([.. path, "--help"]);
            Assert.Equal((string.Join(' ', path), 0), (string.Join(' ', path), exit));
            Assert.DoesNotMatch("<[a-z-]+>", help);
        }
        Assert.DoesNotMatch("\\p{L}[ \u00A0][:;!?]", root + validate + serve);
    }

    /// <summary>Mending the help's words keeps its columns aligned: « (requise) » takes as many characters as « (REQUIRED) ».</summary>
    [Fact]
    public void HelpInFrench_RequiredOption_ColumnsStayAligned()
    {
        const string help = "Options\u00A0:\n  --agency <agency> (REQUIRED)  L'agence.\n  --json                        Sortie JSON.\n";

        var french = MissionCommand.HelpInFrench(help).Split('\n');

        Assert.Equal("Options\u202F:", french[0]);
        Assert.Equal(french[2].IndexOf("Sortie", StringComparison.Ordinal), french[1].IndexOf("L'agence", StringComparison.Ordinal));
    }

    /// <summary>The command an agency installs is the product only: its commands are those of the contract, and no developer tool (benchmark, generator, DuckDB, OpenXML writer) ships with it.</summary>
    [Fact]
    public void Create_CommandAnAgencyInstalls_CarriesNoDeveloperTool()
    {
        var commands = MissionCommand.Create().Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal);
        var references = typeof(MissionCommand).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToArray();

        Assert.Equal(["approve", "demo", "ingest", "recompute", "replay", "serve", "snapshot", "storage", "validate"], commands);
        Assert.Contains("MissionPipeline.Api", references);
        Assert.DoesNotContain(references, r => r.StartsWith("DuckDB", StringComparison.Ordinal) || r.StartsWith("DocumentFormat", StringComparison.Ordinal) || r.StartsWith("mission-tools", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("ingest")]
    [InlineData("recompute")]
    [InlineData("snapshot")]
    [InlineData("storage")]
    [InlineData("serve")]
    [InlineData("demo")]
    public async Task InvokeAsync_HelpOfEachCommand_Exit0AndDescribesIt(string command)
    {
        var (exit, output, _) = await RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(command, output, StringComparison.Ordinal);
        Assert.Contains("--storage", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RecomputeAsOf_ParsesTheDate()
    {
        var parse = MissionCommand.Create().Parse(["recompute", "--as-of", "2009-12-31", "--json"]);

        Assert.Empty(parse.Errors);
        Assert.Equal("recompute", parse.CommandResult.Command.Name);
    }

    [Theory]
    [InlineData("validate", "absent.csv", "Fichier introuvable\u202F: ", false)]
    [InlineData("validate", "r\uFFFDsum\uFFFD.csv", "Fichier introuvable\u202F: ", true)] // a Latin-1 name, as .NET decodes it
    [InlineData("ingest", "r\uFFFDsum\uFFFD.csv", "Fichier introuvable\u202F: ", true)]
    [InlineData("validate", "\u001B[2Kabsent.csv", "‹U+001B›[2Kabsent.csv", false)]
    [InlineData("validate", "taux 90 % : mars.csv", "taux 90 % : mars.csv", false)] // a path as written, to copy back into a shell
    [InlineData("validate", "", " est un dossier, pas un fichier\u202F: donnez le chemin d'un fichier", false)] // the temporary folder itself: it said « Fichier introuvable »
    [InlineData("ingest", "", " est un dossier, pas un fichier", false)]
    public async Task ValidateOrIngest_NoSuchFile_Exit2SayingWhy(string command, string name, string expected, bool utf8Hint)
    {
        var (exit, _, error) = await RunAsync(command, Path.Combine(Path.GetTempPath(), name), "--agency", "ofii");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(utf8Hint, error.Contains("UTF-8", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001B', error);
    }

    /// <summary>A name no file system would give, which Azure refuses past 1 024 characters: said before anything is read or sent (red team, hostile files).</summary>
    [Theory]
    [InlineData(256, true)]
    [InlineData(2000, true)]
    [InlineData(255, false)]
    public async Task Validate_NameLongerThanAFileName_Exit2(int length, bool refused)
    {
        var (exit, _, error) = await RunAsync("validate", Repo.Data("examples", "ofii-2009-03.csv"), "--agency", "ofii", "--name", new string('w', length - 4) + ".csv");

        Assert.Equal(refused ? ExitCodes.Usage : ExitCodes.Ok, exit);
        Assert.Equal(refused, error.Contains("--name attend un nom de 255 caractères au plus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_ExampleFile_Exit0WithAcceptedJsonReport()
    {
        var (exit, output, _) = await RunAsync("validate", Repo.Data("examples", "ofii-2009-03.csv"), "--agency", "ofii", "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("accepted", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("observations").GetInt32());
        Assert.Equal(32, json.RootElement.GetProperty("ingestId").GetString()!.Length);
    }

    [Fact]
    public async Task Validate_AnotherAgencysIndicator_Exit1WithLocatedFrenchError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mission-{Guid.NewGuid():N}.csv");
        // With a row of the DCPAF's own: its file, with a row to remove (alone, the file is said to be the OFII's).
        await File.WriteAllTextAsync(file, "indicateur;periode;territoire;valeur;numerateur;denominateur\ndilf_taux_reussite;2009-03;FR;;1412;1580\neloignements_forces;2009-03;DEP-75;5;;\n");
        try
        {
            var (exit, output, _) = await RunAsync("validate", file, "--agency", "dcpaf");

            Assert.Equal(ExitCodes.Rejected, exit);
            Assert.Contains(FrenchTypography.Apply("[indicator-not-allowed] ligne 2, colonne « indicateur », contenu « dilf_taux_reussite »"), output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>« Erreurs (1001) » was read as the total, beside « 902 334 autres erreurs » on its last line.</summary>
    [Fact]
    public async Task Validate_MoreErrorsThanDetailed_HeadingSaysTheRestAreCounted()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mission-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "indicateur;periode;territoire;valeur\n" + string.Concat(Enumerable.Range(0, 1_500).Select(i => $"retours_aides;2009-03;DEP-75;x{i}\n")));
        try
        {
            var (exit, output, _) = await RunAsync("validate", file, "--agency", "ofii");

            Assert.Equal(ExitCodes.Rejected, exit);
            Assert.Contains(FrenchTypography.Apply("Erreurs (1\u202F000 détaillées, puis le compte des autres) :"), output, StringComparison.Ordinal);
            Assert.Contains("[too-many-errors]", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MissionCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
