using System.Globalization;
using System.Text.RegularExpressions;
using MissionPipeline.Periods;
using MissionPipeline.Text;

namespace MissionPipeline.Readers;

/// <summary>A column of a STMT sheet whose leaf label ends with a series code: <c>France métro. (OEE ABC)</c>.</summary>
internal sealed record StmtColumn(int Index, int HeaderRow, string Header, string Label, string Code);

/// <summary>
/// Where things are in a series sheet of a STMT workbook (F3), found by content, not by row number:
/// the header is the run of rows holding series codes (a cell ending with an upper-case code in
/// parentheses, <c>(OEE ABC)</c>) just above the first row whose first non-blank cell is a month (an
/// Excel date, a date serial, <c>2009-01</c>, <c>janv. 2009</c>): that cell's column is the month
/// column. A column's series is the code of its lowest header cell that has one (a leaf label, or an
/// upper label merged down over the leaf row, like <c>DOM (OEE ABC)</c>); columns without any are
/// spacers or labels. <see cref="Data"/> is what the <c>Données</c> metadata row above the header says
/// (<c>CVS-CJO</c>, <c>Brutes</c>), null without such a row.
/// </summary>
internal sealed partial class StmtLayout
{
    /// <summary>How many non-blank rows of a sheet may come before its first month row.</summary>
    public const int MaxRowsBeforeData = 30;

    private StmtLayout(int monthColumn, string monthHeader, IReadOnlyList<string> texts, IReadOnlyList<StmtColumn> columns, string? data, TableRow headerStart)
    {
        MonthColumn = monthColumn;
        MonthHeader = monthHeader;
        Texts = texts;
        Columns = columns;
        Data = data;
        HeaderStart = headerStart;
    }

    public int MonthColumn { get; }

    /// <summary>The month column's header text as written, « Période » when it has none.</summary>
    public string MonthHeader { get; }

    /// <summary>Each column's header text (leaf label, other header text, or blank), for <see cref="TableChecks.CheckRow"/>.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>The series columns, left to right.</summary>
    public IReadOnlyList<StmtColumn> Columns { get; }

    public string? Data { get; }

    /// <summary>The first header row: where problems of the whole sheet's layout are located.</summary>
    public TableRow HeaderStart { get; }

    /// <summary>True when some cell of <paramref name="row"/> ends with a series code in parentheses.</summary>
    public static bool HasSeriesCode(TableRow row) => row.Cells.Any(c => SeriesCode().IsMatch(c));

    /// <summary>
    /// The layout of a sheet whose rows so far are <paramref name="before"/> and whose next row is
    /// <paramref name="candidate"/>; null unless <paramref name="candidate"/> is its first month row
    /// (its serials counted from 1904 when <paramref name="date1904"/>).
    /// </summary>
    public static StmtLayout? Find(IReadOnlyList<TableRow> before, TableRow candidate, bool date1904)
    {
        var first = FirstNonBlank(candidate);
        if (first < 0 || !TryReadMonth(candidate[first], date1904, out _))
        {
            return null;
        }

        var start = before.Count;
        while (start > 0 && HasSeriesCode(before[start - 1]))
        {
            start--;
        }

        if (start == before.Count)
        {
            return null;
        }

        var header = before.Skip(start).ToArray();
        var (texts, columns) = ReadHeader(header, first);
        texts[first] = texts[first].Length > 0 ? texts[first] : "Période";
        return new StmtLayout(first, texts[first], texts, columns, DataKind(before.Take(start)), header[0]);
    }

    /// <summary>
    /// Reads a month cell: a date shown as a month (<c>2009-01</c>), a day (<c>2009-01-01</c>, its
    /// month), a month in another notation of <see cref="Period.TryParse"/>, or an Excel date serial
    /// left without a date format (a whole number between 1950 and 2099), counted from 1904 in a
    /// workbook that says so (<paramref name="date1904"/>).
    /// </summary>
    public static bool TryReadMonth(string text, bool date1904, out Period month)
    {
        month = default;
        if (Period.TryParse(text, out var period))
        {
            if (period.Kind is PeriodKind.Month or PeriodKind.Day)
            {
                month = Period.OfMonth(period.Year, period.Index);
                return true;
            }

            return false;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)
            && serial == Math.Floor(serial) && (serial += date1904 ? Days1900To1904 : 0) is >= FirstSerial and < LastSerial)
        {
            var date = DateTime.FromOADate(serial);
            month = Period.OfMonth(date.Year, date.Month);
            return true;
        }

        return false;
    }

    // The days from Excel's 1900 origin to its 1904 one: 1904-01-01 is serial 1462 counted from 1900.
    private const double Days1900To1904 = 1_462;

    // Excel serials of 1950-01-01 and 2100-01-01: a bare year such as 2009 is never taken for a date.
    private const double FirstSerial = 18_264;
    private const double LastSerial = 73_051;

    /// <summary>Each column's header text, and the series columns: those (but the month column) with a series code in a header cell, the lowest one.</summary>
    private static (string[] Texts, List<StmtColumn> Columns) ReadHeader(TableRow[] header, int monthColumn)
    {
        var texts = new string[Math.Max(header.Max(r => r.Cells.Count), monthColumn + 1)];
        var columns = new List<StmtColumn>();
        for (var c = 0; c < texts.Length; c++)
        {
            var coded = c == monthColumn ? null : header.LastOrDefault(r => SeriesCode().IsMatch(r[c]));
            if (coded is not null)
            {
                var match = SeriesCode().Match(coded[c]);
                texts[c] = coded[c].Trim();
                columns.Add(new StmtColumn(c, coded.Number, texts[c], match.Groups["label"].Value.Trim(), match.Groups["code"].Value));
            }
            else
            {
                texts[c] = header.LastOrDefault(r => !string.IsNullOrWhiteSpace(r[c]))?[c].Trim() ?? string.Empty;
            }
        }

        return (texts, columns);
    }

    /// <summary>
    /// The head row just above the first month row of <paramref name="table"/>, when no row before it
    /// carries a series code: labels retyped without their « (DEFM A HUE) », which is what makes a
    /// STMT sheet known. Null for any other table (a month row too far down is not looked for).
    /// </summary>
    public static TableRow? LabelsWithoutCode(Table table, bool date1904)
    {
        for (var i = 1; i < table.Head.Count; i++)
        {
            if (HasSeriesCode(table.Head[i - 1]))
            {
                return null;
            }

            if (FirstNonBlank(table.Head[i]) is var first and >= 0 && TryReadMonth(table.Head[i][first], date1904, out _))
            {
                return table.Head[i - 1];
            }
        }

        return null;
    }

    private static int FirstNonBlank(TableRow row)
    {
        for (var i = 0; i < row.Cells.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(row.Cells[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The cell after « Données » in the metadata rows, if any.</summary>
    private static string? DataKind(IEnumerable<TableRow> metadata)
    {
        foreach (var row in metadata)
        {
            var cells = row.Cells.Where(c => !string.IsNullOrWhiteSpace(c)).ToArray();
            if (cells.Length >= 2 && TextNormalizer.Fold(cells[0]).TrimEnd(' ', ':') == "donnees")
            {
                return cells[1].Trim();
            }
        }

        return null;
    }

    /// <summary>A label ending with an upper-case series code in parentheses: <c>Étrangers hors UE (DEFM A HUE)</c>; not a footnote call <c>(1)</c>.</summary>
    [GeneratedRegex(@"^(?<label>.*?)\s*\((?<code>[A-Z][A-Z0-9]*(?: [A-Z0-9]+)*)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex SeriesCode();
}
