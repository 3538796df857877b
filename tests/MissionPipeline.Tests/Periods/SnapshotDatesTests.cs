using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Periods;

public sealed class SnapshotDatesTests
{
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
    [InlineData("15/01/2010", null)]
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
}
