using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

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

            var peers = r.Territories.Where(t => t.Territory.Kind == territory.Kind && t.Value is not null).ToArray();
            var counted = CountedIn(territory, NationalOf(r, catalogue));
            // An overseas département's removals are no share of a metropolitan target.
            var share = counted && cell.Value is { } value && catalogue.TryGet(r.Id, out var indicator) && indicator.IsCount
                && r.Target is { Kind: TargetKind.AtLeast or TargetKind.AtMost, Value: > 0 } target
                ? Math.Round(value / target.Value!.Value, 6)
                : (double?)null;
            lines.Add(new TerritoryLine(r, cell.Value, cell.Value is { } v ? 1 + peers.Count(p => p.Value > v) : null, peers.Length, share)
            {
                CountedInNational = counted,
                Tied = cell.Value is { } own && peers.Count(p => p.Value == own) > 1,
            });
        }

        return lines;
    }

    /// <summary>
    /// The territory of an indicator's national figure (<see cref="IndicatorResult.Actual"/>): its
    /// headline, France entière or France métropolitaine as the catalogue says. An overseas
    /// département is not part of a métropole figure: the pages say which one it is.
    /// </summary>
    public static Territory NationalOf(IndicatorResult indicator, IndicatorCatalogue catalogue) =>
        catalogue.TryGet(indicator.Id, out var known) ? known.Headline : Territory.France;

    /// <summary>Whether <paramref name="territory"/> (a département or a région) lies within <paramref name="national"/>: Guyane does not within France métropolitaine.</summary>
    public static bool CountedIn(Territory territory, Territory national) =>
        Geography2009.Default.Departements.Where(d => d.Territory == territory || d.Region == territory).Any(d => TerritoryRollup.Covers(national, d));

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
                if (line.Value is { } value)
                {
                    w.WriteNumber("value", value);
                }
                else
                {
                    w.WriteString("value", "s");
                }

                w.WriteNumberOrNull("rank", line.Rank);
                w.WriteNumberOrNull("shareOfTarget", line.ShareOfTarget);
                w.WriteNumber("peers", line.Peers);
                w.WriteNumberOrNull("national", r.Actual);
                w.WriteString("nationalTerritory", NationalOf(r, catalogue).Code);
                w.WriteBoolean("countedInNational", line.CountedInNational);
                w.WriteString("status", r.Status.Code());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

}

/// <summary>One indicator seen from a territory: its published cell (null: hidden), its rank among the <see cref="Peers"/> with a published value, its share of the national target.</summary>
public sealed record TerritoryLine(IndicatorResult Indicator, double? Value, int? Rank, int Peers, double? ShareOfTarget)
{
    /// <summary>Whether the territory's figure is part of the national one (<see cref="TerritoryView.CountedIn"/>); else it has no share of the national target.</summary>
    public bool CountedInNational { get; init; } = true;

    /// <summary>Whether another peer has the same published value, and so the same <see cref="Rank"/> (ranks count the peers above: 25ᵉ for each of 41 equal ones).</summary>
    public bool Tied { get; init; }
}
