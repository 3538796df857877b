using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MissionPipeline.Api;

/// <summary>Maps <see cref="ApiRoutes.All"/> onto ASP.NET Core routing for <c>mission serve</c>, plus <c>GET /</c> (the HTML page).</summary>
public static class ApiMapping
{
    /// <summary>
    /// The whole HTTP pipeline of <c>mission serve</c>: every failure as problem+json (an exception
    /// through <see cref="ApiFailures"/>, an unknown route or a wrong method through
    /// <see cref="Problems.ForStatus"/>), then the routes.
    /// </summary>
    public static WebApplication UseMissionApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
                ApiFailures.Problem(context, context.Features.Get<IExceptionHandlerFeature>()?.Error ?? new InvalidOperationException()).ExecuteAsync(context),
        });
        app.UseStatusCodePages(context =>
            Problems.ForStatus(context.HttpContext.Response.StatusCode, context.HttpContext.Request.Path).ExecuteAsync(context.HttpContext));
        app.MapMissionApi();
        return app;
    }

    public static IEndpointRouteBuilder MapMissionApi(this IEndpointRouteBuilder app)
    {
        // An exception in an endpoint is answered as in the Functions host (ApiFailures), not by the framework.
        var api = app.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                return ApiFailures.Problem(context.HttpContext, ex);
            }
        });
        foreach (var route in ApiRoutes.All)
        {
            api.MapMethods("/api/" + route.Template, [route.Method], Handler(route)).WithName(route.Name);
        }

        api.MapGet("/", (HttpRequest r, DashboardEndpoints d, CancellationToken ct) => d.GetPage(r, ct)).WithName("Page");
        return app;
    }

    private static Delegate Handler(ApiRoute route) => route.Name switch
    {
        "GetDashboard" => (HttpRequest r, DashboardEndpoints d, CancellationToken ct) => d.GetDashboard(r, ct),
        "GetDashboardAt" => (HttpRequest r, string asOf, DashboardEndpoints d, CancellationToken ct) => d.GetDashboardAt(r, asOf, ct),
        "GetIndicator" => (HttpRequest r, string id, DashboardEndpoints d, CancellationToken ct) => d.GetIndicator(r, id, ct),
        "GetIngestions" => (HttpRequest r, string agency, IngestionEndpoints i, CancellationToken ct) => i.GetIngestions(r, agency, ct),
        "GetIngestion" => (HttpRequest r, string agency, string ingestId, IngestionEndpoints i, CancellationToken ct) => i.GetIngestion(r, agency, ingestId, ct),
        "GetCompleteness" => (HttpRequest r, DashboardEndpoints d, CancellationToken ct) => d.GetCompleteness(r, ct),
        "PostRecompute" => (HttpRequest r, OperationEndpoints o, CancellationToken ct) => o.PostRecompute(r, ct),
        "GetHealth" => (HttpRequest r, OperationEndpoints o, CancellationToken ct) => o.GetHealth(r, ct),
        "GetOpenApi" => (HttpRequest r, OperationEndpoints o) => o.GetOpenApi(r),
        _ => throw new InvalidOperationException($"No handler for route {route.Name}."),
    };
}
