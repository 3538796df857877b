using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MissionPipeline.Api;
using MissionPipeline.Readers;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli.Serve;

/// <summary>What <c>mission serve</c> runs on: the port, the schedule, how often uploads are looked at.</summary>
internal sealed record ServeOptions(int Port = 7071, string Schedule = ServeOptions.DefaultSchedule, TimeSpan? WatchInterval = null)
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
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Azure", LogLevel.Warning);
        var api = apiOptions ?? ApiOptions.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(pipeline.Blobs);
        services.AddSingleton(pipeline.Tables);
        services.AddSingleton(pipeline.Layout);
        services.AddSingleton(Pipeline.Catalogue);
        services.AddSingleton(ReaderLimits.Default);
        services.AddSingleton(Pipeline.Time);
        services.AddSingleton(api);
        services.AddSingleton(options);
        services.AddSingleton<IngestFile>();
        services.AddSingleton<Recompute>();
        services.AddSingleton(sp => new Snapshots(pipeline.Blobs, pipeline.Layout));
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton(sp => new CommittedObservations(pipeline.Tables, pipeline.Layout));
        services.AddSingleton<DashboardEndpoints>();
        services.AddSingleton<IngestionEndpoints>();
        services.AddSingleton<OperationEndpoints>();
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

        app.MapMissionApi();
        return app;
    }
}
