using System.Globalization;
using MissionPipeline.Catalogue;
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
/// target changed (its kind, value or date; for a status only: a target never moves a figure); periods
/// arrived; a later file revised a value (the headline's own figure, or, for a figure rolled up from
/// its parts or derived from other indicators, a period of its published series that a file received
/// since changed); else the rule at the new date. And it says so in a French sentence, each figure
/// written with the digits that keep it apart from its target (<see cref="FrenchFormat.Against"/>).
/// </summary>
public static class DashboardChanges
{
    public const string Status = "status";

    public const string Actual = "actual";

    /// <param name="previous">The snapshot published before, or null (no changes).</param>
    /// <param name="current">The snapshot being published.</param>
    /// <param name="ingestions">The files <paramref name="current"/> was computed from, for the names of revising files (else their ingest ids).</param>
    public static IReadOnlyList<DashboardChange> Compare(Dashboard? previous, Dashboard current, IReadOnlyList<IngestionSummary>? ingestions = null)
    {
        if (previous is null)
        {
            return [];
        }

        var before = previous.Indicators.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var names = (ingestions ?? []).GroupBy(i => (i.Agency, i.IngestId)).ToDictionary(g => g.Key, g => g.First().FileName);
        var changes = new List<DashboardChange>();
        foreach (var now in current.Indicators)
        {
            if (!before.TryGetValue(now.Id, out var then) || (then.Status == now.Status && then.Actual == now.Actual))
            {
                continue;
            }

            if (then.Status != now.Status)
            {
                var (cause, why, period, file) = Cause(then, now, names, targetCounts: true, current.AsOf);
                changes.Add(new DashboardChange(now.Id, Status, then.Status.Code(), now.Status.Code())
                {
                    Cause = cause,
                    Period = period,
                    File = file,
                    Message = FrenchTypography.Apply($"{now.Title} : {Html.StatusLabel(then.Status).ToLowerInvariant()} → {Html.StatusLabel(now.Status).ToLowerInvariant()}, {why}."),
                });
            }

            if (then.Actual != now.Actual)
            {
                var (cause, why, period, file) = Cause(then, now, names, targetCounts: false, current.AsOf);
                changes.Add(new DashboardChange(now.Id, Actual, Number(then.Actual), Number(now.Actual))
                {
                    Cause = cause,
                    Period = period,
                    File = file,
                    Message = FrenchTypography.Apply($"{now.Title} : réalisé {ShownAgainst(then)} → {ShownAgainst(now)}, {why}."),
                });
            }
        }

        return changes;
    }

    /// <summary>
    /// Why <paramref name="then"/> became <paramref name="now"/>: the cause, its French words, and for
    /// a revision the period (when one is known) and the file. <paramref name="targetCounts"/>: a new
    /// target explains a new status, never a new figure.
    /// </summary>
    private static (string Cause, string Why, string? Period, string? File) Cause(
        IndicatorResult then, IndicatorResult now, Dictionary<(AgencyId, string), string> names, bool targetCounts, DateOnly asOf)
    {
        // A new definition usually comes with a new target: the definition is the deeper cause.
        if (then.Definition?.From != now.Definition?.From)
        {
            return (ChangeCauses.Definition, now.Definition is { From: { } from } definition
                ? $"la définition a changé le {FrenchFormat.Date(from)} (on compte désormais les {definition.Text})"
                : "la définition a changé", null, null);
        }

        if (targetCounts && !(then.Target?.SameGoal(now.Target) ?? now.Target is null))
        {
            return (ChangeCauses.Target, now.Target switch
            {
                null when then.Target?.Due is { } before && before.Year != asOf.Year
                    => string.Create(CultureInfo.InvariantCulture, $"aucun objectif n'est fixé pour {asOf.Year} (celui de {before.Year} était de {Shown(then.Target.Value, then.Unit)})"),
                null => $"aucun objectif n'est fixé pour la nouvelle date (il était de {Goal(then)})",
                { Due: { } due } when then.Target?.Due is { } before && before.Year != due.Year && then.Target.Value == now.Target.Value && then.Target.Kind == now.Target.Kind
                    => string.Create(CultureInfo.InvariantCulture, $"l'année a changé : l'objectif de {due.Year} ({Shown(now.Target.Value, now.Unit)}) remplace celui de {before.Year}, de même valeur"),
                // A new year is judged against its own target, on other grounds (a year under way, often a
                // forecast, after a finished one): « l'objectif est passé de 27 000 à 28 000 » read as the
                // reason, when the old target gave the same status (red team, steering unit).
                { Value: { } value, Due: { } due } when then.Target is { Value: { } was, Due: { } before } && before.Year != due.Year
                    => string.Create(CultureInfo.InvariantCulture, $"l'année a changé : {due.Year} est jugée face à son propre objectif, {Shown(value, now.Unit)} (celui de {before.Year} était de {Shown(was, then.Unit)})"),
                // The same year's target edited: the year said once (« de 1 500 en 2009 à 1 600 en 2009 »: red team, steering unit).
                { Value: { } value, Due: { } due } when then.Target is { Value: { } was, Due: { } before } && before.Year == due.Year && then.Target.Kind == now.Target.Kind && was != value
                    => string.Create(CultureInfo.InvariantCulture, $"l'objectif de {due.Year} est passé de {Shown(was, then.Unit)} à {Shown(value, now.Unit)}"),
                _ => $"l'objectif est passé de {Goal(then)} à {Goal(now)}",
            }, null, null);
        }

        var arrived = now.PeriodsReported.Except(then.PeriodsReported).Order().ToArray();
        var revised = Revised(then, now, names, arrived);
        if (arrived.Length > 0)
        {
            // A new month and a correction of an earlier one in the same interval: both moved the figure,
            // both are said, and the revision keeps its period and file for a client that reads fields.
            var periods = string.Join(", ", arrived.Take(3).Select(FrenchFormat.Period)) + (arrived.Length > 3 ? "…" : string.Empty);
            var received = arrived.Length == 1 ? $"une nouvelle période reçue ({periods})" : $"{arrived.Length} nouvelles périodes reçues ({periods})";

            // Periods that left the figure too: its window moved on (a new year, the count started again
            // from January), which new months alone never explain when the figure falls (28 801 → 6 734).
            // Spans only of a figure that lost periods, then each once (Span reads the first and last period).
            var moved = then.PeriodsReported.Except(now.PeriodsReported).Any();
            var (spanNow, spanThen) = moved ? (Span(now), Span(then)) : (string.Empty, string.Empty);
            var window = moved && spanNow != spanThen
                ? $"le chiffre porte désormais sur {spanNow}, et non plus sur {spanThen} ; " : string.Empty;
            return (ChangeCauses.NewPeriod, window + received + (revised is { } also ? " ; " + also.Why : string.Empty), revised?.Period, revised?.File);
        }

        if (revised is { } revision)
        {
            return (ChangeCauses.Revision, revision.Why, revision.Period, revision.File);
        }

        // The rule's own words where it says why there is no figure now (« dues le 29 juin 2011 »),
        // after a semicolon: the sentence has its colon already, and the reason may have its own.
        return (ChangeCauses.Rule, now.Status == IndicatorStatus.NoData && now.NoDataReason is { } reason
            ? "sans nouveau fichier ; " + IndicatorCard.AfterAColon(reason.Message.TrimEnd('.', ' '))
            : "sans nouveau fichier ; la règle du statut s'applique à la nouvelle date", null, null);
    }

    /// <summary>The periods a figure counts, first to last, after « sur » (« la période de janvier 2010 à mars 2010 »).</summary>
    private static string Span(IndicatorResult r) => FrenchFormat.Over(r.PeriodsReported.Min(), r.PeriodsReported.Max());

    /// <summary>
    /// The file that revised a figure already published between <paramref name="then"/> and
    /// <paramref name="now"/>, what and which period; null when none did. Where new periods came too
    /// (<paramref name="arrivedPeriods"/>) from several files, which of them revised a part is not known:
    /// the periods are said, no file. A correction of a period that arrived since is part of its
    /// arrival, not a revision of anything published (« a révisé mars 2010 » since a snapshot of
    /// December 2009).
    /// </summary>
    private static (string Why, string? Period, string? File)? Revised(IndicatorResult then, IndicatorResult now, Dictionary<(AgencyId, string), string> names, Periods.Period[] arrivedPeriods)
    {
        var arrived = arrivedPeriods.Length > 0;
        // The periods of the published series whose value moved: the figure's own window, and for a
        // direction objective the months it is compared with. A correction of December 2008 was given as
        // the reason a 2009 total moved, and one of 2009 as a reason a 2010 figure did (red team,
        // steering unit); a 2008 month still moves a 2009 verdict judged against 2008 (review).
        var earlier = then.Series.ToDictionary(p => p.Period, p => p.Value);
        var moved = now.Series.Where(p => earlier.TryGetValue(p.Period, out var was) && was != p.Value).ToArray();
        if (now.LatestRevision is { } revision && revision != then.LatestRevision && !arrivedPeriods.Contains(revision.Period)
            && (now.PeriodsReported.Contains(revision.Period) || (now.ComparedWith is { } compared && revision.Period.CompareTo(compared.From) >= 0 && revision.Period.CompareTo(compared.To) <= 0))
            && moved.All(p => p.Period == revision.Period))
        {
            return ($"{revision.File} a révisé {FrenchFormat.Noun(revision.Period)} {Moved(revision.From, revision.To, now.Unit)}", revision.Period.ToString(), revision.File);
        }

        // The headline's own figures were not revised, or more than one of its periods was: a file
        // received since may have revised its parts (a figure sent by département) or the indicators it
        // is derived from, or several files several months. The published series says which periods
        // moved, the sources which files came.
        var known = then.Sources.Select(s => (s.Agency, s.IngestId)).ToHashSet();
        var fresh = now.Sources.Where(s => !known.Contains((s.Agency, s.IngestId))).OrderByDescending(s => s.Received).ThenByDescending(s => s.IngestId, StringComparer.Ordinal)
            .DistinctBy(s => (s.Agency, s.IngestId)).Select(s => names.GetValueOrDefault((s.Agency, s.IngestId), s.IngestId)).ToArray();
        // A file that moved no published figure did not change the indicator: the rule did, below.
        if (fresh.Length > 0 && moved.Length > 0)
        {
            // Several files and no period arrived: each is named (one named alone read as the whole cause
            // of two corrections, +300 told for +600: red team, steering unit); with new periods, which
            // file revised what is not known, and the periods are said.
            var file = fresh.Length == 1 ? fresh[0] : null;
            var by = file is null && !arrived ? ", par " + FrenchFormat.List([.. fresh.Take(3)]) + (fresh.Length > 3 ? "…" : string.Empty) : string.Empty;
            var period = FrenchFormat.Noun(moved[0].Period);
            var values = Moved(earlier[moved[0].Period], moved[0].Value, now.Unit);
            var list = string.Join(", ", moved.Take(3).Select(p => FrenchFormat.Period(p.Period))) + (moved.Length > 3 ? "…" : string.Empty);
            var why = (file, moved.Length) switch
            {
                (null, 1) => $"{period} révisé {values}{by}",
                (null, _) => $"{moved.Length} périodes révisées ({list}){by}",
                (_, 1) => $"{file} a révisé {period} {values}",
                _ => $"{file} a révisé {moved.Length} périodes ({list})",
            };
            return (why, moved[^1].Period.ToString(), file);
        }

        return null;
    }

    /// <summary>The actual as the card writes it: with the digits that keep it apart from its target.</summary>
    private static string ShownAgainst(IndicatorResult r) =>
        r.Actual is { } v ? FrenchFormat.Against(v, r.Target?.Value, r.Unit) : "aucune valeur";

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

    /// <summary>A revision's two figures, each with the digits that tell it from the other: « (25,00 % → 25,04 %) », never « (25,0 % → 25,0 %) ».</summary>
    private static string Moved(double? from, double? to, string unit) =>
        $"({(from is { } f ? FrenchFormat.Against(f, to, unit) : Shown(from, unit))} → {(to is { } t ? FrenchFormat.Against(t, from, unit) : Shown(to, unit))})";

    private static string? Number(double? value) =>
        value is { } v ? (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture) : null;
}
