using Microsoft.ApplicationInsights;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary>
/// The nightly recompute, on the UTC cron of setting <c>RECOMPUTE_SCHEDULE</c> (Flex Consumption has no
/// time zone setting), as of the day that ended last (<see cref="Recompute.NightlyAsync"/>). Idempotent:
/// a replay for the same day publishes the same bytes. Each run sends
/// one <c>Recompute</c> event (date, outcome, counts by status, duration).
/// </summary>
public sealed class RecomputeNightly(Recompute recompute, TelemetryClient telemetry, TimeProvider time, ILogger<RecomputeNightly> logger)
{
    [Function(nameof(RecomputeNightly))]
    [ExponentialBackoffRetry(3, "00:00:30", "00:10:00")]
    public async Task Run([TimerTrigger("%RECOMPUTE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = await recompute.NightlyAsync(cancellationToken).ConfigureAwait(false);
        Log.Recomputed(logger, result.AsOf, result.Outcome, timer.IsPastDue);
        PipelineEvents.Recompute(telemetry, result, time.GetElapsedTime(started));
    }
}
