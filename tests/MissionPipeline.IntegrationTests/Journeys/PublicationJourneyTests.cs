using MissionPipeline.Api;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// The steering cycle as its users live it, in both hosts, approval required: the nightly recompute
/// makes a draft; a dashboard builder probes every public route and gets nothing of it; the steering
/// unit reads it with the admin key (recorded), approves it with a release time; the release time
/// passes while the server runs and every route switches, never before.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicationJourneyTests(AzuriteFixture azurite)
{
    private const string AdminKey = "publication-admin-key";
    private const string OfiiKey = "publication-ofii-key";

    private static readonly ApiOptions Keys = new(null, AdminKey, new Dictionary<string, string> { ["ofii"] = OfiiKey }, []);

    private static readonly Dictionary<string, string> Admin = new() { [ApiOptions.KeyHeader] = AdminKey };

    /// <summary>Every public route a dashboard builder, a préfet or a browser reads (the pages at the root only in <c>mission serve</c>).</summary>
    private static readonly string[] PublicRoutes =
    [
        "api/dashboard", "api/dashboard?format=csv", "api/dashboard?format=csv&dialect=fr", "api/dashboard?format=xlsx", "api/dashboard?format=html",
        "api/indicators/interpellations_aide_sejour", "api/indicators/interpellations_aide_sejour/revisions", "api/territories/DEP-75", "api/territories/REG-11", "api/completeness",
        "api/territoires/DEP-75", "api/territoires/REG-11.html",
    ];

    public static TheoryData<string> Hosts => [ApiHost.Serve, ApiHost.Functions];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Draft_EveryPublicRouteBeforeAndAfterItsReleaseTime_NothingLeaksThenEverythingSwitches(string host)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys, publication: new PublicationOptions(RequireApproval: true));
        var routes = host == ApiHost.Serve ? [.. PublicRoutes, "/", "/territoires/DEP-75"] : PublicRoutes;

        // The night's recompute: a draft, and nothing released yet.
        var march = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", Admin);
        Assert.Equal((200, "draft"), (march.Status, march.Json.GetProperty("state").GetString()));
        foreach (var route in routes.Append("api/dashboard/2009-03-31").Append("api/dashboard/2009-03-31?format=html").Append("api/dashboard/2009-03-31/territoires/DEP-75.html").Append("api/dashboard/2009-03-31/territories/DEP-75"))
        {
            var answer = await api.GetAsync(route);
            Assert.True(answer.Status == 404, $"{route} on {host} before any release: {answer.Status}");
        }

        // The steering unit reads the draft (recorded), then approves it, released at once.
        var draft = await api.GetAsync("api/dashboard/2009-03-31?format=html", Admin);
        Assert.Equal(200, draft.Status);
        Assert.Equal(["no-store", "private"], draft.Header("Cache-Control")!.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)); // never kept by a shared cache
        Assert.Contains("<strong>Projet non validé</strong>", draft.Text, StringComparison.Ordinal);
        var draftPage = await api.GetAsync("api/dashboard/2009-03-31/territoires/DEP-75.html", Admin); // where the draft's maps lead
        Assert.Equal(200, draftPage.Status);
        Assert.Equal(["no-store", "private"], draftPage.Header("Cache-Control")!.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
        Assert.Contains("<strong>Projet non validé</strong>", draftPage.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../../2009-03-31?format=html\">", draftPage.Text, StringComparison.Ordinal);
        var known = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31&knownAt=2026-01-01", Admin); // the draft's figures as known then: a read of it
        Assert.Equal(200, known.Status);
        var draftView = await api.GetAsync("api/dashboard/2009-03-31/territories/DEP-75", Admin); // a dashboard builder's check of the draft
        Assert.Equal((200, "2009-03-31"), (draftView.Status, draftView.Json.GetProperty("asOf").GetString()));
        Assert.Equal(["no-store", "private"], draftView.Header("Cache-Control")!.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
        var hiddenWorkbook = await api.GetAsync("api/dashboard/2009-03-31?format=xlsx");
        Assert.Equal((404, null), (hiddenWorkbook.Status, hiddenWorkbook.Header("Content-Disposition"))); // else a browser saves the problem as a .xlsx
        var draftWorkbook = await api.GetAsync("api/dashboard/2009-03-31?format=xlsx", Admin);
        Assert.Equal((200, "attachment; filename=\"tableau-de-bord-2009-03-31-projet.xlsx\""), (draftWorkbook.Status, draftWorkbook.Header("Content-Disposition"))); // forwarded, still a draft by its name
        var approved = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", Admin);
        Assert.Equal((200, "released"), (approved.Status, approved.Json.GetProperty("state").GetString()));
        Assert.Null(OpenApiContract.Check(HttpMethod.Post, "api/snapshots/2009-03-31/approve", approved));
        Assert.Equal(("no-store", "nosniff"), (approved.Header("Cache-Control"), approved.Header("X-Content-Type-Options")));
        var marchFiles = await PublishedAsync(api, "2009-03-31");
        Assert.Contains("Validé le", marchFiles["api/dashboard?format=html"].Text, StringComparison.Ordinal);
        Assert.Equal("attachment; filename=\"tableau-de-bord-2009-03-31.xlsx\"", (await api.GetAsync("api/dashboard/2009-03-31?format=xlsx")).Header("Content-Disposition")); // released: the account's own name

        // April: a new draft with other figures; every public route still serves March, byte for byte.
        await IngestAsync(storage, "2009-04", 555);
        Assert.Equal("draft", (await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-04-30", Admin)).Json.GetProperty("state").GetString());
        await AssertServesAsync(api, routes, "2009-03-31", marchFiles);
        Assert.Equal(404, (await api.GetAsync("api/dashboard/2009-04-30")).Status);

        // Approved for a release a few seconds ahead (room for a busy two-core machine to probe every route
        // before it): nothing moves until then, then everything does, with no job run.
        var releaseAt = DateTimeOffset.UtcNow.AddSeconds(8);
        var announced = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-04-30/approve?releaseAt=" + Uri.EscapeDataString(releaseAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)), Admin);
        Assert.Equal((200, "approved"), (announced.Status, announced.Json.GetProperty("state").GetString()));
        var embargoed = await api.GetAsync("api/dashboard/2009-04-30?format=xlsx", Admin); // validated, not yet out: saved as such
        Assert.Equal((200, "attachment; filename=\"tableau-de-bord-2009-04-30-sous-embargo.xlsx\""), (embargoed.Status, embargoed.Header("Content-Disposition")));
        await AssertServesAsync(api, routes, "2009-03-31", marchFiles);
        Assert.True(DateTimeOffset.UtcNow < releaseAt, "the routes were probed after the release time: the probe proved nothing");
        var switched = await WaitForAsync(api, "2009-04-30", TimeSpan.FromSeconds(30));
        Assert.True(switched >= releaseAt, $"April served by {switched:O}, before its release time {releaseAt:O}");
        var aprilFiles = await PublishedAsync(api, "2009-04-30");
        await AssertServesAsync(api, routes, "2009-04-30", aprilFiles);

        // The release calendar and the pre-release access list.
        var list = await api.GetAsync("api/snapshots");
        Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/snapshots", list));
        Assert.Equal(("no-store", "nosniff"), (list.Header("Cache-Control"), list.Header("X-Content-Type-Options")));
        Assert.Equal([("2009-04-30", "released"), ("2009-03-31", "released")], list.Json.GetProperty("snapshots").EnumerateArray().Select(s => (s.GetProperty("asOf").GetString(), s.GetProperty("state").GetString())));
        var access = await api.GetAsync("api/snapshots/2009-03-31/access", Admin);
        Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/snapshots/2009-03-31/access", access));
        Assert.Equal(("no-store", "nosniff"), (access.Header("Cache-Control"), access.Header("X-Content-Type-Options")));
        Assert.Equal(
            [("admin", "POST /api/recompute?asOf=2009-03-31"), ("admin", "GET /api/dashboard/2009-03-31?format=html"), ("admin", "GET /api/dashboard/2009-03-31/territoires/DEP-75.html"), ("admin", "POST /api/recompute?asOf=2009-03-31&knownAt=2026-01-01"), ("admin", "GET /api/dashboard/2009-03-31/territories/DEP-75"), ("admin", "GET /api/dashboard/2009-03-31?format=xlsx")],
            access.Json.GetProperty("reads").EnumerateArray().Select(r => (r.GetProperty("key").GetString(), r.GetProperty("route").GetString())));
        Assert.Equal(["POST /api/recompute?asOf=2009-04-30", "GET /api/dashboard/2009-04-30?format=xlsx"], (await api.GetAsync("api/snapshots/2009-04-30/access", Admin)).Json.GetProperty("reads").EnumerateArray().Select(r => r.GetProperty("route").GetString()));
    }

    /// <summary>
    /// March approved for a release an hour ahead, then April approved for now: refused (409), since April's
    /// series and the revisions route would publish March's figures before their hour; April at that hour passes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Approve_LaterDateBeforeAnEarlierOnesEmbargo_409ThenAtItsHour(string host)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await IngestAsync(storage, "2009-04", 555);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys, publication: new PublicationOptions(RequireApproval: true));
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", Admin)).Status);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-04-30", Admin)).Status);
        var hour = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve?releaseAt=" + hour, Admin)).Status);

        var now = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-04-30/approve", Admin);
        var stale = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-04-30/approve?releaseAt=" + hour, Admin); // computed before March's approval
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-04-30&republish=true", Admin)).Status);
        var atTheHour = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-04-30/approve?releaseAt=" + hour, Admin);

        Assert.Equal(409, now.Status);
        ApiJourneyTests.AssertFrenchProblem(now, 409);
        Assert.Contains(MissionPipeline.Text.FrenchTypography.Apply("Le tableau de bord du 31 mars 2009 est sous embargo jusqu'au"), now.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("celui du 30 avril 2009, qui contient ses chiffres (séries, révisions), ne peut pas être diffusé avant.", now.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        ApiJourneyTests.AssertFrenchProblem(stale, 409);
        Assert.Contains("compare ses évolutions à un tableau de bord plus ancien que celui du 31 mars 2009", stale.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((200, "approved"), (atTheHour.Status, atTheHour.Json.GetProperty("state").GetString()));
        Assert.Equal("2009-03-31", (await api.GetAsync("api/dashboard/2009-04-30", Admin)).Json.GetProperty("changesSince").GetString()); // its changes start from March
        Assert.Equal(404, (await api.GetAsync("api/dashboard/2009-04-30")).Status);

        // An error seen under embargo: the approvals are taken back, the later date first (red team, steering unit).
        var marchFirst = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/withdraw", Admin);
        var april = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-04-30/withdraw", Admin);
        var march = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/withdraw", Admin);
        var twice = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/withdraw", Admin);

        ApiJourneyTests.AssertFrenchProblem(marchFirst, 409);
        Assert.Contains("Le tableau de bord du 30 avril 2009, validé lui aussi, contient les chiffres de celui du 31 mars 2009 et compte ses évolutions depuis lui\u202F: retirez d'abord sa validation.", marchFirst.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((200, "draft", 200, "draft"), (april.Status, april.Json.GetProperty("state").GetString(), march.Status, march.Json.GetProperty("state").GetString()));
        Assert.Null(OpenApiContract.Check(HttpMethod.Post, "api/snapshots/2009-03-31/withdraw", march));
        ApiJourneyTests.AssertFrenchProblem(twice, 409);
        Assert.Equal(["draft", "draft"], (await api.GetAsync("api/snapshots", Admin)).Json.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.Contains("<strong>Projet non validé</strong>", (await api.GetAsync("api/dashboard/2009-03-31?format=html", Admin)).Text, StringComparison.Ordinal);
        Assert.Equal(404, (await api.GetAsync("api/dashboard/2009-03-31")).Status);
    }

    /// <summary>Each case: the request, who calls, the status and what the French detail must say.</summary>
    public static TheoryData<string, string, string?, int, string> Approvals()
    {
        var data = new TheoryData<string, string, string?, int, string>();
        foreach (var host in new[] { ApiHost.Serve, ApiHost.Functions })
        {
            data.Add(host, "api/snapshots/2009-03-31/approve", null, 401, "demande une clé");
            data.Add(host, "api/snapshots/2009-03-31/approve", OfiiKey, 403, "n'ouvre pas cette route");
            data.Add(host, "api/snapshots/2009-02-30/approve", AdminKey, 400, "ce jour n'existe pas"); // written as asked: the day is what is wrong
            data.Add(host, "api/snapshots/2009-3-31/approve", AdminKey, 400, "attendu AAAA-MM-JJ");
            data.Add(host, "api/snapshots/2009-03-31/approve?releaseAt=demain", AdminKey, 400, "illisible");
            data.Add(host, "api/snapshots/2009-03-31/approve?releaseAt=2009-04-01", AdminKey, 400, "une date seule ne dit pas à quelle heure diffuser");
            data.Add(host, "api/snapshots/2009-03-31/approve?releaseAt=2010-01-20T09:30:00Z", AdminKey, 400, "passée");
            data.Add(host, "api/snapshots/2009-03-31/approve?releaseAt=2099-01-20T09:30:00Z", AdminKey, 400, "tombe en 2099, à plus d'un an"); // never replaced: dark until then
            data.Add(host, "api/snapshots/2009-04-30/approve", AdminKey, 404, "rien à valider");
            data.Add(host, "api/snapshots/2100-01-01/approve", AdminKey, 400, "dans le futur"); // as GET /api/dashboard/2100-01-01 (it was 404 « rien à valider »)
            data.Add(host, "api/snapshots/2009-03-31/access", OfiiKey, 403, "n'ouvre pas cette route");
            data.Add(host, "api/snapshots/2009-04-30/access", AdminKey, 404, "Aucun tableau de bord publié au 30 avril 2009");
            data.Add(host, "api/snapshots/2009-03-31/withdraw", null, 401, "demande une clé");
            data.Add(host, "api/snapshots/2009-03-31/withdraw", OfiiKey, 403, "n'ouvre pas cette route");
            data.Add(host, "api/snapshots/2009-3-31/withdraw", AdminKey, 400, "attendu AAAA-MM-JJ");
            data.Add(host, "api/snapshots/2100-01-01/withdraw", AdminKey, 400, "dans le futur");
            data.Add(host, "api/snapshots/2009-03-31/withdraw", AdminKey, 409, "n'est pas validé\u202F: il n'y a pas de validation à retirer");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Approvals))]
    public async Task Approve_WrongKeyDateOrTime_ProblemSaysWhatToFix(string host, string url, string? key, int status, string detail)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys, publication: new PublicationOptions(RequireApproval: true));
        await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", Admin);

        var answer = await api.SendAsync(url.EndsWith("/access", StringComparison.Ordinal) ? HttpMethod.Get : HttpMethod.Post, url, key is null ? null : new Dictionary<string, string> { [ApiOptions.KeyHeader] = key });

        ApiJourneyTests.AssertFrenchProblem(answer, status);
        Assert.Contains(detail, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("draft", (await api.GetAsync("api/snapshots")).Json.GetProperty("snapshots")[0].GetProperty("state").GetString());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Approve_TwiceThenANewComputation_ConflictsAndTheApprovedBytesStay(string host)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys, publication: new PublicationOptions(RequireApproval: true));
        await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", Admin);
        await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", Admin);
        var approved = await api.GetAsync("api/dashboard/2009-03-31");

        var again = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", Admin);
        await storage.Ingest().RunAsync(await storage.UploadAsync("dcpaf", "dcpaf-2009-03-rectificatif.csv", Files.F0("indicateur;periode;territoire;valeur\ninterpellations_aide_sejour;2009-03;FR;999\n")));
        var recompute = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31&republish=true", Admin);

        ApiJourneyTests.AssertFrenchProblem(again, 409);
        Assert.Contains("déjà validé", again.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        ApiJourneyTests.AssertFrenchProblem(recompute, 409);
        Assert.Contains("immuable", recompute.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(approved.Body, (await api.GetAsync("api/dashboard/2009-03-31")).Body);
    }

    /// <summary>
    /// The steering unit approves the draft it read, not a later one: the draft was read (its ETag
    /// kept), a correction came, the nightly run recomputed it, and the approval released figures
    /// nobody had read. With <c>If-Match</c> naming the draft read, the recomputed one is refused
    /// (412) and stays a draft; the ETag of a compressed read names it too; the one read again is
    /// approved with the fingerprint its page prints; an <c>If-Match</c> that names no fingerprint is a 400.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Approve_IfMatchTheDraftRead_RecomputedSinceRefusedTheOneReadAgainApproved(string host)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys, publication: new PublicationOptions(RequireApproval: true));
        await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", Admin);
        var read = await api.GetAsync("api/dashboard/2009-03-31", Admin);
        var readCompressed = await api.GetAsync("api/dashboard/2009-03-31", new Dictionary<string, string>(Admin) { ["Accept-Encoding"] = "br" });
        await storage.Ingest().RunAsync(await storage.UploadAsync("dcpaf", "dcpaf-2009-03-rectificatif.csv", Files.F0("indicateur;periode;territoire;valeur\ninterpellations_aide_sejour;2009-03;FR;999\n")));
        await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31&republish=true", Admin);

        var stale = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", new Dictionary<string, string>(Admin) { ["If-Match"] = read.Header("ETag")! });
        var staleCompressed = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", new Dictionary<string, string>(Admin) { ["If-Match"] = readCompressed.Header("ETag")! });
        var unreadable = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", new Dictionary<string, string>(Admin) { ["If-Match"] = "\"projet\"" });
        var stateAfter = (await api.GetAsync("api/snapshots", Admin)).Json.GetProperty("snapshots")[0].GetProperty("state").GetString();
        var readAgain = await api.GetAsync("api/dashboard/2009-03-31", Admin);
        var page = await api.GetAsync("api/dashboard/2009-03-31?format=html", Admin);
        var printed = System.Text.RegularExpressions.Regex.Match(page.Text, "<code class=\"empreinte\">([0-9a-f]{12})</code>").Groups[1].Value;
        var approve = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", new Dictionary<string, string>(Admin) { ["If-Match"] = $"\"{printed}\"" });

        Assert.NotEqual(read.Header("ETag"), readCompressed.Header("ETag")); // the coding's own tag, which names the same draft
        ApiJourneyTests.AssertFrenchProblem(stale, 412);
        Assert.Contains("Le projet du 31 mars 2009 n'est pas celui que désigne l'empreinte donnée", stale.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        ApiJourneyTests.AssertFrenchProblem(staleCompressed, 412);
        ApiJourneyTests.AssertFrenchProblem(unreadable, 400);
        Assert.Contains("If-Match", unreadable.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("draft", stateAfter);
        Assert.Equal(readAgain.Header("ETag")![1..13], printed); // the page read names the draft it shows
        Assert.Equal(200, approve.Status);
        Assert.Equal(readAgain.Body, (await api.GetAsync("api/dashboard/2009-03-31")).Body); // released: the figures read
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Approve_DeploymentWithoutApproval_ConflictEveryRecomputeIsReleased(string host)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);
        var recompute = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", Admin);

        var approve = await api.SendAsync(HttpMethod.Post, "api/snapshots/2009-03-31/approve", Admin);
        var list = await api.GetAsync("api/snapshots");

        Assert.Equal("released", recompute.Json.GetProperty("state").GetString());
        ApiJourneyTests.AssertFrenchProblem(approve, 409);
        Assert.Contains("Publication__RequireApproval", approve.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(list.Json.GetProperty("requireApproval").GetBoolean());
        Assert.Equal("released", list.Json.GetProperty("snapshots")[0].GetProperty("state").GetString());
        Assert.Equal(200, (await api.GetAsync("api/dashboard")).Status);
    }

    /// <summary>
    /// A date published by a process that publishes without approval (<c>mission recompute</c> from a
    /// shell without the setting) on a storage whose servers require it: a draft there, yet its page,
    /// rendered at publication, said nothing of it to the steering unit reading it, nor in its print.
    /// It now says « Projet non validé », with an ETag of its own that revalidates.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Draft_PublishedWithoutApprovalReadOnAnApprovingServer_PageSaysItIsADraft(string host)
    {
        var storage = new TestStorage(azurite);
        await IngestAsync(storage, "2009-03", 300);
        await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys, publication: new PublicationOptions(RequireApproval: true));

        var page = await api.GetAsync("api/dashboard/2009-03-31?format=html", Admin);
        var revalidated = await api.GetAsync("api/dashboard/2009-03-31?format=html", new Dictionary<string, string>(Admin) { ["If-None-Match"] = page.Header("ETag")! });
        var json = await api.GetAsync("api/dashboard/2009-03-31", Admin);
        var published = await api.GetAsync("api/dashboard/2009-03-31?format=html");

        Assert.Equal(200, page.Status);
        Assert.Contains("<body class=\"projet\">", page.Text, StringComparison.Ordinal);
        Assert.Contains("<strong>Projet non validé</strong>", page.Text, StringComparison.Ordinal);
        Assert.Equal(304, revalidated.Status);
        Assert.Equal(200, json.Status);
        Assert.Equal(404, published.Status);
    }

    private static async Task IngestAsync(TestStorage storage, string period, int paris)
    {
        var cells = new[] { ("FR", paris + 242), ("DEP-75", paris), ("DEP-13", 200), ("DEP-48", 2), ("DEP-2A", 40) };
        var report = await storage.Ingest().RunAsync(await storage.UploadAsync("dcpaf", $"dcpaf-{period}.csv",
            Files.F0("indicateur;periode;territoire;valeur\n" + string.Concat(cells.Select(c => $"interpellations_aide_sejour;{period};{c.Item1};{c.Item2}\n")))));
        Assert.Equal(Reports.ReportStatus.Committed, report.Status);
    }

    /// <summary>The files of the dated snapshot as the public reads them (each format of the dated route).</summary>
    private static async Task<Dictionary<string, ApiAnswer>> PublishedAsync(ApiHost api, string asOf)
    {
        var files = new Dictionary<string, ApiAnswer>();
        foreach (var format in new[] { string.Empty, "?format=csv", "?format=csv&dialect=fr", "?format=xlsx", "?format=html" })
        {
            var answer = await api.GetAsync($"api/dashboard/{asOf}{format}");
            Assert.True(answer.Status == 200, $"api/dashboard/{asOf}{format}: {answer.Status} {answer.Text}");
            files["api/dashboard" + format] = format == "?format=html"
                // The dated page's maps lead to its own territory pages (/api/dashboard/{asOf}/territoires/…); the latest's, beside it.
                ? answer with { Body = System.Text.Encoding.UTF8.GetBytes(answer.Text.Replace($"href=\"{asOf}/territoires/", "href=\"territoires/", StringComparison.Ordinal)) }
                : answer;
        }

        return files;
    }

    /// <summary>Every public route answers from the snapshot of <paramref name="asOf"/>: the latest files are its files, the views say its date.</summary>
    private static async Task AssertServesAsync(ApiHost api, IEnumerable<string> routes, string asOf, Dictionary<string, ApiAnswer> files)
    {
        foreach (var route in routes)
        {
            var answer = await api.GetAsync(route);
            Assert.True(answer.Status == 200, $"{route}: {answer.Status} {answer.Text}");
            if (files.TryGetValue(route, out var file))
            {
                Assert.True(file.Body.AsSpan().SequenceEqual(answer.Body), $"{route} is not the snapshot of {asOf}");
            }
            else if (answer.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true && answer.Json.TryGetProperty("asOf", out var date))
            {
                Assert.Equal(asOf, date.GetString());
            }
            else if (route.Contains("revisions", StringComparison.Ordinal))
            {
                // Only the files a released snapshot read: April's file appears once April is released.
                var periods = answer.Json.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("period").GetString()).ToArray();
                Assert.Equal(asOf == "2009-03-31" ? ["2009-03"] : ["2009-03", "2009-04"], periods);
                Assert.Equal(asOf, answer.Json.GetProperty("releasedAsOf").GetString()); // the cut, said
            }
            else
            {
                Assert.Contains(asOf == "2009-03-31" ? "31 mars 2009" : "30 avril 2009", answer.Text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Polls the public latest until it is the snapshot of <paramref name="asOf"/>; the instant that answer arrived (the server chose it no later).</summary>
    private static async Task<DateTimeOffset> WaitForAsync(ApiHost api, string asOf, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            var answer = await api.GetAsync("api/dashboard");
            var answered = DateTimeOffset.UtcNow; // the server chose the snapshot before this instant
            if (answer.Status == 200 && answer.Json.GetProperty("asOf").GetString() == asOf)
            {
                return answered;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The snapshot of {asOf} was not served within {timeout}.");
    }
}
