using System.CommandLine;
using System.Text.Json;
using MissionPipeline.Cli;

namespace MissionPipeline.IntegrationTests.Cli;

/// <summary>The <c>mission</c> command end to end, as a user runs it, against the emulator.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MissionCommandTests(AzuriteFixture azurite)
{
    // Containers and tables of this test alone (xUnit makes an instance per test), named on the
    // command line: the process's environment, which every test shares, is left alone.
    private readonly string _suffix = "cli" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task IngestThenRecompute_ExampleFile_JsonHasTheFiguresAndTheSecondIngestIsDuplicate()
    {
        var example = Repo.Data("examples", "ofii-2009-03.csv");

        var ingest = await RunAsync("ingest", example, "--agency", "ofii", "--json");
        var recompute = await RunAsync("recompute", "--as-of", "2009-03-31", "--json");
        var again = await RunAsync("ingest", example, "--agency", "ofii", "--json");

        Assert.Equal(ExitCodes.Ok, ingest.Exit);
        Assert.Equal("committed", JsonDocument.Parse(ingest.Output).RootElement.GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Ok, recompute.Exit);
        var indicators = JsonDocument.Parse(recompute.Output).RootElement.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
        Assert.Equal(4870, indicators["cai_bilans_competences"].GetProperty("actual").GetDouble());
        Assert.Equal(1412.0 / 1580.0, indicators["dilf_taux_reussite"].GetProperty("actual").GetDouble(), 12);
        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.Equal("duplicate", JsonDocument.Parse(again.Output).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ingest_MisspeltColumn_Exit1WithRowColumnAndFrenchMessage_AndNothingInTheNextSnapshot()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mission-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "indicateur;periode;territoire;valuer\ncai_bilans_competences;2009-03;FR;999\n");
        try
        {
            var ingest = await RunAsync("ingest", file, "--agency", "ofii");
            var recompute = await RunAsync("recompute", "--as-of", "2009-03-31", "--json");

            Assert.Equal(ExitCodes.Rejected, ingest.Exit);
            Assert.Contains("REJETÉ", ingest.Output, StringComparison.Ordinal);
            Assert.Contains("ligne 1", ingest.Output, StringComparison.Ordinal);
            Assert.Contains(MissionPipeline.Text.FrenchTypography.Apply("« valuer »"), ingest.Output, StringComparison.Ordinal);
            var bilans = JsonDocument.Parse(recompute.Output).RootElement.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "cai_bilans_competences");
            Assert.Equal("no_data", bilans.GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Snapshot_AfterRecompute_PrintsThePublishedJson()
    {
        var recompute = await RunAsync("recompute", "--as-of", "2009-06-30", "--json");

        var snapshot = await RunAsync("snapshot", "--as-of", "2009-06-30");
        var missing = await RunAsync("snapshot", "--as-of", "2001-01-01");

        Assert.Equal(ExitCodes.Ok, snapshot.Exit);
        Assert.Equal(recompute.Output.Trim(), snapshot.Output.Trim());
        Assert.Equal(ExitCodes.Rejected, missing.Exit);
    }

    [Fact]
    public async Task AnyCommand_StorageUnreachable_Exit3()
    {
        var result = await RunAsync("recompute", "--storage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;", useFixture: false);

        Assert.Equal(ExitCodes.StorageUnreachable, result.Exit);
        Assert.Contains("Stockage injoignable", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Majuscule")]
    [InlineData("avec-tiret")]
    [InlineData("accentué")]
    [InlineData("a1234567890123456789012345678901234567890")]
    public async Task AnyCommand_InvalidLayoutSuffix_Exit2WithFrenchMessage(string suffix)
    {
        var recompute = await RunAsync(["recompute", "--storage", azurite.ConnectionString, "--layout-suffix", suffix], useFixture: false);
        var validate = await RunAsync(["validate", Repo.Data("examples", "ofii-2009-03.csv"), "--agency", "ofii", "--layout-suffix", suffix], useFixture: false);

        Assert.Equal(ExitCodes.Usage, recompute.Exit);
        Assert.Contains($"Suffixe de stockage «\u202F{suffix}\u202F» invalide", recompute.Error, StringComparison.Ordinal);
        Assert.Contains("\u202F: de 1 à 40 lettres minuscules ou chiffres", recompute.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, validate.Exit); // refused as it is parsed, even by a command that opens no storage
        Assert.Contains("Suffixe de stockage", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_LayoutSuffixOf40Characters_IsTaken()
    {
        var suffix = string.Concat(Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"))[..40];

        var snapshot = await RunAsync(["snapshot", "--as-of", "2001-01-01", "--storage", azurite.ConnectionString, "--layout-suffix", suffix], useFixture: false);

        // Nothing published in those fresh containers: the command ran, and said so.
        Assert.Equal(ExitCodes.Rejected, snapshot.Exit);
        Assert.DoesNotContain("Suffixe", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_InvalidLayoutSuffixVariable_Exit2BeforeTheEmulatorStarts_AndAnEmptyOptionOverridesIt()
    {
        // A child process in a folder of its own, with no storage named: the emulator would start
        // there (./.mission) if the variable were checked after it.
        var folder = Directory.CreateTempSubdirectory("mission-suffix-");
        try
        {
            var refused = await Journeys.MissionProcess.RunAsync(["snapshot", "--as-of", "2001-01-01"], new Dictionary<string, string> { ["MISSION_LAYOUT_SUFFIX"] = "PAS-VALIDE" }, folder.FullName);
            var overridden = await Journeys.MissionProcess.RunAsync(
                ["snapshot", "--as-of", "2001-01-01", "--layout-suffix", string.Empty],
                new Dictionary<string, string> { ["MISSION_LAYOUT_SUFFIX"] = "PAS-VALIDE", ["MISSION_STORAGE"] = azurite.ConnectionString },
                folder.FullName);

            Assert.Equal(ExitCodes.Usage, refused.Exit);
            Assert.Contains("Suffixe de stockage «\u202FPAS-VALIDE\u202F» invalide", refused.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(folder.FullName, ".mission")), "the local emulator was started before the suffix was refused");
            Assert.Equal(ExitCodes.Rejected, overridden.Exit);
            Assert.DoesNotContain("Suffixe", overridden.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, useFixture: true);

    private Task<(int Exit, string Output, string Error)> RunAsync(string a, string b, string c, bool useFixture) => RunAsync([a, b, c], useFixture);

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, bool useFixture)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = useFixture ? [.. args, "--storage", azurite.ConnectionString, "--layout-suffix", _suffix] : args;
        var exit = await MissionCommand.InvokeAsync(all, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
