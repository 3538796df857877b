using MissionPipeline.Text;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Text;

public sealed class InvisibleCharactersTests
{
    [Theory]
    [InlineData("indicateur", "indicateur")]
    [InlineData("\uFEFFindicateur", "‹U+FEFF›indicateur")]
    [InlineData("DEP\u200B-75", "DEP‹U+200B›-75")]
    [InlineData("abc\u202Edef", "abc‹U+202E›def")]
    [InlineData("Période\u202F: « 2009 »", "Période\u202F: « 2009 »")]
    public void Reveal_Text_ShowsEachInvisibleCharacterByItsCode(string text, string shown)
    {
        Assert.Equal(shown, InvisibleCharacters.Reveal(text));
        Assert.Equal(shown, InvisibleCharacters.Reveal(shown));
    }

    [Fact]
    public void Read_ByteOrderMarkInsideAHeaderCell_IsIgnoredByTheMatcher()
    {
        var result = Read($"indicateur;\uFEFFperiode;territoire;valeur\nretours_aides;2009-03;DEP-75;212\n");

        Assert.Empty(result.Errors);
        Assert.Single(result.Observations);
    }

    [Fact]
    public void Read_UnknownColumnWithAByteOrderMark_ShowsTheMarkInTheReport()
    {
        var result = Read($"indicateur;periode;territoire;valeur;\uFEFFnote\nretours_aides;2009-03;DEP-75;212;x\n");

        var error = Assert.Single(result.Errors, e => e.Code == "unknown-column");
        Assert.Equal("‹U+FEFF›note", error.Cell);
        Assert.Equal("‹U+FEFF›note", error.Column);
        Assert.Contains("« ‹U+FEFF›note »", error.Message.Replace('\u202F', ' '), StringComparison.Ordinal);
    }
}
