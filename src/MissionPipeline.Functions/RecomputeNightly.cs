using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary>
/// The nightly recompute, on the UTC cron of setting <c>RECOMPUTE_SCHEDULE</c> (Flex Consumption has no
/// time zone setting). Idempotent: a replay for the same day publishes the same bytes.
/// </summary>
public sealed class RecomputeNightly(Recompute recompute, ILogger<RecomputeNightly> logger)
{
    [Function(nameof(RecomputeNightly))]
    [ExponentialBackoffRetry(3, "00:00:30", "00:10:00")]
    public async Task Run([TimerTrigger("%RECOMPUTE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await recompute.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.Recomputed(logger, result.AsOf, result.Outcome, timer.IsPastDue);
    }
}
