using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using MissionPipeline.Api;
using MissionPipeline.Cli.Serve;
using MissionPipeline.Indicators;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Api;

/// <summary>
/// <c>mission serve</c> for real: Kestrel on a free loopback port over the emulator, called over
/// HTTP as a dashboard, an agency and an administrator would.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly ApiOptions Keys = new(
        DashboardKey: null,
        AdminKey: "admin-secret-key",
        AgencyKeys: new Dictionary<string, string> { ["ofii"] = "ofii-secret-key", ["dcpaf"] = "dcpaf-secret-key" },
        AllowedOrigins: ["https://grafana.example.fr"]);

    private TestStorage _storage = null!;
    private TestServe _serve = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _storage = new TestStorage(azurite);
        _serve = await TestServe.StartAsync(_storage.ConnectionString, _storage.Layout, new ServeOptions(WatchInterval: TimeSpan.FromMilliseconds(200)), Keys);
        (_app, _http) = (_serve.App, _serve.Http);
    }

    public async Task DisposeAsync() => await _serve.DisposeAsync();

    [Fact]
    public void Routes_ServeAndFunctions_ExposeExactlyTheApiRoutes()
    {
        var served = ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText![5..]}"))
            .Order().ToArray();
        var functions = Functions.FunctionsMetadataTests.HttpRoutes().Order().ToArray();
        var contract = ApiRoutes.All.SelectMany(r => r.Methods.Select(m => $"{m} {r.Template}")).Order().ToArray();

        Assert.Equal(contract, served);
        Assert.Equal(contract, functions);
        Assert.Equal(18, ApiRoutes.All.Count);
        Assert.Equal(15 * 2 + 3, contract.Length); // 15 GET routes, each with its HEAD; 3 POST routes
    }

    [Fact]
    public async Task OpenApi_DescribesExactlyTheServedRoutes()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("api/openapi.json"));

        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name[1..]}")).Order();

        Assert.Equal("3.1.0", document.RootElement.GetProperty("openapi").GetString());
        Assert.Equal(ApiRoutes.All.Select(r => $"{r.Method} {r.Template}").Order(), described);
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Route: $"{o.Name.ToUpperInvariant()} {p.Name[1..]}", Id: o.Value.GetProperty("operationId").GetString())));
        Assert.All(operations, o => Assert.Equal(ApiRoutes.All.Single(r => $"{r.Method} {r.Template}" == o.Route).Name, o.Id));
        // The query parameters each route reads, which ApiGate lets through, are those it documents.
        var parameters = document.RootElement.GetProperty("components").GetProperty("parameters");
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (
                Route: $"{o.Name.ToUpperInvariant()} {p.Name[1..]}",
                Query: string.Join(',', (o.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray() : Enumerable.Empty<JsonElement>())
                    .Select(x => x.TryGetProperty("$ref", out var r) ? parameters.GetProperty(r.GetString()!.Split('/')[^1]) : x)
                    .Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()).Order()))))
            .OrderBy(o => o.Route, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ApiRoutes.All.Select(r => (Route: $"{r.Method} {r.Template}", Query: string.Join(',', r.Query.Order()))).OrderBy(o => o.Route, StringComparer.Ordinal),
            documented);
        Assert.Contains(documented, o => o.Query.Length > 0);
    }

    [Fact]
    public async Task Dashboard_NothingPublished_404ProblemInFrench()
    {
        using var response = await _http.GetAsync("api/dashboard");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Aucun tableau de bord publié", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A browser page on an allowed origin may send what the API reads (its key, a conditional read,
    /// the fingerprint an approval names) and read the ETag; a page on any other origin is told nothing.
    /// </summary>
    [Theory]
    [InlineData("https://grafana.example.fr", "POST", "api/snapshots/2009-12-31/approve", "x-api-key, if-match", true)]
    [InlineData("https://grafana.example.fr", "GET", "api/dashboard", "if-none-match, accept", true)]
    [InlineData("https://autre.example.fr", "GET", "api/dashboard", "if-none-match", false)]
    [InlineData("https://autre.example.fr", "POST", "api/snapshots/2009-12-31/approve", "x-api-key, if-match", false)]
    public async Task Preflight_AllowedOriginOnly_MaySendWhatTheApiReads(string origin, string method, string url, string headers, bool allowed)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", headers);

        using var response = await _http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(allowed ? origin : null, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var o) ? o.Single() : null);
        var granted = response.Headers.TryGetValues("Access-Control-Allow-Headers", out var h) ? string.Join(',', h).ToLowerInvariant() : "";
        Assert.Equal(allowed, headers.Split(", ").All(header => granted.Contains(header, StringComparison.Ordinal)));
        Assert.Equal(allowed ? "600" : null, response.Headers.TryGetValues("Access-Control-Max-Age", out var age) ? age.Single() : null);
    }

    [Fact]
    public async Task Dashboard_CalledFromAnAllowedOrigin_ItsScriptMayReadTheETag()
    {
        await PublishExampleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/dashboard");
        request.Headers.Add("Origin", "https://grafana.example.fr");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://grafana.example.fr", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(["Content-Disposition", "ETag", "Retry-After", SnapshotCache.StaleHeader], response.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(h => h.Split(',')).Select(h => h.Trim()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dashboard_Published_ETagThen304AndTheSameBytesAsTheSnapshot()
    {
        var published = await PublishExampleAsync();

        using var first = await _http.GetAsync("api/dashboard");
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "api/dashboard");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var second = await _http.SendAsync(conditional);
        using var dated = await _http.GetAsync("api/dashboard/2009-03-31");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(published.Json, await first.Content.ReadAsByteArrayAsync());
        Assert.Contains("max-age=", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dated.StatusCode);
        Assert.Equal(etag, dated.Headers.ETag);
    }

    [Theory]
    [InlineData("api/dashboard/2009-13-45", HttpStatusCode.BadRequest)]
    [InlineData("api/dashboard/31-12-2009", HttpStatusCode.BadRequest)]
    [InlineData("api/dashboard/2001-01-01", HttpStatusCode.NotFound)]
    [InlineData("api/dashboard?format=pdf", HttpStatusCode.BadRequest)]
    [InlineData("api/indicators/pas_un_indicateur", HttpStatusCode.NotFound)]
    [InlineData("api/ingestions/gendarmerie", HttpStatusCode.Unauthorized)] // the agencies' list is for a key of this deployment
    public async Task BadParameters_AreProblemsWithTheRightStatus(string url, HttpStatusCode expected)
    {
        await PublishExampleAsync();

        using var response = await _http.GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("api/dashboard?format=pdf", "Format « pdf » inconnu")]
    [InlineData("api/dashboard?format=json&dialect=fr", "Le dialecte « fr » ne s'applique qu'au format csv")]
    [InlineData("api/dashboard?dialect=fr", "Le dialecte « fr » ne s'applique qu'au format csv")]
    [InlineData("api/dashboard?format=csv&dialect=de", "Dialecte « de » inconnu")]
    [InlineData("api/dashboard?format=csv&dialect=fr&dialect=fr", "Le paramètre « dialect » est donné 2 fois")] // it said « Dialecte « fr,fr » inconnu : seul fr existe »
    [InlineData("api/dashboard?format=json&format=csv", "Le paramètre « format » est donné 2 fois")]
    [InlineData("api/dashboard?format=csv&dialect=&dialect=fr", "Le paramètre « dialect » est donné 2 fois")]
    [InlineData("api/dashboard?format=&format=csv", "Le paramètre « format » est donné 2 fois")]
    [InlineData("api/dashboard?format=csv&asOf=2009-12-31", "Cette route ne lit pas le paramètre « asOf » : elle lit « format » et « dialect » (voir /api/openapi.json). Retirez-le de l'adresse ; les chiffres d'un autre jour sont sous /api/dashboard/{date}")]
    [InlineData("api/indicators/eloignements?asOf=2009-12-31", "Cette route ne lit pas le paramètre « asOf » : elle n'en lit aucun")] // it answered the latest figures
    [InlineData("api/territories/DEP-48?format=csv", "Cette route ne lit pas le paramètre « format » : elle n'en lit aucun (voir /api/openapi.json). Retirez-le de l'adresse.")] // it answered JSON
    [InlineData("api/indicators/cai_bilans_competences/revisions?territory=DEP-75&territory=DEP-13", "Le paramètre « territory » est donné 2 fois")] // it answered Paris's
    [InlineData("api/indicators/cai_bilans_competences/revisions?TERRITORY=DEP-75&Territory=DEP-13", "Le paramètre « territory » est donné 2 fois")] // names are read without regard to case
    [InlineData("api/dashboard?=x", "L'adresse donne un paramètre sans nom (« ?=… »)")] // it said « ne lit pas le paramètre «  » »
    public async Task Route_QueryNotServed_DetailSaysWhatIsWrong(string url, string detail)
    {
        await PublishExampleAsync();

        using var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("detail").GetString()!.StartsWith(MissionPipeline.Text.FrenchTypography.Apply(detail), StringComparison.Ordinal), problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Indicator_Known_ReturnsItWithItsSeriesAndAsOf()
    {
        await PublishExampleAsync();

        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/indicators/cai_bilans_competences"));

        Assert.Equal("2009-03-31", json.RootElement.GetProperty("asOf").GetString());
        Assert.Equal(4870, json.RootElement.GetProperty("actual").GetDouble());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("series").ValueKind);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong", HttpStatusCode.Forbidden)]
    [InlineData("dcpaf-secret-key", HttpStatusCode.Forbidden)]
    [InlineData("ofii-secret-key", HttpStatusCode.OK)]
    [InlineData("admin-secret-key", HttpStatusCode.OK)]
    public async Task Ingestions_OnlyTheAgencysKeyOrAdmin(string? key, HttpStatusCode expected)
    {
        var report = await IngestAsync("ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));

        using var list = await SendAsync(HttpMethod.Get, "api/ingestions/ofii", key);
        using var one = await SendAsync(HttpMethod.Get, $"api/ingestions/ofii/{report.IngestId}", key);

        Assert.Equal(expected, list.StatusCode);
        Assert.Equal(expected, one.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.NotEmpty(list.Headers.WwwAuthenticate);
        }

        if (expected == HttpStatusCode.OK)
        {
            using var rows = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            Assert.Equal(report.IngestId, rows.RootElement.GetProperty("ingestions")[0].GetProperty("ingestId").GetString());
            using var body = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
            Assert.Equal("committed", body.RootElement.GetProperty("status").GetString());
            // The id in capitals, as a tool may write it, is the same file (it was 400, « not 32 hexadecimal characters »).
            using var upper = await SendAsync(HttpMethod.Get, $"api/ingestions/ofii/{report.IngestId.ToUpperInvariant()}", key);
            Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
            Assert.Equal(await one.Content.ReadAsByteArrayAsync(), await upper.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData(null, "", HttpStatusCode.Unauthorized)]
    [InlineData("ofii-secret-key", "", HttpStatusCode.Forbidden)]
    [InlineData("admin-secret-key", "?asOf=2009-02-30", HttpStatusCode.BadRequest)]
    [InlineData("admin-secret-key", "?asOf=2009-03-31", HttpStatusCode.OK)]
    public async Task Recompute_AdminOnly(string? key, string query, HttpStatusCode expected)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/recompute" + query, key);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(new DateOnly(2009, 3, 31), await new Snapshots(_storage.Blobs, _storage.Layout).LatestAsOfAsync());
        }
    }

    [Fact]
    public async Task Recompute_AfterTheDashboardWasServed_NewSnapshotServedAtOnce()
    {
        var published = await PublishExampleAsync();
        using var before = await _http.GetAsync("api/dashboard"); // now in the host's memory
        await IngestAsync("rectificatif.csv", Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;4900
            """));

        using var recompute = await SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-03-31&republish=true", "admin-secret-key");
        using var after = await _http.GetAsync("api/dashboard");

        Assert.Equal(HttpStatusCode.OK, recompute.StatusCode);
        Assert.Equal(published.Json, await before.Content.ReadAsByteArrayAsync());
        var republished = await new Snapshots(_storage.Blobs, _storage.Layout).GetAsync(null, "dashboard.json");
        Assert.NotEqual(published.Json, republished!.Content.ToArray());
        Assert.Equal(republished.Content.ToArray(), await after.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("api/territories/DEP-75")]
    [InlineData("territoires/DEP-2A")] // the snapshot's own page, or, where it has none, rendered from dashboard.json
    [InlineData("api/completeness")]
    [InlineData("api/indicators/cai_bilans_competences")]
    public async Task ViewOfTheLatest_AfterANewPublication_CutFromTheNewSnapshot(string route)
    {
        // Views are kept per published file: the second read of the same snapshot is the first's
        // bytes, and the new snapshot's view is cut from the new file, not served from the old one.
        await PublishExampleAsync();
        var first = await _http.GetStringAsync(route);
        var again = await _http.GetStringAsync(route);

        using var recompute = await SendAsync(HttpMethod.Post, "api/recompute?asOf=2009-04-30", "admin-secret-key");
        var after = await _http.GetStringAsync(route);

        Assert.Equal(HttpStatusCode.OK, recompute.StatusCode);
        Assert.Equal(first, again);
        Assert.Contains("2009-03-31", first, StringComparison.Ordinal);
        Assert.DoesNotContain("2009-04-30", first, StringComparison.Ordinal);
        Assert.Contains("2009-04-30", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_SaysStorageReachableAndTheLatestSnapshot()
    {
        await PublishExampleAsync();

        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/health"));

        Assert.Equal("reachable", json.RootElement.GetProperty("storage").GetString());
        Assert.Equal("2009-03-31", json.RootElement.GetProperty("latestSnapshot").GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Cors_AllowedOriginGetsTheHeaderOthersDoNot()
    {
        await PublishExampleAsync();

        using var allowed = await SendAsync(HttpMethod.Get, "api/dashboard", null, "https://grafana.example.fr");
        using var other = await SendAsync(HttpMethod.Get, "api/dashboard", null, "https://evil.example.com");

        Assert.Equal("https://grafana.example.fr", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://grafana.example.fr")]
    [InlineData("https://evil.example.com")]
    public async Task Cors_AnyRequest_VaryNamesOriginBesideTheNegotiatedHeaders(string? origin)
    {
        // One allowed origin: ASP.NET Core's CORS adds no Vary: Origin of its own, and a request without
        // Origin never meets it. A shared cache must still not hand a copy stored for one to another.
        await PublishExampleAsync();

        using var response = await SendAsync(HttpMethod.Get, "api/dashboard", null, origin);

        var vary = response.Headers.Vary.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Superset(new HashSet<string>(["Accept", "Accept-Encoding", "Origin", "X-Api-Key"], StringComparer.OrdinalIgnoreCase), vary);
    }

    [Fact]
    public async Task Watcher_FileDroppedInUploads_IsIngestedWithoutAnyCommand()
    {
        await _storage.UploadAsync("ofii", "depose.csv", Files.Example("ofii-2009-03.csv"));

        var rows = await WaitForAsync(async () => await _storage.Committed().IngestionsOfAsync(new("ofii")), r => r.Count > 0 && r[0].Status != IngestionRow.Received, TimeSpan.FromSeconds(30));

        Assert.Equal(IngestionRow.Committed, Assert.Single(rows).Status);
    }

    private async Task<RecomputeResult> PublishExampleAsync()
    {
        await IngestAsync("ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        return await _storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
    }

    /// <summary>
    /// Drops a file of OFII's and ingests it, then waits until it is committed: the server's own watcher
    /// sees the upload too, and when it claims the file first, this ingestion says duplicate while the
    /// watcher's is still under way. The committed row's ingestion, whoever ran it, is returned.
    /// </summary>
    private async Task<IngestionSummary> IngestAsync(string name, byte[] content)
    {
        await _storage.Ingest().RunAsync(await _storage.UploadAsync("ofii", name, content));
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await _storage.Committed().IngestionsAsync()).FirstOrDefault(i => i.FileName == name && i.Status == IngestionStatus.Committed) is { } committed)
            {
                return committed;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"{name} was never committed");
            await Task.Delay(100);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key, string? origin = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Add(ApiOptions.KeyHeader, key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return _http.SendAsync(request);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

}
