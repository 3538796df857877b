using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// The "fraîcheur des données" table of the HTML page: per agency of the catalogue, in its order, the
/// last upload that brought figures (the latest of its completeness entries' <c>lastReceived</c>
/// and of the files its indicators' figures come from, as a UTC date), the periods received out of
/// those due by asOf (and how many more were sent before they were due), every late period (received late, or still missing) with its delay, and, per
/// indicator the agency revised, its mean absolute revision between first and latest value (the
/// figure <c>completeness</c> publishes: INDICATORS.md asks it with completeness, and the page had it not).
/// </summary>
internal static class Freshness
{
    public static void Write(StringBuilder html, Dashboard dashboard, IndicatorCatalogue catalogue)
    {
        html.Append("<section class=\"freshness\" aria-labelledby=\"fraicheur\">\n<h2 id=\"fraicheur\">Fraîcheur des données par organisme</h2>\n")
            .Append("<table>\n<thead><tr><th scope=\"col\">Organisme</th><th scope=\"col\">Dernier envoi</th>")
            .Append("<th scope=\"col\">Périodes échues reçues / attendues</th><th scope=\"col\">Retards (jours après l'échéance)</th>")
            .Append("<th scope=\"col\">Révision moyenne (première → dernière valeur)</th></tr></thead>\n<tbody>\n");
        var titles = dashboard.Indicators.ToDictionary(r => r.Id, r => r.Title);
        var units = dashboard.Indicators.ToDictionary(r => r.Id, r => r.Unit);
        foreach (var agency in catalogue.Agencies)
        {
            var entries = dashboard.Completeness.Where(c => c.Agency == agency.Id).ToArray();
            var last = entries.Select(e => e.LastReceived)
                .Concat(dashboard.Indicators.SelectMany(r => r.Sources).Where(s => s.Agency == agency.Id).Select(s => (DateTimeOffset?)s.Received))
                .Max();
            var expected = entries.Sum(e => e.Expected.Count);
            var received = entries.Sum(e => e.Received.Count);
            // Sent before they were due: the cards count them (« 12 périodes reçues » beside « 11 / 11 »). Not
            // « en avance »: December's files, due on 15 January and received on 5 January, read as early for
            // an account dated 31 December (red team, steering unit); they were received before their due date.
            var ahead = entries.Sum(e => e.Ahead.Count);
            html.Append("<tr><th scope=\"row\">").Append(Html.Escape(agency.Name)).Append("</th><td>")
                .Append(last is { } l ? Html.Escape(FrenchFormat.Date(DateOnly.FromDateTime(l.UtcDateTime))) : "Aucun fichier reçu")
                .Append("</td><td class=\"num\">")
                .Append(expected == 0 ? "—" : Invariant($"{received} / {expected}"))
                .Append(ahead == 0 ? string.Empty : Invariant($" (+\u00A0{ahead} {(ahead == 1 ? "reçue" : "reçues")} avant échéance)"))
                .Append("</td><td>");
            Late(html, entries, titles);
            html.Append("</td><td>");
            Revised(html, entries, titles, units);
            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>One line per indicator with late periods: how many were received late and how many are still missing, with the longest delay.</summary>
    private static void Late(StringBuilder html, CompletenessEntry[] entries, IReadOnlyDictionary<IndicatorId, string> titles)
    {
        var late = entries.Where(e => e.Late.Count > 0).ToArray();
        if (late.Length == 0)
        {
            html.Append(entries.Any(e => e.Expected.Count > 0) ? "<span class=\"ok\">À jour</span>" : "—");
            return;
        }

        html.Append("<ul>");
        foreach (var entry in late)
        {
            var missing = entry.Late.Where(l => !entry.Received.Contains(l.Period)).ToArray();
            var received = entry.Late.Where(l => entry.Received.Contains(l.Period)).ToArray();
            var parts = new List<string>();
            if (missing.Length > 0)
            {
                parts.Add(Invariant($"<span class=\"late\">{Count(missing.Length, "période non reçue", "périodes non reçues")}</span> ({Html.Escape(Span(missing))}, jusqu'à {missing.Max(l => l.Days)}\u00A0j)"));
            }

            if (received.Length > 0)
            {
                parts.Add(Invariant($"{Count(received.Length, "reçue en retard", "reçues en retard")} (jusqu'à {received.Max(l => l.Days)}\u00A0j)"));
            }

            html.Append("<li>").Append(Html.Escape(titles.GetValueOrDefault(entry.Indicator, entry.Indicator.Value))).Append(" : ")
                .Append(string.Join(" ; ", parts)).Append("</li>");
        }

        html.Append("</ul>");
    }

    /// <summary>One line per indicator the agency sent more than once for a period: the mean gap between its first and latest value.</summary>
    private static void Revised(StringBuilder html, CompletenessEntry[] entries, IReadOnlyDictionary<IndicatorId, string> titles, IReadOnlyDictionary<IndicatorId, string> units)
    {
        var revised = entries.Where(e => e.MeanAbsoluteRevision is not null).ToArray();
        if (revised.Length == 0)
        {
            html.Append('—');
            return;
        }

        html.Append("<ul>");
        foreach (var entry in revised)
        {
            html.Append("<li>").Append(Html.Escape(titles.GetValueOrDefault(entry.Indicator, entry.Indicator.Value))).Append(" : ")
                .Append(Html.Escape(WithUnit(entry.MeanAbsoluteRevision!.Value, units.GetValueOrDefault(entry.Indicator, string.Empty)))).Append("</li>");
        }

        html.Append("</ul>");
    }

    /// <summary>« 479,4 personnes », « 2,1 jours », « 0,3 % »: a revision read without its unit meant nothing.</summary>
    private static string WithUnit(double value, string unit) =>
        Html.Value(value, unit) + (Html.Unit(unit, value) is { Length: > 0 } shown ? "\u00A0" + shown : string.Empty);

    private static string Count(int n, string one, string many) => Invariant($"{n} {(n == 1 ? one : many)}");

    private static string Span(LatePeriod[] periods) =>
        periods.Length == 1 ? FrenchFormat.Period(periods[0].Period)
        : FrenchFormat.Period(periods[0].Period) + " – " + FrenchFormat.Period(periods[^1].Period);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
