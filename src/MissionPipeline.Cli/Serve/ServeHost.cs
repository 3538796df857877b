using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MissionPipeline.Api;

namespace MissionPipeline.Cli.Serve;

/// <summary>What <c>mission serve</c> runs on: the port, the schedule, how often uploads are looked at.</summary>
/// <remarks><see cref="FixedAsOf"/>: the date of every recompute not given one (the nightly run, <c>POST /api/recompute</c> without <c>asOf</c>); the demo's server keeps it at its year's end.</remarks>
internal sealed record ServeOptions(int Port = 7071, string Schedule = ServeOptions.DefaultSchedule, TimeSpan? WatchInterval = null, DateOnly? FixedAsOf = null)
{
    /// <summary>02:30 UTC every day, as the Functions app's default <c>RECOMPUTE_SCHEDULE</c>.</summary>
    public const string DefaultSchedule = "0 30 2 * * *";

    public TimeSpan Interval => WatchInterval ?? TimeSpan.FromSeconds(2);
}

/// <summary>
/// The local host of the API: the framework's own web server bound to 127.0.0.1, the same endpoints
/// as the Functions app (<see cref="ApiMapping"/>), a watcher that ingests what lands in
/// <c>uploads/</c> (the blob trigger's job in Azure), and the nightly recompute on its schedule.
/// Keys and CORS origins come from the same <c>Api__…</c> settings (environment variables).
/// </summary>
internal static class ServeHost
{
    public static WebApplication Build(Pipeline pipeline, ServeOptions options, ApiOptions? apiOptions = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.AddMissionConsole(LogLevel.Information);
        var api = apiOptions ?? ApiOptions.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(Pipeline.Time);
        services.AddSingleton(pipeline.RecomputeSettings with { FixedAsOf = options.FixedAsOf });
        services.AddSingleton(pipeline.Publication);
        services.AddMissionPipeline(pipeline.Blobs, pipeline.Tables, pipeline.Layout, api);
        services.AddSingleton(options);
        services.AddHostedService<UploadWatcher>();
        services.AddHostedService<NightlyRecompute>();
        if (api.AllowedOrigins.Count > 0)
        {
            services.AddCors(c => c.AddDefaultPolicy(p => p.WithOrigins([.. api.AllowedOrigins]).WithMethods("GET", "POST").WithHeaders(ApiOptions.KeyHeader, "If-None-Match", "Accept").WithExposedHeaders("ETag")));
        }

        var app = builder.Build();
        if (api.AllowedOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseMissionApi();
        return app;
    }
}
