using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace MissionPipeline.IntegrationTests.Security;

/// <summary>
/// Hostile upload names (<c>..</c>, <c>%2F</c>, control characters, 1 KiB names, sub-folders, URL
/// characters, accents) cannot move a file out of its agency: attribution is the first segment of
/// the blob name as storage holds it, the archive is <c>archive/{agency}/{yyyy}/{ingestId}/{one safe
/// segment}</c>, the <c>Ingestions</c> keys are safe, and nothing is written under another agency.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobNameTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Names() =>
    [
        "ofii/../dcpaf/x.csv",
        "ofii/%2F..%2Fx.csv",
        "ofii/a\u0001b.csv",
        "ofii/" + new string('n', 1_024) + ".csv",
        "ofii/sous/dossier/x.csv",
        "ofii/x#1.csv",
        "ofii/x?y=1.csv",
        "ofii/mars 2009 final.csv",
        "ofii/réfugiés-été.csv",
        "ofii/..%5C..%5Cx.csv",
        "ofii/.hidden",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task RunAsync_OddName_ArchivedUnderItsAgencyWithASafeName(string name)
    {
        var storage = new TestStorage(azurite);
        var uploads = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads);
        await uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Files.Example("ofii-2009-03.csv")), overwrite: true);

        // The SDK may normalise the name (`..`, `?`, `#`): what counts is the name storage holds.
        var stored = Assert.Single(await UploadNames(uploads, name));
        var agency = stored[..stored.IndexOf('/', StringComparison.Ordinal)];

        var report = await storage.Ingest().RunAsync(uploads.GetBlobClient(stored));

        Assert.Equal(agency, report.Agency.Value);
        var archived = Assert.Single(await Names(storage.Blobs.GetBlobContainerClient(storage.Layout.Archive)));
        var segments = archived.Split('/');
        Assert.Equal(4, segments.Length);
        Assert.Equal([agency, report.Received.UtcDateTime.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), report.IngestId], segments[..3]);
        Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$", segments[3]);

        var rows = storage.Tables.GetTableClient(storage.Layout.Ingestions).QueryAsync<TableEntity>();
        await foreach (var row in rows)
        {
            Assert.Equal(agency, row.PartitionKey);
            Assert.Matches("^[A-Za-z0-9_-]{1,128}$", row.RowKey);
        }

        Assert.All(await UploadNames(uploads, stored), n => Assert.StartsWith(agency + "/", n, StringComparison.Ordinal));
        Assert.All(await Names(storage.Blobs.GetBlobContainerClient(storage.Layout.Reports)), n => Assert.StartsWith(agency + "/", n, StringComparison.Ordinal));
    }

    /// <summary>
    /// Azurite cannot list a name holding a control character (its XML listing breaks, where Azure
    /// escapes it): the name as sent is then the name held.
    /// </summary>
    private static async Task<List<string>> UploadNames(BlobContainerClient uploads, string sent)
    {
        try
        {
            return await Names(uploads);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or System.Xml.XmlException && sent.Any(char.IsControl))
        {
            return [sent];
        }
    }

    private static async Task<List<string>> Names(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
