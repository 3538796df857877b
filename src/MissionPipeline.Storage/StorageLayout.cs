using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace MissionPipeline.Storage;

/// <summary>
/// The names of the containers and tables of docs/architecture.md. Production uses <see cref="Default"/>;
/// integration tests give each test its own names so that tests never see each other's data.
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

    /// <summary>A layout whose every name carries <paramref name="suffix"/> (lower-case letters and digits).</summary>
    public static StorageLayout WithSuffix(string suffix) => new(
        "uploads" + suffix, "archive" + suffix, "reports" + suffix, "snapshots" + suffix, "Ingestions" + suffix, "Observations" + suffix, "segments" + suffix);

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
