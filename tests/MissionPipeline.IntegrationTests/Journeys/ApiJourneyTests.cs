using System.Text.RegularExpressions;
using System.Text.Json;
using MissionPipeline.Api;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// Every route of the README's HTTP table, as a dashboard builder, an agency and an operator call
/// it, in both hosts, over the demo's year: the documented status, media type and body shape, and
/// every error as problem+json with a French detail (bad date, unknown id, no key, wrong key,
/// unknown route, storage stopped under a running server).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ApiJourneyTests(AzuriteFixture azurite)
{
    private const string AdminKey = "journey-admin-key";
    private const string OfiiKey = "journey-ofii-key";

    private static readonly ApiOptions Keys = new(
        DashboardKey: null,
        AdminKey: AdminKey,
        AgencyKeys: new Dictionary<string, string> { ["ofii"] = OfiiKey },
        AllowedOrigins: []);

    public static TheoryData<string> Hosts => [ApiHost.Serve, ApiHost.Functions];

    /// <summary>Each case: who calls (key), what, and what the README promises back.</summary>
    public static TheoryData<string, string, string, string?, int, string> Routes()
    {
        var data = new TheoryData<string, string, string, string?, int, string>();
        foreach (var host in new[] { ApiHost.Serve, ApiHost.Functions })
        {
            data.Add(host, "GET", "api/dashboard", null, 200, "application/json");
            data.Add(host, "GET", "api/dashboard?format=csv", null, 200, "text/csv");
            data.Add(host, "GET", "api/dashboard?format=html", null, 200, "text/html");
            data.Add(host, "GET", "api/dashboard?format=pdf", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard?format=csv&dialect=fr", null, 200, "text/csv");
            data.Add(host, "GET", "api/dashboard?Format=CSV", null, 200, "text/csv"); // parameter names and formats read without regard to case
            data.Add(host, "GET", "api/dashboard?_=1260000000000", null, 200, "application/json"); // a cache-buster passes
            data.Add(host, "GET", "api/dashboard?asof=2009-12-31", null, 400, "application/problem+json"); // a parameter the route does not read: it answered the latest
            data.Add(host, "GET", "api/indicators/eloignements?asOf=2009-12-31", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/territoires/DEP-13?format=pdf", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/health?details=1", null, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&asOf=2010-06-30", AdminKey, 400, "application/problem+json"); // which one? neither
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&dry=true", AdminKey, 400, "application/problem+json"); // refused before anything is computed
            data.Add(host, "GET", "api/dashboard?format=csv&dialect=de", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard?format=xlsx", null, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            data.Add(host, "GET", "api/dashboard/2009-12-31?format=xlsx", null, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            data.Add(host, "GET", "api/dashboard/2009-12-31", null, 200, "application/json");
            data.Add(host, "GET", "api/dashboard/2009-13-45", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2001-01-01", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2100-01-01", null, 400, "application/problem+json"); // no snapshot may be dated in the future: a usage error, as a recompute says (it was a 404)
            data.Add(host, "GET", "api/dashboard/1999-12-31/territoires/DEP-13", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/indicators/eloignements", null, 200, "application/json");
            data.Add(host, "GET", "api/indicators/pas_un_indicateur", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/indicators/eloignements_forces/revisions", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/indicators/cai_bilans_competences/revisions?territory=DEP-75", null, 200, "application/json");
            data.Add(host, "GET", "api/indicators/eloignements_forces/revisions?territory=DEP-75", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/indicators/eloignements/revisions", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/indicators/cai_bilans_competences/revisions?territory=75", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/indicators/cai_bilans_competences/revisions?territory=XX", null, 404, "application/problem+json"); // two letters read as a country: not one of its territories
            data.Add(host, "GET", "api/indicators/demandes_asile_ue/revisions?territory=XX", null, 404, "application/problem+json"); // published by country, but XX is none of the EU of 2009
            data.Add(host, "GET", "api/indicators/demandes_asile_ue/revisions?territory=DE", null, 200, "application/json");
            data.Add(host, "GET", "api/indicators/demandes_asile_ue/revisions?territory=GB", null, 404, "application/problem+json"); // a member in 2009, written UK by Eurostat: the answer says so
            data.Add(host, "GET", "api/indicators/demandes_asile_ue/revisions?territory=DEP-13", null, 404, "application/problem+json"); // published by country: it answered an empty 200
            data.Add(host, "GET", "api/indicators/demandes_asile_ue/revisions?territory=FR-MET", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/indicators/pas_un_indicateur/revisions", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/indicators/population_etrangere/revisions?territory=DEP-75", null, 404, "application/problem+json"); // published by région, nothing sent by département: it answered an empty 200
            data.Add(host, "GET", "api/indicators/retours_aides/revisions?territory=FR", null, 404, "application/problem+json"); // protected, published for FR-MET only
            data.Add(host, "GET", "api/territories/DEP-13", null, 200, "application/json");
            data.Add(host, "GET", "api/territories/REG-11", null, 200, "application/json");
            data.Add(host, "GET", "api/territories/DEP-20", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/territories/FR", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/territories/75", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territories/DEP-13", null, 200, "application/json"); // a dated snapshot's view (2010-06-30 is the latest)
            data.Add(host, "GET", "api/dashboard/2009-12-31/territories/REG-11", null, 200, "application/json");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territories/DEP-20", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territories/75", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territories/DEP-13.html", null, 400, "application/problem+json"); // the view is JSON: « .html » is the page's
            data.Add(host, "GET", "api/dashboard/2001-01-01/territories/DEP-13", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-13-45/territories/DEP-13", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2100-01-01/territories/DEP-13", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/territoires/DEP-13", null, 200, "text/html");
            data.Add(host, "GET", "api/territoires/DEP-13.html", null, 200, "text/html"); // as the maps link
            data.Add(host, "GET", "api/territoires/REG-93", null, 200, "text/html"); // no page in the snapshot: rendered on request
            data.Add(host, "GET", "api/territoires/DEP-20", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/territoires/75", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territoires/DEP-13.html", null, 200, "text/html");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territoires/REG-93", null, 200, "text/html");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territoires/DEP-20", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-12-31/territoires/75", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2001-01-01/territoires/DEP-13", null, 404, "application/problem+json");
            data.Add(host, "GET", "api/dashboard/2009-13-45/territoires/DEP-13", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/completeness", null, 200, "application/json");
            data.Add(host, "GET", "api/ingestions/ofii", OfiiKey, 200, "application/json");
            data.Add(host, "GET", "api/ingestions/ofii", null, 401, "application/problem+json");
            data.Add(host, "GET", "api/ingestions/ofii", "wrong-key", 403, "application/problem+json");
            data.Add(host, "GET", "api/ingestions/gendarmerie", AdminKey, 404, "application/problem+json");
            data.Add(host, "GET", "api/ingestions/gendarmerie", OfiiKey, 404, "application/problem+json"); // an agency's key learns the agencies' list
            data.Add(host, "GET", "api/ingestions/gendarmerie", null, 401, "application/problem+json"); // anyone else does not (it was 404 before any key check)
            data.Add(host, "GET", "api/ingestions/gendarmerie", "wrong-key", 403, "application/problem+json");
            data.Add(host, "GET", "api/ingestions/ofii/" + new string('0', 32), OfiiKey, 404, "application/problem+json");
            data.Add(host, "GET", "api/ingestions/ofii/zzzz", OfiiKey, 400, "application/problem+json"); // malformed: 400, as a bad date (it was 404)
            data.Add(host, "GET", "api/ingestions/ofii/" + new string('A', 32), OfiiKey, 404, "application/problem+json"); // upper-case hexadecimal is an id: none such (it was 400, « not 32 hexadecimal characters »)
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31", AdminKey, 200, "application/json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31", null, 401, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31", OfiiKey, 403, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-02-30", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2100-01-01", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=9999-12-31", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=0001-01-01", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&knownAt=2009-06-30", AdminKey, 200, "application/json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&knownAt=2009-06-30T12:00:00Z", OfiiKey, 403, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&knownAt=2100-01-01T00:00:00Z", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&knownAt=demain", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&knownAt=2009-06-30&republish=true", AdminKey, 400, "application/problem+json");
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&republish=maybe", AdminKey, 400, "application/problem+json"); // it answered 200, republishing nothing
            data.Add(host, "POST", "api/recompute?asOf=2009-12-31&knownAt=", AdminKey, 400, "application/problem+json"); // an unset variable: it published a draft instead of a view of the past
            data.Add(host, "POST", "api/recompute?asOf=", AdminKey, 400, "application/problem+json"); // it published today's
            data.Add(host, "POST", "api/snapshots/2010-06-30/approve?releaseAt=", AdminKey, 400, "application/problem+json"); // it approved and released at once, for good
            data.Add(host, "GET", "api/dashboard?=x", null, 400, "application/problem+json");
            data.Add(host, "GET", "api/health", null, 200, "application/json");
            data.Add(host, "GET", "api/openapi.json", null, 200, "application/json");
            data.Add(host, "GET", "api/pas-une-route", null, 404, "application/problem+json");
            data.Add(host, "POST", "api/pas-une-route", null, 404, "application/problem+json"); // no route, so no gate: no-store all the same
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_DemoYear_AnswersItsDocumentedStatusAndMediaType(string host, string method, string url, string? key, int status, string mediaType)
    {
        await using var api = await OnDemoYearAsync(host);

        var answer = await api.SendAsync(new HttpMethod(method), url, key is null ? null : new Dictionary<string, string> { [ApiOptions.KeyHeader] = key });

        Assert.True(status == answer.Status, $"{method} {url} on {host}: {answer.Status} {answer.Text}");
        Assert.StartsWith(mediaType, answer.ContentType ?? string.Empty, StringComparison.Ordinal);
        Assert.Null(OpenApiContract.Check(new HttpMethod(method), url, answer)); // as the OpenAPI document says
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options")); // agencies' cell text is echoed: never sniffed into HTML
        if (method == "POST" || (status == 200 && url == "api/health") || mediaType == "application/problem+json")
        {
            Assert.Equal("no-store", answer.Header("Cache-Control")); // a result of now, a refusal or any error as well (README): no cache keeps it
        }

        if (mediaType == "application/problem+json")
        {
            AssertFrenchProblem(answer, status);
        }
        else if (mediaType == "application/json")
        {
            Assert.NotEqual(JsonValueKind.Undefined, answer.Json.ValueKind); // parses as one JSON value
        }
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Completeness_DemoYear_ListsEveryAgencyWithItsPeriods(string host)
    {
        await using var api = await OnDemoYearAsync(host);

        var answer = await api.GetAsync("api/completeness");

        Assert.Equal(200, answer.Status);
        Assert.Equal("2010-06-30", answer.Json.GetProperty("asOf").GetString());
        var rows = answer.Json.GetProperty("completeness").EnumerateArray().ToArray();
        Assert.True(rows.Length >= 9, $"{rows.Length} completeness rows");
        Assert.Contains(rows, r => r.GetProperty("agency").GetString() == "ofii" && r.GetProperty("received").GetArrayLength() > 0);
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Array, r.GetProperty("expected").ValueKind));
    }

    /// <summary>
    /// What a browser saves is named after its date, with the extension Excel opens it by (a CSV was
    /// saved as « dashboard », opened by nothing); the JSON and the page are shown, not saved.
    /// </summary>
    [Theory]
    [InlineData(ApiHost.Serve, "api/dashboard?format=csv", "attachment; filename=\"tableau-de-bord-dernier.csv\"")]
    [InlineData(ApiHost.Functions, "api/dashboard?format=csv&dialect=fr", "attachment; filename=\"tableau-de-bord-dernier.fr.csv\"")]
    [InlineData(ApiHost.Serve, "api/dashboard/2009-12-31?format=csv&dialect=fr", "attachment; filename=\"tableau-de-bord-2009-12-31.fr.csv\"")]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31?format=csv", "attachment; filename=\"tableau-de-bord-2009-12-31.csv\"")]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31?format=xlsx", "attachment; filename=\"tableau-de-bord-2009-12-31.xlsx\"")]
    [InlineData(ApiHost.Serve, "api/dashboard?format=xlsx", "attachment; filename=\"tableau-de-bord-dernier.xlsx\"")]
    [InlineData(ApiHost.Serve, "api/dashboard", null)]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31?format=html", null)]
    [InlineData(ApiHost.Serve, "api/dashboard/2001-01-01?format=csv", null)] // a problem is never saved as a .csv
    public async Task Dashboard_DownloadedFormat_NamedAfterItsDate(string host, string url, string? disposition)
    {
        await using var api = await OnDemoYearAsync(host);

        var answer = await api.GetAsync(url);

        Assert.Equal(disposition, answer.Header("Content-Disposition"));
        Assert.Null(OpenApiContract.Check(HttpMethod.Get, url, answer));
    }

    /// <summary>
    /// The steering unit asks, in either host, what the year-end dashboard looked like with the files
    /// received by 30 June: fewer files, smaller totals, the instant stated; and nothing published
    /// changes (the dated snapshot keeps its ETag).
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Recompute_KnownAtMidYear_TheYearAsKnownThenAndNothingPublished(string host)
    {
        await using var api = await OnDemoYearAsync(host);
        var admin = new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey };
        var before = await api.GetAsync("api/dashboard/2009-12-31");

        var known = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-12-31&knownAt=2009-06-30", admin);
        var after = await api.GetAsync("api/dashboard/2009-12-31");

        Assert.Equal(200, known.Status);
        Assert.Equal("2009-06-30T23:59:59Z", known.Json.GetProperty("knownAt").GetString());
        Assert.True(string.CompareOrdinal(known.Json.GetProperty("latestReceipt").GetString(), "2009-06-30T23:59:59Z") <= 0);
        Assert.Null(before.Json.GetProperty("knownAt").GetString());
        Assert.True(string.CompareOrdinal(before.Json.GetProperty("latestReceipt").GetString(), "2009-12-31") > 0);
        Assert.True(Actual(known, "eloignements_forces") < Actual(before, "eloignements_forces"), "half a year of files gives a smaller year-to-date total");
        Assert.Equal(before.Header("ETag"), after.Header("ETag"));

        // A whole dashboard, made for this request: compressed as every other JSON, never kept (it went plain: red team, dashboard builder).
        var compressed = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-12-31&knownAt=2009-06-30", new Dictionary<string, string>(admin) { ["Accept-Encoding"] = "gzip" });
        Assert.Equal(("gzip", "no-store"), (compressed.Header("Content-Encoding"), compressed.Header("Cache-Control")));
        Assert.Equal(known.Body, Decompress(compressed.Body, "gzip"));
    }

    /// <summary>
    /// A dashboard builder asks how March's removals were revised: DCPAF sent 2 250, then a
    /// corrected file a month later said 2 300. Both hosts give both versions, oldest first, with their
    /// file and receipt time; the last one is the figure of the dashboard.
    /// </summary>
    /// <summary>
    /// The latest national page is kept a minute wherever it is asked (<c>?format=html</c> said five,
    /// <c>/</c> one): its map links lead to territory pages kept a minute, which must not show the next
    /// snapshot beside it for minutes (red team, dashboard builder). The data formats keep five.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task LatestPages_AnyAddress_KeptAMinuteTheDataFiveMinutes(string host)
    {
        var storage = new TestStorage(azurite);
        await storage.Recompute().RunAsync(new DateOnly(2009, 12, 31));
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);
        string[] pages = ["api/dashboard?format=html", "api/territoires/DEP-13", .. host == ApiHost.Serve ? new[] { "", "dashboard.html", "territoires/DEP-13" } : []];

        foreach (var page in pages)
        {
            var answer = await api.GetAsync(page);
            Assert.Equal((page, 200, "max-age=60"), (page, answer.Status, MaxAge().Match(answer.Header("Cache-Control") ?? string.Empty).Value));
        }

        foreach (var data in new[] { "api/dashboard", "api/dashboard?format=csv", "api/territories/DEP-13" })
        {
            Assert.Equal((data, "max-age=300"), (data, MaxAge().Match((await api.GetAsync(data)).Header("Cache-Control") ?? string.Empty).Value));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("max-age=[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex MaxAge();

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Revisions_CorrectedMonth_BothVersionsWithTheirFiles(string host)
    {
        var storage = new TestStorage(azurite);
        await SendMarchRemovalsAsync(storage, "dcpaf-2009-03.csv", 2250, new DateTimeOffset(2009, 4, 9, 8, 0, 0, TimeSpan.Zero));
        await SendMarchRemovalsAsync(storage, "dcpaf-2009-03-rectificatif.csv", 2300, new DateTimeOffset(2009, 5, 11, 9, 30, 0, TimeSpan.Zero));
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);

        var answer = await api.GetAsync("api/indicators/eloignements_forces/revisions");

        Assert.Equal(200, answer.Status);
        Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/indicators/eloignements_forces/revisions", answer));
        Assert.Equal(("FR-MET", 1), (answer.Json.GetProperty("territory").GetString(), answer.Json.GetProperty("revisedPeriods").GetInt32()));
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("releasedAsOf").ValueKind); // no approval: every committed file
        var versions = answer.Json.GetProperty("periods")[0].GetProperty("versions").EnumerateArray().ToArray();
        Assert.Equal([2250d, 2300d], versions.Select(v => v.GetProperty("value").GetDouble()));
        Assert.Equal(["dcpaf-2009-03.csv", "dcpaf-2009-03-rectificatif.csv"], versions.Select(v => v.GetProperty("file").GetString()));
        Assert.Equal(["2009-04-09T08:00:00Z", "2009-05-11T09:30:00Z"], versions.Select(v => v.GetProperty("received").GetString()));
    }

    /// <summary>
    /// The steering unit asks how the naturalisation delays of Île-de-France were revised: the
    /// prefectures send them by département only, so the région's triangle is the roll-up of its
    /// départements after each file (a weighted mean: never empty, every version a figure). The
    /// national removals, also sent by département, are protected: their roll-ups, version after
    /// version, would give the départements away, so the route says so (404) instead of an empty
    /// triangle, and a territory that did not exist in 2009 is a 404 too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Revisions_IndicatorSentByDepartement_RegionRollsUpProtectedOnesSaySo(string host)
    {
        await using var api = await OnDemoYearAsync(host);

        var region = await api.GetAsync("api/indicators/delai_naturalisation/revisions?territory=REG-11");
        var removals = await api.GetAsync("api/indicators/eloignements_forces/revisions");
        var nowhere = await api.GetAsync("api/indicators/delai_naturalisation/revisions?territory=DEP-99");
        var lower = await api.GetAsync("api/indicators/population_etrangere/revisions?territory=dep-75");
        var upper = await api.GetAsync("api/indicators/population_etrangere/revisions?territory=DEP-75"); // the same answer kept: its own spelling echoed

        Assert.Equal(200, region.Status);
        var periods = region.Json.GetProperty("periods").EnumerateArray().ToArray();
        Assert.True(periods.Length >= 12, $"{periods.Length} periods");
        Assert.All(periods, p => Assert.All(p.GetProperty("versions").EnumerateArray(), v => Assert.True(v.GetProperty("value").GetDouble() > 0)));
        Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/indicators/delai_naturalisation/revisions?territory=REG-11", region));
        AssertFrenchProblem(removals, 404);
        Assert.Contains("secret statistique", removals.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertFrenchProblem(nowhere, 404);
        AssertFrenchProblem(lower, 404);
        AssertFrenchProblem(upper, 404);
        Assert.Contains("n'est pas publié pour «\u202Fdep-75\u202F»", lower.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("n'est pas publié pour «\u202FDEP-75\u202F»", upper.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Aucun fichier n'y donne de chiffre.", upper.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A dashboard builder polls the revisions of March's removals while DCPAF sends a second
    /// correction: the next answer has it, without a recompute. The route reads the files'
    /// observations as the recompute does (memory, checkpoint, segments), never the table's rows: with
    /// the table gone, it answers the same.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Revisions_NewCorrectionWhilePolling_NextAnswerHasItWithoutReadingTheTable(string host)
    {
        var storage = new TestStorage(azurite);
        await SendMarchRemovalsAsync(storage, "dcpaf-2009-03.csv", 2250, new DateTimeOffset(2009, 4, 9, 8, 0, 0, TimeSpan.Zero));
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);
        var first = await api.GetAsync("api/indicators/eloignements_forces/revisions");
        var seen = new Dictionary<string, string> { ["If-None-Match"] = first.Header("ETag")! };
        var unchanged = await api.GetAsync("api/indicators/eloignements_forces/revisions", seen); // nothing new: 304 (whether rebuilt or kept, the tag is the content's)
        await SendMarchRemovalsAsync(storage, "dcpaf-2009-03-rectificatif.csv", 2300, new DateTimeOffset(2009, 5, 11, 9, 30, 0, TimeSpan.Zero));

        var next = await api.GetAsync("api/indicators/eloignements_forces/revisions", seen);
        await storage.Tables.DeleteTableAsync(storage.Layout.Observations);
        var withoutTable = await api.GetAsync("api/indicators/eloignements_forces/revisions");

        Assert.Equal((200, 304, 200, 200), (first.Status, unchanged.Status, next.Status, withoutTable.Status));
        Assert.Equal([2250d], Values(first));
        Assert.Equal([2250d, 2300d], Values(next));
        Assert.Equal(next.Body, withoutTable.Body);

        static double[] Values(ApiAnswer answer) =>
            [.. answer.Json.GetProperty("periods")[0].GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("value").GetDouble())];
    }

    /// <summary>
    /// OFII sends its assisted returns of March 2009 by département, Lozère's 2 hidden in the
    /// dashboard, and the Languedoc-Roussillon subtotal in the same file (accepted: a région's own
    /// figure stands for its départements in the national total). That subtotal less the four
    /// départements shown would give Lozère's 2: the revisions of a protected indicator are read
    /// only at the levels the dashboard publishes, never the région's; a level with nothing sent,
    /// below the published ones, is a 404 too, never an empty 200. Each message says where the
    /// indicator is published.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Revisions_ProtectedIndicatorAtARegionAFileGave_RefusedNamingThePublishedLevels(string host)
    {
        var storage = new TestStorage(azurite);
        var report = await storage.Ingest().BackfillAsync(
            await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.F0("""
                indicateur;periode;territoire;valeur
                retours_aides;2009-03;DEP-11;6
                retours_aides;2009-03;DEP-30;6
                retours_aides;2009-03;DEP-34;14
                retours_aides;2009-03;DEP-48;2
                retours_aides;2009-03;DEP-66;8
                retours_aides;2009-03;REG-91;36
                """)),
            new DateTimeOffset(2009, 4, 9, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(Reports.ReportStatus.Committed, report.Status);
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);

        var region = await api.GetAsync("api/indicators/retours_aides/revisions?territory=REG-91");
        var metropole = await api.GetAsync("api/indicators/retours_aides/revisions");
        var onlyNational = await api.GetAsync("api/indicators/operations_travail_illegal/revisions?territory=DEP-13");
        var britain = await api.GetAsync("api/indicators/demandes_asile_ue/revisions?territory=GB");

        AssertFrenchProblem(region, 404);
        Assert.Equal(
            FrenchTypography.Apply("Les révisions de l'indicateur « retours_aides » ne sont pas diffusées pour « REG-91 » : un chiffre reçu à ce niveau, rapproché des chiffres publiés, dévoilerait des petits effectifs protégés (secret statistique). Elles ne se lisent que pour FR-MET, et seulement quand un fichier y donne le chiffre lui-même (pas quand il arrive par département)."),
            region.Json.GetProperty("detail").GetString());
        // Where it is published, no file gave the figure itself: said plainly, not « ailleurs », which sent
        // a reader from FR to FR-MET and back (red team, dashboard builder).
        AssertFrenchProblem(metropole, 404);
        Assert.Equal(
            FrenchTypography.Apply("« retours_aides » n'a pas de chiffre propre en FR-MET : les fichiers reçus le donnent par département, et leur cumul, révision après révision, dévoilerait des petits effectifs protégés (secret statistique). Ses révisions ne sont donc diffusées à aucun niveau, tant qu'aucun fichier ne donne le chiffre de FR-MET lui-même."),
            metropole.Json.GetProperty("detail").GetString());
        Assert.DoesNotContain("36", region.Text, StringComparison.Ordinal);
        AssertFrenchProblem(onlyNational, 404);
        Assert.Equal(FrenchTypography.Apply("« operations_travail_illegal » n'est publié que pour FR, pas pour « DEP-13 »."), onlyNational.Json.GetProperty("detail").GetString());
        AssertFrenchProblem(britain, 404);
        Assert.StartsWith(FrenchTypography.Apply("« GB » n'est pas un code Eurostat : le Royaume-Uni s'y écrit UK."), britain.Json.GetProperty("detail").GetString(), StringComparison.Ordinal); // it said GB was no member of the EU of 2009
    }

    /// <summary>DCPAF's file of March 2009's removals in metropolitan France, <paramref name="value"/>, received at <paramref name="received"/> (committed).</summary>
    private static async Task SendMarchRemovalsAsync(TestStorage storage, string name, int value, DateTimeOffset received) =>
        Assert.Equal(Reports.ReportStatus.Committed, (await storage.Ingest().BackfillAsync(
            await storage.UploadAsync("dcpaf", name, Files.F0($"indicateur;periode;territoire;valeur\neloignements_forces;2009-03;FR-MET;{value}\n")), received)).Status);

    /// <summary>
    /// An agency data officer asks which of DGT's files brought an unusual value: thirteen steady
    /// months, then January 2010 typed ten times too high. The file is accepted (never blocked); after
    /// the recompute, the dashboard flags the month and the agency's ingestions name the file.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Ingestions_FileWithATypoMonth_ItsUnusualValueListed(string host)
    {
        var storage = new TestStorage(azurite);
        var ingest = storage.Ingest();
        double[] steady = [124, 131, 118, 140, 127, 135, 122, 129, 141, 133, 126, 120];
        for (var m = 1; m <= 13; m++)
        {
            var (year, month, value) = m <= 12 ? (2009, m, steady[m - 1]) : (2010, 1, 1290);
            var name = $"dgt-{year}-{month:D2}.csv";
            var report = await ingest.BackfillAsync(
                await storage.UploadAsync("dgt", name, Files.F0($"indicateur;periode;territoire;valeur\noperations_travail_illegal;{year}-{month:D2};FR;{value}\n")),
                new DateTimeOffset(year, month, 1, 8, 0, 0, TimeSpan.Zero).AddMonths(1).AddDays(9));
            Assert.Equal(Reports.ReportStatus.Committed, report.Status);
        }

        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);
        var admin = new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey };
        var recompute = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2010-01-31", admin);
        var ingestions = await api.GetAsync("api/ingestions/dgt", admin);

        Assert.Equal((200, 200), (recompute.Status, ingestions.Status));
        Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/ingestions/dgt", ingestions));
        var rows = ingestions.Json.GetProperty("ingestions").EnumerateArray().ToArray();
        Assert.Equal(13, rows.Length);
        var flagged = Assert.Single(rows, r => r.GetProperty("unusualValues").GetArrayLength() > 0);
        var unusual = flagged.GetProperty("unusualValues")[0];
        Assert.Equal("dgt-2010-01.csv", flagged.GetProperty("file").GetString());
        Assert.Equal(("operations_travail_illegal", "2010-01", 1290d, 89d, 167d),
            (unusual.GetProperty("indicator").GetString(), unusual.GetProperty("period").GetString(), unusual.GetProperty("value").GetDouble(), unusual.GetProperty("usualLow").GetDouble(), unusual.GetProperty("usualHigh").GetDouble()));
        var indicator = await api.GetAsync("api/indicators/operations_travail_illegal");
        Assert.Contains(indicator.Json.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "unusual-value" && w.GetProperty("ingestId").GetString() == flagged.GetProperty("ingestId").GetString());
    }

    /// <summary>
    /// A préfet reads his département; the national snapshot hides Lozère's 2 arrests, and with them
    /// Corse-du-Sud's 40 (the national total would give the first away). Every département's view
    /// shows exactly the national snapshot's cell: a hidden cell stays hidden in every view.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Territories_EveryDepartement_TheNationalCellHiddenOrNot(string host)
    {
        var storage = new TestStorage(azurite);
        var report = await storage.Ingest().BackfillAsync(
            await storage.UploadAsync("dcpaf", "dcpaf-2009-03.csv", Files.F0("indicateur;periode;territoire;valeur\n" + string.Concat(
                new[] { ("FR", 542), ("DEP-75", 300), ("DEP-13", 200), ("DEP-48", 2), ("DEP-2A", 40) }.Select(c => $"interpellations_aide_sejour;2009-03;{c.Item1};{c.Item2}\n")))),
            new DateTimeOffset(2009, 4, 9, 8, 0, 0, TimeSpan.Zero));
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, storage.Layout, Keys);
        var recompute = await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31", new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey });
        var national = await api.GetAsync("api/indicators/interpellations_aide_sejour");

        var cells = national.Json.GetProperty("territories").EnumerateArray()
            .Where(t => t.GetProperty("territory").GetString()!.StartsWith("DEP-", StringComparison.Ordinal))
            .ToDictionary(t => t.GetProperty("territory").GetString()!, t => t.GetProperty("value").ToString());
        Assert.Equal((Reports.ReportStatus.Committed, 200), (report.Status, recompute.Status));
        Assert.Equal(["DEP-13", "DEP-2A", "DEP-48", "DEP-75"], cells.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, cells.Values.Count(v => v == "s"));
        var snapshot = storage.Blobs.GetBlobContainerClient(storage.Layout.Snapshots);
        foreach (var (code, cell) in cells)
        {
            // The snapshot's static page of the département says exactly the national cell, hidden or not.
            var page = (await snapshot.GetBlobClient($"2009-03-31/territoires/{code}.html").DownloadContentAsync()).Value.Content.ToString();
            Assert.Matches($"Personnes interpellées [^<]*<span class=\"periode\">mars 2009 · source\u202F: DCPAF</span></th><td class=\"num\">{cell}</td>", page);
            if (host == ApiHost.Serve)
            {
                // mission serve serves the snapshot's own page, under the name the map links to, and the name it links back to.
                Assert.Equal(page, (await api.GetAsync($"territoires/{code}.html")).Text);
                Assert.Contains($"<a href=\"territoires/{code}.html\">", (await api.GetAsync("dashboard.html")).Text, StringComparison.Ordinal);
                Assert.Contains("<a href=\"../dashboard.html\">", page, StringComparison.Ordinal);
            }

            var view = await api.GetAsync("api/territories/" + code);
            Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/territories/" + code, view));
            Assert.Equal(view.Text, (await api.GetAsync($"api/dashboard/2009-03-31/territories/{code}")).Text); // the latest by its date: the same view
            var arrests = view.Json.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "interpellations_aide_sejour");
            Assert.Equal(cell, arrests.GetProperty("value").ToString());
            Assert.Equal(cell == "s" ? JsonValueKind.Null : JsonValueKind.Number, arrests.GetProperty("rank").ValueKind);
        }
    }

    /// <summary>
    /// A dashboard builder opens the page the API gives and clicks on a map: every département of the
    /// maps leads to its page in the same snapshot, in both hosts, and each page's link back leads to
    /// the page clicked from (the links of <c>GET /api/dashboard?format=html</c> led to
    /// <c>/api/territoires/…</c>, which no route answered; a dated page's, to a folder without its date).
    /// </summary>
    [Theory]
    [InlineData(ApiHost.Serve, "api/dashboard?format=html", "/api/territoires/", false)]
    [InlineData(ApiHost.Functions, "api/dashboard?format=html", "/api/territoires/", false)]
    [InlineData(ApiHost.Serve, "api/dashboard/2009-12-31?format=html", "/api/dashboard/2009-12-31/territoires/", true)] // INSEE's year gives the régions figures: pages
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31?format=html", "/api/dashboard/2009-12-31/territoires/", true)]
    [InlineData(ApiHost.Serve, "", "/territoires/", false)] // mission serve's own page, laid out as a snapshot folder
    public async Task DashboardPage_EveryMapLink_TheTerritoryPageOfThatSnapshotWhichLeadsBack(string host, string url, string folder, bool regions)
    {
        await using var api = await OnDemoYearAsync(host);
        var page = await api.GetAsync(url);
        var from = new Uri(new Uri("http://localhost/"), url);

        var links = Links(page.Text).Where(l => l.Contains("territoires/", StringComparison.Ordinal)).Distinct().ToArray();

        Assert.Equal(200, page.Status);
        Assert.Equal(100, links.Length); // the départements of 2009, each on the maps
        Assert.Matches("^<time datetime=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\">$", System.Text.RegularExpressions.Regex.Match(page.Text, "<time datetime=\"[0-9-]{10}\">").Value);
        var asOf = System.Text.RegularExpressions.Regex.Match(page.Text, "<time datetime=\"[0-9-]{10}\">").Value; // the snapshot's date, as the page says it
        var backs = new HashSet<string>();
        var neighbours = new HashSet<string>();
        foreach (var link in links)
        {
            var target = new Uri(from, link);
            Assert.StartsWith(folder, target.AbsolutePath, StringComparison.Ordinal);
            var territory = await api.GetAsync(target.PathAndQuery[1..]);
            Assert.True(territory.Status == 200 && territory.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true, $"{link} from /{url} on {host}: {target.PathAndQuery} answered {territory.Status} {territory.ContentType}");
            Assert.Contains(asOf, territory.Text, StringComparison.Ordinal); // the same snapshot
            var onward = Links(territory.Text).ToLookup(l => TerritoryFile().IsMatch(l));
            backs.Add(new Uri(target, Assert.Single(onward[false])).PathAndQuery);
            neighbours.UnionWith(onward[true].Select(l => new Uri(target, l).PathAndQuery));
        }

        var back = await api.GetAsync(Assert.Single(backs)[1..]);
        Assert.True(page.Body.AsSpan().SequenceEqual(back.Body), $"the link back {backs.Single()} is not the page clicked from");
        Assert.Equal(regions, neighbours.Count > 0); // a département links to its région where the snapshot has its page
        foreach (var neighbour in neighbours)
        {
            var region = await api.GetAsync(neighbour[1..]);
            Assert.True(region.Status == 200 && region.Text.Contains(asOf, StringComparison.Ordinal), $"{neighbour} on {host} answered {region.Status}");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(DEP|REG)-[0-9AB]{2,3}\\.html$")]
    private static partial System.Text.RegularExpressions.Regex TerritoryFile();

    /// <summary>
    /// A page asked one folder too deep (a final slash) would have its relative links miss: 308 to its
    /// address, written relative to the one asked (a gateway's prefix holds) from what the route read,
    /// never from the request's path (a decoded « é » or line break in the header failed with a 500,
    /// « \ » made another address of the site); a JSON file is served as asked.
    /// </summary>
    [Theory]
    [InlineData(ApiHost.Serve, "api/dashboard/?format=html", 308, "../dashboard?format=html", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Functions, "api/dashboard/?format=html", 308, "../dashboard?format=html", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31/?format=html", 308, "../2009-12-31?format=html", "/api/dashboard/2009-12-31?format=html")]
    [InlineData(ApiHost.Serve, "api/territoires/DEP-13.html/", 308, "../DEP-13.html", "/api/territoires/DEP-13.html")]
    [InlineData(ApiHost.Serve, "dashboard.html/", 308, "../dashboard.html", "/dashboard.html")] // its map links went to /dashboard.html/territoires/…
    [InlineData(ApiHost.Serve, "api/territoires/dep-13.HTML/?_x=%0d%0a", 308, "../DEP-13.html?_x=%0d%0a", "/api/territoires/DEP-13.html?_x=%0d%0a")]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31/territoires/DEP-13/", 308, "../DEP-13", "/api/dashboard/2009-12-31/territoires/DEP-13")]
    [InlineData(ApiHost.Serve, "api/territoires/%C3%A9/", 400, null, null)]
    [InlineData(ApiHost.Functions, "api/territoires/%C3%A9/", 400, null, null)]
    [InlineData(ApiHost.Serve, "api/territoires/a%0d%0aSet-Cookie:%20x=1/", 400, null, null)]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31/territoires/%C3%A9/", 400, null, null)]
    [InlineData(ApiHost.Serve, "api/territoires/..%5C..%5Capi%5Csnapshots/", 400, null, null)]
    [InlineData(ApiHost.Serve, "api/territoires/DEP-13%3Fformat=x/", 400, null, null)]
    [InlineData(ApiHost.Serve, "api/dashboard/", 200, null, null)]
    [InlineData(ApiHost.Functions, "api/dashboard/2009-12-31/", 200, null, null)]
    public async Task Page_FinalSlash_RedirectedToItsAddressWithoutIt(string host, string url, int status, string? location, string? resolved)
    {
        await using var api = await OnDemoYearAsync(host);

        var answer = await api.GetAsync(url);

        Assert.Equal((status, location), (answer.Status, answer.Header("Location")));
        Assert.Equal(resolved, location is null ? null : new Uri(new Uri("http://localhost/" + url), location).PathAndQuery);
        Assert.Null(url.StartsWith("api/", StringComparison.Ordinal) ? OpenApiContract.Check(HttpMethod.Get, url, answer) : null); // the page itself is no API operation
        if (status == 400)
        {
            AssertFrenchProblem(answer, status);
        }
    }

    /// <summary>
    /// A préfet who types a wrong address in a browser reads a French page with the error and a link
    /// to the latest dashboard, with the same status (it saw the problem's JSON); a client that did
    /// not ask for HTML still gets the problem, as the OpenAPI document gives it.
    /// </summary>
    [Theory]
    [InlineData(ApiHost.Serve, "api/territoires/DEP-20", 404, "n'est ni un département ni une région de 2009", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Functions, "api/territoires/DEP-20", 404, "n'est ni un département ni une région de 2009", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Functions, "api/territoires/75", 400, "Territoire « 75 » invalide", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Serve, "api/dashboard/2001-01-01/territoires/DEP-13", 404, "Aucun tableau de bord publié au 1ᵉʳ janvier 2001", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Functions, "api/dashboard/2001-01-01?format=html", 404, "Aucun tableau de bord publié au 1ᵉʳ janvier 2001 (en page HTML).", "/api/dashboard?format=html")] // it named the file, dashboard.html
    [InlineData(ApiHost.Serve, "api/territoires/DEP-13?format=pdf", 400, "Cette route ne lit pas le paramètre « format »", "/api/dashboard?format=html")]
    [InlineData(ApiHost.Serve, "territoires/DEP-20.html", 404, "n'est ni un département ni une région de 2009", "/dashboard.html")] // mission serve's own page
    [InlineData(ApiHost.Serve, "territoires/%C3%A9/", 400, "invalide", "/dashboard.html")]
    [InlineData(ApiHost.Serve, "dashbord.html", 404, "Aucune page « /dashbord.html » sur ce serveur", "/dashboard.html")] // a typo outside /api/: it was problem+json
    [InlineData(ApiHost.Serve, "territoires/DEP-13/carte", 404, "Aucune page « /territoires/DEP-13/carte » sur ce serveur", "/dashboard.html")]
    public async Task PageError_BrowserAsksForHtml_FrenchPageWithTheStatusAndALinkHome(string host, string url, int status, string detail, string home)
    {
        await using var api = await OnDemoYearAsync(host);
        const string browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"; // Chromium's navigation

        var page = await api.GetAsync(url, new Dictionary<string, string> { ["Accept"] = browser });
        var problem = await api.GetAsync(url);

        Assert.Equal((status, "text/html"), (page.Status, page.ContentType?.Split(';')[0]));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(MissionPipeline.Text.FrenchTypography.Apply(detail)), page.Text, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>\n<html lang=\"fr\">", page.Text, StringComparison.Ordinal);
        Assert.Equal(("no-store", "nosniff"), (page.Header("Cache-Control"), page.Header("X-Content-Type-Options")));
        var link = Assert.Single(Links(page.Text));
        Assert.Equal(home, new Uri(new Uri("http://localhost/" + url), link).PathAndQuery);
        Assert.Equal(200, (await api.GetAsync(home.TrimStart('/'))).Status); // the link leads to a page
        Assert.Equal((status, "application/problem+json"), (problem.Status, problem.ContentType?.Split(';')[0]));
    }

    /// <summary>The addresses a page's links lead to (<c>href</c>, fragments within the page left out), as a browser reads them.</summary>
    private static IEnumerable<string> Links(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"#][^\"]*)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Dashboard_DemoYear_EveryIndicatorThenA304WithTheETag(string host)
    {
        await using var api = await OnDemoYearAsync(host);

        var first = await api.GetAsync("api/dashboard");
        var again = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["If-None-Match"] = first.Header("ETag")! });
        var indicator = await api.GetAsync("api/indicators/eloignements");

        Assert.Equal(IndicatorCatalogue.Default.Indicators.Count, first.Json.GetProperty("indicators").GetArrayLength());
        Assert.Equal("2010-06-30", first.Json.GetProperty("asOf").GetString());
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal("2010-06-30", indicator.Json.GetProperty("asOf").GetString());
        Assert.True(indicator.Json.GetProperty("actual").GetDouble() > 10_000);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Ingestions_AgencyKey_ListThenEachReportOfTheList(string host)
    {
        await using var api = await OnDemoYearAsync(host);
        var key = new Dictionary<string, string> { [ApiOptions.KeyHeader] = OfiiKey };

        var list = await api.GetAsync("api/ingestions/ofii", key);
        var first = list.Json.GetProperty("ingestions")[0];
        var report = await api.GetAsync(first.GetProperty("report").GetString()!.TrimStart('/'), key);

        Assert.Equal(200, report.Status);
        Assert.Equal("nosniff", report.Header("X-Content-Type-Options")); // a report echoes cell text
        Assert.Equal(first.GetProperty("ingestId").GetString(), report.Json.GetProperty("ingestId").GetString());
        Assert.Equal("ofii", report.Json.GetProperty("agency").GetString());

        // Both answers carry an ETag, as the OpenAPI document says: asked again with it, 304.
        var listAgain = await api.GetAsync("api/ingestions/ofii", new Dictionary<string, string>(key) { ["If-None-Match"] = list.Header("ETag")! });
        var reportAgain = await api.GetAsync(first.GetProperty("report").GetString()!.TrimStart('/'), new Dictionary<string, string>(key) { ["If-None-Match"] = report.Header("ETag")! });
        Assert.Equal((304, 304), (listAgain.Status, reportAgain.Status));
    }

    /// <summary>
    /// A storage that accepts connections and never answers (a hung emulator, a black-holed network):
    /// the health route says 503 within its probe's few seconds, where it held the request for 90
    /// seconds, past any load balancer's probe.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Health_StorageThatNeverAnswers_503WithinTheProbeTimeout(string host)
    {
        await using var hangable = await HangableHost.StartAsync(host);
        var api = hangable.Api;
        Assert.Equal(200, (await api.GetAsync("api/health")).Status);

        hangable.Hang();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var health = await api.GetAsync("api/health");
        clock.Stop();

        AssertUnhealthy(health, "timeout");
        Assert.True(clock.Elapsed < OperationEndpoints.HealthProbeTimeout + TimeSpan.FromSeconds(5), $"health answered after {clock.Elapsed}");
    }

    /// <summary>
    /// A storage that hangs under a running server, found so by the health: the routes the dashboard
    /// cache does not serve (the snapshots list, an agency's files, revisions, the access list) answer
    /// their French 503 within the storage wait, where each waited for the storage client's retries
    /// (30 s in <c>mission serve</c>, 80 s in Azure) at every request of the outage.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task ReadRoutes_StorageHangsAfterTheHealthFoundIt_503WithinTheStorageWait(string host)
    {
        await using var hangable = await HangableHost.StartAsync(host);
        var api = hangable.Api;
        Assert.Equal(200, (await api.GetAsync("api/snapshots")).Status);

        hangable.Hang();
        AssertUnhealthy(await api.GetAsync("api/health"), "timeout");
        var admin = new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey };
        var timed = await Task.WhenAll(new (string Path, Dictionary<string, string>? Headers)[]
        {
            ("api/snapshots", null),
            ("api/ingestions/ofii", new Dictionary<string, string> { [ApiOptions.KeyHeader] = OfiiKey }),
            ("api/indicators/eloignements_forces/revisions", null),
            ("api/snapshots/2009-12-31/access", admin),
        }.Select(async request =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var answer = await api.GetAsync(request.Path, request.Headers);
            return (request.Path, Answer: answer, clock.Elapsed);
        }));

        Assert.All(timed, t =>
        {
            AssertFrenchProblem(t.Answer, 503);
            Assert.Contains("Le stockage ne répond pas pour le moment", t.Answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(ApiFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Answer.Header("Retry-After"));
            Assert.Null(t.Answer.Header(SnapshotCache.StaleHeader));
            Assert.True(t.Elapsed < SnapshotCache.StorageWait + TimeSpan.FromSeconds(4), $"{t.Path} answered after {t.Elapsed}");
        });
        AssertUnhealthy(await api.GetAsync("api/health"), "timeout"); // the storage known away: still its own probe and shape, never the gate's problem
    }

    /// <summary>A host over an emulator of its own behind relays that can hang (<see cref="Faults.HangingRelay"/>): a storage that accepts connections and never answers.</summary>
    private sealed class HangableHost : IAsyncDisposable
    {
        private Azurite _storage = null!;
        private Faults.HangingRelay _blobs = null!;
        private Faults.HangingRelay _tables = null!;

        public ApiHost Api { get; private set; } = null!;

        public static async Task<HangableHost> StartAsync(string host)
        {
            var hangable = new HangableHost { _storage = await Azurite.StartInMemoryAsync() };
            var storage = hangable._storage;
            await StorageLayout.Default.EnsureCreatedAsync(new Azure.Storage.Blobs.BlobServiceClient(storage.ConnectionString), new Azure.Data.Tables.TableServiceClient(storage.ConnectionString));
            hangable._blobs = new Faults.HangingRelay(storage.BlobPort);
            hangable._tables = new Faults.HangingRelay(storage.TablePort);
            hangable.Api = await ApiHost.StartAsync(host, Azurite.ConnectionStringFor(hangable._blobs.Port, storage.QueuePort, hangable._tables.Port), StorageLayout.Default, Keys);
            return hangable;
        }

        /// <summary>From now on the storage accepts connections and never answers.</summary>
        public void Hang()
        {
            _blobs.Hang();
            _tables.Hang();
        }

        public async ValueTask DisposeAsync()
        {
            await Api.DisposeAsync();
            await _blobs.DisposeAsync();
            await _tables.DisposeAsync();
            await _storage.DisposeAsync();
        }
    }

    /// <summary>
    /// The storage stops under a server that has served the dashboard: the dashboard goes on from the
    /// copy it kept, byte for byte, each answer saying since when the storage is away
    /// (<c>X-Mission-Stale</c>), a revalidation still 304; the health says 503, unavailable, with the
    /// same instant. Before, every dashboard answer was 503 once the copy was 30 seconds old.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Dashboard_StorageStoppedAfterARead_ServedFromTheKeptCopyMarkedStale(string host)
    {
        await using var storage = await Faults.OutageEmulator.StartAsync();
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, StorageLayout.Default, Keys);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-12-31", new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey })).Status);
        var served = await api.GetAsync("api/dashboard");
        Assert.Equal(200, served.Status);
        Assert.Null(served.Header(SnapshotCache.StaleHeader));
        Assert.Equal("2009-12-31", (await api.GetAsync("api/health")).Json.GetProperty("latestSnapshot").GetProperty("asOf").GetString());
        // Territory pages the snapshot has no file for (nothing at their level), rendered from its JSON.
        string[] pages = ["api/territoires/DEP-13", "api/dashboard/2009-12-31/territoires/DEP-13", "api/dashboard?format=html", .. host == ApiHost.Serve ? new[] { "territoires/DEP-13", "" } : []];
        var before = new List<byte[]>();
        foreach (var page in pages)
        {
            before.Add((await api.GetAsync(page)).Body);
        }

        await storage.StopAsync();
        await Task.Delay(SnapshotCache.Window);
        // The first answer past the window starts the read that finds the storage away.
        await Faults.Eventually.HoldsAsync(async () => (await api.GetAsync("api/dashboard")).Header(SnapshotCache.StaleHeader) is not null, "an answer marked stale");
        var stale = await api.GetAsync("api/dashboard");
        var revalidated = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["If-None-Match"] = served.Header("ETag")! });
        var health = await api.GetAsync("api/health");

        Assert.Equal(200, stale.Status);
        Assert.Equal(served.Body, stale.Body);
        var since = stale.Header(SnapshotCache.StaleHeader)!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", since);
        Assert.Equal(304, revalidated.Status);
        Assert.Equal(since, revalidated.Header(SnapshotCache.StaleHeader));
        AssertUnhealthy(health, Stopped);
        Assert.Equal(since, health.Json.GetProperty("staleSince").GetString());
        Assert.Equal("2009-12-31", health.Json.GetProperty("latestSnapshot").GetProperty("asOf").GetString()); // what the kept copies are

        // Those pages too, at once (they waited 5 s for the storage, then answered 503: red team, dashboard builder),
        // each saying on the page what the header says to programs, as a representation of its own that no cache keeps.
        for (var i = 0; i < pages.Length; i++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var page = await api.GetAsync(pages[i], new Dictionary<string, string> { ["Accept-Encoding"] = "gzip, br" });
            Assert.Equal((pages[i], 200), (pages[i], page.Status));
            Assert.True(started.Elapsed < SnapshotCache.StorageWait, $"{pages[i]} waited {started.Elapsed}");
            var notice = StaleNotice().Match(page.Text);
            Assert.True(notice.Success, $"{pages[i]}: no notice on the page");
            Assert.Contains("Le stockage du tableau de bord ne répond pas depuis le ", notice.Value, StringComparison.Ordinal);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(before[i]), page.Text.Remove(notice.Index, notice.Length)); // the kept page, the notice aside
            Assert.Equal(("no-store", null), (page.Header("Cache-Control"), page.Header("Content-Encoding")));
            Assert.NotEqual(Responses.ETagOf(before[i]), page.Header("ETag"));
            Assert.Empty(MissionPipeline.Tests.Text.FrenchTextRules.Violations(System.Net.WebUtility.HtmlDecode(notice.Value)));

            // A reload of the page read before the outage: its 304 kept the copy without the notice on screen.
            var reload = await api.GetAsync(pages[i], new Dictionary<string, string> { ["If-None-Match"] = Responses.ETagOf(before[i]) });
            Assert.Equal((pages[i], 200), (pages[i], reload.Status));
            Assert.True(StaleNotice().IsMatch(reload.Text), $"{pages[i]}: reloaded without its notice");
        }

        // Back: an answer read from storage never says stale, even before a kept file is read again; nor does a page.
        await storage.RestartAsync();
        var live = await api.GetAsync("api/snapshots");
        Assert.Equal(200, live.Status);
        Assert.Null(live.Header(SnapshotCache.StaleHeader));
        await Faults.Eventually.HoldsAsync(async () => !StaleNotice().IsMatch((await api.GetAsync(pages[0])).Text), "the page without its notice");
    }

    [GeneratedRegex("\n<p role=\"status\"[^>]*>[^<]*</p>")]
    private static partial Regex StaleNotice();

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task AnyRoute_StorageStoppedUnderARunningServer_503ProblemWithRetryAfter(string host)
    {
        await using var storage = await Azurite.StartInMemoryAsync();
        var layout = StorageLayout.Default;
        await layout.EnsureCreatedAsync(new Azure.Storage.Blobs.BlobServiceClient(storage.ConnectionString), new Azure.Data.Tables.TableServiceClient(storage.ConnectionString));
        await using var api = await ApiHost.StartAsync(host, storage.ConnectionString, layout, Keys);
        Assert.Equal(200, (await api.GetAsync("api/health")).Status);

        storage.Stop();
        var answers = new[]
        {
            await api.GetAsync("api/dashboard"),
            await api.GetAsync("api/dashboard/2009-12-31"),
            await api.GetAsync("api/ingestions/ofii", new Dictionary<string, string> { [ApiOptions.KeyHeader] = OfiiKey }),
        };
        var health = await api.GetAsync("api/health");

        Assert.All(answers, answer =>
        {
            AssertFrenchProblem(answer, 503);
            Assert.Equal(ApiFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("Retry-After"));
        });
        AssertUnhealthy(health, Stopped);
        Assert.False(health.Json.TryGetProperty("staleSince", out _), "nothing was kept: no dashboard is served stale");
    }

    /// <summary>
    /// What the health says of a stopped storage: the SDK retries a refused connection, and its retries
    /// may outlast the probe's 5 seconds (the Functions app's do), so either is the truth.
    /// </summary>
    private static readonly string[] Stopped = ["unreachable", "timeout"];

    /// <summary>The health's own 503: its shape with status unavailable, how the storage failed (one of <paramref name="storage"/>), a French detail, Retry-After, never cached.</summary>
    private static void AssertUnhealthy(ApiAnswer answer, params string[] storage)
    {
        Assert.True(answer.Status == 503, $"{answer.Status}: {answer.Text}");
        Assert.StartsWith("application/json", answer.ContentType ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("no-store", answer.Header("Cache-Control"));
        Assert.Equal(ApiFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("Retry-After"));
        var body = answer.Json;
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("storage").GetString(), storage);
        if (!body.TryGetProperty("staleSince", out _))
        {
            Assert.Equal(JsonValueKind.Null, body.GetProperty("latestSnapshot").ValueKind); // nothing served meanwhile, nothing to name
        }

        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("Le stockage ne répond pas pour le moment\u202F: réessayez", detail, StringComparison.Ordinal);
        Assert.Contains("moment\u202F: réessayez", answer.Text, StringComparison.Ordinal); // in the body's bytes, not \u202F
        Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Functions app whose committed observations outgrow <c>Recompute__MemoryLimitMb</c>: <c>POST
    /// /api/recompute</c> answers a French 503 that says why and what to do, without Retry-After
    /// (asking again will not help), and nothing is published. (<c>mission serve</c> reads the same
    /// setting from its environment: the CLI journey walks it.)
    /// </summary>
    [Fact]
    public async Task Recompute_ObservationsOverTheMemoryLimit_503InFrenchAndNothingPublished()
    {
        await using var storage = await Azurite.StartInMemoryAsync();
        var layout = StorageLayout.Default;
        var (blobs, tables) = (new Azure.Storage.Blobs.BlobServiceClient(storage.ConnectionString), new Azure.Data.Tables.TableServiceClient(storage.ConnectionString));
        await layout.EnsureCreatedAsync(blobs, tables);
        await CommittedSeed.WriteLargeAsync(blobs, tables, layout);
        await using var api = new FunctionsApiHost(storage.ConnectionString, layout, Keys, new RecomputeOptions(new DateOnly(2009, 12, 31)) { MemoryLimitBytes = 1024 * 1024 }, PublicationOptions.Default);

        var refused = await api.SendAsync(HttpMethod.Post, "api/recompute", new Dictionary<string, string> { [ApiOptions.KeyHeader] = AdminKey });
        var dashboard = await api.GetAsync("api/dashboard");

        AssertFrenchProblem(refused, 503);
        Assert.Null(refused.Header("Retry-After"));
        Assert.Contains("ne tient pas dans la mémoire permise", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Recompute__MemoryLimitMb", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, dashboard.Status);
    }

    /// <summary>
    /// A read conditioned on the copy the client holds (<c>If-Match</c>) is answered only while that
    /// copy is still what the address serves: a stale tag, or a weak one (If-Match compares strongly),
    /// is a French 412, not another version handed over without a word, as it was (red team,
    /// dashboard builder). <c>*</c>, a list naming it and any representation's tag hold.
    /// </summary>
    [Theory]
    [InlineData(ApiHost.Serve, "current", 200)]
    [InlineData(ApiHost.Functions, "current", 200)]
    [InlineData(ApiHost.Serve, "gzip", 200)]
    [InlineData(ApiHost.Functions, "*", 200)]
    [InlineData(ApiHost.Serve, "list", 200)]
    [InlineData(ApiHost.Serve, "stale", 412)]
    [InlineData(ApiHost.Functions, "stale", 412)]
    [InlineData(ApiHost.Serve, "weak", 412)]
    public async Task Dashboard_IfMatch_AnsweredOnlyWhileItNamesWhatIsServed(string host, string tag, int status)
    {
        await using var api = await OnDemoYearAsync(host);
        const string stale = "\"0123456789abcdef0123456789abcdef\"";
        var plain = await api.GetAsync("api/dashboard");
        var etag = plain.Header("ETag")!;
        var value = tag switch
        {
            "current" => etag,
            "gzip" => (await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["Accept-Encoding"] = "gzip" })).Header("ETag")!,
            "*" => "*",
            "list" => stale + ", " + etag,
            "stale" => stale,
            "weak" => "W/" + etag,
            _ => throw new ArgumentOutOfRangeException(nameof(tag)),
        };

        var answer = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["If-Match"] = value });

        Assert.Null(OpenApiContract.Check(HttpMethod.Get, "api/dashboard", answer));
        if (status == 412)
        {
            AssertFrenchProblem(answer, 412);
            Assert.Contains(etag, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal); // what to read instead
        }
        else
        {
            Assert.Equal(200, answer.Status);
            Assert.Equal(plain.Body, answer.Body);
        }

        Assert.True(tag != "gzip" || value != etag, "the gzip row names the compressed representation's own tag");
    }

    [Theory]
    [InlineData(ApiHost.Serve, "br", "br")]
    [InlineData(ApiHost.Serve, "gzip, deflate", "gzip")]
    [InlineData(ApiHost.Functions, "gzip;q=0.5, br;q=0.8", "br")]
    [InlineData(ApiHost.Functions, "gzip", "gzip")]
    [InlineData(ApiHost.Serve, "identity;q=0, br", "br")]
    public async Task Dashboard_AcceptEncoding_CompressedOnceAndDecompressesToThePublishedBytes(string host, string accept, string expected)
    {
        await using var api = await OnDemoYearAsync(host);

        var plain = await api.GetAsync("api/dashboard");
        var compressed = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["Accept-Encoding"] = accept });
        var again = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["Accept-Encoding"] = accept, ["If-None-Match"] = compressed.Header("ETag")! });
        var page = await api.GetAsync("api/dashboard?format=html", new Dictionary<string, string> { ["Accept-Encoding"] = accept });

        Assert.Null(plain.Header("Content-Encoding"));
        Assert.Equal(expected, compressed.Header("Content-Encoding"));
        Assert.Contains("Accept-Encoding", compressed.Header("Vary")!, StringComparison.Ordinal);
        Assert.NotEqual(plain.Header("ETag"), compressed.Header("ETag"));
        Assert.True(compressed.Body.Length * 4 < plain.Body.Length, $"{compressed.Body.Length} bytes compressed for {plain.Body.Length}");
        Assert.Equal(plain.Body, Decompress(compressed.Body, expected));
        Assert.Equal(304, again.Status);
        Assert.Equal(expected, page.Header("Content-Encoding"));
    }

    /// <summary>An <c>Accept-Encoding</c> that names no coding we have gets the bytes as they are (RFC 9110, 12.5.3), not a 406.</summary>
    [Theory]
    [InlineData(ApiHost.Serve, "identity;q=0")]
    [InlineData(ApiHost.Functions, "deflate, compress")]
    public async Task Dashboard_AcceptEncodingOfNothingWeHave_PlainBytes(string host, string accept)
    {
        await using var api = await OnDemoYearAsync(host);

        var plain = await api.GetAsync("api/dashboard");
        var answer = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["Accept-Encoding"] = accept });

        Assert.Equal((200, null, plain.Header("ETag")), (answer.Status, answer.Header("Content-Encoding"), answer.Header("ETag")));
        Assert.Equal(plain.Body, answer.Body);
    }

    [Theory]
    [InlineData(ApiHost.Serve, "text/csv", "text/csv")]
    [InlineData(ApiHost.Serve, "text/csv;q=0", "application/json")]
    [InlineData(ApiHost.Functions, "application/json;q=0.9, text/csv;q=0.5", "application/json")]
    [InlineData(ApiHost.Functions, "text/csv, application/json;q=0.5", "text/csv")]
    [InlineData(ApiHost.Serve, "application/json, text/csv", "application/json")] // a tie keeps the default (a generated client sends every type the description lists)
    [InlineData(ApiHost.Functions, "text/csv, */*", "text/csv")] // a tie between CSV named and JSON as anything: CSV
    [InlineData(ApiHost.Serve, "*/*, text/csv;q=0.5", "application/json")] // JSON takes */*'s quality
    [InlineData(ApiHost.Functions, "application/*, text/csv;q=0.1", "application/json")]
    [InlineData(ApiHost.Serve, "text/*;q=0.9, application/json;q=0.5", "application/json")] // CSV only when named: text/* may as well mean the page
    [InlineData(ApiHost.Functions, "image/png", "application/json")] // nothing we have: the default, not 406 (README, Errors)
    public async Task Dashboard_AcceptHeader_QualitiesHonoured(string host, string accept, string expected)
    {
        await using var api = await OnDemoYearAsync(host);

        var answer = await api.GetAsync("api/dashboard", new Dictionary<string, string> { ["Accept"] = accept });

        Assert.Equal(200, answer.Status);
        Assert.StartsWith(expected, answer.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_RedoclyRecommendedRules_NoErrorNoWarning()
    {
        var info = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", "mission", "--format", "stylish" })
        {
            info.ArgumentList.Add(arg);
        }

        using var redocly = System.Diagnostics.Process.Start(info)!;
        var output = redocly.StandardOutput.ReadToEndAsync();
        var error = redocly.StandardError.ReadToEndAsync();
        await redocly.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var text = await output + await error;

        Assert.True(redocly.ExitCode == 0, text);
        Assert.Contains("Your API description is valid", text, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", text.Replace("Deprecation warning", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// HEAD on every GET case of <see cref="Routes"/> (errors included), on the pages of
    /// <c>mission serve</c>, compressed and conditional: the GET's status and headers, no body.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Head_EveryGetCase_TheGetsStatusAndHeadersWithoutTheBody(string host)
    {
        await using var api = await OnDemoYearAsync(host);
        var etag = (await api.GetAsync("api/dashboard")).Header("ETag")!;
        var cases = Routes().Select(row => (Host: (string)row[0], Method: (string)row[1], Url: (string)row[2], Key: (string?)row[3]))
            .Where(c => c.Host == host && c.Method == "GET")
            .Select(c => (c.Url, Headers: c.Key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ApiOptions.KeyHeader] = c.Key }))
            .ToList();
        Assert.True(cases.Count > 30, $"{cases.Count} cases"); // every GET row of the table
        cases.Add(("api/dashboard", new() { ["Accept-Encoding"] = "gzip" }));
        cases.Add(("api/territories/DEP-13", new() { ["Accept-Encoding"] = "br" }));
        cases.Add(("api/dashboard", new() { ["If-None-Match"] = etag }));
        if (host == ApiHost.Serve)
        {
            cases.AddRange([("", new()), ("dashboard.html", new()), ("territoires/DEP-13.html", new())]);
        }

        foreach (var (url, headers) in cases)
        {
            var get = await api.SendAsync(HttpMethod.Get, url, headers);
            var head = await api.SendAsync(HttpMethod.Head, url, headers);

            Assert.True(get.Status == head.Status, $"HEAD {url} on {host}: {head.Status}, GET {get.Status}");
            Assert.Empty(head.Body);
            foreach (var name in new[] { "Content-Type", "ETag", "Cache-Control", "Content-Encoding", "Vary" })
            {
                Assert.True(get.Header(name) == head.Header(name), $"HEAD {url} on {host}: {name} {head.Header(name)}, GET {get.Header(name)}");
            }

            if (get.Header("ETag") is not null && get.Status == 200)
            {
                // Same bytes, so the same length: what a client learns without downloading them.
                Assert.Equal(get.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));
            }
        }
    }

    [Fact]
    public async Task Serve_WrongMethod_405Problem()
    {
        await using var api = await OnDemoYearAsync(ApiHost.Serve);

        var answer = await api.SendAsync(HttpMethod.Delete, "api/dashboard");

        AssertFrenchProblem(answer, 405);
    }

    /// <summary>
    /// A method is case-sensitive (RFC 9110): <c>get</c> answered the dashboard, as routing ignores
    /// case; it is now 501, as nginx answers. Sent raw: .NET's client writes known methods in capitals.
    /// </summary>
    [Theory]
    [InlineData("get", "/api/dashboard")]
    [InlineData("Post", "/api/recompute")]
    [InlineData("head", "/")]
    public async Task Serve_MethodNotInCapitals_501Problem(string method, string path)
    {
        var demo = await DemoYear.GetAsync(azurite);
        await using var serve = await TestServe.StartAsync(demo.ConnectionString, demo.Layout, keys: Keys);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, serve.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);

        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 501 ", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)]).RootElement;
        Assert.Equal(501, problem.GetProperty("status").GetInt32());
        Assert.StartsWith($"Méthode «\u202F{method}\u202F» inconnue", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A host of the given kind over the demo's year, with this class's keys.</summary>
    private async Task<ApiHost> OnDemoYearAsync(string host)
    {
        var demo = await DemoYear.GetAsync(azurite);
        return await ApiHost.StartAsync(host, demo.ConnectionString, demo.Layout, Keys);
    }

    private static byte[] Decompress(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decompressor = encoding == "br"
            ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }

    internal static void AssertFrenchProblem(ApiAnswer answer, int status)
    {
        Assert.True(answer.Status == status, $"{answer.Status}: {answer.Text}");
        Assert.StartsWith("application/problem+json", answer.ContentType ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options")); // a detail may echo the request's text
        Assert.Equal(("no-store", null), (answer.Header("Cache-Control"), answer.Header("ETag"))); // never kept, never revalidated (a 412 carried the refused content's tag)
        var problem = answer.Json;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Matches(@"«|[àâçéèêîôûù]|\b(aucune?|pour|inconnue?|invalide|clé|route|une?|des?|du|la|le|les|est|pas)\b", detail); // French, not the framework's English
        Assert.DoesNotMatch("[ \u00A0][:;!?»]|«[ \u00A0]", detail); // typeset: narrow no-break spaces only
        Assert.DoesNotContain("\\u202F", answer.Text, StringComparison.OrdinalIgnoreCase); // written as they are, readable with curl
        Assert.DoesNotContain("   at ", answer.Text, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
    }

    private static double Actual(ApiAnswer answer, string indicator) =>
        answer.Json.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == indicator).GetProperty("actual").GetDouble();
}
