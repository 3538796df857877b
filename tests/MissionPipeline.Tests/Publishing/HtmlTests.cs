using MissionPipeline.Publishing;

namespace MissionPipeline.Tests.Publishing;

public sealed class HtmlTests
{
    /// <summary>A unit agrees with its figure as French does: singular below 2 (the card read « Réalisé 0 départements »).</summary>
    [Theory]
    [InlineData("départements", 0.0, "département")]
    [InlineData("personnes", 1.0, "personne")]
    [InlineData("personnes", 1.5, "personne")]
    [InlineData("personnes", 2.0, "personnes")]
    [InlineData("personnes", 28801.0, "personnes")]
    [InlineData("personnes", null, "personnes")]
    [InlineData("mois", 1.0, "mois")]
    [InlineData("pays", 0.0, "pays")]
    [InlineData("taux", 0.5, "")]
    [InlineData("rang", 1.0, "")]
    public void Unit_AfterAFigure_AgreesInNumber(string unit, double? value, string expected) =>
        Assert.Equal(expected, Html.Unit(unit, value));
}
