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

    [Fact]
    public void Split_MoreCellsThanKept_CountsThemAll()
    {
        var cells = new RegisterExtractCells();

        cells.Split(Encoding.ASCII.GetBytes(new string(';', 2_000)));

        Assert.Equal(2_001, cells.Count);
        Assert.Equal(RegisterExtractCells.MaxCells, cells.Cells.Length);
    }
}
