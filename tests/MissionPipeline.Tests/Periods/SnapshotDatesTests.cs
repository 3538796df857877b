using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Periods;

public sealed class SnapshotDatesTests
{
    [Theory]
    [InlineData("2009-12-31", true)]
    [InlineData("2008-02-29", true)]
    [InlineData("2009-02-29", false)] // no such day
    [InlineData("2009-12-31T00:00:00Z", false)] // a date, not an instant
    [InlineData("31/12/2009", false)] // one order only
    [InlineData("2009-1-31", false)]
    [InlineData(" 2009-12-31", false)]
    [InlineData("latest", false)]
    [InlineData("", false)]
    public void TryParseDay_Text_OnlyYearMonthDay(string text, bool expected)
    {
        var parsed = SnapshotDates.TryParseDay(text, out var day);

        Assert.Equal(expected, parsed);
        Assert.Equal(expected ? text : "0001-01-01", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2009-12-31", null)]
    [InlineData("2000-01-01", null)]
    [InlineData("2026-12-04", null)] // today
    [InlineData("2026-12-05", "dans le futur")]
    [InlineData("2100-01-01", "dans le futur")]
    [InlineData("9999-12-31", "dans le futur")]
    [InlineData("1999-12-31", "trop ancienne")]
    [InlineData("0001-01-01", "trop ancienne")]
    public void Problem_AsOf_OnlyFrom2000ToToday(string asOf, string? expected)
    {
        var problem = SnapshotDates.Problem(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2026, 12, 4));

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2010-01-15T08:00:00Z", "2010-01-15T08:00:00Z")]
    [InlineData("2010-01-15T09:00:00+01:00", "2010-01-15T08:00:00Z")]
    [InlineData("2010-01-15T08:00:00", "2010-01-15T08:00:00Z")] // no offset: UTC
    [InlineData("2010-01-15", "2010-01-15T23:59:59Z")] // a day: everything received that day
    [InlineData("2010-01-15T08:00", "2010-01-15T08:00:00Z")]
    [InlineData("2010-01-15T08:00:00.250+02:00", "2010-01-15T06:00:00Z")]
    [InlineData("2010-01-15t08:00:00z", "2010-01-15T08:00:00Z")] // RFC 3339 allows lower case
    [InlineData("2010-01-15T09:00:00 01:00", "2010-01-15T08:00:00Z")] // "+01:00" pasted unencoded into a query string
    [InlineData("2010-01-15T08:00:00.123456789Z", "2010-01-15T08:00:00Z")] // nanoseconds, cut to what .NET keeps
    [InlineData("2010-01-15 09:00", null)]
    [InlineData("15/01/2010", null)]
    [InlineData("03/04/2009 08:00 GMT", null)] // not the 4th of March (nor the 3rd of April): not ISO
    [InlineData("Tue, 30 Jun 2009 08:00:00 GMT", null)]
    [InlineData("2009-06-30 T 08:00", null)]
    [InlineData("2009-06-30 08:00:00", null)]
    [InlineData("+2009-06-30T08:00:00Z", null)]
    [InlineData("2009-06-30T25:00:00Z", null)]
    [InlineData("2010-13-01", null)]
    [InlineData("demain", null)]
    [InlineData("", null)]
    public void TryParseInstant_AsAnOperatorWritesIt_UtcOrRefused(string text, string? expected)
    {
        var parsed = SnapshotDates.TryParseInstant(text, out var instant);

        Assert.Equal(expected is not null, parsed);
        if (expected is not null)
        {
            Assert.Equal(expected, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("2009-06-30T00:00:00Z", null)]
    [InlineData("2026-12-04T10:00:00Z", null)] // now
    [InlineData("2026-12-04T10:00:01Z", "dans le futur")]
    [InlineData("1999-12-31T23:59:59Z", "trop ancien")]
    public void KnownAtProblem_Instant_OnlyAPastOneFrom2000(string knownAt, string? expected)
    {
        var now = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

        var problem = SnapshotDates.KnownAtProblem(DateTimeOffset.Parse(knownAt, System.Globalization.CultureInfo.InvariantCulture), now);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2010-01-20T09:30:00Z", null, "2010-01-20T09:30:00Z")]
    [InlineData("2010-01-20T10:30:00+01:00", null, "2010-01-20T09:30:00Z")]
    [InlineData("2010-01-20T09:30:00", null, "2010-01-20T09:30:00Z")] // no offset: UTC
    [InlineData("2010-01-20T09:00:00Z", null, "2010-01-20T09:00:00Z")] // now itself
    [InlineData("2010-01-20", "Heure de diffusion « 2010-01-20 » : une date seule ne dit pas à quelle heure diffuser. Donnez l'heure aussi, par exemple 2010-01-20T09:30:00+01:00 pour 9\u00A0h\u00A030 à Paris (sans décalage : UTC).", null)] // which hour of that day? (it said « illisible »)
    [InlineData("2010-08-01", "par exemple 2010-08-01T09:30:00+02:00 pour 9\u00A0h\u00A030 à Paris", null)] // summer time
    [InlineData("demain", "illisible", null)]
    [InlineData("12/31/2027 09:00 GMT", "illisible", null)]
    [InlineData("2010-01-20T08:59:59Z", "passée", null)]
    [InlineData("2009-12-31T23:00:00Z", "L'heure de diffusion donnée, le 1ᵉʳ janvier 2010 à 0\u00A0h\u00A000 (heure de Paris), est passée : omettez-la", null)] // in Paris time, as every sentence (it mixed UTC and Paris)
    [InlineData("2011-01-20T09:00:00Z", null, "2011-01-20T09:00:00Z")] // a year ahead: the next account's
    [InlineData("2060-01-20T09:30:00Z", "L'heure de diffusion donnée tombe en 2060, à plus d'un an : une diffusion se fixe au plus un an à l'avance. Vérifiez l'année", null)] // 2060 for 2010: dark for fifty years, never replaced
    [InlineData("9999-12-31T23:59:59Z", "à plus d'un an", null)]
    public void ReleaseProblem_Text_OnlyADateAndTimeNotPast(string text, string? expected, string? release)
    {
        var now = new DateTimeOffset(2010, 1, 20, 9, 0, 0, TimeSpan.Zero);

        var problem = SnapshotDates.ReleaseProblem(text, now, out var releaseAt);

        if (expected is null)
        {
            Assert.Null(problem);
            Assert.Equal(DateTimeOffset.Parse(release!, System.Globalization.CultureInfo.InvariantCulture), releaseAt);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }
}
