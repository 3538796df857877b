using Azure;
using Azure.Storage.Blobs.Models;
using MissionPipeline.Publishing;

namespace MissionPipeline.Storage;

public sealed partial class Snapshots
{
    /// <summary>
    /// What the snapshots of this storage published for the cells small counts hide
    /// (<see cref="DisclosureHistory"/>), with the ETag to record its successor against. A storage
    /// that has none yet (its snapshots published by an earlier version) gets it rebuilt from every
    /// dated snapshot's <c>dashboard.json</c>, drafts included, once: its first record keeps it.
    /// </summary>
    public async Task<(DisclosureHistory History, ETag? ETag)> DisclosureHistoryAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var result = (await Container.GetBlobClient(StorageLayout.DisclosureHistoryBlob).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return (DisclosureHistory.Read(result.Content.ToMemory()), result.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (await RebuildDisclosureHistoryAsync(cancellationToken).ConfigureAwait(false), null);
        }
    }

    /// <summary>
    /// Records <paramref name="history"/> if nobody recorded another since <paramref name="etag"/> was
    /// read (none: if there is still none); false when someone did: read it again and judge the
    /// snapshot again, since a value published meanwhile may disclose one of its cells.
    /// </summary>
    public async Task<bool> RecordDisclosureHistoryAsync(DisclosureHistory history, ETag? etag, CancellationToken cancellationToken = default)
    {
        try
        {
            await Container.GetBlobClient(StorageLayout.DisclosureHistoryBlob).UploadAsync(
                BinaryData.FromBytes(history.Write()),
                new BlobUploadOptions
                {
                    Conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <see cref="PublishAsync"/> of <paramref name="asOf"/> would write its files: never for
    /// an approved date, nor for a published one unless <paramref name="republish"/> (an identical
    /// republication writes nothing new either, but what it shows is recorded already).
    /// </summary>
    public async Task<bool> WouldWriteAsync(DateOnly asOf, bool republish, CancellationToken cancellationToken = default) =>
        !(await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals.Any(a => a.AsOf == asOf)
        && (republish || await GetAsync(asOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false) is null);

    private async Task<DisclosureHistory> RebuildDisclosureHistoryAsync(CancellationToken cancellationToken)
    {
        var history = DisclosureHistory.Empty;
        await foreach (var date in DatedFoldersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await GetAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is { } file)
            {
                try
                {
                    history = history.With(DashboardJson.Read(file.Content.ToMemory()), _catalogue);
                }
                catch (FormatException)
                {
                    // Not a dashboard this version reads (never expected): nothing of it can be compared.
                }
            }
        }

        return history;
    }
}
