using System.Globalization;
using MissionPipeline.Publishing;
using MissionPipeline.Text;

namespace MissionPipeline.Indicators;

/// <summary>Why an indicator moved between two snapshots (INDICATORS.md, "Time: what was known when").</summary>
public static class ChangeCauses
{
    /// <summary>A period arrived: the figure counts months (quarters, years) it did not.</summary>
    public const string NewPeriod = "new_period";

    /// <summary>A later file changed a value already counted (<see cref="DashboardChange.File"/>, <see cref="DashboardChange.Period"/>).</summary>
    public const string Revision = "revision";

    /// <summary>The catalogue's target changed.</summary>
    public const string Target = "target";

    /// <summary>The indicator's definition changed.</summary>
    public const string Definition = "definition";

    /// <summary>Nothing new was received: only the date moved, and the rule gives another result at the new date.</summary>
    public const string Rule = "rule";
}

/// <summary>
/// What changed since the previous published snapshot (the dashboard's <c>changes</c>): for every
/// indicator of <c>current</c> that <c>previous</c> also has, in the current catalogue order, its
/// <c>status</c> when the code differs, then its <c>actual</c> when the value differs (exactly: both
/// come from the same engine, or from a snapshot whose numbers read back to the same doubles).
/// Values are written in the invariant round-trip notation (<c>29288</c>, <c>0.55</c>); an absent
/// value is null. An indicator new in the catalogue, or gone from it, gives no change. Each change
/// says why (<see cref="ChangeCauses"/>), first that applies: the definition in force changed; the
/// target changed (its kind, value or date); periods arrived;
/// a later file revised a value; else the rule at the new date. And it says so in a French sentence.
/// </summary>
public static class DashboardChanges
{
    public const string Status = "status";

    public const string Actual = "actual";

    public static IReadOnlyList<DashboardChange> Compare(Dashboard? previous, Dashboard current)
    {
        if (previous is null)
        {
            return [];
        }

        var before = previous.Indicators.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<DashboardChange>();
        foreach (var now in current.Indicators)
        {
            if (!before.TryGetValue(now.Id, out var then) || (then.Status == now.Status && then.Actual == now.Actual))
            {
                continue;
            }

            var (cause, why, revision) = Cause(then, now);
            if (then.Status != now.Status)
            {
                changes.Add(new DashboardChange(now.Id, Status, then.Status.Code(), now.Status.Code())
                {
                    Cause = cause,
                    Period = revision?.Period.ToString(),
                    File = revision?.File,
                    Message = FrenchTypography.Apply($"{now.Title} : {Html.StatusLabel(then.Status).ToLowerInvariant()} → {Html.StatusLabel(now.Status).ToLowerInvariant()}, {why}."),
                });
            }

            if (then.Actual != now.Actual)
            {
                changes.Add(new DashboardChange(now.Id, Actual, Number(then.Actual), Number(now.Actual))
                {
                    Cause = cause,
                    Period = revision?.Period.ToString(),
                    File = revision?.File,
                    Message = FrenchTypography.Apply($"{now.Title} : réalisé {Shown(then.Actual, now.Unit)} → {Shown(now.Actual, now.Unit)}, {why}."),
                });
            }
        }

        return changes;
    }

    private static (string Cause, string Why, Revision? Revision) Cause(IndicatorResult then, IndicatorResult now)
    {
        // A new definition usually comes with a new target: the definition is the deeper cause.
        if (then.Definition?.From != now.Definition?.From)
        {
            return (ChangeCauses.Definition, now.Definition is { From: { } from } definition
                ? $"la définition a changé le {FrenchFormat.Date(from)} (on compte désormais les {definition.Text})"
                : "la définition a changé", null);
        }

        if (!(then.Target?.SameGoal(now.Target) ?? now.Target is null))
        {
            return (ChangeCauses.Target, now.Target switch
            {
                null => $"aucun objectif n'est fixé pour la nouvelle date (il était de {Goal(then)})",
                { Due: { } due } when then.Target?.Due is { } before && before.Year != due.Year && then.Target.Value == now.Target.Value && then.Target.Kind == now.Target.Kind
                    => string.Create(CultureInfo.InvariantCulture, $"l'année a changé : l'objectif de {due.Year} ({Shown(now.Target.Value, now.Unit)}) remplace celui de {before.Year}, de même valeur"),
                _ => $"l'objectif est passé de {Goal(then)} à {Goal(now)}",
            }, null);
        }

        var arrived = now.PeriodsReported.Except(then.PeriodsReported).Order().ToArray();
        if (arrived.Length > 0)
        {
            var periods = string.Join(", ", arrived.Take(3).Select(FrenchFormat.Period)) + (arrived.Length > 3 ? "…" : string.Empty);
            return (ChangeCauses.NewPeriod, arrived.Length == 1 ? $"une nouvelle période reçue ({periods})" : $"{arrived.Length} nouvelles périodes reçues ({periods})", null);
        }

        if (now.LatestRevision is { } revision && revision != then.LatestRevision)
        {
            return (ChangeCauses.Revision,
                $"{revision.File} a révisé {FrenchFormat.Period(revision.Period)} ({Shown(revision.From, now.Unit)} → {Shown(revision.To, now.Unit)})", revision);
        }

        return (ChangeCauses.Rule, "sans nouveau fichier : la règle du statut s'applique à la nouvelle date", null);
    }

    private static string Goal(IndicatorResult r) => r.Target switch
    {
        { Value: { } value, Due: { } due } => Shown(value, r.Unit) + string.Create(CultureInfo.InvariantCulture, $" en {due.Year}"),
        { Value: { } value } => Shown(value, r.Unit),
        { Kind: Catalogue.TargetKind.Milestone, Due: { } due } => "un jalon au " + FrenchFormat.Date(due),
        { } => "un objectif d'évolution",
        _ => "aucun",
    };

    private static string Shown(double? value, string unit) =>
        value is { } v ? FrenchFormat.Value(v, unit) : "aucune valeur";

    private static string? Number(double? value) =>
        value is { } v ? (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture) : null;
}
