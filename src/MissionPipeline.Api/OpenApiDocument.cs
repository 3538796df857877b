namespace MissionPipeline.Api;

/// <summary>
/// The OpenAPI 3.1 document of the API (<c>openapi.json</c>, embedded in this assembly): every route
/// of <see cref="ApiRoutes.All"/> with the schema of each response (JSON, CSV, workbook, HTML,
/// problem). Written by hand so that it reads as documentation; tests keep it true: its paths are
/// exactly the hosts' routes, Redocly's recommended rules pass on it, and real responses of both
/// hosts validate against its schemas.
/// </summary>
public static class OpenApiDocument
{
    public static byte[] Bytes { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("MissionPipeline.Api.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in MissionPipeline.Api.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
