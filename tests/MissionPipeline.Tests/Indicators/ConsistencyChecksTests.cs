using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>A value against the sum of its parts (territories, periods): a gap over 1 % is a warning on the dashboard.</summary>
public sealed class ConsistencyChecksTests
{
    private const string Arrests = "interpellations_aide_sejour"; // FR headline, national = sum of départements
    private const string Operations = "operations_travail_illegal"; // FR only, reported

    [Theory]
    [InlineData("FR=100 DEP-75=60 DEP-13=40", 0)]
    [InlineData("FR=100 DEP-75=60 DEP-13=39", 0)] // exactly 1 %
    [InlineData("FR=100 DEP-75=60 DEP-13=41", 0)]
    [InlineData("FR=100 DEP-75=60 DEP-13=38", 1)] // 2 %
    [InlineData("FR=100 DEP-75=62 DEP-13=40", 1)]
    [InlineData("FR=0 DEP-75=1", 1)] // any figure against a zero
    [InlineData("FR=0 DEP-75=0", 0)]
    [InlineData("DEP-75=60 DEP-13=40", 0)] // nothing reported to compare with
    public void Compute_NationalAgainstDepartements_WarnsAboveOnePercent(string cells, int warnings)
    {
        var r = Result(Arrests, "2009-01-31", Cells(Arrests, "2009-01", cells));

        Assert.Equal(warnings, r.Warnings.Count);
        Assert.All(r.Warnings, w => Assert.Equal((IndicatorWarning.TerritorySumGap, "FR", "2009-01"), (w.Code, w.Territory.Code, w.Period.ToString())));
    }

    [Fact]
    public void Compute_NationalGap_MessageInFrenchWithBothFigures()
    {
        const string skills = "cai_bilans_competences"; // FR and départements, not sensitive
        var r = Result(skills, "2009-01-31", Cells(skills, "2009-01", "FR=1000 DEP-75=600 DEP-13=380"));

        var warning = Assert.Single(r.Warnings);
        Assert.Equal("France entière, janvier 2009 : valeur reçue 1\u202F000, somme des 2 départements reçus 980 (écart de 2,0\u00A0%).", warning.Message);
        Assert.Equal(1000, r.Actual); // the reported value is kept
    }

    /// <summary>
    /// Lozère's 2 hidden, the 99 other départements shown: a published sum of départements would
    /// give it back (the sum less the cells shown). A sensitive indicator's warning says there is a
    /// gap, never the sum nor the gap's size.
    /// </summary>
    [Fact]
    public void Compute_SensitiveNationalGap_SaysSoWithoutTheSumOfDepartements()
    {
        var r = Result(Arrests, "2009-01-31", Cells(Arrests, "2009-01", "FR=1341 DEP-75=1279 DEP-48=2"));

        var warning = Assert.Single(r.Warnings);
        Assert.Equal((IndicatorWarning.TerritorySumGap, "FR"), (warning.Code, warning.Territory.Code));
        Assert.Equal("France entière, janvier 2009 : la valeur reçue, 1\u202F341, s'écarte de plus de 1\u00A0% de la somme des 2 départements reçus, qui n'est pas publiée (secret statistique : elle compte les chiffres masqués).", warning.Message);
        Assert.DoesNotContain("1\u202F281", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>A département's year against its months would give its hidden months back: not compared for a sensitive indicator, compared for another.</summary>
    [Theory]
    [InlineData(Arrests, 0)]
    [InlineData("cai_bilans_competences", 1)]
    public void Compute_DepartementYearAgainstItsMonths_ComparedOnlyWhenNotSensitive(string id, int warnings)
    {
        var observations = Months(id, "DEP-48", 2009, 1, Range(1, 12)).Append(Value(id, "2009", "DEP-48", 30));

        Assert.Equal(warnings, Result(id, "2009-12-31", observations).Warnings.Count(w => w.Territory.Code == "DEP-48"));
    }

    [Fact]
    public void Compute_ReportedNationalIndicator_StillChecked()
    {
        var r = Result("delai_naturalisation", "2009-03-31", [
            Weighted("delai_naturalisation", "2009-T1", "FR", 10, 100), Weighted("delai_naturalisation", "2009-T1", "DEP-75", 14, 50),
            Weighted("delai_naturalisation", "2009-T1", "DEP-13", 8, 50),
        ]);

        Assert.Equal(10, r.Actual);
        var warning = Assert.Single(r.Warnings, w => w.Territory.Code == "FR"); // (14 × 50 + 8 × 50) / 100 = 11: 10 % off
        Assert.Contains("moyenne pondérée des 2 départements reçus 11", warning.Message, StringComparison.Ordinal); // a mean of the parts, not their sum
    }

    [Fact]
    public void Compute_RateAgainstItsDepartements_SaidAsTheRateOfTheirCounts()
    {
        const string dilf = "dilf_taux_reussite";
        var r = Result(dilf, "2009-12-31", [Ratio(dilf, "2009", "FR", 55, 100), Ratio(dilf, "2009", "DEP-75", 1, 2), Ratio(dilf, "2009", "DEP-13", 0, 1)]);

        var warning = Assert.Single(r.Warnings, w => w.Territory.Code == "FR");
        Assert.Contains("taux calculé sur les 2 départements reçus 33,3\u00A0%", warning.Message, StringComparison.Ordinal); // 1 / 3, not a sum of rates
    }

    [Fact]
    public void Compute_MetropoleAgainstItsDepartements_OverseasLeftOut()
    {
        var observations = Cells("eloignements_forces", "2009-01", "FR-MET=100 DEP-75=60 DEP-13=40 DEP-971=30");

        var r = Result("eloignements_forces", "2009-01-31", observations);

        Assert.Empty(r.Warnings);
        Assert.Equal(100, r.Actual);
    }

    [Fact]
    public void Compute_RegionAgainstItsDepartements_Warns()
    {
        var r = Result("population_etrangere", "2009-12-31", Cells("population_etrangere", "2009", "FR=3600 REG-11=900 DEP-75=500 DEP-92=300"));

        var warning = Assert.Single(r.Warnings, w => w.Territory.Code == "REG-11");
        Assert.Equal(IndicatorWarning.TerritorySumGap, warning.Code);
        Assert.Equal(900, r.Territories.Single(t => t.Territory.Code == "REG-11").Value);
    }

    [Theory]
    [InlineData(false, 3_700_000, 0)] // three régions sent for themselves: a breakdown, not a partition
    [InlineData(true, 3_700_000, 1)] // every région: their sum (2 595 000) is compared
    [InlineData(true, 2_610_000, 0)]
    public void Compute_NationalAgainstReportedRegions_OnlyWhenEveryRegionArrived(bool everyRegion, double national, int warnings)
    {
        var regions = everyRegion ? MissionPipeline.Geography.Geography2009.Default.Regions.Select(r => r.Code).ToArray() : ["REG-11", "REG-82", "REG-93"];
        var cells = string.Join(" ", regions.Select(r => r == "REG-11" ? "REG-11=1450000" : r is "REG-82" or "REG-93" ? r + "=400000" : r + "=15000").Prepend(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"FR={national}")));

        var r = Result("population_etrangere", "2009-12-31", Cells("population_etrangere", "2009", cells));

        Assert.Equal(warnings, r.Warnings.Count(w => w.Territory.Code == "FR"));
    }

    [Theory]
    [InlineData(1250, 12, 1)] // the year says 1 250, its months 1 200
    [InlineData(1210, 12, 0)] // within 1 %
    [InlineData(1250, 11, 0)] // the months do not cover the year: nothing to compare
    public void Compute_YearAgainstItsMonths_WarnsAboveOnePercent(double year, int months, int warnings)
    {
        var observations = Months(Operations, "FR", 2009, 100, Range(1, months)).Append(Value(Operations, "2009", "FR", year));

        var r = Result(Operations, "2009-12-31", observations);

        Assert.Equal(year, r.Actual);
        Assert.Equal(warnings, r.Warnings.Count);
        Assert.All(r.Warnings, w => Assert.Equal((IndicatorWarning.PeriodSumGap, "2009"), (w.Code, w.Period.ToString())));
    }

    [Fact]
    public void Compute_StockYearAgainstItsLastMonth_Compared()
    {
        const string id = "demandeurs_emploi_etrangers_hors_ue_cvs";
        var observations = new[] { Value(id, "2009-11", "FR-MET", 90), Value(id, "2009-12", "FR-MET", 100), Value(id, "2009", "FR-MET", 110) };

        var warning = Assert.Single(Result(id, "2009-12-31", observations).Warnings);

        Assert.Contains("valeur de décembre 2009 100", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_QuarterAndMonthsWithinYear_ComparesTheMaximalParts()
    {
        var observations = new[]
        {
            Value(Operations, "2009", "FR", 1200), Value(Operations, "2009-T1", "FR", 300), Value(Operations, "2009-01", "FR", 100),
            Value(Operations, "2009-T2", "FR", 300), Value(Operations, "2009-T3", "FR", 300), Value(Operations, "2009-T4", "FR", 300),
        };

        Assert.Empty(Result(Operations, "2009-12-31", observations).Warnings);
    }

    [Fact]
    public void Compute_WarningsOfThePreviousYear_NotReported()
    {
        var observations = Cells(Arrests, "2008-12", "FR=100 DEP-75=10").Concat(Cells(Arrests, "2009-01", "FR=100 DEP-75=100"));

        Assert.Empty(Result(Arrests, "2009-01-31", observations).Warnings);
    }
}
