using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// The page of one département or région (<c>/territoires/{code}</c> in <c>mission serve</c>): the
/// lines of <see cref="TerritoryView"/> as a French table, one per indicator published at that
/// level, grouped by axis — the value as published (« s » where the national snapshot hides it),
/// the rank among the territories of the level, the share of the national target, the national
/// value and its status. Self-contained as the national page (same style sheet, no script).
/// </summary>
public static class TerritoryHtml
{
    /// <summary>
    /// The pages a préfet goes to next, where the snapshot has them (a territory with an indicator at
    /// its level): a département's région, a région's départements; sibling files of this one in
    /// <c>territoires/</c>. Empty when there is none.
    /// </summary>
    private static string Neighbours(Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue)
    {
        bool HasPage(Territory t) => TerritoryView.HasPage(dashboard, t, catalogue);
        string Link(Territory t, string text) => $"<a href=\"{t.Code}.html\">{Html.Escape(text)}</a>";
        if (Geography2009.Default.TryGetDepartement(territory, out var departement))
        {
            return HasPage(departement.Region) ? $"<p class=\"asof\">Région : {Link(departement.Region, departement.RegionName)}</p>\n" : string.Empty;
        }

        var within = Geography2009.Default.Departements.Where(d => d.Region == territory && HasPage(d.Territory))
            .Select(d => Link(d.Territory, $"{d.Name} ({d.Territory.LocalCode})")).ToArray();
        return within.Length == 0 ? string.Empty
            : $"<p class=\"asof\">{(within.Length > 1 ? "Ses départements" : "Son département")} : {string.Join(", ", within)}</p>\n";
    }

    /// <summary>
    /// The value with the decimals that tell it from its peers': « 10,0 » beside two other « 10,0 »
    /// ranked 34ᵉ to 36ᵉ with no « ex aequo » read as a contradiction (red team, préfet); 9,99 and
    /// 10,04 are shown so, as the map's tooltip does. At most three more decimals. A département's value
    /// has at least the digits of the map that links to this page (<see cref="ChoroplethMap.DecimalsOf"/>).
    /// </summary>
    private static string Shown(double value, IndicatorResult r, Territory territory, IndicatorCatalogue catalogue)
    {
        if (r.Unit == "rang")
        {
            return Html.Value(value, r.Unit);
        }

        var decimals = FrenchFormat.UsualDecimals(value, r.Unit);
        if (territory.Kind == TerritoryKind.Departement && ChoroplethMap.DecimalsOf(r, TerritoryView.NationalOf(r, catalogue)) is { } map)
        {
            decimals = Math.Max(decimals, map);
        }

        var most = decimals + 3;
        var others = r.Territories.Where(t => t.Territory.Kind == territory.Kind && t.Territory != territory && t.Value is { } o && o != value).Select(t => t.Value!.Value).ToArray();
        while (decimals < most && others.Any(o => FrenchFormat.Value(o, r.Unit, decimals) == FrenchFormat.Value(value, r.Unit, decimals)))
        {
            decimals++;
        }

        return FrenchFormat.Value(value, r.Unit, decimals);
    }

    /// <summary>
    /// « Compté au 2ᵉ trimestre 2010 parmi les départements à plus de 12 mois : 12,7 mois à cette
    /// période ; 13 départements comptés en tout. »: the line shows the window's mean, the count the latest quarter's value.
    /// </summary>
    private static string Counted(CountedBy by, IndicatorResult input)
    {
        var among = $"{FrenchFormat.During(by.Period)} parmi les départements à plus de {IndicatorCard.WithUnit(by.Threshold, input.Unit)}";
        var total = FrenchFormat.Count(by.Total, "département compté", "départements comptés") + " en tout";
        return by.Value is not { } value ? $"Non compté {among} : pas de chiffre à cette période ; {total}."
            : $"{(by.IsCounted ? "Compté" : "Non compté")} {among} : {IndicatorCard.WithUnit(value, input.Unit)} à cette période ; {total}.";
    }

    /// <summary>The indicators without a line, grouped by reason: what a préfet looks for and does not find, said.</summary>
    private static void WriteAbsent(StringBuilder html, Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue)
    {
        var absent = TerritoryView.Absent(dashboard, territory, catalogue);
        if (absent.Count == 0)
        {
            return;
        }

        var departement = territory.Kind == TerritoryKind.Departement;
        html.Append("<section class=\"territory-absent\">\n<h2>Ce que cette page ne montre pas</h2>\n<ul>\n");
        foreach (var group in absent.GroupBy(a => Why(a, departement, catalogue)))
        {
            html.Append("<li><strong>").Append(Html.Escape(group.Key)).Append(" :</strong> ")
                .Append(Html.Escape(FrenchFormat.List([.. group.Select(a => a.Indicator.Title + ((a.Reason == AbsenceReason.NoFigureAtThisLevel || OtherLevelEmpty(a, departement, catalogue)) && a.Indicator is { Status: IndicatorStatus.NoData, NoDataReason: { } reason } ? " (" + IndicatorCard.AfterAColon(reason.Message).TrimEnd('.') + ")" : Covering(a, territory)))]) + "."))
                .Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    /// <summary>
    /// For a figure of the métropole that an overseas territory is not part of, the figure published for
    /// a wider territory that counts it, where there is one: « (Départements d'outre-mer : 36 780) »
    /// (red team, préfet: Guadeloupe's page said job offers were national only, with a DOM figure published).
    /// </summary>
    private static string Covering(AbsentLine line, Territory territory) =>
        line.Reason == AbsenceReason.OutsideNationalScope
        && line.Indicator.Territories.FirstOrDefault(t => t.Territory.Kind == TerritoryKind.OutreMer && t.Value is not null && TerritoryView.CountedIn(territory, t.Territory)) is { Value: { } value } wider
            ? $" ({IndicatorCard.TerritoryName(wider.Territory)} : {Html.Value(value, line.Indicator.Unit)})"
            : string.Empty;

    /// <summary>
    /// Published at the other level (by région, for a département's page), but with no figure there in
    /// this snapshot: « voir la page de la région » led to a page without it (red team, préfet).
    /// </summary>
    private static bool OtherLevelEmpty(AbsentLine line, bool departement, IndicatorCatalogue catalogue) =>
        line.Reason == AbsenceReason.NotAtThisLevel
        && catalogue.TryGet(line.Indicator.Id, out var i) && i.Scope.Any(s => s.Group == (departement ? ScopeGroup.Regions : ScopeGroup.Departements))
        && !line.Indicator.Territories.Any(t => t.Territory.Kind == (departement ? TerritoryKind.Region : TerritoryKind.Departement));

    private static string Why(AbsentLine line, bool departement, IndicatorCatalogue catalogue) => line.Reason switch
    {
        AbsenceReason.NotAtThisLevel when OtherLevelEmpty(line, departement, catalogue) =>
            departement ? "Publiés par région, mais sans chiffre par région dans ce tableau de bord" : "Publiés par département, mais sans chiffre par département dans ce tableau de bord",
        AbsenceReason.NotAtThisLevel when catalogue.TryGet(line.Indicator.Id, out var i) && i.Scope.Any(s => s.Group == (departement ? ScopeGroup.Regions : ScopeGroup.Departements)) =>
            departement ? "Publiés par région (voir la page de la région)" : "Publiés par département (voir les pages de ses départements)",
        AbsenceReason.NotAtThisLevel => "Publiés au niveau national seulement",
        AbsenceReason.OutsideNationalScope => "Chiffres de France métropolitaine, dont ce territoire ne fait pas partie",
        AbsenceReason.NoFigureAtThisLevel => departement ? "Aucun chiffre par département dans ce tableau de bord" : "Aucun chiffre par région dans ce tableau de bord",
        _ => departement ? "Aucun chiffre pour ce département dans ce tableau de bord" : "Aucun chiffre pour cette région dans ce tableau de bord",
    };

    /// <remarks>The page says its validation state as the national page does (<see cref="PageState"/>).</remarks>
    public static byte[] Write(Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue, PageState? state = null)
    {
        state ??= PageState.Unreviewed;
        var name = TerritoryView.NameOf(territory);
        var date = FrenchFormat.Date(dashboard.AsOf);
        var seenFrom = territory.Kind == TerritoryKind.Departement ? "vu du département" : "vu de la région";
        var lines = TerritoryView.Lines(dashboard, territory, catalogue);
        var html = new StringBuilder(32 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Escape($"{name} — {catalogue.Title} — situation au {date}")).Append("</title>\n")
            .Append("<style>\n").Append(HtmlStyles.Css).Append('\n').Append(HtmlStyles.RunningHead($"{name} — tableau de bord de la lettre de mission — situation au {date}", titlePage: false)).Append("\n</style>\n</head>\n<body").Append(state.BodyClass).Append(">\n")
            .Append("<header class=\"masthead territory-head\"><div class=\"page\">\n<div class=\"bloc-marque\">République<br>française</div>\n<div class=\"titles\">\n")
            // A département's number, as the French write it (Aude (11)); a région's code is no one's: « (région) » instead.
            .Append("<h1>").Append(Html.Escape(territory.Kind == TerritoryKind.Departement ? $"{name} ({territory.LocalCode})" : $"{name} (région)")).Append("</h1>\n")
            .Append("<p class=\"subtitle\">").Append(Html.Escape($"Le tableau de bord de la lettre de mission {seenFrom}")).Append("</p>\n")
            .Append(string.Create(CultureInfo.InvariantCulture, $"<p class=\"asof\">Situation au <time datetime=\"{dashboard.AsOf:yyyy-MM-dd}\">{Html.Escape(date)}</time> · {(lines.Count == 0 ? "aucun indicateur publié" : FrenchFormat.Count(lines.Count, "indicateur publié", "indicateurs publiés"))} à ce niveau{DashboardHtml.Vintage(dashboard)} · <a href=\"{SnapshotFiles.NationalLink}\">tableau de bord national</a></p>\n"))
            .Append(Neighbours(dashboard, territory, catalogue))
            .Append("</div>\n</div></header>\n");
        state.WriteBanner(html, dashboard.AsOf);
        html.Append("<main class=\"page\">\n");
        if (lines.Count == 0)
        {
            html.Append("<p>Aucun indicateur n'est publié pour ce territoire dans ce tableau de bord.</p>\n");
        }

        foreach (var axis in catalogue.Axes)
        {
            var ofAxis = lines.Where(l => l.Indicator.Axis == axis.Number).ToArray();
            if (ofAxis.Length == 0)
            {
                continue;
            }

            html.Append("<section class=\"axis territory-axis\">\n<h2><span class=\"axis-number\">Axe ").Append(axis.Number.ToString(CultureInfo.InvariantCulture)).Append("</span> ")
                .Append(Html.Escape(axis.Title)).Append("</h2>\n<table class=\"territory\">\n<thead><tr><th scope=\"col\">Indicateur</th><th scope=\"col\">Valeur</th><th scope=\"col\">Rang <span class=\"note\">(1\u1D49\u02B3 : la plus grande valeur, quel que soit le sens de l'objectif)</span></th><th scope=\"col\">Part de l'objectif national</th><th scope=\"col\">National</th><th scope=\"col\">Statut national</th></tr></thead>\n<tbody>\n");
            foreach (var line in ofAxis)
            {
                var r = line.Indicator;
                html.Append("<tr><th scope=\"row\">").Append(Html.Escape(r.Title));
                // The period, then whose figure it is, as on the national card, on one short line: a
                // préfet reading « 70 » could not tell it was DCPAF's (red team, préfet).
                var agencies = catalogue.TryGet(r.Id, out var indicator) ? catalogue.AgenciesOf(indicator) : [];
                var origin = agencies.Count == 0 ? null : (agencies.Count > 1 ? "sources : " : "source : ") + string.Join(", ", agencies.Select(a => catalogue.AgencyOf(a).Bare));
                var period = TerritoryView.Covered(r, catalogue) is { } span ? TerritoryView.Covering(span) : null;
                string[] said = [.. new[] { period, origin }.OfType<string>()];
                if (said.Length > 0)
                {
                    html.Append("<span class=\"periode\">").Append(Html.Escape(string.Join(" · ", said))).Append("</span>");
                }

                if (line.CountedBy is { } by)
                {
                    html.Append("<span class=\"compte\">").Append(Html.Escape(Counted(by, r))).Append("</span>");
                }

                html.Append("</th><td class=\"num\">")
                    .Append(Html.Escape(line.Value is { } v ? Shown(v, r, territory, catalogue) : "s"))
                    .Append("</td><td class=\"num\">").Append(Html.Escape(line.Rank is { } rank ? $"{Html.Rank(rank)}{(line.Tied ? " ex aequo" : "")} sur {FrenchFormat.Number(line.Peers)}" : line is { CountedInNational: false, Value: not null } ? "hors champ" : "—"))
                    .Append("</td><td class=\"num\">").Append(Html.Escape(line.ShareOfTarget is { } share ? FrenchFormat.Share(share) : "—"))
                    .Append("</td><td class=\"num\">").Append(Html.Escape(r.Actual is { } national ? Html.Value(national, r.Unit) : "—"))
                    .Append("<br><span class=\"portee\">").Append(Html.Escape(IndicatorCard.TerritoryName(TerritoryView.NationalOf(r, catalogue)))).Append(line.CountedInNational ? string.Empty : ",<br>sans ce territoire").Append("</span>") // two lines: on one, it widened its column and squeezed the titles in print (red team, préfet)
                    .Append("</td><td>").Append(Html.Badge(r.Status)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        WriteAbsent(html, dashboard, territory, catalogue);
        html.Append("<p class=\"colophon\">Période : celle du chiffre national, que couvre aussi la valeur du territoire (la dernière seulement pour un stock, comme les demandeurs d'emploi d'un mois). « s » : chiffre masqué par le secret statistique (" + SmallCountSuppression.Why + "), comme dans le tableau de bord national ; un chiffre masqué n'a pas de rang et n'est pas compté parmi les territoires classés. Rang : 1\u1D49\u02B3 pour la plus grande valeur parmi les territoires du niveau que compte le chiffre national ; des valeurs égales partagent le même rang (ex aequo) ; « hors champ » : un territoire que le chiffre national ne compte pas (un département d'outre-mer pour un chiffre de France métropolitaine) n'est pas classé.</p>\n")
            .Append("</main>\n</body>\n</html>\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Html.Typeset(html.ToString()));
    }
}
