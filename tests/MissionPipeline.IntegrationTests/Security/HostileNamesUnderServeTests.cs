using MissionPipeline.Api;
using MissionPipeline.Cli;
using MissionPipeline.Cli.Serve;
using MissionPipeline.IntegrationTests.Journeys;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Security;

/// <summary>
/// Hostile names written straight into <c>uploads/</c> while <c>mission serve</c> runs (control
/// characters that break a listing, names storage cannot serve back): the files after them are
/// still ingested, and <c>mission ingest</c> refuses such a name before uploading it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileNamesUnderServeTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("ofii/a\u001b[2Jb.csv")]
    [InlineData("ofii/cloche\u0007.csv")]
    [InlineData("ofii/Évian-2009-04.cs\u0007")] // sharing 16 characters with a real name: the narrowing stopped at 12 (review)
    [InlineData("dgt/../ofii/x.csv")]
    [InlineData("ofii/")]
    [InlineData("dgt/%2e%2e/ofii/y.csv")]
    public async Task Watcher_HostileNameFirst_TheNextGoodFileIsStillIngested(string hostile)
    {
        var storage = new TestStorage(azurite);
        await using var serve = await TestServe.BuildAsync(storage.ConnectionString, storage.Layout, new ServeOptions(WatchInterval: TimeSpan.FromMilliseconds(100)), ApiOptions.Open);
        var uploads = storage.Blobs.GetBlobContainerClient(storage.Layout.Uploads);
        try
        {
            await uploads.GetBlobClient(hostile).UploadAsync(BinaryData.FromBytes(Files.Example("ofii-2009-03.csv")), overwrite: true);
        }
        catch (Azure.RequestFailedException)
        {
            // Storage refused the name itself: nothing hostile sits in uploads/, the rest must work anyway.
        }

        await serve.StartAsync();
        await storage.UploadAsync("ofii", "zz-apres.csv", Files.F0("indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-03;FR;4870\n"));
        // A name going on with a capital É, and files outside any agency's folder: the listing of the
        // agency folders alone, narrowed by a fixed set of characters, never saw them (red team, hostile files).
        await storage.UploadAsync("ofii", "Évian-2009-04.csv", Files.F0("indicateur;periode;territoire;valeur\ncai_bilans_competences;2009-04;FR;4871\n"));
        byte[][] strays = ["a;b\n1;2\n"u8.ToArray(), "c;d\n3;4\n"u8.ToArray()];
        await uploads.GetBlobClient("personne/x.csv").UploadAsync(BinaryData.FromBytes(strays[0]), overwrite: true);
        await uploads.GetBlobClient("a-la-racine.csv").UploadAsync(BinaryData.FromBytes(strays[1]), overwrite: true);
        var strayHashes = strays.Select(b => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b))).ToHashSet();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var committed = false;
        var outside = 0;
        while (!committed || outside < 2)
        {
            var rows = await storage.Committed().IngestionsOfAsync(new("ofii"), deadline.Token);
            committed = rows.Count(r => r.File is "zz-apres.csv" or "Évian-2009-04.csv" && r.Status == IngestionRow.Committed) == 2;
            outside = (await storage.Committed().IngestionsOfAsync(new(IngestFile.UnknownAgency), deadline.Token)).Count(r => r.Status == IngestionRow.Rejected && strayHashes.Contains(r.Sha256));
            if (!committed || outside < 2)
            {
                await Task.Delay(100, deadline.Token);
            }
        }

        Assert.Equal((true, 2), (committed, outside));
    }

    [Theory]
    [InlineData("ofii\u001b[2J.csv")]
    [InlineData("ofii\r accepté.csv")]
    public async Task Ingest_NameWithControlCharacters_RefusedBeforeUpload(string name)
    {
        var folder = Directory.CreateTempSubdirectory("mission-names-");
        try
        {
            var path = Path.Combine(folder.FullName, name);
            await File.WriteAllBytesAsync(path, Files.Example("ofii-2009-03.csv"));

            var run = await MissionProcess.RunAsync(["ingest", path, "--agency", "ofii"], new Dictionary<string, string> { ["MISSION_STORAGE"] = azurite.ConnectionString, ["MISSION_LAYOUT_SUFFIX"] = "names" + Guid.NewGuid().ToString("N")[..8] });

            Assert.Equal(ExitCodes.Usage, run.Exit);
            Assert.Contains("caractères de contrôle", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
