using MissionPipeline.Catalogue;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Validation;

namespace MissionPipeline.Reports;

/// <summary>What became of one file. Only the ingest job writes committed / rejected / duplicate.</summary>
public enum ReportStatus
{
    /// <summary>Its observations are visible to the recompute.</summary>
    Committed,

    /// <summary>It had at least one error: nothing of it is visible.</summary>
    Rejected,

    /// <summary>The same bytes were already ingested for this agency: nothing changed.</summary>
    Duplicate,

    /// <summary>Offline validation only (<c>mission validate</c>): the file would be accepted.</summary>
    Accepted,
}

/// <summary>A file received after another that gave figures for some of its <paramref name="Periods"/> (<see cref="IngestionReport.ReplacedBy"/>).</summary>
public sealed record LaterFile(string File, string IngestId, DateTimeOffset Received, IReadOnlyList<Period> Periods);

/// <summary>
/// The ingestion report an agency gets for each file (<c>reports/{agency}/{ingestId}.json</c>), and
/// what <c>mission validate|ingest --json</c> print. Field names are a contract (docs/architecture.md).
/// </summary>
public sealed record IngestionReport(
    AgencyId Agency,
    string File,
    string IngestId,
    string Sha256,
    DateTimeOffset Received,
    FileFormat Format,
    ReportStatus Status,
    int Rows,
    int Observations,
    IReadOnlyList<ValidationIssue> Errors,
    IReadOnlyList<ValidationIssue> Warnings,
    IReadOnlyList<IgnoredItems> Ignored)
{
    /// <summary>
    /// True when <see cref="Received"/> was declared by an operator backfilling history
    /// (<c>mission ingest --received</c>) rather than read from the upload; the JSON then says
    /// <c>"receivedDeclared": true</c>.
    /// </summary>
    public bool ReceivedDeclared { get; init; }

    /// <summary>
    /// True on a <see cref="ReportStatus.Duplicate"/> whose bytes another delivery was still ingesting
    /// when this one gave way (the same file sent twice at once): the verdict is that delivery's, not
    /// known yet; the JSON then says <c>"inProgressElsewhere": true</c>.
    /// </summary>
    public bool InProgressElsewhere { get; init; }

    /// <summary>
    /// True on a <see cref="ReportStatus.Duplicate"/> whose bytes another delivery ingested from the
    /// very upload this sender made, before its own delivery read it (<c>mission serve</c> watching the
    /// same storage, the blob trigger, another sender of the same file at once): received just now from
    /// this sending, not « déjà reçu » long ago. The status stays a duplicate (one delivery commits a
    /// file); the JSON says <c>"ingestedFromThisUpload": true</c>.
    /// </summary>
    public bool IngestedFromThisUpload { get; init; }

    /// <summary>
    /// On a <see cref="ReportStatus.Duplicate"/>: what became of the file when its bytes were first
    /// ingested (<see cref="ReportStatus.Committed"/> or <see cref="ReportStatus.Rejected"/>), or null
    /// while that delivery is still at work (<see cref="InProgressElsewhere"/>). A script read
    /// « duplicate » alone as « already in », though a rejected file sent again is still rejected
    /// (red team, agency officer). The JSON's <c>originalStatus</c>, present only when known.
    /// </summary>
    public ReportStatus? OriginalStatus { get; init; }

    /// <summary>
    /// The periods an accepted file gave figures for, in order (none for a rejected file, which gives
    /// none): the agency's one look at what its file will replace (a title left from another month
    /// replaced that month without a word); the JSON's <c>periods</c>, in the catalogue's notation.
    /// </summary>
    public IReadOnlyList<Period> Periods { get; init; } = [];

    /// <summary>
    /// On a <see cref="ReportStatus.Duplicate"/> of a file once committed: the files of the same agency
    /// received after it that gave figures for some of its periods, oldest first, with those periods.
    /// The latest receipt wins, so sending the first file again restores none of them (the same bytes
    /// are ingested once: invariant 3); an officer who sent the original again to undo a correction
    /// was told « rien n'a changé » and thought it done (red team, agency officer). The JSON's
    /// <c>replacedBy</c>, present only when not empty.
    /// </summary>
    public IReadOnlyList<LaterFile> ReplacedBy { get; init; } = [];

    /// <summary>Builds the report of a read file; the status follows from its errors.</summary>
    public static IngestionReport From(ReadResult result, AgencyId agency, string file, string ingestId, string sha256, DateTimeOffset received, ReportStatus acceptedStatus) =>
        new(agency, file, ingestId, sha256, received, result.Format,
            result.Accepted ? acceptedStatus : ReportStatus.Rejected,
            result.Rows, result.Accepted ? result.Observations.Count : 0,
            result.Errors, result.Warnings, result.Ignored)
        {
            Periods = result.Accepted ? PeriodsOf(result.Observations) : [],
        };

    private static Period[] PeriodsOf(IReadOnlyList<Observation> observations)
    {
        // A register extract gives millions of observations of one month: one set, no sort of them all.
        var periods = new HashSet<Period>();
        foreach (var observation in observations)
        {
            periods.Add(observation.Period);
        }

        return [.. periods.Order()];
    }

    /// <summary>The ingest id of a file: the first 128 bits of its SHA-256, in hex. Same bytes, same id.</summary>
    public static string IngestIdOf(string sha256Hex) => sha256Hex[..32];
}
