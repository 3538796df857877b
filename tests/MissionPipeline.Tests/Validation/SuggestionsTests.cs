using MissionPipeline.Validation;

namespace MissionPipeline.Tests.Validation;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("valeur", "valeur", 0)]
    [InlineData("valuer", "valeur", 2)]
    [InlineData("valeurs", "valeur", 1)]
    [InlineData("", "poids", 5)]
    [InlineData("territoir", "territoire", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_TwoWords_IsTheLevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }

    [Theory]
    [InlineData("valuer", "valeur")]
    [InlineData("perode", "periode")]
    [InlineData("numerateurs", "numerateur")]
    [InlineData("remarque", null)]
    [InlineData("statu", "statut")]
    public void Closest_Typo_IsTheNearestNameWithinTwoEdits(string typo, string? expected) =>
        Assert.Equal(expected, Suggestions.Closest(typo, ["indicateur", "periode", "territoire", "valeur", "numerateur", "denominateur", "poids", "statut", "commentaire"], 2));
}
