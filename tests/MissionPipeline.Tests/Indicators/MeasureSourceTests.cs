using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class MeasureSourceTests
{
    private static readonly Window Year2009 = Window.Year(2009, Date("2009-12-31"));

    // offres_emploi_enregistrees is published for FR-MET and FR-DOM; made a sum of départements here.
    private static readonly Indicator Offres = Indicator("offres_emploi_enregistrees") with { National = NationalValue.SumOfDepartements };

    private static readonly SourcedObservation[] ThreeDepartements =
    [
        Value("offres_emploi_enregistrees", "2009-01", "DEP-75", 100),
        Value("offres_emploi_enregistrees", "2009-01", "DEP-971", 7),
        Value("offres_emploi_enregistrees", "2009-01", "DEP-974", 3),
    ];

    [Theory]
    [InlineData("FR", 110)]
    [InlineData("FR-MET", 100)]
    [InlineData("FR-DOM", 10)]
    public void Observed_SumOfDepartements_EachAggregateItsOwnDepartements(string territory, double expected)
    {
        var source = MeasureSource.Observed(Offres, ThreeDepartements, Year2009);

        Assert.Equal(expected, source.Measure(Parse(territory))!.Value(AmountKind.Value));
    }

    [Fact]
    public void Observed_NationalReported_NoSumOfDepartements()
    {
        var source = MeasureSource.Observed(Indicator("offres_emploi_enregistrees"), ThreeDepartements, Year2009);

        Assert.Null(source.Measure(Territory.OutreMer));
    }

    [Fact]
    public void Observed_RegionOrDepartementWithoutFigures_Null()
    {
        var source = MeasureSource.Observed(Offres, ThreeDepartements, Year2009);

        Assert.Null(source.Measure(Territory.Region("93")));
        Assert.Null(source.Measure(Territory.Departement("13")));
        Assert.Equal(["DEP-75", "DEP-971", "DEP-974"], source.Territories.Select(t => t.Code));
    }

    [Fact]
    public void Observed_OutsideTheWindow_Ignored()
    {
        var source = MeasureSource.Observed(Offres, ThreeDepartements, Window.Year(2010, Date("2010-12-31")));

        Assert.Empty(source.Territories);
        Assert.Null(source.Measure(Territory.France));
    }
}
