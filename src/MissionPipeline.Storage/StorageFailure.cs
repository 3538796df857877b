using Azure;

namespace MissionPipeline.Storage;

/// <summary>
/// Tells a storage that cannot be reached (no answer, a refused connection, a timeout, credentials
/// refused) from other failures: the CLI exits 3 on it, the HTTP API answers 503.
/// </summary>
public static class StorageFailure
{
    /// <summary>True when <paramref name="exception"/>, or one of its inner exceptions, says the storage did not answer or refused our credentials.</summary>
    public static bool IsUnreachable(Exception? exception) => exception switch
    {
        null => false,
        AggregateException a => a.InnerExceptions.Any(IsUnreachable),
        RequestFailedException r => r.Status is 0 or 403 || IsUnreachable(r.InnerException),
        HttpRequestException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => IsUnreachable(exception.InnerException),
    };

    /// <summary>The message of the last failure of a retried call (the SDK wraps each attempt's).</summary>
    public static string Describe(Exception exception) => exception is AggregateException a ? a.InnerExceptions[^1].Message : exception.Message;
}
