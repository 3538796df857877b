using MissionPipeline.Catalogue;
using MissionPipeline.Observations;

namespace MissionPipeline.Indicators;

/// <summary>
/// A committed observation with its provenance. Among observations of the same
/// <see cref="Observation.Key"/>, the one with the latest <see cref="Received"/> (the upload's own
/// timestamp, which storage gives to the second) wins, then the latest <see cref="Claimed"/> (when
/// the pipeline first took the file, to the tick: it orders two uploads of the same second), then
/// the greatest <see cref="IngestId"/> (ordinal): never the date alone.
/// </summary>
public sealed record SourcedObservation(Observation Observation, AgencyId Agency, string IngestId, DateTimeOffset Received, DateTimeOffset Claimed = default);

/// <summary>The state of one received file in the <c>Ingestions</c> table.</summary>
public enum IngestionStatus
{
    Received,
    Rejected,
    Committed,
    Failed,
}

/// <summary>
/// What the Ingestions table says of one file (used for no_data reasons and completeness).
/// <see cref="Indicators"/> lists the indicators the file tried to report, whether or not it was accepted.
/// </summary>
public sealed record IngestionSummary(
    AgencyId Agency,
    string IngestId,
    string FileName,
    DateTimeOffset Received,
    IngestionStatus Status,
    IReadOnlyList<IndicatorId> Indicators,
    DateTimeOffset Claimed = default);

/// <summary>
/// Everything the engine reads: the date the dashboard is computed as of, the catalogue, every
/// committed observation (superseded ones included: the engine applies "latest wins") and every
/// ingestion row. The engine reads no clock: <see cref="AsOf"/> is the only notion of "today".
/// </summary>
public sealed record RecomputeInput
{
    /// <summary>An input of loose observations (tests, small inputs), grouped by file into an <see cref="ObservationSet"/>.</summary>
    public RecomputeInput(DateOnly asOf, IndicatorCatalogue catalogue, IReadOnlyList<SourcedObservation> observations, IReadOnlyList<IngestionSummary> ingestions)
        : this(asOf, catalogue, ObservationSet.From(observations), ingestions)
    {
    }

    public RecomputeInput(DateOnly asOf, IndicatorCatalogue catalogue, ObservationSet observations, IReadOnlyList<IngestionSummary> ingestions)
    {
        AsOf = asOf;
        Catalogue = catalogue;
        Observations = observations;
        Ingestions = ingestions;
    }

    public DateOnly AsOf { get; init; }

    public IndicatorCatalogue Catalogue { get; init; }

    /// <summary>Every committed observation, one compact block per file.</summary>
    public ObservationSet Observations { get; init; }

    public IReadOnlyList<IngestionSummary> Ingestions { get; init; }

    /// <summary>
    /// The moment the dashboard is computed as it could be known (INDICATORS.md, "Time: what was known
    /// when"), or null for everything committed. Set by <see cref="KnownAtTime"/>.
    /// </summary>
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>
    /// The input as it could be known at <paramref name="knownAt"/>: only the files received by then
    /// (their receipt time, <see cref="IngestionSummary.Received"/>, at or before it) and their
    /// observations, for the figures, for completeness and for lateness alike. Nothing received
    /// later can change what such an input gives.
    /// </summary>
    public RecomputeInput KnownAtTime(DateTimeOffset knownAt) => this with
    {
        Observations = Observations.ReceivedBy(knownAt),
        Ingestions = [.. Ingestions.Where(i => i.Received <= knownAt)],
        KnownAt = knownAt,
    };

    /// <summary>
    /// The latest receipt time among the values the dashboard can count (periods ended by
    /// <see cref="AsOf"/>), or null when there are none: what a snapshot says it was computed from.
    /// A file that only brings later periods (December's, read for a June snapshot) does not count.
    /// </summary>
    public DateTimeOffset? LatestReceipt =>
        Observations.FilesUsedBy(AsOf).Select(f => (DateTimeOffset?)f.Received).Max();
}
