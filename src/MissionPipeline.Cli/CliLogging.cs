using Microsoft.Extensions.Logging;

namespace MissionPipeline.Cli;

/// <summary>
/// The logging of every <c>mission</c> command and of <c>mission serve</c>: one line per entry, on
/// stderr only (stdout is the command's output, so <c>--json | jq</c> always parses), at the level
/// of <c>MISSION_LOG_LEVEL</c> (default Warning; the SDK's and the web server's chatter from Warning).
/// </summary>
internal static class CliLogging
{
    public const string LevelVariable = "MISSION_LOG_LEVEL";

    /// <summary>The level <c>MISSION_LOG_LEVEL</c> names (Trace … None, any case), else <paramref name="fallback"/>.</summary>
    public static LogLevel Level(LogLevel fallback = LogLevel.Warning) =>
        Environment.GetEnvironmentVariable(LevelVariable) is { } text && Enum.TryParse<LogLevel>(text, true, out var level) && Enum.IsDefined(level)
            ? level
            : fallback;

    /// <summary>
    /// Null when <c>MISSION_LOG_LEVEL</c> is unset, empty or a level's name; else what is wrong, in
    /// French: a level that does not exist (Verbose, Warn) would otherwise be silently the default.
    /// </summary>
    /// <remarks>A name exactly: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> also reads numbers and combinations (<c>Error,Information</c> is 6, None: silence).</remarks>
    public static string? Problem() =>
        Environment.GetEnvironmentVariable(LevelVariable) is { Length: > 0 } text && !Enum.GetNames<LogLevel>().Contains(text.Trim(), StringComparer.OrdinalIgnoreCase)
            ? $"{LevelVariable}=« {(text.Any(char.IsControl) ? "?" : text)} » n'est pas un niveau de journal\u202F: Trace, Debug, Information, Warning, Error, Critical ou None (Warning par défaut)."
            : null;

    public static ILoggingBuilder AddMissionConsole(this ILoggingBuilder logging, LogLevel fallback = LogLevel.Warning)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Level(fallback));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Azure", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.Hosting", LogLevel.Warning);

        // Any level enabled for this category makes the web server start an Activity and a log scope for
        // every request (about a third of what a 304 allocated, measured under wrk). It logs requests
        // (Information) and startup failures, which reach the command as exceptions anyway; the
        // failures of a request are logged by the exception handler.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        return logging;
    }
}
