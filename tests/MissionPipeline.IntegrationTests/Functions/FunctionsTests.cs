using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Moq;
using MissionPipeline.Functions;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Functions;

/// <summary>The triggers called as the host would call them, over real jobs and the emulator.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task IngestUpload_Run_IngestsTheBlobAndLogsTheOutcome()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        var logger = new Mock<ILogger<IngestUpload>>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);

        await new IngestUpload(storage.Ingest(), logger.Object).Run(blob, "ofii", "ofii-2009-03.csv", CancellationToken.None);

        var row = Assert.Single(await storage.Committed().IngestionsOfAsync(new("ofii")));
        Assert.Equal(IngestionRow.Committed, row.Status);
        logger.Verify(l => l.Log(LogLevel.Information, It.IsAny<EventId>(), It.Is<It.IsAnyType>((v, _) => $"{v}".Contains("ofii-2009-03.csv") && $"{v}".Contains("Committed")), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Once);
    }

    [Fact]
    public async Task RecomputeNightly_Run_PublishesTodaysSnapshot()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var logger = new Mock<ILogger<RecomputeNightly>>();

        await new RecomputeNightly(storage.Recompute(), logger.Object).Run(new TimerInfo(), CancellationToken.None);

        var today = DateOnly.FromDateTime(storage.Time.GetUtcNow().UtcDateTime);
        Assert.NotNull(await new Snapshots(storage.Blobs, storage.Layout).GetAsync(today, "dashboard.json"));
        Assert.Equal(today, await new Snapshots(storage.Blobs, storage.Layout).LatestAsOfAsync());
    }

    [Fact]
    public async Task GetDashboard_Get_ReturnsTheLatestWithETagThen304()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var published = await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
        var api = new DashboardApi(new Snapshots(storage.Blobs, storage.Layout));

        var (request, context) = Request();
        var ok = Assert.IsType<FileContentResult>(await api.Get(request, CancellationToken.None));
        var etag = context.Response.Headers.ETag.ToString();
        var second = await api.Get(Request(etag).Request, CancellationToken.None);

        Assert.Equal(published.Json, ok.FileContents);
        Assert.StartsWith("application/json", ok.ContentType, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Contains("max-age", context.Response.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status304NotModified, Assert.IsType<StatusCodeResult>(second).StatusCode);
    }

    [Fact]
    public async Task GetDashboard_NothingPublished_Returns404Problem()
    {
        var storage = new TestStorage(azurite);

        var result = await new DashboardApi(new Snapshots(storage.Blobs, storage.Layout)).Get(Request().Request, CancellationToken.None);

        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(404, problem.StatusCode);
        Assert.Contains("application/problem+json", problem.ContentTypes);
        Assert.Contains("publié", Assert.IsType<ProblemDetails>(problem.Value).Detail, StringComparison.Ordinal);
    }

    private static (HttpRequest Request, HttpContext Context) Request(string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/dashboard";
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return (context.Request, context);
    }
}
