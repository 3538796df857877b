using System.CommandLine;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Api;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli;

/// <summary>
/// The CLI's composition root: which storage to use (<c>--storage</c>, else env <c>MISSION_STORAGE</c>,
/// else the local emulator, started in the background when nothing listens), the Azure SDK clients
/// (created once, used as they are, failing fast), and the jobs both hosts run, wired by the one
/// registration every host calls (<see cref="MissionServices.AddMissionPipeline"/>).
/// </summary>
internal sealed class Pipeline : IDisposable
{
    private readonly ServiceProvider _services;

    private Pipeline(string connectionString, StorageLayout layout, PublicationOptions publication, RecomputeOptions recompute)
    {
        // A command line fails fast when the storage is away, instead of retrying for minutes: three
        // tries of 10 seconds each (the timeout bounds each read of an answer, not a whole download).
        var retry = new Action<RetryOptions>(r =>
        {
            r.MaxRetries = 2;
            r.NetworkTimeout = TimeSpan.FromSeconds(10);
            r.Delay = TimeSpan.FromMilliseconds(200);
        });
        var blobOptions = new BlobClientOptions();
        retry(blobOptions.Retry);
        var tableOptions = new TableClientOptions();
        retry(tableOptions.Retry);
        try
        {
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            Tables = new TableServiceClient(connectionString, tableOptions);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the string, which can hold a key: say only what is wrong.
            throw new UsageException("Chaîne de connexion au stockage invalide (--storage ou MISSION_STORAGE) : attendu par exemple « DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net » ou « UseDevelopmentStorage=true ».");
        }

        // A BlobEndpoint without its TableEndpoint passed `storage status`, then every command looked
        // for the tables on a public host of Azure's; an ftp:// endpoint failed as « unexpected » (red team, operator).
        if (EndpointProblem(connectionString, Blobs.Uri, Tables.Uri) is { } problem)
        {
            throw new UsageException("Chaîne de connexion au stockage invalide (--storage ou MISSION_STORAGE) : " + problem);
        }

        Layout = layout;
        Publication = publication;
        RecomputeSettings = recompute;
        _services = new ServiceCollection()
            .AddLogging(b => b.AddMissionConsole())
            .AddSingleton(Time)
            .AddSingleton(publication)
            .AddSingleton(recompute)
            .AddMissionPipeline(Blobs, Tables, layout, ApiOptions.Open)
            .BuildServiceProvider();
    }

    /// <summary>Why explicit endpoints cannot serve the pipeline (one of blob and table named without the other, a scheme other than http or https), or null.</summary>
    private static string? EndpointProblem(string connectionString, Uri blobs, Uri tables)
    {
        var names = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (names.Contains("BlobEndpoint"), names.Contains("TableEndpoint")) switch
        {
            (true, false) => "elle donne BlobEndpoint sans TableEndpoint ; les tables seraient cherchées chez Azure, sous le nom du compte. Donnez les deux.",
            (false, true) => "elle donne TableEndpoint sans BlobEndpoint ; les blobs seraient cherchés chez Azure, sous le nom du compte. Donnez les deux.",
            _ when new[] { blobs, tables }.FirstOrDefault(u => u.Scheme is not ("http" or "https")) is { } other =>
                $"un point d'accès en « {other.Scheme}:// » ; le stockage se joint en https:// (ou http:// pour l'émulateur local).",
            _ => null,
        };
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public StorageLayout Layout { get; }

    /// <summary>Whether snapshots wait for approval: env <c>Publication__RequireApproval</c> (the app setting's name), unless the command decides (the demo).</summary>
    public PublicationOptions Publication { get; }

    /// <summary>The recompute's memory limit: env <c>Recompute__MemoryLimitMb</c> (the app setting's name), else half the memory the runtime may use.</summary>
    public RecomputeOptions RecomputeSettings { get; }

    public static IndicatorCatalogue Catalogue => IndicatorCatalogue.Default;

    public static TimeProvider Time => TimeProvider.System;

    public IngestFile Ingest => _services.GetRequiredService<IngestFile>();

    public Recompute Recompute => _services.GetRequiredService<Recompute>();

    public Snapshots Snapshots => _services.GetRequiredService<Snapshots>();

    public CommittedObservations Committed => _services.GetRequiredService<CommittedObservations>();

    /// <summary>Connects to the storage the command line names and makes sure its containers and tables exist.</summary>
    public static Task<Pipeline> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        OpenAsync(parse, publication: null, cancellationToken);

    /// <summary>As <see cref="OpenAsync(ParseResult, CancellationToken)"/>, with <paramref name="publication"/> in place of the environment's setting when given.</summary>
    public static async Task<Pipeline> OpenAsync(ParseResult parse, PublicationOptions? publication, CancellationToken cancellationToken)
    {
        var layout = LayoutOf(parse);
        var connection = GivenStorage(parse)
            ?? (await LocalEmulator.InCurrentDirectory().StartAsync(cancellationToken).ConfigureAwait(false)).ConnectionString;
        return await ConnectAsync(connection, layout, publication, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection string <c>--storage</c> or, without it, <c>MISSION_STORAGE</c> gives; null when neither does (the local emulator).</summary>
    public static string? GivenStorage(ParseResult parse) =>
        (parse.GetValue(MissionCommand.Storage) ?? Environment.GetEnvironmentVariable("MISSION_STORAGE")) is { } given && !string.IsNullOrWhiteSpace(given) ? given : null;

    /// <summary>
    /// For <c>mission storage status</c>: whether the storage <paramref name="connectionString"/> names
    /// answers, and whether it holds the containers of <paramref name="layout"/>. Creates nothing (a
    /// status is read, never written); throws as any storage call when the storage does not answer or
    /// refuses the credentials, within the command line's retries.
    /// </summary>
    public static async Task<(string Account, string Endpoint, bool Created)> ProbeAsync(string connectionString, StorageLayout layout, CancellationToken cancellationToken = default)
    {
        using var pipeline = new Pipeline(connectionString, layout, PublicationOptions.Default, RecomputeOptions.Default);
        var created = await pipeline.Blobs.GetBlobContainerClient(layout.Uploads).ExistsAsync(cancellationToken).ConfigureAwait(false);
        // The endpoint without its query: a SAS connection string's signature stays off the terminal.
        return (pipeline.Blobs.AccountName, pipeline.Blobs.Uri.GetLeftPart(UriPartial.Path), created.Value);
    }

    /// <summary>The layout <c>--layout-suffix</c> or <c>MISSION_LAYOUT_SUFFIX</c> gives (the option was checked as it was parsed; the variable is, here, before any emulator starts).</summary>
    public static StorageLayout LayoutOf(ParseResult parse) =>
        (parse.GetValue(MissionCommand.LayoutSuffix) ?? Environment.GetEnvironmentVariable("MISSION_LAYOUT_SUFFIX")) switch
        {
            null or "" => StorageLayout.Default,
            var suffix when StorageLayout.IsValidSuffix(suffix) => StorageLayout.WithSuffix(suffix),
            var suffix => throw new UsageException(MissionCommand.InvalidLayoutSuffix(suffix)),
        };

    /// <summary>
    /// Connects to a given storage and layout and makes sure its containers and tables exist;
    /// <paramref name="publication"/> null: the environment's <c>Publication__RequireApproval</c>.
    /// </summary>
    public static async Task<Pipeline> ConnectAsync(string connectionString, StorageLayout layout, PublicationOptions? publication = null, CancellationToken cancellationToken = default)
    {
        PublicationOptions options;
        RecomputeOptions recompute;
        try
        {
            options = publication ?? PublicationOptions.Parse(Environment.GetEnvironmentVariable(PublicationOptions.Setting));
            recompute = RecomputeOptions.Default.WithMemoryLimitSetting(Environment.GetEnvironmentVariable(RecomputeOptions.MemoryLimitSetting));
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        var pipeline = new Pipeline(connectionString, layout, options, recompute);
        await layout.EnsureCreatedAsync(pipeline.Blobs, pipeline.Tables, cancellationToken).ConfigureAwait(false);
        return pipeline;
    }

    public void Dispose() => _services.Dispose();
}
