using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;

namespace MissionPipeline.Storage;

/// <summary>The outcome of a recompute: the dashboard, the published bytes and what happened to the snapshot.</summary>
public sealed record RecomputeResult(DateOnly AsOf, Dashboard Dashboard, byte[] Json, PublishOutcome Outcome);

/// <summary>
/// The recompute job run by the nightly timer, <c>POST /api/recompute</c> and <c>mission recompute</c>:
/// committed observations + catalogue → indicators and statuses as of a date → published snapshot.
/// Deterministic: the same committed observations, catalogue and asOf give byte-identical files, so
/// a replay (a lost timer lease, a retry) changes nothing.
/// </summary>
public sealed class Recompute(
    BlobServiceClient blobs,
    TableServiceClient tables,
    StorageLayout layout,
    IndicatorCatalogue catalogue,
    TimeProvider time,
    ILogger<Recompute> logger)
{
    /// <summary>
    /// Recomputes as of <paramref name="asOf"/> (default: today, UTC). A different snapshot already
    /// published for that date is kept unless <paramref name="republish"/> is set.
    /// </summary>
    public async Task<RecomputeResult> RunAsync(DateOnly? asOf = null, bool republish = false, CancellationToken cancellationToken = default)
    {
        var date = asOf ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var committed = new CommittedObservations(tables, layout);
        var ingestions = await committed.IngestionsAsync(cancellationToken).ConfigureAwait(false);
        var reported = catalogue.Indicators.Where(i => i.Aggregation != Aggregation.Derived).Select(i => i.Id);
        var observations = await committed.ReadAsync(reported, ingestions, cancellationToken).ConfigureAwait(false);

        // Small counts are hidden in what is published (invariant 8); national totals stay exact.
        var dashboard = SmallCountSuppression.Apply(DashboardEngine.Compute(new RecomputeInput(date, catalogue, observations, ingestions)), catalogue);
        var json = DashboardJson.Write(dashboard);
        var outcome = await new Snapshots(blobs, layout).PublishAsync(date, [("dashboard.json", json)], republish, cancellationToken).ConfigureAwait(false);
        if (outcome == PublishOutcome.Kept)
        {
            Log.SnapshotKept(logger, date);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var files = ingestions.Count(i => i.Status == IngestionStatus.Committed);
            Log.Recomputed(logger, date, dashboard.Indicators.Count, observations.Count, files, outcome);
        }
        return new RecomputeResult(date, dashboard, json, outcome);
    }
}
