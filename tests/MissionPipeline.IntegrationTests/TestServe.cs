using Microsoft.AspNetCore.Builder;
using MissionPipeline.Api;
using MissionPipeline.Cli;
using MissionPipeline.Cli.Serve;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests;

/// <summary>
/// The tests' one in-process <c>mission serve</c>: the command's own pipeline over a storage, its
/// server as <c>mission serve</c> builds it (<see cref="ServeHost.Build"/>) on a free loopback port,
/// and a client at that address that sees the bytes as sent (no automatic decompression). Disposing
/// stops and releases all three.
/// </summary>
internal sealed class TestServe : IAsyncDisposable
{
    private bool _started;

    private TestServe(Pipeline pipeline, WebApplication app, int port)
    {
        Pipeline = pipeline;
        App = app;
        Port = port;
        // A client of the API sees each answer as it is: a redirection is a status to check, not followed.
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public Pipeline Pipeline { get; }

    public WebApplication App { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Builds the server without starting it, for a test that prepares the storage first
    /// (<see cref="StartAsync()"/> then). <paramref name="options"/>' port is replaced by a free one;
    /// null <paramref name="keys"/> reads the <c>Api__…</c> settings as <c>mission serve</c> does.
    /// </summary>
    public static async Task<TestServe> BuildAsync(string connectionString, StorageLayout layout, ServeOptions? options = null, ApiOptions? keys = null, PublicationOptions? publication = null)
    {
        var pipeline = await Pipeline.ConnectAsync(connectionString, layout, publication);
        var port = Ports.Free();
        return new TestServe(pipeline, ServeHost.Build(pipeline, (options ?? new ServeOptions()) with { Port = port }, keys), port);
    }

    /// <summary>Builds and starts the server.</summary>
    public static async Task<TestServe> StartAsync(string connectionString, StorageLayout layout, ServeOptions? options = null, ApiOptions? keys = null, PublicationOptions? publication = null)
    {
        var serve = await BuildAsync(connectionString, layout, options, keys, publication);
        await serve.StartAsync();
        return serve;
    }

    public async Task StartAsync()
    {
        await App.StartAsync();
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_started)
        {
            await App.StopAsync();
        }

        await App.DisposeAsync();
        Pipeline.Dispose();
    }
}
