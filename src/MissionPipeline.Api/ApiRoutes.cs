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
/// One route of the HTTP API: <see cref="Name"/> is the Azure Function's name, <see cref="Template"/>
/// the route under <c>/api/</c>, identical in both hosts.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Access Access, string Summary);

/// <summary>
/// The HTTP API of docs/architecture.md, the single list both hosts serve and the OpenAPI document
/// describes; tests prove the Functions' generated metadata and <c>mission serve</c> expose exactly
/// these routes.
/// </summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Dashboard = new("GetDashboard", "GET", "dashboard", Access.Dashboard,
        "Le dernier tableau de bord publié (JSON ; ?format=csv, csv&dialect=fr, xlsx ou html, ou Accept: text/csv).");

    public static readonly ApiRoute DashboardAt = new("GetDashboardAt", "GET", "dashboard/{asOf}", Access.Dashboard,
        "Le tableau de bord publié à une date (AAAA-MM-JJ) ; 404 s'il n'y en a pas.");

    public static readonly ApiRoute Indicator = new("GetIndicator", "GET", "indicators/{id}", Access.Dashboard,
        "Un indicateur du dernier tableau de bord, avec sa série et ses territoires.");

    public static readonly ApiRoute Ingestions = new("GetIngestions", "GET", "ingestions/{agency}", Access.Agency,
        "Les fichiers d'une agence, du plus récent au plus ancien, avec leur statut et leurs comptes.");

    public static readonly ApiRoute Ingestion = new("GetIngestion", "GET", "ingestions/{agency}/{ingestId}", Access.Agency,
        "Le rapport d'intégration d'un fichier.");

    public static readonly ApiRoute Completeness = new("GetCompleteness", "GET", "completeness", Access.Dashboard,
        "Par agence et indicateur : périodes attendues, reçues, en retard (jours).");

    public static readonly ApiRoute Recompute = new("PostRecompute", "POST", "recompute", Access.Admin,
        "Recalcule et publie maintenant (?asOf=AAAA-MM-JJ, ?republish=true) ; clé d'administration.");

    public static readonly ApiRoute Health = new("GetHealth", "GET", "health", Access.Anonymous,
        "Stockage joignable, âge du dernier tableau de bord publié.");

    public static readonly ApiRoute OpenApi = new("GetOpenApi", "GET", "openapi.json", Access.Anonymous,
        "Ce document OpenAPI 3.");

    /// <summary>
    /// Not a route of the API: what any other path under <c>/api/</c> answers (404 problem+json).
    /// The Functions app declares it as a catch-all function, which the host's routing tries last;
    /// <c>mission serve</c> maps it as its fallback.
    /// </summary>
    public static readonly ApiRoute Unknown = new("NotFound", "GET", "{*path}", Access.Anonymous, "Toute autre route : 404 au format problem+json.");

    public static IReadOnlyList<ApiRoute> All { get; } = [Dashboard, DashboardAt, Indicator, Ingestions, Ingestion, Completeness, Recompute, Health, OpenApi];
}
