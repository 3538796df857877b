using MissionPipeline.Geography;

namespace MissionPipeline.Tests.Geography;

public sealed class MapOutlinesTests
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

    [Fact]
    public void Rings_APath_PointsFromTheStartAndTheDeltas()
    {
        var rings = MapOutlines.Rings("M414 308l6-20 2 0-3 2zM-52 90l-17 2 12-2z");

        Assert.Equal([(414d, 308d), (420d, 288d), (422d, 288d), (419d, 290d)], rings[0]);
        Assert.Equal([(-52d, 90d), (-69d, 92d), (-57d, 90d)], rings[1]);
    }

    private static (double MinX, double MaxX, double MinY, double MaxY) Bounds(string path)
    {
        var points = MapOutlines.Rings(path).SelectMany(r => r).ToArray();
        Assert.NotEmpty(points);
        return (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
    }
}
