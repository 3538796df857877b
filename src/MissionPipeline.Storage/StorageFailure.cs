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
        HttpRequestException or System.Net.Http.HttpIOException or System.Net.Sockets.SocketException or TimeoutException => true,
        // The SDK's own network timeout (ClientOptions.Retry.NetworkTimeout): a cancellation that is no caller's.
        OperationCanceledException o when o.Message.StartsWith(NetworkTimeoutMessage, StringComparison.Ordinal) => true,
        _ => IsUnreachable(exception.InnerException),
    };

    // Azure.Core's message, in English whatever the culture (Azure.Core.Pipeline.ResponseBodyPolicy).
    private const string NetworkTimeoutMessage = "The operation was cancelled because it exceeded the configured timeout";

    /// <summary>True when the storage answered and refused our credentials (403), as opposed to not answering.</summary>
    public static bool IsRefused(Exception exception) => Find<RequestFailedException>(exception) is { Status: 403 };

    /// <summary>
    /// What an operator reads, in French, on one line: refused credentials told apart from silence
    /// (a wrong account key is no network fault), then the storage's own first line, without the
    /// SDK's dump of the answer (its XML, its headers). The last failure of a retried call (the SDK
    /// wraps each attempt's) is the one described.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var last = exception is AggregateException a ? a.InnerExceptions[^1] : exception;
        var failed = Find<RequestFailedException>(last);
        var said = FirstLine((failed as Exception ?? last).Message);
        return failed is { Status: 403 }
            ? $"Accès au stockage refusé\u202F: le compte n'accepte pas la clé ou le jeton présentés ({said}). Vérifiez AccountKey dans la chaîne de connexion, ou les droits de l'identité sur le compte."
            : $"Stockage injoignable\u202F: {said}";
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception => exception switch
        {
            null => null,
            T found => found,
            AggregateException a => a.InnerExceptions.Select(Find<T>).FirstOrDefault(f => f is not null),
            _ => Find<T>(exception.InnerException),
        };

    private static string FirstLine(string message) => message.AsSpan().Trim() is var text && text.IndexOfAny('\r', '\n') is >= 0 and var end ? text[..end].Trim().ToString() : message.Trim();
}
