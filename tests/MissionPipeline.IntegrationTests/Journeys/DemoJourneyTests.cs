using System.Text;
using System.Text.Json;
using MissionPipeline.Api;
using MissionPipeline.Cli;
using MissionPipeline.Storage;
using MissionPipeline.Tests.Text;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// What a newcomer reads after <c>mission demo</c>: the samples' story (files received in 2007 to
/// early 2011 as an operator's backfill declares them, never "today"), June 2010 with what time
/// brings (a forecast and its interval, a revision, a break of series, changes with their causes),
/// a dashboard that never contradicts itself, French as the French write it, and a server that
/// keeps <c>latest</c> at the date shown.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DemoJourneyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Demo_June2010_AForecastARevisionABreakAndExplainedChanges()
    {
        var demo = await DemoYear.GetAsync(azurite);
        var snapshots = new Snapshots(new Azure.Storage.Blobs.BlobServiceClient(demo.ConnectionString), demo.Layout);
        var page = Encoding.UTF8.GetString((await snapshots.GetAsync(DemoCommand.DemoAsOf, "dashboard.html"))!.Content.ToArray());
        using var json = JsonDocument.Parse((await snapshots.GetAsync(DemoCommand.DemoAsOf, "dashboard.json"))!.Content.ToMemory());
        var indicators = json.RootElement.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
        var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToArray();

        var removals = indicators["eloignements"];
        var forecast = removals.GetProperty("forecast");
        Assert.Equal((28000d, "seasonal"), (removals.GetProperty("target").GetProperty("value").GetDouble(), forecast.GetProperty("method").GetString()));
        Assert.InRange(forecast.GetProperty("value").GetDouble(), forecast.GetProperty("low").GetDouble(), forecast.GetProperty("high").GetDouble());
        Assert.True(forecast.GetProperty("high").GetDouble() > forecast.GetProperty("low").GetDouble());
        Assert.Equal("dgt-2010-03-rectificatif.csv", indicators["operations_travail_illegal"].GetProperty("revision").GetProperty("file").GetString());
        Assert.Equal("2010-01-01", indicators["dilf_taux_reussite"].GetProperty("breaks")[0].GetProperty("date").GetString());
        Assert.Contains(changes, c => c.GetProperty("indicator").GetString() == "dilf_taux_reussite" && c.GetProperty("cause").GetString() == "definition");
        Assert.Contains(changes, c => c.GetProperty("indicator").GetString() == "eloignements" && c.GetProperty("cause").GetString() == "target");
        Assert.Contains(changes, c => c.GetProperty("cause").GetString() == "new_period");
        foreach (var shown in (string[])["Prévision de fin d'année", "Révisé", "Rupture de série", "Objectif (loi de finances 2010) fixé par"])
        {
            Assert.Contains(shown, page.Replace("&#39;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.NotNull(await snapshots.GetAsync(DemoCommand.YearEnd, "dashboard.json")); // the end-of-year account the changes compare with
    }

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
        // The samples' years and the weeks after them: the 2010 STMT workbook, which revises 2009's months, came in February 2011.
        Assert.All(received, r => Assert.Matches("^(2007|2008|2009|2010|2011)-", r));
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
        Assert.Contains("Tableau de bord au 30 juin 2010", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoServer_RecomputeWithoutDate_StaysAtTheDemosDate()
    {
        var demo = await DemoYear.GetAsync(azurite);
        var options = DemoCommand.ServeOptionsFor(0, "0 30 2 * * *", DemoCommand.DemoAsOf);
        var keys = new ApiOptions(null, "demo-admin", new Dictionary<string, string>(), []);
        await using var api = await ApiHost.StartAsync(ApiHost.Serve, demo.ConnectionString, demo.Layout, keys, options.FixedAsOf);

        var answer = await api.SendAsync(HttpMethod.Post, "api/recompute", new Dictionary<string, string> { [ApiOptions.KeyHeader] = "demo-admin" });
        var latest = await new Snapshots(new Azure.Storage.Blobs.BlobServiceClient(demo.ConnectionString), demo.Layout).LatestAsOfAsync();

        Assert.Equal(new DateOnly(2010, 6, 30), options.FixedAsOf);
        Assert.Equal(200, answer.Status);
        Assert.Equal("2010-06-30", answer.Json.GetProperty("asOf").GetString());
        Assert.Equal(new DateOnly(2010, 6, 30), latest);
    }
}
