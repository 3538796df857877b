using System.Text.Json;
using MissionPipeline.Api;
using MissionPipeline.Tests.Text;

namespace MissionPipeline.Tests.Api;

public sealed class OpenApiDocumentTests
{
    /// <summary>
    /// A dashboard builder reads the document's French as any page's: 84 of its sentences had a plain
    /// space before « : » or inside « » (red team, dashboard builder; the problems' details were typeset).
    /// </summary>
    [Fact]
    public void Bytes_EveryDescriptionSummaryAndTitle_TypesetAsFrenchIs()
    {
        using var document = JsonDocument.Parse(OpenApiDocument.Bytes);
        var texts = new List<(string Path, string Text)>();
        Collect(document.RootElement, "$", texts);

        Assert.True(texts.Count > 100, $"{texts.Count} texts"); // the walk reached the routes
        Assert.Empty(texts.SelectMany(t => FrenchTextRules.Violations(t.Text).Select(v => $"{t.Path}: {v}")));
    }

    private static void Collect(JsonElement element, string path, List<(string, string)> texts)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "description" or "summary" or "title" && property.Value.ValueKind == JsonValueKind.String)
                {
                    texts.Add(($"{path}.{property.Name}", property.Value.GetString()!));
                }
                else if (property.Name is not ("example" or "examples"))
                {
                    Collect(property.Value, $"{path}.{property.Name}", texts);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, $"{path}[{i++}]", texts);
            }
        }
    }
}
