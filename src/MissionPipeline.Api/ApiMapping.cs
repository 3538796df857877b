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

    /// <summary>
    /// Maps every route of <see cref="ApiRoutes.All"/>, and <see cref="ApiRoutes.Pages"/>, to its
    /// endpoint behind <see cref="ApiGate"/> (the key, then the endpoint, its failures as problems),
    /// as the Functions app does.
    /// </summary>
    public static IEndpointRouteBuilder MapMissionApi(this IEndpointRouteBuilder app)
    {
        // One gate for the application's lifetime (a singleton): resolving it per request would open a service scope for each.
        var gate = app.ServiceProvider.GetRequiredService<ApiGate>();
        foreach (var route in ApiRoutes.All.Concat(ApiRoutes.Pages))
        {
            app.MapMethods(route.Path, [route.Method], route.Handler)
                .WithName(route.Name)
                .AddEndpointFilter((context, next) => Gate(gate, route, context, next));
        }

        return app;
    }

    private static async ValueTask<object?> Gate(ApiGate gate, ApiRoute route, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        return await gate.RunAsync(route, http.Request, (context, next), static async s => await s.next(s.context).ConfigureAwait(false) as IResult ?? Results.Empty, http.GetRouteValue("agency") as string).ConfigureAwait(false);
    }
}
