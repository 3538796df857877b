using System.Globalization;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;

namespace MissionPipeline.IntegrationTests.Publishing;

/// <summary>
/// The map as a reader sees it: headless Chromium draws the arrests map of a realistic year's first
/// month, when small départements' cells are hidden (the page's own style sheet, outlines and map,
/// two pixels per map unit), and at a point well inside each département the screenshot's colour
/// is the one its published value's class has — hatched for a hidden cell, grey without a value.
/// The screenshot is kept (<c>tests/MissionPipeline.IntegrationTests/TestResults/map-interpellations_aide_sejour.png</c>).
/// </summary>
public sealed partial class ChoroplethMapBrowserTests
{
    private const string Indicator = "interpellations_aide_sejour";

    [Fact]
    public async Task Chromium_ArrestsMapOfJanuary_EachDepartementInTheColourOfItsValue()
    {
        var chromium = HeadlessChromium.Find()
            ?? throw new InvalidOperationException("Chromium is not installed: this test needs the Debian package `chromium` (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.");
        var dashboard = SmallCountSuppression.Apply(DashboardEngine.Compute(RealisticYear.Input(new DateOnly(2009, 1, 31))), IndicatorCatalogue.Default);
        var page = System.Text.Encoding.UTF8.GetString(DashboardHtml.Write(dashboard, IndicatorCatalogue.Default));
        var folder = HeadlessChromium.ResultsFolder();
        var html = Path.Combine(folder, $"map-{Indicator}.html");
        var png = Path.Combine(folder, $"map-{Indicator}.png");
        await File.WriteAllTextAsync(html, MapAlone(page));

        // The screenshot once the page is idle: on a loaded machine one département was once still white.
        var (exit, _, log) = await HeadlessChromium.RunAsync(chromium, $"--screenshot={png}", "--window-size=748,585", "--hide-scrollbars", "--force-device-scale-factor=2", "--virtual-time-budget=5000", new Uri(html).AbsoluteUri);

        Assert.True(exit == 0, $"chromium --screenshot exited with {exit}: {log}");
        var screenshot = Png.Decode(await File.ReadAllBytesAsync(png));
        var drawn = Drawn().Matches(MapOf(page)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(100, drawn.Count); // every département of 2009, the overseas ones in their insets
        var kinds = drawn.Values.GroupBy(c => c[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(kinds.GetValueOrDefault('c') >= 8 && kinds.GetValueOrDefault('s') >= 1 && kinds.GetValueOrDefault('n') >= 1, $"classes, hidden cells and départements without data expected: {string.Join(", ", kinds)}");
        foreach (var (code, fill) in drawn)
        {
            var (x, y, clearance) = Inside(MapOutlines.Default.Paths[Territory.Departement(code.ToUpperInvariant())]);
            var (px, py) = ((int)Math.Round((x + 135) * 2), (int)Math.Round(y * 2)); // two pixels per map unit
            if (fill == "s")
            {
                // Hatching: a stripe every 12 pixels; a block of 13 × 13 inside the département holds white and grey.
                Assert.True(clearance >= 3.5, $"DEP-{code.ToUpperInvariant()} is hatched but too small to look at");
                var block = Enumerable.Range(-6, 13).SelectMany(dx => Enumerable.Range(-6, 13).Select(dy => screenshot[px + dx, py + dy])).ToArray();
                Assert.Contains(block, c => c.R > 230 && c.G > 230 && c.B > 230);
                Assert.Contains(block, c => c.R < 150 && c.G < 150 && c.B < 150);
                continue;
            }

            var expected = fill == "nd" ? ChoroplethMap.NoData : ChoroplethMap.Colours[int.Parse(fill[1..], CultureInfo.InvariantCulture) - 1];
            var actual = screenshot[px, py];
            Assert.True(Close(actual, expected), $"DEP-{code.ToUpperInvariant()} ({fill}) at ({px}, {py}): {actual} instead of {expected}");
        }
    }

    /// <summary>The page's style sheet, its outlines and the one map, drawn at one CSS pixel per map unit from the top left corner.</summary>
    private static string MapAlone(string page)
    {
        var style = Regex.Match(page, "<style>.*?</style>", RegexOptions.Singleline).Value;
        var outlines = Regex.Match(page, "<svg class=\"map-defs\".*?</defs></svg>", RegexOptions.Singleline).Value;
        var inner = Regex.Match(MapOf(page), "<svg class=\"map-svg\"[^>]*>(.*)</svg>", RegexOptions.Singleline).Groups[1].Value;
        return $"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">{style}<style>body {{ margin: 0; background: #fff; }}</style></head><body>{outlines}"
            + $"<figure class=\"map\" style=\"position: absolute; left: 0; top: 0; margin: 0; padding: 0; border: 0;\"><svg class=\"map-svg\" viewBox=\"{MapOutlines.Default.ViewBox}\" style=\"width: 748px; height: 585px;\">{inner}</svg></figure></body></html>";
    }

    private static string MapOf(string page) =>
        Regex.Match(page, $"<figure class=\"map\" id=\"carte-{Indicator}\".*?</figure>", RegexOptions.Singleline).Value;

    /// <summary>A point of the outline's largest ring at least 1.5 units (3 pixels, Paris is 6 units wide) from every edge: its colour is the fill's, never the border's.</summary>
    private static (double X, double Y, double Clearance) Inside(string path)
    {
        var ring = MapOutlines.Rings(path).MaxBy(r => Math.Abs(Area(r)))!;
        var (minX, maxX, minY, maxY) = (ring.Min(p => p.X), ring.Max(p => p.X), ring.Min(p => p.Y), ring.Max(p => p.Y));
        var best = (X: 0d, Y: 0d, Clearance: -1d);
        for (var x = minX; x <= maxX; x += 0.5)
        {
            for (var y = minY; y <= maxY; y += 0.5)
            {
                if (Contains(ring, x, y) && Clearance(ring, x, y) is var clearance && clearance > best.Clearance)
                {
                    best = (x, y, clearance);
                }
            }
        }

        Assert.True(best.Clearance >= 1.5, $"no point 1.5 units inside {path[..Math.Min(40, path.Length)]}");
        return best;
    }

    private static double Area(IReadOnlyList<(double X, double Y)> ring) =>
        ring.Zip(ring.Skip(1).Append(ring[0])).Sum(e => (e.First.X * e.Second.Y) - (e.Second.X * e.First.Y)) / 2;

    private static bool Contains(IReadOnlyList<(double X, double Y)> ring, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            if ((ring[i].Y > y) != (ring[j].Y > y) && x < ((ring[j].X - ring[i].X) * (y - ring[i].Y) / (ring[j].Y - ring[i].Y)) + ring[i].X)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static double Clearance(IReadOnlyList<(double X, double Y)> ring, double x, double y) =>
        ring.Zip(ring.Skip(1).Append(ring[0])).Min(e =>
        {
            var (dx, dy) = (e.Second.X - e.First.X, e.Second.Y - e.First.Y);
            var t = dx == 0 && dy == 0 ? 0 : Math.Clamp((((x - e.First.X) * dx) + ((y - e.First.Y) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
            return Math.Sqrt(Math.Pow(x - (e.First.X + (t * dx)), 2) + Math.Pow(y - (e.First.Y + (t * dy)), 2));
        });

    private static bool Close((byte R, byte G, byte B) actual, string expected)
    {
        var (r, g, b) = (Convert.ToByte(expected[1..3], 16), Convert.ToByte(expected[3..5], 16), Convert.ToByte(expected[5..7], 16));
        return Math.Abs(actual.R - r) <= 4 && Math.Abs(actual.G - g) <= 4 && Math.Abs(actual.B - b) <= 4;
    }

    [GeneratedRegex("<use href=\"#dep-([0-9ab]+)\" class=\"([a-z0-9]+)\"")]
    private static partial Regex Drawn();
}
