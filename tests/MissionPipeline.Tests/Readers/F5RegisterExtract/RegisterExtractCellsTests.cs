using System.Text;
using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class RegisterExtractCellsTests
{
    [Theory]
    [InlineData("2009-03;ab;A", new[] { "2009-03", "ab", "A" }, false)]
    [InlineData(";;", new[] { "", "", "" }, false)]
    [InlineData("", new[] { "" }, false)]
    [InlineData("\"2009-03\";\"a;b\";A", new[] { "2009-03", "a;b", "A" }, false)]
    [InlineData("\"say \"\"hi\"\"\";x", new[] { "say \"hi\"", "x" }, false)]
    [InlineData("ab\"c;d", new[] { "ab\"c", "d" }, false)]
    [InlineData("\"ab\"c;d", new[] { "abc", "d" }, false)]
    [InlineData("a;\"b;c", new[] { "a", "b;c" }, true)]
    public void Split_Line_GivesItsCells(string line, string[] expected, bool openQuote)
    {
        var cells = new RegisterExtractCells();

        var data = cells.Split(Encoding.UTF8.GetBytes(line));

        var texts = new List<string>();
        foreach (var range in cells.Cells)
        {
            texts.Add(Encoding.UTF8.GetString(range.Of(data)));
        }

        Assert.Equal(expected, texts);
        Assert.Equal(expected.Length, cells.Count);
        Assert.Equal(openQuote, cells.OpenQuote);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void Split_LinesAroundTheShortLineBounds_SameCellsAsStringSplit(int length)
    {
        // Lines of up to 64 bytes take the vector path, longer ones the general one: both must cut alike.
        var random = new Random(20090331 + length);
        for (var n = 0; n < 500; n++)
        {
            var line = new string([.. Enumerable.Range(0, length).Select(_ => random.Next(4) == 0 ? ';' : (char)('a' + random.Next(26)))]);
            var cells = new RegisterExtractCells();

            var data = cells.Split(Encoding.ASCII.GetBytes(line));

            var texts = new List<string>();
            foreach (var range in cells.Cells)
            {
                texts.Add(Encoding.ASCII.GetString(range.Of(data)));
            }

            Assert.Equal(line.Split(';'), texts);
            Assert.False(cells.OpenQuote);
        }
    }

    [Theory]
    [InlineData("a;b;\"c;d\";e", new[] { "a", "b", "c;d", "e" })]
    [InlineData("a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q;r;s;t;u;v;w;x;y;z;\"4;5\"", new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "4;5" })]
    public void Split_QuoteInTheSecondHalfOfAShortLine_SplitAsCsv(string line, string[] expected)
    {
        var cells = new RegisterExtractCells();

        var data = cells.Split(Encoding.ASCII.GetBytes(line));

        var texts = new List<string>();
        foreach (var range in cells.Cells)
        {
            texts.Add(Encoding.ASCII.GetString(range.Of(data)));
        }

        Assert.Equal(expected, texts);
    }

    [Fact]
    public void Split_MoreCellsThanKept_CountsThemAll()
    {
        var cells = new RegisterExtractCells();

        cells.Split(Encoding.ASCII.GetBytes(new string(';', 2_000)));

        Assert.Equal(2_001, cells.Count);
        Assert.Equal(RegisterExtractCells.MaxCells, cells.Cells.Length);
    }
}
