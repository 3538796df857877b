using Azure.Storage.Blobs;
using Microsoft.ApplicationInsights;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary>
/// Ingests each file an agency drops in <c>uploads/{agency}/</c>, on Event Grid's BlobCreated. Each
/// run sends one <c>Ingestion</c> event to Application Insights (status, format, counts, duration;
/// <c>failed</c> when the job throws), which the alerts count instead of reading log text.
/// </summary>
public sealed class IngestUpload(IngestFile ingest, TelemetryClient telemetry, TimeProvider time, ILogger<IngestUpload> logger)
{
    [Function(nameof(IngestUpload))]
    public async Task Run(
        [BlobTrigger("uploads/{agency}/{name}", Source = BlobTriggerSource.EventGrid, Connection = DataStorage.Connection)] BlobClient blob,
        string agency,
        string name,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var report = await ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);
            Log.Ingested(logger, agency, name, report.IngestId, report.Status, report.Observations);
            PipelineEvents.Ingestion(telemetry, agency, report, time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PipelineEvents.IngestionFailed(telemetry, agency, name, ex, time.GetElapsedTime(started));
            throw;
        }
    }
}
