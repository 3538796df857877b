using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MissionPipeline.Storage;

/// <summary>A published snapshot file with the ETag that HTTP responses carry.</summary>
public sealed record SnapshotFile(string Name, BinaryData Content, string ETag);

/// <summary>
/// The published dashboards: <c>snapshots/{asOf:yyyy-MM-dd}/{file}</c> and <c>snapshots/latest/{file}</c>.
/// A dated snapshot is immutable unless republished explicitly; <c>latest</c> holds the newest asOf.
/// </summary>
public sealed class Snapshots(BlobServiceClient blobs, StorageLayout layout)
{
    public const string Latest = "latest";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(layout.Snapshots);

    public static string Folder(DateOnly asOf) => asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads a file of the snapshot of <paramref name="asOf"/>, or of <c>latest</c> when null; null if absent.</summary>
    public async Task<SnapshotFile?> GetAsync(DateOnly? asOf, string file, CancellationToken cancellationToken = default)
    {
        var blob = Container.GetBlobClient($"{(asOf is { } d ? Folder(d) : Latest)}/{file}");
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new SnapshotFile(file, content.Content, StrongETag(content.Content));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Compares <paramref name="files"/> with what is published for <paramref name="asOf"/>: identical →
    /// <see cref="PublishOutcome.Unchanged"/>; different and not <paramref name="republish"/> →
    /// <see cref="PublishOutcome.Kept"/> (nothing written); else writes the dated files, then
    /// <c>latest</c> if no newer asOf is published there.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(DateOnly asOf, IReadOnlyList<(string Name, byte[] Content)> files, bool republish, CancellationToken cancellationToken = default)
    {
        var existing = new List<bool>();
        foreach (var (name, content) in files)
        {
            var current = await GetAsync(asOf, name, cancellationToken).ConfigureAwait(false);
            existing.Add(current is not null && current.Content.ToMemory().Span.SequenceEqual(content));
        }

        var anyPublished = await Container.GetBlobClient($"{Folder(asOf)}/{files[0].Name}").ExistsAsync(cancellationToken).ConfigureAwait(false);
        PublishOutcome outcome;
        if (existing.All(e => e))
        {
            outcome = PublishOutcome.Unchanged;
        }
        else if (anyPublished && !republish)
        {
            return PublishOutcome.Kept;
        }
        else
        {
            foreach (var (name, content) in files)
            {
                await Upload($"{Folder(asOf)}/{name}", content, cancellationToken).ConfigureAwait(false);
            }

            outcome = anyPublished ? PublishOutcome.Republished : PublishOutcome.Published;
        }

        var latest = await LatestAsOfAsync(cancellationToken).ConfigureAwait(false);
        if (latest is null || latest <= asOf)
        {
            foreach (var (name, content) in files)
            {
                await Upload($"{Latest}/{name}", content, cancellationToken).ConfigureAwait(false);
            }

            await Upload($"{Latest}/asof.txt", System.Text.Encoding.ASCII.GetBytes(Folder(asOf)), cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// A file of the snapshot published for the newest date strictly before <paramref name="asOf"/>
    /// (<c>latest</c> is not a date), or null when there is none: what <c>changes</c> compares with.
    /// </summary>
    public async Task<(DateOnly AsOf, SnapshotFile File)?> PreviousAsync(DateOnly asOf, string file, CancellationToken cancellationToken = default)
    {
        var dates = new List<DateOnly>();
        await foreach (var item in Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix: null, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsPrefix
                && DateOnly.TryParseExact(item.Prefix.TrimEnd('/'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && date < asOf)
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

    /// <summary>The asOf of the snapshot <c>latest</c> holds, or null when nothing is published.</summary>
    public async Task<DateOnly?> LatestAsOfAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var text = (await Container.GetBlobClient($"{Latest}/asof.txt").DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            return DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private Task<Azure.Response<BlobContentInfo>> Upload(string name, byte[] content, CancellationToken cancellationToken) =>
        Container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentType(name) } },
            cancellationToken);

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };

    // Content-derived, so both hosts and every instance give the same ETag for the same bytes.
    private static string StrongETag(BinaryData content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span))[..32] + "\"";
}

public enum PublishOutcome
{
    Published,
    Unchanged,
    Republished,
    Kept,
}
