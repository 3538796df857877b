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
    /// <summary>The header row: <c>periodsReported</c> is the number of periods, <c>warnings</c> the number of warnings.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "asOf", "id", "axis", "title", "unit", "targetKind", "targetValue", "targetDue", "baselinePeriod", "baselineValue",
        "actual", "expectedToDate", "projection", "progress", "status", "provisional", "periodsReported", "lastPeriod",
        "doneOn", "noDataReason", "noDataMessage", "warnings", "quote",
    ];

    public static byte[] Write(Dashboard dashboard)
    {
        var text = new StringBuilder();
        Row(text, Columns.Select(Text));
        foreach (var r in dashboard.Indicators)
        {
            Row(text, Fields(dashboard.AsOf, r));
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    /// <summary>A text field, quoted and neutralised as the rules above say.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static IEnumerable<string> Fields(DateOnly asOf, IndicatorResult r) =>
    [
        Date(asOf), Text(r.Id.Value), r.Axis.ToString(CultureInfo.InvariantCulture), Text(r.Title), Text(r.Unit),
        Text(r.Target?.Kind.Code()), Number(r.Target?.Value), Date(r.Target?.Due),
        Text(r.Baseline?.Period.ToString()), Number(r.Baseline?.Value),
        Number(r.Actual), Number(r.ExpectedToDate), Number(r.Projection), Number(r.Progress),
        Text(r.Status.Code()), r.Provisional ? "true" : "false",
        r.PeriodsReported.Count.ToString(CultureInfo.InvariantCulture),
        Text(r.PeriodsReported.Count == 0 ? null : r.PeriodsReported.Max().ToString()),
        Date(r.DoneOn), Text(r.NoDataReason?.Code.Code()), Text(r.NoDataReason?.Message),
        r.Warnings.Count.ToString(CultureInfo.InvariantCulture), Text(r.Quote),
    ];

    private static void Row(StringBuilder text, IEnumerable<string> fields) => text.AppendJoin(',', fields).Append("\r\n");

    private static string Number(double? value) =>
        value is { } v ? (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
