using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using MissionPipeline.Api;
using MissionPipeline.Functions;
using MissionPipeline.Storage;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var storage = DataStorage.FromConfiguration(builder.Configuration);
builder.Services.AddMissionPipeline(storage.Blobs, storage.Tables, StorageLayout.Default, ApiOptions.FromConfiguration(builder.Configuration));

builder.Build().Run();
