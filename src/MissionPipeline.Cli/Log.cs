using Microsoft.Extensions.Logging;
using MissionPipeline.Reports;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {Blob}: {Status}, {Observations} observations, {Errors} errors")]
    public static partial void Watched(ILogger logger, string blob, ReportStatus status, int observations, int errors);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Upload {Blob} was already ingested")]
    public static partial void WatchedAgain(ILogger logger, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking at uploads failed; retrying at the next pass")]
    public static partial void WatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching uploads: the storage does not answer ({Reason}); trying again every {IntervalSeconds} s, logged again when it answers")]
    public static partial void WatchStorageAway(ILogger logger, string reason, double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching uploads: the storage still does not answer")]
    public static partial void WatchStillAway(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching uploads: the storage answers again, after {Seconds:0} s")]
    public static partial void WatchStorageBack(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An upload could not be copied to the poison container; it stays in uploads and is not tried again until it changes")]
    public static partial void PoisonFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingesting upload {Name} failed (attempt {Attempt}); tried again at the next pass, until the poison threshold")]
    public static partial void UploadFailed(ILogger logger, Exception exception, string name, int attempt);

    // Without the exception: it says only « blob not found », which read as a storage fault (red team, hostile agency).
    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {Name} cannot be read: its name has a « . » or « .. » segment, which every client resolves to another name; it stays in uploads, untouched, and is not tried again until it changes. Copy it under a plain name with a tool that sends names as they are (or ask the agency to send it again)")]
    public static partial void UploadUnaddressable(ILogger logger, string name);

    // Without the exception: its message quotes the listing, and so the hostile name. Once per prefix until uploads/ lists whole again.
    [LoggerMessage(Level = LogLevel.Warning, Message = "A listing of uploads could not be read ({Failure}); listing narrower prefixes instead until it can")]
    public static partial void ListingFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unexpected failure of the command")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Next recompute at {Next:u}")]
    public static partial void NextRecompute(ILogger logger, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recomputed as of {AsOf:yyyy-MM-dd}: snapshot {Outcome}")]
    public static partial void Recomputed(ILogger logger, DateOnly asOf, PublishOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled recompute failed")]
    public static partial void RecomputeFailed(ILogger logger, Exception exception);
}
