using MissionPipeline.Text;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Writes the snapshot's <c>manifest.json</c>: what it was computed from and what was published, so
/// that anyone can check a snapshot against its inputs. Nothing in it depends on when or where it ran:
/// <code>
/// { "asOf": "2009-12-31",
///   "catalogue": { "id": "mission-2009", "sha256": "…" },
///   "program": { "name": "MissionPipeline", "version": "1.0.0" },
///   "inputs": [ { "agency": "ofii", "ingestId": "…", "file": "ofii-2009-03.csv", "received": "2009-04-09T08:12:31Z" } ],
///   "files": [ { "name": "dashboard.json", "bytes": 123, "sha256": "…" } ] }
/// </code>
/// <c>inputs</c> are the committed files whose observations the engine read (a period ending on or
/// before asOf), by upload time then ingest id; <c>files</c> are the other published files, in
/// publication order, with their SHA-256 (lower-case hex). The program version is the assembly's
/// informational version without its build metadata (no commit hash): it changes only when the
/// version number does.
/// </summary>
public static class SnapshotManifest
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The committed ingestions whose observations count as of the input's date.</summary>
    public static IReadOnlyList<IngestionSummary> Inputs(RecomputeInput input)
    {
        var used = input.Observations.FilesUsedBy(input.AsOf).Select(f => (f.Agency, f.IngestId)).ToHashSet();
        return input.Ingestions
            .Where(i => i.Status == IngestionStatus.Committed && used.Contains((i.Agency, i.IngestId)))
            .OrderBy(i => i.Received).ThenBy(i => i.IngestId, StringComparer.Ordinal).ThenBy(i => i.Agency.Value, StringComparer.Ordinal)
            .ToArray();
    }

    public static byte[] Write(DateOnly asOf, IndicatorCatalogue catalogue, IReadOnlyList<IngestionSummary> inputs, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("asOf", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteStartObject("catalogue");
            w.WriteString("id", catalogue.Id);
            w.WriteString("sha256", catalogue.Hash);
            w.WriteEndObject();
            w.WriteStartObject("program");
            w.WriteString("name", "MissionPipeline");
            w.WriteString("version", Version);
            w.WriteEndObject();
            w.WriteStartArray("inputs");
            foreach (var i in inputs)
            {
                w.WriteStartObject();
                w.WriteString("agency", i.Agency.Value);
                w.WriteString("ingestId", i.IngestId);
                w.WriteString("file", i.FileName);
                w.WriteString("received", IsoInstant.Write(i.Received));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var (name, content) in files)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("bytes", content.Length);
                w.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The date of a manifest <see cref="Write"/> wrote, the files it names as inputs (agency, ingest id), and its catalogue's SHA-256 (null when it names none).</summary>
    public static (DateOnly AsOf, IReadOnlySet<(AgencyId Agency, string IngestId)> Inputs, string? CatalogueHash) ReadInputs(ReadOnlyMemory<byte> manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        var root = document.RootElement;
        var inputs = root.GetProperty("inputs").EnumerateArray()
            .Select(i => (new AgencyId(i.GetProperty("agency").GetString()!), i.GetProperty("ingestId").GetString()!))
            .ToHashSet();
        var hash = root.TryGetProperty("catalogue", out var catalogue) && catalogue.TryGetProperty("sha256", out var sha256) ? sha256.GetString() : null;
        return (DateOnly.ParseExact(root.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), inputs, hash);
    }

    private static string Version { get; } =
        (typeof(SnapshotManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
