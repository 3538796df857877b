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
    [InlineData("12\u001B[31m\u0007", "12‹U+001B›[31m‹U+0007›")] // an escape sequence never reaches the terminal
    [InlineData("Personnes\ninterpellées", "Personnes interpellées")] // a header typed with Alt+Entrée: spacing, not a line of its own
    [InlineData("a\tb\r\n", "a b  ")]
    [InlineData("\u0085\u007F", "‹U+0085›‹U+007F›")]
    public void Reveal_Text_ShowsEachInvisibleCharacterByItsCode(string text, string shown)
    {
        Assert.Equal(shown, InvisibleCharacters.Reveal(text));
        Assert.Equal(shown, InvisibleCharacters.Reveal(shown));
    }

    [Fact]
    public void Read_EscapeSequenceInACell_ShownByItsCodesInEveryPartOfTheIssue()
    {
        var result = Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;\u001B[2K\u001B[1A— valide\n");

        var error = Assert.Single(result.Errors);
        Assert.DoesNotContain(error.Cell + error.Column + error.Message, c => char.IsControl(c));
        Assert.Contains("‹U+001B›[2K", error.Cell, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationIssue_SheetNamedWithAnEscapeSequence_ShownByItsCodes()
    {
        var issue = new MissionPipeline.Validation.ValidationIssue("ignored-sheet", 2, string.Empty, string.Empty, "Feuille ignorée.", "\u001B[7mDescriptif");

        Assert.Equal("‹U+001B›[7mDescriptif", issue.Sheet);
        Assert.Null((issue with { Sheet = null }).Sheet);
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
