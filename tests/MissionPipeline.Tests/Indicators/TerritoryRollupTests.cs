using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Départements → régions → FR-MET / FR-DOM → FR, each indicator following its national rule.</summary>
public sealed class TerritoryRollupTests
{
    private const string Arrests = "interpellations_aide_sejour"; // FR headline, national = sum of départements
    private const string Population = "population_etrangere"; // FR headline reported, régions in the breakdown

    // Every row: territory=value pairs for January 2009, and the national value the engine must find.
    [Theory]
    [InlineData("DEP-75=10 DEP-971=5", 15)] // départements of both sides
    [InlineData("FR-MET=100 DEP-971=5", 105)] // a reported FR-MET stands for metropolitan France
    [InlineData("FR-MET=100 DEP-75=10 DEP-971=5", 105)] // ... and its départements are not added on top
    [InlineData("FR-DOM=9 DEP-75=10", 19)]
    [InlineData("REG-11=50 DEP-75=10 DEP-13=7", 57)] // a reported région replaces its départements
    [InlineData("REG-01=4 DEP-971=3 DEP-972=2", 6)] // Guadeloupe is a région of one département
    [InlineData("FR=200 DEP-75=10", 200)] // a reported national value wins
    public void Compute_SumOfDepartements_RollsUpEachLevelOnce(string cells, double national)
    {
        var r = Result(Arrests, "2009-01-31", Cells(Arrests, "2009-01", cells));

        Assert.Equal(national, r.Actual);
    }

    /// <summary>
    /// A national row for one month beside a year sent by département counts for its month only: the
    /// year's figure was that one month (5 135 became 441, a closed year « à risque »: red team, steering
    /// unit). The same for a région's own row beside its départements.
    /// </summary>
    [Fact]
    public void Compute_NationalRowForOneMonthBesideTheDepartements_ThatMonthOnly()
    {
        var months = Range(1, 12).SelectMany(m => Cells(Arrests, $"2009-{m:D2}", "DEP-75=400 DEP-13=28")).ToArray();

        var r = Result(Arrests, "2009-12-31", [.. months, .. Cells(Arrests, "2009-11", "FR=441"), .. Cells(Arrests, "2009-12", "REG-93=20")]);

        // January to October by département, November the national row, December Paris plus Provence's own row.
        Assert.Equal((10 * 428) + 441 + 400 + 20, r.Actual);
        Assert.Equal(12, r.PeriodsReported.Count);
        Assert.Equal(IndicatorStatus.Achieved, r.Status);
    }

    /// <summary>A year by département beside one national month: the year, as a year beats its months within one territory (it was the month alone: review).</summary>
    [Fact]
    public void Compute_NationalMonthBesideAYearByDepartement_TheYear()
    {
        var r = Result(Arrests, "2009-12-31", [.. Cells(Arrests, "2009", "DEP-75=4800 DEP-13=336"), .. Cells(Arrests, "2009-12", "FR=441")]);

        Assert.Equal(5136, r.Actual);
    }

    [Fact]
    public void Compute_MetropoleHeadline_OverseasNeverCounted()
    {
        var r = Result("eloignements_forces", "2009-01-31", Cells("eloignements_forces", "2009-01", "REG-11=40 DEP-13=7 DEP-971=5 FR-DOM=5"));

        Assert.Equal(47, r.Actual);
    }

    [Fact]
    public void Compute_RegionsInScope_BuiltFromDepartementsWhenNotReported()
    {
        var r = Result(Population, "2009-12-31", Cells(Population, "2009", "FR=3600 DEP-75=500 DEP-92=300 DEP-13=250 REG-82=400"));

        Assert.Equal(3600, r.Actual);
        Assert.Equal([("REG-11", 800.0), ("REG-82", 400.0), ("REG-93", 250.0)], r.Territories.Select(t => (t.Territory.Code, t.Value!.Value)));
    }

    [Fact]
    public void Compute_NationalReportedButOnlyDepartementsArrived_NoNationalNumberMadeUp()
    {
        var r = Result(Population, "2009-12-31", Cells(Population, "2009", "DEP-75=500 DEP-13=250"));

        Assert.Null(r.Actual);
        Assert.Equal(IndicatorStatus.NoData, r.Status);
        Assert.Equal(NoDataCode.NoValue, r.NoDataReason!.Code);
        Assert.Contains("(FR)", r.NoDataReason.Message, StringComparison.Ordinal);
        Assert.Equal(["REG-11", "REG-93"], r.Territories.Select(t => t.Territory.Code)); // the breakdown still shows
    }

    [Fact]
    public void Compute_ShareOfThreeRegions_FromDepartementFigures()
    {
        var observations = Cells(Population, "2009", "FR=3600000 DEP-75=1200000 DEP-69=600000 DEP-13=400000");

        var r = Result("concentration_trois_regions", "2009-12-31", observations);

        Assert.Equal(2_200_000.0 / 3_600_000, r.Actual!.Value, 12);
    }

    [Fact]
    public void Compute_StockOverRegions_EachDepartementsLatestAdded()
    {
        const string id = "demandeurs_emploi_etrangers_hors_ue";
        var observations = Cells(id, "2009-01", "DEP-75=100 DEP-92=50").Concat(Cells(id, "2009-02", "DEP-75=110"));

        var r = Result(id, "2009-02-28", observations);

        Assert.Equal(160, r.Actual);
        Assert.Equal(160, r.Territories.Single(t => t.Territory.Code == "FR-MET").Value);
    }
}
