using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
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

    /// <summary>
    /// The end-of-year account as the steering unit prints it: A4, a title page with the date, the
    /// summary and the approval, then one axis per page (every card whole on one page: each page holds
    /// as many card heads as card ends), the map pages, the changes, the freshness of the data. The PDF
    /// is kept (<c>TestResults/dashboard.pdf</c>) and read back with poppler's <c>pdftotext</c>.
    /// </summary>
    [Fact]
    public async Task Chromium_PrintedToPdf_ReadsAsAReportWithNoCardCut()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var approved = PageState.Approved(new DateTimeOffset(2010, 1, 15, 16, 5, 0, TimeSpan.Zero), new DateTimeOffset(2010, 1, 20, 8, 30, 0, TimeSpan.Zero));
        var page = await WritePageAsync(approved);
        var pdf = Path.Combine(HeadlessChromium.ResultsFolder(), "dashboard.pdf");
        File.Delete(pdf);

        var (exit, _, log) = await HeadlessChromium.RunAsync(chromium, $"--print-to-pdf={pdf}", "--no-pdf-header-footer", new Uri(page).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --print-to-pdf exited with {exit}: {log}");
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var a4 = MediaBox().Match(System.Text.Encoding.Latin1.GetString(bytes));
        Assert.True(a4.Success, "no page size in the PDF");
        Assert.InRange(double.Parse(a4.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 590, 600); // A4: 595 × 842 points
        var pages = (await PdfPagesAsync(pdf)).Select(Normalize).ToArray(); // however the lines fell
        Assert.Equal(PdfPage().Count(System.Text.Encoding.Latin1.GetString(bytes)), pages.Length);

        // The title page: date, summary, approval; no card.
        Assert.Contains("Situation au 31 décembre 2009", pages[0], StringComparison.Ordinal);
        Assert.Contains("Validé le 15 janvier 2010 à 17 h 05 (heure de Paris), diffusé à partir du 20 janvier 2010 à 9 h 30 (heure de Paris).", pages[0], StringComparison.Ordinal);
        Assert.Contains("Atteint", pages[0], StringComparison.Ordinal); // the summary by status
        Assert.Equal(0, CardHeads(pages[0]));

        // Every card whole on one page, every card printed once, the axes in order, each from a new page.
        Assert.All(pages.Select((text, i) => (text, i)), p => Assert.True(CardHeads(p.text) == CardEnds().Count(p.text), $"page {p.i + 1}: {CardHeads(p.text)} card heads, {CardEnds().Count(p.text)} card ends: a card is cut"));
        Assert.Equal(Catalogue.Indicators.Count, pages.Sum(CardHeads));
        var axisPages = Catalogue.Axes.Select(a => Array.FindIndex(pages, p => AxisHeading(a).IsMatch(p))).ToArray();
        Assert.DoesNotContain(-1, axisPages);
        Assert.Equal(axisPages.Order(), axisPages);
        foreach (var (axis, at) in Catalogue.Axes.Zip(axisPages))
        {
            // The axis opens its page: no card of another axis above its heading.
            Assert.Equal(0, CardHeads(pages[at][..AxisHeading(axis).Match(pages[at]).Index]));
        }

        // Then the maps, the changes and the freshness, each from a page of its own, in that order.
        var maps = Array.FindIndex(pages, p => p.Contains("Cartes par département", StringComparison.Ordinal));
        var changes = Array.FindIndex(pages, p => p.Contains("Évolutions depuis le tableau de bord", StringComparison.Ordinal));
        var freshness = Array.FindIndex(pages, p => p.Contains("Fraîcheur des données par organisme", StringComparison.Ordinal));
        Assert.True(axisPages[^1] < maps && maps < changes && changes < freshness, $"axes {string.Join(", ", axisPages)}, maps {maps}, changes {changes}, freshness {freshness}");
        Assert.Equal(0, CardHeads(pages[maps]));
        Assert.True(pages.Length is >= 10 and <= 30, $"{pages.Length} pages");

        Assert.DoesNotContain(pages, p => p.Contains("Passer sur un indicateur", StringComparison.Ordinal)); // mouse words, not on paper
        Assert.Contains(pages, p => p.Contains("secret statistique", StringComparison.Ordinal)); // the rest of the colophon is

        // A sheet taken out of the account says what it is and where it sits; the title page stays bare.
        Assert.DoesNotContain("page 1 sur", pages[0], StringComparison.Ordinal);
        Assert.All(pages.Skip(1).Select((text, i) => (text, n: i + 2)), p =>
        {
            Assert.StartsWith("Tableau de bord de la lettre de mission — situation au 31 décembre 2009", p.text.TrimStart(), StringComparison.Ordinal);
            Assert.EndsWith($"page {p.n} sur {pages.Length}", p.text.TrimEnd(), StringComparison.Ordinal);
        });
    }

    /// <summary>The text of each page of <paramref name="pdf"/>, by poppler's <c>pdftotext</c> (pages end with a form feed).</summary>
    private static async Task<string[]> PdfPagesAsync(string pdf)
    {
        var start = new System.Diagnostics.ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-enc", "UTF-8", pdf, "-" })
        {
            start.ArgumentList.Add(argument);
        }

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("pdftotext is not installed: this test needs the Debian package `poppler-utils` (apt-get install -y poppler-utils); ./test.sh installs it.");
        }

        using (process)
        {
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text.Split('\f')[..^1];
        }
    }

    /// <summary>
    /// The cards whose head is on this page: a card's meta line is its indicator's id, then « · source : »
    /// or « · calculé à partir » (a derived indicator's line also names the ids it is computed from, each
    /// followed by a comma or by « · » and the territory: not heads). Anchored on what follows the id, which
    /// stays on its line, not on what precedes it: pdftotext joins the two columns' lines, so a head may
    /// follow the other column's « indicateurs » or comma where a line wrapped.
    /// </summary>
    private static int CardHeads(string page) =>
        Catalogue.Indicators.Count(i => Regex.IsMatch(page, $@"(?<![\w]){Regex.Escape(i.Id.Value)} · (source :|calculé à partir)"));

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ");

    /// <summary>An axis's heading as the PDF's text gives it: « Axe 1 » and its title, in either order.</summary>
    private static Regex AxisHeading(Axis axis)
    {
        var title = Regex.Escape(Normalize(axis.Title)).Replace("\\ ", " ", StringComparison.Ordinal);
        return new($"Axe {axis.Number} ?{title}|{title} ?Axe {axis.Number}\\b");
    }

    /// <summary>
    /// On a phone, 390 pixels wide, nothing runs off the right edge: no card, map, table, summary or
    /// list of changes is wider than the screen (cards were at least 440 pixels wide). Headless
    /// Chromium's window is at least 500 pixels wide, so the page is shown in a 390-pixel frame; a
    /// script appended to a copy of the page (the page itself has none) measures it once laid out and
    /// posts what it found to the frame's parent, whose DOM is dumped.
    /// </summary>
    [Fact]
    public async Task Chromium_PhoneWidth_NothingWiderThanTheScreen()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var page = await WritePageAsync();
        var folder = HeadlessChromium.ResultsFolder();
        const string Probe = "<script>{ let widest = document.documentElement.scrollWidth, what = 'page';"
            + " for (const e of document.querySelectorAll('article, figure.map, table, .changes, .summary, .masthead .page')) { const right = Math.ceil(e.getBoundingClientRect().right); if (right > widest) { widest = right; what = e.id || e.className; } }"
            + " parent.postMessage({ widest, what, viewport: innerWidth }, '*'); }</script>";
        await File.WriteAllTextAsync(Path.Combine(folder, "dashboard-390.html"), (await File.ReadAllTextAsync(page)).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var phone = Path.Combine(folder, "phone-390.html");
        await File.WriteAllTextAsync(phone, "<!doctype html><html><body><script>addEventListener('message', e => Object.assign(document.body.dataset, e.data));</script>"
            + "<iframe src=\"dashboard-390.html\" style=\"width: 390px; height: 2000px; border: 0\"></iframe></body></html>");

        var (exit, dom, log) = await HeadlessChromium.RunAsync(chromium, "--window-size=1280,2000", "--virtual-time-budget=5000", "--dump-dom", new Uri(phone).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --dump-dom exited with {exit}: {log}");
        var body = BodyData().Match(dom);
        Assert.True(body.Success, "the measuring script did not run: " + log);
        var (widest, viewport) = (int.Parse(body.Groups["widest"].Value, CultureInfo.InvariantCulture), int.Parse(body.Groups["viewport"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(390, viewport);
        Assert.True(widest <= viewport, $"« {body.Groups["what"].Value} » reaches {widest} px on a {viewport}-pixel screen");
    }

    /// <summary>
    /// A préfet prints his territory's page for a meeting: a few tables, so no title page and no axis
    /// alone on a sheet (it printed on four sheets, the first the title alone, the second the
    /// approval alone): the name, the approval and the first axis on the first sheet.
    /// </summary>
    [Fact]
    public async Task Chromium_TerritoryPagePrintedToPdf_NoSheetWasted()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var approved = PageState.Approved(new DateTimeOffset(2010, 1, 15, 16, 5, 0, TimeSpan.Zero), new DateTimeOffset(2010, 1, 20, 8, 30, 0, TimeSpan.Zero));
        var december = SmallCountSuppression.Apply(DashboardEngine.Compute(RealisticYear.Input(new DateOnly(2009, 12, 31))), Catalogue);
        Assert.True(Territory.TryParse("DEP-13", out var territory));
        var html = Path.Combine(HeadlessChromium.ResultsFolder(), "territoire-DEP-13.html");
        await File.WriteAllBytesAsync(html, TerritoryHtml.Write(december, territory, Catalogue, approved));
        var pdf = Path.Combine(HeadlessChromium.ResultsFolder(), "territoire-DEP-13.pdf");
        File.Delete(pdf);

        var (exit, _, log) = await HeadlessChromium.RunAsync(chromium, $"--print-to-pdf={pdf}", "--no-pdf-header-footer", new Uri(html).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --print-to-pdf exited with {exit}: {log}");
        var pages = (await PdfPagesAsync(pdf)).Select(Normalize).Where(p => p.Trim().Length > 0).ToArray();
        var lines = TerritoryView.Lines(december, territory, Catalogue).Count;
        Assert.True(lines >= 3, $"{lines} lines: too few to judge the layout");
        Assert.Contains("Bouches-du-Rhône (13)", pages[0], StringComparison.Ordinal);
        Assert.Contains("Validé le 15 janvier 2010", pages[0], StringComparison.Ordinal);
        Assert.Matches(AxisHeading(Catalogue.Axes[0]), pages[0]);
        Assert.True(pages.Length == 2, $"{pages.Length} sheets for {lines} lines"); // two, so that the second's running head is seen
        Assert.All(pages.Skip(1), p => Assert.StartsWith("Bouches-du-Rhône — tableau de bord de la lettre de mission — situation au 31 décembre 2009", p.TrimStart(), StringComparison.Ordinal));
        // Each sheet numbered, the first too: photocopied alone, it says a second exists.
        Assert.Equal(["page 1 sur 2", "page 2 sur 2"], pages.Select(p => Regex.Match(p, @"page \d sur \d").Value));
    }

    /// <summary>The year as of 2009-12-31, small counts hidden, changes against 2009-06-30, written as the snapshot writes it.</summary>
    private static async Task<string> WritePageAsync(PageState? state = null)
    {
        var june = SmallCountSuppression.Apply(DashboardEngine.Compute(RealisticYear.Input(new DateOnly(2009, 6, 30))), Catalogue);
        var december = SmallCountSuppression.Apply(DashboardEngine.Compute(RealisticYear.Input(new DateOnly(2009, 12, 31))), Catalogue);
        var dashboard = december with { Changes = DashboardChanges.Compare(june, december) };
        var path = Path.Combine(HeadlessChromium.ResultsFolder(), "dashboard.html");
        await File.WriteAllBytesAsync(path, DashboardHtml.Write(dashboard, Catalogue, state));
        return path;
    }

    [GeneratedRegex("<article .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Cards();

    [GeneratedRegex("<body[^>]* data-widest=\"(?<widest>\\d+)\" data-what=\"(?<what>[^\"]*)\" data-viewport=\"(?<viewport>\\d+)\"")]
    private static partial Regex BodyData();

    [GeneratedRegex("<article[^>]* id=\"([a-z0-9_]+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex(@"/Type\s*/Page(?!s)")]
    private static partial Regex PdfPage();

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex("Lettre de mission du 31 mars 2009")]
    private static partial Regex CardEnds();

    [GeneratedRegex("class=\"badge ")]
    private static partial Regex Badges();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
