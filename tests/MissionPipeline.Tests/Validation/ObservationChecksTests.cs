using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Validation;
using static MissionPipeline.Tests.Readers.AgencyFiles;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Validation;

/// <summary>The shared checks as a format reader with computed observations (F1–F5) calls them.</summary>
public sealed class ObservationChecksTests
{
    private static readonly Period March = Period.OfMonth(2009, 3);

    [Fact]
    public void Check_ValidObservation_PassesSilently()
    {
        var (checks, issues) = For("ofpra");

        Assert.True(checks.Check(Obs("taux_protection_global", Territory.France, null, numerator: 467, denominator: 2584), ObservationSource.AtRow(9)));
        Assert.Equal(0, issues.ErrorCount + issues.WarningCount);
    }

    [Theory]
    [InlineData("dcpaf", "dilf_taux_reussite", "FR", 2009, 3, "indicator-not-allowed", "est transmis par l'OFII (ofii), pas par la DCPAF")]
    [InlineData("dcpaf", "eloignements", "FR", 2009, 3, "derived-indicator", "eloignements_forces, retours_aides")]
    [InlineData("ofii", "inexistant", "FR", 2009, 3, "unknown-indicator", "ceux que l'OFII peut transmettre sont retours_aides")]
    [InlineData("ofii", "retours_aides", "DEP-976", 2009, 3, "unknown-territory", "Mayotte")]
    [InlineData("ofii", "retours_aides", "REG-99", 2009, 3, "unknown-territory", "REG-11")]
    [InlineData("eurostat", "demandes_asile_ue", "XX", 2009, 3, "unknown-territory", "code pays")]
    [InlineData("ofii", "retours_aides", "FR", 2009, 5, "period-in-future", "1ᵉʳ mai 2009, après la réception du fichier le 9 avril 2009")]
    public void Check_ObservationBreakingARule_ReportsItWhereTheSourceSays(string agency, string indicator, string territory, int year, int month, string code, string hint)
    {
        var (checks, issues) = For(agency);
        Assert.True(Territory.TryParse(territory, out var t));
        var source = ObservationSource.AtRow(12, "Eloignements") with { Indicator = new SourceCell(0, "", ""), Period = new SourceCell(1, "titre", "avril 2009") };
        var observation = new Observation(new IndicatorId(indicator), Period.OfMonth(year, month), t, 5);

        Assert.False(checks.Check(observation, source));

        var error = Assert.Single(issues.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        var expected = code switch
        {
            "period-in-future" => source.Period,
            "unknown-territory" => source.Territory,
            _ => source.Indicator,
        };
        Assert.Equal((expected.Row, expected.Column, expected.Cell, expected.Sheet), (error.Row, error.Column, error.Cell, error.Sheet));
    }

    [Fact]
    public void Check_SameKeyTwice_ReportsTheSecondWithTheFirstsPlace()
    {
        var (checks, issues) = For("dcpaf");
        var observation = Obs("eloignements_forces", Territory.Departement("75"), 120);

        Assert.True(checks.Check(observation, ObservationSource.AtRow(4, "Eloignements")));
        Assert.False(checks.Check(observation with { Value = 121 }, ObservationSource.AtRow(9, "Eloignements")));

        var error = Assert.Single(issues.Errors);
        Assert.Equal(("duplicate-row", 9, "Eloignements"), (error.Code, error.Row, error.Sheet));
        Assert.Contains(FrenchTypography.Apply("déjà donnés ligne 4 de la feuille « Eloignements »"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void Check_SumWithoutValue_IsAnErrorUnlessWithheld(bool withheld, int errors)
    {
        var (checks, issues) = For("ofii");

        checks.Check(Obs("retours_aides", Territory.France, null) with { Status = ValueStatus.Provisional }, ObservationSource.AtRow(3), withheld);

        Assert.Equal(errors, issues.ErrorCount);
    }

    [Theory]
    [InlineData(ValueStatus.Secret, 12.0, "conflicting-status")]
    [InlineData(ValueStatus.NotAvailable, 12.0, "conflicting-status")]
    [InlineData(ValueStatus.Secret, null, null)]
    [InlineData(ValueStatus.Estimated, 12.0, null)]
    public void Check_SecretOrUnavailableWithANumber_IsConflicting(ValueStatus status, double? value, string? code)
    {
        var (checks, issues) = For("ofii");

        checks.Check(Obs("retours_aides", Territory.France, value) with { Status = status }, ObservationSource.AtRow(3));

        Assert.Equal(code, issues.Errors.SingleOrDefault()?.Code);
    }

    [Fact]
    public void Check_RatioWithOnePart_ReportsIncompleteRatioAtTheMissingPart()
    {
        var (checks, issues) = For("ofpra");
        var source = ObservationSource.AtRow(9) with { Denominator = new SourceCell(9, "Décisions", "") };

        checks.Check(Obs("taux_protection_global", Territory.France, null, numerator: 467), source);

        var error = Assert.Single(issues.Errors);
        Assert.Equal(("incomplete-ratio", 9, "Décisions"), (error.Code, error.Row, error.Column));
    }

    private static (ObservationChecks Checks, IssueCollector Issues) For(string agency)
    {
        var issues = new IssueCollector();
        return (new ObservationChecks(Context(agency), issues), issues);
    }

    private static Observation Obs(string indicator, Territory territory, double? value, double? numerator = null, double? denominator = null) =>
        new(new IndicatorId(indicator), March, territory, value, numerator, denominator);
}
