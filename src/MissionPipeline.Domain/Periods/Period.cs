using System.Globalization;

namespace MissionPipeline.Periods;

/// <summary>The granularity of a <see cref="Period"/>.</summary>
public enum PeriodKind
{
    Year,
    Quarter,
    Month,
    Day,
}

/// <summary>
/// A reporting period: a year (<c>2009</c>), a quarter (<c>2009-T1</c>), a month (<c>2009-03</c>) or a
/// day (<c>2009-03-15</c>, for milestones and stocks on a date). <see cref="ToString"/> gives that
/// canonical notation, which is also safe inside table keys. Periods order by start, then the longer first.
/// </summary>
public readonly record struct Period : IComparable<Period>
{
    private Period(PeriodKind kind, int year, int index, int day)
    {
        Kind = kind;
        Year = year;
        Index = index;
        DayOfMonth = day;
    }

    public PeriodKind Kind { get; }

    public int Year { get; }

    /// <summary>The quarter (1-4) or the month (1-12); 0 for a year.</summary>
    public int Index { get; }

    /// <summary>The day of the month for a day period, else 0.</summary>
    public int DayOfMonth { get; }

    /// <summary>The first year a period may fall in: agency series go back decades, never to before 1900.</summary>
    public const int FirstYear = 1900;

    /// <summary>The last year a period may fall in (the four digits every notation writes).</summary>
    public const int LastYear = 2999;

    public static Period OfYear(int year) => new(PeriodKind.Year, CheckYear(year), 0, 0);

    public static Period OfQuarter(int year, int quarter) =>
        quarter is >= 1 and <= 4 ? new(PeriodKind.Quarter, CheckYear(year), quarter, 0) : throw new ArgumentOutOfRangeException(nameof(quarter));

    public static Period OfMonth(int year, int month) =>
        month is >= 1 and <= 12 ? new(PeriodKind.Month, CheckYear(year), month, 0) : throw new ArgumentOutOfRangeException(nameof(month));

    public static Period OfDay(DateOnly date) => new(PeriodKind.Day, CheckYear(date.Year), date.Month, date.Day);

    /// <summary>First day of the period.</summary>
    public DateOnly Start => Kind switch
    {
        PeriodKind.Year => new DateOnly(Year, 1, 1),
        PeriodKind.Quarter => new DateOnly(Year, ((Index - 1) * 3) + 1, 1),
        PeriodKind.Month => new DateOnly(Year, Index, 1),
        _ => new DateOnly(Year, Index, DayOfMonth),
    };

    /// <summary>Last day of the period (inclusive).</summary>
    public DateOnly End => Kind switch
    {
        PeriodKind.Year => new DateOnly(Year, 12, 31),
        PeriodKind.Quarter => new DateOnly(Year, Index * 3, 1).AddMonths(1).AddDays(-1),
        PeriodKind.Month => new DateOnly(Year, Index, 1).AddMonths(1).AddDays(-1),
        _ => Start,
    };

    /// <summary>The number of whole months the period spans (0 for a day).</summary>
    public int Months => Kind switch
    {
        PeriodKind.Year => 12,
        PeriodKind.Quarter => 3,
        PeriodKind.Month => 1,
        _ => 0,
    };

    /// <summary>True when <paramref name="other"/> lies entirely within this period.</summary>
    public bool Contains(Period other) => other.Start >= Start && other.End <= End;

    /// <summary>The months of a year, quarter or month period, in order; empty for a day.</summary>
    public IEnumerable<Period> MonthsWithin()
    {
        if (Kind == PeriodKind.Day)
        {
            yield break;
        }

        var first = Start;
        for (var i = 0; i < Months; i++)
        {
            var m = first.AddMonths(i);
            yield return OfMonth(m.Year, m.Month);
        }
    }

    public int CompareTo(Period other)
    {
        var c = Start.CompareTo(other.Start);
        return c != 0 ? c : other.End.CompareTo(End);
    }

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public override string ToString() => Kind switch
    {
        PeriodKind.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-T{Index}"),
        PeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}-{DayOfMonth:D2}"),
    };

    /// <summary>
    /// Reads every period notation an agency may use: <c>2009</c>, <c>2009-T1</c>, <c>2009-Q1</c>,
    /// <c>2009T1</c>, <c>T1 2009</c>, <c>2009-03</c>, <c>2009M03</c>, <c>03/2009</c>, <c>2009-03-15</c>,
    /// <c>15/03/2009</c> and French month names (<c>mars 2009</c>, <c>Mars 2009</c>). Case, accents
    /// and surrounding spaces do not matter. Returns false for anything else, including impossible dates.
    /// </summary>
    public static bool TryParse(string? text, out Period period) => PeriodParser.TryParse(text, out period);

    /// <summary>Parses the canonical notation written by <see cref="ToString"/>; throws on anything else (our own data only).</summary>
    public static Period Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"Not a period: '{text}'.");

    private static int CheckYear(int year) =>
        year is >= FirstYear and <= LastYear ? year : throw new ArgumentOutOfRangeException(nameof(year));
}
