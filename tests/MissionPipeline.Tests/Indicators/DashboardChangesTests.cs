using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class DashboardChangesTests
{
    private const string Operations = "operations_travail_illegal";

    [Fact]
    public void Compare_NoPreviousSnapshot_NoChanges() =>
        Assert.Empty(DashboardChanges.Compare(null, Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3))));

    [Fact]
    public void Compare_SameDashboard_NoChanges()
    {
        var dashboard = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));

        Assert.Empty(DashboardChanges.Compare(dashboard, dashboard));
    }

    [Fact]
    public void Compare_StatusAndActualChanged_BothListedStatusFirst()
    {
        var march = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));
        var june = Compute("2009-06-30", Months(Operations, "FR", 2009, 130, Range(1, 6)));

        var changes = DashboardChanges.Compare(march, june).Where(c => c.Indicator.Value == Operations).ToArray();

        Assert.Equal(
            [("status", "off_track", "on_track"), ("actual", "300", "780")],
            changes.Select(c => (c.Field, c.From, c.To)));
    }

    [Fact]
    public void Compare_FigureAppears_FromIsNull()
    {
        var before = Compute("2009-01-31", []);
        var after = Compute("2009-01-31", [Ratio("dilf_taux_reussite", "2009-01", "FR", 11, 20)]);

        var changes = DashboardChanges.Compare(before, after).Where(c => c.Indicator.Value == "dilf_taux_reussite").ToArray();

        Assert.Equal([("status", "no_data", "off_track"), ("actual", null, "0.55")], changes.Select(c => (c.Field, c.From, c.To)));
    }

    [Fact]
    public void Compare_IndicatorUnknownToThePreviousSnapshot_Skipped()
    {
        var current = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));
        var previous = current with { Indicators = current.Indicators.Where(r => r.Id.Value != Operations).Select(r => r with { Actual = -1 }).ToArray() };

        var changes = DashboardChanges.Compare(previous, current);

        Assert.DoesNotContain(changes, c => c.Indicator.Value == Operations);
        Assert.NotEmpty(changes);
    }

    [Fact]
    public void Compare_PreviousReadBackFromItsJson_SameAsComparingTheDashboards()
    {
        var march = Compute("2009-03-31", Months(Operations, "FR", 2009, 100.1, 1, 2, 3).Append(Ratio("dilf_taux_reussite", "2009-02", "FR", 1, 3)));
        var june = Compute("2009-06-30", Months(Operations, "FR", 2009, 130, Range(1, 6)));

        var fromJson = DashboardChanges.Compare(DashboardJson.Read(DashboardJson.Write(march)), june);

        Assert.Equal(DashboardChanges.Compare(march, june), fromJson);
    }
}
