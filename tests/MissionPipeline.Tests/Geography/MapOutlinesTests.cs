using System.Globalization;
using System.Text.RegularExpressions;
using MissionPipeline.Geography;

namespace MissionPipeline.Tests.Geography;

public sealed partial class MapOutlinesTests
{
    [Fact]
    public void Default_EveryDepartementOf2009_OneOutlineEach()
    {
        Assert.Equal(
            Geography2009.Default.Departements.Select(d => d.Territory.Code).Order(StringComparer.Ordinal),
            MapOutlines.Default.Paths.Keys.Select(t => t.Code).Order(StringComparer.Ordinal));
        Assert.Equal(100, MapOutlines.Default.Paths.Count); // 96 metropolitan, 971 to 974: Mayotte only in 2011
    }

    [Fact]
    public void Default_OverseasDepartements_EachInsideItsInsetLeftOfTheMetropole()
    {
        Assert.Equal(["DEP-971", "DEP-972", "DEP-973", "DEP-974"], MapOutlines.Default.Insets.Select(i => i.Departement.Code));
        foreach (var inset in MapOutlines.Default.Insets)
        {
            var (minX, maxX, minY, maxY) = Bounds(MapOutlines.Default.Paths[inset.Departement]);
            Assert.InRange(minX, inset.X, inset.X + inset.Width);
            Assert.InRange(maxX, inset.X, inset.X + inset.Width);
            Assert.InRange(minY, inset.Y, inset.Y + inset.Height);
            Assert.InRange(maxY, inset.Y, inset.Y + inset.Height);
        }

        var metropole = MapOutlines.Default.Paths.Where(p => p.Key.LocalCode.Length == 2).Select(p => Bounds(p.Value)).ToArray();
        Assert.True(metropole.Min(b => b.MinX) > MapOutlines.Default.Insets.Max(i => i.X + i.Width), "the insets overlap the metropolitan map");
    }

    [Fact]
    public void Default_Outlines_LightEnoughForAPage()
    {
        // Written once per page whatever the number of maps: the page stays light.
        Assert.InRange(MapOutlines.Default.Paths.Values.Sum(p => p.Length), 20_000, 40_000);
    }

    private static (double MinX, double MaxX, double MinY, double MaxY) Bounds(string path)
    {
        var points = new List<(double X, double Y)>();
        foreach (Match ring in Ring().Matches(path))
        {
            var (x, y) = (double.Parse(ring.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(ring.Groups[2].Value, CultureInfo.InvariantCulture));
            points.Add((x, y));
            var deltas = Number().Matches(ring.Groups[3].Value).Select(n => double.Parse(n.Value, CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i + 1 < deltas.Length; i += 2)
            {
                (x, y) = (x + deltas[i], y + deltas[i + 1]);
                points.Add((x, y));
            }
        }

        Assert.NotEmpty(points);
        return (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
    }

    [GeneratedRegex(@"M(-?\d+) (-?\d+)l([^Mz]*)z")]
    private static partial Regex Ring();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Number();
}
