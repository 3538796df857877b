using System.Collections.Concurrent;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;

namespace MissionPipeline.Api;

/// <summary>A published snapshot file as the routes serve it, with its strong HTTP ETag (<see cref="Responses.ETagOf"/>), computed once per read.</summary>
public sealed record ServedFile(string Name, BinaryData Content, string ETag);

/// <summary>
/// The published snapshot files the dashboard routes serve, kept in this process's memory: a
/// dashboard polled hundreds of times a second costs one storage read (the <c>latest</c> pointer
/// and the file) per file every <see cref="Window"/>, not two per request, and no request waits on
/// storage while a file is being read again.
/// <list type="bullet">
/// <item>Fresh (read less than <see cref="Window"/> ago): served from memory.</item>
/// <item>Stale but younger than <see cref="Grace"/>: still served from memory, while one
/// background read replaces it.</item>
/// <item>Older, absent, or after <see cref="Clear"/>: read from storage before answering.</item>
/// <item>While the storage does not answer (stale-if-error): a file read less than
/// <see cref="StaleIfError"/> ago is still served, and <see cref="AwaySince"/> says since when;
/// a request waits at most <see cref="StorageWait"/> for a storage that hangs before it is served the
/// kept copy. Without a kept copy, or past that age, the failure is the answer (503), within
/// <see cref="StorageWait"/> too. A file is read by one read at a time, whoever waits for it.</item>
/// <item>A new approval, seen when the approvals are read again, drops every kept file: one kept
/// before it may be a draft since republished, which must never be served as the released one.</item>
/// </list>
/// So a publication by this process (<c>POST /api/recompute</c> clears the cache) is served at once,
/// and one by another process (the nightly timer on another instance, <c>mission recompute</c>) within
/// <see cref="Grace"/>, well inside the <c>max-age</c> the responses already give. Absent files are
/// never kept: the first publication is seen at once. Thread-safe.
/// </summary>
public sealed class SnapshotCache(Snapshots snapshots, TimeProvider time)
{
    /// <summary>How long a read file is served from memory without reading it again.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>Up to this age a file is still served while it is read again in the background.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after its last read a kept file is still served while the storage does not answer. A
    /// snapshot changes only when one is published, which needs the same storage: a copy an hour old is
    /// the latest one unless this instance alone lost the storage; past that, the answer is 503.
    /// </summary>
    public static readonly TimeSpan StaleIfError = TimeSpan.FromHours(1);

    /// <summary>
    /// The response header of an answer made while the storage does not answer: the instant (ISO 8601,
    /// UTC) since when it has not; the answer is then what this process kept, read before that instant.
    /// </summary>
    public const string StaleHeader = "X-Mission-Stale";

    /// <summary>How long a request with a kept copy waits for the storage past <see cref="Grace"/> before it is served that copy (the storage that hangs, not one that refuses).</summary>
    public static readonly TimeSpan StorageWait = TimeSpan.FromSeconds(5);

    // Published dates × 3 files is small, but the dates come from callers: old entries go past this size.
    private const int PruneAbove = 64;

    private readonly ConcurrentDictionary<(DateOnly? AsOf, string File), (ServedFile File, DateTimeOffset ReadAt)> _files = new();
    // At most one read of a file at a time: the background refresh, which a request past Grace joins.
    private readonly ConcurrentDictionary<(DateOnly? AsOf, string File), Lazy<Task<Refresh>>> _refreshing = new();
    private long _generation;
    // UTC ticks of the first failed read since the last successful one; 0 while the storage answers.
    private long _awaySince;
    // One reference, swapped whole: a request never reads the approvals of one read with the time of another.
    private volatile KeptApprovals? _approvals;

    /// <summary>
    /// The file as <see cref="Snapshots.GetAsync"/> gives it, with its ETag, from memory while fresh (see
    /// the class). Where approval is required, the latest (null <paramref name="asOf"/>) is the newest
    /// released date by the approvals and this instant's clock, so a release time switches it at once.
    /// </summary>
    /// <remarks>A <see cref="ValueTask{TResult}"/>: a file served from memory, the case of nearly every request, completes without allocating.</remarks>
    public async ValueTask<ServedFile?> GetAsync(DateOnly? asOf, string file, CancellationToken cancellationToken = default)
    {
        if (asOf is null && await snapshots.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            asOf = (await ApprovalsAsync(cancellationToken).ConfigureAwait(false)).LatestReleased(time.GetUtcNow());
            if (asOf is null)
            {
                return null;
            }
        }

        var key = (asOf, file);
        var now = time.GetUtcNow();
        if (_files.TryGetValue(key, out var kept))
        {
            var age = now - kept.ReadAt;
            if (age < Window)
            {
                return kept.File;
            }

            if (age < StaleIfError)
            {
                var refresh = Refreshing(key);
                if (AwaySince is { } away)
                {
                    return Stale(kept.File, away);
                }

                if (age < Grace)
                {
                    return kept.File;
                }

                // Past the grace, the answer waits for the read (a publication elsewhere is then seen),
                // but not for a storage that hangs, and a storage that fails leaves the copy served.
                Refresh done;
                try
                {
                    done = await refresh.WaitAsync(StorageWait, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    MarkAway(now);
                    return Stale(kept.File, AwaySince ?? now);
                }

                if (done.Failure is null)
                {
                    return Fresh(done.File);
                }

                if (StorageFailure.IsUnreachable(done.Failure))
                {
                    return Stale(kept.File, AwaySince ?? now);
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(done.Failure);
            }
        }

        // Nothing to serve meanwhile: the answer waits for the one read of this file (a hundred
        // requests at once make one), at most StorageWait for a storage that hangs, then fails (503).
        var read = Refreshing(key);
        Refresh result;
        try
        {
            result = await read.WaitAsync(StorageWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The storage did not answer within {StorageWait.TotalSeconds} s.", ex);
        }

        if (result.Failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(result.Failure);
        }

        return Fresh(result.File);
    }

    /// <summary>
    /// Starts following the answer being made (the caller's asynchronous flow): the mark says whether
    /// it was made from a copy kept while the storage did not answer, and since when. Null, at no
    /// cost, while the storage answers (<see cref="AwaySince"/> null): the polled answer allocates nothing.
    /// </summary>
    public StaleMark? Follow()
    {
        if (AwaySince is null)
        {
            return null;
        }

        var mark = new StaleMark();
        Answering.Value = mark;
        return mark;
    }

    /// <summary>Whether an answer was made from a copy kept while the storage did not answer (<see cref="Follow"/>).</summary>
    public sealed class StaleMark
    {
        /// <summary>Since when the storage had not answered, when the answer used a kept copy; null when it used none.</summary>
        public DateTimeOffset? Since { get; internal set; }

        /// <summary>The only kept copy used so far is the approvals (which date is the latest), no file.</summary>
        internal bool ApprovalsOnly { get; set; }
    }

    // The answer being made, when Follow was called for it: GetAsync marks it when it serves a kept copy.
    private static readonly AsyncLocal<StaleMark?> Answering = new();

    private static ServedFile Stale(ServedFile kept, DateTimeOffset since)
    {
        if (Answering.Value is { } mark)
        {
            (mark.Since, mark.ApprovalsOnly) = (mark.Since ?? since, false);
        }

        return kept;
    }

    // The file was read from the storage just now: when the only kept copy the answer used so far is
    // the approvals (read before the storage came back), the answer is not a kept copy (a page read
    // fresh said « cette page est la copie que ce serveur avait gardée », red team); a kept file
    // used by an earlier step of the same answer keeps the mark.
    private static ServedFile? Fresh(ServedFile? file)
    {
        if (Answering.Value is { ApprovalsOnly: true } mark)
        {
            (mark.Since, mark.ApprovalsOnly) = (null, false);
        }

        return file;
    }

    // The approvals kept while the storage is away chose the answer's date: marked, unless a fresh read follows.
    private static void StaleApprovals(DateTimeOffset since)
    {
        if (Answering.Value is { Since: null } mark)
        {
            (mark.Since, mark.ApprovalsOnly) = (since, true);
        }
    }

    /// <summary>
    /// Since when this process serves the copies it kept because the storage does not answer (see the
    /// class); null otherwise. Process-wide: the first failed read of a kept file sets it, the first
    /// successful read clears it.
    /// </summary>
    public DateTimeOffset? AwaySince => Interlocked.Read(ref _awaySince) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary><see cref="AwaySince"/> when this process keeps files to serve meanwhile; null when it keeps none (its dashboards then answer 503).</summary>
    public DateTimeOffset? ServesKeptSince => _files.IsEmpty ? null : AwaySince;

    /// <summary>The state of the snapshot of <paramref name="asOf"/> at this instant, from the approvals read less than <see cref="Window"/> ago (released everywhere where no approval is required).</summary>
    public async ValueTask<SnapshotState> StateAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        if (!await snapshots.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            return SnapshotState.Released;
        }

        var approvals = (await ApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals;
        return Snapshots.StateOf(approvals.FirstOrDefault(a => a.AsOf == asOf), time.GetUtcNow(), requireApproval: true);
    }

    /// <summary>
    /// What a page of the latest released snapshot says of its validation, as its own pages do: its
    /// approval where approval is required (« Validé le … »), else nothing (approvals read less than <see cref="Window"/> ago).
    /// </summary>
    public async ValueTask<PageState> LatestPageStateAsync(CancellationToken cancellationToken = default)
    {
        if (!await snapshots.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            return PageState.Unreviewed;
        }

        var kept = await ApprovalsAsync(cancellationToken).ConfigureAwait(false);
        return StateOf(kept.Approvals, kept.LatestReleased(time.GetUtcNow()), PageState.Unreviewed);
    }

    /// <summary>
    /// What the pages of the snapshot of <paramref name="asOf"/> say of its validation at this instant,
    /// as its own pages do: its approval where approval is required (« Validé le … »), « Projet non
    /// validé » for a draft there, else nothing (approvals read less than <see cref="Window"/> ago).
    /// </summary>
    public async ValueTask<PageState> PageStateAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        if (!await snapshots.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false))
        {
            return PageState.Unreviewed;
        }

        return StateOf((await ApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals, asOf, PageState.Draft);
    }

    /// <summary>The state the approval of <paramref name="asOf"/> gives a page (« Validé le … »), or <paramref name="unapproved"/> when it has none.</summary>
    private static PageState StateOf(IEnumerable<SnapshotApproval> approvals, DateOnly? asOf, PageState unapproved) =>
        approvals.FirstOrDefault(a => a.AsOf == asOf) is { } approval ? PageState.Approved(approval.ApprovedAt, approval.ReleaseAt) : unapproved;

    /// <summary>Forgets every file and the approvals: the next request reads storage.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _files.Clear();
        _approvals = null;
    }

    private async ValueTask<KeptApprovals> ApprovalsAsync(CancellationToken cancellationToken)
    {
        // A small blob: read again once it is older than Window, by whichever request comes (at most a few at once).
        var now = time.GetUtcNow();
        var kept = _approvals;
        if (kept is not null && now - kept.ReadAt < Window)
        {
            return kept;
        }

        // Release instants are compared with this instant's clock: kept approvals, while the storage does not
        // answer, still release what they release on time. An approval is withdrawn only until two minutes
        // before its release (Snapshots.WithdrawalMargin); one withdrawn while this process could not read
        // the storage is still released by it, from a copy it kept, until the storage answers again
        // (docs/publication.md).
        var fallback = kept is not null && now - kept.ReadAt < StaleIfError;
        if (fallback && AwaySince is { } away)
        {
            StaleApprovals(away);
            return kept!;
        }

        // As a file's read (GetAsync), never longer than StorageWait: with kept approvals to fall back
        // on, they are used; without, the answer is 503 rather than the SDK's retries of a hung storage.

        // As for files: a read that started before a Clear (an approval on this host) must not put the old approvals back.
        var generation = Interlocked.Read(ref _generation);
        var reading = snapshots.ApprovalsAsync(cancellationToken);
        IReadOnlyList<SnapshotApproval> approvals;
        try
        {
            approvals = await reading.WaitAsync(StorageWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || StorageFailure.IsUnreachable(ex))
        {
            // A read left behind is observed here, whatever becomes of it.
            _ = reading.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (!fallback)
            {
                throw;
            }

            MarkAway(now);
            StaleApprovals(AwaySince ?? now);
            return kept!;
        }

        Interlocked.Exchange(ref _awaySince, 0);
        if (kept is null ? !_files.IsEmpty : !kept.Approvals.SequenceEqual(approvals))
        {
            // A new approval, seen here for the first time (or the first approvals read after files
            // were kept): a file kept before it may be the draft an admin read, since republished,
            // which the public routes would now serve as released (for up to an hour during an
            // outage). Every kept file goes; reads in flight since before this instant are not kept
            // (the generation), as after a Clear.
            Interlocked.Increment(ref _generation);
            _files.Clear();
            generation = Interlocked.Read(ref _generation);
        }

        var read = new KeptApprovals(approvals, now);
        if (generation == Interlocked.Read(ref _generation))
        {
            _approvals = read;
        }

        return read;
    }

    /// <summary>The approvals as read at <see cref="ReadAt"/>, and the newest date they release at a given instant.</summary>
    private sealed class KeptApprovals(IReadOnlyList<SnapshotApproval> approvals, DateTimeOffset readAt)
    {
        // The answer of LatestReleased over the instants [From, Until), where no approval's release
        // instant falls: the latest route asks at every request, the answer changes only at those instants.
        private volatile Latest? _latest;

        public IReadOnlyList<SnapshotApproval> Approvals => approvals;

        public DateTimeOffset ReadAt => readAt;

        /// <summary><see cref="Snapshots.LatestReleased"/> at <paramref name="now"/>, computed once per interval between release instants.</summary>
        public DateOnly? LatestReleased(DateTimeOffset now) =>
            _latest is { } kept && kept.From <= now && now < kept.Until ? kept.AsOf : Compute(now);

        // Apart from LatestReleased, whose every call would otherwise allocate this method's closure over now.
        private DateOnly? Compute(DateTimeOffset now)
        {
            var until = approvals.Select(Snapshots.ReleasedFrom).Where(at => at > now).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            var asOf = Snapshots.LatestReleased(approvals, now)?.AsOf;
            _latest = new Latest(asOf, now, until);
            return asOf;
        }

        private sealed record Latest(DateOnly? AsOf, DateTimeOffset From, DateTimeOffset Until);
    }

    /// <summary>The read of a file in the background: what it found, or why it failed (never thrown, so never unobserved).</summary>
    private sealed record Refresh(ServedFile? File, Exception? Failure);

    /// <summary>The one running read of <paramref name="key"/>, started if none runs.</summary>
    private Task<Refresh> Refreshing((DateOnly? AsOf, string File) key) =>
        _refreshing.GetOrAdd(key, static (key, cache) => new Lazy<Task<Refresh>>(() => cache.RefreshAsync(key)), this).Value;

    private async Task<Refresh> RefreshAsync((DateOnly? AsOf, string File) key)
    {
        // Off the caller's stack: the entry is in the dictionary before the read can end and remove it.
        await Task.Yield();
        try
        {
            return new Refresh(await ReadAsync(key, CancellationToken.None).ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            if (StorageFailure.IsUnreachable(ex) && _files.ContainsKey(key))
            {
                // A kept file: from now on, kept files are what is served.
                MarkAway(time.GetUtcNow());
            }

            return new Refresh(null, ex);
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
        }
    }

    private void MarkAway(DateTimeOffset at) => Interlocked.CompareExchange(ref _awaySince, at.UtcTicks, 0);

    /// <summary>
    /// Tells the cache that the storage did not answer a request it did not make (another route, the
    /// health probe): from
    /// now on kept files are served at once, marked stale, and <see cref="AwaySince"/> says since when.
    /// The first successful read, here or told by <see cref="MarkAnswering"/>, ends it.
    /// </summary>
    public void MarkAway() => MarkAway(time.GetUtcNow());

    /// <summary>Tells the cache that the storage answered a request it did not make (the health probe): <see cref="AwaySince"/> is null again.</summary>
    public void MarkAnswering() => Interlocked.Exchange(ref _awaySince, 0);

    private async Task<ServedFile?> ReadAsync((DateOnly? AsOf, string File) key, CancellationToken cancellationToken)
    {
        // A read that started before a Clear must not put the old file back.
        var generation = Interlocked.Read(ref _generation);
        var readAt = time.GetUtcNow();
        var read = await snapshots.GetAsync(key.AsOf, key.File, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _awaySince, 0);
        var found = read is null ? null : new ServedFile(read.Name, read.Content, Responses.ETagOf(read.Content.ToMemory().Span));
        if (generation != Interlocked.Read(ref _generation))
        {
            return found;
        }

        if (found is null)
        {
            _files.TryRemove(key, out _);
            return null;
        }

        _files[key] = (found, readAt);
        if (_files.Count > PruneAbove)
        {
            foreach (var old in _files.Where(f => readAt - f.Value.ReadAt >= Grace).Select(f => f.Key))
            {
                _files.TryRemove(old, out _);
            }
        }

        return found;
    }
}
