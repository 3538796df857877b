using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MissionPipeline.Api;

/// <summary>Maps <see cref="ApiRoutes.All"/> onto ASP.NET Core routing for <c>mission serve</c>, plus <c>GET /</c> (the HTML page).</summary>
public static class ApiMapping
{
    /// <summary>
    /// The whole HTTP pipeline of <c>mission serve</c>: every failure as problem+json (an exception
    /// through <see cref="ApiFailures"/>, an unknown route or a wrong method through
    /// <see cref="Problems.ForStatus"/>), then the routes. A polled 304 allocates nothing on the way
    /// but what the framework itself needs (docs/scaling.md).
    /// </summary>
    public static WebApplication UseMissionApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
                ApiFailures.Problem(context, context.Features.Get<IExceptionHandlerFeature>()?.Error ?? new InvalidOperationException()).ExecuteAsync(context),
        });
        app.Use(ProblemForBareStatusAsync);
        app.MapMissionApi();
        return app;
    }

    /// <summary>
    /// What <c>UseStatusCodePages</c> does, written here: after the endpoint, a 4xx or 5xx without a
    /// body (no endpoint for the path, a wrong method) gets its problem, shown as a French page to a
    /// browser outside <c>/api/</c> (<see cref="Problems.ForMissingPage"/>). That middleware also puts a
    /// feature and an items dictionary on every request, about half of what a polled 304 allocated
    /// (dotnet-trace, gc-verbose profile); no route of ours turns it off, so none needs them.
    /// </summary>
    /// <remarks>
    /// A method name is case-sensitive (RFC 9110, 9.1) and routing matches it without regard to case:
    /// <c>get</c> is no method of ours, so it gets 501 before any route, as it would from nginx.
    /// </remarks>
    private static async Task ProblemForBareStatusAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Method.AsSpan().ContainsAnyInRange('a', 'z'))
        {
            await Problems.NotImplemented($"Méthode « {MissionPipeline.Text.Echo.Shorten(context.Request.Method)} » inconnue : les méthodes HTTP s'écrivent en majuscules (GET, HEAD, POST).").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        var response = context.Response;
        if (!response.HasStarted && response.StatusCode is >= 400 and < 600 && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            var problem = context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
                ? Problems.ForStatus(response.StatusCode, context.Request.Path)
                : Problems.ForMissingPage(context.Request, response.StatusCode);
            await problem.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Maps every route of <see cref="ApiRoutes.All"/>, and <see cref="ApiRoutes.Pages"/>, to its
    /// endpoint behind <see cref="ApiGate"/> (the key, then the endpoint, its failures as problems),
    /// as the Functions app does.
    /// </summary>
    /// <remarks>
    /// Each route is a plain <see cref="RequestDelegate"/> over singletons resolved here, once: no
    /// endpoint filter, no argument binding and no service scope per request (the dashboard is
    /// polled hundreds of times a second; docs/benchmarks.md, section 5, measures what is left
    /// against the framework alone).
    /// </remarks>
    public static IEndpointRouteBuilder MapMissionApi(this IEndpointRouteBuilder app)
    {
        var gate = app.ServiceProvider.GetRequiredService<ApiGate>();
        var endpoints = app.ServiceProvider.GetRequiredService<ApiEndpoints>();
        foreach (var route in ApiRoutes.All.Concat(ApiRoutes.Pages))
        {
            app.MapMethods(route.Path, route.Methods, context => ServeAsync(gate, endpoints, route, context))
                .WithName(route.Name);
        }

        return app;
    }

    private static async Task ServeAsync(ApiGate gate, ApiEndpoints endpoints, ApiRoute route, HttpContext context)
    {
        var result = await gate.RunAsync(
            route,
            context.Request,
            (route.Handler, endpoints, context),
            static s => s.Handler(s.context.Request, s.endpoints, s.context.RequestAborted),
            context.GetRouteValue("agency") as string).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }
}
