using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.IntegrationTests.Publishing;

namespace MissionPipeline.IntegrationTests.Cli;

/// <summary>
/// The newcomer's command: <c>mission demo</c> ingests the shipped year, prints every indicator, and
/// the page <c>mission serve</c> then serves shows every indicator with its status in a real browser.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DemoTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string? _previousSuffix = Environment.GetEnvironmentVariable("MISSION_LAYOUT_SUFFIX");

    public void Dispose() => Environment.SetEnvironmentVariable("MISSION_LAYOUT_SUFFIX", _previousSuffix);

    [Fact]
    public async Task Demo_NoServe_IngestsTheSampleYearAndPrintsEveryIndicator()
    {
        var (exit, output, error) = await RunDemoAsync();

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("111 fichiers d'exemple\u202F: 110 intégrés, 0 déjà reçu (rien n'a changé), 1 rejeté.", output, StringComparison.Ordinal);
        Assert.Contains("[indicator-not-allowed]", output, StringComparison.Ordinal);
        foreach (var indicator in IndicatorCatalogue.Default.Indicators)
        {
            var shown = indicator.Id.Value.Length <= 44 ? indicator.Id.Value : indicator.Id.Value[..43];
            Assert.Contains(shown, output, StringComparison.Ordinal);
        }

        Assert.Contains("Page HTML du tableau de bord", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AfterTheDemo_BrowserShowsEveryIndicatorWithItsStatus()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium).");
        await RunDemoAsync();
        await using var serve = await TestServe.StartAsync(azurite.ConnectionString, global::MissionPipeline.Storage.StorageLayout.WithSuffix(Environment.GetEnvironmentVariable("MISSION_LAYOUT_SUFFIX")!));
        var url = $"http://127.0.0.1:{serve.Port}/";
        var png = Path.Combine(HeadlessChromium.ResultsFolder(), "served-dashboard.png");

        var (exit, dom, log) = await HeadlessChromium.RunAsync(chromium, "--dump-dom", url);
        var (shotExit, _, shotLog) = await HeadlessChromium.RunAsync(chromium, $"--screenshot={png}", "--window-size=1280,4000", "--hide-scrollbars", url);

        Assert.True(exit == 0, log);
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        var text = WebUtility.HtmlDecode(Tags().Replace(dom, " "));
        var cards = Cards().Matches(dom).Select(m => m.Value).ToArray();
        Assert.Equal(IndicatorCatalogue.Default.Indicators.Select(i => i.Id.Value), cards.Select(c => CardId().Match(c).Groups[1].Value));
        Assert.All(cards, card => Assert.Single(Badges().Matches(card)));
        Assert.All(IndicatorCatalogue.Default.Indicators, i => Assert.Contains(i.Title, text, StringComparison.Ordinal));
        Assert.True(shotExit == 0, shotLog);
        Assert.True(new FileInfo(png).Length > 50_000, "the served page did not render");
    }

    private async Task<(int Exit, string Output, string Error)> RunDemoAsync()
    {
        Environment.SetEnvironmentVariable("MISSION_LAYOUT_SUFFIX", "demo" + Guid.NewGuid().ToString("N")[..10]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MissionCommand.InvokeAsync(["demo", "--no-serve", "--storage", azurite.ConnectionString], new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }


    [GeneratedRegex("<article .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Cards();

    [GeneratedRegex("<article[^>]* id=\"([a-z0-9_]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("class=\"badge ")]
    private static partial Regex Badges();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
