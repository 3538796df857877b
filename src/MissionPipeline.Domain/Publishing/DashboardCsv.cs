using System.Globalization;
using System.Text;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Writes the snapshot <c>dashboard.csv</c>: one row per indicator, in catalogue order, with the
/// scalar fields of <c>dashboard.json</c> (<see cref="Columns"/>); byte-identical for an equal dashboard.
/// <list type="bullet">
/// <item>RFC 4180: comma-separated, CRLF after every row (the header included), a field quoted when
/// it holds a comma, a double quote, CR or LF (quotes doubled inside).</item>
/// <item>UTF-8 without a byte-order mark. The file is for programs first (<c>GET /api/dashboard?format=csv</c>
/// sends <c>charset=utf-8</c>): exactness wins over double-clicking it into Excel, which would
/// anyway split on semicolons and read decimal commas in a French locale. Excel users import it
/// (Données &gt; À partir d'un fichier texte, UTF-8, virgule) or read the HTML page.</item>
/// <item>Numbers in the invariant culture, shortest round-trip form, <c>.</c> as decimal separator,
/// rates as fractions (0.894); booleans <c>true</c> / <c>false</c>; dates <c>yyyy-MM-dd</c>; an
/// absent value is an empty field.</item>
/// <item>Formula injection: a text field starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// CR gets a leading <c>'</c>. Number fields are written by us from doubles and are never prefixed
/// (a leading <c>-</c> there is a minus sign, which spreadsheets read as a number).</item>
/// </list>
/// </summary>
public static class DashboardCsv
{
    /// <summary>
    /// The header row: <c>periodsReported</c> is the number of periods, <c>warnings</c> the number of
    /// warnings, <c>targetSource</c> the document that sets the headline target, <c>seriesBreak</c>
    /// the date of the latest definition change the figures cross; <c>comparedWith…</c> what a direction
    /// status compared (<see cref="Comparison"/>); <c>forecast…</c> the year-end forecast and its
    /// interval, which a threshold status may follow rather than <c>projection</c>; <c>otherTarget…</c>
    /// the year's first other target (the budget's beside the letter's) with its own status and progress.
    /// New columns are added at the end.
    /// </summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "asOf", "id", "axis", "title", "unit", "targetKind", "targetValue", "targetDue", "baselinePeriod", "baselineValue",
        "actual", "expectedToDate", "projection", "progress", "status", "provisional", "periodsReported", "lastPeriod",
        "doneOn", "noDataReason", "noDataMessage", "warnings", "quote", "targetSource", "seriesBreak",
        "comparedWithBasis", "comparedWith", "comparedWithFrom", "comparedWithTo", "forecast", "forecastLow", "forecastHigh",
        "otherTargetKind", "otherTargetValue", "otherTargetStatus", "otherTargetProgress", "otherTargetSource",
    ];

    public static byte[] Write(Dashboard dashboard) => Write(dashboard, CsvDialect.Standard);

    /// <summary>
    /// The CSV in <paramref name="dialect"/>: <see cref="CsvDialect.Standard"/> as above;
    /// <see cref="CsvDialect.French"/> (<c>dashboard.fr.csv</c>) for Excel in French, which opens it
    /// as is: <c>;</c> between fields, decimal commas, <c>oui</c>/<c>non</c>, and a UTF-8 byte-order
    /// mark (without it Excel reads the accents as Windows-1252). Same columns, same rows.
    /// </summary>
    public static byte[] Write(Dashboard dashboard, CsvDialect dialect)
    {
        var text = new StringBuilder();
        var separator = dialect == CsvDialect.French ? ';' : ',';
        Row(text, Columns.Select(c => Text(c, separator)), separator);
        foreach (var r in dashboard.Indicators)
        {
            Row(text, Fields(dashboard.AsOf, r, dialect), separator);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: dialect == CsvDialect.French).GetPreamble()
            .Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
    }

    /// <summary>A text field, quoted and neutralised as the rules above say.</summary>
    public static string Text(string? value) => Text(value, ',');

    private static string Text(string? value, char separator)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static IEnumerable<string> Fields(DateOnly asOf, IndicatorResult r, CsvDialect dialect)
    {
        var separator = dialect == CsvDialect.French ? ';' : ',';
        string T(string? value) => Text(value, separator);
        string N(double? value) => Number(value, dialect);
        var other = r.OtherTargets.Count == 0 ? null : r.OtherTargets[0];
        return
        [
            Date(asOf), T(r.Id.Value), r.Axis.ToString(CultureInfo.InvariantCulture), T(r.Title), T(r.Unit),
            T(r.Target?.Kind.Code()), N(r.Target?.Value), Date(r.Target?.Due),
            T(r.Baseline?.Period.ToString()), N(r.Baseline?.Value),
            N(r.Actual), N(r.ExpectedToDate), N(r.Projection), N(r.Progress),
            T(r.Status.Code()), dialect == CsvDialect.French ? (r.Provisional ? "oui" : "non") : (r.Provisional ? "true" : "false"),
            r.PeriodsReported.Count.ToString(CultureInfo.InvariantCulture),
            T(r.PeriodsReported.Count == 0 ? null : r.PeriodsReported.Max().ToString()),
            Date(r.DoneOn), T(r.NoDataReason?.Code.Code()), T(r.NoDataReason?.Message),
            r.Warnings.Count.ToString(CultureInfo.InvariantCulture), T(r.Quote),
            T(r.Target?.Source?.Reference), Date(r.Breaks.Count == 0 ? null : r.Breaks[^1].Date),
            T(r.ComparedWith?.Basis), N(r.ComparedWith?.Reference), T(r.ComparedWith?.From.ToString()), T(r.ComparedWith?.To.ToString()),
            N(r.Forecast?.Value), N(r.Forecast?.Low), N(r.Forecast?.High),
            T(other?.Target.Kind.Code()), N(other?.Target.Value), T(other?.Status.Code()), N(other?.Progress), T(other?.Target.Source?.Reference),
        ];
    }

    private static void Row(StringBuilder text, IEnumerable<string> fields, char separator) => text.AppendJoin(separator, fields).Append("\r\n");

    // No thousands separator in either dialect: a spreadsheet reads 29288 as a number, "29 288" as text.
    private static string Number(double? value, CsvDialect dialect) =>
        value is { } v
            ? (dialect == CsvDialect.French ? (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture).Replace('.', ',') : (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture))
            : string.Empty;

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>The two CSV dialects a snapshot is published in.</summary>
public enum CsvDialect
{
    /// <summary>RFC 4180 for programs: <c>,</c>, decimal point, no byte-order mark (<c>dashboard.csv</c>).</summary>
    Standard,

    /// <summary>For Excel in French: <c>;</c>, decimal comma, UTF-8 byte-order mark (<c>dashboard.fr.csv</c>).</summary>
    French,
}
