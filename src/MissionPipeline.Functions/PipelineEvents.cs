using System.Globalization;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Indicators;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary>
/// The custom events the app sends to Application Insights, one per ingestion and per recompute:
/// what the alerts and workbooks count (<c>customEvents | where name == "Ingestion"</c>). Names and
/// dimensions are a contract with infra/modules/alerts.bicep. No personal data, no key: an agency
/// id, a file name as uploaded, ingest ids, counts.
/// </summary>
public static class PipelineEvents
{
    /// <summary>
    /// Application Insights from the worker, for these events and the worker's logs. The SDK's
    /// adaptive sampling would drop « Ingestion » events in a month-end burst, and the alerts count
    /// them (five failures of one file: infra/modules/alerts.bicep): sampling is kept for traces and
    /// dependencies, never for events and exceptions, as Microsoft's sampling guide does it.
    /// </summary>
    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService(o => o.EnableAdaptiveSampling = false).ConfigureFunctionsApplicationInsights();
        return services.Configure<TelemetryConfiguration>(c =>
            c.DefaultTelemetrySink.TelemetryProcessorChainBuilder.UseAdaptiveSampling(maxTelemetryItemsPerSecond: 5, excludedTypes: "Event;Exception").Build());
    }

    public const string IngestionEvent = "Ingestion";
    public const string RecomputeEvent = "Recompute";

    /// <summary>An ingestion that finished: committed, rejected or duplicate.</summary>
    public static void Ingestion(TelemetryClient telemetry, string agency, IngestionReport report, TimeSpan duration) =>
        telemetry.TrackEvent(
            IngestionEvent,
            new Dictionary<string, string>
            {
                ["agency"] = agency,
                ["file"] = report.File,
                ["ingestId"] = report.IngestId,
                ["status"] = report.Status.ToString().ToLowerInvariant(),
                ["format"] = report.Format.ToString(),
            },
            new Dictionary<string, double>
            {
                ["durationMs"] = duration.TotalMilliseconds,
                ["rows"] = report.Rows,
                ["observations"] = report.Observations,
                ["errors"] = report.Errors.Count,
                ["warnings"] = report.Warnings.Count,
            });

    /// <summary>An ingestion that threw (storage away, timeout): the host retries, then poisons the blob.</summary>
    public static void IngestionFailed(TelemetryClient telemetry, string agency, string file, Exception exception, TimeSpan duration) =>
        telemetry.TrackEvent(
            IngestionEvent,
            new Dictionary<string, string>
            {
                ["agency"] = agency,
                ["file"] = file,
                ["status"] = "failed",
                ["failure"] = exception.GetType().Name,
            },
            new Dictionary<string, double> { ["durationMs"] = duration.TotalMilliseconds });

    /// <summary>A recompute that published (or found unchanged, or kept) its snapshot.</summary>
    public static void Recompute(TelemetryClient telemetry, RecomputeResult result, TimeSpan duration)
    {
        var metrics = new Dictionary<string, double>
        {
            ["durationMs"] = duration.TotalMilliseconds,
            ["indicators"] = result.Dashboard.Indicators.Count,
        };
        foreach (var status in Enum.GetValues<IndicatorStatus>())
        {
            metrics[status.Code()] = result.Dashboard.Indicators.Count(i => i.Status == status);
        }

        telemetry.TrackEvent(
            RecomputeEvent,
            new Dictionary<string, string>
            {
                ["asOf"] = result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["outcome"] = result.Outcome.ToString().ToLowerInvariant(),
            },
            metrics);
    }
}
