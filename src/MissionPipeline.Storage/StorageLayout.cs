using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Storage;

/// <summary>
/// The names of the containers and tables of docs/architecture.md, and of every blob in them: the one
/// place a blob path is written (table keys are their row types': <see cref="IngestionRow"/>,
/// <see cref="ObservationRow"/>). Production uses <see cref="Default"/>; integration tests give each
/// test its own names so that tests never see each other's data.
/// </summary>
public sealed record StorageLayout(
    string Uploads = "uploads",
    string Archive = "archive",
    string Reports = "reports",
    string Snapshots = "snapshots",
    string Ingestions = "Ingestions",
    string Observations = "Observations",
    string Segments = "segments")
{
    public static StorageLayout Default { get; } = new();

    /// <summary>
    /// The longest suffix <see cref="IsValidSuffix"/> takes: the longest name, <c>Observations</c> and
    /// its suffix, stays within the 63 characters Azure allows, with room for a longer name to come.
    /// </summary>
    public const int MaxSuffixLength = 40;

    /// <summary>
    /// True when <paramref name="suffix"/> makes valid names for every container and table: lowercase
    /// ASCII letters and digits (a container takes no capital, a table no hyphen), at most <see cref="MaxSuffixLength"/>.
    /// </summary>
    public static bool IsValidSuffix(string suffix) =>
        suffix.Length is > 0 and <= MaxSuffixLength && suffix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    /// <summary>A layout whose every name carries <paramref name="suffix"/> (one <see cref="IsValidSuffix"/> takes).</summary>
    public static StorageLayout WithSuffix(string suffix) => new(
        "uploads" + suffix, "archive" + suffix, "reports" + suffix, "snapshots" + suffix, "Ingestions" + suffix, "Observations" + suffix, "segments" + suffix)
    {
        Poison = "poison" + suffix,
    };

    /// <summary>
    /// Where <c>mission serve</c>'s watcher copies an upload that failed five times. Local only: in
    /// Azure the Functions host sends such a blob to its poison queue, so the deployment declares no
    /// such container (the positional names above are the deployed ones).
    /// </summary>
    public string Poison { get; init; } = "poison";

    /// <summary>The folder of the snapshot <c>latest</c> points to, mirrored for direct blob readers.</summary>
    public const string LatestFolder = "latest";

    /// <summary>An upload, in container <see cref="Uploads"/>: <c>{agency}/{file}</c>, the agency being the first segment.</summary>
    public static string UploadBlob(AgencyId agency, string file) => $"{agency.Value}/{file}";

    /// <summary>
    /// A file's archived bytes, in container <see cref="Archive"/>: <c>{agency}/{yyyy}/{ingestId}/{name}</c>,
    /// the name reduced by <see cref="ArchiveName"/> so that no upload name can leave that folder.
    /// </summary>
    public static string ArchiveBlob(AgencyId agency, DateTimeOffset uploadedAt, string ingestId, string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{agency.Value}/{uploadedAt.UtcDateTime.Year:D4}/{ingestId}/{ArchiveName(fileName)}");

    /// <summary>An ingestion's report, in container <see cref="Reports"/>: the one name the job writes and the API reads.</summary>
    public static string ReportBlob(AgencyId agency, string ingestId) => $"{agency.Value}/{ingestId}.json";

    /// <summary>A committed file's observations for the recompute, in container <see cref="Segments"/>.</summary>
    public static string SegmentBlob(AgencyId agency, string ingestId) => $"{agency.Value}/{ingestId}.jsonl.gz";

    /// <summary>
    /// Every committed file's observations in one blob, in container <see cref="Segments"/>: a cache that
    /// the recompute writes and reads (<see cref="ObservationSegments"/>). At the container's root, so
    /// no segment (<c>{agency}/…</c>) can bear its name.
    /// </summary>
    public const string CheckpointBlob = "checkpoint.bin.gz";

    /// <summary>The folder of a dated snapshot, in container <see cref="Snapshots"/>: <c>yyyy-MM-dd</c>.</summary>
    public static string SnapshotFolder(DateOnly asOf) => asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The date of a folder of container <see cref="Snapshots"/> as a listing by <c>/</c> gives it (<c>2009-12-31/</c>); false for any other (<c>latest/</c>).</summary>
    public static bool TryParseSnapshotFolder(string prefix, out DateOnly asOf) =>
        Periods.SnapshotDates.TryParseDay(prefix.TrimEnd('/'), out asOf);

    /// <summary>A file of a snapshot folder (dated or <see cref="LatestFolder"/>).</summary>
    public static string SnapshotBlob(string folder, string file) => $"{folder}/{file}";

    /// <summary>The pointer to the latest released snapshot's date, written last when <see cref="LatestFolder"/> is mirrored.</summary>
    public static string LatestPointerBlob => SnapshotBlob(LatestFolder, "asof.txt");

    /// <summary>The steering unit's approvals of snapshots, in container <see cref="Snapshots"/>: one JSON document, written with optimistic concurrency.</summary>
    public const string ApprovalsBlob = "approvals.json";

    /// <summary>
    /// In container <see cref="Snapshots"/>: every value the snapshots gave a département cell of a
    /// sensitive flow, shown or hidden (<c>Publishing.DisclosureHistory</c>), written before the snapshot
    /// that shows them, with optimistic concurrency. Served by no route: it holds the hidden values,
    /// confidential as the observations are.
    /// </summary>
    public const string DisclosureHistoryBlob = "disclosed-cells.json";

    /// <summary>
    /// In container <see cref="Snapshots"/>: present when a process that requires approval has worked on
    /// this storage; every process then requires it, whatever its own setting (<c>Storage.Snapshots.RequiresApprovalAsync</c>).
    /// </summary>
    public const string ApprovalMarkerBlob = "approval-required.txt";

    /// <summary>
    /// The reads of a snapshot before its release made in the UTC hour of <paramref name="readAt"/>, in
    /// its dated folder: <c>access-{yyyyMMddTHH}.jsonl</c>, an append blob, one JSON line per read. One
    /// blob per hour because an append blob takes at most 50 000 appends: a draft polled for days
    /// would fill a single one, and every read after it would be refused.
    /// </summary>
    public static string AccessLogBlob(DateOnly asOf, DateTimeOffset readAt) =>
        SnapshotBlob(SnapshotFolder(asOf), string.Create(CultureInfo.InvariantCulture, $"access-{readAt.UtcDateTime:yyyyMMdd'T'HH}.jsonl"));

    /// <summary>The access log of <paramref name="asOf"/> as versions before the hourly logs wrote it, one blob for every read: still listed.</summary>
    public static string FormerAccessLogBlob(DateOnly asOf) => SnapshotBlob(SnapshotFolder(asOf), "access.jsonl");

    /// <summary>
    /// The lock of the snapshot of <paramref name="asOf"/>: an empty blob whose lease a publication or an
    /// approval of that date holds while it writes (<c>Storage.Snapshots</c>), in container
    /// <see cref="Snapshots"/> but outside the dated folder, which holds the snapshot's files and nothing else.
    /// </summary>
    public static string SnapshotLockBlob(DateOnly asOf) => SnapshotBlob("locks", SnapshotFolder(asOf) + ".lock");

    /// <summary>The prefix every access log of <paramref name="asOf"/> starts with (<see cref="AccessLogBlob"/>, <see cref="FormerAccessLogBlob"/>).</summary>
    public static string AccessLogPrefix(DateOnly asOf) => SnapshotBlob(SnapshotFolder(asOf), "access");

    /// <summary>
    /// The last segment of an upload's name reduced to <c>[A-Za-z0-9._-]</c>, without leading dots, at
    /// most 200 characters: whatever an agency names its file (<c>..</c>, <c>%2F</c>, control
    /// characters, 1 KiB names), its archive stays under <c>archive/{agency}/{yyyy}/{ingestId}/</c>.
    /// </summary>
    public static string ArchiveName(string fileName)
    {
        var last = fileName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        var safe = new string(last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).TrimStart('.');
        safe = safe.Length <= 200 ? safe : safe[..200];
        return safe.Length == 0 || safe.All(c => c is '_' or '.') ? "fichier" : safe;
    }

    /// <summary>Creates what is missing; idempotent, cheap enough to call at every start.</summary>
    public async Task EnsureCreatedAsync(BlobServiceClient blobs, TableServiceClient tables, CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            blobs.GetBlobContainerClient(Uploads).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            blobs.GetBlobContainerClient(Archive).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            blobs.GetBlobContainerClient(Reports).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            blobs.GetBlobContainerClient(Snapshots).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            blobs.GetBlobContainerClient(Segments).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            tables.CreateTableIfNotExistsAsync(Ingestions, cancellationToken),
            tables.CreateTableIfNotExistsAsync(Observations, cancellationToken)).ConfigureAwait(false);
    }
}
