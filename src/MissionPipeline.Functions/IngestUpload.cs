using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary>Ingests each file an agency drops in <c>uploads/{agency}/</c>, on Event Grid's BlobCreated.</summary>
public sealed class IngestUpload(IngestFile ingest, ILogger<IngestUpload> logger)
{
    [Function(nameof(IngestUpload))]
    public async Task Run(
        [BlobTrigger("uploads/{agency}/{name}", Source = BlobTriggerSource.EventGrid, Connection = DataStorage.Connection)] BlobClient blob,
        string agency,
        string name,
        CancellationToken cancellationToken)
    {
        var report = await ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);
        Log.Ingested(logger, agency, name, report.IngestId, report.Status, report.Observations);
    }
}
