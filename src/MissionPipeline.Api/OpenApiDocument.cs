using System.Text.Json;
using System.Text.RegularExpressions;

namespace MissionPipeline.Api;

/// <summary>
/// The OpenAPI 3 document of the API, generated from <see cref="ApiRoutes.All"/> so that it can never
/// describe a route that does not exist (a test checks it against the hosts' real routes).
/// </summary>
public static partial class OpenApiDocument
{
    public static byte[] Bytes { get; } = Build();

    private static byte[] Build()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("openapi", "3.0.3");
            w.WriteStartObject("info");
            w.WriteString("title", "MissionPipeline — tableau de bord de la lettre de mission du 31 mars 2009");
            w.WriteString("version", "1.0");
            w.WriteEndObject();
            w.WriteStartArray("servers");
            w.WriteStartObject();
            w.WriteString("url", "/api");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("paths");
            foreach (var group in ApiRoutes.All.GroupBy(r => r.Template))
            {
                w.WriteStartObject("/" + group.Key);
                foreach (var route in group)
                {
                    WriteOperation(w, route);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            WriteComponents(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteOperation(Utf8JsonWriter w, ApiRoute route)
    {
        w.WriteStartObject(route.Method.ToLowerInvariant());
        w.WriteString("operationId", route.Name);
        w.WriteString("summary", route.Summary);
        w.WriteStartArray("parameters");
        foreach (Match m in PathParameter().Matches(route.Template))
        {
            Parameter(w, m.Groups[1].Value, "path", required: true);
        }

        foreach (var query in QueryParameters(route))
        {
            Parameter(w, query, "query", required: false);
        }

        w.WriteEndArray();
        if (route.Access != Access.Anonymous)
        {
            w.WriteStartArray("security");
            w.WriteStartObject();
            w.WriteStartArray("apiKey");
            w.WriteEndArray();
            w.WriteEndObject();
            if (route.Access == Access.Dashboard)
            {
                // Anonymous unless the deployment sets a dashboard key.
                w.WriteStartObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("responses");
        Response(w, "200", "OK", problem: false);
        if (route.Method == "GET" && route.Access == Access.Dashboard)
        {
            w.WriteStartObject("304");
            w.WriteString("description", "Inchangé depuis l'ETag envoyé dans If-None-Match.");
            w.WriteEndObject();
        }

        foreach (var (code, text) in Errors(route))
        {
            Response(w, code, text, problem: true);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static IEnumerable<string> QueryParameters(ApiRoute route) => route.Name switch
    {
        "GetDashboard" or "GetDashboardAt" => ["format"],
        "PostRecompute" => ["asOf", "republish"],
        _ => [],
    };

    private static IEnumerable<(string Code, string Text)> Errors(ApiRoute route)
    {
        if (route.Template.Contains('{', StringComparison.Ordinal) || route.Name is "GetDashboard" or "PostRecompute")
        {
            yield return ("400", "Paramètre invalide.");
        }

        if (route.Access != Access.Anonymous)
        {
            yield return ("401", "Clé manquante (en-tête X-Api-Key).");
            yield return ("403", "Cette clé n'ouvre pas cette route.");
        }

        if (route.Method == "GET" && route.Name is not ("GetHealth" or "GetOpenApi"))
        {
            yield return ("404", "Introuvable.");
        }

        if (route.Name == "PostRecompute")
        {
            yield return ("409", "Un tableau de bord différent est déjà publié à cette date.");
        }

        if (route.Name == "GetHealth")
        {
            yield return ("503", "Stockage injoignable.");
        }
    }

    private static void Parameter(Utf8JsonWriter w, string name, string where, bool required)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("in", where);
        w.WriteBoolean("required", required);
        w.WriteStartObject("schema");
        w.WriteString("type", name == "republish" ? "boolean" : "string");
        if (name is "asOf")
        {
            w.WriteString("format", "date");
        }

        if (name == "format")
        {
            w.WriteStartArray("enum");
            w.WriteStringValue("json");
            w.WriteStringValue("csv");
            w.WriteStringValue("html");
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Response(Utf8JsonWriter w, string code, string description, bool problem)
    {
        w.WriteStartObject(code);
        w.WriteString("description", description);
        w.WriteStartObject("content");
        w.WriteStartObject(problem ? "application/problem+json" : "application/json");
        w.WriteStartObject("schema");
        w.WriteString("$ref", problem ? "#/components/schemas/Problem" : "#/components/schemas/Document");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteComponents(Utf8JsonWriter w)
    {
        w.WriteStartObject("components");
        w.WriteStartObject("securitySchemes");
        w.WriteStartObject("apiKey");
        w.WriteString("type", "apiKey");
        w.WriteString("in", "header");
        w.WriteString("name", ApiOptions.KeyHeader);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("schemas");
        w.WriteStartObject("Document");
        w.WriteString("type", "object");
        w.WriteString("description", "Voir docs/architecture.md : champs du tableau de bord (dashboard.json) et du rapport d'intégration.");
        w.WriteEndObject();
        w.WriteStartObject("Problem");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var (name, type) in new[] { ("type", "string"), ("title", "string"), ("status", "integer"), ("detail", "string") })
        {
            w.WriteStartObject(name);
            w.WriteString("type", type);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex PathParameter();
}
