using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Text;

namespace MissionPipeline.Publishing;

/// <summary>HTML escaping and the French words of the dashboard page.</summary>
internal static class Html
{
    /// <summary>Escapes text for an element or a double-quoted attribute: &amp; &lt; &gt; " ' become entities; nothing else changes.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var html = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            html.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            } ?? c.ToString());
        }

        return html.ToString();
    }

    /// <summary>
    /// An instant as the pages write it: « 6 décembre 2026 à 17 h 55 (heure de Paris) », « à 8 h 05 »
    /// (hours without a leading zero, as the French write them), with its seconds when
    /// <paramref name="seconds"/> says so and it has any (a release time: <see cref="FrenchFormat.ReleaseMoment"/>), in a <c>time</c>
    /// element that gives it to machines, with no-break spaces about the « h » so that the hour never
    /// ends a line apart from its minutes.
    /// </summary>
    public static string Instant(DateTimeOffset at, bool seconds = false) =>
        string.Create(CultureInfo.InvariantCulture, $"<time datetime=\"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\">{Escape(seconds ? FrenchFormat.ReleaseMoment(at) : FrenchFormat.Moment(at))}</time>");

    /// <summary>
    /// French typography (<see cref="FrenchTypography"/>) on every text node of a page, once, at
    /// the end: tags, attribute values, styles and entities are left as written.
    /// </summary>
    public static string Typeset(string page)
    {
        var result = new StringBuilder(page.Length + 1024);
        var i = 0;
        while (i < page.Length)
        {
            var tag = page.IndexOf('<', i);
            var end = tag < 0 ? page.Length : tag;
            result.Append(FrenchTypography.Apply(page[i..end]));
            if (tag < 0)
            {
                break;
            }

            // A style or script element's content is not prose: copy it up to its closing tag.
            var close = page.AsSpan(tag).StartsWith("<style", StringComparison.OrdinalIgnoreCase) ? page.IndexOf("</style>", tag, StringComparison.OrdinalIgnoreCase)
                : page.AsSpan(tag).StartsWith("<script", StringComparison.OrdinalIgnoreCase) ? page.IndexOf("</script>", tag, StringComparison.OrdinalIgnoreCase)
                : page.IndexOf('>', tag);
            var next = close < 0 ? page.Length : page.IndexOf('>', close) + 1;
            result.Append(page, tag, next - tag);
            i = next;
        }

        return result.ToString();
    }

    /// <summary>The badge's words: the colour is never the only sign of a status.</summary>
    public static string StatusLabel(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Achieved => "Atteint",
        IndicatorStatus.OnTrack => "En bonne voie",
        IndicatorStatus.AtRisk => "À risque",
        IndicatorStatus.OffTrack => "En retard",
        IndicatorStatus.Missed => "Manqué",
        IndicatorStatus.NoData => "Sans données",
        IndicatorStatus.Unassessed => "Non évalué",
        _ => "Contexte",
    };

    /// <summary>A shape per status, for readers who do not see the colours and for black-and-white prints.</summary>
    public static string StatusSymbol(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Achieved => "✓",
        IndicatorStatus.OnTrack => "●",
        IndicatorStatus.AtRisk => "▲",
        IndicatorStatus.OffTrack => "▼",
        IndicatorStatus.Missed => "✕",
        IndicatorStatus.NoData => "○",
        IndicatorStatus.Unassessed => "◌",
        _ => "◆",
    };

    /// <summary>What each status means, for the page's legend.</summary>
    public static string StatusMeaning(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Achieved => "objectif atteint à l'échéance",
        IndicatorStatus.OnTrack => "au rythme de l'objectif (avec une prévision : même au bas de son intervalle)",
        IndicatorStatus.AtRisk => "à portée sans être assuré : à moins de 5 % de l'objectif, ou l'objectif dans l'intervalle de la prévision ; stable (±2 %) pour une tendance",
        IndicatorStatus.OffTrack => "en deçà du rythme de l'objectif (avec une prévision : même au haut de son intervalle)",
        IndicatorStatus.Missed => "objectif non atteint à l'échéance",
        IndicatorStatus.NoData => "aucun chiffre exploitable",
        IndicatorStatus.Unassessed => "un chiffre, mais rien à quoi le comparer",
        _ => "indicateur de contexte, sans objectif",
    };

    public static string Badge(IndicatorStatus status) => Badge(status, 1);

    /// <summary>The badge after a count of indicators, its word agreed: « 9 ✓ Atteints », « 4 ✕ Manqués », « 1 ✕ Manqué » (the summary read « 4 ✕ Manqué »).</summary>
    public static string Badge(IndicatorStatus status, int count) => string.Create(
        CultureInfo.InvariantCulture,
        $"<span class=\"badge s-{status.Code()}\"><span aria-hidden=\"true\">{StatusSymbol(status)}</span> {StatusLabel(status)}{(count >= 2 && status is IndicatorStatus.Achieved or IndicatorStatus.Missed or IndicatorStatus.Unassessed ? "s" : string.Empty)}</span>");

    /// <summary>A value in its unit, in French notation; a rank reads <c>1ᵉʳ</c>, <c>2ᵉ</c> (<see cref="Rank"/>).</summary>
    public static string Value(double value, string unit) =>
        unit == "rang" && value >= 1 && value == Math.Floor(value) && value <= int.MaxValue
            ? Rank((int)value)
            : FrenchFormat.Value(value, unit);

    /// <summary>A rank as French typography writes it, the letters raised: <c>1ᵉʳ</c>, <c>2ᵉ</c> (<see cref="FrenchFormat.Ordinal"/>).</summary>
    public static string Rank(int rank) => FrenchFormat.Ordinal(rank);

    /// <summary>The unit as shown after a value (none for rates and ranks).</summary>
    public static string Unit(string unit) => unit is "taux" or "rang" or "jalon" ? string.Empty : unit;

    /// <summary>
    /// The unit as shown after <paramref name="value"/>: in the singular below 2, as French agrees it
    /// (« 0 département », « 1 personne », « 3 personnes »); the catalogue's units are plurals in -s, but
    /// for those the same in both numbers (mois, pays).
    /// </summary>
    public static string Unit(string unit, double? value)
    {
        var shown = Unit(unit);
        return value is { } v && Math.Abs(v) < 2 && shown.EndsWith('s') && shown is not ("mois" or "pays") ? shown[..^1] : shown;
    }

    /// <summary>The objective in words: <c>au moins 27 000</c>, <c>avant le 31 juillet 2009</c>, <c>en baisse</c>.</summary>
    public static (string Value, string When) Target(Target? target, Indicator indicator)
    {
        if (target is null)
        {
            return ("—", "indicateur de contexte");
        }

        var due = target.Due is { } d ? FrenchFormat.Date(d) : string.Empty;
        var goal = target.Value is { } v ? Value(v, indicator.Unit) : string.Empty;
        return target.Kind switch
        {
            TargetKind.AtLeast => ("≥" + FrenchFormat.Space + goal, "au " + due),
            TargetKind.AtMost => ("≤" + FrenchFormat.Space + goal, "au " + due),
            TargetKind.Trajectory => (goal, "d'ici le " + due + (indicator.Baseline is { } b ? ", en partant de " + Value(b.Value, indicator.Unit) + " au " + FrenchFormat.Period(b.Period) : string.Empty)),
            TargetKind.Milestone => ("Jalon", "avant le " + due),
            _ => (indicator.Direction == Direction.Down ? "En baisse" : "En hausse", "sur un an ou par rapport à la référence"),
        };
    }
}
