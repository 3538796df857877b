using MissionPipeline.Text;

namespace MissionPipeline.Tests.Text;

/// <summary>French typography of the text people read, and what it must leave alone.</summary>
public sealed class FrenchTypographyTests
{
    [Theory]
    [InlineData("Erreurs : 3", "Erreurs\u202F: 3")]
    [InlineData("un taux ne dépasse pas 100 %.", "un taux ne dépasse pas 100\u00A0%.")]
    [InlineData("90\u00A0% de réussite", "90\u00A0% de réussite")]
    [InlineData("/api/ingestions/%C3%A9", "/api/ingestions/%C3%A9")] // no space: not a percentage
    [InlineData("taux % d'écart", "taux % d'écart")] // no number before it
    [InlineData("Erreurs (3):", "Erreurs (3)\u202F:")]
    [InlineData("a ; b ! c ?", "a\u202F; b\u202F! c\u202F?")]
    [InlineData("colonne « valuer » inconnue", "colonne «\u202Fvaluer\u202F» inconnue")]
    [InlineData("«valuer»", "«\u202Fvaluer\u202F»")]
    [InlineData("Colonne\u00A0: x", "Colonne\u202F: x")]
    [InlineData("reçu à 08:12, voir https://exemple.fr/a?format=csv", "reçu à 08:12, voir https://exemple.fr/a?format=csv")]
    [InlineData("&amp; &#39;x&#39;", "&amp; &#39;x&#39;")]
    [InlineData("", "")]
    public void Apply_Text_NarrowNoBreakSpacesWhereFrenchPutsThem(string text, string expected) =>
        Assert.Equal(expected, FrenchTypography.Apply(text));

    [Theory]
    [InlineData("Erreurs : 3 « a »")]
    [InlineData("déjà typographié\u202F: oui")]
    public void Apply_Twice_SameAsOnce(string text) =>
        Assert.Equal(FrenchTypography.Apply(text), FrenchTypography.Apply(FrenchTypography.Apply(text)));
}
