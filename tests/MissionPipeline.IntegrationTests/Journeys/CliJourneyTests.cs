using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MissionPipeline.Cli;
using MissionPipeline.Cli.LocalStorage;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// The <c>mission</c> command as a separate process, as a shell runs it: stdout is the command's
/// output only (every <c>--json</c> parses as one JSON value even at the most verbose log level,
/// the logs are on stderr), exit codes as documented, a malformed connection string a usage
/// error, and <c>storage status</c> telling this folder's emulator from another program.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliJourneyTests(AzuriteFixture azurite)
{
    private static readonly string OfiiExample = Repo.Data("examples", "ofii-2009-03.csv");

    [Fact]
    public async Task JsonCommands_TraceLogging_StdoutIsOneJsonValueAndLogsGoToStderr()
    {
        var env = Env("Trace");
        var second = Path.Combine(Path.GetTempPath(), $"ofii-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(second, "indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-04;FR;5100\n");
        try
        {
            var validate = await Mission(env, "validate", OfiiExample, "--agency", "ofii", "--json");
            var ingest = await Mission(env, "ingest", OfiiExample, second, "--agency", "ofii", "--json");
            var recompute = await Mission(env, "recompute", "--as-of", "2009-12-31", "--json");
            var snapshot = await Mission(env, "snapshot", "--as-of", "2009-12-31", "--format", "json");

            Assert.Equal("accepted", Json(validate).GetProperty("status").GetString());
            var reports = Json(ingest);
            Assert.Equal(JsonValueKind.Array, reports.ValueKind);
            Assert.Equal(["committed", "committed"], reports.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
            Assert.Equal("2009-12-31", Json(recompute).GetProperty("asOf").GetString());
            Assert.Equal(recompute.Output.Trim(), snapshot.Output.Trim());
            Assert.Contains("Ingested ofii/", ingest.Error, StringComparison.Ordinal); // the logs were written, to stderr
            Assert.Contains("Recomputed as of 2009-12-31", recompute.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(second);
        }
    }

    /// <summary>
    /// A préfecture reads its own territory from the command line, as the API and its page give it: the
    /// JSON piped to jq, the page; a code written as people write one is told what to write (red team,
    /// préfet: there was no way at all).
    /// </summary>
    [Fact]
    public async Task Snapshot_Territory_ItsViewAsTheApiGivesIt()
    {
        var env = Env();
        await Mission(env, "ingest", OfiiExample, "--agency", "ofii");
        await Mission(env, "recompute", "--as-of", "2009-03-31");

        var json = await Bash(env, "dotnet \"$MISSION_DLL\" snapshot --as-of 2009-03-31 --territory dep-75 | jq -c '[.territory, .name, (.indicators[] | select(.id == \"retours_aides\") | .value, .rank)]'");
        var page = await Mission(env, "snapshot", "--territory", "DEP-75", "--format", "html");
        var byName = await Mission(env, "snapshot", "--territory", "paris");
        var bareNumber = await Mission(env, "snapshot", "--territory", "2a");
        var csv = await Mission(env, "snapshot", "--territory", "DEP-75", "--format", "csv");
        var notOf2009 = await Mission(env, "snapshot", "--territory", "DEP-976");
        // The national page saved with --output has its territory pages beside it, where its map leads (each link led nowhere).
        var saved = Directory.CreateTempSubdirectory("mission-page-");
        var national = await Mission(env, "snapshot", "--as-of", "2009-03-31", "--format", "html", "--output", Path.Combine(saved.FullName, "dashboard.html"));
        var renamed = await Mission(env, "snapshot", "--as-of", "2009-03-31", "--format", "html", "--output", Path.Combine(saved.FullName, "bilan.html"));
        var device = await Mission(env, "snapshot", "--as-of", "2009-03-31", "--format", "html", "--output", "/dev/null"); // a device: nothing beside it
        // The page on standard output is the published one, byte for byte (it had one more line end).
        var same = await Bash(env, "cmp <(dotnet \"$MISSION_DLL\" snapshot --as-of 2009-03-31 --territory DEP-75 --format html) <(dotnet \"$MISSION_DLL\" snapshot --as-of 2009-03-31 --territory DEP-75 --format html --output /dev/stdout)");

        Assert.Equal((ExitCodes.Ok, "[\"DEP-75\",\"Paris\",212,1]"), (json.Exit, json.Output.Trim()));
        Assert.Equal(ExitCodes.Ok, page.Exit);
        Assert.Contains("Paris (75)</h1>", page.Output, StringComparison.Ordinal);
        Assert.True(same.Exit == 0, same.Output + same.Error);
        Assert.Equal(ExitCodes.Ok, national.Exit);
        Assert.Contains("territoires/DEP-75.html", File.ReadAllText(Path.Combine(saved.FullName, "dashboard.html")), StringComparison.Ordinal);
        Assert.Equal(page.Output, File.ReadAllText(Path.Combine(saved.FullName, "territoires", "DEP-75.html")));
        Assert.Matches("^[0-9]+ pages de territoire écrites sous .*territoires/, où mène la carte\\.$", national.Error.Trim());
        Assert.Contains("leur lien vers la page nationale mène à dashboard.html, à nommer ainsi pour qu'il aboutisse", renamed.Error, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Ok, string.Empty, false), (device.Exit, device.Error, Directory.Exists("/dev/territoires")));
        saved.Delete(recursive: true);
        Assert.EndsWith("</html>\n", page.Output, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Usage, true), (byName.Exit, byName.Error.Contains("écrivez DEP-75 (Paris)", StringComparison.Ordinal)));
        Assert.Contains("écrivez DEP-2A (Corse-du-Sud)", bareNumber.Error, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Usage, true), (csv.Exit, csv.Error.Contains("--territory se lit en json ou en html, pas en csv\u202F: ce format ne donne que les chiffres nationaux\u202F; ceux de tous les territoires sont dans --format json sans --territory", StringComparison.Ordinal)));
        Assert.Equal((ExitCodes.Usage, true), (notOf2009.Exit, notOf2009.Error.Contains("n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11)\u202F: Mayotte (976) n'est un département que depuis 2011.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ingest_ReceivedDeclared_RecordedAsDeclaredAndRefusedInTheFuture()
    {
        var env = Env();

        var backfill = await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--received", "2009-04-09T08:12:31Z", "--json");
        var future = await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--received", "2999-01-01T00:00:00Z");
        var garbage = await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--received", "hier");

        var report = Json(backfill);
        Assert.Equal("committed", report.GetProperty("status").GetString());
        Assert.Equal("2009-04-09T08:12:31Z", report.GetProperty("received").GetString());
        Assert.True(report.GetProperty("receivedDeclared").GetBoolean());
        Assert.Equal(ExitCodes.Usage, future.Exit);
        Assert.Contains("dans le futur", future.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, garbage.Exit);
        Assert.Contains("illisible", garbage.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// An operator asks what the dashboard of 31 December looked like with the files received by the
    /// end of March: printed as JSON (<c>| jq</c> parses it), the instant stated, a backfill received
    /// later left out, and the published snapshot untouched.
    /// </summary>
    [Fact]
    public async Task Recompute_KnownAt_TheDashboardAsKnownThenAndNothingPublished()
    {
        var env = Env();
        var april = Path.Combine(Path.GetTempPath(), $"ofii-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(april, "indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-04;FR;5100\n");
        try
        {
            await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--received", "2009-04-09T08:12:31Z");
            await Mission(env, "ingest", april, "--agency", "ofii", "--received", "2009-05-11T09:00:00Z");
            var published = await Mission(env, "recompute", "--as-of", "2009-12-31", "--json");

            var known = await Mission(env, "recompute", "--as-of", "2009-12-31", "--known-at", "2009-04-30", "--json");
            var table = await Mission(env, "recompute", "--as-of", "2009-12-31", "--known-at", "2009-04-30");
            var future = await Mission(env, "recompute", "--as-of", "2009-12-31", "--known-at", "2999-01-01T00:00:00Z");
            var garbage = await Mission(env, "recompute", "--known-at", "hier");
            var after = await Mission(env, "snapshot", "--as-of", "2009-12-31", "--format", "json");

            Assert.Equal(ExitCodes.Ok, known.Exit);
            Assert.Equal("2009-04-30T23:59:59Z", Json(known).GetProperty("knownAt").GetString());
            Assert.Equal("2009-04-09T08:12:31Z", Json(known).GetProperty("latestReceipt").GetString());
            Assert.Equal("2009-05-11T09:00:00Z", Json(published).GetProperty("latestReceipt").GetString());
            Assert.True(Actual(known, "cai_bilans_competences") < Actual(published, "cai_bilans_competences"));
            Assert.Contains("Tableau de bord au 31 décembre 2009 tel qu'il pouvait être connu le 30 avril 2009 à 23\u00A0h\u00A059\u00A0min\u00A059\u00A0s (UTC)\u202F: calculé, non publié.", table.Output, StringComparison.Ordinal); // dates in words, as the table's header; the bare date typed is still the 30th
            Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (future.Exit, garbage.Exit));
            Assert.Contains("dans le futur", future.Error, StringComparison.Ordinal);
            Assert.Contains("illisible", garbage.Error, StringComparison.Ordinal);
            Assert.Equal(published.Output.Trim(), after.Output.Trim());
        }
        finally
        {
            File.Delete(april);
        }
    }

    /// <summary>
    /// A shell without <c>Publication__RequireApproval</c> on a storage whose servers require approval
    /// (the demo's): its recompute said « publié », released the date to <c>latest/</c> and to its own
    /// <c>mission snapshot</c>, unmarked and unrecorded, and its <c>mission approve</c> answered that
    /// there was nothing to approve. The storage's word now holds in every shell: a draft, read as one,
    /// approved by the shell.
    /// </summary>
    [Fact]
    public async Task Recompute_ShellWithoutTheSettingOnAnApprovingStorage_DraftReadRecordedThenApproved()
    {
        var approving = Env();
        approving["Publication__RequireApproval"] = "true";
        var shell = new Dictionary<string, string>(approving);
        shell.Remove("Publication__RequireApproval");
        await Mission(approving, "ingest", OfiiExample, "--agency", "ofii");
        await Mission(approving, "recompute", "--as-of", "2009-03-31");
        await Mission(approving, "approve", "--as-of", "2009-03-31");

        var recompute = await Mission(shell, "recompute", "--as-of", "2009-04-30");
        var latest = await Mission(shell, "snapshot");
        var draftPage = await Mission(shell, "snapshot", "--as-of", "2009-04-30", "--format", "html");
        var approve = await Mission(shell, "approve", "--as-of", "2009-04-30");
        var latestAfter = await Mission(shell, "snapshot");

        Assert.Equal(ExitCodes.Ok, recompute.Exit);
        Assert.Contains("Projet non validé\u202F: il sera diffusé une fois validé. Pour valider ce projet-là et aucun autre\u202F: «\u202Fmission approve --as-of 2009-04-30 --expected ", recompute.Output, StringComparison.Ordinal);
        Assert.Equal("2009-03-31", Json(latest).GetProperty("asOf").GetString());
        Assert.Contains("<strong>Projet non validé</strong>", draftPage.Output, StringComparison.Ordinal);
        Assert.Contains("cette lecture est enregistrée", draftPage.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, approve.Exit);
        Assert.Equal("2009-04-30", Json(latestAfter).GetProperty("asOf").GetString());
    }

    /// <summary>
    /// The steering unit's cycle from a terminal, approval required (<c>Publication__RequireApproval=true</c>):
    /// the recompute says it made a draft; <c>snapshot</c> without a date finds nothing released, with
    /// its date reads the draft and says the read is recorded; <c>approve</c> refuses a past or
    /// unreadable time (exit 2), approves (exit 0), refuses a second approval (exit 1); then the
    /// snapshot is the latest and no later read is recorded.
    /// </summary>
    [Fact]
    public async Task Approve_OperatorsCycle_DraftReadRecordedApprovedOnceThenLatest()
    {
        var env = Env();
        env["Publication__RequireApproval"] = "true";
        await Mission(env, "ingest", OfiiExample, "--agency", "ofii");

        var recompute = await Mission(env, "recompute", "--as-of", "2009-03-31");
        var latestBefore = await Mission(env, "snapshot");
        var draft = await Mission(env, "snapshot", "--as-of", "2009-03-31", "--format", "html");
        var known = await Mission(env, "recompute", "--as-of", "2009-03-31", "--known-at", "2026-01-01", "--json"); // the draft's figures: a read of it
        var past = await Mission(env, "approve", "--as-of", "2009-03-31", "--release-at", "2009-04-01T09:00:00Z");
        var unreadable = await Mission(env, "approve", "--as-of", "2009-03-31", "--release-at", "2009-04-01");
        var future = await Mission(env, "approve", "--as-of", "2100-01-01");
        // The command the recompute printed, as the operator copies it: that draft and no other.
        var printed = System.Text.RegularExpressions.Regex.Match(recompute.Output, "«\u202F(mission approve --as-of 2009-03-31 --expected [0-9a-f]{8,})\u202F»");
        Assert.True(printed.Success, recompute.Output);
        var approve = await Mission(env, [.. printed.Groups[1].Value.Split(' ').Skip(1), "--json"]);
        var again = await Mission(env, "approve", "--as-of", "2009-03-31");
        var latestAfter = await Mission(env, "snapshot", "--format", "html");
        var released = await Mission(env, "snapshot", "--as-of", "2009-03-31", "--format", "html");
        var knownReleased = await Mission(env, "recompute", "--as-of", "2009-03-31", "--known-at", "2026-01-01", "--json");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (known.Exit, knownReleased.Exit));
        Assert.Equal(ExitCodes.Ok, recompute.Exit);
        Assert.Contains("Projet non validé\u202F: il sera diffusé une fois validé. Pour valider ce projet-là et aucun autre\u202F: «\u202Fmission approve --as-of 2009-03-31 --expected ", recompute.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Rejected, latestBefore.Exit);
        Assert.Equal(ExitCodes.Ok, draft.Exit);
        Assert.Contains("<strong>Projet non validé</strong>", draft.Output, StringComparison.Ordinal);
        Assert.Contains("cette lecture est enregistrée", draft.Error, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage, ExitCodes.Usage), (past.Exit, unreadable.Exit, future.Exit)); // a future date, as snapshot says (it exited 1, « rien à valider »)
        Assert.Contains("dans le futur", future.Error, StringComparison.Ordinal);
        Assert.Contains("passée", past.Error, StringComparison.Ordinal);
        Assert.Contains("omettez --release-at", past.Error, StringComparison.Ordinal);
        Assert.Contains("une date seule ne dit pas à quelle heure diffuser. Donnez l'heure aussi, par exemple 2009-04-01T09:30:00+02:00", unreadable.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, approve.Exit);
        Assert.Equal(("released", "mission approve"), (Json(approve).GetProperty("state").GetString(), Json(approve).GetProperty("approvedBy").GetString()));
        Assert.Equal(ExitCodes.Rejected, again.Exit);
        Assert.Contains("déjà validé", again.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, latestAfter.Exit);
        Assert.Contains("Validé le", latestAfter.Output, StringComparison.Ordinal);
        Assert.Equal(latestAfter.Output, released.Output);
        Assert.DoesNotContain("enregistrée", released.Error, StringComparison.Ordinal);
        var reads = await new MissionPipeline.Storage.Snapshots(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString), MissionPipeline.Storage.StorageLayout.WithSuffix(env["MISSION_LAYOUT_SUFFIX"])).ReadsAsync(new DateOnly(2009, 3, 31));
        Assert.Equal([("stockage", "mission recompute"), ("stockage", "mission snapshot --as-of 2009-03-31 --format html"), ("stockage", "mission recompute --as-of 2009-03-31 --known-at 2026-01-01T23:59:59Z")], reads.Select(r => (r.Key, r.Route)));

        // An approval taken back before its release (red team, steering unit: an embargo had no way out); never once released.
        var hour = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ExitCodes.Ok, (await Mission(env, "recompute", "--as-of", "2009-04-30")).Exit);
        Assert.Equal(ExitCodes.Ok, (await Mission(env, "approve", "--as-of", "2009-04-30", "--release-at", hour)).Exit);
        var withHour = await Mission(env, "approve", "--as-of", "2009-04-30", "--withdraw", "--release-at", hour);
        var withdrawn = await Mission(env, "approve", "--as-of", "2009-04-30", "--withdraw");
        var draftAgain = await Mission(env, "snapshot", "--as-of", "2009-04-30", "--format", "html");
        var releasedOne = await Mission(env, "approve", "--as-of", "2009-03-31", "--withdraw");

        Assert.Equal(ExitCodes.Usage, withHour.Exit);
        Assert.Contains("--withdraw retire une validation\u202F: il ne prend ni --release-at ni --expected", withHour.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, withdrawn.Exit);
        Assert.Equal("Validation du tableau de bord du 30 avril 2009 retirée\u202F: il redevient un projet, non diffusé, que l'on peut recalculer, puis valider de nouveau.", withdrawn.Output.Trim());
        Assert.Contains("<strong>Projet non validé</strong>", draftAgain.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Rejected, releasedOne.Exit);
        Assert.Contains("ce qui est public ne se retire pas", releasedOne.Error, StringComparison.Ordinal);

        env["Publication__RequireApproval"] = "oui";
        var refused = await Mission(env, "snapshot");
        Assert.Equal(ExitCodes.Usage, refused.Exit);
        Assert.Contains("Publication__RequireApproval invalide", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// From a terminal, the steering unit approves the draft it read: <c>mission snapshot</c> of a draft
    /// gives the command that approves that draft and no other (<c>--expected</c>, its fingerprint); a
    /// draft recomputed since is refused (exit 1) and stays a draft; a fingerprint that is not one is a
    /// usage error (exit 2); the draft read again is approved with its own.
    /// </summary>
    [Fact]
    public async Task Approve_ExpectedTheDraftRead_RecomputedSinceRefusedTheOneReadAgainApproved()
    {
        var (env, correction) = await DraftOfMarchAndACorrectionAsync();
        try
        {
            var read = await Mission(env, "snapshot", "--as-of", "2009-03-31", "--format", "csv");
            await Mission(env, "ingest", correction, "--agency", "ofii");
            await Mission(env, "recompute", "--as-of", "2009-03-31", "--republish");

            var stale = await Mission(env, "approve", "--as-of", "2009-03-31", "--expected", ExpectedIn(read.Error));
            var unreadable = await Mission(env, "approve", "--as-of", "2009-03-31", "--expected", "projet");
            var readAgain = await Mission(env, "snapshot", "--as-of", "2009-03-31");
            var approve = await Mission(env, "approve", "--as-of", "2009-03-31", "--expected", ExpectedIn(readAgain.Error));
            var released = await Mission(env, "snapshot");

            Assert.Matches("Pour valider ce projet-là et aucun autre\u202F: «\u202Fmission approve --as-of 2009-03-31 --expected [0-9a-f]{12}\u202F»", read.Error);
            Assert.Equal(ExitCodes.Rejected, stale.Exit);
            Assert.Contains("Le projet du 31 mars 2009 n'est pas celui que désigne l'empreinte donnée", stale.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, unreadable.Exit);
            Assert.Contains("--expected «\u202Fprojet\u202F» illisible", unreadable.Error, StringComparison.Ordinal);
            Assert.NotEqual(ExpectedIn(read.Error), ExpectedIn(readAgain.Error));
            Assert.Equal(ExitCodes.Ok, approve.Exit);
            Assert.Equal(readAgain.Output, released.Output); // the figures read are the ones released
        }
        finally
        {
            File.Delete(correction);
        }

        static string ExpectedIn(string error) => System.Text.RegularExpressions.Regex.Match(error, "--expected ([0-9a-f]+)").Groups[1].Value;
    }

    /// <summary>
    /// A recompute whose computation is not published, a different draft being kept (no
    /// <c>--republish</c>) or the date approved: it printed that computation, table or <c>--json</c>,
    /// as the date's dashboard (a script piping it to <c>jq</c> read figures nobody published; before
    /// release, figures of a draft's date, unrecorded). Now nothing on stdout, exit 1, why on stderr,
    /// and the published snapshot and its access list as they were.
    /// </summary>
    [Fact]
    public async Task Recompute_ComputationNotPublished_PrintsNothingAndSaysWhy()
    {
        var (env, correction) = await DraftOfMarchAndACorrectionAsync();
        try
        {
            await Mission(env, "ingest", correction, "--agency", "ofii");

            var kept = await Mission(env, "recompute", "--as-of", "2009-03-31", "--json");
            var approve = await Mission(env, "approve", "--as-of", "2009-03-31");
            var locked = await Mission(env, "recompute", "--as-of", "2009-03-31", "--republish");
            var published = await Mission(env, "snapshot", "--as-of", "2009-03-31");

            Assert.Equal((ExitCodes.Rejected, ExitCodes.Ok, ExitCodes.Rejected), (kept.Exit, approve.Exit, locked.Exit));
            Assert.Equal((string.Empty, string.Empty), (kept.Output, locked.Output));
            Assert.Contains("Un tableau de bord différent est déjà publié au 31 mars 2009\u202F: il est conservé, ce calcul n'est ni publié ni affiché.", kept.Error, StringComparison.Ordinal);
            Assert.Contains("Le tableau de bord du 31 mars 2009 est validé, donc immuable\u202F: ce calcul différent n'est ni publié ni affiché.", locked.Error, StringComparison.Ordinal);
            Assert.Contains("Le tableau de bord publié se lit avec «\u202Fmission snapshot --as-of 2009-03-31\u202F».", locked.Error, StringComparison.Ordinal);
            var bilans = Json(published).GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "cai_bilans_competences");
            Assert.Equal(4870, bilans.GetProperty("actual").GetDouble()); // the draft approved, not the correction's 5 100
            var reads = await new MissionPipeline.Storage.Snapshots(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString), MissionPipeline.Storage.StorageLayout.WithSuffix(env["MISSION_LAYOUT_SUFFIX"])).ReadsAsync(new DateOnly(2009, 3, 31));
            Assert.Equal([("stockage", "mission recompute")], reads.Select(r => (r.Key, r.Route))); // the first recompute's print of its draft, alone
        }
        finally
        {
            File.Delete(correction);
        }
    }

    /// <summary>
    /// An operator whose committed observations outgrow the memory limit (<c>Recompute__MemoryLimitMb</c>):
    /// the recompute says so in French and exits 1, nothing is published; a limit that is not a number
    /// is a usage error; without the limit the same storage publishes.
    /// </summary>
    [Fact]
    public async Task Recompute_ObservationsOverTheMemoryLimit_FrenchErrorAndNothingPublished()
    {
        var env = Env();
        await CommittedSeed.WriteLargeAsync(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString), new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString), await LayoutOfAsync(env));

        env[MissionPipeline.Storage.RecomputeOptions.MemoryLimitSetting] = "1";
        var tooLarge = await Mission(env, "recompute", "--as-of", "2009-12-31");
        var latest = await Mission(env, "snapshot");
        env[MissionPipeline.Storage.RecomputeOptions.MemoryLimitSetting] = "un Go";
        var unreadable = await Mission(env, "recompute", "--as-of", "2009-12-31");
        env.Remove(MissionPipeline.Storage.RecomputeOptions.MemoryLimitSetting);
        var fits = await Mission(env, "recompute", "--as-of", "2009-12-31");

        Assert.Equal(ExitCodes.Rejected, tooLarge.Exit);
        Assert.Contains("Le recalcul ne tient pas dans la mémoire permise\u202F: 1 fichier validé (au moins 60\u202F000 observations lues)", tooLarge.Error, StringComparison.Ordinal);
        Assert.Contains("lues) demande plus de 1,1 Mo, au-delà de la limite de 1 Mo (Recompute__MemoryLimitMb)", tooLarge.Error, StringComparison.Ordinal);
        Assert.Contains("Rien n'a été calculé ni publié", tooLarge.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", tooLarge.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Rejected, latest.Exit);
        Assert.Equal(ExitCodes.Usage, unreadable.Exit);
        Assert.Contains("Recompute__MemoryLimitMb invalide", unreadable.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, fits.Exit);
    }

    /// <summary>
    /// The Ingestions table emptied under a deployment (deleted, then created again empty by the next
    /// command): the recompute published an empty dashboard as latest, exit 0 (red team, operator). It
    /// now refuses, says how many files the last dashboard counted and what to do, and publishes nothing.
    /// What it says works: each archived file replayed under its first receipt (declared here), the
    /// recompute publishes again (red team, operator: replay needed the row that was lost).
    /// </summary>
    [Fact]
    public async Task Recompute_IngestionsTableLostUnderIt_RefusedUntilTheArchivesAreReplayed()
    {
        var env = Env();
        Assert.Equal(ExitCodes.Ok, (await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--received", "2009-04-09T08:12:31Z")).Exit);
        Assert.Equal(ExitCodes.Ok, (await Mission(env, "recompute", "--as-of", "2009-03-31")).Exit);
        var layout = await LayoutOfAsync(env);
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        await tables.DeleteTableAsync(layout.Ingestions);
        await tables.CreateTableIfNotExistsAsync(layout.Ingestions);

        var refused = await Mission(env, "recompute", "--as-of", "2009-04-30");
        var latest = await Mission(env, "snapshot", "--format", "json");

        Assert.Equal(ExitCodes.Rejected, refused.Exit);
        Assert.Equal(string.Empty, refused.Output);
        Assert.Contains("Publication refusée\u202F: le tableau de bord publié pour le 31 mars 2009 comptait 1 fichier que la table Ingestions", refused.Error, StringComparison.Ordinal);
        Assert.Contains("rien n'a été publié", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal);
        Assert.Equal("2009-03-31", JsonDocument.Parse(latest.Output).RootElement.GetProperty("asOf").GetString());
        Assert.Contains("« mission replay --archived --agency ofii »", refused.Error.Replace('\u202F', ' '), StringComparison.Ordinal);

        var replay = await Mission(env, "replay", "--archived", "--agency", "ofii", "--json");
        var again = await Mission(env, "replay", "--archived", "--agency", "ofii", "--json");
        var published = await Mission(env, "recompute", "--as-of", "2009-04-30");

        Assert.Equal(ExitCodes.Ok, replay.Exit);
        var report = Assert.Single(Json(replay).EnumerateArray()); // always an array with --archived
        Assert.Equal(("committed", "2009-04-09T08:12:31Z", true), (report.GetProperty("status").GetString(), report.GetProperty("received").GetString(), report.GetProperty("receivedDeclared").GetBoolean()));
        Assert.Equal((ExitCodes.Ok, 0), (again.Exit, Json(again).GetArrayLength())); // nothing left to replay
        Assert.Equal(ExitCodes.Ok, published.Exit);
    }

    [Theory]
    [InlineData("2100-01-01", "dans le futur")]
    [InlineData("9999-12-31", "dans le futur")]
    [InlineData("0001-01-01", "trop ancienne")]
    [InlineData("1999-12-31", "trop ancienne")]
    public async Task Recompute_DateOutsideTheRule_UsageErrorAndNothingPublished(string asOf, string why)
    {
        var env = Env();

        var run = await Mission(env, "recompute", "--as-of", asOf);
        var latest = await Mission(env, "snapshot");

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Contains(why, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Rejected, latest.Exit); // nothing was published
    }

    /// <summary>Three at once of the same file, as received now or as an operator's backfill (<c>--received</c>): the same race, the same answer.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("2009-04-09T08:12:31Z")]
    public async Task Ingest_SameFileThreeTimesAtOnce_OneCommittedTheOthersDuplicateNothingEscapes(string declared)
    {
        var env = Env();
        string[] received = declared.Length == 0 ? [] : ["--received", declared];

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Mission(env, ["ingest", OfiiExample, "--agency", "ofii", "--json", .. received])));

        Assert.All(runs, r => Assert.True(r.Exit == ExitCodes.Ok, $"exit {r.Exit}: {r.Error}"));
        var statuses = runs.Select(r => Json(r).GetProperty("status").GetString()!).Order().ToArray();
        Assert.Equal(["committed", "duplicate", "duplicate"], statuses);
    }

    /// <summary>
    /// An officer sends the original again to undo a correction: exit 0, a duplicate, and the terminal
    /// says that the correction still stands and what to do (red team, agency officer); the JSON names it.
    /// </summary>
    [Fact]
    public async Task Ingest_OriginalAgainAfterACorrection_SaysTheCorrectionStands()
    {
        var env = Env();
        var correction = Path.Combine(Path.GetTempPath(), $"ofii-2009-03-rectificatif-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(correction, "indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-01;2\n");
        try
        {
            await Mission(env, "ingest", OfiiExample, "--agency", "ofii");
            await Mission(env, "ingest", correction, "--agency", "ofii");

            var again = await Mission(env, "ingest", OfiiExample, "--agency", "ofii");
            var json = await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--json");

            Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (again.Exit, json.Exit));
            Assert.Contains("déjà reçu", again.Output, StringComparison.Ordinal);
            Assert.Contains($"Attention\u202F: «\u202F{Path.GetFileName(correction)}\u202F», reçu après lui le ", again.Output, StringComparison.Ordinal);
            Assert.Contains("donne aussi des chiffres sur mars 2009\u202F;", again.Output, StringComparison.Ordinal);
            var replaced = Assert.Single(Json(json).GetProperty("replacedBy").EnumerateArray());
            Assert.Equal((Path.GetFileName(correction), "2009-03"), (replaced.GetProperty("file").GetString(), replaced.GetProperty("periods")[0].GetString()));
        }
        finally
        {
            File.Delete(correction);
        }
    }

    [Fact]
    public async Task Ingest_RejectedFileSentAgainOrReplayed_StillExit1AndSaysItWasRejected()
    {
        var env = Env();
        var file = Path.Combine(Path.GetTempPath(), $"rejete-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "indicateur;periode;territoire;valuer\ncai_bilans_competences;2009-03;FR;999\n");
        try
        {
            var first = await Mission(env, "ingest", file, "--agency", "ofii", "--json");
            var again = await Mission(env, "ingest", file, "--agency", "ofii");
            // mission replay of the finished file answered the same « REJETÉ alors », exit 0.
            var replay = await Mission(env, "replay", Json(first).GetProperty("ingestId").GetString()!, "--agency", "ofii");
            var script = await Mission(env, "ingest", file, "--agency", "ofii", "--json");

            Assert.Equal(ExitCodes.Rejected, first.Exit);
            Assert.Equal(ExitCodes.Rejected, again.Exit);
            Assert.Contains("déjà reçu", again.Output, StringComparison.Ordinal);
            Assert.Contains("REJETÉ alors", again.Output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Rejected, replay.Exit);
            Assert.Contains("REJETÉ alors", replay.Output, StringComparison.Ordinal);
            // A script reads it too: « duplicate » of a file that was rejected, and exit 1.
            Assert.Equal((ExitCodes.Rejected, "duplicate", "rejected"), (script.Exit, Json(script).GetProperty("status").GetString(), Json(script).GetProperty("originalStatus").GetString()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A named pipe nobody writes to, and a device that never ends: answered, never waited on for ever.</summary>
    [Fact]
    public async Task Validate_FifoWithoutWriterOrEndlessDevice_AnswersWithinSeconds()
    {
        var fifo = MakeFifo();
        try
        {
            var pipe = await MissionProcess.RunAsync(["validate", fifo, "--agency", "ofii"], timeout: TimeSpan.FromSeconds(60));
            var zero = await MissionProcess.RunAsync(["validate", "/dev/zero", "--agency", "ofii", "--json"], timeout: TimeSpan.FromSeconds(90));

            Assert.Equal(ExitCodes.Usage, pipe.Exit);
            Assert.Contains("tube nommé (FIFO)", pipe.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Rejected, zero.Exit);
            Assert.Equal("file-too-large", Json(zero).GetProperty("errors")[0].GetProperty("code").GetString());
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    /// <summary>A pipe with a writer (<c>mission validate &lt;(zcat f.gz)</c>) is read once, as the file itself would be.</summary>
    [Fact]
    public async Task Validate_PipeWithAWriter_ReadOnceLikeTheFile()
    {
        var fifo = MakeFifo();
        try
        {
            var writer = Task.Run(() => File.WriteAllBytesAsync(fifo, File.ReadAllBytes(OfiiExample)));
            var piped = await MissionProcess.RunAsync(["validate", fifo, "--agency", "ofii", "--json"], timeout: TimeSpan.FromSeconds(60));
            await writer;
            var file = await MissionProcess.RunAsync(["validate", OfiiExample, "--agency", "ofii", "--json"]);

            Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (piped.Exit, file.Exit));
            Assert.Equal(Json(file).GetProperty("sha256").GetString(), Json(piped).GetProperty("sha256").GetString());
            Assert.Equal(Json(file).GetProperty("observations").GetInt32(), Json(piped).GetProperty("observations").GetInt32());
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    /// <summary>An unexpected failure: one French line and exit 1; its detail on stderr only when MISSION_LOG_LEVEL=Debug asks for it, as the line says.</summary>
    [Fact]
    public async Task AnyCommand_UnexpectedFailure_OneFrenchLineAndTheDetailOnlyAtDebug()
    {
        // A failure nobody planned for: a published snapshot saved on a full disk (/dev/full: every write fails).
        // (A path that cannot be written is the user's to correct: exit 2, MissionCommandTests.)
        // (Independent of the machine: its own storage, whatever listens on the emulator's usual ports.)
        var env = Env();
        await Mission(env, "recompute", "--as-of", "2009-12-31");
        string[] save = ["snapshot", "--as-of", "2009-12-31", "--format", "html", "--output", "/dev/full"];

        var quiet = await Mission(env, save);
        var debug = await Mission(new Dictionary<string, string>(env) { ["MISSION_LOG_LEVEL"] = "Debug" }, save);

        Assert.Equal((ExitCodes.Rejected, ExitCodes.Rejected), (quiet.Exit, debug.Exit));
        Assert.Contains("Échec inattendu", quiet.Error, StringComparison.Ordinal);
        Assert.Contains("MISSION_LOG_LEVEL=Debug", quiet.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", quiet.Error, StringComparison.Ordinal);
        Assert.Contains("Unexpected failure of the command", debug.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", debug.Error, StringComparison.Ordinal);
        Assert.Empty(debug.Output);
    }

    /// <summary>The help speaks French on a machine whose locale is C, as servers' often is: the parser's words included.</summary>
    [Fact]
    public async Task Help_MachineLocaleC_InFrench()
    {
        var run = await MissionProcess.RunAsync(["serve", "--help"], new Dictionary<string, string> { ["LANG"] = "C", ["LC_ALL"] = "C" });

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Contains("Utilisation", run.Output, StringComparison.Ordinal);
        Assert.Contains("Affiche l'aide et l'utilisation.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Show help", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Description:|\[default:", run.Output);
        Assert.Contains("Utilisation\u202F:", run.Output, StringComparison.Ordinal); // the parser's « Utilisation », typeset as ours
        Assert.Contains("[défaut\u202F: 7071]", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>mission ingest &lt;(zcat f.csv.gz)</c> in bash: the path is <c>/dev/fd/63</c>, whose name
    /// became the file's in every report, archive and listing (« 63 »). Without <c>--name</c>, exit 2
    /// saying so; with it, the file is ingested under that name, read once from the pipe.
    /// </summary>
    [Fact]
    public async Task Ingest_ProcessSubstitution_RefusedWithoutANameThenIngestedUnderIt()
    {
        var env = Env();

        var unnamed = await Bash(env, $"dotnet \"$MISSION_DLL\" ingest <(cat '{OfiiExample}') --agency ofii");
        var named = await Bash(env, $"dotnet \"$MISSION_DLL\" ingest <(cat '{OfiiExample}') --agency ofii --name ofii-2009-03.csv --json");
        var upload = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(MissionPipeline.Storage.StorageLayout.WithSuffix(env["MISSION_LAYOUT_SUFFIX"]).Uploads).GetBlobClient("ofii/ofii-2009-03.csv");
        var first = (await upload.GetPropertiesAsync()).Value;
        var again = await Bash(env, $"dotnet \"$MISSION_DLL\" ingest <(cat '{OfiiExample}') --agency ofii --name ofii-2009-03.csv --json");
        var twoNamed = await Mission(env, "ingest", OfiiExample, OfiiExample, "--agency", "ofii", "--name", "x.csv");
        var dot = await Mission(env, "ingest", OfiiExample, "--agency", "ofii", "--name", ".");

        Assert.Equal(ExitCodes.Usage, unnamed.Exit);
        Assert.Matches("«\u202F/dev/fd/[0-9]+\u202F» n'a pas de nom de fichier", unnamed.Error);
        Assert.Contains("--name", unnamed.Error, StringComparison.Ordinal);
        Assert.True(named.Exit == ExitCodes.Ok, $"exit {named.Exit}: {named.Error}");
        Assert.Equal("ofii-2009-03.csv", Json(named).GetProperty("file").GetString());
        Assert.Equal("committed", Json(named).GetProperty("status").GetString());
        // Run again (after a Ctrl-C, say), the pipe's bytes, hashed first, are found waiting: the first upload stays, its receipt with it.
        Assert.Equal("duplicate", Json(again).GetProperty("status").GetString());
        Assert.Equal(first.ETag, (await upload.GetPropertiesAsync()).Value.ETag);
        Assert.True(first.Metadata.ContainsKey(MissionPipeline.Storage.IngestFile.Sha256Metadata));
        Assert.Equal(ExitCodes.Usage, twoNamed.Exit);
        Assert.Contains("--name nomme un seul fichier", twoNamed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, dot.Exit);
        Assert.Contains("qui ne finit pas par un point", dot.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>mission validate &lt;(cat f.csv)</c> named its report « 63 », and a Eurostat extract, whose
    /// table is read in its file name, was refused for that name. Without <c>--name</c> the report gives
    /// the pipe's whole path; with it, the verdict and the name are those of the file itself.
    /// </summary>
    [Fact]
    public async Task Validate_ProcessSubstitution_NamedByItsPathOrByName()
    {
        var env = Env();
        // Eurostat's legacy export: no DATAFLOW column, the table is the file name's.
        var eurostat = Repo.Data("realdata", "eurostat", "migr_asyappctzm_1_Data.csv");

        var file = await Mission(env, "validate", eurostat, "--agency", "eurostat", "--json");
        var unnamed = await Bash(env, $"dotnet \"$MISSION_DLL\" validate <(cat '{eurostat}') --agency eurostat --json");
        var named = await Bash(env, $"dotnet \"$MISSION_DLL\" validate <(cat '{eurostat}') --agency eurostat --json --name migr_asyappctzm_1_Data.csv");
        var slash = await Mission(env, "validate", eurostat, "--agency", "eurostat", "--name", "a/b.csv");
        var text = await Bash(env, $"dotnet \"$MISSION_DLL\" validate <(cat '{eurostat}') --agency eurostat");

        Assert.Equal((ExitCodes.Ok, "accepted", "migr_asyappctzm_1_Data.csv"), (file.Exit, Json(file).GetProperty("status").GetString(), Json(file).GetProperty("file").GetString()));
        Assert.Equal(ExitCodes.Rejected, unnamed.Exit);
        Assert.Matches("^/dev/fd/[0-9]+$", Json(unnamed).GetProperty("file").GetString());
        Assert.Matches("^eurostat\u202F: /dev/fd/[0-9]+ — ", text.Output); // not « eurostat//dev/fd/63 »
        Assert.Equal(ExitCodes.Ok, named.Exit);
        Assert.Equal(Verdict(file), Verdict(named));
        Assert.Equal(ExitCodes.Usage, slash.Exit);
        Assert.Contains("--name attend un nom de fichier sans «\u202F/\u202F»", slash.Error, StringComparison.Ordinal);

        static (string?, string?, int, string?) Verdict(ProcessRun run) =>
            (Json(run).GetProperty("status").GetString(), Json(run).GetProperty("file").GetString(), Json(run).GetProperty("observations").GetInt32(), Json(run).GetProperty("sha256").GetString());
    }

    /// <summary>A log level that does not exist (Verbose is Serilog's, not ours) was silently the default: now exit 2 naming the levels.</summary>
    [Theory]
    [InlineData("Verbose")]
    [InlineData("Warn")]
    [InlineData("3")]
    [InlineData("Error,Information")]
    public async Task AnyCommand_UnknownLogLevel_Exit2NamingTheLevels(string level)
    {
        var run = await Mission(Env(level), "validate", OfiiExample, "--agency", "ofii");

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.Contains($"MISSION_LOG_LEVEL=«\u202F{level}\u202F» n'est pas un niveau de journal\u202F: Trace, Debug, Information, Warning, Error, Critical ou None", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    /// <summary>
    /// Ctrl-C under <c>mission ingest</c>, once the job reads the file: the command says that running
    /// it again finishes the work without losing or counting anything twice, and it does.
    /// </summary>
    [Fact]
    public async Task Ingest_Interrupted_SaysToRunItAgainWhichFinishesTheFile()
    {
        var env = Env("Information");
        var file = Path.Combine(Path.GetTempPath(), $"pole-emploi-{Guid.NewGuid():N}.csv");
        await using (var extract = File.Create(file))
        {
            // A register extract large enough to take a second or more to ingest once the job logs that it
            // starts (about 100 MB, read, hashed, archived, counted): the signal, sent then, lands mid-file.
            MissionPipeline.Cli.Samples.RegisterExtractSample.Write(extract, rows: 2_000_000, MissionPipeline.Periods.Period.Parse("2009-03"), seed: 20090331, gzip: false);
        }

        try
        {
            using var process = MissionProcess.Start(["ingest", file, "--agency", "pole-emploi"], env);
            var output = process.StandardOutput.ReadToEndAsync();
            var stderr = new System.Text.StringBuilder();
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                stderr.AppendLine(line);
                if (line.Contains("Ingesting pole-emploi/", StringComparison.Ordinal))
                {
                    using var signal = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    await signal.WaitForExitAsync();
                    break;
                }
            }

            stderr.Append(await process.StandardError.ReadToEndAsync());
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var again = await Mission(new Dictionary<string, string>(env) { ["MISSION_LOG_LEVEL"] = "Warning" }, "ingest", file, "--agency", "pole-emploi");

            Assert.True(process.ExitCode == ExitCodes.Rejected, $"exit {process.ExitCode}: {stderr}");
            Assert.Contains("Interrompu\u202F: rien n'est perdu ni compté à moitié. Relancez la même commande", stderr.ToString(), StringComparison.Ordinal);
            Assert.Empty(await output);
            Assert.True(again.Exit == ExitCodes.Ok, $"exit {again.Exit}: {again.Error}");
            Assert.Contains("accepté et enregistré", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ingest_OneFileJson_IsOneObject()
    {
        var run = await Mission(Env(), "ingest", OfiiExample, "--agency", "ofii", "--json");

        Assert.Equal(JsonValueKind.Object, Json(run).ValueKind);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=x;AccountKey=notbase64!!;DefaultEndpointsProtocol=https")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1")] // it passed storage status, then looked for tables at Azure
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=ftp://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1")] // « Échec inattendu », exit 1
    public async Task AnyCommand_MalformedConnectionString_Exit2WithAFrenchMessageAndNoStackTrace(string connection)
    {
        var run = await MissionProcess.RunAsync(["recompute", "--as-of", "2009-12-31", "--storage", connection]);

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}: {run.Error}");
        Assert.Contains("Chaîne de connexion au stockage invalide", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("notbase64", run.Error, StringComparison.Ordinal); // what the user typed may hold a key: not echoed
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task StorageStatus_AnotherProgramOnThePorts_SaysItIsNotThisFoldersEmulator()
    {
        var folder = Directory.CreateTempSubdirectory("mission-status-");
        var listeners = new List<TcpListener>();
        try
        {
            foreach (var port in new[] { LocalEmulator.BlobPort, LocalEmulator.TablePort })
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    // Something else already holds the port: it is not this folder's emulator either.
                }
            }

            var run = await MissionProcess.RunAsync(["storage", "status"], workingDirectory: folder.FullName);

            Assert.Equal(ExitCodes.Ok, run.Exit);
            Assert.Contains("ce n'est pas l'émulateur de ce dossier", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// <c>mission storage status</c> spoke of the local emulator whatever storage the commands were
    /// given: it now tells whether that one answers (and holds the chain's containers), creating
    /// nothing, and exits 3 when it does not; <c>start</c> says its emulator is not the one used.
    /// </summary>
    [Fact]
    public async Task StorageStatus_GivenStorage_SaysWhetherThatOneAnswers()
    {
        var env = Env();
        var uploads = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(MissionPipeline.Storage.StorageLayout.WithSuffix(env["MISSION_LAYOUT_SUFFIX"]).Uploads);

        var before = await Mission(env, "storage", "status");
        var createdByStatus = (await uploads.ExistsAsync()).Value;
        await LayoutOfAsync(env);
        var after = await Mission(env, "storage", "status");
        // Nothing listens on port 1: the storage the option names does not answer, whatever MISSION_STORAGE says.
        var away = await Mission(env, "storage", "status", "--storage", MissionPipeline.Cli.LocalStorage.Azurite.ConnectionStringFor(1, 1, 1));
        var malformed = await Mission(env, "storage", "status", "--storage", "pas une chaîne");
        var folder = Directory.CreateTempSubdirectory("mission-stop-");
        var stop = await MissionProcess.RunAsync(["storage", "stop"], env, folder.FullName);
        folder.Delete(recursive: true);

        Assert.True(before.Exit == ExitCodes.Ok, before.Error);
        Assert.Contains("Le stockage donné par MISSION_STORAGE répond (compte devstoreaccount1", before.Output, StringComparison.Ordinal);
        Assert.Contains("n'y sont pas encore", before.Output, StringComparison.Ordinal);
        Assert.False(createdByStatus); // a status reads, never writes
        Assert.Contains("Les conteneurs de la chaîne y sont.", after.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.StorageUnreachable, away.Exit);
        Assert.StartsWith("Stockage injoignable", away.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, malformed.Exit);
        Assert.Contains("Chaîne de connexion au stockage invalide", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, stop.Exit);
        Assert.Equal("Aucun émulateur démarré depuis ce dossier.\nNote\u202F: MISSION_STORAGE donne un stockage\u202F; les commandes mission utilisent celui-là, pas cet émulateur local.\n", stop.Output);
    }

    /// <summary>The layout the <c>mission</c> runs of <paramref name="env"/> use, created.</summary>
    private async Task<MissionPipeline.Storage.StorageLayout> LayoutOfAsync(Dictionary<string, string> env)
    {
        var layout = MissionPipeline.Storage.StorageLayout.WithSuffix(env["MISSION_LAYOUT_SUFFIX"]);
        await layout.EnsureCreatedAsync(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString), new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString));
        return layout;
    }

    /// <summary>
    /// Approval required, OFII's March 2009 ingested and its draft published, and a correction of its
    /// skills assessments (4 870 → 5 100) written to a temporary file, not sent: the caller deletes it.
    /// </summary>
    private async Task<(Dictionary<string, string> Env, string Correction)> DraftOfMarchAndACorrectionAsync()
    {
        var env = Env();
        env["Publication__RequireApproval"] = "true";
        var correction = Path.Combine(Path.GetTempPath(), $"rectificatif-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(correction, "indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;5100\n");
        await Mission(env, "ingest", OfiiExample, "--agency", "ofii");
        await Mission(env, "recompute", "--as-of", "2009-03-31");
        return (env, correction);
    }

    private Dictionary<string, string> Env(string level = "Warning") => new()
    {
        ["MISSION_STORAGE"] = azurite.ConnectionString,
        ["MISSION_LAYOUT_SUFFIX"] = "clij" + Guid.NewGuid().ToString("N")[..10],
        ["MISSION_LOG_LEVEL"] = level,
    };

    private static string MakeFifo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tube-{Guid.NewGuid():N}.csv");
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static Task<ProcessRun> Mission(Dictionary<string, string> environment, params string[] args) => MissionProcess.RunAsync(args, environment);

    /// <summary>A bash command line, as a user types it, with <c>$MISSION_DLL</c> the built command and the test's environment.</summary>
    private static async Task<ProcessRun> Bash(Dictionary<string, string> environment, string script)
    {
        var info = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["MISSION_DLL"] = typeof(MissionCommand).Assembly.Location;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new ProcessRun(process.ExitCode, await output, await error);
    }

    private static JsonElement Json(ProcessRun run)
    {
        try
        {
            return JsonDocument.Parse(run.Output).RootElement;
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON value ({ex.Message}), exit {run.Exit}:\n{run.Output}\nstderr:\n{run.Error}");
        }
    }

    private static double Actual(ProcessRun run, string indicator) =>
        Json(run).GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == indicator).GetProperty("actual").GetDouble();
}
