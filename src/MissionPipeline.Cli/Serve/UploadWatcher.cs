using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli.Serve;

/// <summary>
/// Locally, what Event Grid and the blob trigger do in Azure: looks at <c>uploads/</c> every few
/// seconds and runs the ingest job on each blob it has not seen in this version (name + ETag). The
/// job is idempotent, so a blob seen again after a restart only answers "duplicate". A blob whose
/// ingest fails does not stop the pass; after <see cref="PoisonThreshold"/> failed attempts (the
/// Functions host's <c>poisonBlobThreshold</c>) it is copied to the <c>poison</c> container under
/// its own name (the host puts a message on queue <c>webjobs-blobtrigger-poison</c>; locally the
/// blob itself is kept, which an operator can look at and replay) and is not tried again until it
/// changes. The job has marked its <c>Ingestions</c> row failed; <c>mission replay</c> retries it.
/// Failure counts live in memory: a restart of <c>mission serve</c> gives every blob five more tries.
/// </summary>
internal sealed class UploadWatcher(BlobServiceClient blobs, StorageLayout layout, IngestFile ingest, ServeOptions options, ILogger<UploadWatcher> logger) : BackgroundService
{
    /// <summary>As <c>extensions.blobs.poisonBlobThreshold</c> in host.json.</summary>
    public const int PoisonThreshold = 5;

    private readonly HashSet<(string Name, string ETag)> _seen = [];
    private readonly Dictionary<(string Name, string ETag), int> _failures = [];

    /// <summary>The poison container beside <c>uploads</c>: <c>poison</c>, with the layout's suffix if any.</summary>
    public static string PoisonContainer(StorageLayout layout) =>
        "poison" + (layout.Uploads.StartsWith("uploads", StringComparison.Ordinal) ? layout.Uploads["uploads".Length..] : string.Empty);

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

                    try
                    {
                        var report = await ingest.RunAsync(uploads.GetBlobClient(item.Name), stoppingToken).ConfigureAwait(false);
                        _seen.Add(key);
                        _failures.Remove(key);
                        // A blob already ingested (every upload, after a restart) is not news.
                        if (report.Status == Reports.ReportStatus.Duplicate)
                        {
                            Log.WatchedAgain(logger, item.Name);
                        }
                        else
                        {
                            Log.Watched(logger, item.Name, report.Status, report.Observations, report.Errors.Count);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One bad blob never stops the others: count its failure and go on.
                        var failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
                        Log.WatchFailed(logger, ex);
                        if (failures >= PoisonThreshold)
                        {
                            await PoisonAsync(uploads.GetBlobClient(item.Name), stoppingToken).ConfigureAwait(false);
                            _seen.Add(key);
                            _failures.Remove(key);
                        }
                    }
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

    private async Task PoisonAsync(BlobClient upload, CancellationToken cancellationToken)
    {
        var poison = blobs.GetBlobContainerClient(PoisonContainer(layout));
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var copy = await poison.GetBlobClient(upload.Name).StartCopyFromUriAsync(upload.Uri, cancellationToken: cancellationToken).ConfigureAwait(false);
        await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
    }
}
