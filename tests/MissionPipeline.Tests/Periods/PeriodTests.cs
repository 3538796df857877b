using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Periods;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2009", "2009")]
    [InlineData("2009-T1", "2009-T1")]
    [InlineData("2009-Q2", "2009-T2")]
    [InlineData("2009t3", "2009-T3")]
    [InlineData("T4 2009", "2009-T4")]
    [InlineData("2009-03", "2009-03")]
    [InlineData("2009M01", "2009-01")]
    [InlineData("2009-3", "2009-03")]
    [InlineData("03/2009", "2009-03")]
    [InlineData(" 3/2009 ", "2009-03")]
    [InlineData("2009-03-15", "2009-03-15")]
    [InlineData("15/03/2009", "2009-03-15")]
    [InlineData("mars 2009", "2009-03")]
    [InlineData("Février 2009", "2009-02")]
    [InlineData("déc. 2009", "2009-12")]
    public void TryParse_AgencyNotations_GiveTheCanonicalPeriod(string text, string expected)
    {
        Assert.True(Period.TryParse(text, out var period));
        Assert.Equal(expected, period.ToString());
        Assert.Equal(period, Period.Parse(period.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2009-13")]
    [InlineData("2009-T5")]
    [InlineData("31/02/2009")]
    [InlineData("brumaire 2009")]
    [InlineData("09")]
    [InlineData("2009-03-15T10:00")]
    public void TryParse_Nonsense_ReturnsFalse(string text) => Assert.False(Period.TryParse(text, out _));

    /// <summary>A notation that reads but for its year, outside 1900–2999, is told apart from nonsense: the year is what to correct.</summary>
    [Theory]
    [InlineData("0001-01", "0001")]
    [InlineData("9999", "9999")]
    [InlineData("T1 0999", "0999")]
    [InlineData("29/02/1896", "1896")]
    [InlineData("mars 1850", "1850")]
    [InlineData("2009", null)]
    [InlineData("2009-13", null)]
    [InlineData("1999-1999", null)]
    [InlineData("0001-13", null)]
    [InlineData("brumaire 0001", null)]
    [InlineData("\uFF12\uFF10\uFF10\uFF19-03", null)]
    [InlineData("", null)]
    public void YearOutOfRange_ReadableButForItsYear_GivesTheYearAsWritten(string text, string? expected) =>
        Assert.Equal(expected, PeriodParser.YearOutOfRange(text));

    [Theory]
    [InlineData("2009", "2009-01-01", "2009-12-31", 12)]
    [InlineData("2009-T1", "2009-01-01", "2009-03-31", 3)]
    [InlineData("2008-02", "2008-02-01", "2008-02-29", 1)]
    [InlineData("2009-07-31", "2009-07-31", "2009-07-31", 0)]
    public void StartEnd_KnowTheirBounds(string text, string start, string end, int months)
    {
        var p = Period.Parse(text);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), p.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), p.End);
        Assert.Equal(months, p.Months);
        Assert.Equal(months, p.MonthsWithin().Count());
    }

    [Fact]
    public void Contains_YearContainsItsMonthsNotTheNextYear()
    {
        Assert.True(Period.OfYear(2009).Contains(Period.OfMonth(2009, 12)));
        Assert.True(Period.OfQuarter(2009, 1).Contains(Period.OfDay(new DateOnly(2009, 3, 31))));
        Assert.False(Period.OfYear(2009).Contains(Period.OfMonth(2010, 1)));
    }
}
