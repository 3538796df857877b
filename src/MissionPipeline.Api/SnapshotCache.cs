using System.Collections.Concurrent;
using MissionPipeline.Storage;

namespace MissionPipeline.Api;

/// <summary>
/// The published snapshot files the dashboard routes serve, kept in this process's memory for
/// <see cref="Window"/> after they were read: a dashboard polled hundreds of times a second costs
/// one storage read (the <c>latest</c> pointer and the file) per file and window, not two per
/// request. A publication by this process (<c>POST /api/recompute</c>) clears it at once; one by
/// another process (the nightly timer on another instance, <c>mission recompute</c>) is served
/// within the window, well inside the <c>max-age</c> the responses already give. Absent files are
/// never kept, so the first publication is seen at once. Thread-safe.
/// </summary>
public sealed class SnapshotCache(Snapshots snapshots, TimeProvider time)
{
    /// <summary>How long a read file is served from memory.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    // Published dates × 3 files is small, but the dates come from callers: expired entries go past this size.
    private const int PruneAbove = 64;

    private readonly ConcurrentDictionary<(DateOnly? AsOf, string File), (SnapshotFile File, DateTimeOffset ReadAt)> _files = new();
    private long _generation;

    /// <summary>The file as <see cref="Snapshots.GetAsync"/> gives it, from memory while fresh.</summary>
    public async Task<SnapshotFile?> GetAsync(DateOnly? asOf, string file, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_files.TryGetValue((asOf, file), out var kept) && now - kept.ReadAt < Window)
        {
            return kept.File;
        }

        // A read that started before a Clear must not put the old file back.
        var generation = Interlocked.Read(ref _generation);
        var found = await snapshots.GetAsync(asOf, file, cancellationToken).ConfigureAwait(false);
        if (found is not null && generation == Interlocked.Read(ref _generation))
        {
            _files[(asOf, file)] = (found, now);
            if (_files.Count > PruneAbove)
            {
                foreach (var old in _files.Where(f => now - f.Value.ReadAt >= Window).Select(f => f.Key))
                {
                    _files.TryRemove(old, out _);
                }
            }
        }

        return found;
    }

    /// <summary>Forgets every file: the next request reads storage.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _files.Clear();
    }
}
