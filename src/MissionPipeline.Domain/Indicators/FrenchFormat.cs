using System.Globalization;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// Numbers, dates and periods in French notation for the dashboard's sentences and page: <c>29 288</c>,
/// <c>89,4 %</c>, <c>31 décembre 2009</c>, <c>mars 2009</c>, <c>1ᵉʳ trimestre 2009</c>. Built from the
/// invariant culture with fixed rules (thousands are grouped with the narrow no-break space U+202F,
/// a unit sign such as <c>%</c> follows a no-break space U+00A0), never from the machine's fr-FR data, whose separators vary between ICU
/// versions: the published files must be byte-identical everywhere.
/// </summary>
public static class FrenchFormat
{
    /// <summary>The no-break space before a unit sign (<c>%</c>, <c>≥</c> before its figure).</summary>
    public const char Space = '\u00A0';

    /// <summary>The narrow no-break space between groups of thousands.</summary>
    public const char Thousands = '\u202F';

    private static readonly string[] Months =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>
    /// A number as a message quotes it, with the decimals it has, up to <paramref name="maxDecimals"/>:
    /// <c>12 125 529</c>, <c>29,288</c>, <c>116,04</c> (grouped and with a decimal comma, as <see cref="Number"/>).
    /// </summary>
    public static string Figure(double value, int maxDecimals = 10) =>
        (value == 0 ? 0.0 : value).ToString("#,0." + new string('#', maxDecimals), CultureInfo.InvariantCulture).Replace(',', Thousands).Replace('.', ',');

    /// <summary><paramref name="value"/> with <paramref name="decimals"/> decimals: <c>29 288</c>, <c>1 234,5</c>; −0 is 0.</summary>
    public static string Number(double value, int decimals = 0)
    {
        var text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (text.StartsWith('-') && text.Trim('-', '0', '.', ',').Length == 0)
        {
            text = text[1..];
        }

        return text.Replace(',', Thousands).Replace('.', ',');
    }

    /// <summary>
    /// A count and its noun, agreed as French does (0 and 1 singular): <c>1 ligne</c>, <c>0 fichier</c>,
    /// <c>12 345 observations</c>. <paramref name="plural"/> defaults to the singular plus « s ».
    /// </summary>
    public static string Count(long count, string singular, string? plural = null) =>
        Number(count) + " " + (Math.Abs(count) <= 1 ? singular : plural ?? singular + "s");

    /// <summary>Items as French lists them: <c>a</c>, <c>a et b</c>, <c>a, b et c</c> (no comma before « et »); empty for none.</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " et " + items[^1],
    };

    /// <summary>A fraction as a percentage: 0.894 → <c>89,4 %</c>.</summary>
    public static string Percent(double fraction, int decimals = 1) => Number(fraction * 100, decimals) + Space + "%";

    /// <summary>
    /// A small share as a percentage that never reads as nothing: 0.000464 → <c>0,05 %</c> where one
    /// decimal gave « 0,0 % » for 13 people; past three decimals, <c>&lt; 0,001 %</c>. Zero is <c>0,0 %</c>.
    /// </summary>
    public static string Share(double fraction)
    {
        for (var decimals = 1; decimals <= 3; decimals++)
        {
            if (fraction == 0 || Math.Abs(fraction * 100) >= 0.5 * Math.Pow(10, -decimals))
            {
                return Percent(fraction, decimals);
            }
        }

        return "<" + Space + Percent(0.00001, 3);
    }

    /// <summary>A value in its unit's notation: rates as percentages, whole numbers without decimals, others with one (<see cref="UsualDecimals"/>).</summary>
    public static string Value(double value, string unit) => Value(value, unit, UsualDecimals(value, unit));

    /// <summary>A value in its unit's notation with <paramref name="decimals"/> decimals: rates as percentages (<c>10,78 %</c>), others as numbers.</summary>
    public static string Value(double value, string unit, int decimals) =>
        unit == "taux" ? Percent(value, decimals) : Number(value, decimals);

    /// <summary>The decimals <see cref="Value(double, string)"/> writes a value with: one for a rate or a value with a fraction, none for a whole value.</summary>
    public static int UsualDecimals(double value, string unit) =>
        unit == "taux" || Math.Abs(value - Math.Round(value)) >= 1e-9 ? 1 : 0;

    /// <summary>
    /// <paramref name="value"/> as <see cref="Value(double, string)"/> writes it, with as many more decimals (up to
    /// six in all) as it takes for the written figure not to look equal to <paramref name="reference"/>, or
    /// on its other side, when the two differ: 0.69984 against a target of 0.70 is <c>69,98 %</c>,
    /// never <c>70,0 %</c> (a published figure never contradicts its status).
    /// </summary>
    public static string Against(double value, double? reference, string unit)
    {
        // Equal within the rules' own tolerance (TargetRules.AtLeast): (0.204 − 0.2) / 0.2 is 0.01999999999999988,
        // which the rule takes for 2 % and which no decimals would ever set apart (« 2,000000 % »).
        if (reference is not { } r || Math.Abs(value - r) <= 1e-9 * Math.Max(1, Math.Abs(r)) || unit == "rang")
        {
            return Value(value, unit);
        }

        var rate = unit == "taux";
        var scale = rate ? 100 : 1;
        var target = Math.Round(r * scale, 9); // 0.7 × 100 is 70.00000000000001 in binary
        var decimals = rate ? 1 : Math.Abs(value - Math.Round(value)) < 1e-9 ? 0 : 1;
        for (; decimals < 6; decimals++)
        {
            var shown = Math.Round(value * scale, decimals, MidpointRounding.AwayFromZero);
            if (Math.Sign(shown - target) == Math.Sign(value - r) && shown != Math.Round(target, decimals, MidpointRounding.AwayFromZero))
            {
                break;
            }
        }

        return rate ? Percent(value, decimals) : Number(value, decimals);
    }

    /// <summary>
    /// A progress share as a percentage with no decimal, or with the decimals it takes not to read
    /// 100 % when it is not exactly 1 (99,98 %, 100,02 %).
    /// </summary>
    public static string Progress(double progress)
    {
        var whole = Percent(progress, 0);
        return progress != 1 && whole == Percent(1, 0) ? Against(progress, 1, "taux") : whole;
    }

    /// <summary><c>31 décembre 2009</c>, <c>1ᵉʳ juillet 2009</c>.</summary>
    public static string Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{(date.Day == 1 ? Ordinal(1) : date.Day.ToString(CultureInfo.InvariantCulture))} {Months[date.Month - 1]} {date.Year}");

    /// <summary>
    /// An ordinal as French typography writes it, the letters raised: <c>1ᵉʳ</c>, <c>2ᵉ</c>, <c>1 000ᵉ</c>,
    /// in ranks, quarters and the first of a month alike (a page mixed « 1ᵉʳ » and « 1er »). Unicode's
    /// modifier letters rather than markup, so that the text reads the same in a title, an
    /// <c>aria-label</c>, a CSV and the page (system fonts have them: DejaVu, Arial, Liberation).
    /// </summary>
    public static string Ordinal(int n) => n == 1 ? "1\u1D49\u02B3" : Number(n) + "\u1D49";

    /// <summary>
    /// A span of periods after « sur » in a sentence: « mars 2010 », « le 2ᵉ trimestre 2010 », « la
    /// période de janvier 2010 à mars 2010 », « d'avril 2009 à août 2009 » (elided), « du 1ᵉʳ
    /// trimestre 2010 au 2ᵉ trimestre 2010 ».
    /// </summary>
    public static string Over(Period from, Period to)
    {
        if (from == to)
        {
            return Noun(from);
        }

        return "la période " + FromTo(from, to);
    }

    /// <summary>« de janvier 2010 à mars 2010 », « d'avril 2009 à août 2009 » (elided), « du 1ᵉʳ trimestre 2010 au 2ᵉ trimestre 2010 ».</summary>
    public static string FromTo(Period from, Period to)
    {
        var (start, end) = (Period(from), Period(to));
        var of = from.Kind is PeriodKind.Quarter or PeriodKind.Day ? "du " + start : (Elides(start) ? "d'" : "de ") + start;
        var til = to.Kind is PeriodKind.Quarter or PeriodKind.Day ? "au " + end : "à " + end;
        return $"{of} {til}";
    }

    // « d'avril », « d'août », « d'octobre »; never before a consonant or a digit.
    private static bool Elides(string word) => word.Length > 0 && "aeiouyéèâêîôûAEIOUYÉ".Contains(word[0], StringComparison.Ordinal);

    /// <summary>
    /// An instant the product recorded (a receipt, an approval, a release, now) as a sentence writes
    /// it, in the time of Paris, where the ministry reads it: <c>15 janvier 2010 à 17 h 05 (heure de
    /// Paris)</c>, the day and the hour Paris had then, the hour without a leading zero, no-break
    /// spaces inside the time, to the minute (a clock's instant has seconds nobody reads). Machines
    /// read the instant in UTC (ISO 8601), never this.
    /// </summary>
    public static string Moment(DateTimeOffset at) => Clock(ParisTime(at), seconds: false, "heure de Paris");

    /// <summary>
    /// A release time, as <see cref="Moment"/> but with its seconds when it has any
    /// (<c>7 décembre 2026 à 18 h 42 min 21 s (heure de Paris)</c>): a page that said « 18 h 42 » was
    /// still a 404 at 18 h 42 min 10 s (red team, steering unit).
    /// </summary>
    public static string ReleaseMoment(DateTimeOffset at) => Clock(ParisTime(at), seconds: true, "heure de Paris");

    /// <summary>
    /// An instant someone typed (<c>--known-at</c>), in UTC as the commands read one typed without an
    /// offset, with the seconds there are: <c>30 avril 2009 à 23 h 59 min 59 s (UTC)</c>, so that
    /// <c>--known-at 2009-04-30</c> still reads as the 30th, not as the 1st of May in Paris.
    /// </summary>
    public static string TypedMoment(DateTimeOffset at) => Clock(at.UtcDateTime, seconds: true, "UTC");

    private static string Clock(DateTime clock, bool seconds, string zone)
    {
        var time = !seconds || clock.Second == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{clock:%H} h {clock:mm}")
            : string.Create(CultureInfo.InvariantCulture, $"{clock:%H} h {clock:mm} min {clock:ss} s");
        return Date(DateOnly.FromDateTime(clock)) + " à " + time.Replace(' ', Space) + " (" + zone + ")";
    }

    /// <summary>
    /// The clock of Paris at <paramref name="at"/>: UTC + 1 h, and UTC + 2 h from the last Sunday of
    /// March to the last Sunday of October, each change at 1 h UTC (the European Union's rule since
    /// 1996, directive 2000/84/CE). Written here rather than read from the machine's time-zone
    /// database (<see cref="TimeZoneInfo"/>), which a slim container may lack: a page must be the same
    /// bytes on every machine that renders it (ARCHITECTURE.md, invariant 7). A test checks this rule
    /// against that database hour by hour.
    /// </summary>
    public static DateTime ParisTime(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var summer = utc >= LastSunday(utc.Year, 3).AddHours(1) && utc < LastSunday(utc.Year, 10).AddHours(1);
        return DateTime.SpecifyKind(utc.AddHours(summer ? 2 : 1), DateTimeKind.Unspecified);

        static DateTime LastSunday(int year, int month)
        {
            var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
            return last.AddDays(-(int)last.DayOfWeek);
        }
    }

    /// <summary>A short date, for a table's cell: <c>31/12/2009</c>. Prose writes <see cref="Date"/>.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>2009</c>, <c>1ᵉʳ trimestre 2009</c>, <c>mars 2009</c>, <c>15 mars 2009</c>.</summary>
    public static string Period(Period period) => period.Kind switch
    {
        PeriodKind.Year => period.Year.ToString(CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Ordinal(period.Index)} trimestre {period.Year}"),
        PeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Months[period.Index - 1]} {period.Year}"),
        _ => Date(period.Start),
    };

    /// <summary>
    /// A period as the subject or object of a sentence: « le 3ᵉ trimestre 2010 », « le 31 décembre
    /// 2009 », but « mars 2010 » and « 2010 » bare, as French says them (« a révisé 3ᵉ trimestre 2010 »
    /// lacked its article: red team, steering unit).
    /// </summary>
    public static string Noun(Period period) =>
        period.Kind is PeriodKind.Quarter or PeriodKind.Day ? "le " + Period(period) : Period(period);

    /// <summary>A period after a preposition: « au 2ᵉ trimestre 2010 », « en mars 2010 », « en 2010 », « le 15 mars 2010 ».</summary>
    public static string During(Period period) => period.Kind switch
    {
        PeriodKind.Quarter => "au " + Period(period),
        PeriodKind.Day => "le " + Period(period),
        _ => "en " + Period(period),
    };

    /// <summary>A short period for tight spaces: <c>2009</c>, <c>T1 2009</c>, <c>03/2009</c>, <c>15/03/2009</c>.</summary>
    public static string ShortPeriod(Period period) => period.Kind switch
    {
        PeriodKind.Year => period.Year.ToString(CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"T{period.Index} {period.Year}"),
        PeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{period.Index:D2}/{period.Year}"),
        _ => ShortDate(period.Start),
    };
}
