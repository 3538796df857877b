using System.Globalization;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;

namespace MissionPipeline.Publishing;

public static partial class DashboardJson
{
    /// <summary>
    /// Reads back a <c>dashboard.json</c>: <c>Write(Read(Write(d)))</c> is <c>Write(d)</c>. Fields
    /// added to the contract after a snapshot was published (<c>warnings</c>, <c>lastReceived</c>,
    /// <c>noDataReason</c>, <c>doneOn</c>, <c>summary.byStatus.context</c>) may be missing and read
    /// as empty or null. Throws <see cref="FormatException"/> when the bytes are not a dashboard.
    /// </summary>
    public static Dashboard Read(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var indicators = root.GetProperty("indicators").EnumerateArray().Select(ReadIndicator).ToArray();
            return new Dashboard(
                DateOf(root.GetProperty("asOf")),
                root.GetProperty("catalogue").GetString()!,
                new DashboardSummary(root.GetProperty("summary").GetProperty("indicators").GetInt32(), ReadCounts(root.GetProperty("summary").GetProperty("byStatus"))),
                indicators,
                List(root, "completeness", ReadCompleteness),
                List(root, "changes", ReadChange))
            {
                KnownAt = InstantOf(root, "knownAt"),
                LatestReceipt = InstantOf(root, "latestReceipt"),
                ChangesSince = root.TryGetProperty("changesSince", out var since) && since.ValueKind == JsonValueKind.String ? DateOf(since) : null,
                AccountRevised = Optional(root, "accountRevised", a => new AccountRevision(DateOf(a.GetProperty("asOf")), List(a, "changes", ReadChange))),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException("Not a dashboard.json: " + ex.Message, ex);
        }
    }

    // Snapshots published before these fields existed read as null.
    private static DateTimeOffset? InstantOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;

    private static StatusCounts ReadCounts(JsonElement e)
    {
        int Count(IndicatorStatus s) => e.TryGetProperty(s.Code(), out var n) ? n.GetInt32() : 0;
        return new StatusCounts(
            Count(IndicatorStatus.Achieved), Count(IndicatorStatus.OnTrack), Count(IndicatorStatus.AtRisk), Count(IndicatorStatus.OffTrack),
            Count(IndicatorStatus.Missed), Count(IndicatorStatus.NoData), Count(IndicatorStatus.Context), Count(IndicatorStatus.Unassessed));
    }

    private static IndicatorResult ReadIndicator(JsonElement e) => new(
        new IndicatorId(e.GetProperty("id").GetString()!),
        e.GetProperty("axis").GetInt32(),
        e.GetProperty("title").GetString()!,
        e.GetProperty("unit").GetString()!,
        e.GetProperty("quote").GetString()!,
        Optional(e, "target", TargetOf),
        Optional(e, "baseline", b => new Baseline(Period.Parse(b.GetProperty("period").GetString()!), b.GetProperty("value").GetDouble())),
        NumberOf(e, "actual"),
        List(e, "periodsReported", PeriodOf),
        NumberOf(e, "expectedToDate"),
        NumberOf(e, "projection"),
        NumberOf(e, "progress"),
        Parse<IndicatorStatus>(e.GetProperty("status").GetString(), DashboardCodes.Code),
        e.GetProperty("provisional").GetBoolean(),
        List(e, "series", p => new SeriesPoint(PeriodOf(p.GetProperty("period")), p.GetProperty("value").GetDouble())),
        List(e, "territories", c => new TerritoryValue(
            TerritoryOf(c.GetProperty("territory")), c.GetProperty("value").ValueKind == JsonValueKind.Number ? c.GetProperty("value").GetDouble() : null)),
        List(e, "sources", s => new SourceRef(
            new AgencyId(s.GetProperty("agency").GetString()!), s.GetProperty("ingestId").GetString()!, TimestampOf(s.GetProperty("received")))
        {
            File = s.TryGetProperty("file", out var file) ? file.GetString() : null,
        }),
        Optional(e, "noDataReason", n => new NoDataReason(Parse<NoDataCode>(n.GetProperty("code").GetString(), DashboardCodes.Code), n.GetProperty("message").GetString()!)),
        Optional(e, "doneOn", DateOf))
    {
        Warnings = List(e, "warnings", w => new IndicatorWarning(
            w.GetProperty("code").GetString()!, TerritoryOf(w.GetProperty("territory")), PeriodOf(w.GetProperty("period")), w.GetProperty("message").GetString()!)
        {
            Value = NumberOf(w, "value"),
            UsualLow = NumberOf(w, "usualLow"),
            UsualHigh = NumberOf(w, "usualHigh"),
            Agency = Optional(w, "agency", a => a.GetString()!) is { } agency ? new AgencyId(agency) : null,
            IngestId = Optional(w, "ingestId", i => i.GetString()!),
        }),
        Forecast = Optional(e, "forecast", f => new Forecast(f.GetProperty("value").GetDouble(), NumberOf(f, "low"), NumberOf(f, "high"), f.GetProperty("method").GetString()!)
        {
            Years = f.TryGetProperty("years", out var years) ? years.GetInt32() : 0,
        }),
        Counted = Optional(e, "counted", c => new CountedTerritories(
            PeriodOf(c.GetProperty("period")), c.GetProperty("threshold").GetDouble(),
            List(c, "territories", t => new TerritoryValue(TerritoryOf(t.GetProperty("territory")), t.GetProperty("value").GetDouble())))),
        LatestRevision = Optional(e, "revision", r => new Revision(
            PeriodOf(r.GetProperty("period")), NumberOf(r, "from"), NumberOf(r, "to"), TimestampOf(r.GetProperty("received")), r.GetProperty("file").GetString()!)),
        ComparedWith = Optional(e, "comparedWith", c => new Comparison(
            c.GetProperty("basis").GetString()!, c.GetProperty("compared").GetDouble(), c.GetProperty("reference").GetDouble(), PeriodOf(c.GetProperty("from")), PeriodOf(c.GetProperty("to")))),
        OtherTargets = List(e, "otherTargets", o => new TargetStanding(
            TargetOf(o), Parse<IndicatorStatus>(o.GetProperty("status").GetString(), DashboardCodes.Code), NumberOf(o, "progress"))),
        Definition = Optional(e, "definition", d => new DefinitionVersion(
            Optional(d, "from", DateOf), null, d.GetProperty("text").GetString()!, Optional(d, "source", SourceOf) ?? new TargetSource(string.Empty, null))),
        Breaks = List(e, "breaks", b => new SeriesBreak(
            DateOf(b.GetProperty("date")), b.GetProperty("before").GetString()!, b.GetProperty("after").GetString()!, Optional(b, "source", SourceOf) ?? new TargetSource(string.Empty, null))),
    };

    /// <summary>A target as written (kind, value, due; label and source where present: snapshots before them have none).</summary>
    private static Target TargetOf(JsonElement t) => new(
        Parse<TargetKind>(t.GetProperty("kind").GetString(), DashboardCodes.Code), NumberOf(t, "value"), Optional(t, "due", DateOf))
    {
        Label = Optional(t, "label", l => l.GetString()!),
        Source = Optional(t, "source", SourceOf),
    };

    private static TargetSource SourceOf(JsonElement s) =>
        new(s.GetProperty("reference").GetString()!, Optional(s, "quote", q => q.GetString()!));

    private static CompletenessEntry ReadCompleteness(JsonElement e) => new(
        new AgencyId(e.GetProperty("agency").GetString()!),
        new IndicatorId(e.GetProperty("indicator").GetString()!),
        List(e, "expected", PeriodOf),
        List(e, "received", PeriodOf),
        List(e, "late", l => new LatePeriod(PeriodOf(l.GetProperty("period")), l.GetProperty("days").GetInt32())),
        Optional(e, "lastReceived", TimestampOf))
    {
        MeanAbsoluteRevision = NumberOf(e, "meanAbsoluteRevision"),
        Ahead = List(e, "ahead", PeriodOf),
    };

    private static DashboardChange ReadChange(JsonElement e) => new(
        new IndicatorId(e.GetProperty("indicator").GetString()!),
        e.GetProperty("field").GetString()!,
        e.TryGetProperty("from", out var from) ? from.GetString() : null,
        e.TryGetProperty("to", out var to) ? to.GetString() : null)
    {
        // Snapshots published before causes existed read as rule, without a sentence.
        Cause = e.TryGetProperty("cause", out var cause) && cause.GetString() is { } code ? code : ChangeCauses.Rule,
        Period = e.TryGetProperty("period", out var period) ? period.GetString() : null,
        File = e.TryGetProperty("file", out var file) ? file.GetString() : null,
        Message = e.TryGetProperty("message", out var message) ? message.GetString() ?? string.Empty : string.Empty,
    };

    private static T[] List<T>(JsonElement parent, string name, Func<JsonElement, T> read) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(read).ToArray() : [];

    private static T? Optional<T>(JsonElement parent, string name, Func<JsonElement, T> read)
        where T : class =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? read(value) : null;

    private static DateOnly? Optional(JsonElement parent, string name, Func<JsonElement, DateOnly> read) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? read(value) : null;

    private static DateTimeOffset? Optional(JsonElement parent, string name, Func<JsonElement, DateTimeOffset> read) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? read(value) : null;

    private static double? NumberOf(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static T Parse<T>(string? code, Func<T, string> codeOf)
        where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => codeOf(v) == code).Select(v => (T?)v).FirstOrDefault()
            ?? throw new FormatException($"Unknown {typeof(T).Name} code '{code}'.");

    private static DateOnly DateOf(JsonElement e) => DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset TimestampOf(JsonElement e) =>
        DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static Period PeriodOf(JsonElement e) => Period.Parse(e.GetString()!);

    private static Territory TerritoryOf(JsonElement e) =>
        Territory.TryParse(e.GetString(), out var t) ? t : throw new FormatException($"Unknown territory '{e.GetString()}'.");
}
