using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Writes the snapshot <c>dashboard.html</c>: one self-contained French page (inline style sheet
/// and SVG, no script, no external resource, no font or image to fetch) readable on screen and
/// printed on A4 for the end-of-year account. In order: the catalogue's title and the date, the
/// count of objectives per status with a legend, the status changes since the previous snapshot,
/// the five axes with a card per objective (<see cref="IndicatorCard"/>), each agency's data
/// freshness, and a colophon. Every text is HTML-escaped; numbers and dates are in French notation
/// (<see cref="FrenchFormat"/>); nothing of the time of the run is written, so the bytes depend only
/// on the dashboard and the catalogue. UTF-8 without a byte-order mark.
/// </summary>
public static class DashboardHtml
{
    /// <remarks>The page says its validation state (<see cref="PageState"/>); by default nothing.</remarks>
    public static byte[] Write(Dashboard dashboard, IndicatorCatalogue catalogue, PageState? state = null)
    {
        state ??= PageState.Unreviewed;
        var html = new StringBuilder(256 * 1024);
        var date = FrenchFormat.Date(dashboard.AsOf);
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Escape(catalogue.Title + " — situation au " + date)).Append("</title>\n")
            .Append("<style>\n").Append(HtmlStyles.Css).Append('\n').Append(ChoroplethMap.Css).Append('\n').Append(HtmlStyles.RunningHead("Tableau de bord de la lettre de mission — situation au " + date, titlePage: true)).Append("\n</style>\n</head>\n<body").Append(state.BodyClass).Append(">\n");
        Masthead(html, dashboard, catalogue, date, state);
        html.Append("<main class=\"page\">\n");
        Account(html, dashboard, printed: false);
        Changes(html, dashboard, printed: false);
        foreach (var axis in catalogue.Axes)
        {
            Axis(html, axis, dashboard.Indicators.Where(r => r.Axis == axis.Number).ToArray(), catalogue);
        }

        Maps(html, dashboard, catalogue);
        Account(html, dashboard, printed: true);
        Changes(html, dashboard, printed: true);
        Freshness.Write(html, dashboard, catalogue);
        html.Append("<p class=\"colophon\">Tableau de bord ").Append(Html.Escape(dashboard.Catalogue))
            .Append(" calculé au ").Append(Html.Escape(date))
            .Append(" à partir des fichiers transmis par les organismes : seules comptent les périodes achevées à cette date. ")
            .Append("« s » : chiffre départemental masqué par le secret statistique : " + SmallCountSuppression.Why + " ; les totaux nationaux restent exacts. ")
            // Mouse and keyboard words: not on paper, where the sentence is printed under each indicator.
            .Append("<span class=\"screen-only\">Passer sur un indicateur (ou l'atteindre au clavier) affiche la phrase de la lettre de mission qui fixe son objectif ; elle est imprimée sous chaque indicateur.</span></p>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Html.Typeset(html.ToString()));
    }

    /// <summary>What the figures could know: « telle que connue le … » for a view of the past, else the latest file received (the national page and each territory's).</summary>
    internal static string Vintage(Dashboard dashboard)
    {
        return dashboard.KnownAt is { } known
            ? " · telle que connue le " + Html.Instant(known) + " (seuls les fichiers reçus jusque-là comptent)"
            : dashboard.LatestReceipt is { } latest ? " · dernier fichier reçu le " + Html.Instant(latest) : string.Empty;
    }

    /// <summary>The title, date, summary by status and validation state: on screen the page's head, printed its title page.</summary>
    private static void Masthead(StringBuilder html, Dashboard dashboard, IndicatorCatalogue catalogue, string date, PageState state)
    {
        html.Append("<header class=\"masthead\"><div class=\"page\">\n")
            .Append("<div class=\"bloc-marque\">République<br>française</div>\n<div class=\"titles\">\n")
            .Append("<h1>").Append(Html.Escape(catalogue.Title)).Append("</h1>\n")
            .Append("<p class=\"subtitle\">Suivi des objectifs fixés au ministre de l'Immigration, de l'Intégration, de l'Identité nationale et du Développement solidaire</p>\n")
            .Append(Invariant($"<p class=\"asof\">Situation au <time datetime=\"{dashboard.AsOf:yyyy-MM-dd}\">{Html.Escape(date)}</time> · {dashboard.Summary.Indicators} indicateurs{Vintage(dashboard)}</p>\n"));
        html.Append("<ul class=\"summary\" aria-label=\"Indicateurs par statut\">\n");
        var counts = dashboard.Indicators.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        foreach (var status in Enum.GetValues<IndicatorStatus>())
        {
            html.Append(Invariant($"<li><span class=\"count\">{counts.GetValueOrDefault(status)}</span>{Html.Badge(status, counts.GetValueOrDefault(status))}</li>\n"));
        }

        html.Append("</ul>\n<p class=\"legend\">")
            .Append(string.Join(" · ", Enum.GetValues<IndicatorStatus>().Select(s => Html.Escape(Html.StatusLabel(s) + " : " + Html.StatusMeaning(s)))))
            .Append(".</p>\n");
        state.WriteBanner(html, dashboard.AsOf);
        // What the printed report holds, said only of the sections it has (the first snapshot has no
        // previous one to compare with: its note promised a section it did not print).
        string[] after =
        [
            .. ChoroplethMap.Mapped(dashboard).Any() ? ["les cartes par département"] : Array.Empty<string>(),
            .. dashboard.AccountRevised is { Changes.Count: > 0 } account ? [$"le bilan au {FrenchFormat.Date(account.AsOf)} revu depuis sa publication"] : Array.Empty<string>(),
            .. dashboard.Changes.Count > 0 ? ["les évolutions depuis le tableau de bord " + Since(dashboard)] : Array.Empty<string>(),
            "la fraîcheur des données de chaque organisme",
        ];
        html.Append("<p class=\"print-only title-page-note\">Tableau de bord de la lettre de mission du 31 mars 2009 : une page par axe, puis ")
            .Append(FrenchFormat.List(after)).Append(".</p>\n")
            .Append("</div>\n</div></header>\n");
    }

    /// <summary>
    /// The changes since the previous snapshot: on screen at the top of the page (what a reader looks
    /// for first), printed after the maps as the report's last section; each copy is shown in one medium only.
    /// </summary>
    private static void Changes(StringBuilder html, Dashboard dashboard, bool printed)
    {
        if (dashboard.Changes.Count == 0)
        {
            // Said on screen, where a reader looks for them first (the year's account, the first snapshot,
            // was silent: red team, steering unit); the printed report lists only the sections it has.
            if (!printed)
            {
                html.Append("<section class=\"changes screen-only\" aria-labelledby=\"evolutions\"><h2 id=\"evolutions\">Évolutions</h2>\n<p>")
                    .Append(Html.Escape(dashboard.ChangesSince is { } since
                        ? $"Aucune évolution depuis le tableau de bord du {FrenchFormat.Date(since)} : ni statut ni chiffre n'a changé."
                        : "Aucun tableau de bord antérieur auquel comparer celui-ci : ses évolutions se liront dans le suivant."))
                    .Append("</p></section>\n");
            }

            return;
        }

        // Status changes first (what a reader acts on), then the figures; each says why it moved. An
        // indicator whose status and figure both moved is one item: the figure's sentence folded into the
        // status's, its reason said once when it is the same (red team, steering unit: each change was
        // listed twice, the second time with the same reason).
        var (medium, id) = printed ? ("print-only", "evolutions-imprimees") : ("screen-only", "evolutions");
        html.Append(Invariant($"<section class=\"changes {medium}\" aria-labelledby=\"{id}\"><h2 id=\"{id}\">Évolutions depuis le tableau de bord {Since(dashboard)}</h2>\n"));
        Items(html, dashboard.Changes);
        html.Append("</section>\n");
    }

    /// <summary>
    /// The previous year's account evaluated again (<see cref="AccountRevision"/>): the statuses it
    /// gave that the files received since change, before the changes, on screen and in print; on
    /// screen only, that it holds when they change none. Nothing where there is no account to look back on.
    /// </summary>
    private static void Account(StringBuilder html, Dashboard dashboard, bool printed)
    {
        if (dashboard.AccountRevised is not { } account || (printed && account.Changes.Count == 0))
        {
            return;
        }

        var date = FrenchFormat.Date(account.AsOf);
        var (medium, id) = printed ? ("print-only", "bilan-revu-imprime") : ("screen-only", "bilan-revu");
        html.Append(Invariant($"<section class=\"changes account {medium}\" aria-labelledby=\"{id}\"><h2 id=\"{id}\">"))
            .Append(Html.Escape($"Bilan au {date} revu depuis sa publication")).Append("</h2>\n<p>");
        var moved = account.Changes.Where(c => c.Field == DashboardChanges.Status).Select(c => c.Indicator).Distinct().Count();
        if (moved == 0)
        {
            html.Append(Html.Escape($"Le bilan au {date} tient : évalué à nouveau avec les fichiers reçus depuis sa publication et le catalogue d'aujourd'hui, il garde chacun de ses statuts.")).Append("</p></section>\n");
            return;
        }

        html.Append(Html.Escape($"Évalué à nouveau avec les fichiers reçus depuis sa publication et le catalogue d'aujourd'hui, le bilan au {date} donnerait un autre statut à {FrenchFormat.Count(moved, "indicateur")} (le bilan publié, lui, reste tel qu'il a été diffusé) :")).Append("</p>\n");
        Items(html, account.Changes);
        html.Append("</section>\n");
    }

    /// <summary>One item per indicator: its status change first (bold), its figure's folded in (<see cref="Folded"/>), then the figures that moved alone.</summary>
    private static void Items(StringBuilder html, IReadOnlyList<DashboardChange> changes)
    {
        html.Append("<ul>\n");
        var figures = changes.Where(c => c.Field == DashboardChanges.Actual).GroupBy(c => c.Indicator).ToDictionary(g => g.Key, g => g.First());
        var folded = new HashSet<IndicatorId>();
        foreach (var change in changes.Where(c => c.Field == DashboardChanges.Status))
        {
            var status = change.Message.Length > 0 ? change.Message : $"{change.Indicator.Value} : {StatusWords(change.From)} → {StatusWords(change.To)}";
            var (strong, rest) = (status, string.Empty);
            if (figures.TryGetValue(change.Indicator, out var figure) && Folded(status, figure.Message) is { } both)
            {
                (strong, rest) = both;
                folded.Add(change.Indicator);
            }

            html.Append(Invariant($"<li class=\"cause-{change.Cause.Replace('_', '-')}\"><strong>"))
                .Append(Html.Escape(strong)).Append("</strong>").Append(Html.Escape(rest)).Append("</li>\n");
        }

        foreach (var change in changes.Where(c => c.Field != DashboardChanges.Status && !folded.Contains(c.Indicator)))
        {
            html.Append(Invariant($"<li class=\"cause-{change.Cause.Replace('_', '-')}\">"))
                .Append(Html.Escape(change.Message.Length > 0 ? change.Message : change.Indicator.Value)).Append("</li>\n");
        }

        html.Append("</ul>");
    }

    /// <summary>
    /// A status change and the same indicator's figure change as one item: the status's words (bold) and
    /// what follows them. « T : atteint → à risque » then « , réalisé 28 801 → 13 501, {reason}. » when
    /// both give the same reason, else the status's sentence whole then « Réalisé 28 801 → 13 501, {its
    /// reason}. ». Null when a message is not of the form <see cref="DashboardChanges"/> writes (a
    /// snapshot of another version): the two are then listed apart, as written.
    /// </summary>
    internal static (string Strong, string After)? Folded(string status, string figure)
    {
        // « {title} : {from} → {to}, {reason}. » and « {title} : réalisé {from} → {to}, {reason}. »; no
        // status word holds « , », and the figure's words start after the title's colon.
        var arrow = status.IndexOf(" → ", StringComparison.Ordinal);
        var comma = arrow < 0 ? -1 : status.IndexOf(", ", arrow, StringComparison.Ordinal);
        var realised = figure.IndexOf(": réalisé ", StringComparison.Ordinal);
        if (comma < 0 || realised < 0)
        {
            return null;
        }

        var reason = status[comma..];
        var moved = figure[(realised + 2)..];
        return moved.EndsWith(reason, StringComparison.Ordinal)
            ? (status[..comma], ", " + moved)
            : (status, " Réalisé " + moved["réalisé ".Length..]);
    }

    /// <summary>A map per indicator published by département (<see cref="ChoroplethMap"/>), the outlines written once for all.</summary>
    private static void Maps(StringBuilder html, Dashboard dashboard, IndicatorCatalogue catalogue)
    {
        var mapped = ChoroplethMap.Mapped(dashboard).ToArray();
        if (mapped.Length == 0)
        {
            return;
        }

        ChoroplethMap.WriteOutlines(html);
        html.Append("<section class=\"maps\" id=\"cartes\" aria-labelledby=\"cartes-titre\"><h2 id=\"cartes-titre\">Cartes par département</h2>\n")
            .Append("<p class=\"maps-note\">Chaque département mène à sa page. Classes : valeurs publiées rangées en cinq groupes d'effectifs voisins ; hachuré : chiffre masqué (secret statistique) ; gris : sans données ; blanc : hors du champ du chiffre national (un département d'outre-mer pour un chiffre de France métropolitaine), ni classé ni rangé. Contours : @svg-maps (Victor Cazanave, CC BY 4.0), simplifiés.</p>\n")
            .Append("<div class=\"map-grid\">\n");
        foreach (var result in mapped)
        {
            ChoroplethMap.Write(html, result, dashboard.AsOf, TerritoryView.NationalOf(result, catalogue));
        }

        html.Append("</div>\n</section>\n");
    }

    /// <summary>« du 30 septembre 2010 », the snapshot the changes compare with (it need not be the date just before: an unreleased one is skipped), or « précédent » for a snapshot published before that date was recorded.</summary>
    private static string Since(Dashboard dashboard) =>
        dashboard.ChangesSince is { } since ? "du " + FrenchFormat.Date(since) : "précédent";

    private static string StatusWords(string? code) =>
        Enum.GetValues<IndicatorStatus>().Where(s => s.Code() == code).Select(s => Html.StatusLabel(s).ToLowerInvariant()).FirstOrDefault() ?? "—";

    private static void Axis(StringBuilder html, Axis axis, IndicatorResult[] results, IndicatorCatalogue catalogue)
    {
        html.Append(Invariant($"<section class=\"axis\" id=\"axe-{axis.Number}\" aria-labelledby=\"axe-{axis.Number}-titre\">\n"))
            .Append(Invariant($"<h2 id=\"axe-{axis.Number}-titre\"><span class=\"axis-number\">Axe {axis.Number}</span>{Html.Escape(axis.Title)}</h2>\n"))
            .Append("<div class=\"cards\">\n");
        foreach (var r in results)
        {
            IndicatorCard.Write(html, r, catalogue[r.Id], catalogue);
        }

        html.Append("</div>\n</section>\n");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
