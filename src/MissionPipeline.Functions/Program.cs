using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MissionPipeline.Api;
using MissionPipeline.Functions;
using MissionPipeline.Storage;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Application Insights from the worker itself (APPLICATIONINSIGHTS_CONNECTION_STRING): the
// TelemetryClient that sends the pipeline's own events (PipelineEvents), beside the host's requests.
builder.Services.AddPipelineTelemetry();

var storage = DataStorage.FromConfiguration(builder.Configuration);

// Publication__RequireApproval (the Bicep sets true): recomputes publish drafts the steering unit approves.
builder.Services.AddSingleton(PublicationOptions.Parse(builder.Configuration["Publication:RequireApproval"]));

// Recompute__MemoryLimitMb (optional): the most the committed observations may take (docs/scaling.md).
builder.Services.AddSingleton(RecomputeOptions.Default.WithMemoryLimitSetting(builder.Configuration["Recompute:MemoryLimitMb"]));
builder.Services.AddMissionPipeline(storage.Blobs, storage.Tables, StorageLayout.Default, ApiOptions.FromConfiguration(builder.Configuration));

builder.Build().Run();
