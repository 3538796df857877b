using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.IntegrationTests.Publishing;

namespace MissionPipeline.IntegrationTests.Cli;

/// <summary>
/// The newcomer's command: <c>mission demo</c> ingests the shipped years, prints every indicator, and
/// the page <c>mission serve</c> then serves shows every indicator with its status in a real browser.
/// Both read the one demo run of the test run (<see cref="Journeys.DemoYear"/>): four years of files
/// take half a minute to ingest.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DemoTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Demo_NoServe_IngestsTheSampleYearAndPrintsEveryIndicator()
    {
        var output = (await Journeys.DemoYear.GetAsync(azurite)).Output; // its exit code is asserted where it runs

        Assert.Contains("394 fichiers d'exemple\u202F: 393 intégrés, 0 déjà reçu (rien n'a changé), 1 rejeté.", output, StringComparison.Ordinal);
        Assert.Contains("[indicator-not-allowed]", output, StringComparison.Ordinal);
        foreach (var indicator in IndicatorCatalogue.Default.Indicators)
        {
            var shown = indicator.Id.Value.Length <= 44 ? indicator.Id.Value : indicator.Id.Value[..43];
            Assert.Contains(shown, output, StringComparison.Ordinal);
        }

        Assert.Contains("Page HTML du tableau de bord", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_AsOfTheYearEnd_ShowsThatDateOnly()
    {
        var demo = await Journeys.DemoYear.GetAsync(azurite);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await MissionCommand.InvokeAsync(
            ["demo", "--no-serve", "--as-of", "2009-12-31", "--storage", azurite.ConnectionString, "--layout-suffix", demo.Suffix], new InvocationConfiguration { Output = output, Error = error });

        Assert.True(exit == ExitCodes.Ok, error.ToString());
        // Run again, the demo still shows the report of the file it rejects on purpose.
        Assert.Contains("394 fichiers d'exemple\u202F: 0 intégré, 393 déjà reçus (rien n'a changé), 1 rejeté.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("et REJETÉ alors\u202F: rien n'a changé, les erreurs ci-dessous restent à corriger", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 fichier rejeté ci-dessus, volontairement", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Tableau de bord au 31 décembre 2009", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("publiée sous snapshots/2009-12-31/dashboard.html", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The demo run again after a correction was ingested: its date is approved, so immutable, and the
    /// new computation is refused. The demo printed that refused computation (« 30 579 ») beside a page
    /// and an API giving the approved figure (« 30 395 »), exit 0, silent. It prints the published
    /// dashboard now, and says why on stderr.
    /// </summary>
    [Fact]
    public async Task PublishAsync_RunAgainAfterACorrection_ReturnsTheApprovedDashboardAndSaysWhy()
    {
        var layout = MissionPipeline.Storage.StorageLayout.WithSuffix("demopub" + Guid.NewGuid().ToString("N")[..8]);
        using var pipeline = await Pipeline.ConnectAsync(azurite.ConnectionString, layout, new MissionPipeline.Storage.PublicationOptions(RequireApproval: true));
        var ofii = new AgencyId("ofii");
        var asOf = new DateOnly(2009, 3, 31);
        await IngestCommand.IngestAsync(pipeline, "ofii-2009-03.csv", () => new MemoryStream(Files.Example("ofii-2009-03.csv")), ofii, received: null);
        using var firstError = new StringWriter();
        var first = await DemoCommand.PublishAsync(pipeline, asOf, firstError);
        await IngestCommand.IngestAsync(pipeline, "rectificatif.csv", () => new MemoryStream(Files.F0("""
            indicateur;periode;territoire;valeur
            cai_bilans_competences;2009-03;FR;5100
            """)), ofii, received: null);
        using var againError = new StringWriter();

        var again = await DemoCommand.PublishAsync(pipeline, asOf, againError);

        static double Bilans(MissionPipeline.Indicators.Dashboard d) => d.Indicators.Single(r => r.Id.Value == "cai_bilans_competences").Actual!.Value;
        Assert.Equal((4870.0, 4870.0), (Bilans(first), Bilans(again))); // the approved figure, not the correction's 5 100
        Assert.Empty(firstError.ToString());
        Assert.Contains("Le tableau de bord du 31 mars 2009 est déjà validé, donc immuable\u202F: les fichiers reçus depuis son calcul n'y comptent pas. Voici celui qui est publié.", againError.ToString(), StringComparison.Ordinal);
        var published = MissionPipeline.Publishing.DashboardJson.Read((await pipeline.Snapshots.GetAsync(asOf, MissionPipeline.Publishing.SnapshotFiles.Json))!.Content.ToMemory());
        Assert.Equal(4870.0, Bilans(published));
    }

    [Theory]
    [InlineData("2009-02-30", "Date « 2009-02-30 » invalide : ce jour n'existe pas.")] // written as asked: the day is what is wrong
    [InlineData("30/02/2009", "Date « 30/02/2009 » invalide : attendu AAAA-MM-JJ")]
    [InlineData("2100-01-01", "Date d'arrêté 2100-01-01 dans le futur")]
    public async Task Demo_AsOfNotADateOfThePast_UsageErrorBeforeAnything(string asOf, string said)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await MissionCommand.InvokeAsync(["demo", "--no-serve", "--as-of", asOf, "--storage", "UseDevelopmentStorage=true;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1"], new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(said, error.ToString().Replace('\u202F', ' '), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Serve_AfterTheDemo_BrowserShowsEveryIndicatorWithItsStatus()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium).");
        var demo = await Journeys.DemoYear.GetAsync(azurite);
        await using var serve = await TestServe.StartAsync(azurite.ConnectionString, demo.Layout);
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
        // Each title as the definition in force at the demo's date gives it (the DILF's says what it counts from 2010).
        Assert.All(IndicatorCatalogue.Default.Indicators, i => Assert.Contains(i.DefinitionOn(DemoCommand.DemoAsOf)?.Title ?? i.Title, text, StringComparison.Ordinal));
        Assert.True(shotExit == 0, shotLog);
        Assert.True(new FileInfo(png).Length > 50_000, "the served page did not render");
    }

    /// <summary>A préfet opens his département's page in a browser: its name, its lines, the national value beside each, a way back.</summary>
    [Fact]
    public async Task Serve_TerritoryPage_BrowserShowsTheDepartementsLines()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium).");
        var demo = await Journeys.DemoYear.GetAsync(azurite);
        await using var serve = await TestServe.StartAsync(azurite.ConnectionString, demo.Layout);
        var url = $"http://127.0.0.1:{serve.Port}/territoires/DEP-13";
        var png = Path.Combine(HeadlessChromium.ResultsFolder(), "territory-DEP-13.png");

        var (exit, dom, log) = await HeadlessChromium.RunAsync(chromium, "--dump-dom", url);
        var (shotExit, _, shotLog) = await HeadlessChromium.RunAsync(chromium, $"--screenshot={png}", "--window-size=1280,1600", "--hide-scrollbars", url);
        using var http = new HttpClient();
        using var unknown = await http.GetAsync($"http://127.0.0.1:{serve.Port}/territoires/DEP-20");

        Assert.True(exit == 0, log);
        var text = WebUtility.HtmlDecode(Tags().Replace(dom, " "));
        Assert.Contains("Bouches-du-Rhône (13)", text, StringComparison.Ordinal);
        Assert.Contains("30 juin 2010", text, StringComparison.Ordinal);
        Assert.Contains("Reconduites forcées exécutées", text, StringComparison.Ordinal);
        Assert.True(Regex.Count(dom, "<tr><th scope=\"row\">") >= 3, "fewer than three indicators on the page");
        Assert.True(shotExit == 0, shotLog);
        Assert.True(new FileInfo(png).Length > 20_000, "the territory page did not render");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>
    /// A région préfet's page, which the snapshot does not hold (no indicator at that level), is
    /// rendered on request: it says the snapshot's validation as the stored pages do (it said nothing).
    /// A page asked with a final slash is sent to its own address, where its relative links work.
    /// </summary>
    [Fact]
    public async Task Serve_TerritoryPageRenderedNow_SaysItsValidationAndASlashIsRedirected()
    {
        var demo = await Journeys.DemoYear.GetAsync(azurite);
        await using var serve = await TestServe.StartAsync(azurite.ConnectionString, demo.Layout);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{serve.Port}/") };

        var stored = await http.GetStringAsync("territoires/DEP-13");
        var rendered = await http.GetStringAsync("territoires/REG-93");
        using var slash = await http.GetAsync("territoires/DEP-13/");

        var banner = Banner().Match(stored);
        Assert.True(banner.Success, "no validation banner on the stored page");
        Assert.Contains("Validé le", banner.Value, StringComparison.Ordinal);
        Assert.Equal(banner.Value, Banner().Match(rendered).Value);
        Assert.Contains("<h1>Provence-Alpes-Côte d&#39;Azur (région)</h1>", rendered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PermanentRedirect, slash.StatusCode);
        Assert.Equal("../DEP-13", slash.Headers.Location?.OriginalString); // relative: a gateway's prefix holds
        Assert.Equal("/territoires/DEP-13", new Uri(new Uri(http.BaseAddress!, "territoires/DEP-13/"), slash.Headers.Location!).AbsolutePath);
    }

    [GeneratedRegex("<div class=\"etat[^>]*>.*?</div>")]
    private static partial Regex Banner();

    [GeneratedRegex("<article .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Cards();

    [GeneratedRegex("<article[^>]* id=\"([a-z0-9_]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("class=\"badge ")]
    private static partial Regex Badges();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
