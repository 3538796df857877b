using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using MissionPipeline.Api;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// The served OpenAPI document as a contract for real answers: finds the operation of a request
/// (path template and method), the response documented for its status and media type, and checks
/// a JSON body against that response's schema (JSON Schema 2020-12, as OpenAPI 3.1 writes it).
/// </summary>
internal static class OpenApiContract
{
    private static readonly JsonObject Document = JsonNode.Parse(OpenApiDocument.Bytes)!.AsObject();

    /// <summary>Null when the answer matches what the document says of it, else what differs.</summary>
    public static string? Check(HttpMethod method, string url, ApiAnswer answer)
    {
        var path = new Uri("http://host/" + url).AbsolutePath;
        var relative = path.StartsWith("/api/", StringComparison.Ordinal) ? path[4..] : path;
        var operation = Document["paths"]!.AsObject()
            .Where(p => new TemplateMatcher(TemplateParser.Parse(p.Key.TrimStart('/')), []).TryMatch(relative, new RouteValueDictionary()))
            .Select(p => p.Value![method.Method.ToLowerInvariant()])
            .FirstOrDefault(o => o is not null);
        if (operation is null)
        {
            return answer.Status == 404 ? null : $"{method} {path}: no operation in the document";
        }

        var response = Resolve(operation["responses"]![answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (response is null)
        {
            return $"{method} {path}: status {answer.Status} is not documented";
        }

        if (answer.Status == 304)
        {
            return null;
        }

        if (response["content"] is null)
        {
            // A response documented without a body (a redirection): none may come.
            return answer.Body.Length == 0 ? null : $"{method} {path} {answer.Status}: a body where the document says none";
        }

        var mediaType = (answer.ContentType ?? string.Empty).Split(';')[0].Trim();
        var content = response["content"]?[mediaType];
        if (content is null)
        {
            return $"{method} {path} {answer.Status}: media type {mediaType} is not documented";
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return null;
        }

        var schema = JsonSchema.FromText(Standalone(content["schema"]!));
        using var body = System.Text.Json.JsonDocument.Parse(answer.Body);
        var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? null
            : $"{method} {path} {answer.Status}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(5)
                .Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));
    }

    private static JsonNode? Resolve(JsonNode? node)
    {
        while (node?["$ref"] is { } reference)
        {
            node = reference.GetValue<string>().TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((JsonNode?)Document, (n, part) => n?[part.Replace("~1", "/", StringComparison.Ordinal)]);
        }

        return node;
    }

    /// <summary>A JSON Schema document for one response: the schema, with every component schema as its <c>$defs</c>.</summary>
    private static string Standalone(JsonNode schema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        return root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
    }
}
