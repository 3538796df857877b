using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>Prints the dashboard in the terminal: one table per axis, figures in French notation.</summary>
internal static class DashboardPrinter
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Render(Dashboard dashboard, IndicatorCatalogue catalogue, bool colours = false)
    {
        var text = new StringBuilder();
        text.AppendLine(French, $"Tableau de bord au {FrenchFormat.Date(dashboard.AsOf)} ({dashboard.Catalogue}) — {dashboard.Summary.Indicators} indicateurs");
        var s = dashboard.Summary.ByStatus;
        text.AppendLine(French, $"  {FrenchFormat.Count(s.Achieved, "atteint")} · {s.OnTrack} en bonne voie · {s.AtRisk} à risque · {s.OffTrack} en retard · {FrenchFormat.Count(s.Missed, "manqué")} · {s.NoData} sans données · {FrenchFormat.Count(s.Unassessed, "non évalué")} · {s.Context} de contexte");
        foreach (var axis in catalogue.Axes)
        {
            text.AppendLine();
            text.AppendLine(French, $"Axe {axis.Number} — {axis.Title}");
            text.AppendLine(French, $"  {"indicateur",-44} {"statut",-14} {"réalisé",14} {"cible",14} {"progression",11}");
            foreach (var r in dashboard.Indicators.Where(i => i.Axis == axis.Number))
            {
                var target = TargetLabel(r, catalogue[r.Id]);
                var progress = r.Progress is { } p ? FrenchFormat.Progress(p) : string.Empty;
                var status = $"{StatusLabel(r.Status),-14}";
                // Provisional figures say so, as in every other format (« (p) », the legend under the tables).
                var actual = (r.Actual is { } a ? FrenchFormat.Against(a, r.Target?.Value, r.Unit) : "—") + (r.Provisional ? " (p)" : string.Empty);
                text.AppendLine(French, $"  {Truncate(r.Id.Value, 44),-44} {(colours ? Colour(r.Status, status) : status)} {actual,14} {target,14} {progress,11}");
                foreach (var other in r.OtherTargets)
                {
                    // Beside the headline target, never instead of it: its own status and progress, on a line of its own.
                    var label = other.Target.Label is { } l ? $"objectif ({l})" : "autre objectif";
                    var goal = other.Target.Value is { } v ? FrenchFormat.Value(v, r.Unit) : "—";
                    var share = other.Progress is { } p2 ? ", " + FrenchFormat.Progress(p2) : string.Empty;
                    text.AppendLine(French, $"    ↳ {label} : {goal}, {StatusLabel(other.Status)}{share}");
                }
            }
        }

        if (dashboard.Indicators.Any(r => r.Provisional))
        {
            text.AppendLine();
            text.AppendLine("(p) : chiffre provisoire, établi en partie sur des valeurs que l'agence dit provisoires.");
        }

        return FrenchTypography.Apply(text.ToString());
    }

    private static string TargetLabel(IndicatorResult r, Indicator indicator) => r.Target switch
    {
        null => "—",
        { Value: { } v } => FrenchFormat.Value(v, r.Unit),
        // Within the column's 14 characters (« avant le 31 juillet 2009 » pushed progress out of its column).
        { Kind: TargetKind.Milestone, Due: { } due } => "≤ " + due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _ => indicator.Direction == Direction.Down ? "en baisse" : "en hausse",
    };

    private static string Colour(IndicatorStatus status, string text) => status switch
    {
        IndicatorStatus.Achieved or IndicatorStatus.OnTrack => $"\u001b[32m{text}\u001b[0m",
        IndicatorStatus.AtRisk => $"\u001b[33m{text}\u001b[0m",
        IndicatorStatus.OffTrack or IndicatorStatus.Missed => $"\u001b[31m{text}\u001b[0m",
        IndicatorStatus.NoData or IndicatorStatus.Unassessed => $"\u001b[35m{text}\u001b[0m",
        _ => $"\u001b[2m{text}\u001b[0m",
    };

    public static string StatusLabel(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Achieved => "atteint",
        IndicatorStatus.OnTrack => "en bonne voie",
        IndicatorStatus.AtRisk => "à risque",
        IndicatorStatus.OffTrack => "en retard",
        IndicatorStatus.Missed => "manqué",
        IndicatorStatus.NoData => "sans données",
        IndicatorStatus.Unassessed => "non évalué",
        _ => "contexte",
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
