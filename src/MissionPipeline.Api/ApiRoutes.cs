namespace MissionPipeline.Api;

/// <summary>Who may call a route (see <see cref="ApiOptions"/>).</summary>
public enum Access
{
    Anonymous,
    Dashboard,
    Agency,
    Admin,
}

/// <summary>
/// One route of the HTTP API: <see cref="Name"/> is the Azure Function's name and the OpenAPI
/// <c>operationId</c>, <see cref="Template"/> the route under <c>/api/</c>, identical in both hosts.
/// What it does is described once, in <c>openapi.json</c>.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Access Access);

/// <summary>
/// The HTTP API of docs/architecture.md, the single list both hosts serve and the OpenAPI document
/// describes; tests prove the Functions' generated metadata and <c>mission serve</c> expose exactly
/// these routes.
/// </summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Dashboard = new("GetDashboard", "GET", "dashboard", Access.Dashboard);

    public static readonly ApiRoute DashboardAt = new("GetDashboardAt", "GET", "dashboard/{asOf}", Access.Dashboard);

    public static readonly ApiRoute Indicator = new("GetIndicator", "GET", "indicators/{id}", Access.Dashboard);

    public static readonly ApiRoute Ingestions = new("GetIngestions", "GET", "ingestions/{agency}", Access.Agency);

    public static readonly ApiRoute Ingestion = new("GetIngestion", "GET", "ingestions/{agency}/{ingestId}", Access.Agency);

    public static readonly ApiRoute Completeness = new("GetCompleteness", "GET", "completeness", Access.Dashboard);

    public static readonly ApiRoute Recompute = new("PostRecompute", "POST", "recompute", Access.Admin);

    public static readonly ApiRoute Health = new("GetHealth", "GET", "health", Access.Anonymous);

    public static readonly ApiRoute OpenApi = new("GetOpenApi", "GET", "openapi.json", Access.Anonymous);

    /// <summary>
    /// Not a route of the API: what any other path under <c>/api/</c> answers (404 problem+json).
    /// The Functions app declares it as a catch-all function; <c>mission serve</c> answers it from its
    /// status-code pages. Its name sorts after every other function's on purpose: the Functions host
    /// tries HTTP routes in the alphabetical order of their function names, not by precedence
    /// (azure-functions-host#9876), so a catch-all named before <c>PostRecompute</c> would take its
    /// requests. A test keeps it last.
    /// </summary>
    public static readonly ApiRoute Unknown = new("ZzNotFound", "GET", "{*path}", Access.Anonymous);

    public static IReadOnlyList<ApiRoute> All { get; } = [Dashboard, DashboardAt, Indicator, Ingestions, Ingestion, Completeness, Recompute, Health, OpenApi];
}
