using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace MissionPipeline.IntegrationTests.Api;

/// <summary>
/// <c>mission serve</c>'s pipeline (<c>ApiMapping</c>), built as the command builds it. The path of a
/// polled dashboard (the route table's handlers, the gate, the answers of a cached body) opens no
/// service scope: a middleware placed before the endpoints takes the request's services away, and an
/// answer that needed them (as the framework's own results do, to log) fails with 500 instead. And
/// the handlers get their route values as the router decodes them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiMappingTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(null, false, HttpStatusCode.OK, true)]
    [InlineData("gzip", false, HttpStatusCode.OK, true)]
    [InlineData(null, true, HttpStatusCode.NotModified, false)]
    [InlineData("gzip", true, HttpStatusCode.NotModified, false)]
    public async Task MapMissionApi_PolledDashboard_AnsweredWithoutRequestServices(string? acceptEncoding, bool conditional, HttpStatusCode expected, bool body)
    {
        await using var serve = await StartAsync(withRequestServices: false);
        using var first = await serve.Http.GetAsync("api/dashboard");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/dashboard");
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        if (conditional)
        {
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        }

        using var answer = await serve.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(expected, answer.StatusCode);
        Assert.Equal(body ? acceptEncoding : null, answer.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Equal(body, (await answer.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Theory]
    [InlineData("api/territories/DEP%2D13", HttpStatusCode.OK, "territory", "DEP-13")]
    [InlineData("api/indicators/%C3%A9l", HttpStatusCode.NotFound, "detail", "Indicateur «\u202Fél\u202F» inconnu")]
    [InlineData("api/indicators/eloignements%20", HttpStatusCode.NotFound, "detail", "Indicateur «\u202Feloignements\u2423\u202F» inconnu")] // the stray space shown, not folded into the quotes
    [InlineData("api/territories/DEP%2F13", HttpStatusCode.BadRequest, "detail", "Territoire «\u202FDEP%2F13\u202F» invalide")]
    [InlineData("api/territories/DEP-976", HttpStatusCode.NotFound, "detail", "REG-11)\u202F: Mayotte (976) n'est un département que depuis 2011.")] // Mayotte's rule, not Corsica's too
    [InlineData("api/territories/DEP-075", HttpStatusCode.NotFound, "detail", "REG-11)\u202F: écrivez DEP-75 (Paris), sans zéro devant le numéro.")]
    [InlineData("api/territories/REG-84", HttpStatusCode.NotFound, "detail", "Auvergne-Rhône-Alpes est une région de 2016\u202F; en 2009\u202F: Auvergne (REG-83) et Rhône-Alpes (REG-82).")]
    [InlineData("api/dashboard/2009-03-31", HttpStatusCode.OK, "asOf", "2009-03-31")]
    [InlineData("api/dashboard/2009%2D03%2D31", HttpStatusCode.OK, "asOf", "2009-03-31")]
    [InlineData("api/ingestions/of%69i", HttpStatusCode.Unauthorized, "detail", "Cette route demande une clé")]
    public async Task MapMissionApi_RouteValues_ReachTheEndpointAsTheRouterDecodesThem(string url, HttpStatusCode expected, string property, string excerpt)
    {
        // The handlers read their values from the router (HttpRequest.RouteValues): percent-escapes
        // decoded, except %2F, which the server keeps so that a value never splits a path; the
        // agency of a route reaches the key check decoded as well.
        await using var serve = await StartAsync(withRequestServices: true);

        using var answer = await serve.Http.GetAsync(url);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());

        Assert.Equal(expected, answer.StatusCode);
        Assert.Contains(excerpt, body.RootElement.GetProperty(property).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapMissionApi_WithoutRequestServices_AProblemAnswerFails()
    {
        // The control of the test above: a problem is written by the framework's own result, which
        // resolves its logger from the request's services; without them, it cannot be answered.
        await using var serve = await StartAsync(withRequestServices: false);

        using var answer = await serve.Http.GetAsync("api/dashboard/2009-13-45");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
    }

    private async Task<TestServe> StartAsync(bool withRequestServices)
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
        var serve = await TestServe.BuildAsync(storage.ConnectionString, storage.Layout);
        if (!withRequestServices)
        {
            serve.App.Use((context, next) =>
            {
                context.RequestServices = null!;
                return next(context);
            });
        }

        await serve.StartAsync();
        return serve;
    }
}
