using Microsoft.Extensions.Logging;

namespace MissionPipeline.Functions;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Agency}/{File} as {IngestId}: {Status}, {Observations} observations")]
    public static partial void Ingested(ILogger logger, string agency, string file, string ingestId, MissionPipeline.Reports.ReportStatus status, int observations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly recompute as of {AsOf:yyyy-MM-dd}: snapshot {Outcome} (past due: {PastDue})")]
    public static partial void Recomputed(ILogger logger, DateOnly asOf, MissionPipeline.Storage.PublishOutcome outcome, bool pastDue);
}
