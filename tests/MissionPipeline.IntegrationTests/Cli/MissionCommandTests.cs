using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Catalogue;
using MissionPipeline.Storage;
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
        var missing = await RunAsync("snapshot", "--as-of", "2001-01-01", "--format", "csv");
        var future = await RunAsync("snapshot", "--as-of", "2100-01-01");

        Assert.Equal((ExitCodes.Usage, true), (future.Exit, future.Error.Contains("dans le futur", StringComparison.Ordinal))); // as recompute (it exited 1)
        Assert.Equal(ExitCodes.Ok, snapshot.Exit);
        Assert.Equal(recompute.Output.Trim(), snapshot.Output.Trim());
        Assert.Equal(ExitCodes.Rejected, missing.Exit);
        Assert.Contains("Aucun tableau de bord publié au 1ᵉʳ janvier 2001.", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("format", missing.Error, StringComparison.Ordinal); // there is none in any format
    }

    /// <summary>
    /// <c>mission ingest</c> stopped after its upload and before its ingestion claimed the file, then a
    /// correction received, then the same command again: the retry finds its bytes waiting and keeps
    /// their upload as the receipt, so the correction received in between stays the latest figure. (It
    /// uploaded them again: the retry became a later receipt and outranked the correction.)
    /// </summary>
    [Fact]
    public async Task Ingest_RetryOfAnUploadNeverIngested_KeepsItsFirstReceiptAndTheCorrectionReceivedSinceWins()
    {
        var folder = Directory.CreateTempSubdirectory("mission-retry-");
        try
        {
            var first = Path.Combine(folder.FullName, "ofii-bilans-mars.csv");
            var correction = Path.Combine(folder.FullName, "ofii-bilans-mars-rectificatif.csv");
            await File.WriteAllTextAsync(first, "indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;4100\n");
            await File.WriteAllTextAsync(correction, "indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;4870\n");
            var layout = StorageLayout.WithSuffix(_suffix);
            var blobs = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);
            await layout.EnsureCreatedAsync(blobs, new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString));
            using (var jobs = TestJobs.Wire(blobs, new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), layout, TimeProvider.System))
            await using (var content = File.OpenRead(first))
            {
                // What the command did before it was stopped: the upload, and nothing else.
                await jobs.GetRequiredService<IngestFile>().UploadAsync(new AgencyId("ofii"), "ofii-bilans-mars.csv", content);
            }

            var uploaded = (await blobs.GetBlobContainerClient(layout.Uploads).GetBlobClient("ofii/ofii-bilans-mars.csv").GetPropertiesAsync()).Value.LastModified;
            var corrected = await RunAsync("ingest", correction, "--agency", "ofii", "--json");
            var retried = await RunAsync("ingest", first, "--agency", "ofii", "--json");
            var recompute = await RunAsync("recompute", "--as-of", "2009-03-31", "--json");

            Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (corrected.Exit, retried.Exit));
            Assert.Equal("committed", JsonDocument.Parse(retried.Output).RootElement.GetProperty("status").GetString());
            Assert.Equal(uploaded, (await blobs.GetBlobContainerClient(layout.Uploads).GetBlobClient("ofii/ofii-bilans-mars.csv").GetPropertiesAsync()).Value.LastModified); // not uploaded again
            Assert.True(JsonDocument.Parse(retried.Output).RootElement.GetProperty("received").GetDateTimeOffset() < JsonDocument.Parse(corrected.Output).RootElement.GetProperty("received").GetDateTimeOffset());
            var bilans = JsonDocument.Parse(recompute.Output).RootElement.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "cai_bilans_competences");
            Assert.Equal(4870, bilans.GetProperty("actual").GetDouble());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnyCommand_StorageUnreachable_Exit3()
    {
        var result = await RunAsync("recompute", "--storage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;", useFixture: false);

        Assert.Equal(ExitCodes.StorageUnreachable, result.Exit);
        Assert.Contains("Stockage injoignable", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A wrong account key is said as such, on one French line: not « injoignable » (no network fault to look for), no XML nor headers of the answer.</summary>
    [Fact]
    public async Task AnyCommand_WrongAccountKey_Exit3SaysTheKeyIsRefused()
    {
        var wrongKey = System.Text.RegularExpressions.Regex.Replace(azurite.ConnectionString, "AccountKey=[^;]+", "AccountKey=" + Convert.ToBase64String(new byte[64]));

        var result = await RunAsync(["recompute", "--storage", wrongKey], useFixture: false);

        Assert.Equal(ExitCodes.StorageUnreachable, result.Exit);
        Assert.Contains("Accès au stockage refusé\u202F: le compte n'accepte pas la clé", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("injoignable", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Headers:", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A schedule the nightly recompute cannot read (the Unix five fields, words) stops <c>mission serve</c>
    /// at once, exit 2, in French: it answered on without its recompute, the dashboard going stale unseen.
    /// </summary>
    [Theory]
    [InlineData("30 2 * * *")]
    [InlineData("chaque nuit")]
    public async Task Serve_UnreadableRecomputeSchedule_Exit2BeforeServing(string schedule)
    {
        var run = await Journeys.MissionProcess.RunAsync(
            ["serve", "--port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", azurite.ConnectionString, "--layout-suffix", _suffix],
            new Dictionary<string, string> { ["RECOMPUTE_SCHEDULE"] = schedule },
            timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Contains($"RECOMPUTE_SCHEDULE «\u202F{schedule}\u202F» illisible", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Tableau de bord\u202F: http", run.Output, StringComparison.Ordinal);
    }

    /// <summary>A port another program holds is said as such, exit 2: it was « Stockage injoignable », exit 3, sending the operator after the storage.</summary>
    [Fact]
    public async Task Serve_PortAlreadyInUse_Exit2SaysThePort()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        // As its own process, as a shell runs it: the host's own log of its failure went to stderr first.
        var result = await Journeys.MissionProcess.RunAsync(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", azurite.ConnectionString, "--layout-suffix", _suffix]);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains($"Le port {port} est déjà utilisé", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Stockage", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // the host's own stack trace came first
        Assert.DoesNotContain("fail:", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A path that cannot be written is the user's to correct: exit 2 and why, in French, never « Échec inattendu ».</summary>
    [Theory]
    [InlineData("pas-de-dossier/tableau.csv", "n'existe pas")]
    [InlineData("", "c'est un dossier")]
    public async Task Snapshot_OutputThatCannotBeWritten_Exit2SaysWhy(string relative, string why)
    {
        await RunAsync("recompute", "--as-of", "2009-06-30");
        var folder = Directory.CreateTempSubdirectory("mission-output-");
        try
        {
            var result = await RunAsync("snapshot", "--as-of", "2009-06-30", "--format", "csv", "--output", Path.Combine(folder.FullName, relative));

            Assert.Equal(ExitCodes.Usage, result.Exit);
            Assert.Contains("Impossible d'écrire", result.Error, StringComparison.Ordinal);
            Assert.Contains(why, result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("inattendu", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
