using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli.Serve;

/// <summary>
/// Locally, what Event Grid and the blob trigger do in Azure: looks at <c>uploads/</c> every few
/// seconds and runs the ingest job on each blob it has not seen in this version (name + ETag). The
/// job is idempotent, so a blob seen again after a restart only answers "duplicate", from the ledger
/// without being read again when our uploaders sent it (<see cref="IngestFile.RunAsync"/>). A storage
/// that stops answering is logged once, and once when it answers again. A blob whose
/// ingest fails does not stop the pass; after <see cref="PoisonThreshold"/> failed attempts (the
/// Functions host's <c>poisonBlobThreshold</c>) it is copied to the <c>poison</c> container under
/// its own name (the host puts a message on queue <c>webjobs-blobtrigger-poison</c>; locally the
/// blob itself is kept, which an operator can look at and replay) and is not tried again until it
/// changes. The job has marked its <c>Ingestions</c> row failed; <c>mission replay</c> retries it.
/// Failure counts live in memory: a restart of <c>mission serve</c> gives every blob five more tries.
/// </summary>
internal sealed class UploadWatcher(BlobServiceClient blobs, StorageLayout layout, IngestFile ingest, ServeOptions options, TimeProvider time, ILogger<UploadWatcher> logger) : BackgroundService
{
    /// <summary>As <c>extensions.blobs.poisonBlobThreshold</c> in host.json.</summary>
    public const int PoisonThreshold = 5;

    private readonly HashSet<(string Name, string ETag)> _seen = [];
    // When the storage stopped answering the watcher's passes: an outage is logged once, not at every pass.
    private DateTimeOffset? _awaySince;
    private readonly Dictionary<(string Name, string ETag), int> _failures = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var uploads = blobs.GetBlobContainerClient(layout.Uploads);
        while (!stoppingToken.IsCancellationRequested)
        {
            // An outage began no later than the pass that met it (the SDK's retries come before we know).
            var passStarted = time.GetUtcNow();
            try
            {
                await foreach (var item in ListAsync(uploads, stoppingToken).ConfigureAwait(false))
                {
                    var key = (item.Name, item.Properties.ETag?.ToString() ?? string.Empty);
                    if (_seen.Contains(key))
                    {
                        continue;
                    }

                    if (!Addressable(item.Name))
                    {
                        // No client can read it (the SDK, as any URL parser, resolves « dgt/../ofii/x.csv » to
                        // « ofii/x.csv »): said once by name, never copied nor ingested as another file's.
                        Log.UploadUnaddressable(logger, Echo.Shorten(item.Name, 200));
                        _seen.Add(key);
                        continue;
                    }

                    try
                    {
                        var report = await ingest.RunAsync(uploads.GetBlobClient(item.Name), stoppingToken).ConfigureAwait(false);
                        _seen.Add(key);
                        _failures.Remove(key);
                        // A blob already ingested (every upload, after a restart) is not news.
                        if (report.Status == Reports.ReportStatus.Duplicate)
                        {
                            Log.WatchedAgain(logger, item.Name);
                        }
                        else
                        {
                            Log.Watched(logger, item.Name, report.Status, report.Observations, report.Errors.Count);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && !StorageFailure.IsUnreachable(ex))
                    {
                        // One bad blob never stops the others: count its failure and go on (a storage
                        // away is no fault of the blob: it ends the pass, and counts towards nothing).
                        var failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
                        Log.UploadFailed(logger, ex, Echo.Shorten(item.Name, 200), failures);
                        // A name storage cannot serve back (dgt/../ofii/x.csv, ofii/) will never download: poisoned at once.
                        if (failures >= PoisonThreshold || ex is RequestFailedException { Status: 404 })
                        {
                            try
                            {
                                await PoisonAsync(uploads.GetBlobClient(item.Name), stoppingToken).ConfigureAwait(false);
                            }
                            catch (Exception poisonFailure) when (poisonFailure is not OperationCanceledException)
                            {
                                // Not even copyable: it stays in uploads/ (nothing is lost), the others go on.
                                Log.PoisonFailed(logger, poisonFailure);
                            }

                            _seen.Add(key);
                            _failures.Remove(key);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && StorageFailure.IsUnreachable(ex))
            {
                // The next pass retries (a file not finished is not marked seen). Once per outage, one line.
                if (_awaySince is null)
                {
                    _awaySince = passStarted;
                    var reason = StorageFailure.Describe(ex);
                    Log.WatchStorageAway(logger, reason, options.Interval.TotalSeconds);
                }

                Log.WatchStillAway(logger, ex);
                await Task.Delay(options.Interval, stoppingToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.WatchFailed(logger, ex);
            }

            if (_awaySince is { } since)
            {
                var away = time.GetUtcNow() - since;
                Log.WatchStorageBack(logger, away.TotalSeconds);
                _awaySince = null;
            }

            await Task.Delay(options.Interval, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a client can read the blob listed as <paramref name="name"/>: a name with a « . » or
    /// « .. » segment (« dgt/../ofii/x.csv », « dgt/.. ») is resolved by every URL parser to another
    /// name, or to none; the emulator stores such names as sent (Azure's guidance forbids segments
    /// ending with a dot).
    /// </summary>
    internal static bool Addressable(string name) =>
        !name.Split('/').Any(segment => segment is "." or "..");

    /// <summary>
    /// Every blob of <c>uploads/</c> that storage can list. A listing that storage cannot give whole
    /// (the emulator writes a name with control characters raw into its XML, which no client can
    /// parse; Azure encodes such names) is taken folder by folder, every folder storage names (an
    /// agency's, a mistyped one, the root's own files), and a folder it cannot list whole one more
    /// character at a time: one hostile name hides only the names that share its prefix up to its
    /// control character, never another folder's files (red team, hostile files: the files under
    /// <c>nobody/</c> or <c>OFII/</c>, which only the agency folders were listed for, waited).
    /// </summary>
    private async IAsyncEnumerable<BlobItem> ListAsync(BlobContainerClient uploads, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var whole = await TryListAsync(uploads, null, cancellationToken).ConfigureAwait(false);
        if (whole is not null)
        {
            _unlistable.Clear();
            foreach (var item in whole)
            {
                yield return item;
            }

            yield break;
        }

        _listingsLeft = ListingsPerPass;
        var folders = await TryListFoldersAsync(uploads, cancellationToken).ConfigureAwait(false);
        if (folders is null)
        {
            // The hostile name is at the root: its neighbours there, and every folder, by narrowing.
            await foreach (var item in NarrowAsync(uploads, string.Empty, 0, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }

            yield break;
        }

        foreach (var item in folders.Value.Files)
        {
            yield return item;
        }

        foreach (var folder in folders.Value.Prefixes)
        {
            await foreach (var item in NarrowAsync(uploads, folder, 0, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    // Characters a file name usually goes on with; a name that goes on with another one is not listed
    // while a hostile name shares its prefix (the emulator only: Azure lists every name).
    // Combining accents too: a name written decomposed (macOS: « E » then U+0301) goes on with one.
    private const string NameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-()[]+,=@'&~éèêàâçùûîôëïüÉÈÊÀÂÇÙÛÎÔËÏÜœŒæÆ/\u0300\u0301\u0302\u0308\u0327";

    // How deep the narrowing goes (a hostile name sharing the first characters of a real one, « ofii-2009-04 »,
    // hid it at 12), and how many listings a pass may spend on it: each level costs one per character
    // above, along the hostile name's path only; the budget bounds what names made to branch can cost.
    private const int NarrowingDepth = 40;
    private const int ListingsPerPass = 3_000;
    private int _listingsLeft = ListingsPerPass;

    // The prefixes a listing failed for, so that a hostile name is logged once, not at every pass.
    private readonly HashSet<string> _unlistable = [];

    /// <summary>The files at the root of <c>uploads/</c> and its folders' prefixes, or null when storage answered a listing no client can read.</summary>
    private async Task<(List<BlobItem> Files, List<string> Prefixes)?> TryListFoldersAsync(BlobContainerClient uploads, CancellationToken cancellationToken)
    {
        var (files, prefixes) = (new List<BlobItem>(), new List<string>());
        try
        {
            await foreach (var item in uploads.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix: null, cancellationToken).ConfigureAwait(false))
            {
                if (item.IsPrefix)
                {
                    prefixes.Add(item.Prefix);
                }
                else
                {
                    files.Add(item.Blob);
                }
            }

            return (files, prefixes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !StorageFailure.IsUnreachable(ex))
        {
            Unlistable(string.Empty, ex.GetType().Name);
            return null;
        }
    }

    private async IAsyncEnumerable<BlobItem> NarrowAsync(BlobContainerClient uploads, string prefix, int depth, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listed = await TryListAsync(uploads, prefix, cancellationToken).ConfigureAwait(false);
        if (listed is not null)
        {
            foreach (var item in listed)
            {
                yield return item;
            }
        }
        else if (depth < NarrowingDepth && _listingsLeft > 0)
        {
            foreach (var next in NameCharacters)
            {
                await foreach (var item in NarrowAsync(uploads, prefix + next, depth + 1, cancellationToken).ConfigureAwait(false))
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>The blobs under <paramref name="prefix"/>, or null when storage answered a listing no client can read, or when the pass's listings are spent.</summary>
    private async Task<List<BlobItem>?> TryListAsync(BlobContainerClient uploads, string? prefix, CancellationToken cancellationToken)
    {
        if (prefix is not null && --_listingsLeft < 0)
        {
            Unlistable("(budget)", $"{ListingsPerPass} listings spent in this pass; names further along the hostile one's prefix wait until it is deleted");
            return null;
        }

        var items = new List<BlobItem>();
        try
        {
            await foreach (var item in uploads.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !StorageFailure.IsUnreachable(ex))
        {
            Unlistable(prefix ?? "*", ex.GetType().Name);
            return null;
        }
    }

    private void Unlistable(string prefix, string failure)
    {
        if (_unlistable.Add(prefix))
        {
            Log.ListingFailed(logger, failure);
        }
    }

    private async Task PoisonAsync(BlobClient upload, CancellationToken cancellationToken)
    {
        var poison = blobs.GetBlobContainerClient(layout.Poison);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var copy = await poison.GetBlobClient(upload.Name).StartCopyFromUriAsync(upload.Uri, cancellationToken: cancellationToken).ConfigureAwait(false);
        await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
    }
}
