using System.Text.Json;

namespace MissionPipeline.IntegrationTests.Functions;

/// <summary>
/// The Functions host cannot run on the build machines, so the bindings it would read are checked in
/// the <c>functions.metadata</c> the worker SDK generates at build time.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    [Fact]
    public void IngestUpload_IsAnEventGridBlobTriggerOnAgencyUploads()
    {
        var binding = Trigger("IngestUpload");

        Assert.Equal("blobTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("uploads/{agency}/{name}", binding.GetProperty("path").GetString());
        Assert.Equal("EventGrid", binding.GetProperty("source").GetString());
        Assert.Equal("DataStorage", binding.GetProperty("connection").GetString());
        // Bound to a BlobClient (deferred binding), never to byte[]/string: files can be hundreds of MB.
        Assert.Equal("True", binding.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString());
    }

    [Fact]
    public void RecomputeNightly_IsATimerOnTheScheduleSettingWithARetryPolicy()
    {
        var function = Function("RecomputeNightly");
        var binding = Trigger("RecomputeNightly");

        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("%RECOMPUTE_SCHEDULE%", binding.GetProperty("schedule").GetString());
        Assert.False(binding.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.GetBoolean());
        Assert.Equal("exponentialBackoff", function.GetProperty("retry").GetProperty("strategy").GetString());
    }

    [Fact]
    public void GetDashboard_IsAnHttpGetAndHeadOnRouteDashboard()
    {
        var binding = Trigger("GetDashboard");

        Assert.Equal("httpTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("dashboard", binding.GetProperty("route").GetString());
        Assert.Equal(["get", "head"], binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    /// <summary>Every HTTP function as "METHOD route", read from the generated metadata.</summary>
    public static IEnumerable<string> HttpRoutes() =>
        Functions.SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger" && b.GetProperty("route").GetString() != global::MissionPipeline.Api.ApiRoutes.Unknown.Template)
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} {b.GetProperty("route").GetString()}"));

    [Fact]
    public void HttpFunctions_AreAnonymousAtTheHostLevelAndNamedAsTheApiRoutes()
    {
        var http = Functions.Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger")).ToArray();

        Assert.Equal(global::MissionPipeline.Api.ApiRoutes.All.Select(r => r.Name).Append(global::MissionPipeline.Api.ApiRoutes.Unknown.Name).Order(), http.Select(f => f.GetProperty("name").GetString()!).Order());
        Assert.Equal("{*path}", Trigger(global::MissionPipeline.Api.ApiRoutes.Unknown.Name).GetProperty("route").GetString());
        // The host tries routes in the alphabetical order of function names: the catch-all must come last.
        var names = http.Select(f => f.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(global::MissionPipeline.Api.ApiRoutes.Unknown.Name, names.Order(StringComparer.Ordinal).Last());
        Assert.Equal(global::MissionPipeline.Api.ApiRoutes.Unknown.Name, names.Order(StringComparer.OrdinalIgnoreCase).Last());
        Assert.All(http, f => Assert.Equal("Anonymous", Trigger(f.GetProperty("name").GetString()!).GetProperty("authLevel").GetString()));
    }

    private static JsonElement Function(string name) => Functions.Single(f => f.GetProperty("name").GetString() == name);

    private static JsonElement Trigger(string name) =>
        Function(name).GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static JsonElement[] Load()
    {
        // The Functions project is a project reference: its generated metadata sits beside its build output.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Repo.Root, "src", "MissionPipeline.Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
