using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MissionPipeline.Storage;

namespace MissionPipeline.Functions;

/// <summary><c>GET /api/dashboard</c>: the latest snapshot (JSON, or CSV with <c>?format=csv</c>), with ETag and 304.</summary>
public sealed class DashboardApi(Snapshots snapshots)
{
    [Function("GetDashboard")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var csv = string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase);
        var file = await snapshots.GetAsync(null, csv ? "dashboard.csv" : "dashboard.json", cancellationToken).ConfigureAwait(false);
        return SnapshotResponse.For(request, file);
    }
}
