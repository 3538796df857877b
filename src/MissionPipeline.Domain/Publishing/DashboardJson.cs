using MissionPipeline.Text;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;

namespace MissionPipeline.Publishing;

/// <summary>
/// Writes the snapshot <c>dashboard.json</c> of docs/architecture.md: UTF-8, indented, camelCase contract
/// names, byte-identical for an equal <see cref="Dashboard"/>. Conventions:
/// <list type="bullet">
/// <item>Every field is always written; an absent value is written as JSON <c>null</c> (never
/// omitted), so every indicator object has the same fields: <c>target</c> and <c>baseline</c> of a
/// context indicator, <c>actual</c> without figures, <c>expectedToDate</c> / <c>projection</c> /
/// <c>progress</c> where the rule defines none, <c>noDataReason</c> (<c>{code, message}</c>) unless
/// the status is no_data, <c>doneOn</c> unless a milestone is done.</item>
/// <item>Numbers are JSON numbers in the shortest form that reads back to the same double (invariant,
/// whatever the current culture); rates are fractions (0.55, not 55); −0 is written 0.</item>
/// <item>Dates are <c>yyyy-MM-dd</c>; received times are UTC ISO 8601 (<c>2009-04-09T08:12:31Z</c>,
/// fractional seconds only when present); periods in their canonical notation (<c>2009-03</c>, <c>2009-T1</c>).</item>
/// <item>A territory cell hidden by small-count suppression is written <c>"s"</c>.</item>
/// <item>Order is the dashboard's own (catalogue order, periods, territory order); nothing of "now" is written.</item>
/// </list>
/// Beyond the contract's fields: <c>summary.byStatus.context</c>, <c>noDataReason</c>, <c>doneOn</c>,
/// <c>warnings</c> (<c>[{code, territory, period, message}]</c>, see <see cref="IndicatorWarning"/>) and
/// each completeness entry's <c>lastReceived</c> (UTC timestamp or null). <see cref="Read"/> reads
/// the file back.
/// </summary>
public static partial class DashboardJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // Accents and French quotes stay readable; the file is JSON, never inlined into HTML as is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Dashboard dashboard)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("asOf", Date(dashboard.AsOf));
            w.WriteString("catalogue", dashboard.Catalogue);
            Instant(w, "knownAt", dashboard.KnownAt);
            Instant(w, "latestReceipt", dashboard.LatestReceipt);
            WriteSummary(w, dashboard.Summary);
            w.WriteStartArray("indicators");
            foreach (var indicator in dashboard.Indicators)
            {
                WriteIndicator(w, indicator);
            }

            w.WriteEndArray();
            WriteCompleteness(w, dashboard.Completeness);
            if (dashboard.ChangesSince is { } since)
            {
                w.WriteString("changesSince", Date(since));
            }
            else
            {
                w.WriteNull("changesSince");
            }

            WriteChanges(w, dashboard.Changes);
            if (dashboard.AccountRevised is { } account)
            {
                w.WriteStartObject("accountRevised");
                w.WriteString("asOf", Date(account.AsOf));
                WriteChanges(w, account.Changes);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("accountRevised");
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>An instant as UTC ISO 8601 to the second (<c>2010-01-15T08:00:00Z</c>), or null.</summary>
    private static void Instant(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            w.WriteString(name, IsoInstant.Write(value));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteSummary(Utf8JsonWriter w, DashboardSummary summary)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("indicators", summary.Indicators);
        w.WriteStartObject("byStatus");
        var s = summary.ByStatus;
        w.WriteNumber(IndicatorStatus.Achieved.Code(), s.Achieved);
        w.WriteNumber(IndicatorStatus.OnTrack.Code(), s.OnTrack);
        w.WriteNumber(IndicatorStatus.AtRisk.Code(), s.AtRisk);
        w.WriteNumber(IndicatorStatus.OffTrack.Code(), s.OffTrack);
        w.WriteNumber(IndicatorStatus.Missed.Code(), s.Missed);
        w.WriteNumber(IndicatorStatus.NoData.Code(), s.NoData);
        w.WriteNumber(IndicatorStatus.Unassessed.Code(), s.Unassessed);
        w.WriteNumber(IndicatorStatus.Context.Code(), s.Context);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteIndicator(Utf8JsonWriter w, IndicatorResult r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id.Value);
        w.WriteNumber("axis", r.Axis);
        w.WriteString("title", r.Title);
        w.WriteString("unit", r.Unit);
        w.WriteString("quote", r.Quote);
        WriteTarget(w, "target", r.Target);
        WriteOtherTargets(w, r.OtherTargets);
        WriteBaseline(w, r.Baseline);
        w.WriteNumberOrNull("actual", r.Actual);
        Periods(w, "periodsReported", r.PeriodsReported);
        w.WriteNumberOrNull("expectedToDate", r.ExpectedToDate);
        w.WriteNumberOrNull("projection", r.Projection);
        w.WriteNumberOrNull("progress", r.Progress);
        w.WriteString("status", r.Status.Code());
        w.WriteBoolean("provisional", r.Provisional);
        WriteSeries(w, r.Series);
        WriteTerritories(w, r.Territories);
        WriteSources(w, r.Sources);
        WriteNoDataReason(w, r.NoDataReason);
        NullableString(w, "doneOn", r.DoneOn is { } done ? Date(done) : null);
        WriteRevision(w, r.LatestRevision);
        WriteComparison(w, r.ComparedWith);
        WriteForecast(w, r.Forecast);
        WriteCounted(w, r.Counted);
        WriteDefinition(w, r.Definition);
        WriteBreaks(w, r.Breaks);
        WriteWarnings(w, r.Warnings);
        w.WriteEndObject();
    }

    /// <summary><c>forecast</c>: the year-end forecast and its 80 % interval (null ends for the straight line), or null.</summary>
    private static void WriteForecast(Utf8JsonWriter w, Forecast? forecast)
    {
        if (forecast is null)
        {
            w.WriteNull("forecast");
            return;
        }

        w.WriteStartObject("forecast");
        w.WriteNumber("value", Math.Round(forecast.Value, 6));
        if (forecast.Low is { } low && forecast.High is { } high)
        {
            w.WriteNumber("low", Math.Round(low, 6));
            w.WriteNumber("high", Math.Round(high, 6));
        }
        else
        {
            w.WriteNull("low");
            w.WriteNull("high");
        }

        w.WriteString("method", forecast.Method);
        w.WriteNumber("years", forecast.Years);
        w.WriteEndObject();
    }

    /// <summary><c>counted</c>: for a count over a threshold, every département's value of its latest period and whether it is counted; null for other indicators.</summary>
    private static void WriteCounted(Utf8JsonWriter w, CountedTerritories? counted)
    {
        if (counted is null)
        {
            w.WriteNull("counted");
            return;
        }

        w.WriteStartObject("counted");
        w.WriteString("period", counted.Period.ToString());
        w.WriteNumber("threshold", counted.Threshold);
        w.WriteStartArray("territories");
        foreach (var cell in counted.Territories)
        {
            w.WriteStartObject();
            w.WriteString("territory", cell.Territory.Code);
            w.WriteNumberOrNull("value", cell.Value);
            w.WriteBoolean("counted", counted.Counts(cell.Value));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>revision</c>: the latest change a later file made to a headline value, or null.</summary>
    private static void WriteRevision(Utf8JsonWriter w, Revision? revision)
    {
        if (revision is null)
        {
            w.WriteNull("revision");
            return;
        }

        w.WriteStartObject("revision");
        w.WriteString("period", revision.Period.ToString());
        w.WriteNumberOrNull("from", revision.From);
        w.WriteNumberOrNull("to", revision.To);
        w.WriteString("received", Timestamp(revision.Received));
        w.WriteString("file", revision.File);
        w.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter w, Comparison? comparison)
    {
        if (comparison is null)
        {
            w.WriteNull("comparedWith");
            return;
        }

        w.WriteStartObject("comparedWith");
        w.WriteString("basis", comparison.Basis);
        w.WriteNumber("compared", comparison.Compared);
        w.WriteNumber("reference", comparison.Reference);
        w.WriteString("from", comparison.From.ToString());
        w.WriteString("to", comparison.To.ToString());
        w.WriteEndObject();
    }

    private static void WriteWarnings(Utf8JsonWriter w, IReadOnlyList<IndicatorWarning> warnings)
    {
        w.WriteStartArray("warnings");
        foreach (var warning in warnings)
        {
            w.WriteStartObject();
            w.WriteString("code", warning.Code);
            w.WriteString("territory", warning.Territory.Code);
            w.WriteString("period", warning.Period.ToString());
            w.WriteString("message", warning.Message);
            if (warning.Code == IndicatorWarning.UnusualValue)
            {
                w.WriteNumberOrNull("value", warning.Value);
                w.WriteNumberOrNull("usualLow", warning.UsualLow);
                w.WriteNumberOrNull("usualHigh", warning.UsualHigh);
                NullableString(w, "agency", warning.Agency?.Value);
                NullableString(w, "ingestId", warning.IngestId);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A target: kind, value, due date, its short label (or null) and the document that sets it (or null).</summary>
    private static void WriteTarget(Utf8JsonWriter w, string? name, Target? target)
    {
        if (target is null)
        {
            w.WriteNull(name!);
            return;
        }

        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        WriteTargetFields(w, target);
        w.WriteEndObject();
    }

    private static void WriteTargetFields(Utf8JsonWriter w, Target target)
    {
        w.WriteString("kind", target.Kind.Code());
        w.WriteNumberOrNull("value", target.Value);
        NullableString(w, "due", target.Due is { } due ? Date(due) : null);
        NullableString(w, "label", target.Label);
        WriteSource(w, target.Source);
    }

    private static void WriteSource(Utf8JsonWriter w, TargetSource? source)
    {
        if (source is null)
        {
            w.WriteNull("source");
            return;
        }

        w.WriteStartObject("source");
        w.WriteString("reference", source.Reference);
        NullableString(w, "quote", source.Quote);
        w.WriteEndObject();
    }

    /// <summary><c>otherTargets</c>: the year's targets beside the headline one, each with its own status and progress.</summary>
    private static void WriteOtherTargets(Utf8JsonWriter w, IReadOnlyList<TargetStanding> others)
    {
        w.WriteStartArray("otherTargets");
        foreach (var other in others)
        {
            w.WriteStartObject();
            WriteTargetFields(w, other.Target);
            w.WriteString("status", other.Status.Code());
            w.WriteNumberOrNull("progress", other.Progress);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>definition</c>: the version in force at asOf (from, text, source), or null when the definition never changed.</summary>
    private static void WriteDefinition(Utf8JsonWriter w, DefinitionVersion? definition)
    {
        if (definition is null)
        {
            w.WriteNull("definition");
            return;
        }

        w.WriteStartObject("definition");
        NullableString(w, "from", definition.From is { } from ? Date(from) : null);
        w.WriteString("text", definition.Text);
        WriteSource(w, definition.Source);
        w.WriteEndObject();
    }

    /// <summary><c>breaks</c>: the definition changes the figures cross ("rupture de série"), in order.</summary>
    private static void WriteBreaks(Utf8JsonWriter w, IReadOnlyList<SeriesBreak> breaks)
    {
        w.WriteStartArray("breaks");
        foreach (var b in breaks)
        {
            w.WriteStartObject();
            w.WriteString("date", Date(b.Date));
            w.WriteString("before", b.Before);
            w.WriteString("after", b.After);
            WriteSource(w, b.Source);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteBaseline(Utf8JsonWriter w, Baseline? baseline)
    {
        if (baseline is null)
        {
            w.WriteNull("baseline");
            return;
        }

        w.WriteStartObject("baseline");
        w.WriteString("period", baseline.Period.ToString());
        w.WriteNumberOrNull("value", baseline.Value);
        w.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter w, IReadOnlyList<SeriesPoint> series)
    {
        w.WriteStartArray("series");
        foreach (var point in series)
        {
            w.WriteStartObject();
            w.WriteString("period", point.Period.ToString());
            w.WriteNumberOrNull("value", point.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTerritories(Utf8JsonWriter w, IReadOnlyList<TerritoryValue> territories)
    {
        w.WriteStartArray("territories");
        foreach (var cell in territories)
        {
            w.WriteStartObject();
            w.WriteString("territory", cell.Territory.Code);
            if (cell.Value is { } value)
            {
                w.WriteNumberOrNull("value", value);
            }
            else
            {
                w.WriteString("value", "s");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteSources(Utf8JsonWriter w, IReadOnlyList<SourceRef> sources)
    {
        w.WriteStartArray("sources");
        foreach (var source in sources)
        {
            w.WriteStartObject();
            w.WriteString("agency", source.Agency.Value);
            w.WriteString("ingestId", source.IngestId);
            if (source.File is { } file)
            {
                w.WriteString("file", file);
            }

            w.WriteString("received", Timestamp(source.Received));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteNoDataReason(Utf8JsonWriter w, NoDataReason? reason)
    {
        if (reason is null)
        {
            w.WriteNull("noDataReason");
            return;
        }

        w.WriteStartObject("noDataReason");
        w.WriteString("code", reason.Code.Code());
        w.WriteString("message", reason.Message);
        w.WriteEndObject();
    }

    private static void WriteCompleteness(Utf8JsonWriter w, IReadOnlyList<CompletenessEntry> entries)
    {
        w.WriteStartArray("completeness");
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("agency", e.Agency.Value);
            w.WriteString("indicator", e.Indicator.Value);
            Periods(w, "expected", e.Expected);
            Periods(w, "received", e.Received);
            Periods(w, "ahead", e.Ahead);
            w.WriteStartArray("late");
            foreach (var late in e.Late)
            {
                w.WriteStartObject();
                w.WriteString("period", late.Period.ToString());
                w.WriteNumber("days", late.Days);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            NullableString(w, "lastReceived", e.LastReceived is { } last ? Timestamp(last) : null);
            if (e.MeanAbsoluteRevision is { } revision)
            {
                w.WriteNumber("meanAbsoluteRevision", Math.Round(revision, 6));
            }
            else
            {
                w.WriteNull("meanAbsoluteRevision");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteChanges(Utf8JsonWriter w, IReadOnlyList<DashboardChange> changes)
    {
        w.WriteStartArray("changes");
        foreach (var c in changes)
        {
            w.WriteStartObject();
            w.WriteString("indicator", c.Indicator.Value);
            w.WriteString("field", c.Field);
            NullableString(w, "from", c.From);
            NullableString(w, "to", c.To);
            w.WriteString("cause", c.Cause);
            NullableString(w, "period", c.Period);
            NullableString(w, "file", c.File);
            w.WriteString("message", c.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Periods(Utf8JsonWriter w, string name, IReadOnlyList<Period> periods)
    {
        w.WriteStartArray(name);
        foreach (var p in periods)
        {
            w.WriteStringValue(p.ToString());
        }

        w.WriteEndArray();
    }


    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset t) => IsoInstant.Write(t);
}
