using MissionPipeline.Cli.Samples;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using MissionPipeline.Cli;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Security;

/// <summary>
/// Invariant 8 and issue 7: the logs of a full run, at the most verbose level, hold no API key, no
/// storage key or connection string, and no identifier of a jobseeker. The run is the product as an
/// operator starts it (child processes of <c>mission</c>, logs on stdout/stderr): the demo (every
/// sample, record-level F5 extracts included), then <c>mission serve</c> with keys, called with good,
/// wrong and misplaced keys, ingesting a new F5 extract and a rejected one whose error names an
/// identifier, a recompute over HTTP, then <c>mission ingest</c> and <c>mission replay</c>.
/// <c>mission serve</c> runs here with inline socket completions, the mode an operator may choose
/// (README, « mission serve »), so every call above is also served on its I/O threads; the tests that
/// host it in their own process run it with the runtime's defaults.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class LogCaptureTests(AzuriteFixture azurite)
{
    private const string AdminKey = "admin-key-7Q2mZxV9sLk3Hd8w";
    private const string DashboardKey = "dashboard-key-Rt5nB1cY6pWq0e";
    private const string OfiiKey = "ofii-key-Gh4jK8mN2bV6cX1z";
    private const string PoleEmploiKey = "pole-emploi-key-Lp9oI7uY5tR3eW";

    [Fact]
    public async Task FullRun_VerboseLogs_HoldNoKeyNoConnectionStringNoIdentifier()
    {
        var suffix = "logs" + Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("mission-logs-");
        var logs = new StringBuilder();
        var identifiers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            // The register extracts the demo writes as it runs: three months of them (some 700 000 identifiants) are enough to see one logged.
            foreach (var extract in DemoRegisterExtracts.For(new DirectoryInfo(Path.Combine(Repo.Root, "samples")), DemoCommand.SampleSeed).Where(e => e.Month.Index is 1 or 12 && e.Month.Year == 2009 || e.Month == Period.OfMonth(2010, 12)))
            {
                identifiers.UnionWith(IdentifiersOf(extract.Content()));
            }

            logs.Append(await RunAsync(suffix, "demo", "--no-serve", "--storage", azurite.ConnectionString));

            var port = Ports.Free();
            using (var serve = Start(suffix, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", azurite.ConnectionString))
            {
                var output = Collect(serve);
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
                await WaitHealthyAsync(http, serve);
                var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(StorageLayout.WithSuffix(suffix).Uploads);

                var extract = Extract(period: "2009-12", seed: 77, firstPerson: 5_000_000);
                identifiers.UnionWith(IdentifiersOf(extract));
                await uploads.GetBlobClient("pole-emploi/defm-2009-12-bis.csv.gz").UploadAsync(BinaryData.FromBytes(extract), overwrite: true);
                var duplicated = DuplicateFirstRow(Extract(period: "2009-11", seed: 78, firstPerson: 6_000_000));
                identifiers.UnionWith(IdentifiersOf(duplicated));
                await uploads.GetBlobClient("pole-emploi/defm-2009-11-doublon.csv.gz").UploadAsync(BinaryData.FromBytes(duplicated), overwrite: true);

                foreach (var (path, key) in new (string, string?)[]
                {
                    ("api/dashboard", DashboardKey), ("api/dashboard", "wrong-key-" + AdminKey), ("api/dashboard?X-Api-Key=" + DashboardKey, null),
                    ("api/indicators/eloignements", DashboardKey), ("api/completeness", DashboardKey),
                    ("api/ingestions/ofii", OfiiKey), ("api/ingestions/ofii", PoleEmploiKey), ("api/ingestions/pole-emploi", PoleEmploiKey),
                    ("api/health", null), ("api/openapi.json", null),
                })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    if (key is not null)
                    {
                        request.Headers.Add("X-Api-Key", key);
                    }

                    using var _ = await http.SendAsync(request);
                }

                await WaitIngestedAsync(http, 2);
                using (var recompute = new HttpRequestMessage(HttpMethod.Post, "api/recompute?asOf=2010-01-31"))
                {
                    recompute.Headers.Add("X-Api-Key", AdminKey);
                    using var answer = await http.SendAsync(recompute);
                    // Said with the answer's problem, so that a failure under load tells why (it failed once in CI with a bare 500).
                    Assert.True(answer.StatusCode == HttpStatusCode.OK, $"POST api/recompute answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                }

                // SIGTERM: the graceful stop an operator's Ctrl-C gives, so the logger flushes.
                using (var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                await serve.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                logs.Append(await output);
            }

            var another = Path.Combine(work.FullName, "defm-2009-10-ter.csv.gz");
            var third = Extract(period: "2009-10", seed: 79, firstPerson: 7_000_000);
            identifiers.UnionWith(IdentifiersOf(third));
            await File.WriteAllBytesAsync(another, third);
            logs.Append(await RunAsync(suffix, "ingest", another, "--agency", "pole-emploi"));
            logs.Append(await RunAsync(suffix, "replay", new string('0', 32), "--agency", "pole-emploi"));
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var text = logs.ToString();
        var secrets = new[] { AdminKey, DashboardKey, OfiiKey, PoleEmploiKey, Azurite.AccountKey, azurite.ConnectionString, "AccountKey=", "SharedAccessSignature", "sig=" };
        Assert.True(identifiers.Count > 10_000, "the run did not read the record-level extracts");
        Assert.Contains("Ingested pole-emploi/defm-2009-12-bis.csv.gz", text, StringComparison.Ordinal); // the logs were captured, at the verbose level
        Assert.Contains("(E/S en ligne\u202F: DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1)", text, StringComparison.Ordinal); // the server ran in that mode
        Assert.Contains("duplicate-identifier", await ReportsOfAsync(suffix), StringComparison.Ordinal); // the rejected file's report does name the problem
        // A refused key is seen by the operator, named by what it is, never by its value (red team, operator: key guessing was invisible).
        Assert.Contains("API key refused on /api/dashboard (access Dashboard): the unknown key", text, StringComparison.Ordinal);
        Assert.Contains("API key refused on /api/ingestions/ofii (access Agency): the agency pole-emploi key", text, StringComparison.Ordinal);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        Assert.All(identifiers.Take(100), id => Assert.Matches(HexToken(), $"ligne 12 : {id};A")); // the search would see one
        var leaked = HexToken().Matches(text).Select(m => m.Value).Where(identifiers.Contains).Distinct().ToArray();
        Assert.True(leaked.Length == 0, "identifiers in the logs: " + string.Join(", ", leaked.Take(5)));
    }

    private Process Start(string suffix, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(MissionCommand).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["MISSION_LAYOUT_SUFFIX"] = suffix;
        info.Environment["MISSION_STORAGE"] = azurite.ConnectionString; // never the machine's default emulator (it would stay running)
        info.Environment["MISSION_LOG_LEVEL"] = "Trace";
        info.Environment["Logging__LogLevel__Default"] = "Trace";
        info.Environment["Api__AdminKey"] = AdminKey;
        info.Environment["Api__DashboardKey"] = DashboardKey;
        info.Environment["Api__AgencyKeys__ofii"] = OfiiKey;
        info.Environment["Api__AgencyKeys__pole_emploi"] = PoleEmploiKey;
        info.Environment["RECOMPUTE_SCHEDULE"] = "0 30 2 * * *";
        info.Environment[MissionPipeline.Cli.Serve.ServeHost.InlineCompletionsVariable] = args[0] == "serve" ? "1" : "0";
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<string> Collect(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        return await output + await error;
    }

    private async Task<string> RunAsync(string suffix, params string[] args)
    {
        using var process = Start(suffix, args);
        var text = await Collect(process);
        await process.WaitForExitAsync();
        return text;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process serve)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(serve.HasExited, "mission serve stopped");
            try
            {
                using var health = await http.GetAsync("api/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail("mission serve did not answer /api/health");
    }

    /// <summary>Waits until the watcher has finished the two uploaded extracts (one committed, one rejected).</summary>
    private static async Task WaitIngestedAsync(HttpClient http, int files)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/ingestions/pole-emploi");
            request.Headers.Add("X-Api-Key", PoleEmploiKey);
            using var answer = await http.SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();
            if (Regex.Count(body, "\"(defm-2009-12-bis|defm-2009-11-doublon)\\.csv\\.gz\"[^}]*\"status\": \"(committed|rejected)\"") >= files)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("the watcher did not ingest the uploaded extracts");
    }

    private async Task<string> ReportsOfAsync(string suffix)
    {
        var reports = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(StorageLayout.WithSuffix(suffix).Reports);
        var text = new StringBuilder();
        await foreach (var blob in reports.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "pole-emploi/", CancellationToken.None))
        {
            text.Append((await reports.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        }

        return text.ToString();
    }

    private static byte[] Extract(string period, ulong seed, long firstPerson)
    {
        using var buffer = new MemoryStream();
        RegisterExtractSample.Write(buffer, 3_000, Period.Parse(period), seed, gzip: true, firstPerson);
        return buffer.ToArray();
    }

    private static byte[] DuplicateFirstRow(byte[] gzip)
    {
        var lines = Text(gzip).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Insert(2, lines[1]);
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        }

        return buffer.ToArray();
    }

    private static IEnumerable<string> IdentifiersOf(byte[] gzip)
    {
        var lines = Text(gzip).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(lines[0].Split(';'), "identifiant");
        return lines.Skip(1).Select(l => l.Split(';')[column]);
    }

    private static string Text(byte[] gzip)
    {
        using var zip = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var reader = new StreamReader(zip, Encoding.UTF8);
        return reader.ReadToEnd();
    }


    [GeneratedRegex("(?<![0-9A-Za-z])[0-9A-Fa-f]{16,32}(?![0-9A-Za-z])")]
    private static partial Regex HexToken();
}
