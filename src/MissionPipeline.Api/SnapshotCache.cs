using System.Collections.Concurrent;
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

    // Published dates × 3 files is small, but the dates come from callers: old entries go past this size.
    private const int PruneAbove = 64;

    private readonly ConcurrentDictionary<(DateOnly? AsOf, string File), (ServedFile File, DateTimeOffset ReadAt)> _files = new();
    private readonly ConcurrentDictionary<(DateOnly? AsOf, string File), bool> _refreshing = new();
    private long _generation;
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
        if (asOf is null && snapshots.RequireApproval)
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

            if (age < Grace)
            {
                if (_refreshing.TryAdd(key, true))
                {
                    _ = RefreshAsync(key);
                }

                return kept.File;
            }
        }

        return await ReadAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state of the snapshot of <paramref name="asOf"/> at this instant, from the approvals read less than <see cref="Window"/> ago (released everywhere where no approval is required).</summary>
    public async ValueTask<SnapshotState> StateAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        if (!snapshots.RequireApproval)
        {
            return SnapshotState.Released;
        }

        var approvals = (await ApprovalsAsync(cancellationToken).ConfigureAwait(false)).Approvals;
        return Snapshots.StateOf(approvals.FirstOrDefault(a => a.AsOf == asOf), time.GetUtcNow(), requireApproval: true);
    }

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
        if (_approvals is { } kept && now - kept.ReadAt < Window)
        {
            return kept;
        }

        // As for files: a read that started before a Clear (an approval on this host) must not put the old approvals back.
        var generation = Interlocked.Read(ref _generation);
        var read = new KeptApprovals(await snapshots.ApprovalsAsync(cancellationToken).ConfigureAwait(false), now);
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

    private async Task RefreshAsync((DateOnly? AsOf, string File) key)
    {
        try
        {
            await ReadAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // Storage away: the kept file is served until Grace, then requests read (and fail) themselves.
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
        }
    }

    private async Task<ServedFile?> ReadAsync((DateOnly? AsOf, string File) key, CancellationToken cancellationToken)
    {
        // A read that started before a Clear must not put the old file back.
        var generation = Interlocked.Read(ref _generation);
        var readAt = time.GetUtcNow();
        var found = await snapshots.GetAsync(key.AsOf, key.File, cancellationToken).ConfigureAwait(false) is { } read
            ? new ServedFile(read.Name, read.Content, Responses.ETagOf(read.Content.ToMemory().Span))
            : null;
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
