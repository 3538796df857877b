using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;

namespace MissionPipeline.Storage;

/// <summary>A published snapshot file, as stored.</summary>
public sealed record SnapshotFile(string Name, BinaryData Content)
{
    /// <summary>A manifest written while its date had not ended (<see cref="Snapshots.PublishAsync"/>): the snapshot is provisional.</summary>
    public bool Provisional { get; init; }
}

/// <summary>
/// The published dashboards: <c>snapshots/{asOf:yyyy-MM-dd}/{file}</c> and <c>snapshots/latest/{file}</c>.
/// A dated snapshot is immutable unless republished explicitly, and for good once approved (unless
/// its approval is withdrawn before its release: a draft again);
/// <c>latest</c> is the newest released one. Where the deployment requires approval
/// (<see cref="PublicationOptions"/>), a publication is a draft until approved and past its release
/// time (<see cref="ApproveAsync"/>); otherwise it is released at once.
/// </summary>
public sealed partial class Snapshots(
    BlobServiceClient blobs,
    StorageLayout layout,
    PublicationOptions? publication = null,
    TimeProvider? time = null,
    IndicatorCatalogue? catalogue = null)
{
    private readonly PublicationOptions _publication = publication ?? PublicationOptions.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly IndicatorCatalogue _catalogue = catalogue ?? IndicatorCatalogue.Default;

    private BlobContainerClient Container => blobs.GetBlobContainerClient(layout.Snapshots);

    /// <summary>
    /// Reads a file of the snapshot of <paramref name="asOf"/>, whatever its state, or of the latest
    /// released one when null; null if absent. The latest is found through <c>latest/asof.txt</c>, the
    /// pointer written last (where approval is required: through the approvals and the clock, so a
    /// release time passes with no job running), and read from its complete dated folder: a reader
    /// never sees files of two snapshots mixed, even when a publication was cut half way (the
    /// <c>latest/</c> copies are a mirror for direct blob readers).
    /// </summary>
    public async Task<SnapshotFile?> GetAsync(DateOnly? asOf, string file, CancellationToken cancellationToken = default)
    {
        var date = asOf ?? await LatestAsOfAsync(cancellationToken).ConfigureAwait(false);
        if (date is null)
        {
            return null;
        }

        var blob = Container.GetBlobClient(StorageLayout.SnapshotBlob(StorageLayout.SnapshotFolder(date.Value), file));
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new SnapshotFile(file, content.Content)
            {
                Provisional = content.Details.Metadata.TryGetValue(ProvisionalMetadata, out var mark) && mark == "true",
            };
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Publishes <paramref name="files"/> (the last one is the manifest) for <paramref name="asOf"/>.
    /// A dated folder counts as published only once its manifest, written last, is there: a folder a
    /// failure cut half way is completed by the retry. Published and identical →
    /// <see cref="PublishOutcome.Unchanged"/>; published and different without
    /// <paramref name="republish"/> → <see cref="PublishOutcome.Kept"/> (nothing written), unless it was
    /// written while <paramref name="today"/> had not passed <paramref name="asOf"/>, which makes it
    /// provisional and replaced (the first recompute after that day makes it final); approved →
    /// <see cref="PublishOutcome.Unchanged"/> when its <c>dashboard.json</c> is the same, else
    /// <see cref="PublishOutcome.Locked"/>, republish or not (nothing written). Then, where no approval
    /// is required, if <c>latest</c> holds no newer date that is not in the future (after
    /// <paramref name="today"/>), the <c>latest/</c> mirror is written and its pointer
    /// <c>latest/asof.txt</c> last: the single write that switches what readers see. So <c>latest</c>
    /// is the newest date that is not in the future, and a pointer that a future date once took is
    /// taken back by the next publication. Where approval is required, a publication is a draft and
    /// only brings the mirror to the newest released snapshot.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(DateOnly asOf, IReadOnlyList<(string Name, byte[] Content)> files, bool republish, DateOnly today, CancellationToken cancellationToken = default)
    {
        await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false);
        await RecordApprovalRequiredAsync(cancellationToken).ConfigureAwait(false);
        // From the approvals' check to the last write: an approval of this date waits (LockAsync).
        await using var held = await LockAsync(asOf, cancellationToken).ConfigureAwait(false);
        var folder = StorageLayout.SnapshotFolder(asOf);
        var manifest = files[^1].Name;
        if ((await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals.Any(a => a.AsOf == asOf))
        {
            // Approved (whatever this deployment's setting now): its pages say so, so only the figures are compared; they are never written again.
            var approved = await GetAsync(asOf, files[0].Name, cancellationToken).ConfigureAwait(false);
            return approved is not null && approved.Content.ToMemory().Span.SequenceEqual(files[0].Content) ? PublishOutcome.Unchanged : PublishOutcome.Locked;
        }

        // Identical when the published manifest is: it names the SHA-256 of every other file, and is written
        // only once they all are (one read, not one per file: a snapshot holds a page per territory).
        var current = await GetAsync(asOf, manifest, cancellationToken).ConfigureAwait(false);
        var published = current is not null;
        var identical = current is not null && current.Content.ToMemory().Span.SequenceEqual(files[^1].Content);

        // Written while its day had not ended (today, as the injected clock says, not after asOf: mission
        // recompute in the afternoon, whose default date is today), the manifest is marked provisional:
        // the next recompute of that day, the nightly run after it included, replaces it without
        // republish, and the first one after the day ended, identical or not, makes it final. Kept, it
        // froze the day without the files received after it, and the nightly failed on it (red team, newcomer).
        var provisional = current?.Provisional == true;

        PublishOutcome outcome;
        if (identical)
        {
            outcome = PublishOutcome.Unchanged;
            if (provisional && today > asOf)
            {
                await Container.GetBlobClient(StorageLayout.SnapshotBlob(folder, manifest)).SetMetadataAsync(new Dictionary<string, string>(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        else if (published && !republish && !provisional)
        {
            return PublishOutcome.Kept;
        }
        else
        {
            if (published)
            {
                // Republishing: take the manifest away first, so a cut republication reads as unpublished.
                await Container.GetBlobClient(StorageLayout.SnapshotBlob(folder, manifest)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            foreach (var (name, content) in files)
            {
                var mark = name == manifest && today <= asOf ? new Dictionary<string, string> { [ProvisionalMetadata] = "true" } : null;
                await Upload(StorageLayout.SnapshotBlob(folder, name), content, mark, cancellationToken).ConfigureAwait(false);
            }

            outcome = published ? PublishOutcome.Republished : PublishOutcome.Published;
        }

        if (RequireApproval)
        {
            await MirrorReleasedAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }

        var latest = await LatestPointerAsync(cancellationToken).ConfigureAwait(false);
        if (latest is null || latest <= asOf || latest > today)
        {
            await MirrorAsync(asOf, files, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// Writes <paramref name="files"/> of <paramref name="asOf"/> into the <c>latest/</c> mirror, its
    /// pointer last, then removes what an earlier snapshot left there that this one does not have (a
    /// territory page): the mirror then holds exactly this snapshot's files.
    /// </summary>
    private async Task MirrorAsync(DateOnly asOf, IEnumerable<(string Name, byte[] Content)> files, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { Path.GetFileName(StorageLayout.LatestPointerBlob) };
        foreach (var (name, content) in files)
        {
            await Upload(StorageLayout.SnapshotBlob(StorageLayout.LatestFolder, name), content, cancellationToken).ConfigureAwait(false);
            names.Add(name);
        }

        await Upload(StorageLayout.LatestPointerBlob, System.Text.Encoding.ASCII.GetBytes(StorageLayout.SnapshotFolder(asOf)), cancellationToken).ConfigureAwait(false);
        var prefix = StorageLayout.SnapshotBlob(StorageLayout.LatestFolder, string.Empty);
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!names.Contains(blob.Name[prefix.Length..]))
            {
                await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A file of the snapshot published for the newest date strictly before <paramref name="asOf"/>
    /// (<c>latest</c> is not a date), or null when there is none: what <c>changes</c> compares with.
    /// Where approval is required, only approved dates count: a draft says what changed since the last
    /// dashboard the public will have read when it is released, not since last night's draft. A date
    /// approved for a release still to come counts: the dates' order releases it first
    /// (<see cref="ApproveAsync"/>), so a draft compared only with the released ones went out skipping
    /// it (red team, steering unit), and the approval now refuses such a draft.
    /// </summary>
    public async Task<(DateOnly AsOf, SnapshotFile File)?> PreviousAsync(DateOnly asOf, string file, CancellationToken cancellationToken = default)
    {
        var approved = await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false)
            ? (await ReadApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals.Select(a => a.AsOf).ToHashSet()
            : null;
        var dates = new List<DateOnly>();
        await foreach (var date in DatedFoldersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (date < asOf && (approved is null || approved.Contains(date)))
            {
                dates.Add(date);
            }
        }

        // Newest first; a dated folder without the file (never expected) is passed over.
        foreach (var date in dates.OrderDescending())
        {
            if (await GetAsync(date, file, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return (date, found);
            }
        }

        return null;
    }

    /// <summary>
    /// The date of every dated folder of the container, whatever it holds (a publication under way or
    /// cut has one without its manifest), in the listing's order: one listing by <c>/</c>, which gives
    /// each folder once, however many files it holds.
    /// </summary>
    private async IAsyncEnumerable<DateOnly> DatedFoldersAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix: null, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix && StorageLayout.TryParseSnapshotFolder(item.Prefix, out var date))
            {
                yield return date;
            }
        }
    }

    /// <summary>
    /// The date of the snapshot <c>latest</c> holds and when it was released (its pointer written; where
    /// approval is required, its release time), or null when nothing is released.
    /// </summary>
    public async Task<LatestSnapshot?> LatestAsync(CancellationToken cancellationToken = default)
    {
        if (await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            return await LatestReleasedAsync(cancellationToken).ConfigureAwait(false) is { } released
                ? new LatestSnapshot(released.AsOf, released.ReleaseAt)
                : null;
        }

        return await PointerAsync(cancellationToken).ConfigureAwait(false) is { } pointer ? new LatestSnapshot(pointer.AsOf, pointer.Written) : null;
    }

    /// <summary>The asOf of the snapshot <c>latest</c> holds (the newest released), or null when nothing is released.</summary>
    public async Task<DateOnly?> LatestAsOfAsync(CancellationToken cancellationToken = default) =>
        await RequiresApprovalAsync(cancellationToken).ConfigureAwait(false)
            ? (await LatestReleasedAsync(cancellationToken).ConfigureAwait(false))?.AsOf
            : await LatestPointerAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The date <c>latest/asof.txt</c> holds, or null when absent.</summary>
    private async Task<DateOnly?> LatestPointerAsync(CancellationToken cancellationToken) =>
        (await PointerAsync(cancellationToken).ConfigureAwait(false))?.AsOf;

    /// <summary>
    /// Null when every file the newest complete snapshot counted (its manifest's inputs) is still
    /// committed in <paramref name="ingestions"/>; else why a publication must not go on, in French.
    /// A committed file stays committed (nothing deletes a row), so a file missing means the table was
    /// emptied, replaced or is another storage's: a dashboard made without it would drop its figures
    /// silently (red team, operator: an empty dashboard published as latest, exit 0).
    /// </summary>
    public async Task<string?> LostInputsAsync(IReadOnlyList<IngestionSummary> ingestions, CancellationToken cancellationToken = default)
    {
        if (await NewestCompleteAsync(cancellationToken).ConfigureAwait(false) is not { } newest
            || await GetAsync(newest.AsOf, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false) is not { } manifest)
        {
            return null;
        }

        var committed = ingestions.Where(i => i.Status == IngestionStatus.Committed).Select(i => (i.Agency, i.IngestId)).ToHashSet();
        var lost = SnapshotManifest.ReadInputs(manifest.Content.ToMemory()).Inputs.Where(i => !committed.Contains(i))
            .OrderBy(i => i.Agency.Value, StringComparer.Ordinal).ThenBy(i => i.IngestId, StringComparer.Ordinal).ToArray();
        if (lost.Length == 0)
        {
            return null;
        }

        var examples = FrenchFormat.List([.. lost.Take(3).Select(l => $"{l.Agency} {l.IngestId}")]);
        return Text.FrenchTypography.Apply(
            $"Publication refusée : le tableau de bord publié pour le {FrenchFormat.Date(newest.AsOf)} comptait {FrenchFormat.Count(lost.Length, "fichier", "fichiers")} que la table {layout.Ingestions} ne donne plus pour intégré{(lost.Length > 1 ? "s" : string.Empty)} (par exemple {examples}). "
            + $"Un fichier intégré le reste : la table a été vidée ou remplacée, ou ce n'est pas le bon stockage (connexion, --layout-suffix). Restaurez-la, ou rejouez les fichiers archivés de chaque agence ({string.Join(", ", lost.Select(l => l.Agency.Value).Distinct().Select(a => $"« mission replay --archived --agency {a} »"))}), puis recalculez ; rien n'a été publié.");
    }

    /// <summary>The date <c>latest/asof.txt</c> holds as written, or null when absent or not a date: what the mirror's writers compare with.</summary>
    private async Task<DateOnly?> WrittenPointerAsync(CancellationToken cancellationToken) =>
        (await PointerAsync(cancellationToken, derive: false).ConfigureAwait(false))?.AsOf;

    /// <summary>
    /// The date <c>latest/asof.txt</c> names and when it was written. A pointer deleted, or edited by
    /// hand into something else than a date (a byte-order mark and line breaks are forgiven), is
    /// derived as the publications write it — the newest complete dated folder (its manifest written)
    /// that is not in the future — until the next publication writes it again: an operator's slip
    /// never takes the dashboard offline (red team, operator: a BOM made every route answer 500).
    /// </summary>
    private async Task<(DateOnly AsOf, DateTimeOffset Written)?> PointerAsync(CancellationToken cancellationToken, bool derive = true)
    {
        try
        {
            var pointer = (await Container.GetBlobClient(StorageLayout.LatestPointerBlob).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            if (DateOnly.TryParseExact(pointer.Content.ToString().Trim().TrimStart('\uFEFF').Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (date, pointer.Details.LastModified);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }

        if (!derive)
        {
            return null;
        }

        return await NewestCompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest dated folder not in the future whose manifest is written (a complete publication, draft or released), and when; null when none.</summary>
    private async Task<(DateOnly AsOf, DateTimeOffset Written)?> NewestCompleteAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var dates = new List<DateOnly>();
        await foreach (var date in DatedFoldersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (date <= today)
            {
                dates.Add(date);
            }
        }

        foreach (var date in dates.OrderDescending())
        {
            var manifest = Container.GetBlobClient(StorageLayout.SnapshotBlob(StorageLayout.SnapshotFolder(date), SnapshotFiles.Manifest));
            try
            {
                return (date, (await manifest.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.LastModified);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }

        return null;
    }

    /// <summary>The manifest's metadata key marking a snapshot written before its date ended (<see cref="PublishAsync"/>).</summary>
    private const string ProvisionalMetadata = "provisional";

    private Task<Azure.Response<BlobContentInfo>> Upload(string name, byte[] content, CancellationToken cancellationToken) =>
        Upload(name, content, metadata: null, cancellationToken);

    private Task<Azure.Response<BlobContentInfo>> Upload(string name, byte[] content, IDictionary<string, string>? metadata, CancellationToken cancellationToken) =>
        Container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentType(name) }, Metadata = metadata },
            cancellationToken);

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/plain; charset=utf-8",
    };
}

/// <summary>The snapshot <c>latest</c> holds: its date and when it was published.</summary>
public sealed record LatestSnapshot(DateOnly AsOf, DateTimeOffset PublishedAt);

public enum PublishOutcome
{
    Published,
    Unchanged,
    Republished,
    Kept,

    /// <summary>Approved, and so immutable: a different computation for its date is not written, even when republishing.</summary>
    Locked,

    /// <summary>Computed and not published: a view of the past (<see cref="Recompute.KnownAtAsync"/>).</summary>
    NotPublished,
}
