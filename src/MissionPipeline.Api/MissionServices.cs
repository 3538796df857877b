using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Catalogue;
using MissionPipeline.Readers;
using MissionPipeline.Storage;

namespace MissionPipeline.Api;

/// <summary>The one registration of the pipeline's services, called by every host (Functions, <c>mission serve</c>), every <c>mission</c> command, the tools and the tests.</summary>
public static class MissionServices
{
    /// <summary>
    /// Registers the Azure SDK clients as they are (thread-safe singletons, no wrapper), the jobs
    /// (<see cref="IngestFile"/>, <see cref="Recompute"/>), the storage queries, the endpoints and
    /// their <see cref="ApiGate"/>. A host may register its own <see cref="TimeProvider"/> or
    /// <see cref="RecomputeOptions"/> or <see cref="PublicationOptions"/> before calling this; otherwise the system clock and the
    /// defaults are used. Logging is the host's: its providers decide where log lines go.
    /// </summary>
    public static IServiceCollection AddMissionPipeline(this IServiceCollection services, BlobServiceClient blobs, TableServiceClient tables, StorageLayout layout, ApiOptions api)
    {
        services.AddSingleton(blobs);
        services.AddSingleton(tables);
        services.AddSingleton(layout);
        services.AddSingleton(IndicatorCatalogue.Default);
        services.AddSingleton(ReaderLimits.Default);
        services.AddSingleton(api);
        services.AddLogging();
        // Problems (Results.Problem) in both hosts: French typography's spaces written as they are.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = MissionPipeline.Text.ReadableJsonEncoder.Instance);
        services.TryAddSingletonInstance(TimeProvider.System);
        services.TryAddSingletonInstance(RecomputeOptions.Default);
        services.TryAddSingletonInstance(PublicationOptions.Default);
        services.AddSingleton<IngestFile>();
        services.AddSingleton<ObservationSegments>();
        services.AddSingleton<Recompute>();
        services.AddSingleton<Snapshots>();
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton<CommittedObservations>();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<DashboardEndpoints>();
        services.AddSingleton<SnapshotEndpoints>();
        services.AddSingleton<IngestionEndpoints>();
        services.AddSingleton<OperationEndpoints>();
        services.AddSingleton<ApiEndpoints>();
        return services;
    }

    private static void TryAddSingletonInstance<T>(this IServiceCollection services, T instance)
        where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T)))
        {
            services.AddSingleton(instance);
        }
    }
}
