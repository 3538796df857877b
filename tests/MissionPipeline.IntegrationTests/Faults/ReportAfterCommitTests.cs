using Azure.Core;
using Azure.Core.Pipeline;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Faults;

/// <summary>
/// The report says committed only once the commit is done: a process that dies at the commit leaves
/// no report contradicting the row, and a report lost after the commit is rebuilt, byte for byte,
/// from the archive by the next delivery.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportAfterCommitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunAsync_DiesAtTheCommit_NoReportThenTheRetryCommitsAndWritesIt()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        var dying = storage.NewTables(new FailCommit(storage.Layout.Ingestions));

        await Assert.ThrowsAnyAsync<IOException>(() => storage.Ingest(dying).RunAsync(blob));

        var row = Assert.Single(await storage.Committed().IngestionsOfAsync(new("ofii")));
        Assert.NotEqual(IngestionRow.Committed, row.Status);
        var report = storage.Blobs.GetBlobContainerClient(storage.Layout.Reports).GetBlobClient($"ofii/{row.RowKey}.json");
        Assert.False(await report.ExistsAsync()); // nothing says committed while the row does not

        var retried = await storage.Ingest().RunAsync(blob);

        Assert.Equal(Reports.ReportStatus.Committed, retried.Status);
        Assert.Equal(IngestionRow.Committed, Assert.Single(await storage.Committed().IngestionsOfAsync(new("ofii"))).Status);
        Assert.Contains("\"status\": \"committed\"", (await report.DownloadContentAsync()).Value.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReportLostAfterTheCommit_NextDeliveryRebuildsTheSameBytes()
    {
        var storage = new TestStorage(azurite);
        var blob = await storage.UploadAsync("ofii", "ofii-2009-03.csv", Files.Example("ofii-2009-03.csv"));
        var first = await storage.Ingest().RunAsync(blob);
        var report = storage.Blobs.GetBlobContainerClient(storage.Layout.Reports).GetBlobClient($"ofii/{first.IngestId}.json");
        var written = (await report.DownloadContentAsync()).Value.Content.ToArray();
        await report.DeleteAsync();

        var again = await storage.Ingest().RunAsync(blob);

        Assert.Equal(Reports.ReportStatus.Duplicate, again.Status);
        Assert.Equal(first.Observations, again.Observations);
        Assert.Equal(written, (await report.DownloadContentAsync()).Value.Content.ToArray());
    }

    /// <summary>Fails the first write that would mark a row of <c>Ingestions</c> finished: the process dies at the commit.</summary>
    private sealed class FailCommit(string table) : HttpPipelinePolicy
    {
        private int _failed;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Put
                && message.Request.Uri.Path.Contains(table + "(", StringComparison.Ordinal)
                && Body(message).Contains("committed", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                throw new IOException("Injected fault: the process dies at the commit.");
            }

            await ProcessNextAsync(message, pipeline);
        }

        private static string Body(HttpMessage message)
        {
            if (message.Request.Content is null)
            {
                return string.Empty;
            }

            using var buffer = new MemoryStream();
            message.Request.Content.WriteTo(buffer, CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
