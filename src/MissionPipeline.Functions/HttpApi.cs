using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MissionPipeline.Api;

namespace MissionPipeline.Functions;

/// <summary>
/// The HTTP API in Azure: each function takes its name, method and route from <see cref="ApiRoutes"/>
/// and hands the request to the endpoint both hosts share, through the same <see cref="ApiGate"/>
/// as <c>mission serve</c> (the key, then the endpoint, its failures as problems). Functions' own
/// keys are not used (anonymous level): the gate checks the API's keys, the same way in both hosts.
/// Each GET function also takes HEAD (<see cref="ApiRoute.Methods"/>), declared: the host does not
/// add it to a GET trigger and answers 404 (azure-functions-host#11625). The worker's Kestrel drops the body.
/// </summary>
public sealed class HttpApi(ApiGate gate, ApiEndpoints endpoints)
{
    [Function(ApiRoutes.Dashboard.Name)]
    public Task<IActionResult> GetDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Dashboard.Template)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Dashboard.Name, request, () => endpoints.Dashboard.GetDashboard(request, cancellationToken).AsTask());

    [Function(ApiRoutes.DashboardAt.Name)]
    public Task<IActionResult> GetDashboardAt(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.DashboardAt.Template)] HttpRequest request, string asOf, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.DashboardAt.Name, request, () => endpoints.Dashboard.GetDashboardAt(request, asOf, cancellationToken).AsTask());

    [Function(ApiRoutes.Indicator.Name)]
    public Task<IActionResult> GetIndicator(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Indicator.Template)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Indicator.Name, request, () => endpoints.Dashboard.GetIndicator(request, id, cancellationToken));

    [Function(ApiRoutes.Revisions.Name)]
    public Task<IActionResult> GetIndicatorRevisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Revisions.Template)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Revisions.Name, request, () => endpoints.Dashboard.GetRevisions(request, id, cancellationToken));

    [Function(ApiRoutes.Territory.Name)]
    public Task<IActionResult> GetTerritory(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Territory.Template)] HttpRequest request, string code, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Territory.Name, request, () => endpoints.Dashboard.GetTerritory(request, code, cancellationToken));

    [Function(ApiRoutes.TerritoryAt.Name)]
    public Task<IActionResult> GetTerritoryAt(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.TerritoryAt.Template)] HttpRequest request, string asOf, string code, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.TerritoryAt.Name, request, () => endpoints.Dashboard.GetTerritoryAt(request, asOf, code, cancellationToken));

    [Function(ApiRoutes.TerritoryPage.Name)]
    public Task<IActionResult> GetTerritoryPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.TerritoryPage.Template)] HttpRequest request, string code, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.TerritoryPage.Name, request, () => endpoints.Dashboard.GetTerritoryPage(request, code, cancellationToken));

    [Function(ApiRoutes.TerritoryPageAt.Name)]
    public Task<IActionResult> GetTerritoryPageAt(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.TerritoryPageAt.Template)] HttpRequest request, string asOf, string code, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.TerritoryPageAt.Name, request, () => endpoints.Dashboard.GetTerritoryPageAt(request, asOf, code, cancellationToken));

    [Function(ApiRoutes.SnapshotList.Name)]
    public Task<IActionResult> GetSnapshots(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.SnapshotList.Template)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.SnapshotList.Name, request, () => endpoints.Snapshots.GetSnapshots(request, cancellationToken));

    [Function(ApiRoutes.Approve.Name)]
    public Task<IActionResult> PostApproveSnapshot(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Post, Route = ApiRoutes.Approve.Template)] HttpRequest request, string asOf, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Approve.Name, request, () => endpoints.Snapshots.PostApprove(request, asOf, cancellationToken));

    [Function(ApiRoutes.Withdraw.Name)]
    public Task<IActionResult> PostWithdrawApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Post, Route = ApiRoutes.Withdraw.Template)] HttpRequest request, string asOf, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Withdraw.Name, request, () => endpoints.Snapshots.PostWithdraw(request, asOf, cancellationToken));

    [Function(ApiRoutes.SnapshotAccess.Name)]
    public Task<IActionResult> GetSnapshotAccess(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.SnapshotAccess.Template)] HttpRequest request, string asOf, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.SnapshotAccess.Name, request, () => endpoints.Snapshots.GetAccess(request, asOf, cancellationToken));

    [Function(ApiRoutes.Ingestions.Name)]
    public Task<IActionResult> GetIngestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Ingestions.Template)] HttpRequest request, string agency, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Ingestions.Name, request, () => endpoints.Ingestions.GetIngestions(request, agency, cancellationToken), agency);

    [Function(ApiRoutes.Ingestion.Name)]
    public Task<IActionResult> GetIngestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Ingestion.Template)] HttpRequest request, string agency, string ingestId, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Ingestion.Name, request, () => endpoints.Ingestions.GetIngestion(request, agency, ingestId, cancellationToken), agency);

    [Function(ApiRoutes.Completeness.Name)]
    public Task<IActionResult> GetCompleteness(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Completeness.Template)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Completeness.Name, request, () => endpoints.Dashboard.GetCompleteness(request, cancellationToken));

    [Function(ApiRoutes.Recompute.Name)]
    public Task<IActionResult> PostRecompute(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Post, Route = ApiRoutes.Recompute.Template)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Recompute.Name, request, () => endpoints.Operations.PostRecompute(request, cancellationToken));

    [Function(ApiRoutes.Health.Name)]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.Health.Template)] HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(ApiRoutes.Health.Name, request, () => endpoints.Operations.GetHealth(request, cancellationToken));

    [Function(ApiRoutes.OpenApi.Name)]
    public Task<IActionResult> GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Get, ApiRoutes.Head, Route = ApiRoutes.OpenApi.Template)] HttpRequest request) =>
        RunAsync(ApiRoutes.OpenApi.Name, request, () => Task.FromResult(endpoints.Operations.GetOpenApi(request)));

    /// <summary>Any other path under /api/: the same 404 problem as <c>mission serve</c> (the host tries this catch-all route last).</summary>
    [Function(ApiRoutes.Unknown.Name)]
    public IActionResult NotFound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", Route = ApiRoutes.Unknown.Template)] HttpRequest request) =>
        new EndpointResult(Problems.ForStatus(StatusCodes.Status404NotFound, request.Path));

    private async Task<IActionResult> RunAsync(string route, HttpRequest request, Func<Task<IResult>> endpoint, string? agency = null) =>
        new EndpointResult(await gate.RunAsync(ApiRoutes.Named(route), request, endpoint, agency).ConfigureAwait(false));
}

/// <summary>Runs a shared endpoint's <see cref="IResult"/> as the <see cref="IActionResult"/> the Functions host expects.</summary>
public sealed class EndpointResult(IResult result) : IActionResult
{
    public IResult Result => result;

    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
