using System.Globalization;
using System.Text.RegularExpressions;
using MissionPipeline.Text;

namespace MissionPipeline.Periods;

internal static partial class PeriodParser
{
    private static readonly string[] FrenchMonths =
    [
        "janvier", "fevrier", "mars", "avril", "mai", "juin",
        "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
    ];

    private static readonly string[] FrenchMonthAbbreviations =
    [
        "janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec",
    ];

    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = TextNormalizer.Fold(text);
        Match m;
        if ((m = YearRegex().Match(t)).Success)
        {
            return Year(m.Groups["y"].Value, out period);
        }

        if ((m = QuarterRegex().Match(t)).Success || (m = QuarterFirstRegex().Match(t)).Success)
        {
            return Build(m.Groups["y"].Value, m.Groups["q"].Value, static (y, q) => q is >= 1 and <= 4 ? Period.OfQuarter(y, q) : null, out period);
        }

        if ((m = MonthRegex().Match(t)).Success || (m = MonthSlashRegex().Match(t)).Success)
        {
            return Build(m.Groups["y"].Value, m.Groups["m"].Value, static (y, mo) => mo is >= 1 and <= 12 ? Period.OfMonth(y, mo) : null, out period);
        }

        if ((m = DayRegex().Match(t)).Success || (m = DaySlashRegex().Match(t)).Success)
        {
            if (int.TryParse(m.Groups["y"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                && int.TryParse(m.Groups["m"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var mo)
                && int.TryParse(m.Groups["d"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                && y is >= Period.FirstYear and <= Period.LastYear && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo))
            {
                period = Period.OfDay(new DateOnly(y, mo, d));
                return true;
            }

            return false;
        }

        if ((m = MonthNameRegex().Match(t)).Success)
        {
            var name = m.Groups["name"].Value.TrimEnd('.');
            var index = Array.IndexOf(FrenchMonths, name);
            if (index < 0)
            {
                index = Array.IndexOf(FrenchMonthAbbreviations, name);
            }

            return index >= 0 && Build(m.Groups["y"].Value, (index + 1).ToString(CultureInfo.InvariantCulture), static (y, mo) => Period.OfMonth(y, mo), out period);
        }

        return false;
    }

    /// <summary>
    /// The year of a period written in a notation <see cref="TryParse"/> reads, but outside
    /// <see cref="Period.FirstYear"/>–<see cref="Period.LastYear"/> (<c>0001-01</c>, <c>9999</c>): the
    /// notation is right and the year is not, which a reader's message says: the year as written; null otherwise.
    /// </summary>
    public static string? YearOutOfRange(string? text)
    {
        var year = text is null ? Match.Empty : FourDigits().Match(text);
        if (!year.Success || FourDigits().IsMatch(text.AsSpan(year.Index + year.Length)))
        {
            return null;
        }

        var y = int.Parse(year.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        if (y is >= Period.FirstYear and <= Period.LastYear)
        {
            return null;
        }

        // 2000, a leap year: a 29 February stays a day whose year alone is wrong.
        return TryParse(string.Concat(text.AsSpan(0, year.Index), "2000", text.AsSpan(year.Index + year.Length)), out _) ? year.Value : null;
    }

    private static bool Year(string text, out Period period)
    {
        period = default;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < Period.FirstYear or > Period.LastYear)
        {
            return false;
        }

        period = Period.OfYear(y);
        return true;
    }

    private static bool Build(string yearText, string indexText, Func<int, int, Period?> make, out Period period)
    {
        period = default;
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < Period.FirstYear or > Period.LastYear
            || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            return false;
        }

        var p = make(y, i);
        if (p is null)
        {
            return false;
        }

        period = p.Value;
        return true;
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{4}(?![0-9])")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^(?<y>\d{4})$")]
    private static partial Regex YearRegex();

    [GeneratedRegex(@"^(?<y>\d{4})\s*-?\s*[tq](?<q>\d)$")]
    private static partial Regex QuarterRegex();

    [GeneratedRegex(@"^[tq](?<q>\d)\s*[- ]?\s*(?<y>\d{4})$")]
    private static partial Regex QuarterFirstRegex();

    [GeneratedRegex(@"^(?<y>\d{4})\s*(-|m)\s*(?<m>\d{1,2})$")]
    private static partial Regex MonthRegex();

    [GeneratedRegex(@"^(?<m>\d{1,2})\s*[/.-]\s*(?<y>\d{4})$")]
    private static partial Regex MonthSlashRegex();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$")]
    private static partial Regex DayRegex();

    [GeneratedRegex(@"^(?<d>\d{1,2})\s*[/.]\s*(?<m>\d{1,2})\s*[/.]\s*(?<y>\d{4})$")]
    private static partial Regex DaySlashRegex();

    [GeneratedRegex(@"^(?<name>[a-z]+\.?)\s+(?<y>\d{4})$")]
    private static partial Regex MonthNameRegex();
}
