using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MissionPipeline.Publishing;

namespace MissionPipeline.Storage;

/// <summary>Where a published snapshot stands (docs/publication.md).</summary>
public enum SnapshotState
{
    /// <summary>Published by a recompute, not approved: readable with the admin key only, each read recorded.</summary>
    Draft,

    /// <summary>Approved, its release time not reached: immutable unless its approval is withdrawn (<see cref="Snapshots.WithdrawAsync"/>), still read as a draft is.</summary>
    Approved,

    /// <summary>Approved and past its release time, or published where no approval is required: what the public routes serve.</summary>
    Released,
}

/// <summary>
/// The steering unit's approval of the snapshot of <see cref="AsOf"/>: who, when, from when the
/// public may read it, and the SHA-256 of its <c>manifest.json</c> as approved (which names the
/// SHA-256 of every other file: the approval covers exactly those bytes).
/// </summary>
public sealed record SnapshotApproval(DateOnly AsOf, DateTimeOffset ApprovedAt, DateTimeOffset ReleaseAt, string ApprovedBy, string ManifestSha256);

/// <summary>A published date, its state and its approval if any.</summary>
public sealed record SnapshotStatus(DateOnly AsOf, SnapshotState State, SnapshotApproval? Approval);

/// <summary>One read of a snapshot before its release: when, with which key, through which route or command.</summary>
public sealed record SnapshotRead(DateTimeOffset At, string Key, string Route);

public enum ApprovalOutcome
{
    Approved,

    /// <summary>No snapshot is published for that date.</summary>
    NotFound,

    /// <summary>Already approved: an approval is never replaced.</summary>
    AlreadyApproved,

    /// <summary>The deployment publishes without approval (<see cref="PublicationOptions.RequireApproval"/> off).</summary>
    NotRequired,

    /// <summary>The catalogue is not the one the draft was computed with: the draft must be recomputed first.</summary>
    CatalogueChanged,

    /// <summary>The draft is not the one the approver named (<see cref="SnapshotFiles.Fingerprint"/>): recomputed since it was read.</summary>
    DraftChanged,

    /// <summary>
    /// The release time breaks the dates' order (<see cref="Snapshots.ApproveAsync"/>): the result's
    /// <see cref="ApprovalResult.Approval"/> is the other date's approval it would contradict.
    /// </summary>
    OutOfOrder,

    /// <summary>
    /// The draft's changes are measured against an older dashboard than an earlier date approved
    /// since it was computed (the result's <see cref="ApprovalResult.Approval"/>): released as it is,
    /// it would skip that date in the story the released dashboards tell. It must be recomputed first.
    /// </summary>
    ComparedWithOlder,

    /// <summary>
    /// The snapshot was computed before its day ended (<see cref="SnapshotFile.Provisional"/>): it
    /// lacks the files received since, and approved, it would freeze the day without them. The first
    /// recompute after the day ended (the nightly run) makes it final.
    /// </summary>
    Provisional,

    /// <summary>
    /// The draft counts its changes from a date whose approval was withdrawn since (the result's
    /// <see cref="ApprovalResult.Approval"/>, as it was): that date is no longer released, or was approved
    /// again with other figures. Released as it is, its changes would start from figures no reader had.
    /// It must be recomputed first.
    /// </summary>
    ComparedWithWithdrawn,

    /// <summary><see cref="Snapshots.WithdrawAsync"/>: the approval is withdrawn, the snapshot a draft again.</summary>
    Withdrawn,

    /// <summary><see cref="Snapshots.WithdrawAsync"/>: the date has no approval to withdraw.</summary>
    NotApproved,

    /// <summary><see cref="Snapshots.WithdrawAsync"/>: its release time has passed: what is public is never taken back.</summary>
    AlreadyReleased,

    /// <summary>
    /// <see cref="Snapshots.WithdrawAsync"/>: a later date is approved (the result's
    /// <see cref="ApprovalResult.Approval"/>); it holds this one's figures and measures its changes from
    /// it, so it is withdrawn first.
    /// </summary>
    LaterApproved,
}

/// <summary>An approval withdrawn before its release (<see cref="Snapshots.WithdrawAsync"/>): the approval as it was, and who withdrew it when.</summary>
public sealed record SnapshotWithdrawal(SnapshotApproval Approval, DateTimeOffset WithdrawnAt, string WithdrawnBy);

/// <summary>What an approval did, and the approval that stands (the new one, or the one already there; for <see cref="ApprovalOutcome.OutOfOrder"/>, the other date's).</summary>
public sealed record ApprovalResult(ApprovalOutcome Outcome, SnapshotApproval? Approval);

/// <summary>Approval, release and the pre-release access list (docs/publication.md).</summary>
public sealed partial class Snapshots
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Whether snapshots wait for approval before release: this process's setting
    /// (<see cref="PublicationOptions.RequireApproval"/>), or the storage's marker as
    /// <see cref="RequiresApprovalAsync"/> last found it. Read after that call.
    /// </summary>
    public bool RequireApproval => _publication.RequireApproval || _requiredByStorage;

    /// <summary>How long a process that does not require approval itself trusts its last look at the storage's marker.</summary>
    public static readonly TimeSpan MarkerRefresh = TimeSpan.FromSeconds(30);

    // Set once the marker was seen, and never unset in this process: a draft must never be released by
    // a process that happened to look before the marker was written.
    private volatile bool _requiredByStorage;
    private long _markerCheckedAt;
    private volatile bool _markerWritten;
    private Task? _markerLook;
    private Task? _markerWrite;

    /// <summary>
    /// Whether approval is required, the storage's word included. The setting is each process's, yet
    /// the drafts are the storage's: a shell without the setting once published over an approving
    /// deployment's storage a date that wrote <c>latest/</c> for its direct readers, and served it unmarked.
    /// So a process that requires approval records it in the storage
    /// (<see cref="StorageLayout.ApprovalMarkerBlob"/>, written once), and one that does not looks for
    /// that record: at its first call, and then at most every <see cref="MarkerRefresh"/> in the
    /// background (once found, for good). Only the first look is waited for: the dashboard's routes
    /// call this at every request, and a later look must neither slow one down nor fail it while the
    /// storage is away (the kept copies are served meanwhile). A process that requires approval knows
    /// the answer without the storage: it writes its record in the background (again at a later call
    /// if the storage was away), and before any publication or approval of its own
    /// (<see cref="RecordApprovalRequiredAsync"/>), which write to the storage anyway.
    /// </summary>
    public async ValueTask<bool> RequiresApprovalAsync(CancellationToken cancellationToken = default)
    {
        if (_publication.RequireApproval)
        {
            if (!_markerWritten && _markerWrite is null or { IsCompleted: true })
            {
                _markerWrite = WriteMarkerInTheBackgroundAsync();
            }

            return true;
        }

        if (_requiredByStorage)
        {
            return true;
        }

        var checkedAt = Interlocked.Read(ref _markerCheckedAt);
        if (checkedAt != 0)
        {
            if (_time.GetElapsedTime(checkedAt) >= MarkerRefresh && _markerLook is null or { IsCompleted: true })
            {
                _markerLook = LookInTheBackgroundAsync();
            }

            return _requiredByStorage;
        }

        await LookForMarkerAsync(cancellationToken).ConfigureAwait(false);
        return _requiredByStorage;
    }

    private async Task LookForMarkerAsync(CancellationToken cancellationToken)
    {
        if ((await Container.GetBlobClient(StorageLayout.ApprovalMarkerBlob).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            _requiredByStorage = true;
        }

        Interlocked.Exchange(ref _markerCheckedAt, _time.GetTimestamp());
    }

    private async Task LookInTheBackgroundAsync()
    {
        try
        {
            await Task.Yield(); // the request that started it goes on at once
            await LookForMarkerAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException || StorageFailure.IsUnreachable(ex))
        {
            // The storage is away: the answer stands, and the next request after MarkerRefresh looks again.
        }
    }

    /// <summary>
    /// Where this process requires approval, makes sure the storage records it before a write of
    /// this process publishes or approves anything: a process without the setting that reads the
    /// storage afterwards then requires approval too. Fails as that write would when the storage is away.
    /// </summary>
    private async Task RecordApprovalRequiredAsync(CancellationToken cancellationToken)
    {
        if (_publication.RequireApproval && !_markerWritten)
        {
            await WriteMarkerAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteMarkerInTheBackgroundAsync()
    {
        try
        {
            await Task.Yield(); // the request that started it goes on at once
            await WriteMarkerAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException || StorageFailure.IsUnreachable(ex))
        {
            // The storage is away: the next call, or the next publication, writes it.
        }
    }

    /// <summary>Writes the marker unless it is there (a second writer's conflict is the same outcome).</summary>
    private async Task WriteMarkerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(StorageLayout.ApprovalMarkerBlob).UploadAsync(
                BinaryData.FromString(
                    $"Ce stockage publie des projets de tableau de bord que l'unité de pilotage valide ({PublicationOptions.Setting}=true) : tout processus qui y travaille exige donc la validation, quel que soit son propre réglage. "
                    + $"Pour ne plus l'exiger : {PublicationOptions.Setting}=false partout, puis supprimez ce fichier.\n"),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there.
        }

        _markerWritten = true;
    }

    /// <summary>The state of <paramref name="approval"/>'s snapshot at <paramref name="now"/>: released where no approval is required.</summary>
    public static SnapshotState StateOf(SnapshotApproval? approval, DateTimeOffset now, bool requireApproval) =>
        !requireApproval ? SnapshotState.Released
        : approval is null ? SnapshotState.Draft
        : approval.ReleaseAt <= now ? SnapshotState.Released
        : SnapshotState.Approved;

    /// <summary>The state of the snapshot of <paramref name="asOf"/> now (whether or not it is published).</summary>
    public async Task<SnapshotState> StateAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        !await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false)
            ? SnapshotState.Released
            : StateOf((await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals.FirstOrDefault(a => a.AsOf == asOf), _time.GetUtcNow(), requireApproval: true);

    /// <summary>Every approval, oldest date first; empty when none was ever given.</summary>
    public async Task<IReadOnlyList<SnapshotApproval>> ApprovalsAsync(CancellationToken cancellationToken = default) =>
        (await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals;

    /// <summary>How many manifests <see cref="ListAsync"/> checks at once.</summary>
    public const int ListChecksInFlight = 16;

    /// <summary>Every published date (its manifest written), newest first, with its state now.</summary>
    public async Task<IReadOnlyList<SnapshotStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false);
        var dates = new List<DateOnly>();
        await foreach (var date in DatedFoldersAsync(cancellationToken).ConfigureAwait(false))
        {
            dates.Add(date);
        }

        // A folder whose manifest is not written yet is a publication under way or cut: not listed.
        // One existence check per date, a few at a time: years of nightly snapshots are thousands of
        // dates, which must not become as many connections opened at once.
        var published = new bool[dates.Count];
        await Parallel.ForAsync(0, dates.Count, new ParallelOptions { MaxDegreeOfParallelism = ListChecksInFlight, CancellationToken = cancellationToken }, async (i, ct) =>
            published[i] = await IsPublishedAsync(dates[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        var approvals = (await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals.ToDictionary(a => a.AsOf);
        var now = _time.GetUtcNow();
        return dates.Where((_, i) => published[i]).OrderDescending()
            .Select(d => new SnapshotStatus(d, StateOf(approvals.GetValueOrDefault(d), now, RequireApproval), approvals.GetValueOrDefault(d)))
            .ToArray();
    }

    /// <summary>
    /// Approves the draft of <paramref name="asOf"/>, released at <paramref name="releaseAt"/> (default: now),
    /// by <paramref name="approvedBy"/> (a key's name or a command, never a secret). Its pages are rendered
    /// again from its own <c>dashboard.json</c> with the approved state, its manifest updated, then the
    /// approval is recorded — the single write that makes it approved; a cut approval leaves a draft
    /// (whose pages may already say « validé »; only the admin reads it) that the retry approves. An
    /// approval is never replaced, and an approved snapshot is never written again
    /// (<see cref="PublishOutcome.Locked"/>). Callers refuse a release time in the past first. With
    /// <paramref name="expected"/> (a prefix of the <see cref="SnapshotFiles.Fingerprint"/> of the draft
    /// the approver read), a draft recomputed since is refused (<see cref="ApprovalOutcome.DraftChanged"/>)
    /// rather than approved unread.
    /// <para>
    /// Release follows the dates' order (<see cref="ApprovalOutcome.OutOfOrder"/> otherwise): a later
    /// snapshot holds an earlier one's figures (its series, the revisions route, its changes), so it is
    /// never released before an earlier date's embargo ends — January approved for now, while the year's
    /// account waits for its press conference, published the account's twelve months through the
    /// revisions route; and an embargo later than a later date's release would protect nothing.
    /// </para>
    /// </summary>
    public async Task<ApprovalResult> ApproveAsync(DateOnly asOf, DateTimeOffset? releaseAt, string approvedBy, string? expected = null, CancellationToken cancellationToken = default)
    {
        if (!await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            return new ApprovalResult(ApprovalOutcome.NotRequired, null);
        }

        await RecordApprovalRequiredAsync(cancellationToken).ConfigureAwait(false);
        // From the first read of the draft to the approval's record: a republication of this date waits (LockAsync).
        await using var held = await LockAsync(asOf, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var (approvals, etag, withdrawals) = await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false);
            if (approvals.FirstOrDefault(a => a.AsOf == asOf) is { } existing)
            {
                return new ApprovalResult(ApprovalOutcome.AlreadyApproved, existing);
            }

            if (await GetAsync(asOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false) is not { } manifestFile
                || await GetAsync(asOf, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } json)
            {
                return new ApprovalResult(ApprovalOutcome.NotFound, null);
            }

            // Approved at 23:08 for its own date, the afternoon's computation froze the day and refused the files
            // received before midnight, and the nightly run with them (red team, steering unit).
            if (manifestFile.Provisional)
            {
                return new ApprovalResult(ApprovalOutcome.Provisional, null);
            }

            var manifest = JsonNode.Parse(manifestFile.Content.ToMemory().Span)!.AsObject();
            if (manifest["catalogue"]?["sha256"]?.GetValue<string>() != _catalogue.Hash)
            {
                return new ApprovalResult(ApprovalOutcome.CatalogueChanged, null);
            }

            if (expected is not null && !SnapshotFiles.HasFingerprint(json.Content.ToMemory().Span, expected))
            {
                return new ApprovalResult(ApprovalOutcome.DraftChanged, null);
            }

            var now = _time.GetUtcNow();
            var release = releaseAt is { } at && at > now ? at : now;
            if (approvals.Where(a => a.AsOf < asOf && a.ReleaseAt > release).MaxBy(a => a.ReleaseAt) is { } embargoed)
            {
                return new ApprovalResult(ApprovalOutcome.OutOfOrder, embargoed);
            }

            if (release > now && approvals.Where(a => a.AsOf > asOf && a.ReleaseAt < release).MinBy(a => a.ReleaseAt) is { } sooner)
            {
                return new ApprovalResult(ApprovalOutcome.OutOfOrder, sooner);
            }

            // An earlier date approved after the draft was computed is released before it (the dates'
            // order, above): the draft's changes must start from it. « Évolutions depuis le 30 juin »
            // went out after 30 September's release, showing a step « à risque → manqué » that no
            // released dashboard took (red team, steering unit).
            var draft = DashboardJson.Read(json.Content.ToMemory());
            // A draft with no date to compare with (the first, or an earlier snapshot unreadable when it was
            // computed) is refused only when the earlier approved one can be read now: else recomputing it
            // would change nothing, and it could never be approved.
            var newer = approvals.Where(a => a.AsOf < asOf).MaxBy(a => a.AsOf);
            if (newer is not null
                && (draft.ChangesSince is { } since ? since < newer.AsOf : await GetAsync(newer.AsOf, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not null))
            {
                return new ApprovalResult(ApprovalOutcome.ComparedWithOlder, newer);
            }

            // Compared with a date whose approval was withdrawn since: no longer the one released before it,
            // or approved again with other figures (review: « Évolutions depuis le 31 mars » went out with
            // March a draft, or measured from March's withdrawn figures).
            if (draft.ChangesSince is { } from && withdrawals.LastOrDefault(w => w.Approval.AsOf == from) is { } withdrawn
                && (newer?.AsOf != from || !await SameChangesAsync(from, draft, cancellationToken).ConfigureAwait(false)))
            {
                return new ApprovalResult(ApprovalOutcome.ComparedWithWithdrawn, withdrawn.Approval);
            }

            var manifestBytes = await WritePagesAsync(asOf, draft, manifest, PageState.Approved(now, release), cancellationToken).ConfigureAwait(false);
            var approval = new SnapshotApproval(asOf, now, release, approvedBy, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)));
            try
            {
                await WriteApprovalsAsync([.. approvals, approval], withdrawals, etag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 4)
            {
                // Another approval was recorded meanwhile (of this date or another): read them again.
                continue;
            }

            await MirrorReleasedAsync(cancellationToken).ConfigureAwait(false);
            return new ApprovalResult(ApprovalOutcome.Approved, approval);
        }
    }

    /// <summary>
    /// Withdraws the approval of <paramref name="asOf"/> before its release, by
    /// <paramref name="withdrawnBy"/>: the snapshot is a draft again (its pages say so), which a
    /// recompute may replace and an approval release, at another time if need be. The steering unit that
    /// found an error during an embargo, or set the wrong hour, had no way out: the release came at
    /// its hour (red team, steering unit). What is released is never taken back
    /// (<see cref="ApprovalOutcome.AlreadyReleased"/>), and a later date approved is withdrawn first
    /// (<see cref="ApprovalOutcome.LaterApproved"/>). The withdrawal is kept in <c>approvals.json</c>
    /// (<c>withdrawn</c>), with the approval it took back; the pre-release access list goes on.
    /// The approvals' write is the one that makes it a draft; the pages follow (a cut withdrawal leaves
    /// pages that still say « validé » on a draft, which only the admin reads, and which its retry
    /// writes again, answering <see cref="ApprovalOutcome.Withdrawn"/>; an approval writes them too).
    /// </summary>
    public async Task<ApprovalResult> WithdrawAsync(DateOnly asOf, string withdrawnBy, CancellationToken cancellationToken = default)
    {
        if (!await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            return new ApprovalResult(ApprovalOutcome.NotRequired, null);
        }

        await using var held = await LockAsync(asOf, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var (approvals, etag, withdrawals) = await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false);
            if (approvals.FirstOrDefault(a => a.AsOf == asOf) is not { } approval)
            {
                // A withdrawal cut after its record: the retry finishes its pages (they are still the approved
                // ones when the manifest is), and says it is withdrawn.
                if (withdrawals.LastOrDefault(w => w.Approval.AsOf == asOf) is { } cut
                    && await GetAsync(asOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false) is { } manifest
                    && Convert.ToHexStringLower(SHA256.HashData(manifest.Content.ToMemory().Span)) == cut.Approval.ManifestSha256)
                {
                    await WriteDraftPagesAsync(asOf, cancellationToken, cut.Approval.ManifestSha256).ConfigureAwait(false);
                    return new ApprovalResult(ApprovalOutcome.Withdrawn, cut.Approval);
                }

                return new ApprovalResult(ApprovalOutcome.NotApproved, null);
            }

            // Not in the last minutes either: every server decides a release from its clock and approvals it
            // reads again every few seconds, so one written at the hour would come after some had served it (review).
            var now = _time.GetUtcNow();
            if (approval.ReleaseAt - now <= WithdrawalMargin)
            {
                return new ApprovalResult(ApprovalOutcome.AlreadyReleased, approval);
            }

            if (approvals.Where(a => a.AsOf > asOf).MinBy(a => a.AsOf) is { } later)
            {
                return new ApprovalResult(ApprovalOutcome.LaterApproved, later);
            }

            try
            {
                await WriteApprovalsAsync([.. approvals.Where(a => a.AsOf != asOf)], [.. withdrawals, new SnapshotWithdrawal(approval, now, withdrawnBy)], etag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 4)
            {
                // Another approval or withdrawal was recorded meanwhile: read them again.
                continue;
            }

            await WriteDraftPagesAsync(asOf, cancellationToken).ConfigureAwait(false);
            await MirrorReleasedAsync(cancellationToken).ConfigureAwait(false);
            return new ApprovalResult(ApprovalOutcome.Withdrawn, approval);
        }
    }

    /// <summary>
    /// The pages of a withdrawn date rendered again as a draft's, when its manifest is still the one
    /// approved (<paramref name="approved"/>, or any when null) and the catalogue the one it was computed
    /// with (else its pages are left as they are: a draft's are rendered again at each read anyway).
    /// </summary>
    private async Task WriteDraftPagesAsync(DateOnly asOf, CancellationToken cancellationToken, string? approved = null)
    {
        if (await GetAsync(asOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false) is not { } manifestFile
            || await GetAsync(asOf, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } json)
        {
            return;
        }

        var manifest = JsonNode.Parse(manifestFile.Content.ToMemory().Span)!.AsObject();
        if (manifest["catalogue"]?["sha256"]?.GetValue<string>() == _catalogue.Hash
            && (approved is null || Convert.ToHexStringLower(SHA256.HashData(manifestFile.Content.ToMemory().Span)) == approved))
        {
            await WritePagesAsync(asOf, DashboardJson.Read(json.Content.ToMemory()), manifest, PageState.Draft, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How long before its release an approval can no longer be withdrawn: well past the servers'
    /// rereading of the approvals (<c>SnapshotCache.Window</c>, 5 s, and a storage wait of 5 s) and the
    /// write itself.
    /// </summary>
    public static readonly TimeSpan WithdrawalMargin = TimeSpan.FromMinutes(2);

    /// <summary>Whether <paramref name="draft"/>'s changes are still those from the snapshot of <paramref name="since"/> as it now stands (its figures, its statuses).</summary>
    private async Task<bool> SameChangesAsync(DateOnly since, Indicators.Dashboard draft, CancellationToken cancellationToken)
    {
        if (await GetAsync(since, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } previous)
        {
            return false;
        }

        static (Catalogue.IndicatorId, string, string?, string?) Key(Indicators.DashboardChange c) => (c.Indicator, c.Field, c.From, c.To);
        var now = Indicators.DashboardChanges.Compare(DashboardJson.Read(previous.Content.ToMemory()), draft).Select(Key).ToHashSet();
        return now.SetEquals(draft.Changes.Select(Key));
    }

    /// <summary>The withdrawn approvals, oldest withdrawal first; empty when none was.</summary>
    public async Task<IReadOnlyList<SnapshotWithdrawal>> WithdrawalsAsync(CancellationToken cancellationToken = default) =>
        (await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Withdrawals;

    /// <summary>
    /// Writes the pages of <paramref name="dashboard"/> in <paramref name="state"/> into the folder of
    /// <paramref name="asOf"/>, then its manifest naming them: its bytes, as written.
    /// </summary>
    private async Task<byte[]> WritePagesAsync(DateOnly asOf, Indicators.Dashboard dashboard, JsonObject manifest, PageState state, CancellationToken cancellationToken)
    {
        var folder = StorageLayout.SnapshotFolder(asOf);
        var listed = manifest["files"]!.AsArray();
        foreach (var (name, content) in SnapshotFiles.Pages(dashboard, _catalogue, state))
        {
            await Upload(StorageLayout.SnapshotBlob(folder, name), content, cancellationToken).ConfigureAwait(false);

            // A snapshot published by an earlier version may lack a page (territory pages came later): it is added.
            var entry = listed.Select(f => f!.AsObject()).FirstOrDefault(f => f["name"]!.GetValue<string>() == name);
            if (entry is null)
            {
                listed.Add(entry = new JsonObject { ["name"] = name });
            }

            entry["bytes"] = content.Length;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
        }

        var manifestBytes = Write(manifest);
        await Upload(StorageLayout.SnapshotBlob(folder, SnapshotFiles.Manifest), manifestBytes, cancellationToken).ConfigureAwait(false);
        return manifestBytes;
    }

    /// <summary>
    /// Records a computation of <paramref name="asOf"/> shown to someone (<c>--known-at</c>) when a
    /// snapshot of that date is published and not released: its figures, computed from the files
    /// received by then, are the draft's or the embargoed account's as soon as that moment is past its
    /// latest receipt, so they go on its pre-release access list as a read of it would (red team,
    /// steering unit). A date with no snapshot has no list: nothing is recorded.
    /// </summary>
    public async Task RecordViewIfUnreleasedAsync(DateOnly asOf, string key, string route, CancellationToken cancellationToken = default)
    {
        if (await StateAsync(asOf, cancellationToken).ConfigureAwait(false) != SnapshotState.Released
            && await IsPublishedAsync(asOf, cancellationToken).ConfigureAwait(false))
        {
            await RecordReadAsync(asOf, key, route, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a snapshot of <paramref name="asOf"/> is published: its manifest, written last, is there.</summary>
    private async Task<bool> IsPublishedAsync(DateOnly asOf, CancellationToken cancellationToken) =>
        (await Container.GetBlobClient(StorageLayout.SnapshotBlob(StorageLayout.SnapshotFolder(asOf), SnapshotFiles.Manifest)).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Records a read of the snapshot of <paramref name="asOf"/> before its release (<see cref="ReadsAsync"/>).</summary>
    public async Task RecordReadAsync(DateOnly asOf, string key, string route, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var log = Container.GetAppendBlobClient(StorageLayout.AccessLogBlob(asOf, now));
        await log.CreateIfNotExistsAsync(new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson; charset=utf-8" } }, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WriterOptions.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("at", Iso(now));
            w.WriteString("key", key);
            w.WriteString("route", route);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        buffer.Position = 0;
        await log.AppendBlockAsync(buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reads of the snapshot of <paramref name="asOf"/> before its release, oldest first (empty when none), from every hour's log and the former single one.</summary>
    public async Task<IReadOnlyList<SnapshotRead>> ReadsAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var former = StorageLayout.FormerAccessLogBlob(asOf);
        var logs = new List<string>();
        await foreach (var item in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, StorageLayout.AccessLogPrefix(asOf), cancellationToken).ConfigureAwait(false))
        {
            if (item.Name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                logs.Add(item.Name);
            }
        }

        var reads = new List<SnapshotRead>();
        // The former log first, then the hours in order; a stable sort by time keeps reads of one instant in the order written.
        foreach (var name in logs.OrderBy(n => n != former).ThenBy(n => n, StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = (await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                continue;
            }

            reads.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                return new SnapshotRead(root.GetProperty("at").GetDateTimeOffset(), root.GetProperty("key").GetString()!, root.GetProperty("route").GetString()!);
            }));
        }

        return [.. reads.OrderBy(r => r.At)];
    }

    /// <summary>The approval of the newest date released at <paramref name="now"/> that is not in the future; null when none.</summary>
    public static SnapshotApproval? LatestReleased(IEnumerable<SnapshotApproval> approvals, DateTimeOffset now) =>
        approvals.Where(a => ReleasedFrom(a) <= now).MaxBy(a => a.AsOf);

    /// <summary>
    /// The instant from which <see cref="LatestReleased"/> may answer <paramref name="approval"/>'s date:
    /// its release time, and never before that date has begun (UTC), so a snapshot dated in the future stays unreleased until its day.
    /// </summary>
    public static DateTimeOffset ReleasedFrom(SnapshotApproval approval)
    {
        var day = new DateTimeOffset(approval.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return approval.ReleaseAt > day ? approval.ReleaseAt : day;
    }

    /// <summary>The approval of the newest released date, where approval is required; null when none.</summary>
    private async Task<SnapshotApproval?> LatestReleasedAsync(CancellationToken cancellationToken) =>
        LatestReleased((await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals, _time.GetUtcNow());

    /// <summary>
    /// Where approval is required, brings the <c>latest/</c> mirror (for direct blob readers; the routes
    /// do not read it) to the newest released snapshot: called by every publication and approval, so a
    /// release time passed since is caught up by the next one. A draft is never mirrored.
    /// </summary>
    private async Task MirrorReleasedAsync(CancellationToken cancellationToken)
    {
        if (await LatestReleasedAsync(cancellationToken).ConfigureAwait(false) is not { } released
            || await WrittenPointerAsync(cancellationToken).ConfigureAwait(false) == released.AsOf)
        {
            return;
        }

        var manifest = await GetAsync(released.AsOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return;
        }

        using var document = JsonDocument.Parse(manifest.Content.ToMemory());
        var files = new List<(string Name, byte[] Content)>();
        foreach (var name in document.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Append(SnapshotFiles.Manifest))
        {
            if (await GetAsync(released.AsOf, name, cancellationToken).ConfigureAwait(false) is { } file)
            {
                files.Add((name, file.Content.ToArray()));
            }
        }

        await MirrorAsync(released.AsOf, files, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(IReadOnlyList<SnapshotApproval> Approvals, ETag? ETag, IReadOnlyList<SnapshotWithdrawal> Withdrawals)> ReadApprovalsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = (await Container.GetBlobClient(StorageLayout.ApprovalsBlob).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            using var document = JsonDocument.Parse(result.Content.ToMemory());
            var approvals = document.RootElement.GetProperty("approvals").EnumerateArray().Select(ReadApproval).ToArray();
            // Written since withdrawals exist: an older approvals.json has none.
            var withdrawals = document.RootElement.TryGetProperty("withdrawn", out var withdrawn)
                ? withdrawn.EnumerateArray().Select(w => new SnapshotWithdrawal(ReadApproval(w), w.GetProperty("withdrawnAt").GetDateTimeOffset(), w.GetProperty("withdrawnBy").GetString()!)).ToArray()
                : [];
            return (approvals, result.Details.ETag, withdrawals);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return ([], null, []);
        }

        static SnapshotApproval ReadApproval(JsonElement a) => new(
            DateOnly.ParseExact(a.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            a.GetProperty("approvedAt").GetDateTimeOffset(),
            a.GetProperty("releaseAt").GetDateTimeOffset(),
            a.GetProperty("approvedBy").GetString()!,
            a.GetProperty("manifestSha256").GetString()!);
    }

    /// <summary>Replaces the approvals and the withdrawals only if nobody wrote them since <paramref name="etag"/> was read (none: only if still absent).</summary>
    private async Task WriteApprovalsAsync(IReadOnlyList<SnapshotApproval> approvals, IReadOnlyList<SnapshotWithdrawal> withdrawals, ETag? etag, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("approvals");
            foreach (var a in approvals.OrderBy(a => a.AsOf))
            {
                w.WriteStartObject();
                WriteApproval(w, a);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (withdrawals.Count > 0)
            {
                w.WriteStartArray("withdrawn");
                foreach (var withdrawal in withdrawals)
                {
                    w.WriteStartObject();
                    WriteApproval(w, withdrawal.Approval);
                    w.WriteString("withdrawnAt", Iso(withdrawal.WithdrawnAt));
                    w.WriteString("withdrawnBy", withdrawal.WithdrawnBy);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        static void WriteApproval(Utf8JsonWriter w, SnapshotApproval a)
        {
            w.WriteString("asOf", StorageLayout.SnapshotFolder(a.AsOf));
            w.WriteString("approvedAt", Iso(a.ApprovedAt));
            w.WriteString("releaseAt", Iso(a.ReleaseAt));
            w.WriteString("approvedBy", a.ApprovedBy);
            w.WriteString("manifestSha256", a.ManifestSha256);
        }

        await Container.GetBlobClient(StorageLayout.ApprovalsBlob).UploadAsync(
            new BinaryData(buffer.ToArray()),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                Conditions = etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All },
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Write(JsonObject manifest)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            manifest.WriteTo(w);
        }

        return buffer.ToArray();
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
