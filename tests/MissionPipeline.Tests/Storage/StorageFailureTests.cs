using Azure;
using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

public sealed class StorageFailureTests
{
    private const string SdkTimeout = "The operation was cancelled because it exceeded the configured timeout of 0:00:10. Network timeout can be adjusted in ClientOptions.Retry.NetworkTimeout.";

    /// <summary>
    /// Each failure chain the SDK gives for a storage that does not answer, and what is no outage. The
    /// retried timeout of a hung storage (an AggregateException of the SDK's timeouts over a broken
    /// connection) was missed: the watcher logged it as a listing failure, whole.
    /// </summary>
    [Theory]
    [MemberData(nameof(Chains))]
    public void IsUnreachable_Chain_TellsAnOutage(string name, Exception exception, bool unreachable)
    {
        Assert.True(StorageFailure.IsUnreachable(exception) == unreachable, name);
    }

    public static TheoryData<string, Exception, bool> Chains() => new()
    {
        { "refused connection", new RequestFailedException(0, "Connection refused", new HttpRequestException("Connection refused")), true },
        { "credentials refused", new RequestFailedException(403, "Server failed to authenticate the request."), true },
        { "retried timeouts over a broken connection", new AggregateException("Retry failed after 3 tries.", new TaskCanceledException(SdkTimeout, new TaskCanceledException("canceled", new System.Net.Http.HttpIOException(System.Net.Http.HttpRequestError.ResponseEnded, "The response ended prematurely.")))), true },
        { "the SDK's timeout alone", new TaskCanceledException(SdkTimeout), true },
        { "a broken response", new System.Net.Http.HttpIOException(System.Net.Http.HttpRequestError.ResponseEnded, "The response ended prematurely."), true },
        { "a caller's cancellation", new TaskCanceledException("A task was canceled."), false },
        { "a missing blob", new RequestFailedException(404, "The specified blob does not exist.", "BlobNotFound", null), false },
        { "a conflict", new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null), false },
        { "our own bug", new InvalidOperationException("no"), false },
    };
}
