using System.Net;
using Microsoft.AspNetCore.Builder;

namespace MissionPipeline.IntegrationTests.Api;

/// <summary>
/// The path of a polled dashboard through <c>mission serve</c>'s pipeline (<c>ApiMapping</c>): the
/// route table's handlers, the gate and the answers of a cached body open no service scope. The
/// server is built as <c>mission serve</c> builds it, then a middleware placed before the endpoints
/// takes the request's services away: an answer that needed them (as the framework's own results
/// do, to log) fails with 500 instead.
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
        await using var serve = await StartWithoutRequestServicesAsync();
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

    [Fact]
    public async Task MapMissionApi_WithoutRequestServices_AProblemAnswerFails()
    {
        // The control of the test above: a problem is written by the framework's own result, which
        // resolves its logger from the request's services; without them, it cannot be answered.
        await using var serve = await StartWithoutRequestServicesAsync();

        using var answer = await serve.Http.GetAsync("api/dashboard/2009-13-45");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
    }

    private async Task<TestServe> StartWithoutRequestServicesAsync()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
        var serve = await TestServe.BuildAsync(storage.ConnectionString, storage.Layout);
        serve.App.Use((context, next) =>
        {
            context.RequestServices = null!;
            return next(context);
        });
        await serve.StartAsync();
        return serve;
    }
}
