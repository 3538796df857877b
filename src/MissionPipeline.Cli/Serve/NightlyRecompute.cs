using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli.Serve;

/// <summary>The nightly recompute of <c>mission serve</c>, on the same six-field UTC cron as the Functions app, as of the day that ended last (<see cref="Recompute.NightlyAsync"/>).</summary>
internal sealed class NightlyRecompute(Recompute recompute, ServeOptions options, TimeProvider time, ILogger<NightlyRecompute> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(options.Schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            Log.NextRecompute(logger, next.Value);
            await Task.Delay(next.Value - now, time, stoppingToken).ConfigureAwait(false);
            try
            {
                var result = await recompute.NightlyAsync(stoppingToken).ConfigureAwait(false);
                Log.Recomputed(logger, result.AsOf, result.Outcome);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RecomputeFailed(logger, ex);
            }
        }
    }
}
