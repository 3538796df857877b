using Microsoft.AspNetCore.Http;

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
/// The endpoint of a route as <c>mission serve</c> calls it: the request (its route values in
/// <see cref="HttpRequest.RouteValues"/>), the endpoints, and the request's cancellation. A plain
/// delegate, not one the framework binds: no service scope nor argument binding per request.
/// </summary>
public delegate ValueTask<IResult> ApiHandler(HttpRequest request, ApiEndpoints endpoints, CancellationToken cancellationToken);

/// <summary>The shared endpoints, resolved once per host (singletons): what every <see cref="ApiHandler"/> of <c>mission serve</c> and every function of the Functions app calls.</summary>
public sealed record ApiEndpoints(DashboardEndpoints Dashboard, SnapshotEndpoints Snapshots, IngestionEndpoints Ingestions, OperationEndpoints Operations);

/// <summary>
/// One route of the HTTP API: <see cref="Name"/> is the Azure Function's name and the OpenAPI
/// <c>operationId</c>, <see cref="Template"/> the route under <c>/api/</c>, identical in both hosts;
/// <see cref="Access"/> is enforced for every request by <see cref="ApiGate"/>; <see cref="Handler"/>
/// is the shared endpoint <c>mission serve</c> maps (the Functions app calls the same one from its
/// function). What it does is described once, in <c>openapi.json</c>.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Access Access, ApiHandler Handler, string Prefix = "/api/")
{
    /// <summary>The HTTP method as written on the wire (the Functions' attributes take it in lower case).</summary>
    public string Method { get; } = Method.ToUpperInvariant();

    /// <summary>
    /// Every method the route answers, as written on the wire: a GET route answers HEAD too, with the
    /// status and headers its GET would have (<c>ETag</c>, <c>Content-Length</c>, <c>Cache-Control</c>)
    /// and no body (RFC 9110, section 9.3.2), so <c>curl -I</c>, link checkers and caches learn
    /// whether a file changed without its bytes. The server drops the body; the endpoint runs as for GET.
    /// </summary>
    public IReadOnlyList<string> Methods { get; } = HttpMethods.IsGet(Method) ? [HttpMethods.Get, HttpMethods.Head] : [Method.ToUpperInvariant()];

    /// <summary>The path as a client writes it.</summary>
    public string Path => Prefix + Template;

    /// <summary>
    /// The query parameters the route reads, as <c>openapi.json</c> names them (a test keeps both
    /// the same). Under <c>/api/</c>, <see cref="ApiGate"/> refuses any other, and any given twice,
    /// with a 400: a parameter no route reads was answered as if absent
    /// (<c>/api/indicators/eloignements?asOf=2009-12-31</c> gave the latest figures, not those of that
    /// day). The pages at the root of <c>mission serve</c> ignore their query, as any static file.
    /// </summary>
    public IReadOnlyList<string> Query { get; init; } = [];

    /// <summary>True for a route whose answer is an HTML page (a territory's, the pages of <c>mission serve</c>); the dashboard's routes answer one for <c>?format=html</c>.</summary>
    public bool Page { get; init; }

    /// <summary>
    /// Whether this request asks for a page, so that a browser is shown its error as one
    /// (<see cref="Problems.ForPage"/>) rather than problem+json.
    /// </summary>
    public bool AnswersPage(HttpRequest request) =>
        Page || (Query.Contains("format") && request.QueryString.HasValue && string.Equals(request.Query["format"].ToString().Trim(), "html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The latest dashboard page, written relative to the request's address (as the pages' own links
    /// are, so that a prefix a gateway adds holds): <c>../dashboard?format=html</c> from
    /// <c>/api/territoires/DEP-20</c>, <c>../dashboard.html</c> from <c>mission serve</c>'s <c>/territoires/DEP-20</c>.
    /// </summary>
    public string HomeFrom(HttpRequest request)
    {
        var depth = Template.Count(c => c == '/') + (request.Path.Value is { Length: > 1 } path && path.EndsWith('/') ? 1 : 0);
        return string.Concat(Enumerable.Repeat("../", depth)) + (Prefix == "/api/" ? "dashboard?format=html" : "dashboard.html");
    }
}

/// <summary>
/// The HTTP API of docs/architecture.md, written once: each route's name, method and template are
/// constants here, which the Functions' attributes name (attributes take only constants), and
/// <see cref="All"/> lists them with their access and endpoint for <c>mission serve</c>. Tests prove
/// that the Functions' generated metadata, <c>mission serve</c> and the OpenAPI document expose
/// exactly these routes.
/// </summary>
public static class ApiRoutes
{
    public const string Get = "get";
    public const string Head = "head";
    public const string Post = "post";

    /// <summary><c>GET /api/dashboard</c>.</summary>
    public static class Dashboard
    {
        public const string Name = "GetDashboard";
        public const string Template = "dashboard";
    }

    /// <summary><c>GET /api/dashboard/{asOf}</c>.</summary>
    public static class DashboardAt
    {
        public const string Name = "GetDashboardAt";
        public const string Template = "dashboard/{asOf}";
    }

    /// <summary><c>GET /api/indicators/{id}</c>.</summary>
    public static class Indicator
    {
        public const string Name = "GetIndicator";
        public const string Template = "indicators/{id}";
    }

    /// <summary><c>GET /api/indicators/{id}/revisions</c>.</summary>
    public static class Revisions
    {
        public const string Name = "GetIndicatorRevisions";
        public const string Template = "indicators/{id}/revisions";
    }

    /// <summary><c>GET /api/territories/{code}</c>.</summary>
    public static class Territory
    {
        public const string Name = "GetTerritory";
        public const string Template = "territories/{code}";
    }

    /// <summary><c>GET /api/dashboard/{asOf}/territories/{code}</c>.</summary>
    public static class TerritoryAt
    {
        public const string Name = "GetTerritoryAt";
        public const string Template = "dashboard/{asOf}/territories/{code}";
    }

    /// <summary><c>GET /api/territoires/{code}</c>: the page where the maps of <c>GET /api/dashboard?format=html</c> lead.</summary>
    public static class TerritoryPage
    {
        public const string Name = "GetTerritoryPage";
        public const string Template = "territoires/{code}";
    }

    /// <summary><c>GET /api/dashboard/{asOf}/territoires/{code}</c>: the page where the maps of <c>GET /api/dashboard/{asOf}?format=html</c> lead.</summary>
    public static class TerritoryPageAt
    {
        public const string Name = "GetTerritoryPageAt";
        public const string Template = "dashboard/{asOf}/territoires/{code}";
    }

    /// <summary><c>GET /api/snapshots</c>.</summary>
    public static class SnapshotList
    {
        public const string Name = "GetSnapshots";
        public const string Template = "snapshots";
    }

    /// <summary><c>POST /api/snapshots/{asOf}/approve</c>.</summary>
    public static class Approve
    {
        public const string Name = "PostApproveSnapshot";
        public const string Template = "snapshots/{asOf}/approve";
    }

    /// <summary><c>POST /api/snapshots/{asOf}/withdraw</c>.</summary>
    public static class Withdraw
    {
        public const string Name = "PostWithdrawApproval";
        public const string Template = "snapshots/{asOf}/withdraw";
    }

    /// <summary><c>GET /api/snapshots/{asOf}/access</c>.</summary>
    public static class SnapshotAccess
    {
        public const string Name = "GetSnapshotAccess";
        public const string Template = "snapshots/{asOf}/access";
    }

    /// <summary><c>GET /api/ingestions/{agency}</c>.</summary>
    public static class Ingestions
    {
        public const string Name = "GetIngestions";
        public const string Template = "ingestions/{agency}";
    }

    /// <summary><c>GET /api/ingestions/{agency}/{ingestId}</c>.</summary>
    public static class Ingestion
    {
        public const string Name = "GetIngestion";
        public const string Template = "ingestions/{agency}/{ingestId}";
    }

    /// <summary><c>GET /api/completeness</c>.</summary>
    public static class Completeness
    {
        public const string Name = "GetCompleteness";
        public const string Template = "completeness";
    }

    /// <summary><c>POST /api/recompute</c>.</summary>
    public static class Recompute
    {
        public const string Name = "PostRecompute";
        public const string Template = "recompute";
    }

    /// <summary><c>GET /api/health</c>.</summary>
    public static class Health
    {
        public const string Name = "GetHealth";
        public const string Template = "health";
    }

    /// <summary><c>GET /api/openapi.json</c>.</summary>
    public static class OpenApi
    {
        public const string Name = "GetOpenApi";
        public const string Template = "openapi.json";
    }

    /// <summary>
    /// Not a route of the API: what any other path under <c>/api/</c> answers (404 problem+json).
    /// The Functions app declares it as a catch-all function; <c>mission serve</c> answers it after its
    /// routes, as any bodiless 404 (<c>ApiMapping</c>). Its name sorts after every other function's on purpose: the Functions host
    /// tries HTTP routes in the alphabetical order of their function names, not by precedence
    /// (azure-functions-host#9876), so a catch-all named before <c>PostRecompute</c> would take its
    /// requests. A test keeps it last.
    /// </summary>
    public static class Unknown
    {
        public const string Name = "ZzNotFound";
        public const string Template = "{*path}";
    }

    /// <summary>Every route both hosts serve, with who may call it and the endpoint that answers it.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new(Dashboard.Name, Get, Dashboard.Template, Access.Dashboard,
            static (r, e, ct) => e.Dashboard.GetDashboard(r, ct)) { Query = ["format", "dialect"] },
        new(DashboardAt.Name, Get, DashboardAt.Template, Access.Dashboard,
            static (r, e, ct) => e.Dashboard.GetDashboardAt(r, Value(r, "asOf"), ct)) { Query = ["format", "dialect"] },
        new(Indicator.Name, Get, Indicator.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetIndicator(r, Value(r, "id"), ct))),
        new(Revisions.Name, Get, Revisions.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetRevisions(r, Value(r, "id"), ct))) { Query = ["territory"] },
        new(Territory.Name, Get, Territory.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetTerritory(r, Value(r, "code"), ct))),
        new(TerritoryAt.Name, Get, TerritoryAt.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetTerritoryAt(r, Value(r, "asOf"), Value(r, "code"), ct))),
        new(TerritoryPage.Name, Get, TerritoryPage.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetTerritoryPage(r, Value(r, "code"), ct))) { Page = true },
        new(TerritoryPageAt.Name, Get, TerritoryPageAt.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetTerritoryPageAt(r, Value(r, "asOf"), Value(r, "code"), ct))) { Page = true },
        new(SnapshotList.Name, Get, SnapshotList.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Snapshots.GetSnapshots(r, ct))),
        new(Approve.Name, Post, Approve.Template, Access.Admin,
            static (r, e, ct) => new(e.Snapshots.PostApprove(r, Value(r, "asOf"), ct))) { Query = ["releaseAt"] },
        new(Withdraw.Name, Post, Withdraw.Template, Access.Admin,
            static (r, e, ct) => new(e.Snapshots.PostWithdraw(r, Value(r, "asOf"), ct))),
        new(SnapshotAccess.Name, Get, SnapshotAccess.Template, Access.Admin,
            static (r, e, ct) => new(e.Snapshots.GetAccess(r, Value(r, "asOf"), ct))),
        new(Ingestions.Name, Get, Ingestions.Template, Access.Agency,
            static (r, e, ct) => new(e.Ingestions.GetIngestions(r, Value(r, "agency"), ct))),
        new(Ingestion.Name, Get, Ingestion.Template, Access.Agency,
            static (r, e, ct) => new(e.Ingestions.GetIngestion(r, Value(r, "agency"), Value(r, "ingestId"), ct))),
        new(Completeness.Name, Get, Completeness.Template, Access.Dashboard,
            static (r, e, ct) => new(e.Dashboard.GetCompleteness(r, ct))),
        new(Recompute.Name, Post, Recompute.Template, Access.Admin,
            static (r, e, ct) => new(e.Operations.PostRecompute(r, ct))) { Query = ["asOf", "republish", "knownAt"] },
        new(Health.Name, Get, Health.Template, Access.Anonymous,
            static (r, e, ct) => new(e.Operations.GetHealth(r, ct))),
        new(OpenApi.Name, Get, OpenApi.Template, Access.Anonymous,
            static (r, e, _) => new(e.Operations.GetOpenApi(r))),
    ];

    /// <summary><c>GET /</c> of <c>mission serve</c>: the HTML page of the latest snapshot, read as the dashboard is.</summary>
    public static ApiRoute Page { get; } = new("Page", Get, string.Empty, Access.Dashboard,
        static (r, e, ct) => e.Dashboard.GetPage(r, ct), Prefix: "/") { Page = true };

    /// <summary><c>GET /dashboard.html</c> of <c>mission serve</c>: the same page, under the name the territory pages link back to (<c>../dashboard.html</c>).</summary>
    public static ApiRoute PageFile { get; } = new("PageFile", Get, "dashboard.html", Access.Dashboard,
        static (r, e, ct) => e.Dashboard.GetPage(r, ct), Prefix: "/") { Page = true };

    /// <summary><c>GET /territoires/{code}</c> (or <c>{code}.html</c>, as the maps link) of <c>mission serve</c>: the page of a département or région, from the latest snapshot, linking back to <c>/dashboard.html</c>.</summary>
    public static ApiRoute TerritoryPageFile { get; } = new("TerritoryPageFile", Get, TerritoryPage.Template, Access.Dashboard,
        static (r, e, ct) => new(e.Dashboard.GetTerritoryPageFile(r, Value(r, "code"), ct)), Prefix: "/") { Page = true };

    /// <summary>The pages <c>mission serve</c> adds to the API at its root, as a snapshot folder lays them out (the Functions app serves the API only).</summary>
    public static IReadOnlyList<ApiRoute> Pages { get; } = [Page, PageFile, TerritoryPageFile];

    /// <summary>The route's value of <paramref name="name"/>, a parameter of its template: the router matched it, so it is there (decoded, as the router gives it).</summary>
    private static string Value(HttpRequest request, string name) => request.RouteValues[name] as string ?? string.Empty;

    /// <summary>The route of that name (a function's name).</summary>
    public static ApiRoute Named(string name) =>
        All.Concat(Pages).FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No route {name}.", nameof(name));
}
