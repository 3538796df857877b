using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class SmallCountSuppressionTests
{
    private const string Arrests = "interpellations_aide_sejour"; // sensitive, FR = sum of départements

    [Fact]
    public void Apply_OneSmallCell_HiddenWithTheNextSmallestAndTotalExact()
    {
        var r = Suppressed(Arrests, ("DEP-13", 3), ("DEP-75", 120), ("DEP-69", 10));

        Assert.Equal([("DEP-13", null), ("DEP-69", null), ("DEP-75", 120.0)], r.Territories.Select(t => (t.Territory.Code, t.Value)));
        Assert.Equal(133, r.Actual);
    }

    [Fact]
    public void Apply_TwoSmallCells_BothHiddenNothingElse()
    {
        var r = Suppressed(Arrests, ("DEP-13", 3), ("DEP-75", 120), ("DEP-69", 4), ("DEP-33", 10));

        Assert.Equal([("DEP-13", null), ("DEP-33", 10.0), ("DEP-69", null), ("DEP-75", 120.0)], r.Territories.Select(t => (t.Territory.Code, t.Value)));
    }

    [Fact]
    public void Apply_ThresholdConfigured_Used()
    {
        var r = Suppressed(Arrests, 11, ("DEP-13", 3), ("DEP-75", 120), ("DEP-69", 10));

        Assert.Equal([("DEP-13", null), ("DEP-69", null), ("DEP-75", 120.0)], r.Territories.Select(t => (t.Territory.Code, t.Value)));
    }

    [Fact]
    public void Apply_IndicatorNotSensitive_Unchanged()
    {
        var r = Suppressed("cai_bilans_competences", ("DEP-13", 3), ("DEP-75", 120));

        Assert.All(r.Territories, t => Assert.NotNull(t.Value));
    }

    private static IndicatorResult Suppressed(string id, params (string Territory, double Value)[] cells) => Suppressed(id, SmallCountSuppression.DefaultThreshold, cells);

    private static IndicatorResult Suppressed(string id, int threshold, params (string Territory, double Value)[] cells)
    {
        var dashboard = Compute("2009-01-31", cells.Select(c => Value(id, "2009-01", c.Territory, c.Value)));

        return SmallCountSuppression.Apply(dashboard, DefaultCatalogue, threshold).Indicators.Single(i => i.Id.Value == id);
    }
}
