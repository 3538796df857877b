using Microsoft.Extensions.Logging;

namespace MissionPipeline.Storage;

/// <summary>Every log line of the jobs, compiled once. Never a key, a connection string or a personal identifier.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Ingesting {Agency}/{File} ({Size} bytes, uploaded {UploadedAt:o})")]
    public static partial void Ingesting(ILogger logger, string agency, string file, long size, DateTimeOffset uploadedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Agency}/{File} as {IngestId}: {Status}, {Observations} observations, {Errors} errors")]
    public static partial void Ingested(ILogger logger, string agency, string file, string ingestId, string status, int observations, int errors);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Agency}/{File} was already ingested as {IngestId}, from this very upload: answered from the ledger, not read again")]
    public static partial void AlreadyIngested(ILogger logger, string agency, string file, string ingestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Agency}/{File} is a duplicate of ingestion {IngestId} ({Status})")]
    public static partial void Duplicate(ILogger logger, string agency, string file, string ingestId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion {IngestId} of {Agency} has no row: rebuilt from its archive")]
    public static partial void RebuiltFromArchive(ILogger logger, string agency, string ingestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming ingestion {IngestId} of {Agency} (attempt {Attempt}, previous status {Status})")]
    public static partial void Resuming(ILogger logger, string agency, string ingestId, int attempt, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion {IngestId} of {Agency} failed on attempt {Attempt}")]
    public static partial void IngestFailed(ILogger logger, Exception exception, string agency, string ingestId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recomputed as of {AsOf:yyyy-MM-dd}: {Indicators} indicators from {Observations} observations of {Files} committed files ({Cached} in memory, {FromCheckpoint} from the checkpoint, {Downloaded} segments read, {FromTable} from the table); snapshot {Outcome}")]
    public static partial void Recomputed(ILogger logger, DateOnly asOf, int indicators, int observations, int files, int cached, int fromCheckpoint, int downloaded, int fromTable, PublishOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The upload {Agency}/{File} was replaced by another sender's file before it was read; the sender is told to send it again")]
    public static partial void UploadReplaced(ILogger logger, string agency, string file);

    // An outcome told to the caller (409, the CLI's French sentence), not a fault: Information, which a
    // host logs and the CLI's console (Warning and above) leaves to its own sentence.
    [LoggerMessage(Level = LogLevel.Information, Message = "A different snapshot is already published for {AsOf:yyyy-MM-dd}; it was kept (republish explicitly to replace it)")]
    public static partial void SnapshotKept(ILogger logger, DateOnly asOf);

    [LoggerMessage(Level = LogLevel.Information, Message = "The snapshot of {AsOf:yyyy-MM-dd} is approved and immutable; a different computation for its date was not written")]
    public static partial void SnapshotLocked(ILogger logger, DateOnly asOf);
}
