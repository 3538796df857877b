using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace MissionPipeline.Functions;

/// <summary>
/// The data storage account's clients, from the same settings the blob trigger's connection
/// <c>DataStorage</c> uses: either a connection string in <c>DataStorage</c> (Azurite, local runs) or
/// identity-based <c>DataStorage__blobServiceUri</c> + <c>DataStorage__tableServiceUri</c>
/// (+ <c>DataStorage__clientId</c> for a user-assigned managed identity) in Azure.
/// </summary>
internal sealed record DataStorage(BlobServiceClient Blobs, TableServiceClient Tables)
{
    public const string Connection = "DataStorage";

    public static DataStorage FromConfiguration(IConfiguration configuration)
    {
        // The SDK's defaults (4 tries of up to 100 s) would hold a request past the platform's 230 s
        // limit of an HTTP call, which then answers its own 502 instead of our French 503: 4 tries of
        // 20 s at most (the timeout bounds each read of an answer, not a whole download).
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        foreach (var retry in new[] { blobOptions.Retry, tableOptions.Retry })
        {
            retry.MaxRetries = 3;
            retry.NetworkTimeout = TimeSpan.FromSeconds(20);
        }

        if (configuration[Connection] is { Length: > 0 } connectionString)
        {
            return new DataStorage(new BlobServiceClient(connectionString, blobOptions), new TableServiceClient(connectionString, tableOptions));
        }

        var section = configuration.GetSection(Connection);
        var blobUri = section["blobServiceUri"] ?? throw new InvalidOperationException($"Setting {Connection}__blobServiceUri (or a {Connection} connection string) is missing.");
        var tableUri = section["tableServiceUri"] ?? throw new InvalidOperationException($"Setting {Connection}__tableServiceUri is missing.");
        var credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        return new DataStorage(new BlobServiceClient(new Uri(blobUri), credential, blobOptions), new TableServiceClient(new Uri(tableUri), credential, tableOptions));
    }
}
