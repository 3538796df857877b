using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class DelimitedTextTests
{
    [Theory]
    [InlineData("a;b,c\n", ';')]
    [InlineData("a,b,c;d\n", ',')]
    [InlineData("a\tb\tc\n", '\t')]
    [InlineData("a|b|c\n", '|')]
    [InlineData("\n\n  \na,b\n1;2;3;4\n", ',')]
    [InlineData("\"a;b;c\",d,e\n", ',')]
    [InlineData("a;b\tc\n", ';')]
    [InlineData("abc\n", ';')]
    public void Separator_IsTheMostFrequentCandidateOfTheFirstNonBlankLine(string text, char expected) =>
        Assert.Equal(expected, Tokenize(text).Separator);

    [Theory]
    [InlineData("sep=,\na;b,c\n1;2,3\n", ',', 2)]
    [InlineData("sep=|\r\na;b|c\r\n", '|', 2)]
    [InlineData("sep=;", ';', 0)]
    [InlineData("sep=;x\na,b\n", ';', 1)] // not a hint: a first line « sep=;x », the separator detected from it
    public void Separator_SepLineFirst_NamesTheSeparatorAndIsNotARow(string text, char expected, int firstRow)
    {
        var tokenized = Tokenize(text);

        Assert.Equal((expected, firstRow), (tokenized.Separator, tokenized.Rows().FirstOrDefault()?.Number ?? 0));
    }

    [Fact]
    public void Rows_CtrlZEndingTheText_IsNotACharacter()
    {
        var rows = Rows("a;b\r\nc;d\u001A");

        Assert.Equal(["c", "d"], rows[^1].Cells);
    }

    [Fact]
    public void Rows_QuotedCells_KeepSeparatorsQuotesAndLineBreaks()
    {
        var rows = Rows("a;\"b;c\";\"il a dit \"\"oui\"\"\";\"deux\r\nlignes\";\"x\"y\nfin;;\n");

        Assert.Equal(["a", "b;c", "il a dit \"oui\"", "deux\nlignes", "xy"], rows[0].Cells);
        Assert.Equal(["fin", "", ""], rows[1].Cells);
        Assert.Equal((1, 3), (rows[0].Number, rows[1].Number));
    }

    [Theory]
    [InlineData("a\nb\nc")]
    [InlineData("a\r\nb\r\nc\r\n")]
    [InlineData("a\rb\rc\r")]
    [InlineData("a\r\nb\nc\r")]
    public void Rows_AnyLineBreak_EndsARow(string text) =>
        Assert.Equal([(1, "a"), (2, "b"), (3, "c")], Rows(text).Select(r => (r.Number, r.Cells[0])));

    [Fact]
    public void Rows_BlankLines_AreCountedInRowNumbers()
    {
        var rows = Rows("a\n\n\r\n\"x\ny\"\nb\n");

        Assert.Equal([1, 2, 3, 4, 6], rows.Select(r => r.Number));
    }

    [Fact]
    public void Rows_UnterminatedQuote_EndsTheFileInOneCell()
    {
        var row = Assert.Single(Rows("a;\"b\nc;d\n"));

        Assert.True(row.UnterminatedQuote);
        Assert.Equal(["a", "b\nc;d\n"], row.Cells);
    }

    [Fact]
    public void Rows_LongCell_IsKeptOneCharacterPastTheLimit()
    {
        var row = Assert.Single(Rows(new string('x', 100_000) + ";y", maxCellLength: 10));

        Assert.Equal([new string('x', 11), "y"], row.Cells);
    }

    [Fact]
    public void Rows_ManyCells_AreCountedButNotAllKept()
    {
        var row = Assert.Single(Rows(new string(';', 5_000)));

        Assert.Equal(5_001, row.CellCount);
        Assert.Equal(DelimitedText.MaxCellsPerRow, row.Cells.Count);
    }

    [Fact]
    public void Rows_TextLongerThanTheBuffer_IsReadWhole()
    {
        var lines = Enumerable.Range(1, 20_000).Select(i => $"ligne {i};\"texte {i}\"").ToArray();

        var rows = Rows(string.Join("\r\n", lines));

        Assert.Equal(20_000, rows.Count);
        Assert.Equal(("ligne 20000", "texte 20000", 20_000), (rows[^1].Cells[0], rows[^1].Cells[1], rows[^1].Number));
    }

    private static DelimitedText Tokenize(string text, int maxCellLength = 4_096) => new(new StringReader(text), maxCellLength);

    private static List<TableRow> Rows(string text, int maxCellLength = 4_096) => [.. Tokenize(text, maxCellLength).Rows()];
}
