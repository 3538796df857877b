using System.Text;
using System.Text.Json;
using MissionPipeline.Api;
using MissionPipeline.Cli;
using MissionPipeline.Storage;
using MissionPipeline.Tests.Text;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// What a newcomer reads after <c>mission demo</c>: a 2009 story (files received in 2009 and early
/// 2010 as an operator's backfill declares them, never "today"), a dashboard that never contradicts
/// itself, French as the French write it, and a server that keeps <c>latest</c> in its year.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DemoJourneyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Demo_Freshness_ReceiptsOfTheSampleYearNotOfToday()
    {
        var demo = await DemoYear.GetAsync(azurite);
        var snapshots = new Snapshots(new Azure.Storage.Blobs.BlobServiceClient(demo.ConnectionString), demo.Layout);

        using var json = JsonDocument.Parse((await snapshots.GetAsync(new DateOnly(2009, 12, 31), "dashboard.json"))!.Content.ToMemory());
        var received = json.RootElement.GetProperty("completeness").EnumerateArray()
            .Select(e => e.GetProperty("lastReceived")).Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToArray();
        var late = json.RootElement.GetProperty("completeness").EnumerateArray().SelectMany(e => e.GetProperty("late").EnumerateArray()).Select(l => l.GetProperty("days").GetInt32()).ToArray();

        Assert.NotEmpty(received);
        Assert.All(received, r => Assert.Matches("^(2009|2010)-", r));
        Assert.Contains(late, d => d > 0); // a few files came late
        Assert.All(late, d => Assert.InRange(d, 0, 400));
    }

    [Fact]
    public async Task Demo_PrintedDashboardAndPage_FrenchTypographyAndNoContradiction()
    {
        var demo = await DemoYear.GetAsync(azurite);
        var snapshots = new Snapshots(new Azure.Storage.Blobs.BlobServiceClient(demo.ConnectionString), demo.Layout);
        var page = Encoding.UTF8.GetString((await snapshots.GetAsync(new DateOnly(2009, 12, 31), "dashboard.html"))!.Content.ToArray());

        var pageViolations = FrenchTextRules.Violations(FrenchTextRules.PageText(page));
        var terminalViolations = FrenchTextRules.Violations(demo.Output);

        Assert.True(pageViolations.Count == 0, string.Join("\n", pageViolations.Take(20)));
        Assert.True(terminalViolations.Count == 0, string.Join("\n", terminalViolations.Take(20)));
        Assert.Contains("Tableau de bord au 31/12/2009", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoServer_RecomputeWithoutDate_StaysAtTheDemosYearEnd()
    {
        var demo = await DemoYear.GetAsync(azurite);
        var options = DemoCommand.ServeOptionsFor(0, "0 30 2 * * *");
        var keys = new ApiOptions(null, "demo-admin", new Dictionary<string, string>(), []);
        await using var api = await ApiHost.StartAsync(ApiHost.Serve, demo.ConnectionString, demo.Layout, keys, options.FixedAsOf);

        var answer = await api.SendAsync(HttpMethod.Post, "api/recompute", new Dictionary<string, string> { [ApiOptions.KeyHeader] = "demo-admin" });
        var latest = await new Snapshots(new Azure.Storage.Blobs.BlobServiceClient(demo.ConnectionString), demo.Layout).LatestAsOfAsync();

        Assert.Equal(new DateOnly(2009, 12, 31), options.FixedAsOf);
        Assert.Equal(200, answer.Status);
        Assert.Equal("2009-12-31", answer.Json.GetProperty("asOf").GetString());
        Assert.Equal(new DateOnly(2009, 12, 31), latest);
    }
}
