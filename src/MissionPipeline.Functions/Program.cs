using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MissionPipeline.Api;
using MissionPipeline.Catalogue;
using MissionPipeline.Functions;
using MissionPipeline.Readers;
using MissionPipeline.Storage;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Azure SDK clients are thread-safe singletons, injected as they are (no wrapper).
var storage = DataStorage.FromConfiguration(builder.Configuration);
builder.Services.AddSingleton(storage.Blobs);
builder.Services.AddSingleton(storage.Tables);
builder.Services.AddSingleton(StorageLayout.Default);
builder.Services.AddSingleton(_ => IndicatorCatalogue.Default);
builder.Services.AddSingleton(ReaderLimits.Default);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IngestFile>();
builder.Services.AddSingleton<Recompute>();
builder.Services.AddSingleton(sp => new Snapshots(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<StorageLayout>()));
builder.Services.AddSingleton<SnapshotCache>();
builder.Services.AddSingleton(sp => new CommittedObservations(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageLayout>()));
builder.Services.AddSingleton(ApiOptions.FromConfiguration(builder.Configuration));
builder.Services.AddSingleton<DashboardEndpoints>();
builder.Services.AddSingleton<IngestionEndpoints>();
builder.Services.AddSingleton<OperationEndpoints>();

builder.Build().Run();
