using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MissionPipeline.Storage;

public sealed partial class Snapshots
{
    /// <summary>
    /// How long a date's lock is leased at a time, the storage's shortest lease: renewed every third of
    /// it while held, so that a process killed while publishing holds the date no longer than that
    /// (its retry, the same command again, waits for it).
    /// </summary>
    private static readonly TimeSpan LockLease = TimeSpan.FromSeconds(15);

    /// <summary>How long a publication or an approval waits for another one of the same date to finish.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Takes the lock of the snapshot of <paramref name="asOf"/> (<see cref="StorageLayout.SnapshotLockBlob"/>):
    /// a publication and an approval of one date never interleave. An approval checked the draft's
    /// fingerprint, then recorded itself while a republication replaced the draft's files: the approved
    /// snapshot held figures nobody had read, beside pages rendered from the ones read. Each now holds
    /// the lock from its first read of the date to its last write. The lease is the storage's, in its
    /// own time (not the injected clock, which only dates what is published); waiting longer than
    /// <see cref="LockWait"/> throws, as any storage failure does.
    /// </summary>
    private async Task<DateLock> LockAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(StorageLayout.SnapshotLockBlob(asOf));
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // There already, leased or not.
        }

        var lease = blob.GetBlobLeaseClient();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LockLease, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new DateLock(lease);
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && waited.Elapsed < LockWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A date's lock held: its lease renewed in the background until disposed, then released.</summary>
    private sealed class DateLock : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public DateLock(BlobLeaseClient lease)
        {
            _lease = lease;
            _renewing = RenewAsync(_stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
            _stop.Dispose();
            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Lost or expired: the next one acquires it anyway.
            }
        }

        private async Task RenewAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(LockLease / 3, cancellationToken).ConfigureAwait(false);
                    await _lease.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Released.
            }
            catch (RequestFailedException)
            {
                // The storage away: the lease expires, and whoever takes it next waits no longer than that.
            }
        }
    }
}
