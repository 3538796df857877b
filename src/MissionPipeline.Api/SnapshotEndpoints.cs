using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;

namespace MissionPipeline.Api;

/// <summary>
/// The publication cycle (docs/publication.md): the published dates and their states, the steering
/// unit's approval, and the pre-release access list of a snapshot.
/// </summary>
public sealed class SnapshotEndpoints(Snapshots snapshots, SnapshotCache cache, TimeProvider time)
{
    /// <summary>
    /// <c>GET /api/snapshots</c>: every published date, newest first, with its state (draft, approved,
    /// released) and, once approved, when and by whom, and its release time: the release calendar. No
    /// figure of a draft is in it.
    /// </summary>
    public async Task<IResult> GetSnapshots(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var list = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        return Responses.Live(request, Responses.JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("requireApproval", snapshots.RequireApproval);
            w.WriteStartArray("snapshots");
            foreach (var status in list)
            {
                WriteStatus(w, status);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// <c>POST /api/snapshots/{asOf}/approve?releaseAt=</c> (admin): approves the draft of that date,
    /// released now or at <c>releaseAt</c> (ISO 8601 date and time, not in the past, at most a year ahead).
    /// 400 for a malformed date or time, or a date no snapshot may have (future, before 2000); 404 when nothing is published for that date; 409 when it is
    /// already approved, when the release breaks the dates' order, when the deployment publishes
    /// without approval, or when the catalogue changed since the draft.
    /// <c>If-Match</c> names the draft read (the ETag of <c>GET /api/dashboard/{asOf}</c>, or a prefix of
    /// its fingerprint): 412 when the draft was recomputed since, 400 when it names no fingerprint.
    /// </summary>
    public async Task<IResult> PostApprove(HttpRequest request, string asOf, CancellationToken cancellationToken = default)
    {
        if (!SnapshotDates.TryParseDay(asOf, out var date))
        {
            return Problems.BadDate(asOf);
        }

        // A date no snapshot may have is a malformed request, as the dashboard's route and the recompute say (it answered 404 « rien à valider »).
        if (Problems.NoSnapshotMayHave(date, time) is { } never)
        {
            return never;
        }

        DateTimeOffset? releaseAt = null;
        if (request.Query["releaseAt"].ToString() is { Length: > 0 } text)
        {
            if (SnapshotDates.ReleaseProblem(text, time.GetUtcNow(), out var release) is { } problem)
            {
                return Problems.BadRequest(problem);
            }

            releaseAt = release;
        }

        string? expected = null;
        if (request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && ifMatch != "*")
        {
            expected = SnapshotFiles.ReadFingerprint(ifMatch);
            if (expected is null)
            {
                return Problems.BadRequest(string.Create(CultureInfo.InvariantCulture,
                    $"If-Match « {Text.Echo.Shorten(ifMatch)} » illisible : attendu l'ETag du projet lu (GET /api/dashboard/{date:yyyy-MM-dd}), par exemple \"3f2a9c1e07b44d21a0c5e8f9b6d13e72\", ou son empreinte d'au moins {SnapshotFiles.MinFingerprint} chiffres hexadécimaux ; une seule étiquette, forte (pas W/)."));
            }
        }

        var result = await snapshots.ApproveAsync(date, releaseAt, ApiGate.AdminKeyName, expected, cancellationToken).ConfigureAwait(false);
        cache.Clear(); // the approval is seen at once by this process
        return result.Outcome switch
        {
            ApprovalOutcome.Approved => Responses.Live(request, StatusJson(new SnapshotStatus(date, Snapshots.StateOf(result.Approval, time.GetUtcNow(), requireApproval: true), result.Approval))),
            ApprovalOutcome.NotFound => Problems.NotFound(ApprovalRefusal.Message(result, date, string.Empty, time.GetUtcNow())),
            ApprovalOutcome.DraftChanged => Problems.PreconditionFailed(ApprovalRefusal.Message(result, date, string.Empty, time.GetUtcNow())),
            _ => Problems.Conflict(ApprovalRefusal.Message(result, date, "POST /api/recompute?asOf=" + StorageLayout.SnapshotFolder(date) + "&republish=true", time.GetUtcNow())),
        };
    }

    /// <summary>
    /// <c>POST /api/snapshots/{asOf}/withdraw</c> (admin): takes back the approval of that date before
    /// its release (<see cref="Snapshots.WithdrawAsync"/>): the date's state, a draft again. 400 for a
    /// malformed date or one no snapshot may have; 409 when it is not approved, already released, a later date is approved, or
    /// the deployment publishes without approval.
    /// </summary>
    public async Task<IResult> PostWithdraw(HttpRequest request, string asOf, CancellationToken cancellationToken = default)
    {
        if (!SnapshotDates.TryParseDay(asOf, out var date))
        {
            return Problems.BadDate(asOf);
        }

        // As the approval: a date no snapshot may have is a malformed request (the command line exits 2).
        if (Problems.NoSnapshotMayHave(date, time) is { } never)
        {
            return never;
        }

        var result = await snapshots.WithdrawAsync(date, ApiGate.AdminKeyName, cancellationToken).ConfigureAwait(false);
        cache.Clear(); // the withdrawal is seen at once by this process
        return result.Outcome == ApprovalOutcome.Withdrawn
            ? Responses.Live(request, StatusJson(new SnapshotStatus(date, SnapshotState.Draft, null)))
            : Problems.Conflict(ApprovalRefusal.Message(result, date, string.Empty, time.GetUtcNow()));
    }

    /// <summary>
    /// <c>GET /api/snapshots/{asOf}/access</c> (admin): who read the snapshot before its release, when,
    /// and through which route or command, oldest first. 404 when nothing is published for that date.
    /// </summary>
    public async Task<IResult> GetAccess(HttpRequest request, string asOf, CancellationToken cancellationToken = default)
    {
        if (!SnapshotDates.TryParseDay(asOf, out var date))
        {
            return Problems.BadDate(asOf);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if ((await snapshots.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.AsOf == date) is not { } status)
        {
            return Problems.NotFound($"Aucun tableau de bord publié au {FrenchFormat.Date(date)}.");
        }

        var reads = await snapshots.ReadsAsync(date, cancellationToken).ConfigureAwait(false);
        return Responses.Live(request, Responses.JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteString("asOf", StorageLayout.SnapshotFolder(date));
            w.WriteString("state", Code(status.State));
            w.WriteStartArray("reads");
            foreach (var read in reads)
            {
                w.WriteStartObject();
                w.WriteString("at", Iso(read.At));
                w.WriteString("key", read.Key);
                w.WriteString("route", read.Route);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary>The state as the API writes it: <c>draft</c>, <c>approved</c> or <c>released</c>.</summary>
    public static string Code(SnapshotState state) => state switch
    {
        SnapshotState.Draft => "draft",
        SnapshotState.Approved => "approved",
        _ => "released",
    };

    /// <summary>One date's state as <c>GET /api/snapshots</c> lists it (and as the approval route and <c>mission approve --json</c> answer).</summary>
    public static byte[] StatusJson(SnapshotStatus status) => Responses.JsonBody(w => WriteStatus(w, status));

    private static void WriteStatus(Utf8JsonWriter w, SnapshotStatus status)
    {
        w.WriteStartObject();
        w.WriteString("asOf", StorageLayout.SnapshotFolder(status.AsOf));
        w.WriteString("state", Code(status.State));
        if (status.Approval is { } a)
        {
            w.WriteString("approvedAt", Iso(a.ApprovedAt));
            w.WriteString("approvedBy", a.ApprovedBy);
            w.WriteString("releaseAt", Iso(a.ReleaseAt));
            w.WriteString("manifestSha256", a.ManifestSha256);
        }

        w.WriteString("dashboard", "/api/dashboard/" + StorageLayout.SnapshotFolder(status.AsOf));
        w.WriteEndObject();
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
