using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Api;
using MissionPipeline.Cli.Serve;
using MissionPipeline.Functions;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>An HTTP answer as a client sees it: status, headers (content ones included), body bytes.</summary>
public sealed record ApiAnswer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.GetValueOrDefault("Content-Type");

    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// One of the two hosts of the HTTP API, over a given storage and keys: <c>mission serve</c> for
/// real (Kestrel, called over loopback HTTP), or the Functions app's <see cref="HttpApi"/> (the
/// Functions host cannot run on the build machines: each call is routed by the route templates
/// of the <c>[Function]</c> methods, as the host does, and the method is invoked with a real
/// <see cref="HttpContext"/> over the services the app's own registration builds).
/// </summary>
public abstract class ApiHost : IAsyncDisposable
{
    public const string Serve = "serve";
    public const string Functions = "functions";

    public abstract Task<ApiAnswer> SendAsync(HttpMethod method, string url, IReadOnlyDictionary<string, string>? headers = null);

    public Task<ApiAnswer> GetAsync(string url, IReadOnlyDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Get, url, headers);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// A host over that storage; <paramref name="fixedAsOf"/> is the date of a recompute asked without
    /// one (the demo's year end by default); <paramref name="publication"/>, whether it requires approval (default: not).
    /// </summary>
    public static async Task<ApiHost> StartAsync(string kind, string connectionString, StorageLayout layout, ApiOptions keys, DateOnly? fixedAsOf = null, PublicationOptions? publication = null) => kind switch
    {
        Serve => await ServeApiHost.StartAsync(connectionString, layout, keys, fixedAsOf ?? new DateOnly(2009, 12, 31), publication ?? PublicationOptions.Default),
        Functions => new FunctionsApiHost(connectionString, layout, keys, new RecomputeOptions(fixedAsOf ?? new DateOnly(2009, 12, 31)), publication ?? PublicationOptions.Default),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

}

internal sealed class ServeApiHost : ApiHost
{
    private readonly TestServe _serve;

    private ServeApiHost(TestServe serve) => _serve = serve;

    public static async Task<ServeApiHost> StartAsync(string connectionString, StorageLayout layout, ApiOptions keys, DateOnly fixedAsOf, PublicationOptions publication) =>
        new(await TestServe.StartAsync(connectionString, layout, new ServeOptions(WatchInterval: TimeSpan.FromMinutes(30), FixedAsOf: fixedAsOf), keys, publication));

    public override async Task<ApiAnswer> SendAsync(HttpMethod method, string url, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _serve.Http.SendAsync(request);
        var all = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiAnswer((int)response.StatusCode, all, await response.Content.ReadAsByteArrayAsync());
    }

    public override ValueTask DisposeAsync() => _serve.DisposeAsync();
}

internal sealed class FunctionsApiHost : ApiHost
{
    private static readonly (MethodInfo Method, string[] Verbs, TemplateMatcher Route)[] Triggers = typeof(HttpApi).GetMethods()
        .Select(m => (Method: m, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
        .Where(f => f.Trigger is not null)
        // As the Functions host does: routes tried in the alphabetical order of function names (azure-functions-host#9876).
        .OrderBy(f => f.Method.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.OrdinalIgnoreCase)
        .Select(f => (f.Method, f.Trigger!.Methods!.Select(v => v.ToUpperInvariant()).ToArray(), new TemplateMatcher(TemplateParser.Parse(f.Trigger.Route!), new RouteValueDictionary())))
        .ToArray();

    private readonly ServiceProvider _services;
    private readonly HttpApi _api;

    /// <summary>The Functions app over that storage, with the recompute options its configuration would give (<c>Recompute__MemoryLimitMb</c> among them).</summary>
    public FunctionsApiHost(string connectionString, StorageLayout layout, ApiOptions keys, RecomputeOptions recompute, PublicationOptions publication)
    {
        // The SDK's retries as the app has them, between shorter waits: a stopped storage is told in
        // seconds rather than in the 0.8 s × 2ⁿ back-off, the same answer sooner.
        var blobOptions = new Azure.Storage.Blobs.BlobClientOptions();
        var tableOptions = new Azure.Data.Tables.TableClientOptions();
        foreach (var retry in new[] { blobOptions.Retry, tableOptions.Retry })
        {
            retry.MaxRetries = 3;
            retry.Delay = TimeSpan.FromMilliseconds(100);
        }

        _services = TestJobs.Wire(new Azure.Storage.Blobs.BlobServiceClient(connectionString, blobOptions), new Azure.Data.Tables.TableServiceClient(connectionString, tableOptions), layout, TimeProvider.System, keys, recompute, publication);
        _api = ActivatorUtilities.CreateInstance<HttpApi>(_services);
    }

    public override async Task<ApiAnswer> SendAsync(HttpMethod method, string url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var body = new MemoryStream();
        context.Response.Body = body;
        var uri = new Uri("http://localhost/" + url);
        context.Request.Method = method.Method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        var path = uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) ? uri.AbsolutePath[4..] : null;
        var values = new RouteValueDictionary();
        var function = path is null ? default : Triggers.FirstOrDefault(f => f.Verbs.Contains(method.Method) && f.Route.TryMatch(path, values = new RouteValueDictionary()));
        if (function.Method is null)
        {
            // The Functions host answers an unknown route itself, before any of our code.
            return new ApiAnswer(404, new Dictionary<string, string>(), []);
        }

        var arguments = function.Method.GetParameters().Select(p =>
            p.ParameterType == typeof(HttpRequest) ? context.Request
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : (object?)values[p.Name!]?.ToString()).ToArray();
        var invoked = function.Method.Invoke(_api, arguments)!;
        var result = invoked is Task<IActionResult> pending ? await pending : (IActionResult)invoked;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        var all = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (context.Response.ContentType is { } type)
        {
            all["Content-Type"] = type;
        }

        // The worker's ASP.NET Core server sends a HEAD answer's status and headers, never its body, as Kestrel does in mission serve.
        return new ApiAnswer(context.Response.StatusCode, all, method == HttpMethod.Head ? [] : body.ToArray());
    }

    public override ValueTask DisposeAsync() => _services.DisposeAsync();
}
