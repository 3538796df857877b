using System.Net;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;

namespace MissionPipeline.IntegrationTests.Publishing;

/// <summary>
/// The published page as a browser shows it: headless Chromium renders <c>dashboard.html</c> of a
/// realistic year (every indicator of the catalogue), the DOM it built is checked, and a screenshot
/// is kept as an artifact (<c>tests/MissionPipeline.IntegrationTests/TestResults/dashboard.png</c>,
/// beside the page itself). Chromium missing is a failure, never a skip: CI installs it.
/// </summary>
public sealed partial class DashboardHtmlBrowserTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.Default;

    [Fact]
    public async Task Chromium_RealisticYear_EveryIndicatorShownWithoutScriptError()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var page = await WritePageAsync();

        var (exit, dom, log) = await HeadlessChromium.RunAsync(chromium, "--dump-dom", new Uri(page).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --dump-dom exited with {exit}: {log}");
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        var text = WebUtility.HtmlDecode(Tags().Replace(dom, " "));
        var cards = Cards().Matches(dom).Select(m => m.Value).ToArray();
        Assert.Equal(Catalogue.Indicators.Select(i => i.Id.Value), cards.Select(c => CardId().Match(c).Groups[1].Value));
        foreach (var (card, indicator) in cards.Zip(Catalogue.Indicators))
        {
            Assert.Contains(indicator.Title, text, StringComparison.Ordinal);
            Assert.True(Badges().Count(card) == 1, $"{indicator.Id}: one status badge expected");
        }

        Assert.All(Catalogue.Axes, axis => Assert.Contains(axis.Title, text, StringComparison.Ordinal));
        Assert.Contains("Fraîcheur des données par organisme", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_RealisticYear_ScreenshotKeptAsAnArtifact()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var page = await WritePageAsync();
        var png = Path.Combine(HeadlessChromium.ResultsFolder(), "dashboard.png");
        File.Delete(png);

        var (exit, _, log) = await HeadlessChromium.RunAsync(chromium, $"--screenshot={png}", "--window-size=1280,4000", "--hide-scrollbars", new Uri(page).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --screenshot exited with {exit}: {log}");
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 50_000, $"screenshot of {bytes.Length} bytes: the page did not render");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task Chromium_PrintedToPdf_OneAxisPerA4PageAtLeast()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var page = await WritePageAsync();
        var pdf = Path.Combine(HeadlessChromium.ResultsFolder(), "dashboard.pdf");
        File.Delete(pdf);

        var (exit, _, log) = await HeadlessChromium.RunAsync(chromium, $"--print-to-pdf={pdf}", "--no-pdf-header-footer", new Uri(page).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --print-to-pdf exited with {exit}: {log}");
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var pages = PdfPage().Count(text);
        Assert.True(pages >= Catalogue.Axes.Count, $"{pages} pages printed for {Catalogue.Axes.Count} axes");
        var a4 = MediaBox().Match(text);
        Assert.True(a4.Success, "no page size in the PDF");
        Assert.InRange(double.Parse(a4.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 590, 600); // A4: 595 × 842 points
    }

    /// <summary>The year as of 2009-12-31, small counts hidden, changes against 2009-06-30, written as the snapshot writes it.</summary>
    private static async Task<string> WritePageAsync()
    {
        var june = SmallCountSuppression.Apply(DashboardEngine.Compute(RealisticYear.Input(new DateOnly(2009, 6, 30))), Catalogue);
        var december = SmallCountSuppression.Apply(DashboardEngine.Compute(RealisticYear.Input(new DateOnly(2009, 12, 31))), Catalogue);
        var dashboard = december with { Changes = DashboardChanges.Compare(june, december) };
        var path = Path.Combine(HeadlessChromium.ResultsFolder(), "dashboard.html");
        await File.WriteAllBytesAsync(path, DashboardHtml.Write(dashboard, Catalogue));
        return path;
    }

    [GeneratedRegex("<article .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Cards();

    [GeneratedRegex("<article[^>]* id=\"([a-z0-9_]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex(@"/Type\s*/Page(?!s)")]
    private static partial Regex PdfPage();

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex("class=\"badge ")]
    private static partial Regex Badges();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
