using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;

namespace MissionPipeline.Storage;

/// <summary>
/// Reads the tables: the <c>Ingestions</c> rows (what the recompute and the API trust), and the
/// <c>Observations</c> rows of committed files only, the queryable record behind the audit of a cell
/// (<see cref="HistoryAsync"/>); the recompute reads the same observations from the files' segments
/// (<see cref="ObservationSegments"/>). An observation whose file's row is not <c>committed</c>
/// (received, failed, rejected, or no row at all) is invisible: that is what makes a file all-or-nothing.
/// </summary>
public sealed class CommittedObservations(TableServiceClient tables, BlobServiceClient blobs, StorageLayout layout)
{
    private const int ParallelReads = 8;

    /// <summary>Every ingestion of every agency, as the engine needs them.</summary>
    public async Task<IReadOnlyList<IngestionSummary>> IngestionsAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<IngestionSummary>();
        await foreach (var row in tables.GetTableClient(layout.Ingestions).QueryAsync<IngestionRow>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToSummary(row));
        }

        return list;
    }

    /// <summary>One agency's ingestion rows, newest upload first.</summary>
    public async Task<IReadOnlyList<IngestionRow>> IngestionsOfAsync(AgencyId agency, CancellationToken cancellationToken = default)
    {
        var list = new List<IngestionRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {agency.Value}");
        await foreach (var row in tables.GetTableClient(layout.Ingestions).QueryAsync<IngestionRow>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(row);
        }

        return list.OrderByDescending(r => r.UploadedAt).ThenByDescending(r => r.RowKey, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The report of one ingestion as the ingest job wrote it (JSON), or null when there is none.</summary>
    public async Task<BinaryData?> ReportAsync(AgencyId agency, string ingestId, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = await blobs.GetBlobContainerClient(layout.Reports).GetBlobClient(StorageLayout.ReportBlob(agency, ingestId))
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return report.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Asks the table one cheap question (its first row, if any): returns when storage answers, throws when it does not.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var _ in tables.GetTableClient(layout.Ingestions).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
        {
            break;
        }
    }

    /// <summary>
    /// Every observation of committed files for the given indicators, superseded ones included (the
    /// engine picks the latest per cell; the history stays for audit).
    /// </summary>
    public async Task<IReadOnlyList<SourcedObservation>> ReadAsync(IEnumerable<IndicatorId> indicators, IReadOnlyList<IngestionSummary> ingestions, CancellationToken cancellationToken = default)
    {
        var committed = ingestions.Where(i => i.Status == IngestionStatus.Committed)
            .ToDictionary(i => (i.Agency.Value, i.IngestId), i => i.Claimed);
        var table = tables.GetTableClient(layout.Observations);
        var found = new ConcurrentBag<SourcedObservation>();
        await Parallel.ForEachAsync(
            indicators,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (indicator, ct) =>
            {
                await foreach (var row in QueryIndicatorAsync(table, indicator, ct).ConfigureAwait(false))
                {
                    if (committed.TryGetValue((row.Agency, row.IngestId), out var claimed))
                    {
                        found.Add(row.ToSourced() with { Claimed = claimed });
                    }
                }
            }).ConfigureAwait(false);
        return found.OrderBy(o => o.Observation.Indicator.Value, StringComparer.Ordinal)
            .ThenBy(o => o.Observation.Period).ThenBy(o => o.Observation.Territory.Code, StringComparer.Ordinal)
            .ThenBy(o => o.Received).ThenBy(o => o.Claimed).ThenBy(o => o.IngestId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The audit trail of one cell: every committed value sent for it, oldest first, with who sent it
    /// and when. The last one is the value the dashboard uses.
    /// </summary>
    public async Task<IReadOnlyList<SourcedObservation>> HistoryAsync(ObservationKey key, CancellationToken cancellationToken = default)
    {
        var ingestions = await IngestionsAsync(cancellationToken).ConfigureAwait(false);
        var all = await ReadAsync([key.Indicator], ingestions, cancellationToken).ConfigureAwait(false);
        return all.Where(o => o.Observation.Key == key).ToArray();
    }

    private static Azure.AsyncPageable<ObservationRow> QueryIndicatorAsync(TableClient table, IndicatorId indicator, CancellationToken cancellationToken) =>
        table.QueryAsync<ObservationRow>(ObservationRow.PartitionsOf(indicator), maxPerPage: 1000, cancellationToken: cancellationToken);

    internal static IngestionSummary ToSummary(IngestionRow row) => new(
        new AgencyId(row.PartitionKey),
        row.RowKey,
        row.File,
        row.UploadedAt,
        row.Status switch
        {
            IngestionRow.Committed => IngestionStatus.Committed,
            IngestionRow.Rejected => IngestionStatus.Rejected,
            IngestionRow.Failed => IngestionStatus.Failed,
            _ => IngestionStatus.Received,
        },
        row.Indicators.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(IndicatorId.IsValid).Select(i => new IndicatorId(i)).ToArray(),
        row.ClaimedAt);
}
