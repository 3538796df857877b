using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MissionPipeline.Storage;

namespace MissionPipeline.Api;

/// <summary>
/// What either host answers when an endpoint throws: a storage that does not answer → 503 with
/// <c>Retry-After</c>; a recompute too large for its memory limit → 503 with its own message
/// (no <c>Retry-After</c>: trying again will not help); anything else → 500. Both are problem+json with a French <c>detail</c> and
/// the request's trace identifier, never a stack trace or an exception message (which may name
/// a blob, a key or an address); the exception itself goes to the log.
/// </summary>
public static partial class ApiFailures
{
    /// <summary>Seconds a client should wait before asking again after a 503.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>The problem answered for <paramref name="exception"/>, logged once here.</summary>
    public static IResult Problem(HttpContext context, Exception exception)
    {
        var logger = context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("MissionPipeline.Api");
        var trace = context.TraceIdentifier;
        if (StorageFailure.IsUnreachable(exception))
        {
            return Problems.Unavailable(Unavailable(context, exception));
        }

        if (exception is RecomputeRefusedException refused)
        {
            // Our own French message, with no name of blob or key: the operator's next step is in it.
            if (logger is not null)
            {
                TooLarge(logger, exception, context.Request.Path, trace);
            }

            return Problems.Unavailable(refused.Message + " (trace " + trace + ")");
        }

        if (logger is not null)
        {
            Unexpected(logger, exception, context.Request.Path, trace);
        }

        return Problems.Internal($"Erreur inattendue du serveur, consignée dans son journal sous la trace {trace} : réessayez plus tard ou signalez-la à l'exploitant avec cette trace.");
    }

    /// <summary>
    /// For a storage that did not answer the request (<see cref="StorageFailure.IsUnreachable"/>, or a
    /// timeout): logs it once, sets <c>Retry-After</c>, and gives the French detail to answer.
    /// </summary>
    public static string Unavailable(HttpContext context, Exception exception)
    {
        var trace = context.TraceIdentifier;
        if (context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("MissionPipeline.Api") is { } logger)
        {
            // One line per request: an outage under a polled dashboard would otherwise write the SDK's
            // whole exception (kilobytes of retries and stacks) at every request; the detail is at Debug.
            var reason = StorageFailure.Describe(exception);
            StorageAway(logger, context.Request.Path, trace, reason);
            StorageAwayDetail(logger, exception, trace);
        }

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return StorageFailure.IsRefused(exception)
            ? $"Le stockage refuse l'accès à ce serveur (clé ou droits de son identité) : l'exploitant doit vérifier sa configuration (trace {trace})."
            : string.Create(CultureInfo.InvariantCulture, $"Le stockage ne répond pas pour le moment : réessayez dans {RetryAfterSeconds} secondes (trace {trace}).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unreachable while answering {Path} (trace {Trace}): {Reason}")]
    private static partial void StorageAway(ILogger logger, string path, string trace, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The storage failure of trace {Trace}")]
    private static partial void StorageAwayDetail(ILogger logger, Exception exception, string trace);

    [LoggerMessage(Level = LogLevel.Error, Message = "The recompute did not fit in its memory limit while answering {Path} (trace {Trace})")]
    private static partial void TooLarge(ILogger logger, Exception exception, string path, string trace);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure while answering {Path} (trace {Trace})")]
    private static partial void Unexpected(ILogger logger, Exception exception, string path, string trace);
}
