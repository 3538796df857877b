using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WindowsServer.TelemetryChannel;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Functions;

namespace MissionPipeline.IntegrationTests.Functions;

public sealed class PipelineEventsTests
{
    /// <summary>
    /// The worker's telemetry as the app registers it: traces and dependencies are sampled, the
    /// « Ingestion » and « Recompute » events never are: the alerts count them, and the SDK's default
    /// adaptive sampling would drop some in a month-end burst (red team, operator).
    /// </summary>
    [Fact]
    public async Task AddPipelineTelemetry_Sampling_NeverEventsNorExceptions()
    {
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddPipelineTelemetry();
        await using var provider = services.BuildServiceProvider();

        var configuration = provider.GetRequiredService<TelemetryConfiguration>();
        var samplers = configuration.DefaultTelemetrySink.TelemetryProcessors.OfType<AdaptiveSamplingTelemetryProcessor>().ToArray();

        var sampler = Assert.Single(samplers);
        Assert.Equal(["Event", "Exception"], sampler.ExcludedTypes.Split(';').Order());
    }
}
