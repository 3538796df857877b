using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

/// <summary>
/// A log line's date is ISO 8601: a placeholder without a format wrote a <see cref="DateOnly"/> as the
/// invariant culture does, « 04/30/2009 », which a French operator reads as the 4th of some 30th month.
/// </summary>
public sealed class LogTests
{
    private static readonly DateOnly April = new(2009, 4, 30);

    [Fact]
    public void SnapshotLines_AnyCulture_DatesWrittenIso()
    {
        var logger = new Lines();

        Log.SnapshotKept(logger, April);
        Log.SnapshotLocked(logger, April);
        RecomputeLog.PreviousUnreadable(logger, new InvalidOperationException(), April);

        Assert.Equal(3, logger.Written.Count);
        Assert.DoesNotContain(logger.Written, line => !line.Contains("2009-04-30", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Written, line => line.Contains("04/30", StringComparison.Ordinal));
    }

    /// <summary>The formatted lines, as a console would print them.</summary>
    private sealed class Lines : ILogger
    {
        public List<string> Written { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add(formatter(state, exception));
    }
}
