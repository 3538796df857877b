using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Moq;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Catalogue;
using MissionPipeline.Functions;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Functions;

/// <summary>The triggers called as the host would call them, over real jobs and the emulator.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task IngestUpload_Run_IngestsTheBlobLogsAndSendsOneIngestionEvent()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        var logger = new Mock<ILogger<IngestUpload>>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var telemetry = new CapturedTelemetry();

        await new IngestUpload(storage.Ingest(), telemetry.Client, storage.Time, logger.Object).Run(blob, "ofii", "ofii-2009-03.csv", CancellationToken.None);

        var row = Assert.Single(await storage.Committed().IngestionsOfAsync(new("ofii")));
        Assert.Equal(IngestionRow.Committed, row.Status);
        logger.Verify(l => l.Log(LogLevel.Information, It.IsAny<EventId>(), It.Is<It.IsAnyType>((v, _) => $"{v}".Contains("ofii-2009-03.csv") && $"{v}".Contains("Committed")), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Once);
        var sent = Assert.Single(telemetry.Events);
        Assert.Equal(PipelineEvents.IngestionEvent, sent.Name);
        Assert.Equal(("ofii", "committed", "F0", row.RowKey), (sent.Properties["agency"], sent.Properties["status"], sent.Properties["format"], sent.Properties["ingestId"]));
        Assert.Equal(row.Observations, sent.Metrics["observations"]);
        Assert.True(sent.Metrics["durationMs"] >= 0);
    }

    [Fact]
    public async Task IngestUpload_StorageFailsDuringTheJob_SendsAFailedEventAndThrowsForTheHostToRetry()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        var telemetry = new CapturedTelemetry();
        var broken = new Azure.Data.Tables.TableServiceClient(global::MissionPipeline.Cli.LocalStorage.Azurite.ConnectionStringFor(1, 1, 1), new Azure.Data.Tables.TableClientOptions { Retry = { MaxRetries = 0 } });
        var ingest = new IngestFile(storage.Blobs, broken, storage.Layout, IndicatorCatalogue.Default, Readers.ReaderLimits.Default, storage.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<IngestFile>.Instance);

        await Assert.ThrowsAnyAsync<Exception>(() => new IngestUpload(ingest, telemetry.Client, storage.Time, new Mock<ILogger<IngestUpload>>().Object).Run(blob, "ofii", "ofii-2009-03.csv", CancellationToken.None));

        var sent = Assert.Single(telemetry.Events);
        Assert.Equal(("ofii", "ofii-2009-03.csv", "failed"), (sent.Properties["agency"], sent.Properties["file"], sent.Properties["status"]));
    }

    [Fact]
    public async Task RecomputeNightly_Run_PublishesTheSnapshotOfTheDayThatEnded()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var logger = new Mock<ILogger<RecomputeNightly>>();

        var telemetry = new CapturedTelemetry();

        await new RecomputeNightly(storage.Recompute(), telemetry.Client, storage.Time, logger.Object).Run(new TimerInfo(), CancellationToken.None);

        // Run at 02:30 on D, it publishes D − 1: a snapshot as of D is the end of day D, which has not come.
        var ended = DateOnly.FromDateTime(storage.Time.GetUtcNow().UtcDateTime).AddDays(-1);
        var sent = Assert.Single(telemetry.Events);
        Assert.Equal(PipelineEvents.RecomputeEvent, sent.Name);
        Assert.Equal(ended.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), sent.Properties["asOf"]);
        Assert.Equal(IndicatorCatalogue.Default.Indicators.Count, sent.Metrics["indicators"]);
        Assert.Equal(sent.Metrics["indicators"], sent.Metrics.Where(m => m.Key is not ("indicators" or "durationMs")).Sum(m => m.Value));
        Assert.NotNull(await new Snapshots(storage.Blobs, storage.Layout).GetAsync(ended, "dashboard.json"));
        Assert.Equal(ended, await new Snapshots(storage.Blobs, storage.Layout).LatestAsOfAsync());
    }

    [Fact]
    public async Task HttpApi_GetDashboard_ReturnsTheLatestWithETagThen304()
    {
        var storage = new TestStorage(azurite);
        await storage.Ingest().RunAsync(await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv")));
        var published = await storage.Recompute().RunAsync(new DateOnly(2009, 3, 31));
        var api = Api(storage);

        var (request, context) = Request();
        await Execute(await api.GetDashboard(request, CancellationToken.None), context);
        var etag = context.Response.Headers.ETag.ToString();
        var (again, againContext) = Request(etag);
        await Execute(await api.GetDashboard(again, CancellationToken.None), againContext);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(published.Json, ((MemoryStream)context.Response.Body).ToArray());
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("max-age", context.Response.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Equal(304, againContext.Response.StatusCode);
    }

    [Fact]
    public async Task HttpApi_GetDashboard_NothingPublished_404Problem()
    {
        var storage = new TestStorage(azurite);
        var (request, context) = Request();

        await Execute(await Api(storage).GetDashboard(request, CancellationToken.None), context);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("publié", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), StringComparison.Ordinal);
    }

    private static HttpApi Api(TestStorage storage) => ActivatorUtilities.CreateInstance<HttpApi>(storage.Jobs());

    private static Task Execute(IActionResult result, HttpContext context) =>
        result.ExecuteResultAsync(new ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));

    private static (HttpRequest Request, HttpContext Context) Request(string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        context.Request.Method = "GET";
        context.Request.Path = "/api/dashboard";
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return (context.Request, context);
    }
}

/// <summary>A real <see cref="Microsoft.ApplicationInsights.TelemetryClient"/> whose channel keeps what it is sent, instead of sending it.</summary>
internal sealed class CapturedTelemetry
{
    private readonly Channel _channel = new();

    public CapturedTelemetry()
    {
        var configuration = new Microsoft.ApplicationInsights.Extensibility.TelemetryConfiguration
        {
            TelemetryChannel = _channel,
            ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000",
        };
        Client = new Microsoft.ApplicationInsights.TelemetryClient(configuration);
    }

    public Microsoft.ApplicationInsights.TelemetryClient Client { get; }

    public IReadOnlyList<Microsoft.ApplicationInsights.DataContracts.EventTelemetry> Events =>
        _channel.Sent.OfType<Microsoft.ApplicationInsights.DataContracts.EventTelemetry>().ToArray();

    private sealed class Channel : Microsoft.ApplicationInsights.Channel.ITelemetryChannel
    {
        public List<Microsoft.ApplicationInsights.Channel.ITelemetry> Sent { get; } = [];

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = string.Empty;

        public void Send(Microsoft.ApplicationInsights.Channel.ITelemetry item) => Sent.Add(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
