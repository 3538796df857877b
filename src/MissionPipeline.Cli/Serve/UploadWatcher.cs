using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli.Serve;

/// <summary>
/// Locally, what Event Grid and the blob trigger do in Azure: looks at <c>uploads/</c> every few
/// seconds and runs the ingest job on each blob it has not seen in this version (name + ETag). The
/// job is idempotent, so a blob seen again after a restart only answers "duplicate".
/// </summary>
internal sealed class UploadWatcher(BlobServiceClient blobs, StorageLayout layout, IngestFile ingest, ServeOptions options, ILogger<UploadWatcher> logger) : BackgroundService
{
    private readonly HashSet<(string Name, string ETag)> _seen = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var uploads = blobs.GetBlobContainerClient(layout.Uploads);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var item in uploads.GetBlobsAsync(cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    var key = (item.Name, item.Properties.ETag?.ToString() ?? string.Empty);
                    if (_seen.Contains(key))
                    {
                        continue;
                    }

                    var report = await ingest.RunAsync(uploads.GetBlobClient(item.Name), stoppingToken).ConfigureAwait(false);
                    _seen.Add(key);
                    Log.Watched(logger, item.Name, report.Status, report.Observations, report.Errors.Count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The storage may be briefly away; the next pass retries (a failed file is not marked seen).
                Log.WatchFailed(logger, ex);
            }

            await Task.Delay(options.Interval, stoppingToken).ConfigureAwait(false);
        }
    }
}
