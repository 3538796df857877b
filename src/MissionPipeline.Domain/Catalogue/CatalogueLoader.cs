using System.Globalization;
using System.Text.Json;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Catalogue;

/// <summary>Maps the catalogue JSON onto domain types, then checks it as a whole.</summary>
internal static class CatalogueLoader
{
    public static IndicatorCatalogue Parse(byte[] json, string hash)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new CatalogueException($"Catalogue: JSON invalide ({ex.Message}).");
        }

        using (document)
        {
            var root = document.RootElement;
            var agencies = Array(root, "agencies", "catalogue").Select(a =>
            {
                var id = String(a, "id", "agency");
                if (!AgencyId.IsValid(id))
                {
                    throw new CatalogueException($"Catalogue: agency id '{id}' is not valid (lower-case letters, digits, hyphens).");
                }

                return new Agency(new AgencyId(id), String(a, "name", id), String(a, "said", id));
            }).ToArray();
            var axes = Array(root, "axes", "catalogue").Select(a => new Axis(a.GetProperty("number").GetInt32(), String(a, "title", "axis"))).ToArray();
            var indicators = Array(root, "indicators", "catalogue").Select(ParseIndicator).ToArray();
            Check(agencies, axes, indicators);
            return new IndicatorCatalogue(String(root, "id", "catalogue"), String(root, "title", "catalogue"), agencies, axes, indicators, hash);
        }
    }

    private static Indicator ParseIndicator(JsonElement e)
    {
        var idText = String(e, "id", "indicator");
        if (!IndicatorId.IsValid(idText))
        {
            throw new CatalogueException($"Catalogue: '{idText}' is not a valid indicator id (snake_case ASCII).");
        }

        var id = idText;
        var aggregation = Enum<Aggregation>(e, "aggregation", id);
        var scope = Array(e, "scope", id).Select(s => ParseScope(s.GetString(), id)).ToArray();
        if (scope.Length == 0 || scope[0].Group != ScopeGroup.Territory)
        {
            throw new CatalogueException($"Catalogue: indicator '{id}' must start its scope with a single territory (its headline).");
        }

        return new Indicator(
            new IndicatorId(id),
            e.GetProperty("axis").GetInt32(),
            String(e, "title", id),
            String(e, "unit", id),
            aggregation,
            Optional(e, "derived") is { } d ? ParseDerivation(d, id) : null,
            scope,
            Optional(e, "national") is { } n ? ParseEnum<NationalValue>(n.GetString(), id, "national") : NationalValue.Reported,
            Array(e, "sources", id).Select(s => AgencyId.IsValid(s.GetString())
                ? new AgencyId(s.GetString()!)
                : throw new CatalogueException($"Catalogue: indicator '{id}' names an invalid agency id '{s.GetString()}'.")).ToArray(),
            Enum<Periodicity>(e, "periodicity", id),
            Optional(e, "dueDays")?.GetInt32() ?? 0,
            Optional(e, "direction") is { } dir ? ParseEnum<Direction>(dir.GetString(), id, "direction") : Direction.None,
            Optional(e, "target") is { } t ? ParseTarget(t, id) : null,
            Optional(e, "baseline") is { } b ? ParseBaseline(b, id) : null,
            Optional(e, "sensitive")?.GetBoolean() ?? false,
            String(e, "quote", id))
        {
            AlsoReportedAs = Optional(e, "alsoReportedAs") is { } also
                ? also.EnumerateArray().Select(p => ParseEnum<Periodicity>(p.GetString(), id, "alsoReportedAs")).ToArray()
                : [],
            Max = Optional(e, "max")?.GetDouble(),
        };
    }

    private static ScopeEntry ParseScope(string? text, string id) => text switch
    {
        "departements" => new ScopeEntry(ScopeGroup.Departements, null),
        "regions" => new ScopeEntry(ScopeGroup.Regions, null),
        "eu-countries" => new ScopeEntry(ScopeGroup.EuCountries, null),
        _ when Territory.TryParse(text, out var t) && Geography2009.Default.Knows(t) => new ScopeEntry(ScopeGroup.Territory, t),
        _ => throw new CatalogueException($"Catalogue: indicator '{id}' has an unknown territory '{text}' in its scope."),
    };

    private static Target ParseTarget(JsonElement t, string id)
    {
        var kind = Enum<TargetKind>(t, "kind", id);
        var value = Optional(t, "value")?.GetDouble();
        DateOnly? due = null;
        if (Optional(t, "due") is { } dueElement)
        {
            if (!DateOnly.TryParseExact(dueElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw new CatalogueException($"Catalogue: indicator '{id}' has a target date '{dueElement.GetString()}' that is not yyyy-MM-dd.");
            }

            due = d;
        }

        if (kind != TargetKind.Direction && due is null)
        {
            throw new CatalogueException($"Catalogue: indicator '{id}' has a {kind} target without a date (due).");
        }

        if (kind is TargetKind.AtLeast or TargetKind.AtMost or TargetKind.Trajectory && value is null)
        {
            throw new CatalogueException($"Catalogue: indicator '{id}' has a {kind} target without a value.");
        }

        return new Target(kind, value, due);
    }

    private static Baseline ParseBaseline(JsonElement b, string id)
    {
        var periodText = String(b, "period", id);
        if (!Period.TryParse(periodText, out var period))
        {
            throw new CatalogueException($"Catalogue: indicator '{id}' has a baseline period '{periodText}' that is not a period.");
        }

        return new Baseline(period, b.GetProperty("value").GetDouble());
    }

    private static Derivation ParseDerivation(JsonElement d, string id)
    {
        var kind = Enum<DerivationKind>(d, "kind", id);
        IndicatorId Ref(string? name) => IndicatorId.IsValid(name)
            ? new IndicatorId(name!)
            : throw new CatalogueException($"Catalogue: derived indicator '{id}' names an invalid indicator id '{name}'.");
        IReadOnlyList<Territory> territories = Optional(d, "territories") is { } ts
            ? ts.EnumerateArray().Select(x => ParseScope(x.GetString(), id).Territory ?? throw new CatalogueException($"Catalogue: derived indicator '{id}' lists a group where a territory is expected.")).ToArray()
            : [];
        Territory? total = Optional(d, "total") is { } tot ? ParseScope(tot.GetString(), id).Territory
            : Optional(d, "territory") is { } ter ? ParseScope(ter.GetString(), id).Territory : null;
        var of = kind switch
        {
            DerivationKind.Sum => Array(d, "of", id).Select(x => Ref(x.GetString())).ToArray(),
            DerivationKind.Ratio => [Ref(String(d, "numerator", id)), Ref(String(d, "denominator", id))],
            _ => new[] { Ref(String(d, "of", id)) },
        };
        return new Derivation(kind, of, territories, total, Optional(d, "threshold")?.GetDouble());
    }

    private static void Check(Agency[] catalogueAgencies, Axis[] catalogueAxes, Indicator[] indicators)
    {
        var seen = new HashSet<IndicatorId>();
        foreach (var indicator in indicators)
        {
            if (!seen.Add(indicator.Id))
            {
                throw new CatalogueException($"Catalogue: indicator id '{indicator.Id}' is defined twice.");
            }
        }

        var agencies = new HashSet<AgencyId>();
        foreach (var agency in catalogueAgencies)
        {
            if (!agencies.Add(agency.Id))
            {
                throw new CatalogueException($"Catalogue: agency '{agency.Id}' is defined twice.");
            }
        }

        var axes = catalogueAxes.Select(a => a.Number).ToHashSet();
        foreach (var indicator in indicators)
        {
            if (!axes.Contains(indicator.Axis))
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' belongs to axis {indicator.Axis}, which is not defined.");
            }

            foreach (var source in indicator.Sources.Where(s => !agencies.Contains(s)))
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' names an unknown agency '{source}'.");
            }

            if ((indicator.Aggregation == Aggregation.Derived) != (indicator.Derivation is not null))
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' must have a 'derived' definition exactly when its aggregation is 'derived'.");
            }

            if (indicator.Aggregation != Aggregation.Derived && indicator.Sources.Count == 0)
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' has no source agency.");
            }

            foreach (var input in indicator.Derivation?.Of ?? [])
            {
                if (!seen.Contains(input))
                {
                    throw new CatalogueException($"Catalogue: derived indicator '{indicator.Id}' names an unknown indicator '{input}'.");
                }

                if (input == indicator.Id)
                {
                    throw new CatalogueException($"Catalogue: derived indicator '{indicator.Id}' is defined from itself.");
                }
            }

            if (indicator.Target?.Kind == TargetKind.Trajectory && indicator.Baseline is null)
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' has a trajectory target without a baseline to start from.");
            }

            if (indicator.Target?.Kind == TargetKind.Milestone != (indicator.Aggregation == Aggregation.Milestone))
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' must have a milestone target exactly when its aggregation is 'milestone'.");
            }

            if (string.IsNullOrWhiteSpace(indicator.Quote))
            {
                throw new CatalogueException($"Catalogue: indicator '{indicator.Id}' has no quote from the letter.");
            }
        }
    }

    private static JsonElement[] Array(JsonElement e, string name, string owner) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().ToArray()
            : throw new CatalogueException($"Catalogue: '{owner}' has no '{name}' list.");

    private static string String(JsonElement e, string name, string owner) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.GetString())
            ? p.GetString()!
            : throw new CatalogueException($"Catalogue: '{owner}' has no '{name}'.");

    private static JsonElement? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p : null;

    private static T Enum<T>(JsonElement e, string name, string owner)
        where T : struct, Enum => ParseEnum<T>(String(e, name, owner), owner, name);

    private static T ParseEnum<T>(string? text, string owner, string field)
        where T : struct, Enum =>
        System.Enum.TryParse<T>((text ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var v)
            ? v
            : throw new CatalogueException($"Catalogue: '{owner}' has an unknown {field} '{text}' (expected one of {string.Join(", ", System.Enum.GetNames<T>())}).");
}
