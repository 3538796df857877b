using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MissionPipeline.Api;

namespace MissionPipeline.Functions;

/// <summary>
/// The HTTP API in Azure: each function binds its route and hands the request to the endpoint both
/// hosts share (MissionPipeline.Api). Functions' own keys are not used (anonymous level): the API
/// checks its keys itself, the same way under <c>mission serve</c>. Names and routes must match
/// <see cref="ApiRoutes.All"/> (a test compares them with the generated metadata).
/// </summary>
public sealed class HttpApi(DashboardEndpoints dashboard, IngestionEndpoints ingestions, OperationEndpoints operations)
{
    [Function("GetDashboard")]
    public async Task<IActionResult> GetDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request, CancellationToken cancellationToken) =>
        await RunAsync(request, () => dashboard.GetDashboard(request, cancellationToken)).ConfigureAwait(false);

    [Function("GetDashboardAt")]
    public async Task<IActionResult> GetDashboardAt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{asOf}")] HttpRequest request, string asOf, CancellationToken cancellationToken) =>
        await RunAsync(request, () => dashboard.GetDashboardAt(request, asOf, cancellationToken)).ConfigureAwait(false);

    [Function("GetIndicator")]
    public async Task<IActionResult> GetIndicator(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "indicators/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await RunAsync(request, () => dashboard.GetIndicator(request, id, cancellationToken)).ConfigureAwait(false);

    [Function("GetIngestions")]
    public async Task<IActionResult> GetIngestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ingestions/{agency}")] HttpRequest request, string agency, CancellationToken cancellationToken) =>
        await RunAsync(request, () => ingestions.GetIngestions(request, agency, cancellationToken)).ConfigureAwait(false);

    [Function("GetIngestion")]
    public async Task<IActionResult> GetIngestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ingestions/{agency}/{ingestId}")] HttpRequest request, string agency, string ingestId, CancellationToken cancellationToken) =>
        await RunAsync(request, () => ingestions.GetIngestion(request, agency, ingestId, cancellationToken)).ConfigureAwait(false);

    [Function("GetCompleteness")]
    public async Task<IActionResult> GetCompleteness(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "completeness")] HttpRequest request, CancellationToken cancellationToken) =>
        await RunAsync(request, () => dashboard.GetCompleteness(request, cancellationToken)).ConfigureAwait(false);

    [Function("PostRecompute")]
    public async Task<IActionResult> PostRecompute(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "recompute")] HttpRequest request, CancellationToken cancellationToken) =>
        await RunAsync(request, () => operations.PostRecompute(request, cancellationToken)).ConfigureAwait(false);

    [Function("GetHealth")]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken) =>
        await RunAsync(request, () => operations.GetHealth(request, cancellationToken)).ConfigureAwait(false);

    [Function("GetOpenApi")]
    public IActionResult GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new EndpointResult(operations.GetOpenApi(request));

    /// <summary>Any other path under /api/: the same 404 problem as <c>mission serve</c> (the host tries this catch-all route last).</summary>
    [Function("ZzNotFound")] // last in the host's alphabetical route order: see ApiRoutes.Unknown
    public IActionResult NotFound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "{*path}")] HttpRequest request) =>
        new EndpointResult(Problems.ForStatus(StatusCodes.Status404NotFound, request.Path));

    // Every failure is the same problem+json as under mission serve (ApiFailures), never an empty 500.
    private static async Task<IActionResult> RunAsync(HttpRequest request, Func<Task<IResult>> endpoint) =>
        new EndpointResult(await ApiFailures.GuardAsync(request.HttpContext, endpoint).ConfigureAwait(false));
}

/// <summary>Runs a shared endpoint's <see cref="IResult"/> as the <see cref="IActionResult"/> the Functions host expects.</summary>
public sealed class EndpointResult(IResult result) : IActionResult
{
    public IResult Result => result;

    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
