using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// One objective on the HTML page: title and status badge (symbol, words and colour), the realised
/// figure against the objective (a milestone: its date, and whether it was on time), a progress bar
/// where the rule defines a progress, the sparkline of the headline series (two points or more; none
/// for a milestone), what the figure is built from, the reason for missing data, provisional
/// figures, consistency warnings and hidden cells, and the letter's sentence.
/// </summary>
internal static class IndicatorCard
{
    public static void Write(StringBuilder html, IndicatorResult r, Indicator indicator, IndicatorCatalogue catalogue)
    {
        var code = r.Status.Code();
        html.Append(Invariant($"<article class=\"card s-{code}\" id=\"{Html.Escape(r.Id.Value)}\" tabindex=\"0\" aria-labelledby=\"{Html.Escape(r.Id.Value)}-titre\">\n"));
        html.Append(Invariant($"<div class=\"card-head\"><h3 id=\"{Html.Escape(r.Id.Value)}-titre\">{Html.Escape(r.Title)}</h3>{Html.Badge(r.Status)}</div>\n"));
        html.Append("<p class=\"meta\"><code>").Append(Html.Escape(r.Id.Value)).Append("</code> · ").Append(Html.Escape(Origin(indicator, catalogue)))
            .Append(" · ").Append(Html.Escape(TerritoryName(indicator.Headline))).Append("</p>\n");
        Figures(html, r, indicator);
        Progress(html, r);
        var details = Details(r, indicator);
        if (details.Length > 0)
        {
            html.Append("<p class=\"details\">").Append(Html.Escape(details)).Append("</p>\n");
        }

        foreach (var note in Notes(r, indicator, catalogue))
        {
            html.Append("<p class=\"note\">").Append(note).Append("</p>\n");
        }

        html.Append("<blockquote class=\"quote\"><p>« ").Append(Html.Escape(r.Quote)).Append(" »</p><footer>Lettre de mission du 31 mars 2009</footer></blockquote>\n");
        html.Append("</article>\n");
    }

    private static void Figures(StringBuilder html, IndicatorResult r, Indicator indicator)
    {
        var (goal, when) = r.Target is null && indicator.Targets.Count > 0 ? ("—", "aucun objectif cette année") : Html.Target(r.Target, indicator);
        html.Append("<div class=\"figures\"><div class=\"figure actual\"><span class=\"label\">Réalisé</span><span class=\"value\">")
            .Append(Html.Escape(Actual(r))).Append("</span>");
        var unit = Html.Unit(r.Unit, r.Actual);
        html.Append("<span class=\"when\">").Append(Html.Escape(r.Actual is null || unit.Length == 0 ? Subtitle(r, indicator) : unit + " · " + Subtitle(r, indicator))).Append("</span></div>");
        // Beside another objective, the headline one says whose it is too (« lettre de mission »): unlabelled
        // under « Objectif (loi de finances 2009) », it read as the lesser of the two (red team, steering unit).
        var headline = r.Target?.Label is { } own && r.OtherTargets.Count > 0 ? "Objectif (" + own + ")" : "Objectif";
        html.Append("<div class=\"figure target\"><span class=\"label\">").Append(Html.Escape(headline)).Append("</span><span class=\"value\">").Append(Html.Escape(goal))
            .Append("</span><span class=\"when\">").Append(Html.Escape(when)).Append("</span></div>");
        foreach (var other in r.OtherTargets)
        {
            // Beside the headline objective, never instead of it: its own progress, not the badge.
            var (otherGoal, otherWhen) = Html.Target(other.Target, indicator);
            var progress = other.Progress is { } p ? " · " + FrenchFormat.Progress(p) : string.Empty;
            html.Append("<div class=\"figure target other\"><span class=\"label\">").Append(Html.Escape(other.Target.Label is { } label ? "Objectif (" + label + ")" : "Autre objectif"))
                .Append("</span><span class=\"value\">").Append(Html.Escape(otherGoal))
                .Append("</span><span class=\"when\">").Append(Html.Escape(otherWhen + progress + " · " + Html.StatusLabel(other.Status).ToLowerInvariant())).Append("</span></div>");
        }

        var line = r.Target is { Kind: TargetKind.AtLeast or TargetKind.AtMost or TargetKind.Trajectory, Value: { } v } && r.Projection is null ? v : (double?)null;
        html.Append(r.Target?.Kind == TargetKind.Milestone ? string.Empty : Sparkline.Svg(r.Series, r.Unit, line, [.. r.Breaks.Select(b => b.Date)])).Append("</div>\n");
    }

    private static string Actual(IndicatorResult r) => r switch
    {
        { Target.Kind: TargetKind.Milestone } => r.DoneOn is { } done ? FrenchFormat.ShortDate(done) : "Non",
        // With the digits that tell it from its objective: the figure never contradicts the badge.
        { Actual: { } a, Target.Value: { } goal } when r.Unit != "rang" => FrenchFormat.Against(a, goal, r.Unit),
        { Actual: { } a } => Html.Value(a, r.Unit),
        _ => "—",
    };

    /// <summary>
    /// What the figure covers: a flow its first and last periods (« janvier 2009 – décembre 2009 »),
    /// a stock its last period only (« décembre 2009 »: December's jobseekers, not the year's), and so
    /// does a count of départements over a threshold (<see cref="Indicator.FigureIsLatestPeriod"/>).
    /// </summary>
    private static string Subtitle(IndicatorResult r, Indicator indicator) =>
        r.Target is { Kind: TargetKind.Milestone, Due: { } due } ? Milestone(r.DoneOn, due, r.Status)
        : TerritoryView.Covered(r, indicator) is { } span ? TerritoryView.Covering(span)
        : "aucune période reçue";

    private static string Milestone(DateOnly? done, DateOnly due, IndicatorStatus status) => done switch
    {
        { } d when d <= due => "réalisé dans les délais",
        { } d => "réalisé " + FrenchFormat.Count(d.DayNumber - due.DayNumber, "jour", "jours") + " après l'échéance",
        _ => status == IndicatorStatus.Missed ? "non réalisé, échéance dépassée" : "pas encore réalisé",
    };

    private static void Progress(StringBuilder html, IndicatorResult r)
    {
        if (r.Progress is not { } progress || r.Target?.Kind == TargetKind.Milestone)
        {
            return;
        }

        var percent = Math.Clamp(progress * 100, 0, 100);
        var shown = FrenchFormat.Progress(progress);
        html.Append(Invariant($"<div class=\"progress\"><div class=\"bar\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"{Math.Round(percent):0}\" aria-label=\"{Html.Escape(Text.FrenchTypography.Apply("Progression vers l'objectif : " + shown))}\">"))
            .Append(Invariant($"<span style=\"width: {percent:0.#}%\"></span></div><span class=\"pct\">{Html.Escape(shown)}</span></div>\n"));
    }

    /// <summary>
    /// An estimate (expected to date, projection, forecast) as shown: a count in whole units (there
    /// are no 27 347,8 removals), unless rounding would make it look equal to a target it is not.
    /// </summary>
    private static string Estimate(double value, IndicatorResult r, Indicator indicator) =>
        Html.Value(indicator.IsCount && (Math.Round(value) != r.Target?.Value || value == r.Target?.Value) ? Math.Round(value) : value, r.Unit);

    private static string Details(IndicatorResult r, Indicator indicator)
    {
        var parts = new List<string>();
        // Once the target's date is reached (the year's account), what is expected is the target itself
        // and the projection is the figure: both said nothing more (red team, steering unit).
        if (r.ExpectedToDate is { } expected && expected != r.Target?.Value)
        {
            parts.Add((r.Target?.Kind == TargetKind.Trajectory ? "Attendu sur la trajectoire : " : "Attendu à ce jour : ") + Estimate(expected, r, indicator));
        }

        if (r.Projection is { } projection && projection != r.Actual)
        {
            parts.Add("Projection linéaire sur l'année : " + Estimate(projection, r, indicator));
        }

        if (r.ComparedWith is { } comparison)
        {
            // The figure the status was judged by (it showed the baseline while the status compared the previous year).
            parts.Add(Compared(comparison, r));
        }
        else if (r.Baseline is { } baseline)
        {
            // A stock is a figure at a day (« au 31 décembre 2008 »), a flow one of a period (« 2008 »). The
            // catalogue's baseline is the letter's round figure, not the agencies' own count of that year,
            // which the same page may show elsewhere (20 000 beside 21 739): it says whose it is (red team,
            // steering unit).
            parts.Add("Référence " + (baseline.Period.Kind == Periods.PeriodKind.Day ? "au " : string.Empty) + FrenchFormat.Period(baseline.Period) + " (lettre de mission) : " + Html.Value(baseline.Value, r.Unit));
        }

        if (r.PeriodsReported.Count > 1)
        {
            parts.Add(r.PeriodsReported.Count.ToString(CultureInfo.InvariantCulture) + " périodes reçues");
        }

        return string.Join(" · ", parts);
    }

    /// <summary>« Comparé à l'an passé (janvier 2008 – juin 2008) : 23,4 %, évolution +1,7 % », or to the baseline (with the projection it compared).</summary>
    internal static string Compared(Comparison c, IndicatorResult r)
    {
        var when = c.From == c.To ? FrenchFormat.Period(c.From) : FrenchFormat.Period(c.From) + " – " + FrenchFormat.Period(c.To);
        var change = c.Reference == 0 ? null : (double?)((c.Compared - c.Reference) / Math.Abs(c.Reference));
        // Relative, also for a rate (the status rule compares so): « évolution +1,7 % » beside 23,4 % would read as points.
        // Written with the decimals that place it on its side of the rule's ±2 % (−1,95 % « à risque », +2,01 % « en bonne
        // voie »): both read « 2,0 % » beside opposite statuses (red team, steering unit).
        var evolution = change is { } x ? (r.Unit == "taux" ? ", évolution relative " : ", évolution ") + (x >= 0 ? "+" : "−") + FrenchFormat.Against(Math.Abs(x), Indicators.DirectionRule.Stable, "taux") : string.Empty;
        return c.Basis == ComparisonBases.PreviousYear
            ? $"Comparé à l'an passé ({when}) : {Html.Value(c.Reference, r.Unit)}{evolution}"
            : $"Comparé à la référence {when} : {Html.Value(c.Reference, r.Unit)}"
                + (c.Compared != r.Actual ? $", avec la projection sur l'année ({Html.Value(c.Compared, r.Unit)})" : string.Empty) + evolution;
    }

    /// <summary>
    /// A reason written after a label and a colon: its first word in lower case, as French writes it
    /// (« Sans données : pas encore de données… »). Only the common words the reasons start with
    /// (<see cref="NoDataReasons"/>): never a name or an acronym (« INSEE », « Paris »).
    /// </summary>
    internal static string AfterAColon(string sentence) =>
        sentence.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 && CommonFirstWords.Contains(sentence[..space])
            ? char.ToLowerInvariant(sentence[0]) + sentence[1..]
            : sentence;

    private static readonly HashSet<string> CommonFirstWords = new(StringComparer.Ordinal) { "Aucun", "Aucune", "Pas", "Le", "La", "Les", "Des", "Un", "Une", "Ce", "Cette" };

    /// <summary>
    /// « Départements comptés au 2ᵉ trimestre 2010 (plus de 12 mois à cette période) »: the count
    /// compares each département's value of its latest period, where the map and the pages show the window's.
    /// </summary>
    internal static string Counted(CountedTerritories counted, Indicator input) =>
        $"Départements comptés {FrenchFormat.During(counted.Period)} (plus de {WithUnit(counted.Threshold, input.Unit)} à cette période)";

    /// <summary>« 12,7 mois », « 23,8 % »: a value and its unit, agreed.</summary>
    internal static string WithUnit(double value, string unit) =>
        Html.Unit(unit, value) is { Length: > 0 } shown ? Html.Value(value, unit) + "\u00A0" + shown : Html.Value(value, unit);

    private static IEnumerable<string> Notes(IndicatorResult r, Indicator indicator, IndicatorCatalogue catalogue)
    {
        if (r.NoDataReason is { } reason)
        {
            yield return (r.Status == IndicatorStatus.Unassessed ? "<strong>Non évalué :</strong> " : "<strong>Sans données :</strong> ") + Html.Escape(AfterAColon(reason.Message));
        }

        // Where the objective is written, when it is not the letter's sentence quoted below.
        foreach (var target in new[] { r.Target }.Concat(r.OtherTargets.Select(o => o.Target)))
        {
            if (target?.Source is { } source && source.Quote != r.Quote)
            {
                yield return "<strong>" + Html.Escape(Objective(target)) + " :</strong> " + Html.Escape(source.Reference + (source.Quote is { } q ? " — « " + q + " »" : string.Empty) + ".");
            }
        }

        foreach (var seriesBreak in r.Breaks)
        {
            yield return "<strong>Rupture de série :</strong> " + Html.Escape(
                $"le {FrenchFormat.Date(seriesBreak.Date)}, la définition a changé : on comptait les {seriesBreak.Before}, on compte désormais les {seriesBreak.After} ({seriesBreak.Source.Reference}). Les chiffres d'avant ne se comparent pas à ceux d'après.");
        }

        if (r.Counted is { } counted && indicator.Derivation is { } derivation && catalogue.TryGet(derivation.Of[0], out var input))
        {
            yield return "<strong>" + Html.Escape(Counted(counted, input)) + " :</strong> " + Html.Escape(
                counted.Over.Any() ? FrenchFormat.List([.. counted.Over.Select(t => $"{TerritoryView.NameOf(t.Territory)} ({WithUnit(t.Value!.Value, input.Unit)})")]) + "." : "aucun.");
        }

        if (r.Provisional)
        {
            yield return "<strong>Provisoire :</strong> chiffre construit à partir de données provisoires ou estimées.";
        }

        // The straight line is already the card's « Projection linéaire sur l'année »: only a seasonal forecast adds something.
        if (r.Forecast is { Low: { } low, High: { } high } forecast)
        {
            string Shown(double v) => Estimate(v, r, indicator);
            yield return "<strong>Prévision de fin d'année :</strong> " + Html.Escape(
                $"{Shown(forecast.Value)}, entre {Shown(low)} et {Shown(high)} (intervalle à 80\u00A0%, profil saisonnier de {FrenchFormat.Count(forecast.Years, "année complète", "années complètes")} antérieures).");
        }

        if (r.LatestRevision is { } revision)
        {
            string Figure(double? v) => v is { } x ? FrenchFormat.Value(x, r.Unit) : "aucune valeur";
            yield return "<strong>Révisé :</strong> " + Html.Escape(
                $"le {FrenchFormat.Date(DateOnly.FromDateTime(revision.Received.UtcDateTime))}, {FrenchFormat.Noun(revision.Period)} est passé de {Figure(revision.From)} à {Figure(revision.To)} ({revision.File}).");
        }

        var unusual = r.Warnings.Where(w => w.Code == IndicatorWarning.UnusualValue).ToArray();
        if (unusual.Length > 0)
        {
            // The card's own territory first, then in territory order (the national figures first).
            var first = unusual.FirstOrDefault(w => w.Territory == indicator.Headline) ?? unusual[0];
            var more = unusual.Length > 1 ? Invariant($" (et {unusual.Length - 1} autre{(unusual.Length > 2 ? "s" : string.Empty)})") : string.Empty;
            var said = first is { Value: { } v, UsualLow: { } usualLow, UsualHigh: { } usualHigh }
                ? $"{FrenchFormat.Value(v, r.Unit)} en {FrenchFormat.Period(first.Period)} ({TerritoryName(first.Territory)}) contre {FrenchFormat.Value(usualLow, r.Unit)} à {FrenchFormat.Value(usualHigh, r.Unit)} d'habitude, à vérifier avant d'y voir une nouvelle."
                : first.Message;
            // Another territory's value is said to be one: « (Autriche) » under a France card was read as France's (red team, steering unit).
            var where = first.Territory == indicator.Headline ? " :" : " dans le détail par territoire, pas dans le chiffre affiché :";
            yield return "<strong>Valeur inhabituelle" + Html.Escape(where) + "</strong> " + Html.Escape(said + more);
        }

        var gaps = r.Warnings.Where(w => w.Code != IndicatorWarning.UnusualValue).ToArray();
        if (gaps.Length > 0)
        {
            var more = gaps.Length > 1 ? Invariant($" (et {gaps.Length - 1} autre{(gaps.Length > 2 ? "s" : string.Empty)} écart{(gaps.Length > 2 ? "s" : string.Empty)})") : string.Empty;
            yield return "<strong>Écart entre chiffres :</strong> " + Html.Escape(gaps[0].Message + more);
        }

        var hidden = r.Territories.Count(t => t.Value is null);
        if (hidden > 0)
        {
            yield return Html.Escape(Invariant($"Secret statistique : {hidden} chiffre{(hidden > 1 ? "s" : string.Empty)} départementa{(hidden > 1 ? "ux masqués" : "l masqué")} (« s »), total exact."));
        }
    }

    private static string Objective(Target target) =>
        "Objectif" + (target.Label is { } label ? " (" + label + ")" : target.Due is { } due ? Invariant($" {due.Year}") : string.Empty) + " fixé par";

    private static string Origin(Indicator indicator, IndicatorCatalogue catalogue) =>
        indicator.Derivation is { } derivation
            ? (derivation.Of.Count > 1 ? "calculé à partir des indicateurs " : "calculé à partir de l'indicateur ") + string.Join(", ", derivation.Of.Select(id => id.Value))
            : "source : " + string.Join(", ", indicator.Sources.Select(a => catalogue.AgencyOf(a).Name));

    /// <summary>
    /// A territory as a sentence names it: « Bouches-du-Rhône (13) », « Île-de-France », « France
    /// entière » (warnings said « DEP-13 »); <paramref name="inParentheses"/>: already within some, the
    /// number after a comma (« (Bouches-du-Rhône, 13) »).
    /// </summary>
    public static string TerritoryLabel(Territory territory, bool inParentheses = false) =>
        territory.Kind == TerritoryKind.Departement && Geography.Geography2009.Default.TryGetDepartement(territory, out _)
            ? TerritoryName(territory) + (inParentheses ? $", {territory.LocalCode}" : $" ({territory.LocalCode})")
            : TerritoryName(territory);

    public static string TerritoryName(Territory territory) => territory.Kind switch
    {
        TerritoryKind.France => "France entière",
        TerritoryKind.Metropole => "France métropolitaine",
        TerritoryKind.OutreMer => "Départements d'outre-mer",
        _ => TerritoryView.NameOf(territory),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
