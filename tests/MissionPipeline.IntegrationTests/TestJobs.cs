using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using MissionPipeline.Api;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests;

/// <summary>
/// The tests' one job factory: the jobs, queries and endpoints wired by the registration every host
/// calls (<see cref="MissionServices.AddMissionPipeline"/>), over the given clients and clock, with no
/// log output. Each call wires a new set, as a new process would (nothing kept in memory).
/// </summary>
internal static class TestJobs
{
    public static ServiceProvider Wire(BlobServiceClient blobs, TableServiceClient tables, StorageLayout layout, TimeProvider time, ApiOptions? api = null, RecomputeOptions? recompute = null, PublicationOptions? publication = null)
    {
        var services = new ServiceCollection().AddSingleton(time);
        if (recompute is not null)
        {
            services.AddSingleton(recompute);
        }

        if (publication is not null)
        {
            services.AddSingleton(publication);
        }

        return services.AddMissionPipeline(blobs, tables, layout, api ?? ApiOptions.Open).BuildServiceProvider();
    }
}
