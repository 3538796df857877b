using System.Net;
using Microsoft.AspNetCore.Builder;
using MissionPipeline.Api;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.IntegrationTests.Security;

/// <summary>
/// An agency's key opens its own reports only, and a key is read from the <c>X-Api-Key</c> header
/// only: one put in the query string (where proxies and access logs keep it) is ignored. Formula
/// neutralisation of the CSV export is covered by <c>DashboardCsvTests</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly ApiOptions Keys = new(
        DashboardKey: null,
        AdminKey: "admin-secret-key",
        AgencyKeys: new Dictionary<string, string> { ["ofii"] = "ofii-secret-key", ["dcpaf"] = "dcpaf-secret-key" },
        AllowedOrigins: []);

    private TestStorage _storage = null!;
    private TestServe _serve = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _storage = new TestStorage(azurite);
        _serve = await TestServe.StartAsync(_storage.ConnectionString, _storage.Layout, new ServeOptions(WatchInterval: TimeSpan.FromMinutes(10)), Keys);
        (_app, _http) = (_serve.App, _serve.Http);
    }

    public async Task DisposeAsync() => await _serve.DisposeAsync();

    [Theory]
    [InlineData("ofii", "ofii-2009-03.csv", "dcpaf-secret-key")]
    [InlineData("dcpaf", "dcpaf-2009-03.xlsx", "ofii-secret-key")]
    public async Task Reports_AnotherAgencysKey_ForbiddenForTheListAndEachReport(string agency, string file, string otherKey)
    {
        var report = await _storage.Ingest().RunAsync(await _storage.UploadAsync(agency, file, Files.Example(file)));

        using var list = await GetAsync($"api/ingestions/{agency}", otherKey);
        using var one = await GetAsync($"api/ingestions/{agency}/{report.IngestId}", otherKey);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        Assert.DoesNotContain(report.IngestId, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(report.IngestId, await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A file dropped outside any agency's folder (« OFII/ », in capitals) is rejected with a report that
    /// says where to put it, filed under unknown-agency: the admin reads it there (nobody could: red team,
    /// hostile agency), no agency's key does, since its name and report may be another agency's.
    /// </summary>
    [Theory]
    [InlineData("admin-secret-key", HttpStatusCode.OK)]
    [InlineData("ofii-secret-key", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Reports_FileOutsideTheAgenciesFolders_TheAdminsOnly(string? key, HttpStatusCode expected)
    {
        var blob = _storage.Blobs.GetBlobContainerClient(_storage.Layout.Uploads).GetBlobClient("OFII/mars.csv");
        await blob.UploadAsync(BinaryData.FromBytes(Files.Example("ofii-2009-03.csv")), overwrite: true);
        var report = await _storage.Ingest().RunAsync(blob);

        using var list = await GetAsync("api/ingestions/unknown-agency", key);
        using var one = await GetAsync($"api/ingestions/unknown-agency/{report.IngestId}", key);

        Assert.Equal((expected, expected), (list.StatusCode, one.StatusCode));
        Assert.Equal(expected == HttpStatusCode.OK, (await list.Content.ReadAsStringAsync()).Contains(report.IngestId, StringComparison.Ordinal));
        Assert.Equal(expected == HttpStatusCode.OK, (await one.Content.ReadAsStringAsync()).Contains("déposez le fichier dans uploads/ofii/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?X-Api-Key=ofii-secret-key")]
    [InlineData("?x-api-key=admin-secret-key")]
    [InlineData("?key=ofii-secret-key")]
    [InlineData("?code=admin-secret-key")]
    [InlineData("?apiKey=admin-secret-key")]
    [InlineData("?api_key=ofii-secret-key")]
    public async Task Reports_KeyInTheQueryString_IgnoredAnd401(string query)
    {
        var report = await _storage.Ingest().RunAsync(await _storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));

        using var list = await GetAsync("api/ingestions/ofii" + query, key: null);
        using var one = await GetAsync($"api/ingestions/ofii/{report.IngestId}{query}", key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, one.StatusCode);
    }

    private Task<HttpResponseMessage> GetAsync(string url, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Add(ApiOptions.KeyHeader, key);
        }

        return _http.SendAsync(request);
    }

}
