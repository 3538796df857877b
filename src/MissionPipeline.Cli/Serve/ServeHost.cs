using System.Globalization;
using Cronos;
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

    /// <summary>
    /// The schedule of <c>RECOMPUTE_SCHEDULE</c>, or <see cref="DefaultSchedule"/> when it is unset.
    /// One that cannot be read is a usage error, said before anything starts: the server would
    /// otherwise answer on, without its nightly recompute, its dashboard going stale unseen.
    /// </summary>
    public static string ScheduleFromEnvironment() => ReadSchedule(Environment.GetEnvironmentVariable("RECOMPUTE_SCHEDULE"));

    /// <summary>
    /// <paramref name="value"/> as a schedule both hosts read alike, or <see cref="DefaultSchedule"/>
    /// when empty. Azure Functions reads NCRONTAB, this server Cronos, which also takes <c>@daily</c>,
    /// <c>L</c>, <c>W</c>, <c>#</c>, <c>?</c> and 7 for Sunday: a schedule tried here and deployed
    /// there would leave the timer unloaded (red team, operator). Only the grammar both share passes:
    /// six fields of numbers in range, <c>*</c>, ranges, lists and steps, month and day names.
    /// </summary>
    public static string ReadSchedule(string? value)
    {
        var schedule = value is { Length: > 0 } s && s.Trim().Length > 0 ? s.Trim() : DefaultSchedule;
        return CronExpression.TryParse(schedule, CronFormat.IncludeSeconds, out _) && SharedGrammar(schedule)
            ? schedule
            : throw new UsageException(
                // Typeset by hand: the schedule is echoed as typed (typesetting would space its « ? »).
                $"RECOMPUTE_SCHEDULE «\u202F{schedule}\u202F» illisible\u202F: six champs, secondes comprises, en UTC, comme Azure Functions les lit («\u202F0 30 2 * * *\u202F»\u202F: chaque nuit à 2 h 30)\u202F; des nombres, *, des intervalles (1-5), des listes (1,15), des pas (*/10), les noms des mois et des jours, les jours de la semaine de 0 (dimanche) à 6\u202F; ni @daily, ni L, W, # ou «\u202F?\u202F».");
    }

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static bool SharedGrammar(string schedule)
    {
        var fields = schedule.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int[] lowest = [0, 0, 0, 1, 1, 0];
        int[] highest = [59, 59, 23, 31, 12, 6];
        return fields.Length == 6 && fields.Select((field, i) => field.Split(',').All(part =>
        {
            var slash = part.Split('/');
            if (slash.Length > 2 || (slash.Length == 2 && !(slash[1].Length is > 0 and <= 2 && slash[1].All(char.IsAsciiDigit))))
            {
                return false;
            }

            var bounds = slash[0].Split('-');
            return slash[0] == "*" || (bounds.Length <= 2 && bounds.All(b => Value(b, i, lowest[i], highest[i])));
        })).All(ok => ok);
    }

    private static bool Value(string token, int field, int lowest, int highest) =>
        token.Length > 0 && token.All(char.IsAsciiDigit)
            ? token.Length <= 2 && int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= lowest && n <= highest
            : (field == 4 && Months.Contains(token, StringComparer.OrdinalIgnoreCase)) || (field == 5 && Days.Contains(token, StringComparer.OrdinalIgnoreCase));
}

/// <summary>
/// The local host of the API: the framework's own web server bound to 127.0.0.1, the same endpoints
/// as the Functions app (<see cref="ApiMapping"/>), a watcher that ingests what lands in
/// <c>uploads/</c> (the blob trigger's job in Azure), and the nightly recompute on its schedule.
/// Keys and CORS origins come from the same <c>Api__…</c> settings (environment variables).
/// </summary>
internal static class ServeHost
{
    /// <summary>
    /// The runtime's switch that runs socket completions on its I/O threads rather than queueing them
    /// to the thread pool (Linux). The runtime reads it once, when the process opens its first socket,
    /// so it can only come from the environment the server starts in.
    /// </summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>What a server's start line adds in inline mode (<c>mission serve</c>, and the bench's bare Kestrel, whose mode the bench checks by it).</summary>
    public const string InlineMark = "(E/S en ligne\u202F: " + InlineCompletionsVariable + "=1)";

    /// <summary>True when this process runs on Linux with <see cref="InlineCompletionsVariable"/>=1.</summary>
    public static bool InlineIo { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";

    /// <summary>
    /// Kestrel on 127.0.0.1:<paramref name="port"/>, as <c>mission serve</c> and the benchmark's bare
    /// Kestrel both run it (<paramref name="inline"/>: <see cref="InlineIo"/>). Inline, Kestrel's own transport runs request code on
    /// its I/O threads too (<c>UnsafePreferInlineScheduling</c>, the setting ASP.NET Core pairs with the
    /// runtime's switch): no hop through the thread pool per request (docs/benchmarks.md, section 5),
    /// at the price that code holding an I/O thread delays every connection of that thread. Handlers
    /// answer from memory or await storage; the long steps (reading an agency file, decoding segments
    /// and the checkpoint, the recompute's computation) run on the thread pool, so none holds one long.
    /// </summary>
    public static void UseLoopback(IWebHostBuilder web, int port, bool inline)
    {
        web.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        web.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = inline);
    }

    public static WebApplication Build(Pipeline pipeline, ServeOptions options, ApiOptions? apiOptions = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        UseLoopback(builder.WebHost, options.Port, InlineIo);
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
            services.AddCors(c => c.AddDefaultPolicy(p => p.WithOrigins([.. api.AllowedOrigins]).WithMethods("GET", "HEAD", "POST").WithHeaders(ApiOptions.KeyHeader, "If-None-Match", "If-Match", "Accept").WithExposedHeaders("ETag", "Retry-After", "Content-Disposition", SnapshotCache.StaleHeader)
                // A keyed poll is not a preflight and a request each time: the browser keeps the answer ten minutes.
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
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
