using Microsoft.Extensions.Logging;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;

namespace MissionPipeline.Storage;

/// <summary>
/// The outcome of a recompute: the dashboard as published (small counts hidden, changes filled), the
/// bytes of its <c>dashboard.json</c>, and what happened to the snapshot. <see cref="Files"/> are all
/// the published files, in publication order (<see cref="SnapshotFiles"/>).
/// </summary>
public sealed record RecomputeResult(DateOnly AsOf, Dashboard Dashboard, byte[] Json, PublishOutcome Outcome)
{
    public IReadOnlyList<(string Name, byte[] Content)> Files { get; init; } = [];

    /// <summary>How the committed files' observations were read: from this process's memory, their segments, or the table.</summary>
    public SegmentReads Reads { get; init; }

    /// <summary>What the committed observations held for it take in memory, in bytes (the figure <see cref="RecomputeOptions.MemoryLimit"/> bounds).</summary>
    public long ObservationBytes { get; init; }

    /// <summary>How many indicators were evaluated, and how many taken unchanged from the previous run (<see cref="EngineMemo"/>).</summary>
    public (int Evaluated, int Reused) Indicators { get; init; }

    /// <summary>Where the time went (the bench's figures; a recompute not published has none).</summary>
    public RecomputeSteps Steps { get; init; }
}

/// <summary>
/// A recompute's time by step: reading (ingestion rows, checkpoint and segments, the previous snapshot),
/// computing and rendering, publishing, then writing the observation checkpoint (zero when not written).
/// </summary>
public readonly record struct RecomputeSteps(TimeSpan Read, TimeSpan Compute, TimeSpan Publish, TimeSpan Checkpoint = default);

/// <summary>
/// The recompute job run by the nightly timer, <c>POST /api/recompute</c> and <c>mission recompute</c>:
/// committed observations + catalogue → indicators and statuses as of a date → published snapshot
/// (<c>dashboard.json</c>, <c>dashboard.csv</c>, <c>dashboard.html</c>, <c>manifest.json</c>).
/// Deterministic: the same committed observations, catalogue, asOf and previous snapshot give
/// byte-identical files, so a replay (a lost timer lease, a retry) changes nothing.
/// </summary>
public sealed class Recompute(
    CommittedObservations committed,
    ObservationSegments segments,
    Snapshots snapshots,
    IndicatorCatalogue catalogue,
    TimeProvider time,
    ILogger<Recompute> logger,
    RecomputeOptions? options = null)
{
    private readonly HashSet<IndicatorId> _reported = catalogue.Indicators.Where(i => i.Aggregation != Aggregation.Derived).Select(i => i.Id).ToHashSet();

    // Each indicator's last result: a recompute after one new file evaluates again only what that file feeds.
    private readonly EngineMemo _memo = new();

    // The previous year's account's last revision, and the engine's memo at its date (AccountRevisions.Of).
    private readonly AccountMemo _accountMemo = new();

    /// <summary>
    /// The nightly run of both hosts: as of the day that ended last (yesterday, UTC), or
    /// <see cref="RecomputeOptions.FixedAsOf"/>. A snapshot as of D is the state at the end of day D
    /// (a milestone due on D and not done that day is missed): at 02:30 on D, D has not ended, and the
    /// files received later that day would never reach D's snapshot (red team, operator).
    /// </summary>
    public Task<RecomputeResult> NightlyAsync(CancellationToken cancellationToken = default) =>
        RunAsync(options?.FixedAsOf ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1), cancellationToken: cancellationToken);

    /// <summary>
    /// Recomputes as of <paramref name="asOf"/> (default: <see cref="RecomputeOptions.FixedAsOf"/>, else today, UTC). <c>changes</c> compares with the
    /// snapshot published for the newest date strictly before asOf (none: no changes; unreadable:
    /// logged, no changes). A different snapshot already published for that date is kept unless
    /// <paramref name="republish"/> is set.
    /// </summary>
    public async Task<RecomputeResult> RunAsync(DateOnly? asOf = null, bool republish = false, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var date = asOf ?? options?.FixedAsOf ?? today;
        if (SnapshotDates.Problem(date, today) is { } problem)
        {
            // Callers check first (exit 2, HTTP 400); this guard keeps a future date out of storage whatever the caller.
            throw new ArgumentOutOfRangeException(nameof(asOf), date, problem);
        }

        var started = time.GetTimestamp();
        var (input, reads) = await InputAsync(date, cancellationToken).ConfigureAwait(false);
        var (observations, ingestions) = (input.Observations, input.Ingestions);
        if (await snapshots.LostInputsAsync(ingestions, cancellationToken).ConfigureAwait(false) is { } lost)
        {
            throw new RecomputeInputsLostException(lost);
        }

        var previous = await PreviousAsync(date, cancellationToken).ConfigureAwait(false);
        var account = await AccountAsync(date, cancellationToken).ConfigureAwait(false);
        var draft = await snapshots.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false);
        var read = time.GetElapsedTime(started);
        var prepared = await PrepareAsync(input, previous, account, draft ? PageState.Draft : PageState.Unreviewed, republish, cancellationToken).ConfigureAwait(false);
        var (dashboard, files) = prepared;
        var computed = time.GetElapsedTime(started);
        var outcome = await snapshots.PublishAsync(date, files, republish, today, cancellationToken).ConfigureAwait(false);
        var published = time.GetElapsedTime(started);

        // After publishing: the snapshot never waits for the cache of the next process.
        await segments.CheckpointAsync(observations, reads, cancellationToken).ConfigureAwait(false);
        var steps = new RecomputeSteps(read, computed - read, published - computed, time.GetElapsedTime(started) - published);
        if (outcome == PublishOutcome.Kept)
        {
            Log.SnapshotKept(logger, date);
        }
        else if (outcome == PublishOutcome.Locked)
        {
            Log.SnapshotLocked(logger, date);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var count = ingestions.Count(i => i.Status == IngestionStatus.Committed);
            Log.Recomputed(logger, date, dashboard.Indicators.Count, observations.Count, count, reads.Cached, reads.FromCheckpoint, reads.Downloaded, reads.FromTable, outcome);
        }

        return new RecomputeResult(date, dashboard, files[0].Content, outcome) { Files = files, Reads = reads, ObservationBytes = input.Observations.Bytes, Indicators = prepared.Indicators, Steps = steps };
    }

    /// <summary>
    /// Prepares the snapshot against what earlier snapshots published (<see cref="DisclosureHistory"/>),
    /// then records what it shows and hides before it is published: a snapshot never shows a value the
    /// history lacks, even when its publication is cut. A snapshot that will not be written (the date
    /// approved, or published and not to be republished) records nothing: nobody sees its values. Two
    /// publications at once: the second to record reads the history again and prepares again (the memo makes that cheap).
    /// </summary>
    private async Task<PreparedSnapshot> PrepareAsync(RecomputeInput input, Dashboard? previous, PublishedAccount? account, PageState state, bool republish, CancellationToken cancellationToken)
    {
        var written = await snapshots.WouldWriteAsync(input.AsOf, republish, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (history, etag) = await snapshots.DisclosureHistoryAsync(cancellationToken).ConfigureAwait(false);
            // Seconds of computation at ten million observations: on the thread pool, never on the thread
            // that completed the last read, which under inline socket completions is an I/O thread of the
            // web server (ServeHost.UseLoopback) and would hold every connection it serves.
            var prepared = await Task.Run(() => Publication.Prepare(input, previous, state, _memo, history, account, _accountMemo), cancellationToken).ConfigureAwait(false);
            var recorded = history.With(prepared.Dashboard, prepared.Hidden, catalogue);
            // A rebuilt history (no record yet, etag null) is written even with nothing new: else every run rebuilds it from every dated snapshot.
            if (!written || (etag is not null && ReferenceEquals(recorded, history)) || await snapshots.RecordDisclosureHistoryAsync(recorded, etag, cancellationToken).ConfigureAwait(false))
            {
                return prepared;
            }

            if (attempt == RecordAttempts)
            {
                throw new InvalidOperationException($"The disclosure history changed under each of {RecordAttempts} preparations of the snapshot of {input.AsOf:yyyy-MM-dd}.");
            }
        }
    }

    /// <summary>How many times a preparation is made again when other publications record the history first.</summary>
    private const int RecordAttempts = 5;

    /// <summary>
    /// The dashboard as of <paramref name="asOf"/> (default as for <see cref="RunAsync"/>) as it could be known at <paramref name="knownAt"/>
    /// (<c>mission recompute --known-at</c>, <c>POST /api/recompute?knownAt=</c>): only the files
    /// received by then count, for the figures, completeness and lateness; <c>changes</c> compares it
    /// with the previous published date seen at the same moment. Computed, never published: the
    /// snapshot of that date stays what was known when it was published. A moment in the future is
    /// refused (callers check first, with <see cref="SnapshotDates.KnownAtProblem"/>).
    /// </summary>
    public async Task<RecomputeResult> KnownAtAsync(DateOnly? asOf, DateTimeOffset knownAt, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var date = asOf ?? options?.FixedAsOf ?? DateOnly.FromDateTime(now.UtcDateTime);
        if ((SnapshotDates.Problem(date, DateOnly.FromDateTime(now.UtcDateTime)) ?? SnapshotDates.KnownAtProblem(knownAt, now)) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(knownAt), knownAt, problem);
        }

        var (all, reads) = await InputAsync(date, cancellationToken).ConfigureAwait(false);
        var published = await snapshots.PreviousAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false);
        // Read only: the view is never published, yet an admin reads it beside the published snapshots.
        var (history, _) = await snapshots.DisclosureHistoryAsync(cancellationToken).ConfigureAwait(false);
        // On the thread pool, as RunAsync's computation.
        var (input, (dashboard, files)) = await Task.Run(
            () =>
            {
                var input = all.KnownAtTime(knownAt);
                // Never the previous snapshot as published: it may hold files received after knownAt.
                var previous = published is null ? null : Publication.Prepare(input with { AsOf = published.Value.AsOf }, previous: null).Dashboard;
                return (input, Publication.Prepare(input, previous, published: history));
            },
            cancellationToken).ConfigureAwait(false);
        await segments.CheckpointAsync(all.Observations, reads, cancellationToken).ConfigureAwait(false);
        return new RecomputeResult(date, dashboard, files[0].Content, PublishOutcome.NotPublished) { Files = files, Reads = reads, ObservationBytes = input.Observations.Bytes };
    }

    /// <summary>Every committed file's observations (from memory, segments or the table) and every ingestion row, as of <paramref name="date"/>.</summary>
    private async Task<(RecomputeInput Input, SegmentReads Reads)> InputAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var ingestions = await committed.IngestionsAsync(cancellationToken).ConfigureAwait(false);
        var (observations, reads) = await segments.ReadAsync(ingestions, _reported, cancellationToken).ConfigureAwait(false);
        return (new RecomputeInput(date, catalogue, observations, ingestions), reads);
    }

    /// <summary>
    /// The account a snapshot of <paramref name="date"/> looks back on (<see cref="AccountRevisions.AccountDate"/>):
    /// published whole (its manifest there), final (not written before its day ended) and, where
    /// approval is required, approved; else null. An account that cannot be read is logged and left out.
    /// </summary>
    private async Task<PublishedAccount?> AccountAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var asOf = AccountRevisions.AccountDate(date);
        if (await snapshots.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false)
            && !(await snapshots.ApprovalsAsync(cancellationToken).ConfigureAwait(false)).Any(a => a.AsOf == asOf))
        {
            return null;
        }

        if (await snapshots.GetAsync(asOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false) is not { Provisional: false } manifest
            || await snapshots.GetAsync(asOf, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } json)
        {
            return null;
        }

        try
        {
            var (_, inputs, catalogueHash) = SnapshotManifest.ReadInputs(manifest.Content.ToMemory());
            return new PublishedAccount(DashboardJson.Read(json.Content.ToMemory()), inputs)
            {
                CatalogueHash = catalogueHash,
                Fingerprint = SnapshotFiles.Fingerprint(json.Content.ToMemory().Span),
            };
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            RecomputeLog.PreviousUnreadable(logger, ex, asOf);
            return null;
        }
    }

    private async Task<Dashboard?> PreviousAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (await snapshots.PreviousAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } previous)
        {
            return null;
        }

        try
        {
            return DashboardJson.Read(previous.File.Content.ToMemory());
        }
        catch (FormatException ex)
        {
            RecomputeLog.PreviousUnreadable(logger, ex, previous.AsOf);
            return null;
        }
    }
}

/// <summary>The recompute's own log lines (beside <see cref="Log"/>).</summary>
internal static partial class RecomputeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot published for {Previous:yyyy-MM-dd} cannot be read; the changes it would give are left empty")]
    public static partial void PreviousUnreadable(ILogger logger, Exception exception, DateOnly previous);
}
