using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Api;

/// <summary>Recompute on demand (admin), health, and the OpenAPI document.</summary>
public sealed class OperationEndpoints(
    Recompute recompute, SnapshotCache cache, Snapshots snapshots, CommittedObservations committed, TimeProvider time)
{
    /// <summary>
    /// <c>POST /api/recompute?asOf=DATE[&amp;republish=true]</c>: recompute and publish now. 409 when a
    /// different snapshot is already published for that date and republish is not asked.
    /// </summary>
    public async Task<IResult> PostRecompute(HttpRequest request, CancellationToken cancellationToken = default)
    {
        DateOnly? asOf = null;
        var text = request.Query["asOf"].ToString();
        if (text.Length > 0)
        {
            if (!SnapshotDates.TryParseDay(text, out var date))
            {
                return Problems.BadDate(text);
            }

            if (Problems.NoSnapshotMayHave(date, time) is { } never)
            {
                return never;
            }

            asOf = date;
        }

        var republishText = request.Query["republish"];
        if (republishText.Count > 1 || !(republishText.ToString() is "" || bool.TryParse(republishText.ToString(), out _)))
        {
            // « maybe » read as false replaced nothing while the caller meant something.
            return Problems.BadRequest($"republish=« {Echo.Shorten(republishText.ToString())} » invalide : attendu true ou false, une seule fois.");
        }

        var republish = bool.TryParse(republishText.ToString(), out var asked) && asked;
        if (request.Query["knownAt"].ToString() is { Length: > 0 } knownText)
        {
            // A view of the past: the dashboard itself, computed from the files received by then, never published.
            var now = time.GetUtcNow();
            if (!SnapshotDates.TryParseInstant(knownText, out var knownAt))
            {
                return Problems.BadRequest($"Instant « {Echo.Shorten(knownText)} » invalide : attendu une date et une heure ISO 8601 (2010-01-15T08:00:00Z) ou une date (2010-01-15).");
            }

            if ((republish ? "republish ne va pas avec knownAt : un tableau de bord tel que connu à un instant passé n'est jamais publié." : SnapshotDates.KnownAtProblem(knownAt, now)) is { } refused)
            {
                return Problems.BadRequest(refused);
            }

            var vintage = await recompute.KnownAtAsync(asOf, knownAt, cancellationToken).ConfigureAwait(false);
            await snapshots.RecordViewIfUnreleasedAsync(vintage.AsOf, ApiGate.AdminKeyName, $"{request.Method} {request.Path}{request.QueryString}", cancellationToken).ConfigureAwait(false);
            return Responses.Live(request, vintage.Json);
        }

        var result = await recompute.RunAsync(asOf, republish, cancellationToken).ConfigureAwait(false);
        if (result.Outcome is not (PublishOutcome.Kept or PublishOutcome.Locked))
        {
            cache.Clear(); // what this process just published is served at once (nothing published: the kept copies stay)
        }
        if (result.Outcome == PublishOutcome.Kept)
        {
            return Problems.Conflict(
                $"Un tableau de bord différent est déjà publié au {FrenchFormat.Date(result.AsOf)} : il est conservé. Ajoutez republish=true pour le remplacer.");
        }

        if (result.Outcome == PublishOutcome.Locked)
        {
            return Problems.Conflict(
                $"Le tableau de bord du {FrenchFormat.Date(result.AsOf)} est validé, donc immuable : ce calcul différent n'est pas publié, même avec republish=true.");
        }

        var state = await snapshots.StateAsync(result.AsOf, cancellationToken).ConfigureAwait(false);
        if (state != SnapshotState.Released)
        {
            // The answer tells the draft's statuses: a read before release, on the access list.
            await snapshots.RecordReadAsync(result.AsOf, ApiGate.AdminKeyName, $"{request.Method} {request.Path}{request.QueryString}", cancellationToken).ConfigureAwait(false);
        }

        return Responses.Live(request, Summary(result, state));
    }

    /// <summary>How long the health probe waits for the storage: a load balancer's probe gives up after a few seconds, and a storage that answers slower than this is not healthy.</summary>
    public static readonly TimeSpan HealthProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>GET /api/health</c>: 200 when the storage answers within <see cref="HealthProbeTimeout"/> (with
    /// the latest snapshot's date and age); otherwise 503 with <c>Retry-After</c> and the same shape,
    /// saying how the storage failed (<c>unreachable</c>, <c>refused</c>: credentials, <c>timeout</c>:
    /// it accepts connections but never answers, where it held a request for 90 seconds) and since when
    /// the dashboards are served from what this process kept (<see cref="SnapshotCache.ServesKeptSince"/>).
    /// The probe tells the cache what it found (<see cref="SnapshotCache.MarkAway()"/>, <see cref="SnapshotCache.MarkAnswering"/>).
    /// </summary>
    public async Task<IResult> GetHealth(HttpRequest request, CancellationToken cancellationToken = default)
    {
        static void WriteLatest(Utf8JsonWriter w, LatestSnapshot? latest, DateTimeOffset now)
        {
            if (latest is not { PublishedAt: var at })
            {
                w.WriteNull("latestSnapshot");
                return;
            }

            w.WriteStartObject("latestSnapshot");
            w.WriteString("asOf", StorageLayout.SnapshotFolder(latest.AsOf));
            w.WriteString("publishedAt", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("ageHours", Math.Round((now - at).TotalHours, 2));
            w.WriteEndObject();
        }

        LatestSnapshot? latest;
        using (var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            probe.CancelAfter(HealthProbeTimeout);
            try
            {
                await committed.ProbeAsync(probe.Token).ConfigureAwait(false);
                latest = await snapshots.LatestAsync(probe.Token).ConfigureAwait(false);
                _lastLatest = latest;
                cache.MarkAnswering();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is OperationCanceledException || StorageFailure.IsUnreachable(ex)))
            {
                var timedOut = ex is OperationCanceledException;
                var failure = timedOut ? new TimeoutException($"The storage did not answer the health probe within {HealthProbeTimeout.TotalSeconds} s.", ex) : ex;
                var detail = ApiFailures.Unavailable(request.HttpContext, failure);
                cache.MarkAway(); // the other routes' reads now wait StorageWait at most (ApiGate)
                return Responses.Live(request, HealthJson(w =>
                {
                    w.WriteString("status", "unavailable");
                    w.WriteString("storage", timedOut ? "timeout" : StorageFailure.IsRefused(ex) ? "refused" : "unreachable");
                    w.WriteString("detail", FrenchTypography.Apply(detail));
                    if (cache.ServesKeptSince is { } since)
                    {
                        w.WriteString("staleSince", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    }

                    // While kept copies are served, the snapshot they are (as last seen here): a panel on
                    // ageHours must not go blank exactly when it is needed (red team, dashboard builder).
                    WriteLatest(w, cache.ServesKeptSince is null ? null : _lastLatest, time.GetUtcNow());
                }), status: StatusCodes.Status503ServiceUnavailable);
            }
        }

        return Responses.Live(request, HealthJson(w =>
        {
            w.WriteString("status", "ok");
            w.WriteString("storage", "reachable");
            WriteLatest(w, latest, time.GetUtcNow());
        }));
    }

    // The latest snapshot the last health probe that reached the storage saw.
    private volatile LatestSnapshot? _lastLatest;

    private static byte[] HealthJson(Action<Utf8JsonWriter> write) => Responses.JsonBody(w =>
    {
        w.WriteStartObject();
        write(w);
        w.WriteEndObject();
    });

    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3 description of <see cref="ApiRoutes.All"/>.</summary>
    public IResult GetOpenApi(HttpRequest request) =>
        Responses.Cached(request, OpenApiDocument.Bytes, Responses.Json, "public, max-age=3600");

    private static byte[] Summary(RecomputeResult result, SnapshotState state) => Responses.JsonBody(w =>
    {
        w.WriteStartObject();
        w.WriteString("asOf", result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
        w.WriteString("state", SnapshotEndpoints.Code(state));
        w.WriteNumber("indicators", result.Dashboard.Summary.Indicators);
        w.WriteStartObject("byStatus");
        foreach (var status in Enum.GetValues<IndicatorStatus>())
        {
            w.WriteNumber(status.Code(), result.Dashboard.Indicators.Count(i => i.Status == status));
        }

        w.WriteEndObject();
        w.WriteString("dashboard", "/api/dashboard/" + result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    });
}
