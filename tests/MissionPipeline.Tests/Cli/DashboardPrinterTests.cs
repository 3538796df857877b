using MissionPipeline.Cli;
using MissionPipeline.Tests.Text;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Cli;

public sealed class DashboardPrinterTests
{
    [Fact]
    public void Render_TwoTargetsInAYear_TheOtherOnALineUnderTheHeadlineOne()
    {
        var dashboard = Compute("2009-12-31", [.. Months("eloignements_forces", "FR-MET", 2009, 2100, Range(1, 12)), .. Months("retours_aides", "FR-MET", 2009, 340, Range(1, 12))]);

        var lines = DashboardPrinter.Render(dashboard, DefaultCatalogue).Split('\n');
        var removals = Array.FindIndex(lines, l => l.StartsWith("  eloignements ", StringComparison.Ordinal));

        Assert.Contains("atteint", lines[removals], StringComparison.Ordinal);
        Assert.Contains("27\u202F000", lines[removals], StringComparison.Ordinal);
        Assert.Equal("    ↳ objectif (loi de finances 2009)\u202F: 30\u202F000, manqué, 98\u00A0%", lines[removals + 1].TrimEnd('\r'));
        Assert.Empty(FrenchTextRules.Violations(string.Join('\n', lines)));
    }

    /// <summary>A provisional figure is flagged in the table as in the JSON, the CSV and the page (the table said nothing of it).</summary>
    [Fact]
    public void Render_ProvisionalFigure_FlaggedAndExplained()
    {
        var dashboard = Compute("2009-03-31", [Value("operations_travail_illegal", "2009-03", "FR", 120, status: MissionPipeline.Observations.ValueStatus.Provisional)]);

        var lines = DashboardPrinter.Render(dashboard, DefaultCatalogue).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.Contains(lines, l => l.StartsWith("  operations_travail_illegal ", StringComparison.Ordinal) && l.Contains("120 (p)", StringComparison.Ordinal));
        Assert.Contains("(p)\u202F: chiffre provisoire, établi en partie sur des valeurs que l'agence dit provisoires.", lines);
    }

    /// <summary>Every row keeps its columns: the progression ends where the header's does (a milestone's « avant le 31 juillet 2009 » pushed it out).</summary>
    [Fact]
    public void Render_EveryKindOfTarget_ColumnsStayAligned()
    {
        var dashboard = Compute("2009-12-31", [.. Months("eloignements_forces", "FR-MET", 2009, 2100, Range(1, 12)), Value("operations_travail_illegal", "2009-03", "FR", 120)]);

        var lines = DashboardPrinter.Render(dashboard, DefaultCatalogue).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var header = lines.First(l => l.StartsWith("  indicateur ", StringComparison.Ordinal));
        var rows = lines.Where(l => DefaultCatalogue.Indicators.Any(i => l.StartsWith("  " + i.Id.Value[..Math.Min(40, i.Id.Value.Length)], StringComparison.Ordinal))).ToArray(); // a long id is cut to its column

        Assert.Equal(DefaultCatalogue.Indicators.Count, rows.Length);
        Assert.Contains(rows, r => r.Contains("≤ 31/07/2009", StringComparison.Ordinal)); // a milestone's due day
        Assert.All(rows, r => Assert.True(r.Length <= header.Length, $"« {r} » runs past the header ({header.Length} characters)"));
    }

    [Fact]
    public void Render_NoProvisionalFigure_NoLegend()
    {
        var dashboard = Compute("2009-03-31", [Value("operations_travail_illegal", "2009-03", "FR", 120)]);

        Assert.DoesNotContain("(p)", DashboardPrinter.Render(dashboard, DefaultCatalogue), StringComparison.Ordinal);
    }
}
