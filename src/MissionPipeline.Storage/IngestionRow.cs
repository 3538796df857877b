using Azure;
using Azure.Data.Tables;

namespace MissionPipeline.Storage;

/// <summary>
/// One row of table <c>Ingestions</c> per received file. Keys: PartitionKey = agency id, RowKey =
/// ingest id (the first 128 bits of the file's SHA-256 in hex), so the same bytes from the same
/// agency always land on the same row: inserting it is the atomic claim that makes ingestion
/// idempotent. <see cref="Status"/> = <c>committed</c> is written last, in a single entity write:
/// it is the only thing that makes the file's observations visible.
/// </summary>
public sealed class IngestionRow : ITableEntity
{
    public const string Received = "received";
    public const string Rejected = "rejected";
    public const string Committed = "committed";
    public const string Failed = "failed";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>received, rejected, committed or failed.</summary>
    public string Status { get; set; } = Received;

    /// <summary>The blob name under <c>uploads/{agency}/</c>.</summary>
    public string File { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public long Size { get; set; }

    /// <summary>The upload's own timestamp (the blob's Last-Modified): the order in which files supersede each other.</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>True when <see cref="UploadedAt"/> is a receipt time an operator declared (<c>mission ingest --received</c>), not the upload's.</summary>
    public bool ReceivedDeclared { get; set; }

    /// <summary>When the pipeline first claimed the file.</summary>
    public DateTimeOffset ClaimedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string Format { get; set; } = string.Empty;

    public int Rows { get; set; }

    public int Observations { get; set; }

    public int Errors { get; set; }

    public int Warnings { get; set; }

    /// <summary>Space-separated ids of the indicators the file tried to report, accepted or not (for no_data reasons).</summary>
    public string Indicators { get; set; } = string.Empty;

    public string ArchiveBlob { get; set; } = string.Empty;

    public string ReportBlob { get; set; } = string.Empty;

    /// <summary>
    /// The upload version the row was finished from: its blob name under <c>uploads/</c> and ETag,
    /// space-separated (empty for a replay from the archive, and for rows written before it existed).
    /// A delivery of that very version is answered from this row without reading the blob.
    /// </summary>
    public string UploadVersion { get; set; } = string.Empty;

    /// <summary>The last failure's type and message (never a secret: storage exceptions carry none).</summary>
    public string? Failure { get; set; }

    public int Attempts { get; set; }
}
