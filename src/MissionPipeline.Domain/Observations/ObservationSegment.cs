using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Periods;
using MissionPipeline.Readers;

namespace MissionPipeline.Observations;

/// <summary>A file's observations as read back from its segment: who sent them and the figures, in file order.</summary>
public sealed record ObservationSegmentContent(AgencyId Agency, string IngestId, IReadOnlyList<Observation> Observations);

/// <summary>
/// The compact copy of one file's observations that the recompute reads: gzip'd JSON Lines, UTF-8,
/// invariant culture. The first line is the header, then one line per observation, as an array in
/// this fixed order (absent numbers and comments are <c>null</c>, the status is its file marker):
/// <code>
/// {"format":"mission-observations/1","agency":"ofii","ingestId":"…","count":2}
/// ["retours_aides","2009-01","DEP-75",12,null,null,null,"",2,null]
/// ["retours_aides","2009-01","DEP-13",7,null,null,null,"p",3,"estimé"]
/// </code>
/// Deterministic: the same observations in the same order give the same bytes, so a retried ingest
/// rewrites an identical blob. Reading checks the header and the count, so a truncated or foreign
/// blob is an <see cref="InvalidDataException"/> (the file's table rows, the record, stay readable),
/// never a silently shorter list.
/// </summary>
public static class ObservationSegment
{
    /// <summary>The value of the header's <c>format</c> field; a reader refuses any other.</summary>
    public const string FormatName = "mission-observations/1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The segment of <paramref name="observations"/>, compressed.</summary>
    public static byte[] Write(AgencyId agency, string ingestId, IReadOnlyList<Observation> observations)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            using var json = new Utf8JsonWriter(gzip, WriterOptions);
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteString("agency", agency.Value);
            json.WriteString("ingestId", ingestId);
            json.WriteNumber("count", observations.Count);
            json.WriteEndObject();
            foreach (var o in observations)
            {
                json.Flush();
                gzip.WriteByte((byte)'\n');
                json.Reset();
                json.WriteStartArray();
                json.WriteStringValue(o.Indicator.Value);
                json.WriteStringValue(o.Period.ToString());
                json.WriteStringValue(o.Territory.Code);
                WriteNumber(json, o.Value);
                WriteNumber(json, o.Numerator);
                WriteNumber(json, o.Denominator);
                WriteNumber(json, o.Weight);
                json.WriteStringValue(o.Status.ToMarker());
                json.WriteNumberValue(o.Row);
                if (o.Comment is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(o.Comment);
                }

                json.WriteEndArray();
            }

            json.Flush();
            gzip.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a segment written by <see cref="Write"/>, streaming (memory holds the observations, not
    /// the text). Throws <see cref="InvalidDataException"/> when the blob is not a whole segment.
    /// </summary>
    public static ObservationSegmentContent Read(Stream compressed, CancellationToken cancellationToken = default)
    {
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            var lines = new ByteLines(gzip, 64 * 1024, cancellationToken);
            if (!lines.TryReadLine(out var first))
            {
                throw new InvalidDataException("Observation segment: empty.");
            }

            var (agency, ingestId, count) = ReadHeader(first);
            var observations = new List<Observation>(Math.Min(count, 1_000_000));
            var names = new Names();
            while (lines.TryReadLine(out var line))
            {
                if (lines.TooLong)
                {
                    throw new InvalidDataException($"Observation segment {ingestId}: line {lines.Number} is too long.");
                }

                if (!line.IsEmpty)
                {
                    observations.Add(ReadObservation(line, names));
                }
            }

            if (observations.Count != count)
            {
                throw new InvalidDataException($"Observation segment {ingestId}: {observations.Count} observations, the header says {count}.");
            }

            return new ObservationSegmentContent(agency, ingestId, observations);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException("Observation segment: unreadable (" + ex.Message + ").", ex);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static (AgencyId Agency, string IngestId, int Count) ReadHeader(ReadOnlySpan<byte> line)
    {
        using var header = JsonDocument.Parse(line.ToArray());
        var root = header.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.GetString() != FormatName
            || !root.TryGetProperty("agency", out var agency) || agency.GetString() is not { } agencyText || !AgencyId.IsValid(agencyText)
            || !root.TryGetProperty("ingestId", out var ingest) || ingest.GetString() is not { } ingestId
            || !root.TryGetProperty("count", out var count) || !count.TryGetInt32(out var n) || n < 0)
        {
            throw new InvalidDataException("Observation segment: missing or foreign header.");
        }

        return (new AgencyId(agencyText), ingestId, n);
    }

    private static Observation ReadObservation(ReadOnlySpan<byte> line, Names names)
    {
        var reader = new Utf8JsonReader(line);
        Expect(ref reader, JsonTokenType.StartArray);
        var indicator = names.Indicator(ref reader);
        var period = names.Period(ref reader);
        var territory = names.Territory(ref reader);
        var value = Number(ref reader);
        var numerator = Number(ref reader);
        var denominator = Number(ref reader);
        var weight = Number(ref reader);
        Expect(ref reader, JsonTokenType.String);
        if (!ValueStatuses.TryParse(reader.GetString(), out var status))
        {
            throw new FormatException("unknown status marker");
        }

        Expect(ref reader, JsonTokenType.Number);
        var row = reader.GetInt32();
        if (!reader.Read())
        {
            throw new FormatException("line cut after the row");
        }

        var comment = reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw new FormatException("comment is neither a string nor null"),
        };
        Expect(ref reader, JsonTokenType.EndArray);
        return new Observation(indicator, period, territory, value, numerator, denominator, weight, status, row, comment);
    }

    private static double? Number(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("line cut");
        }

        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetDouble(),
            _ => throw new FormatException("a number or null was expected"),
        };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{type} expected at byte {reader.BytesConsumed}"));
        }
    }

    /// <summary>
    /// The few distinct indicator, period and territory texts of a segment, parsed once each: a
    /// million lines name a few hundred of them, so the readers allocate per distinct text, not per line.
    /// </summary>
    private sealed class Names
    {
        private readonly Dictionary<string, IndicatorId> _indicators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Period> _periods = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Territory> _territories = new(StringComparer.Ordinal);
        private readonly char[] _chars = new char[256];

        public IndicatorId Indicator(ref Utf8JsonReader reader) =>
            Lookup(ref reader, _indicators, text => IndicatorId.IsValid(text) ? new IndicatorId(text) : throw new FormatException("not an indicator id"));

        public Period Period(ref Utf8JsonReader reader) => Lookup(ref reader, _periods, Periods.Period.Parse);

        public Territory Territory(ref Utf8JsonReader reader) =>
            Lookup(ref reader, _territories, text => Geography.Territory.TryParse(text, out var t) ? t : throw new FormatException("not a territory code"));

        private T Lookup<T>(ref Utf8JsonReader reader, Dictionary<string, T> known, Func<string, T> parse)
        {
            Expect(ref reader, JsonTokenType.String);
            var length = reader.ValueIsEscaped || reader.HasValueSequence ? -1 : Encoding.UTF8.GetCharCount(reader.ValueSpan);
            if (length is < 0 or > 256)
            {
                var text = reader.GetString()!;
                return known.TryGetValue(text, out var found) ? found : known[text] = parse(text);
            }

            var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(reader.ValueSpan, _chars));
            var lookup = known.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars, out var value))
            {
                return value;
            }

            var key = chars.ToString();
            return known[key] = parse(key);
        }
    }
}
