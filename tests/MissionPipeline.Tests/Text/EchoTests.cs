using MissionPipeline.Text;

namespace MissionPipeline.Tests.Text;

public sealed class EchoTests
{
    [Theory]
    [InlineData("eloignements", "eloignements")]
    [InlineData("eloignements ", "eloignements\u2423")] // the stray space a message would otherwise hide
    [InlineData(" 2009-12-31\t", "\u24232009-12-31?")] // a tab is a control character: « ? » as any
    [InlineData("a b", "a b")] // inside, a space reads as one
    [InlineData("a\r\nb", "a??b")]
    [InlineData("   ", "\u2423\u2423\u2423")]
    [InlineData("", "")]
    public void Shorten_CallersText_ControlsAndEndSpacesMadeVisible(string text, string expected) =>
        Assert.Equal(expected, Echo.Shorten(text));

    [Fact]
    public void Shorten_LongText_CutAtTheMaximum() =>
        Assert.Equal(new string('x', 60), Echo.Shorten(new string('x', 200)));

    /// <summary>The message as typeset: the quotes no longer swallow the space.</summary>
    [Fact]
    public void Shorten_ThenTypeset_TheStraySpaceStaysVisible() =>
        Assert.Equal("Indicateur «\u202Feloignements\u2423\u202F» inconnu", FrenchTypography.Apply($"Indicateur « {Echo.Shorten("eloignements ")} » inconnu"));
}
