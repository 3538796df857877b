using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using MissionPipeline.Catalogue;
using MissionPipeline.Readers;
using MissionPipeline.Reports;
using MissionPipeline.Validation;

namespace MissionPipeline.Storage;

/// <summary>
/// The ingest job run by the blob trigger and by <c>mission ingest</c>: reads and hashes the upload
/// in one pass, claims the file in <c>Ingestions</c>, archives it byte for byte, appends its
/// observations, commits, then writes its report (so no report says committed before the row does). Invariants it keeps (docs/architecture.md):
/// nothing uploaded is lost (archive and report for every file, accepted or not); all or nothing
/// (observations are visible only once the row says committed, written last in one entity write);
/// idempotent (same agency and same bytes → same ingest id → one ingestion, later deliveries say
/// duplicate); a crash at any point is finished by the retry, because every step is deterministic
/// and safe to repeat.
/// </summary>
public sealed class IngestFile(
    BlobServiceClient blobs,
    TableServiceClient tables,
    StorageLayout layout,
    IndicatorCatalogue catalogue,
    ReaderLimits limits,
    TimeProvider time,
    ILogger<IngestFile> logger)
{
    /// <summary>The agency folder under which files whose first path segment is not a known agency are kept.</summary>
    public const string UnknownAgency = "unknown-agency";

    private const int ParallelBatches = 8;

    /// <summary>How far the download may run ahead of the parser: 8 chunks of 1 MiB, enough to keep the transfer going while the parser works, and a bound on the memory per file (a host ingests several at once).</summary>
    private const int ReadAheadChunkBytes = 1 << 20;

    private const int ReadAheadChunks = 8;

    private readonly IngestionLedger _ledger = new(tables.GetTableClient(layout.Ingestions), time, logger);

    /// <summary>
    /// The metadata key in which our own uploaders (<c>mission ingest</c>, tests) record the moment the
    /// upload started, UTC, round-trip format (<c>O</c>): see <see cref="UploadOrder"/>.
    /// </summary>
    public const string UploadedAtMetadata = "uploadedat";

    /// <summary>
    /// The metadata key of a blob's SHA-256, lowercase hex: what our own uploaders uploaded (see
    /// <see cref="UploadAsync"/>), and what an archive holds, computed from the bytes ingested (never
    /// copied from the upload's metadata, which an agency can write).
    /// </summary>
    public const string Sha256Metadata = "sha256";

    /// <summary>
    /// The metadata keys of an archive that let <see cref="ReplayAsync"/> rebuild its file's row when
    /// the <c>Ingestions</c> table is lost (the archive is what is kept for ever): the receipt time the
    /// row held, round-trip format, and whether it was declared.
    /// </summary>
    public const string ReceivedMetadata = "received";

    /// <inheritdoc cref="ReceivedMetadata"/>
    public const string DeclaredMetadata = "declared";

    /// <summary>
    /// Drops <paramref name="content"/> in <c>uploads/{agency}/{name}</c> as an agency does (replacing
    /// what was there), stamped with the moment the upload started (<see cref="UploadedAtMetadata"/>)
    /// and its SHA-256 (<see cref="Sha256Metadata"/>), and returns the blob to ingest: what
    /// <c>mission ingest</c> does before the job.
    /// <para>
    /// When the same bytes already wait under that name, uploaded by us (a <c>mission ingest</c>
    /// stopped after its upload and before its ingestion claimed the file), they are left as they are
    /// and that blob is returned: uploading them again would make the retry a later receipt, which
    /// would outrank a correction received in between. The check trusts the metadata: whoever can
    /// write it in the agency's folder can upload that agency's files anyway. A stream that cannot
    /// seek (hashed first, then uploaded) is always uploaded.
    /// </para>
    /// </summary>
    public async Task<BlobClient> UploadAsync(AgencyId agency, string name, Stream content, CancellationToken cancellationToken = default) =>
        (await UploadHashedAsync(agency, name, content, await HashAsync(content, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)).Blob;

    /// <summary>The SHA-256 of what remains of <paramref name="content"/>, lowercase hex, its position kept; null for a stream that cannot seek (it could not be read twice).</summary>
    private static async Task<string?> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        if (!content.CanSeek)
        {
            return null;
        }

        var start = content.Position;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        content.Position = start;
        return sha256;
    }

    /// <summary>
    /// As above, <paramref name="sha256"/> being the content's (<see cref="HashAsync"/>); with the
    /// version (ETag) this call uploaded, or null when it uploaded nothing (the same bytes were waiting:
    /// a retry's, or another sender's).
    /// </summary>
    private async Task<(BlobClient Blob, ETag? Uploaded)> UploadHashedAsync(AgencyId agency, string name, Stream content, string? sha256, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(layout.Uploads).GetBlobClient(StorageLayout.UploadBlob(agency, name));
        var start = content.CanSeek ? content.Position : 0;
        if (sha256 is not null && await WaitingAsync(blob, sha256, content.Length - start, cancellationToken).ConfigureAwait(false))
        {
            return (blob, null);
        }

        // Our own upload time, to the tick: it orders two uploads of the same second (storage gives seconds).
        var metadata = new Dictionary<string, string> { [UploadedAtMetadata] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        if (sha256 is not null)
        {
            metadata[Sha256Metadata] = sha256;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var uploaded = await blob.UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
                return (blob, uploaded.Value.ETag);
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.InvalidBlockList && sha256 is not null && attempt < ConcurrentUploadAttempts)
            {
                // The same name uploaded by another sender at the same moment: a large file goes up in
                // blocks, and the other's commit voided ours. Its bytes are now there: the same ones
                // are ingested as they are (see above), other ones are uploaded again, after them.
                content.Position = start;
                if (await WaitingAsync(blob, sha256, content.Length - content.Position, cancellationToken).ConfigureAwait(false))
                {
                    return (blob, null);
                }
            }
        }
    }

    /// <summary>
    /// What <c>mission ingest</c> does with a file: uploads it (<see cref="UploadAsync"/>), ingests the
    /// upload (<see cref="RunAsync"/>, or <see cref="BackfillAsync"/> at <paramref name="received"/>),
    /// waits for the verdict of a delivery it gave way to (<see cref="VerdictAsync"/>), and checks that
    /// the bytes ingested were the ones sent. Another sender's file of the same name may replace the
    /// upload before any delivery reads it: the report of those other bytes was given as this file's,
    /// exit 0, while this file was never read. The answer is then rejected (nothing of this file is
    /// counted) with <c>upload-replaced</c>, which says to send it again.
    /// </summary>
    /// <remarks>The content is read once for its hash, which decides whether to upload and checks what was ingested (a stream that cannot seek is not checked).</remarks>
    public async Task<IngestionReport> SendAsync(AgencyId agency, string name, Stream content, DateTimeOffset? received, TimeSpan verdictWait, CancellationToken cancellationToken = default)
    {
        var sent = await HashAsync(content, cancellationToken).ConfigureAwait(false);
        var (blob, uploaded) = await UploadHashedAsync(agency, name, content, sent, cancellationToken).ConfigureAwait(false);
        var answer = received is { } at
            ? await BackfillAsync(blob, at, cancellationToken).ConfigureAwait(false)
            : await RunAsync(blob, cancellationToken).ConfigureAwait(false);
        var verdict = await VerdictAsync(answer, verdictWait, cancellationToken).ConfigureAwait(false);
        if (sent is null || string.Equals(verdict.Sha256, sent, StringComparison.Ordinal))
        {
            // A backfill's duplicate stays one: its caller says the declared time was not applied.
            return uploaded is { } version && received is null ? await FromOurUploadAsync(verdict, blob, version, cancellationToken).ConfigureAwait(false) : verdict;
        }

        Log.UploadReplaced(logger, agency.Value, name);
        return new IngestionReport(agency, name, IngestionReport.IngestIdOf(sent), sent, time.GetUtcNow(), FileFormat.Unknown, ReportStatus.Rejected, 0, 0,
            [new ValidationIssue("upload-replaced", 0, string.Empty, name,
                $"Ce fichier n'a pas été intégré : avant qu'il soit lu, un autre envoi du même nom a remplacé uploads/{agency.Value}/{name} (empreinte {verdict.Sha256[..Math.Min(16, verdict.Sha256.Length)]}…, traitée à sa place). Renvoyez-le, sous un autre nom si plusieurs fichiers partent en même temps.")],
            [], []);
    }

    /// <summary>
    /// The answer a sender reports (<c>mission ingest</c>), from <paramref name="answer"/>, what the job
    /// answered its delivery. When that delivery gave way to another one still at work on the same
    /// bytes (<see cref="IngestionReport.InProgressElsewhere"/>: <c>mission serve</c>'s watcher or the
    /// blob trigger reading the very upload the sender just made), the sender exited 0 with no error
    /// before that delivery rejected the file. Here that delivery's row is polled every
    /// <see cref="VerdictPoll"/>, at most <paramref name="wait"/>, and once it is finished the answer is
    /// its verdict as a duplicate gives it (<see cref="ReportStatus.Duplicate"/>, the errors it found,
    /// so a rejection exits 1). Past the wait, or when that delivery failed, the answer as it was. Any
    /// other answer is returned as it is.
    /// </summary>
    public async Task<IngestionReport> VerdictAsync(IngestionReport answer, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (!answer.InProgressElsewhere)
        {
            return answer;
        }

        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var row = await _ledger.FindAsync(answer.Agency, answer.IngestId, cancellationToken).ConfigureAwait(false);
            if (row is { Status: IngestionRow.Committed or IngestionRow.Rejected })
            {
                return await DuplicateAsync(row, answer.Agency, answer.File, cancellationToken, logged: true).ConfigureAwait(false);
            }

            if (row is not { Status: IngestionRow.Received } || time.GetUtcNow() >= deadline)
            {
                return answer;
            }

            await Task.Delay(VerdictPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A duplicate that is in fact this sender's file, ingested from the very upload it made by another
    /// delivery that got there first (<c>mission serve</c>'s watcher, the blob trigger, another sender
    /// of the same bytes at once): the row's upload version is ours. The sender was told « déjà reçu :
    /// rien n'a changé » of a file just committed (or rejected) from its own upload; the report now
    /// says so (<see cref="IngestionReport.IngestedFromThisUpload"/>). It stays a duplicate: one
    /// delivery commits a file, and three senders of one file at once get one « committed ». Any other
    /// answer is returned as it is.
    /// </summary>
    private async Task<IngestionReport> FromOurUploadAsync(IngestionReport verdict, BlobClient upload, ETag version, CancellationToken cancellationToken)
    {
        if (verdict is not { Status: ReportStatus.Duplicate, InProgressElsewhere: false } || !AgencyId.IsValid(verdict.Agency.Value)
            || await _ledger.FindAsync(verdict.Agency, verdict.IngestId, cancellationToken).ConfigureAwait(false) is not { Status: IngestionRow.Committed or IngestionRow.Rejected } row
            || row.UploadVersion != VersionOf(upload, version))
        {
            return verdict;
        }

        return verdict with { IngestedFromThisUpload = true };
    }

    /// <summary>How often <see cref="VerdictAsync"/> reads the row of a file another delivery is ingesting.</summary>
    public static readonly TimeSpan VerdictPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times <see cref="UploadAsync"/> uploads again a file whose blocks another upload of the same name voided.</summary>
    private const int ConcurrentUploadAttempts = 3;

    /// <summary>True when <paramref name="blob"/> holds what our uploader recorded as <paramref name="sha256"/>, of <paramref name="length"/> bytes.</summary>
    private static async Task<bool> WaitingAsync(BlobClient blob, string sha256, long length, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return properties.ContentLength == length
                && properties.Metadata.TryGetValue(Sha256Metadata, out var had) && string.Equals(had, sha256, StringComparison.Ordinal);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Ingests the blob <c>uploads/{agency}/{name}</c>. The agency is the first segment of the blob
    /// name, never anything the file says. Storage failures throw (the host retries); a bad file
    /// never throws: it gets a rejected report.
    /// </summary>
    public Task<IngestionReport> RunAsync(BlobClient upload, CancellationToken cancellationToken = default) =>
        IngestCurrentAsync(upload, UploadOrder, declared: false, cancellationToken);

    /// <summary>
    /// Ingests what the upload holds, received at the time <paramref name="receivedOf"/> gives for it.
    /// When the upload is replaced while it is read or copied (the same name sent again, three
    /// <c>mission ingest</c> of one file at once), what it holds now is read: the claim is idempotent,
    /// so the same bytes end as one ingestion and the others as duplicates. Any other precondition
    /// failure (a leased blob…) is not ours to retry: the host's is.
    /// </summary>
    private async Task<IngestionReport> IngestCurrentAsync(BlobClient upload, Func<BlobProperties, DateTimeOffset> receivedOf, bool declared, CancellationToken cancellationToken)
    {
        var (agencyText, fileName) = SplitName(upload.Name);
        var properties = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (await AlreadyIngestedAsync(upload, properties, agencyText, fileName, cancellationToken).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IngestAsync(upload, properties, agencyText, fileName, receivedOf(properties), expectedIngestId: null, declared, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < ReplacedUploadAttempts)
            {
                var now = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                if (now.ETag == properties.ETag)
                {
                    throw;
                }

                properties = now;
            }
        }
    }

    /// <summary>
    /// The answer to a delivery of an upload version already finished (a blob event delivered again,
    /// <c>mission serve</c> starting over <c>uploads/</c>, a demo run again), from the ledger alone,
    /// without reading the blob: our uploaders' <see cref="Sha256Metadata"/> names the row, and the
    /// row's <see cref="IngestionRow.UploadVersion"/> must be this blob's name and ETag. Exact: an ETag
    /// changes with every write of the blob, and metadata that lies finds no row of this version.
    /// Null otherwise, and the upload is read.
    /// </summary>
    private async Task<IngestionReport?> AlreadyIngestedAsync(BlobClient upload, BlobProperties properties, string agencyText, string fileName, CancellationToken cancellationToken)
    {
        if (properties.Metadata is null || !properties.Metadata.TryGetValue(Sha256Metadata, out var sha256) || sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower)
            || !AgencyId.IsValid(agencyText) || !catalogue.KnowsAgency(new AgencyId(agencyText)))
        {
            return null;
        }

        var agency = new AgencyId(agencyText);
        var row = await _ledger.FindAsync(agency, IngestionReport.IngestIdOf(sha256), cancellationToken).ConfigureAwait(false);
        if (row is not { Status: IngestionRow.Committed or IngestionRow.Rejected } || row.UploadVersion != VersionOf(upload, properties.ETag))
        {
            return null;
        }

        Log.AlreadyIngested(logger, agency.Value, fileName, row.RowKey);
        return await DuplicateAsync(row, agency, fileName, cancellationToken, logged: true).ConfigureAwait(false);
    }

    /// <summary>What <see cref="IngestionRow.UploadVersion"/> records of an upload read at <paramref name="etag"/>.</summary>
    private static string VersionOf(BlobClient upload, ETag? etag) => upload.Name + " " + etag;

    /// <summary>How many times an upload replaced during its ingestion is read again before the failure goes to the host's retry.</summary>
    private const int ReplacedUploadAttempts = 5;

    /// <summary>
    /// An operator's backfill (<c>mission ingest --received</c>): ingests the blob as if it had been
    /// received at <paramref name="received"/>, a time in the past that the operator declares (a file
    /// that reached the ministry in 2009 by other means). That time orders the file among the others
    /// and counts for completeness and lateness; the row and the report say it was declared. Only
    /// this call sets it: nothing an uploader writes on a blob can backdate a file. A time in the
    /// future is refused; a period that starts after it is rejected by the readers as usual.
    /// </summary>
    public async Task<IngestionReport> BackfillAsync(BlobClient upload, DateTimeOffset received, CancellationToken cancellationToken = default)
    {
        if (received > time.GetUtcNow())
        {
            throw new ArgumentOutOfRangeException(nameof(received), received, "A declared receipt time cannot be in the future.");
        }

        return await IngestCurrentAsync(upload, _ => received.ToUniversalTime(), declared: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>mission replay</c>: runs the job again on a file the pipeline already received and did not
    /// finish (row <c>received</c> or <c>failed</c>), from its archived bytes (<c>archive/…</c>), else
    /// from its upload when that still holds the same bytes. The row keeps its upload time, so a
    /// replay never changes which file supersedes which. A finished file (committed, rejected) answers
    /// duplicate; an unknown one returns null. Same steps, same invariants as <see cref="RunAsync"/>.
    /// </summary>
    public async Task<IngestionReport?> ReplayAsync(AgencyId agency, string ingestId, CancellationToken cancellationToken = default)
    {
        if (await _ledger.FindAsync(agency, ingestId, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return await FromArchiveAsync(agency, ingestId, cancellationToken).ConfigureAwait(false);
        }

        if (row.Status is IngestionRow.Committed or IngestionRow.Rejected)
        {
            return await DuplicateAsync(row, agency, row.File, cancellationToken).ConfigureAwait(false);
        }

        var source = ArchiveOf(row, agency);
        if (!await source.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            source = blobs.GetBlobContainerClient(layout.Uploads).GetBlobClient(StorageLayout.UploadBlob(agency, row.File));
        }

        var properties = (await source.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        return await IngestAsync(source, properties, agency.Value, row.File, row.UploadedAt, ingestId, row.ReceivedDeclared, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The ingest ids of the agency's archived files that have no <c>Ingestions</c> row, in the order
    /// of their archive names (year, then id): what <c>mission replay --archived</c> runs again after
    /// the table was lost or emptied. The archive is kept for ever; the table is not backed up.
    /// </summary>
    public async Task<IReadOnlyList<string>> ArchivedWithoutRowAsync(AgencyId agency, CancellationToken cancellationToken = default)
    {
        var archive = blobs.GetBlobContainerClient(layout.Archive);
        var missing = new List<string>();
        await foreach (var year in ArchiveYearsAsync(archive, agency, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var file in archive.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", year, cancellationToken).ConfigureAwait(false))
            {
                var id = file.IsPrefix ? file.Prefix[year.Length..].TrimEnd('/') : string.Empty;
                if (id.Length == 32 && id.All(char.IsAsciiHexDigitLower) && !missing.Contains(id)
                    && await _ledger.FindAsync(agency, id, cancellationToken).ConfigureAwait(false) is null)
                {
                    missing.Add(id);
                }
            }
        }

        return missing;
    }

    /// <summary>The agency's year folders in the archive (<c>{agency}/{yyyy}/</c>, as <see cref="StorageLayout.ArchiveBlob"/> names them), in name order.</summary>
    private static async IAsyncEnumerable<string> ArchiveYearsAsync(BlobContainerClient archive, AgencyId agency, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in archive.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", agency.Value + "/", cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix)
            {
                yield return item.Prefix;
            }
        }
    }

    /// <summary>
    /// A file whose row is gone (the <c>Ingestions</c> table lost or emptied) ingested again from its
    /// archive, under its first receipt time (the archive's <see cref="ReceivedMetadata"/>; an archive
    /// written before that was recorded gives its own creation time, said declared), so that it
    /// supersedes and is superseded as before. Null when no archive holds that id. An operator told
    /// « rejouez les fichiers archivés (mission replay) » found that replay needed the very row that
    /// was lost (red team, operator).
    /// </summary>
    private async Task<IngestionReport?> FromArchiveAsync(AgencyId agency, string ingestId, CancellationToken cancellationToken)
    {
        var archive = blobs.GetBlobContainerClient(layout.Archive);
        BlobClient? source = null;
        await foreach (var year in ArchiveYearsAsync(archive, agency, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var item in archive.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{year}{ingestId}/", cancellationToken).ConfigureAwait(false))
            {
                source = archive.GetBlobClient(item.Name);
                break;
            }

            if (source is not null)
            {
                break;
            }
        }

        if (source is null)
        {
            return null;
        }

        var properties = (await source.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var metadata = properties.Metadata;
        var recorded = metadata.TryGetValue(ReceivedMetadata, out var text) ? Stamp(text) : null;
        var fileName = metadata.TryGetValue("uploadname", out var escaped) && escaped.Length > 0 ? Uri.UnescapeDataString(escaped) : source.Name[(source.Name.LastIndexOf('/') + 1)..];
        var declared = recorded is null || (metadata.TryGetValue(DeclaredMetadata, out var flag) && flag == "true");
        // An archive written before the receipt was recorded: its own creation, kept within the year its
        // path names (archived on 2 January of a file received on 31 December), so that the row names this
        // archive and no copy of it is made under another year (review).
        var created = properties.CreatedOn.ToUniversalTime();
        if (recorded is null && int.TryParse(source.Name.Split('/')[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pathYear) && pathYear is >= 1 and < 9999 && created.Year != pathYear)
        {
            created = new DateTimeOffset(pathYear, 12, 31, 23, 59, 59, TimeSpan.Zero);
        }

        Log.RebuiltFromArchive(logger, agency.Value, ingestId);
        return await IngestAsync(source, properties, agency.Value, fileName, recorded ?? created, ingestId, declared, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The upload's place in the order in which files supersede each other (stored as
    /// <see cref="IngestionRow.UploadedAt"/> and on every observation). Storage vouches for the
    /// upload's second only (<c>Last-Modified</c>, RFC 1123); within that second the finer stamp is,
    /// first, the blob's version id (a server timestamp to 100 ns, on the versioned production
    /// account), else the moment our uploader started the upload (<see cref="UploadedAtMetadata"/>,
    /// written by the only party that knows the order of its own uploads). The finer stamp is clamped
    /// into the <c>Last-Modified</c> second, so it can only order files inside that second and never
    /// moves a file before an upload that storage saw earlier. Without either stamp, files of the same
    /// second fall back to the claim time, then the ingest id (arbitrary but deterministic).
    /// </summary>
    internal static DateTimeOffset UploadOrder(BlobProperties properties)
    {
        var modified = properties.LastModified.ToUniversalTime();
        var second = new DateTimeOffset(modified.UtcTicks - (modified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var fine = Stamp(properties.VersionId)
            ?? (properties.Metadata is { } metadata && metadata.TryGetValue(UploadedAtMetadata, out var stamp) ? Stamp(stamp) : null);
        if (fine is not { } f)
        {
            return second;
        }

        var last = second.AddTicks(TimeSpan.TicksPerSecond - 1);
        return f < second ? second : f > last ? last : f;
    }

    private static DateTimeOffset? Stamp(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
            ? at.ToUniversalTime()
            : null;

    private async Task<IngestionReport> IngestAsync(
        BlobClient upload, BlobProperties properties, string agencyText, string fileName, DateTimeOffset uploadedAt, string? expectedIngestId, bool declared, CancellationToken cancellationToken)
    {
        var agency = AgencyId.IsValid(agencyText) && catalogue.KnowsAgency(new AgencyId(agencyText)) ? new AgencyId(agencyText) : (AgencyId?)null;
        var conditions = new BlobRequestConditions { IfMatch = properties.ETag };
        var owner = agency ?? new AgencyId(UnknownAgency);
        Log.Ingesting(logger, owner.Value, fileName, properties.ContentLength, uploadedAt);

        var (result, sha256) = await ReadAndHashAsync(upload, conditions, agency, agencyText, fileName, uploadedAt, cancellationToken).ConfigureAwait(false);
        var ingestId = IngestionReport.IngestIdOf(sha256);
        if (expectedIngestId is not null && !string.Equals(ingestId, expectedIngestId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Ingestion {expectedIngestId} cannot be replayed: its archive is missing and its upload now holds other bytes ({ingestId}).");
        }

        var claim = await _ledger.ClaimAsync(owner, ingestId, fileName, sha256, properties.ContentLength, uploadedAt, declared, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            var row = await _ledger.FindAsync(owner, ingestId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Ingestion {ingestId} was claimed by another delivery but its row is gone.");
            return await DuplicateAsync(row, owner, fileName, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await CompleteAsync(upload, conditions, claim, result, owner, fileName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.IngestFailed(logger, ex, owner.Value, ingestId, claim.Attempts);
            await _ledger.FailAsync(claim, ex).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(ReadResult Result, string Sha256)> ReadAndHashAsync(
        BlobClient upload, BlobRequestConditions conditions, AgencyId? agency, string agencyText, string fileName, DateTimeOffset uploadedAt, CancellationToken cancellationToken)
    {
        // One GET of the whole upload, conditional on the ETag the archive copy is conditional on too,
        // so the bytes parsed, hashed and archived are one version of it (replaced since: 412, here, at
        // a resumed read, or at the copy). A task of its own reads it ahead and hashes it: the transfer
        // and the hash go on while the parser works, instead of taking turns with it on its thread
        // (measured by `mission-tools bench --only ingest-e2e`).
        var download = (await upload.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false)).Value;
        var hashing = new HashingStream(download.Content);
        // Disposing the read-ahead stream stops its task, then disposes the hashing stream and the download.
        await using var source = new ReadAheadStream(hashing, ReadAheadChunkBytes, ReadAheadChunks, cancellationToken);
        ReadResult result;
        if (agency is { } known)
        {
            var context = new ReadContext(known, fileName, uploadedAt, catalogue, Geography.Geography2009.Default, limits);
            result = await Task.Run(() => AgencyFileReader.Read(source, context, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var agencies = string.Join(", ", catalogue.Agencies.Select(a => a.Id.Value));
            var meant = catalogue.Agencies.Select(a => a.Id.Value).FirstOrDefault(a => string.Equals(a, agencyText, StringComparison.OrdinalIgnoreCase));
            result = ReadResult.Failed(FileFormat.Unknown, new ValidationIssue(
                "unknown-agency", 0, string.Empty, agencyText,
                agencyText.Length == 0
                    ? $"Le fichier est à la racine de uploads/, hors du dossier d'une agence. Déposez-le dans uploads/{{agence}}/ où {{agence}} est l'une de : {agencies}."
                    : meant is not null
                        ? $"Le dossier « {agencyText} » n'est pas celui d'une agence connue : les dossiers s'écrivent en minuscules, déposez le fichier dans uploads/{meant}/."
                        : $"Le dossier « {agencyText} » n'est pas celui d'une agence connue. Déposez le fichier dans uploads/{{agence}}/ où {{agence}} est l'une de : {agencies}."));
        }

        // What the parser left unread (a reader that stopped early, an unknown agency) is read to the
        // end, so that the hash covers the whole upload; a failure of the download throws here (the
        // parser reports it as read-interrupted, which is never a verdict on the file). Once the
        // read-ahead task has met the end, nothing else reads the hashing stream: its hash is final.
        await source.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        var sha256 = await hashing.FinishAsync(cancellationToken).ConfigureAwait(false);
        return (result, sha256);
    }

    private async Task<IngestionReport> CompleteAsync(
        BlobClient upload, BlobRequestConditions conditions, IngestionRow row, ReadResult result, AgencyId agency, string fileName, CancellationToken cancellationToken)
    {
        row.ArchiveBlob = StorageLayout.ArchiveBlob(agency, row.UploadedAt, row.RowKey, fileName);
        row.ReportBlob = StorageLayout.ReportBlob(agency, row.RowKey);
        await ArchiveAsync(upload, conditions, row, cancellationToken).ConfigureAwait(false);

        var report = IngestionReport.From(result, agency, fileName, row.RowKey, row.Sha256, row.UploadedAt, ReportStatus.Committed) with { ReceivedDeclared = row.ReceivedDeclared };
        if (result.Accepted)
        {
            await WriteObservationsAsync(result, agency, row, cancellationToken).ConfigureAwait(false);
        }

        row.Status = result.Accepted ? IngestionRow.Committed : IngestionRow.Rejected;
        row.Format = report.Format.ToString();
        row.Rows = report.Rows;
        row.Observations = report.Observations;
        row.Errors = report.Errors.Count;
        row.Warnings = report.Warnings.Count;
        row.UploadVersion = upload.BlobContainerName == layout.Uploads ? VersionOf(upload, conditions.IfMatch) : string.Empty;
        row.Indicators = string.Join(' ', result.Mentioned.Concat(result.Observations.Select(o => o.Indicator)).Select(i => i.Value).Distinct().Order(StringComparer.Ordinal));
        if (!await _ledger.FinishAsync(row, cancellationToken).ConfigureAwait(false))
        {
            // Another delivery of the same bytes took the row over: it finishes the file, or has.
            Log.Duplicate(logger, agency.Value, fileName, row.RowKey, "concurrent");
            var now = await _ledger.FindAsync(agency, row.RowKey, cancellationToken).ConfigureAwait(false);
            return report with { Status = ReportStatus.Duplicate, InProgressElsewhere = now?.Status == IngestionRow.Received, OriginalStatus = VerdictOf(now) };
        }

        // The report says committed only once the commit is done: a crash before it leaves no report
        // that contradicts the row; a crash after it is repaired by the next delivery or replay.
        await WriteReportAsync(row.ReportBlob, report, cancellationToken).ConfigureAwait(false);
        Log.Ingested(logger, agency.Value, fileName, row.RowKey, row.Status, report.Observations, report.Errors.Count);
        return report;
    }

    private async Task WriteReportAsync(string name, IngestionReport report, CancellationToken cancellationToken) =>
        await blobs.GetBlobContainerClient(layout.Reports).GetBlobClient(name)
            .UploadAsync(BinaryData.FromBytes(IngestionReportJson.Write(report)), overwrite: true, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The report of a finished file whose report blob is missing (the process stopped between the
    /// commit and the report): the archived bytes read again give the same report, written now.
    /// </summary>
    private async Task<IngestionReport?> RebuildReportAsync(IngestionRow row, AgencyId agency, CancellationToken cancellationToken)
    {
        var archive = ArchiveOf(row, agency);
        if (!await archive.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var (result, _) = await ReadAndHashAsync(archive, new BlobRequestConditions(), agency, agency.Value, row.File, row.UploadedAt, cancellationToken).ConfigureAwait(false);
        var report = IngestionReport.From(result, agency, row.File, row.RowKey, row.Sha256, row.UploadedAt, ReportStatus.Committed) with { ReceivedDeclared = row.ReceivedDeclared };
        await WriteReportAsync(row.ReportBlob.Length > 0 ? row.ReportBlob : StorageLayout.ReportBlob(agency, row.RowKey), report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Archives the upload once, by a copy the storage service makes (Copy Blob within the account):
    /// the upload is read once, by the reader, never downloaded again to be archived. The copy is
    /// conditional on the upload's ETag, so the archived bytes are the ones read and hashed (any
    /// change of the upload since fails it with 412, and the job reads the new bytes); and on the
    /// archive not existing, so a retry or a concurrent delivery finds it there and goes on.
    /// </summary>
    private async Task ArchiveAsync(BlobClient upload, BlobRequestConditions conditions, IngestionRow row, CancellationToken cancellationToken)
    {
        var archive = blobs.GetBlobContainerClient(layout.Archive).GetBlobClient(row.ArchiveBlob);
        if (await archive.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var options = new BlobCopyFromUriOptions
        {
            // The name as uploaded, escaped (metadata is ASCII): the archive's own name is sanitised.
            Metadata = new Dictionary<string, string>
            {
                [Sha256Metadata] = row.Sha256,
                ["ingestid"] = row.RowKey,
                ["uploadname"] = Uri.EscapeDataString(Truncate(row.File, 1024)),
                [ReceivedMetadata] = row.UploadedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                [DeclaredMetadata] = row.ReceivedDeclared ? "true" : "false",
            },
            SourceConditions = new BlobRequestConditions { IfMatch = conditions.IfMatch },
            DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            var copy = await archive.StartCopyFromUriAsync(upload.Uri, options, cancellationToken).ConfigureAwait(false);
            await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another delivery archived the same bytes first (409, or 412 on our destination
            // condition). A 412 with no archive is the upload replaced since it was read: it goes up
            // to the caller, which reads the new bytes.
            if (!await archive.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task WriteObservationsAsync(ReadResult result, AgencyId agency, IngestionRow row, CancellationToken cancellationToken)
    {
        // The recompute's compact copy first, then the table rows: both before the commit, both
        // deterministic (a retry rewrites the same bytes and upserts the same entities).
        await ObservationSegments.WriteAsync(blobs.GetBlobContainerClient(layout.Segments), agency, row.RowKey, result.Observations, cancellationToken).ConfigureAwait(false);
        var table = tables.GetTableClient(layout.Observations);
        var rows = result.Observations.Select(o => ObservationRow.From(o, agency, row.RowKey, row.UploadedAt));
        await Parallel.ForEachAsync(
            ObservationBatches.Plan(rows),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(ObservationBatches.Actions(batch), ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task<IngestionReport> DuplicateAsync(IngestionRow row, AgencyId agency, string fileName, CancellationToken cancellationToken, bool logged = false)
    {
        var ingestId = row.RowKey;
        if (!logged)
        {
            Log.Duplicate(logger, agency.Value, fileName, ingestId, row.Status);
        }

        var reportBlob = blobs.GetBlobContainerClient(layout.Reports).GetBlobClient(StorageLayout.ReportBlob(agency, ingestId));
        var original = await reportBlob.ExistsAsync(cancellationToken).ConfigureAwait(false)
            ? IngestionReportJson.Read((await reportBlob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToMemory().Span)
            : (row.Status is IngestionRow.Committed or IngestionRow.Rejected && catalogue.KnowsAgency(agency) ? await RebuildReportAsync(row, agency, cancellationToken).ConfigureAwait(false) : null)
                ?? new IngestionReport(agency, row.File, ingestId, row.Sha256, row.UploadedAt, FileFormat.Unknown, ReportStatus.Duplicate, 0, 0, [], [], []) { ReceivedDeclared = row.ReceivedDeclared };
        return original with
        {
            File = fileName,
            Status = ReportStatus.Duplicate,
            InProgressElsewhere = row.Status == IngestionRow.Received,
            OriginalStatus = VerdictOf(row),
            ReplacedBy = row.Status == IngestionRow.Committed ? await ReplacedByAsync(row, agency, original.Periods, cancellationToken).ConfigureAwait(false) : [],
        };
    }

    /// <summary>The verdict a ledger row holds (<see cref="IngestionReport.OriginalStatus"/>): null while its file is at work, or with no row.</summary>
    private static ReportStatus? VerdictOf(IngestionRow? row) => row?.Status switch
    {
        IngestionRow.Committed => ReportStatus.Committed,
        IngestionRow.Rejected => ReportStatus.Rejected,
        _ => null,
    };

    /// <summary>
    /// The agency's files committed after <paramref name="row"/>'s that name one of its indicators and
    /// give figures for some of its <paramref name="periods"/> (read in their reports), oldest first,
    /// each with the periods it shares (<see cref="IngestionReport.ReplacedBy"/>).
    /// </summary>
    private async Task<IReadOnlyList<LaterFile>> ReplacedByAsync(IngestionRow row, AgencyId agency, IReadOnlyList<Periods.Period> periods, CancellationToken cancellationToken)
    {
        if (periods.Count == 0)
        {
            return [];
        }

        var indicators = row.Indicators.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var later = new List<LaterFile>();
        foreach (var next in await _ledger.CommittedAfterAsync(row, cancellationToken).ConfigureAwait(false))
        {
            if (!next.Indicators.Split(' ', StringSplitOptions.RemoveEmptyEntries).Intersect(indicators, StringComparer.Ordinal).Any())
            {
                continue;
            }

            BinaryData content;
            try
            {
                content = (await blobs.GetBlobContainerClient(layout.Reports).GetBlobClient(StorageLayout.ReportBlob(agency, next.RowKey))
                    .DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                continue; // a report not (yet) written has no periods to tell
            }

            var shared = IngestionReportJson.Read(content.ToMemory().Span).Periods.Intersect(periods).Order().ToArray();
            if (shared.Length > 0)
            {
                later.Add(new LaterFile(next.File, next.RowKey, next.UploadedAt, shared));
            }
        }

        return later;
    }

    /// <summary>Where a file's archived bytes are (the row's own record of it, else the layout's name).</summary>
    private BlobClient ArchiveOf(IngestionRow row, AgencyId agency) =>
        blobs.GetBlobContainerClient(layout.Archive).GetBlobClient(row.ArchiveBlob.Length > 0 ? row.ArchiveBlob : StorageLayout.ArchiveBlob(agency, row.UploadedAt, row.RowKey, row.File));

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private static (string Agency, string File) SplitName(string blobName)
    {
        var slash = blobName.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? (string.Empty, blobName) : (blobName[..slash], blobName[(slash + 1)..]);
    }
}
