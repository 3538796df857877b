using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using MissionPipeline.Api;
using MissionPipeline.Cli.Serve;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// Issue 7: a file that makes the job fail five times ends with its <c>Ingestions</c> row failed
/// (visible on <c>GET /api/ingestions/{agency}</c>) and, under <c>mission serve</c>, in the poison
/// container; it is not tried again, and the files after it are still ingested. In Azure the same
/// threshold is the host's <c>poisonBlobThreshold</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoisonTests(AzuriteFixture azurite)
{
    private static readonly ApiOptions Keys = new(
        DashboardKey: null,
        AdminKey: "admin-secret-key",
        AgencyKeys: new Dictionary<string, string> { ["ofii"] = "ofii-secret-key" },
        AllowedOrigins: []);

    [Fact]
    public async Task Serve_FileFailingFiveTimes_RowFailedOnTheApiCopiedToPoisonAndNotRetried()
    {
        var storage = new TestStorage(azurite);
        var bytes = Files.Example("ofii-2009-03.csv");
        var ingestId = StorageOutageTests.IngestIdOf(bytes);
        // A storage-side fault that strikes this file at every attempt: its segment blob is leased by
        // someone else, so writing the segment fails (412) after the claim and the archive, before the commit.
        var segment = storage.Blobs.GetBlobContainerClient(storage.Layout.Segments).GetBlobClient(StorageLayout.SegmentBlob(new Catalogue.AgencyId("ofii"), ingestId));
        await segment.UploadAsync(BinaryData.FromString("{}"));
        await segment.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(-1));

        await using var serve = await TestServe.StartAsync(storage.ConnectionString, storage.Layout, new ServeOptions(WatchInterval: TimeSpan.FromMilliseconds(100)), Keys);
        {
            var http = serve.Http;
            http.DefaultRequestHeaders.Add(ApiOptions.KeyHeader, "ofii-secret-key");
            await storage.UploadAsync("ofii", "mars.csv", bytes);
            var poison = storage.Blobs.GetBlobContainerClient(storage.Layout.Poison).GetBlobClient("ofii/mars.csv");

            await Eventually.HoldsAsync(async () => await poison.ExistsAsync(), "the watcher copies the file to the poison container");

            var row = (await storage.Tables.GetTableClient(storage.Layout.Ingestions).GetEntityAsync<IngestionRow>("ofii", ingestId)).Value;
            Assert.Equal(IngestionRow.Failed, row.Status);
            Assert.Equal(UploadWatcher.PoisonThreshold, row.Attempts);
            Assert.Equal(bytes, (await poison.DownloadContentAsync()).Value.Content.ToArray());
            using (var listing = JsonDocument.Parse(await http.GetStringAsync("api/ingestions/ofii")))
            {
                var entry = Assert.Single(listing.RootElement.GetProperty("ingestions").EnumerateArray());
                Assert.Equal(ingestId, entry.GetProperty("ingestId").GetString());
                Assert.Equal("failed", entry.GetProperty("status").GetString());
            }

            // The watcher goes on with other files and leaves the poisoned one alone.
            var good = Files.RetoursAidesByDepartement(months: 1);
            await storage.UploadAsync("ofii", "avril.csv", good);
            var goodId = StorageOutageTests.IngestIdOf(good);
            await Eventually.HoldsAsync(
                async () => (await storage.Committed().IngestionsOfAsync(new Catalogue.AgencyId("ofii"))).Any(r => r.RowKey == goodId && r.Status == IngestionRow.Committed),
                "a later file is still ingested");
            var after = (await storage.Tables.GetTableClient(storage.Layout.Ingestions).GetEntityAsync<IngestionRow>("ofii", ingestId)).Value;
            Assert.Equal(IngestionRow.Failed, after.Status);
            Assert.Equal(UploadWatcher.PoisonThreshold, after.Attempts);
        }
    }

    /// <summary>
    /// An upload whose name has a « .. » segment (« ofii/../dgt/x.csv », which only a raw request can
    /// write): no client can read it, since every URL parser resolves it to « dgt/x.csv ». Serve said
    /// only « blob not found », nameless, at every pass (red team, hostile agency); it now says once which
    /// upload, leaves it in uploads/ untouched, reads no other file in its place, and goes on with the rest.
    /// </summary>
    [Fact]
    public async Task Serve_UploadNamedWithADotSegment_SaidOnceByNameLeftInPlaceOthersIngested()
    {
        var storage = new TestStorage(azurite);
        var uploads = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads);
        var sas = uploads.GenerateSasUri(Azure.Storage.Sas.BlobContainerSasPermissions.Write | Azure.Storage.Sas.BlobContainerSasPermissions.Create, DateTimeOffset.UtcNow.AddHours(1));
        var raw = new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true };
        using (var put = new HttpRequestMessage(HttpMethod.Put, new Uri(sas.GetLeftPart(UriPartial.Path) + "/ofii/../dgt/x.csv" + sas.Query, in raw)) { Content = new ByteArrayContent(Files.Example("ofii-2009-03.csv")) })
        using (var http = new HttpClient())
        {
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            Assert.Equal(System.Net.HttpStatusCode.Created, (await http.SendAsync(put)).StatusCode);
        }

        var good = Files.RetoursAidesByDepartement(months: 1);
        await storage.UploadAsync("ofii", "avril.csv", good);
        await using var serve = new ServeProcess(storage.ConnectionString, storage.Layout.Uploads["uploads".Length..]);
        await Eventually.HoldsAsync(
            async () => (await storage.Committed().IngestionsOfAsync(new Catalogue.AgencyId("ofii"))).Any(r => r.RowKey == StorageOutageTests.IngestIdOf(good) && r.Status == IngestionRow.Committed),
            "the other upload is ingested");
        await Eventually.HoldsAsync(() => Task.FromResult(serve.Lines.Any(l => l.Contains("Upload ofii/../dgt/x.csv cannot be read: its name has a « . » or « .. » segment", StringComparison.Ordinal))), "a line naming the upload");
        await Task.Delay(TimeSpan.FromSeconds(5)); // more passes of the watcher, every 2 s

        var lines = serve.Lines;
        Assert.Single(lines, l => l.Contains("ofii/../dgt/x.csv", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("failed", StringComparison.OrdinalIgnoreCase) || l.Contains("poison", StringComparison.Ordinal));
        Assert.Contains("ofii/../dgt/x.csv", await NamesAsync(uploads));
        Assert.Empty(await NamesAsync(storage.Blobs.GetBlobContainerClient(storage.Layout.Poison)));
        Assert.Empty(await storage.Committed().IngestionsOfAsync(new Catalogue.AgencyId("dgt")));
        Assert.Single(await storage.Committed().IngestionsOfAsync(new Catalogue.AgencyId("ofii")));
    }

    private static async Task<List<string>> NamesAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var names = new List<string>();
        if (await container.ExistsAsync())
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                names.Add(blob.Name);
            }
        }

        return names;
    }

    [Fact]
    public void HostJson_PoisonBlobThresholdIsFive_AsTheServeWatcher()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "host.json")));

        var threshold = host.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();

        Assert.Equal(5, threshold);
        Assert.Equal(UploadWatcher.PoisonThreshold, threshold);
    }

}
