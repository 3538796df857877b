using System.Text.Json;

namespace MissionPipeline.Publishing;

/// <summary>The one way every JSON the product writes gives a number that may be absent.</summary>
public static class JsonNumbers
{
    /// <summary>
    /// The number, or JSON null when it is absent (never omitted: field names are stable). Utf8JsonWriter
    /// formats doubles invariantly in the shortest round-trip form; −0 is written 0, since it would read "-0".
    /// </summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v == 0 ? 0 : v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
