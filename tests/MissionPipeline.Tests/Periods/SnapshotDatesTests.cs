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
}
