using MissionPipeline.Geography;

namespace MissionPipeline.Tests.Geography;

public sealed class Geography2009Tests
{
    private static readonly Geography2009 Geo = Geography2009.Default;

    [Fact]
    public void Default_Has96MetropolitanAnd4OverseasDepartementsIn26Regions()
    {
        Assert.Equal(96, Geo.Departements.Count(d => d.Metropolitan));
        Assert.Equal(["DEP-971", "DEP-972", "DEP-973", "DEP-974"], Geo.Departements.Where(d => !d.Metropolitan).Select(d => d.Territory.Code));
        Assert.Equal(26, Geo.Regions.Count);
        Assert.Equal(27, Geo.EuMembers2009.Count());
    }

    [Theory]
    [InlineData("1", "DEP-01")]
    [InlineData("01", "DEP-01")]
    [InlineData("1.0", "DEP-01")]
    [InlineData("2a", "DEP-2A")]
    [InlineData(" 971 ", "DEP-971")]
    public void TryFindDepartement_SpreadsheetCodes_FindTheDepartement(string code, string expected)
    {
        Assert.True(Geo.TryFindDepartement(code, out var d));
        Assert.Equal(expected, d.Territory.Code);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("976")]
    [InlineData("99")]
    [InlineData("")]
    public void TryFindDepartement_NotADepartementIn2009_ReturnsFalse(string code) => Assert.False(Geo.TryFindDepartement(code, out _));

    [Theory]
    [InlineData("fr", "FR", TerritoryKind.France, true)]
    [InlineData("FR-MET", "FR-MET", TerritoryKind.Metropole, true)]
    [InlineData("dep-2b", "DEP-2B", TerritoryKind.Departement, true)]
    [InlineData("REG-11", "REG-11", TerritoryKind.Region, true)]
    [InlineData("REG-99", "REG-99", TerritoryKind.Region, false)]
    [InlineData("DEP-976", "DEP-976", TerritoryKind.Departement, false)]
    [InlineData("EL", "EL", TerritoryKind.Country, true)]
    [InlineData("EU28", "EU28", TerritoryKind.Aggregate, true)]
    public void TryParse_TerritoryCodes_KindAndExistence(string text, string code, TerritoryKind kind, bool known)
    {
        Assert.True(Territory.TryParse(text, out var t));
        Assert.Equal(code, t.Code);
        Assert.Equal(kind, t.Kind);
        Assert.Equal(known, Geo.Knows(t));
    }

    [Theory]
    [InlineData("75")]
    [InlineData("France")]
    [InlineData("DEP-")]
    [InlineData("DEP-\uFF17\uFF15")] // full-width digits: a malformed code, not an unknown département (red team, préfet)
    [InlineData("REG-\u0661\u0661")] // Arabic-Indic digits
    [InlineData("EU\uFF12\uFF17")]
    public void TryParse_NotACode_ReturnsFalse(string text) => Assert.False(Territory.TryParse(text, out _));

    [Fact]
    public void TryFindEurostatLabel_LegacyLabels_GiveCodes()
    {
        Assert.True(Geo.TryFindEurostatLabel("Germany (until 1990 former territory of the FRG)", out var de));
        Assert.Equal("DE", de.Territory.Code);
        Assert.True(Geo.TryFindEurostatLabel("European Union (28 countries)", out var eu));
        Assert.Equal(TerritoryKind.Aggregate, eu.Territory.Kind);
    }

    [Fact]
    public void TerritoryOrder_SortsNationalThenRegionsThenDepartementsWithCorsicaInPlace()
    {
        var codes = new[] { "DEP-971", "DEP-2B", "FR", "DEP-21", "REG-11", "DEP-2A", "FR-MET", "DEP-19", "DE" };
        var sorted = codes.Select(c => { Territory.TryParse(c, out var t); return t; }).Order(TerritoryOrder.Instance).Select(t => t.Code);
        Assert.Equal(["FR", "FR-MET", "REG-11", "DEP-19", "DEP-2A", "DEP-2B", "DEP-21", "DEP-971", "DE"], sorted);
    }

    [Theory]
    [InlineData("DEP-075", "écrivez DEP-75 (Paris), sans zéro devant le numéro")]
    [InlineData("dep-048", "écrivez DEP-48 (Lozère), sans zéro devant le numéro")]
    [InlineData("REG-84", "Auvergne-Rhône-Alpes est une région de 2016 ; en 2009 : Auvergne (REG-83) et Rhône-Alpes (REG-82)")]
    [InlineData("REG-44", "Grand Est est une région de 2016 ; en 2009 : Alsace (REG-42), Champagne-Ardenne (REG-21) et Lorraine (REG-41)")]
    [InlineData("DEP-020", null)] // no département 20 in 2009: the Corsica hint says why
    [InlineData("DEP-976", null)]
    [InlineData("REG-99", null)]
    public void Instead_CodeOfNoTerritoryOf2009_SaysWhatToWriteWhenPlain(string code, string? expected) =>
        Assert.Equal(expected, Geo.Instead(code));
}
