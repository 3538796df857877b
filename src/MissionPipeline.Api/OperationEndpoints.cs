using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.Api;

/// <summary>Recompute on demand (admin), health, and the OpenAPI document.</summary>
public sealed class OperationEndpoints(
    Recompute recompute, SnapshotCache snapshots, BlobServiceClient blobs, TableServiceClient tables, StorageLayout layout, ApiOptions options, TimeProvider time)
{
    /// <summary>
    /// <c>POST /api/recompute?asOf=DATE[&amp;republish=true]</c>: recompute and publish now. 409 when a
    /// different snapshot is already published for that date and republish is not asked.
    /// </summary>
    public async Task<IResult> PostRecompute(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (ApiAccess.Check(request, options, Access.Admin) is { } denied)
        {
            return denied;
        }

        DateOnly? asOf = null;
        var text = request.Query["asOf"].ToString();
        if (text.Length > 0)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Problems.BadRequest($"Date « {DashboardEndpoints.Shorten(text)} » invalide : attendu AAAA-MM-JJ.");
            }

            if (SnapshotDates.Problem(date, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } problem)
            {
                return Problems.BadRequest(problem);
            }

            asOf = date;
        }

        var republish = string.Equals(request.Query["republish"], "true", StringComparison.OrdinalIgnoreCase);
        var result = await recompute.RunAsync(asOf, republish, cancellationToken).ConfigureAwait(false);
        snapshots.Clear(); // what this process just published is served at once
        if (result.Outcome == PublishOutcome.Kept)
        {
            return Problems.Conflict(string.Create(CultureInfo.InvariantCulture,
                $"Un tableau de bord différent est déjà publié au {result.AsOf:yyyy-MM-dd} : il est conservé. Ajoutez republish=true pour le remplacer."));
        }

        return Results.Bytes(Summary(result), Responses.Json);
    }

    /// <summary><c>GET /api/health</c>: 200 when the storage answers (with the latest snapshot's date and age), 503 otherwise.</summary>
    public async Task<IResult> GetHealth(HttpRequest request, CancellationToken cancellationToken = default)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        DateTimeOffset? published = null;
        string? asOf = null;
        try
        {
            await foreach (var _ in tables.GetTableClient(layout.Ingestions).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }

            var pointer = blobs.GetBlobContainerClient(layout.Snapshots).GetBlobClient($"{Snapshots.Latest}/asof.txt");
            var content = await pointer.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            published = content.Value.Details.LastModified;
            asOf = content.Value.Content.ToString().Trim();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Reachable, nothing published yet.
        }
        catch (Exception ex) when (StorageFailure.IsUnreachable(ex))
        {
            return ApiFailures.Problem(request.HttpContext, ex);
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteString("storage", "reachable");
            if (published is { } at)
            {
                w.WriteStartObject("latestSnapshot");
                w.WriteString("asOf", asOf);
                w.WriteString("publishedAt", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteNumber("ageHours", Math.Round((time.GetUtcNow() - at).TotalHours, 2));
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("latestSnapshot");
            }

            w.WriteEndObject();
        }

        return Results.Bytes(buffer.ToArray(), Responses.Json);
    }

    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3 description of <see cref="ApiRoutes.All"/>.</summary>
    public IResult GetOpenApi(HttpRequest request) =>
        Responses.Cached(request, OpenApiDocument.Bytes, Responses.Json, "public, max-age=3600");

    private static byte[] Summary(RecomputeResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("asOf", result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
            w.WriteNumber("indicators", result.Dashboard.Summary.Indicators);
            w.WriteStartObject("byStatus");
            foreach (var status in Enum.GetValues<IndicatorStatus>())
            {
                w.WriteNumber(status.Code(), result.Dashboard.Indicators.Count(i => i.Status == status));
            }

            w.WriteEndObject();
            w.WriteString("dashboard", "/api/dashboard/" + result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
