using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Storage;

/// <summary>
/// The life of an ingestion's row in table <c>Ingestions</c>, and nothing else: the claim (inserting
/// the row is what makes a delivery the one that ingests: invariant 3), the commit (one conditional
/// entity write, the only thing that makes the file's observations visible: invariant 2), and the
/// failure mark a retry resumes from. Every write is conditional on the row's ETag, so two
/// deliveries of the same bytes never both finish.
/// </summary>
internal sealed class IngestionLedger(TableClient ingestions, TimeProvider time, ILogger logger)
{
    /// <summary>The row, or null when the pipeline never received that file.</summary>
    public async Task<IngestionRow?> FindAsync(AgencyId agency, string ingestId, CancellationToken cancellationToken = default)
    {
        var found = await ingestions.GetEntityIfExistsAsync<IngestionRow>(agency.Value, ingestId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// The agency's committed rows that supersede <paramref name="row"/>, oldest first: in the order in
    /// which the recompute lets a later file win (receipt, then claim, then ingest id: files of the same
    /// second are told apart by the claim, CommittedObservations).
    /// </summary>
    public async Task<IReadOnlyList<IngestionRow>> CommittedAfterAsync(IngestionRow row, CancellationToken cancellationToken = default)
    {
        var rows = new List<IngestionRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {row.PartitionKey} and Status eq {IngestionRow.Committed} and UploadedAt ge {row.UploadedAt}");
        await foreach (var next in ingestions.QueryAsync<IngestionRow>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Compare(next, row) > 0)
            {
                rows.Add(next);
            }
        }

        rows.Sort(Compare);
        return rows;

        static int Compare(IngestionRow a, IngestionRow b) =>
            a.UploadedAt != b.UploadedAt ? a.UploadedAt.CompareTo(b.UploadedAt)
            : a.ClaimedAt != b.ClaimedAt ? a.ClaimedAt.CompareTo(b.ClaimedAt)
            : string.CompareOrdinal(a.RowKey, b.RowKey);
    }

    /// <summary>
    /// Inserts the row (status received) or resumes an unfinished one. Returns null when the file is
    /// already finished (committed or rejected) or another delivery inserted the row first.
    /// </summary>
    public async Task<IngestionRow?> ClaimAsync(
        AgencyId agency, string ingestId, string fileName, string sha256, long size, DateTimeOffset uploadedAt, bool declared, CancellationToken cancellationToken = default)
    {
        // Another delivery may move the row between our read and our write: read again and decide again.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await FindAsync(agency, ingestId, cancellationToken).ConfigureAwait(false) is not { } row)
            {
                break;
            }

            if (row.Status is IngestionRow.Committed or IngestionRow.Rejected)
            {
                return null;
            }

            row.Attempts++;
            Log.Resuming(logger, agency.Value, ingestId, row.Attempts, row.Status);
            row.Status = IngestionRow.Received;
            try
            {
                var updated = await ingestions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                row.ETag = updated.Headers.ETag ?? default;
                return row;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Moved under us: loop.
            }
        }

        var fresh = new IngestionRow
        {
            PartitionKey = agency.Value,
            RowKey = ingestId,
            Status = IngestionRow.Received,
            File = fileName,
            Sha256 = sha256,
            Size = size,
            UploadedAt = uploadedAt,
            ReceivedDeclared = declared,
            ClaimedAt = time.GetUtcNow(),
            Attempts = 1,
        };
        try
        {
            // The claim: at most one delivery inserts the row; the others are duplicates.
            var added = await ingestions.AddEntityAsync(fresh, cancellationToken).ConfigureAwait(false);
            fresh.ETag = added.Headers.ETag ?? default;
            return fresh;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the finished row (<paramref name="row"/>'s status committed or rejected, its counts) in
    /// one entity write, conditional on nobody having moved the row since our claim. False when
    /// another delivery did (this one is then a duplicate).
    /// </summary>
    public async Task<bool> FinishAsync(IngestionRow row, CancellationToken cancellationToken = default)
    {
        row.CompletedAt = time.GetUtcNow();
        row.Failure = null;
        try
        {
            await ingestions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Marks the row failed with what went wrong, best effort: the storage may be what failed, and a row left received is resumed the same way.</summary>
    public async Task FailAsync(IngestionRow row, Exception exception)
    {
        try
        {
            row.Status = IngestionRow.Failed;
            row.Failure = $"{exception.GetType().Name}: {exception.Message}";
            if (row.Failure.Length > 1000)
            {
                row.Failure = row.Failure[..1000];
            }

            await ingestions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Best effort: the row stays "received" and the retry resumes it.
        }
    }
}
