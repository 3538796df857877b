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
            throw new CatalogueException($"Catalogue : JSON invalide ({ex.Message}).");
        }

        using (document)
        {
            var root = document.RootElement;
            var agencies = Array(root, "agencies", "catalogue").Select(a =>
            {
                var id = String(a, "id", "agency");
                if (!AgencyId.IsValid(id))
                {
                    throw new CatalogueException($"Catalogue : l'identifiant d'agence « {id} » n'est pas valide (minuscules, chiffres, tirets).");
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
            throw new CatalogueException($"Catalogue : « {idText} » n'est pas un identifiant d'indicateur valide (snake_case ASCII).");
        }

        var id = idText;
        var aggregation = Enum<Aggregation>(e, "aggregation", id);
        var scope = Array(e, "scope", id).Select(s => ParseScope(s.GetString(), id)).ToArray();
        if (scope.Length == 0 || scope[0].Group != ScopeGroup.Territory)
        {
            throw new CatalogueException($"Catalogue : le périmètre (scope) de l'indicateur « {id} » doit commencer par un territoire (son territoire principal).");
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
                : throw new CatalogueException($"Catalogue : l'indicateur « {id} » nomme un identifiant d'agence invalide « {s.GetString()} ».")).ToArray(),
            Enum<Periodicity>(e, "periodicity", id),
            Optional(e, "dueDays")?.GetInt32() ?? 0,
            Optional(e, "direction") is { } dir ? ParseEnum<Direction>(dir.GetString(), id, "direction") : Direction.None,
            Optional(e, "targets") is { } ts ? ts.EnumerateArray().Select(t => ParseTarget(t, id)).ToArray() : [],
            Optional(e, "baseline") is { } b ? ParseBaseline(b, id) : null,
            Optional(e, "sensitive")?.GetBoolean() ?? false,
            String(e, "quote", id))
        {
            AlsoReportedAs = Optional(e, "alsoReportedAs") is { } also
                ? also.EnumerateArray().Select(p => ParseEnum<Periodicity>(p.GetString(), id, "alsoReportedAs")).ToArray()
                : [],
            Max = Optional(e, "max")?.GetDouble(),
            Definitions = Optional(e, "definitions") is { } ds ? ds.EnumerateArray().Select(d => ParseDefinition(d, id)).ToArray() : [],
        };
    }

    private static ScopeEntry ParseScope(string? text, string id) => text switch
    {
        "departements" => new ScopeEntry(ScopeGroup.Departements, null),
        "regions" => new ScopeEntry(ScopeGroup.Regions, null),
        "eu-countries" => new ScopeEntry(ScopeGroup.EuCountries, null),
        _ when Territory.TryParse(text, out var t) && Geography2009.Default.Knows(t) => new ScopeEntry(ScopeGroup.Territory, t),
        _ => throw new CatalogueException($"Catalogue : l'indicateur « {id} » a un territoire inconnu « {text} » dans son périmètre."),
    };

    private static Target ParseTarget(JsonElement t, string id)
    {
        var kind = Enum<TargetKind>(t, "kind", id);
        var value = Optional(t, "value")?.GetDouble();
        var due = Optional(t, "due") is { } dueElement ? Date(dueElement, id, "due")
            : Optional(t, "year")?.GetInt32() is { } year ? new DateOnly(year, 12, 31)
            : (DateOnly?)null;
        var when = due is { } d ? d.Year.ToString(CultureInfo.InvariantCulture) : "sans date";
        if (kind != TargetKind.Direction && due is null)
        {
            throw new CatalogueException($"Catalogue : l'indicateur « {id} » a un objectif {kind.ToString().ToLowerInvariant()} sans date (due ou year).");
        }

        if (kind is TargetKind.AtLeast or TargetKind.AtMost or TargetKind.Trajectory && value is null)
        {
            throw new CatalogueException($"Catalogue : l'indicateur « {id} » a un objectif {when} sans valeur (value).");
        }

        if (Optional(t, "source") is not { } source || Optional(source, "reference")?.GetString() is not { Length: > 0 } reference || string.IsNullOrWhiteSpace(reference))
        {
            throw new CatalogueException($"Catalogue : l'objectif {when} de l'indicateur « {id} » n'a pas de source (source.reference : la lettre, un rapport, une réponse écrite).");
        }

        return new Target(kind, value, due)
        {
            Source = new TargetSource(reference, Optional(source, "quote")?.GetString()),
            Headline = Optional(t, "headline")?.GetBoolean() ?? true,
            Label = Optional(t, "label")?.GetString(),
        };
    }

    private static DefinitionVersion ParseDefinition(JsonElement d, string id)
    {
        foreach (var field in (string[])["aggregation", "scope", "sources", "unit"])
        {
            if (d.TryGetProperty(field, out _))
            {
                throw new CatalogueException($"Catalogue : une version de la définition de « {id} » change « {field} » : cela fait un autre indicateur, avec son propre identifiant.");
            }
        }

        var source = Optional(d, "source") is { } s && Optional(s, "reference")?.GetString() is { Length: > 0 } reference
            ? new TargetSource(reference, Optional(s, "quote")?.GetString())
            : throw new CatalogueException($"Catalogue : une version de la définition de « {id} » n'a pas de source (source.reference).");
        return new DefinitionVersion(
            Optional(d, "from") is { } from ? Date(from, id, "from") : null,
            Optional(d, "to") is { } to ? Date(to, id, "to") : null,
            String(d, "text", id),
            source)
        {
            Title = Optional(d, "title")?.GetString(),
        };
    }

    private static DateOnly Date(JsonElement e, string id, string field) =>
        DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new CatalogueException($"Catalogue : l'indicateur « {id} » a une date {field} « {e.GetString()} » qui n'est pas au format aaaa-mm-jj.");

    private static Baseline ParseBaseline(JsonElement b, string id)
    {
        var periodText = String(b, "period", id);
        if (!Period.TryParse(periodText, out var period))
        {
            throw new CatalogueException($"Catalogue : l'indicateur « {id} » a une période de référence « {periodText} » qui n'est pas une période.");
        }

        return new Baseline(period, b.GetProperty("value").GetDouble());
    }

    private static Derivation ParseDerivation(JsonElement d, string id)
    {
        var kind = Enum<DerivationKind>(d, "kind", id);
        IndicatorId Ref(string? name) => IndicatorId.IsValid(name)
            ? new IndicatorId(name!)
            : throw new CatalogueException($"Catalogue : l'indicateur calculé « {id} » nomme un identifiant d'indicateur invalide « {name} ».");
        IReadOnlyList<Territory> territories = Optional(d, "territories") is { } ts
            ? ts.EnumerateArray().Select(x => ParseScope(x.GetString(), id).Territory ?? throw new CatalogueException($"Catalogue : l'indicateur calculé « {id} » cite un groupe là où un territoire est attendu.")).ToArray()
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
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » est défini deux fois.");
            }
        }

        var agencies = new HashSet<AgencyId>();
        foreach (var agency in catalogueAgencies)
        {
            if (!agencies.Add(agency.Id))
            {
                throw new CatalogueException($"Catalogue : l'agence « {agency.Id} » est définie deux fois.");
            }
        }

        var axes = catalogueAxes.Select(a => a.Number).ToHashSet();
        foreach (var indicator in indicators)
        {
            if (!axes.Contains(indicator.Axis))
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » appartient à l'axe {indicator.Axis}, qui n'est pas défini.");
            }

            foreach (var source in indicator.Sources.Where(s => !agencies.Contains(s)))
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » nomme une agence inconnue « {source} ».");
            }

            if ((indicator.Aggregation == Aggregation.Derived) != (indicator.Derivation is not null))
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » doit avoir une définition « derived » exactement quand son agrégation est « derived ».");
            }

            if (indicator.Aggregation != Aggregation.Derived && indicator.Sources.Count == 0)
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » n'a aucune agence source.");
            }

            foreach (var input in indicator.Derivation?.Of ?? [])
            {
                if (!seen.Contains(input))
                {
                    throw new CatalogueException($"Catalogue : l'indicateur calculé « {indicator.Id} » nomme un indicateur inconnu « {input} ».");
                }

                if (input == indicator.Id)
                {
                    throw new CatalogueException($"Catalogue : l'indicateur calculé « {indicator.Id} » est défini à partir de lui-même.");
                }
            }

            if (indicator.Targets.Any(t => t.Kind == TargetKind.Trajectory) && indicator.Baseline is null)
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » a un objectif de trajectoire sans valeur de départ (baseline).");
            }

            if (indicator.Aggregation == Aggregation.Milestone
                ? indicator.Targets.Count == 0 || indicator.Targets.Any(t => t.Kind != TargetKind.Milestone)
                : indicator.Targets.Any(t => t.Kind == TargetKind.Milestone))
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » doit avoir des objectifs « milestone » exactement quand son agrégation est « milestone ».");
            }

            CheckYears(indicator);
            CheckDefinitions(indicator);

            if (string.IsNullOrWhiteSpace(indicator.Quote))
            {
                throw new CatalogueException($"Catalogue : l'indicateur « {indicator.Id} » n'a pas de citation de la lettre (quote).");
            }
        }
    }

    /// <summary>Each year has at most one headline target, and a target shown beside another has one to stand beside.</summary>
    private static void CheckYears(Indicator indicator)
    {
        foreach (var year in Target.Years)
        {
            var inForce = indicator.Targets.Where(t => t.AppliesIn(year, indicator.Baseline)).ToArray();
            var headlines = inForce.Count(t => t.Headline);
            if (headlines > 1)
            {
                throw new CatalogueException(string.Create(CultureInfo.InvariantCulture,
                    $"Catalogue : l'indicateur « {indicator.Id} » a {headlines} objectifs principaux en {year} ; un seul fixe le statut, marquez les autres « headline »: false."));
            }

            if (headlines == 0 && inForce.Length > 0)
            {
                throw new CatalogueException(string.Create(CultureInfo.InvariantCulture,
                    $"Catalogue : l'indicateur « {indicator.Id} » a en {year} un objectif secondaire sans objectif principal à côté duquel le montrer."));
            }
        }
    }

    /// <summary>The versions of a definition follow each other: the first open at its start, the last open at its end, each starting the day after the previous one ends.</summary>
    private static void CheckDefinitions(Indicator indicator)
    {
        var versions = indicator.Definitions;
        for (var i = 0; i < versions.Count; i++)
        {
            var v = versions[i];
            if (v.From is { } f && v.To is { } t && t < f)
            {
                throw new CatalogueException($"Catalogue : une version de la définition de « {indicator.Id} » finit ({t:yyyy-MM-dd}) avant de commencer ({f:yyyy-MM-dd}).");
            }

            if (i == 0 ? v.From is not null : v.From is null)
            {
                throw new CatalogueException(i == 0
                    ? $"Catalogue : la première version de la définition de « {indicator.Id} » ne doit pas avoir de date de début (elle vaut depuis toujours)."
                    : $"Catalogue : la version {i + 1} de la définition de « {indicator.Id} » n'a pas de date de début (from).");
            }

            if (i == versions.Count - 1 ? v.To is not null : v.To is null)
            {
                throw new CatalogueException(i == versions.Count - 1
                    ? $"Catalogue : la dernière version de la définition de « {indicator.Id} » ne doit pas avoir de date de fin (elle vaut jusqu'à la suivante)."
                    : $"Catalogue : la version {i + 1} de la définition de « {indicator.Id} » n'a pas de date de fin (to).");
            }

            if (i > 0 && versions[i - 1].To is { } previousEnd && v.From is { } start && start != previousEnd.AddDays(1))
            {
                throw new CatalogueException(start <= previousEnd
                    ? string.Create(CultureInfo.InvariantCulture, $"Catalogue : les versions {i} et {i + 1} de la définition de « {indicator.Id} » se chevauchent ({start:yyyy-MM-dd} ≤ {previousEnd:yyyy-MM-dd}).")
                    : string.Create(CultureInfo.InvariantCulture, $"Catalogue : entre les versions {i} et {i + 1} de la définition de « {indicator.Id} », aucune ne vaut du {previousEnd.AddDays(1):yyyy-MM-dd} au {start.AddDays(-1):yyyy-MM-dd}."));
            }
        }
    }

    private static JsonElement[] Array(JsonElement e, string name, string owner) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().ToArray()
            : throw new CatalogueException($"Catalogue : « {owner} » n'a pas de liste « {name} ».");

    private static string String(JsonElement e, string name, string owner) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.GetString())
            ? p.GetString()!
            : throw new CatalogueException($"Catalogue : « {owner} » n'a pas de champ « {name} ».");

    private static JsonElement? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p : null;

    private static T Enum<T>(JsonElement e, string name, string owner)
        where T : struct, Enum => ParseEnum<T>(String(e, name, owner), owner, name);

    private static T ParseEnum<T>(string? text, string owner, string field)
        where T : struct, Enum =>
        System.Enum.TryParse<T>((text ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var v)
            ? v
            : throw new CatalogueException($"Catalogue : « {owner} » a une valeur inconnue « {text} » pour {field} (valeurs possibles : {string.Join(", ", System.Enum.GetNames<T>())}).");
}
