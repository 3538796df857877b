using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests;

/// <summary>One in-memory Azurite for the whole test run, on free loopback ports; stopped at the end.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync() => _azurite = await Azurite.StartInMemoryAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// A test's own storage: containers and tables whose names carry a unique suffix, real Azure SDK
/// clients over the shared emulator, and the jobs wired as the hosts wire them.
/// </summary>
public sealed class TestStorage
{
    private static int _counter;

    public TestStorage(AzuriteFixture azurite, HttpPipelinePolicy? tablePolicy = null)
    {
        ConnectionString = azurite.ConnectionString;
        Layout = StorageLayout.WithSuffix("t" + Environment.ProcessId + "x" + Interlocked.Increment(ref _counter));
        Blobs = new BlobServiceClient(ConnectionString);
        Tables = NewTables(tablePolicy);
        Layout.EnsureCreatedAsync(Blobs, Tables).GetAwaiter().GetResult();
    }

    public string ConnectionString { get; }

    public StorageLayout Layout { get; }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    // "Today" for the jobs (a recompute may not be dated after it): mid-2010, after the 2009 year every test reads.
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2010, 6, 30, 8, 0, 0, TimeSpan.Zero));

    public TableServiceClient NewTables(HttpPipelinePolicy? policy = null)
    {
        var options = new TableClientOptions();
        if (policy is not null)
        {
            options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
            options.Retry.MaxRetries = 0;
        }

        return new TableServiceClient(ConnectionString, options);
    }

    /// <summary>The jobs as the hosts wire them, over this storage (or another table client) and its clock: a new set at each call.</summary>
    public ServiceProvider Jobs(TableServiceClient? tables = null) => TestJobs.Wire(Blobs, tables ?? Tables, Layout, Time);

    public IngestFile Ingest(TableServiceClient? tables = null) => Jobs(tables).GetRequiredService<IngestFile>();

    public Recompute Recompute() => Jobs().GetRequiredService<Recompute>();

    public CommittedObservations Committed() => Jobs().GetRequiredService<CommittedObservations>();

    public BlobClient UploadBlob(string agency, string name) =>
        Blobs.GetBlobContainerClient(Layout.Uploads).GetBlobClient($"{agency}/{name}");

    /// <summary>Drops a file in uploads/{agency}/{name}, as an agency does.</summary>
    public async Task<BlobClient> UploadAsync(string agency, string name, byte[] content)
    {
        var blob = UploadBlob(agency, name);
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return blob;
    }
}
