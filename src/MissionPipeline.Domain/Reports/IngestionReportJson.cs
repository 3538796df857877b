using MissionPipeline.Text;
using MissionPipeline.Validation;
using System.Globalization;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Periods;
using MissionPipeline.Readers;

namespace MissionPipeline.Reports;

/// <summary>Writes and reads the report JSON of docs/architecture.md (camelCase, invariant culture, UTC timestamps).</summary>
public static class IngestionReportJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = MissionPipeline.Text.ReadableJsonEncoder.Instance,
    };

    public static byte[] Write(IngestionReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("agency", report.Agency.Value);
            w.WriteString("file", report.File);
            w.WriteString("ingestId", report.IngestId);
            w.WriteString("sha256", report.Sha256);
            w.WriteString("received", IsoInstant.Write(report.Received));
            if (report.ReceivedDeclared)
            {
                w.WriteBoolean("receivedDeclared", true);
            }

            w.WriteString("format", report.Format == FileFormat.Unknown ? "unknown" : report.Format.ToString());
            w.WriteString("status", report.Status.ToString().ToLowerInvariant());
            if (report.OriginalStatus is { } original)
            {
                w.WriteString("originalStatus", original.ToString().ToLowerInvariant());
            }

            if (report.InProgressElsewhere)
            {
                w.WriteBoolean("inProgressElsewhere", true);
            }

            if (report.IngestedFromThisUpload)
            {
                w.WriteBoolean("ingestedFromThisUpload", true);
            }

            w.WriteNumber("rows", report.Rows);
            w.WriteNumber("observations", report.Observations);
            w.WriteStartArray("periods");
            foreach (var period in report.Periods)
            {
                w.WriteStringValue(period.ToString());
            }

            w.WriteEndArray();
            if (report.ReplacedBy.Count > 0)
            {
                w.WriteStartArray("replacedBy");
                foreach (var later in report.ReplacedBy)
                {
                    w.WriteStartObject();
                    w.WriteString("file", later.File);
                    w.WriteString("ingestId", later.IngestId);
                    w.WriteString("received", IsoInstant.Write(later.Received));
                    w.WriteStartArray("periods");
                    foreach (var period in later.Periods)
                    {
                        w.WriteStringValue(period.ToString());
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            WriteIssues(w, "errors", report.Errors);
            WriteIssues(w, "warnings", report.Warnings);
            w.WriteStartArray("ignored");
            foreach (var item in report.Ignored)
            {
                w.WriteStartObject();
                w.WriteString("reason", item.Reason);
                w.WriteNumber("count", item.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static IngestionReport Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var r = document.RootElement;
        return new IngestionReport(
            new AgencyId(r.GetProperty("agency").GetString()!),
            r.GetProperty("file").GetString()!,
            r.GetProperty("ingestId").GetString()!,
            r.GetProperty("sha256").GetString()!,
            DateTimeOffset.Parse(r.GetProperty("received").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Enum.TryParse<FileFormat>(r.GetProperty("format").GetString(), ignoreCase: true, out var f) ? f : FileFormat.Unknown,
            Enum.Parse<ReportStatus>(r.GetProperty("status").GetString()!, ignoreCase: true),
            r.GetProperty("rows").GetInt32(),
            r.GetProperty("observations").GetInt32(),
            ReadIssues(r.GetProperty("errors")),
            ReadIssues(r.GetProperty("warnings")),
            r.GetProperty("ignored").EnumerateArray().Select(i => new IgnoredItems(i.GetProperty("reason").GetString()!, i.GetProperty("count").GetInt32())).ToArray())
        {
            ReceivedDeclared = r.TryGetProperty("receivedDeclared", out var declared) && declared.ValueKind == JsonValueKind.True,
            OriginalStatus = r.TryGetProperty("originalStatus", out var original) ? Enum.Parse<ReportStatus>(original.GetString()!, ignoreCase: true) : null,
            InProgressElsewhere = r.TryGetProperty("inProgressElsewhere", out var elsewhere) && elsewhere.ValueKind == JsonValueKind.True,
            IngestedFromThisUpload = r.TryGetProperty("ingestedFromThisUpload", out var fromThisUpload) && fromThisUpload.ValueKind == JsonValueKind.True,
            // A report written before the periods were recorded has none.
            Periods = r.TryGetProperty("periods", out var periods) ? [.. periods.EnumerateArray().Select(p => Period.Parse(p.GetString()!))] : [],
            ReplacedBy = r.TryGetProperty("replacedBy", out var replaced)
                ? [.. replaced.EnumerateArray().Select(l => new LaterFile(
                    l.GetProperty("file").GetString()!,
                    l.GetProperty("ingestId").GetString()!,
                    DateTimeOffset.Parse(l.GetProperty("received").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    [.. l.GetProperty("periods").EnumerateArray().Select(p => Period.Parse(p.GetString()!))]))]
                : [],
        };
    }

    private static void WriteIssues(Utf8JsonWriter w, string name, IReadOnlyList<ValidationIssue> issues)
    {
        w.WriteStartArray(name);
        foreach (var issue in issues)
        {
            w.WriteStartObject();
            w.WriteString("code", issue.Code);
            w.WriteNumber("row", issue.Row);
            w.WriteString("column", issue.Column);
            w.WriteString("cell", issue.Cell);
            w.WriteString("message", issue.Message);
            if (issue.Sheet is not null)
            {
                w.WriteString("sheet", issue.Sheet);
            }

            if (issue.Address is not null)
            {
                w.WriteString("address", issue.Address);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static ValidationIssue[] ReadIssues(JsonElement array) =>
        array.EnumerateArray().Select(i => new ValidationIssue(
            i.GetProperty("code").GetString()!,
            i.GetProperty("row").GetInt32(),
            i.GetProperty("column").GetString()!,
            i.GetProperty("cell").GetString()!,
            i.GetProperty("message").GetString()!,
            i.TryGetProperty("sheet", out var s) ? s.GetString() : null)
        {
            // A report written before addresses were given has none.
            Address = i.TryGetProperty("address", out var a) ? a.GetString() : null,
        }).ToArray();
}
