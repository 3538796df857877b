using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class WorkbookTests
{
    [Theory]
    [InlineData(1015.0, "1015")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(1e30, "1E+30")]
    public void Number_AsExcelShowsIt_InTheInvariantCulture(double number, string expected) =>
        Assert.Equal(expected, Workbook.Number(number));

    [Theory]
    [InlineData("dd/mm/yyyy", true)]
    [InlineData("m/d/yyyy", true)]
    [InlineData("[$-40C]d mmmm yyyy", true)]
    [InlineData("mmm yyyy", false)]
    [InlineData("mm/yyyy", false)]
    [InlineData("[$-40C]mmmm\\ yyyy;@", false)]
    [InlineData("\"jour\" mm/yyyy", false)]
    [InlineData(null, true)]
    [InlineData("General", true)]
    public void ShowsDay_NumberFormat_SaysWhetherTheDayIsShown(string? format, bool expected) =>
        Assert.Equal(expected, Workbook.ShowsDay(format));

    [Fact]
    public void TryOpen_Sheets_GiveCellTextsNumberedAsTheSpreadsheet()
    {
        var bytes = Xlsx.Build(
            ("Un", [null, ["a", 1.5, new DateTime(2009, 3, 15), new Xlsx.Month(new DateTime(2009, 3, 1))], null, [null, "b"]]),
            ("Deux", []));

        Assert.True(Workbook.TryOpen(bytes, out var file, out _));

        Assert.Equal(["Un", "Deux"], file.Tables.Select(t => t.Sheet));
        var rows = file.Tables[0].Rows().ToList();
        Assert.Equal([2, 4], rows.Select(r => r.Number));
        Assert.Equal(["a", "1.5", "2009-03-15", "2009-03"], rows[0].Cells);
        Assert.Equal(["", "b", "", ""], rows[1].Cells);
        Assert.True(file.Tables[1].IsEmpty);
    }

    [Fact]
    public void TryOpen_NotAWorkbook_ExplainsWhy()
    {
        Assert.False(Workbook.TryOpen(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 }, out _, out var problem));

        Assert.Contains("tronqué ou corrompu", problem, StringComparison.Ordinal);
    }
}
