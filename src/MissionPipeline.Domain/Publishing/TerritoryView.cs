using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Text;

namespace MissionPipeline.Publishing;

/// <summary>
/// The dashboard seen from one région or département (<c>GET /api/territories/{code}</c>), cut out of
/// a published snapshot and of nothing else: each indicator published at that level, with its
/// value as published (a cell hidden by small-count suppression stays <c>"s"</c>, so no view
/// tells more than the national snapshot, alone or combined with it), its rank among its peers (the
/// territories of the same level with a published value, 1 for the largest; none for a hidden
/// cell, and hidden cells are not counted, so ranks never hint at one), and, for a count whose
/// national target is a figure, the share of that target the territory delivered.
/// </summary>
public static class TerritoryView
{
    /// <summary>True for a code the view answers: a département or a région of 2009.</summary>
    public static bool Knows(Territory territory) =>
        territory.Kind == TerritoryKind.Departement ? Geography2009.Default.TryGetDepartement(territory, out _)
        : territory.Kind == TerritoryKind.Region && Geography2009.Default.RegionNames.ContainsKey(territory);

    /// <summary>The territory's name: « Paris », « Île-de-France », « Autriche »; its code when it has none here.</summary>
    public static string NameOf(Territory territory) =>
        Geography2009.Default.TryGetDepartement(territory, out var departement) ? departement.Name
        : Geography2009.Default.RegionNames.TryGetValue(territory, out var region) ? region
        : territory.Kind == TerritoryKind.Country && Countries.TryGetValue(territory.Code, out var country) ? country
        : territory.Code;

    // Eurostat's codes of the other member states of 2009 and of their neighbours in its tables, in
    // French (Eurostat's own labels are English). EL and UK are Eurostat's codes for Greece and the United Kingdom.
    private static readonly Dictionary<string, string> Countries = new(StringComparer.Ordinal)
    {
        ["AT"] = "Autriche", ["BE"] = "Belgique", ["BG"] = "Bulgarie", ["CY"] = "Chypre", ["CZ"] = "République tchèque",
        ["DE"] = "Allemagne", ["DK"] = "Danemark", ["EE"] = "Estonie", ["EL"] = "Grèce", ["ES"] = "Espagne",
        ["FI"] = "Finlande", ["HU"] = "Hongrie", ["IE"] = "Irlande", ["IT"] = "Italie",
        ["LT"] = "Lituanie", ["LU"] = "Luxembourg", ["LV"] = "Lettonie", ["MT"] = "Malte", ["NL"] = "Pays-Bas",
        ["PL"] = "Pologne", ["PT"] = "Portugal", ["RO"] = "Roumanie", ["SE"] = "Suède", ["SI"] = "Slovénie",
        ["SK"] = "Slovaquie", ["UK"] = "Royaume-Uni", ["CH"] = "Suisse", ["IS"] = "Islande", ["LI"] = "Liechtenstein",
        ["NO"] = "Norvège",
    };

    /// <summary>
    /// « écrivez DEP-59 (Nord) » for a code written as people write a territory rather than as the
    /// routes do: a bare département number (« 59 », « 2a », « 971 », « 062 »), a département's or
    /// région's name whatever its accents and case (« nord », « ile-de-france »), or a région as « R11 »,
    /// « REG11 », « REG-031 »; Corsica's and Mayotte's rules for « 20 », « 976 » and « Mayotte ». Null
    /// when nothing matches (red team, préfet: « 59 » and « nord » were told only what the form is).
    /// The name in parentheses, never « pour Nord » where French says « pour le Nord ».
    /// </summary>
    public static string? Suggest(string asked)
    {
        var text = asked.Trim();
        var number = System.Text.RegularExpressions.Regex.IsMatch(text, "^[0-9]{2,3}$") ? text.TrimStart('0') : text;
        if (Geography2009.Default.TryFindDepartement(number, out var departement))
        {
            return $"écrivez {departement.Territory.Code} ({departement.Name})";
        }

        static string Key(string name) => Text.TextNormalizer.Fold(name.Replace('-', ' ').Replace('\'', ' '));
        var wanted = Key(text);
        if (number is "20" or "976" || wanted == "mayotte")
        {
            return Geography2009.HintFor(wanted == "mayotte" ? "976" : number);
        }

        var region = System.Text.RegularExpressions.Regex.Match(text, @"^(?:R|REG)[ _-]?0*(\d{1,2})$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        if (region.Success && Territory.TryParse("REG-" + region.Groups[1].Value.PadLeft(2, '0'), out var byNumber) && Geography2009.Default.RegionNames.TryGetValue(byNumber, out var regionName))
        {
            return $"écrivez {byNumber.Code} ({regionName})";
        }

        if (Geography2009.Default.Departements.FirstOrDefault(d => Key(d.Name) == wanted) is { } named)
        {
            return $"écrivez {named.Territory.Code} ({named.Name})" + (Geography2009.Default.RegionNames.FirstOrDefault(r => Key(r.Value) == wanted) is { Value: not null } same ? $", ou {same.Key.Code} pour la région" : string.Empty);
        }

        return Geography2009.Default.RegionNames.FirstOrDefault(r => Key(r.Value) == wanted) is { Value: not null } regionNamed
            ? $"écrivez {regionNamed.Key.Code} ({regionNamed.Value})"
            : null;
    }

    /// <summary>Why <paramref name="asked"/> is no territory's code (shown as <paramref name="shown"/>), with what to write when <see cref="Suggest"/> knows.</summary>
    public static string Invalid(string asked, string shown) =>
        $"Territoire « {shown} » invalide : attendu un département ou une région de 2009, par exemple DEP-75, DEP-2A ou REG-11"
        + (Suggest(asked) is { } hint ? $" ; {hint}." : ".");

    /// <summary>
    /// Why a well-formed <paramref name="code"/> names no territory of 2009 (the API's 404 and
    /// <c>mission snapshot --territory</c>): echoed shortened, with what to write instead where the
    /// geography knows (a région of 2016, Mayotte, a département number that never was).
    /// </summary>
    public static string NotOf2009(string code) =>
        $"« {Echo.Shorten(code)} » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11)"
        + (Geography2009.Default.Instead(code) is { } instead ? $" : {instead}."
            : code.StartsWith("DEP-", StringComparison.OrdinalIgnoreCase) ? $" : {Geography2009.HintFor(code.Trim()[4..])}."
            // FR, FR-MET, FR-DOM: national figures, which the dashboard itself gives (they were told only what they are not).
            : Territory.TryParse(code, out var national) && national.Kind is TerritoryKind.France or TerritoryKind.Metropole or TerritoryKind.OutreMer
                ? $" : {national.Code} ({IndicatorCard.TerritoryName(national)}) est un territoire national, dont les chiffres sont ceux du tableau de bord national (« actual » et « territories » de chaque indicateur)."
                : ".");

    /// <summary>Whether a snapshot has a page for <paramref name="territory"/>: one indicator at least is published at its level.</summary>
    public static bool HasPage(Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue) =>
        Lines(dashboard, territory, catalogue).Count > 0;

    /// <summary>
    /// The territory's line of each indicator published at its level, in catalogue order: the
    /// published cell (null when hidden), its rank and the number of peers with a published value,
    /// and its share of the national target (a count whose target is a figure; else null).
    /// </summary>
    public static IReadOnlyList<TerritoryLine> Lines(Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue)
    {
        var lines = new List<TerritoryLine>();
        foreach (var r in dashboard.Indicators)
        {
            if (r.Territories.FirstOrDefault(t => t.Territory == territory) is not { } cell)
            {
                continue;
            }

            // Ranks compare the territories the national figure counts: Guyane's removals are no rival to
            // Nord's within France métropolitaine, and a territory outside it gets no rank (red team, préfet).
            var national = NationalOf(r, catalogue);
            var counted = CountedIn(territory, national);
            var peers = r.Territories.Where(t => t.Territory.Kind == territory.Kind && t.Value is not null && (national == Territory.France || CountedIn(t.Territory, national))).ToArray();
            // An overseas département's removals are no share of a metropolitan target.
            var share = counted && cell.Value is { } value && catalogue.TryGet(r.Id, out var indicator) && indicator.IsCount
                && r.Target is { Kind: TargetKind.AtLeast or TargetKind.AtMost, Value: > 0 } target
                ? Math.Round(value / target.Value!.Value, 6)
                : (double?)null;
            lines.Add(new TerritoryLine(r, cell.Value, counted && cell.Value is { } v ? 1 + peers.Count(p => p.Value > v) : null, peers.Length, share)
            {
                CountedInNational = counted,
                Tied = counted && cell.Value is { } own && peers.Count(p => p.Value == own) > 1,
                CountedBy = CountedBy(dashboard, r, territory, catalogue),
            });
        }

        return lines;
    }

    /// <summary>
    /// For a département, whether the count of départements over a threshold built on <paramref name="input"/>
    /// counted it in its latest period, and by which value of that period (the line shows the window's).
    /// </summary>
    private static CountedBy? CountedBy(Dashboard dashboard, IndicatorResult input, Territory territory, IndicatorCatalogue catalogue)
    {
        if (territory.Kind != TerritoryKind.Departement)
        {
            return null;
        }

        foreach (var r in dashboard.Indicators)
        {
            if (r.Counted is { } counted && catalogue.TryGet(r.Id, out var count) && count.Derivation?.Of is [var of] && of == input.Id)
            {
                var value = counted.Territories.FirstOrDefault(t => t.Territory == territory)?.Value;
                return new CountedBy(r, counted.Period, counted.Threshold, value, counted.Counts(value), counted.Over.Count());
            }
        }

        return null;
    }

    /// <summary>
    /// The indicators of the snapshot with no line for <paramref name="territory"/>, each with the
    /// reason, in catalogue order: a préfet looking for his DILF rate learns it is sent nationally only.
    /// </summary>
    public static IReadOnlyList<AbsentLine> Absent(Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue)
    {
        var absent = new List<AbsentLine>();
        foreach (var r in dashboard.Indicators)
        {
            if (r.Territories.Any(t => t.Territory == territory) || !catalogue.TryGet(r.Id, out var indicator))
            {
                continue;
            }

            // Outside the figure's territory first: Guadeloupe's page sent its préfet to « the pages of its
            // départements » for a figure of France métropolitaine, which Guadeloupe's page then said did
            // not count it (red team, préfet); a figure of the métropole only is not « national only » for it either.
            var level = territory.Kind == TerritoryKind.Departement ? ScopeGroup.Departements : ScopeGroup.Regions;
            var reason = !CountedIn(territory, indicator.Headline) ? AbsenceReason.OutsideNationalScope
                : !indicator.Scope.Any(s => s.Group == level) ? AbsenceReason.NotAtThisLevel
                : r.Territories.Any(t => t.Territory.Kind == territory.Kind) ? AbsenceReason.NoFigureHere
                : AbsenceReason.NoFigureAtThisLevel;
            absent.Add(new AbsentLine(r, reason));
        }

        return absent;
    }

    /// <summary>The reason as the JSON writes it: <c>not-at-this-level</c>, <c>outside-national-scope</c>, <c>no-figure-at-this-level</c>, <c>no-figure-here</c>.</summary>
    public static string Code(AbsenceReason reason) => reason switch
    {
        AbsenceReason.NotAtThisLevel => "not-at-this-level",
        AbsenceReason.OutsideNationalScope => "outside-national-scope",
        AbsenceReason.NoFigureAtThisLevel => "no-figure-at-this-level",
        _ => "no-figure-here",
    };

    /// <summary>
    /// The periods the national figure covers, which the window gives every territory's value too: the
    /// first and last received, or the last alone for a figure of its latest period (a stock); null when none.
    /// </summary>
    public static (Periods.Period From, Periods.Period To)? Covered(IndicatorResult r, IndicatorCatalogue catalogue) =>
        Covered(r, catalogue.TryGet(r.Id, out var indicator) ? indicator : null);

    /// <summary>As above, for the catalogue's <paramref name="indicator"/> of <paramref name="r"/> (null: a flow).</summary>
    public static (Periods.Period From, Periods.Period To)? Covered(IndicatorResult r, Indicator? indicator) =>
        r.PeriodsReported.Count == 0 ? null
        : indicator?.FigureIsLatestPeriod == true ? (r.PeriodsReported.Max(), r.PeriodsReported.Max())
        : (r.PeriodsReported.Min(), r.PeriodsReported.Max());

    /// <summary>« janvier 2009 – décembre 2009 », or one period alone (« décembre 2009 »).</summary>
    public static string Covering((Periods.Period From, Periods.Period To) span) =>
        span.From == span.To ? FrenchFormat.Period(span.To) : FrenchFormat.Period(span.From) + " – " + FrenchFormat.Period(span.To);

    /// <summary>
    /// The territory of an indicator's national figure (<see cref="IndicatorResult.Actual"/>): its
    /// headline, France entière or France métropolitaine as the catalogue says. An overseas
    /// département is not part of a métropole figure: the pages say which one it is.
    /// </summary>
    public static Territory NationalOf(IndicatorResult indicator, IndicatorCatalogue catalogue) =>
        catalogue.TryGet(indicator.Id, out var known) ? known.Headline : Territory.France;

    /// <summary>Whether <paramref name="territory"/> (a département or a région) lies within <paramref name="national"/>: Guyane does not within France métropolitaine.</summary>
    public static bool CountedIn(Territory territory, Territory national) =>
        // Kept per pair (a few hundred: 126 territories, a few national scopes): each page and map asks it
        // for every peer of every indicator, and the answer scans the 100 départements (review).
        Counted.GetOrAdd((territory, national), static key =>
            Geography2009.Default.Departements.Where(d => d.Territory == key.Item1 || d.Region == key.Item1).Any(d => TerritoryRollup.Covers(key.Item2, d)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Territory, Territory), bool> Counted = new();

    /// <summary>The view as JSON, for a territory <see cref="Knows"/> accepts.</summary>
    public static byte[] Write(Dashboard dashboard, Territory territory, IndicatorCatalogue catalogue)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("asOf", dashboard.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("territory", territory.Code);
            w.WriteString("name", NameOf(territory));
            w.WriteString("level", territory.Kind == TerritoryKind.Departement ? "departement" : "region");
            // How recent the files behind it are, as the national dashboard says (red team, préfet).
            if (dashboard.LatestReceipt is { } latest)
            {
                w.WriteString("latestReceipt", Text.IsoInstant.Write(latest));
            }
            else
            {
                w.WriteNull("latestReceipt");
            }

            if (Geography2009.Default.TryGetDepartement(territory, out var departement))
            {
                w.WriteString("region", departement.Region.Code);
            }

            w.WriteStartArray("indicators");
            foreach (var line in Lines(dashboard, territory, catalogue))
            {
                var r = line.Indicator;
                w.WriteStartObject();
                w.WriteString("id", r.Id.Value);
                w.WriteNumber("axis", r.Axis);
                w.WriteString("title", r.Title);
                w.WriteString("unit", r.Unit);
                w.WriteStartArray("agencies");
                foreach (var agency in catalogue.TryGet(r.Id, out var indicator) ? catalogue.AgenciesOf(indicator) : [])
                {
                    w.WriteStringValue(agency.Value);
                }

                w.WriteEndArray();
                if (line.Value is { } value)
                {
                    w.WriteNumber("value", value);
                }
                else
                {
                    w.WriteString("value", "s");
                }

                if (Covered(r, catalogue) is var (from, to))
                {
                    w.WriteString("periodFrom", from.ToString());
                    w.WriteString("periodTo", to.ToString());
                }
                else
                {
                    w.WriteNull("periodFrom");
                    w.WriteNull("periodTo");
                }

                w.WriteNumberOrNull("rank", line.Rank);
                w.WriteBoolean("tied", line.Tied);
                w.WriteNumberOrNull("shareOfTarget", line.ShareOfTarget);
                w.WriteNumber("peers", line.Peers);
                w.WriteNumberOrNull("national", r.Actual);
                w.WriteString("nationalTerritory", NationalOf(r, catalogue).Code);
                w.WriteBoolean("countedInNational", line.CountedInNational);
                w.WriteString("status", r.Status.Code());
                if (line.CountedBy is { } by)
                {
                    w.WriteStartObject("countedBy");
                    w.WriteString("indicator", by.Count.Id.Value);
                    w.WriteString("period", by.Period.ToString());
                    w.WriteNumber("threshold", by.Threshold);
                    w.WriteNumberOrNull("value", by.Value);
                    w.WriteBoolean("counted", by.IsCounted);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("countedBy");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("absent");
            foreach (var line in Absent(dashboard, territory, catalogue))
            {
                w.WriteStartObject();
                w.WriteString("id", line.Indicator.Id.Value);
                w.WriteString("title", line.Indicator.Title);
                w.WriteString("reason", Code(line.Reason));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

}

/// <summary>Why an indicator has no line on a territory's page.</summary>
public enum AbsenceReason
{
    /// <summary>The catalogue publishes it at other levels only (nationally, or by département for a région).</summary>
    NotAtThisLevel,

    /// <summary>Its national figure is France métropolitaine's, which an overseas territory is not part of.</summary>
    OutsideNationalScope,

    /// <summary>Published at this level, but no figure of this level was received for the snapshot's window.</summary>
    NoFigureAtThisLevel,

    /// <summary>Other territories of this level have a figure; this one has none for the snapshot's window.</summary>
    NoFigureHere,
}

/// <summary>An indicator with no line on a territory's page, and why.</summary>
public sealed record AbsentLine(IndicatorResult Indicator, AbsenceReason Reason);

/// <summary>
/// What a count of départements over a threshold (<see cref="Count"/>) made of a département in its
/// latest <see cref="Period"/>: its <see cref="Value"/> of that period (null: none that period), whether it
/// is <see cref="IsCounted"/>, and how many were (<see cref="Total"/>).
/// </summary>
public sealed record CountedBy(IndicatorResult Count, Periods.Period Period, double Threshold, double? Value, bool IsCounted, int Total);

/// <summary>One indicator seen from a territory: its published cell (null: hidden), its rank among the <see cref="Peers"/> with a published value, its share of the national target.</summary>
public sealed record TerritoryLine(IndicatorResult Indicator, double? Value, int? Rank, int Peers, double? ShareOfTarget)
{
    /// <summary>Whether the territory's figure is part of the national one (<see cref="TerritoryView.CountedIn"/>); else it has no share of the national target.</summary>
    public bool CountedInNational { get; init; } = true;

    /// <summary>Whether another peer has the same published value, and so the same <see cref="Rank"/> (ranks count the peers above: 25ᵉ for each of 41 equal ones).</summary>
    public bool Tied { get; init; }

    /// <summary>For a département's line of an indicator a count over a threshold is built on: what that count made of it; else null.</summary>
    public CountedBy? CountedBy { get; init; }
}
