using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Targets by year and definitions that change (INDICATORS.md, "Years after 2009"), as the engine applies them.</summary>
public sealed class IndicatorEvaluatorTests
{
    private const string Removals = "eloignements";

    /// <summary>A year of removals in metropolitan France: forced and assisted returns, every month the same.</summary>
    private static IEnumerable<SourcedObservation> RemovalsOf(int year, double forced, double assisted, int months = 12) =>
    [
        .. Months("eloignements_forces", "FR-MET", year, forced, Range(1, months)),
        .. Months("retours_aides", "FR-MET", year, assisted, Range(1, months)),
    ];

    [Theory]
    [InlineData("2010-12-31", 2000, 300, 27600, IndicatorStatus.Missed)] // 27 600 would meet 2009's 27 000, not 2010's 28 000
    [InlineData("2010-12-31", 2100, 300, 28800, IndicatorStatus.Achieved)]
    [InlineData("2009-12-31", 2000, 300, 27600, IndicatorStatus.Achieved)] // the same year in 2009, against the letter's 27 000
    public void Evaluate_RemovalsOfAYear_JudgedAgainstThatYearsTarget(string asOf, double forced, double assisted, double actual, IndicatorStatus expected)
    {
        var year = Date(asOf).Year;

        var r = Result(Removals, asOf, RemovalsOf(year, forced, assisted));

        Assert.Equal(actual, r.Actual);
        Assert.Equal(expected, r.Status);
        Assert.Equal(new DateOnly(year, 12, 31), r.Target!.Due);
    }

    [Fact]
    public void Evaluate_TwoTargetsIn2009_LetterSetsTheStatusBudgetShownBeside()
    {
        // 2 100 forced + 340 assisted a month: 29 280, as the real 29 288 against 27 000 (letter) and 30 000 (budget).
        var r = Result(Removals, "2009-12-31", RemovalsOf(2009, 2100, 340));

        var budget = Assert.Single(r.OtherTargets);
        Assert.Equal((27000d, IndicatorStatus.Achieved), (r.Target!.Value!.Value, r.Status));
        Assert.Equal((30000d, IndicatorStatus.Missed), (budget.Target.Value!.Value, budget.Status));
        Assert.Equal(29280 / 30000d, budget.Progress!.Value, 9);
        Assert.Equal("loi de finances 2009", budget.Target.Label);
    }

    [Fact]
    public void Evaluate_YearWithoutATarget_UnassessedNamingTheYearsThatHaveOne()
    {
        var r = Result(Removals, "2011-06-30", RemovalsOf(2011, 2000, 300, months: 6));

        Assert.Equal(IndicatorStatus.Unassessed, r.Status);
        Assert.Equal(13800, r.Actual);
        Assert.Null(r.Target);
        Assert.Equal(NoDataCode.NoTarget, r.NoDataReason!.Code);
        Assert.Contains("pour 2011", r.NoDataReason.Message, StringComparison.Ordinal);
        Assert.Contains("2009 et 2010", r.NoDataReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ContextIndicator_StaysContextEveryYear() =>
        Assert.Equal(IndicatorStatus.Context, Result("decisions_ofpra", "2011-03-31", Months("decisions_ofpra", "FR", 2011, 3000, 1, 2)).Status);

    [Fact]
    public void Evaluate_MilestoneDueLaterYear_UnassessedBeforeItsYear()
    {
        var r = Result("comite_interministeriel_integration", "2008-12-31", []);

        Assert.Equal((IndicatorStatus.Unassessed, NoDataCode.NoTarget), (r.Status, r.NoDataReason!.Code));
        Assert.Contains("(objectif fixé à partir de 2009)", r.NoDataReason.Message, StringComparison.Ordinal); // it said « de 2009 à 2099 », the catalogue's last year
    }

    [Fact]
    public void Evaluate_DilfIn2011_BudgetTargetUnderTheNewDefinition()
    {
        var r = Result("dilf_taux_reussite", "2011-12-31", Enumerable.Range(1, 12).Select(m => Ratio("dilf_taux_reussite", $"2011-{m:D2}", "FR", 80, 100)));

        Assert.Equal((0.78, IndicatorStatus.Achieved), (r.Target!.Value!.Value, r.Status));
        Assert.Equal(new DateOnly(2010, 1, 1), r.Definition!.From);
        Assert.Empty(r.Breaks); // 2010 and 2011 are both under the new definition
    }

    [Theory]
    [InlineData(false, IndicatorStatus.OnTrack)]
    [InlineData(true, IndicatorStatus.Unassessed)]
    public void Evaluate_DirectionAcrossADefinitionChange_NotCompared(bool definitionChanges, IndicatorStatus expected)
    {
        // OFPRA's mean delay fell from 120 to 100 days: better, unless the two years count different things.
        var catalogue = CatalogueWith(get =>
        {
            if (definitionChanges)
            {
                get("delai_traitement_ofpra")["definitions"] = System.Text.Json.Nodes.JsonNode.Parse("""
                    [ { "to": "2009-12-31", "text": "jours entre l'enregistrement et la décision", "source": { "reference": "Lettre de mission du 31 mars 2009" } },
                      { "from": "2010-01-01", "text": "jours entre l'introduction et la décision", "source": { "reference": "Rapport d'activité de l'OFPRA 2010" } } ]
                    """);
            }
        });
        var observations = new[] { "2009-01", "2009-02", "2010-01", "2010-02" }
            .Select(p => Weighted("delai_traitement_ofpra", p, "FR", p.StartsWith("2009", StringComparison.Ordinal) ? 120 : 100, 1000));

        var r = Compute(catalogue, "2010-02-28", observations).Indicators.Single(i => i.Id.Value == "delai_traitement_ofpra");

        Assert.Equal(expected, r.Status);
        Assert.Equal(definitionChanges ? NoDataCode.SeriesBreak : null, r.NoDataReason?.Code);
        Assert.Equal(definitionChanges ? 1 : 0, r.Breaks.Count);
    }

    [Theory]
    [InlineData(null, "seasonal", 3)] // 2006, 2007, 2008 all comparable
    [InlineData("2007-01-01", "seasonal", 2)] // 2006 counted otherwise: 2007 and 2008 left
    [InlineData("2008-01-01", "linear", 0)] // one comparable year is not a profile
    [InlineData("2009-01-01", "linear", 0)]
    public void Evaluate_ForecastAfterADefinitionChange_ProfileOnlyFromComparableYears(string? change, string method, int years)
    {
        var catalogue = CatalogueWith(get =>
        {
            if (change is not null)
            {
                var until = DateOnly.Parse(change, System.Globalization.CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                get("operations_travail_illegal")["definitions"] = System.Text.Json.Nodes.JsonNode.Parse($$"""
                    [ { "to": "{{until}}", "text": "opérations conjointes", "source": { "reference": "Lettre de mission du 31 mars 2009" } },
                      { "from": "{{change}}", "text": "opérations conjointes et contrôles ciblés", "source": { "reference": "Circulaire de la DGT" } } ]
                    """);
            }
        });
        var history = new[] { 2006, 2007, 2008 }.SelectMany(y => Enumerable.Range(1, 12).Select(m => Value("operations_travail_illegal", $"{y}-{m:D2}", "FR", m <= 6 ? 80 + y - 2000 : 120)));

        var r = Compute(catalogue, "2009-06-30", [.. history, .. Months("operations_travail_illegal", "FR", 2009, 90, Range(1, 6))])
            .Indicators.Single(i => i.Id.Value == "operations_travail_illegal");

        Assert.Equal((method, years), (r.Forecast!.Method, r.Forecast.Years));
    }
}
