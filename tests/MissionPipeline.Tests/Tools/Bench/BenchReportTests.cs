using MissionPipeline.Tools.Bench;

namespace MissionPipeline.Tests.Tools.Bench;

/// <summary>The benchmark report is read in French: its numbers and its punctuation are written as the French write them, whatever the machine's culture.</summary>
public sealed class BenchReportTests
{
    [Theory]
    [InlineData(5_000_000.0, "N0", "5\u202F000\u202F000")]
    [InlineData(0.8, "0.00", "0,80")]
    [InlineData(23_525.4, "N0", "23\u202F525")]
    [InlineData(241.8, "0.0", "241,8")]
    public void French_Number_GroupsThousandsAndUsesADecimalComma(double value, string format, string expected)
    {
        Assert.Equal(expected, BenchReport.French($"{value.ToString(format, BenchReport.Culture)}"));
        Assert.Equal(expected, BenchStats.F(value, format));
    }

    [Fact]
    public void Line_Prose_GetsFrenchSpacesBeforePunctuationAndPercent()
    {
        var console = new StringWriter();
        var report = new BenchReport(console);

        report.Line(BenchReport.French($"- Notre job : {3803.0:N0} entités/s, {82.0:N0} % de la boucle nue ; « {1.5:0.0} » `http://127.0.0.1:80/?a=b`"));

        Assert.Equal("- Notre job\u202F: 3\u202F803 entités/s, 82\u00A0% de la boucle nue\u202F; «\u202F1,5\u202F» `http://127.0.0.1:80/?a=b`" + Environment.NewLine, console.ToString());
    }
}
