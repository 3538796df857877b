using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Api;

/// <summary>
/// The one door of every route, in both hosts: the request's key is checked against the route's
/// <see cref="ApiRoute.Access"/> (no key where one is needed → 401, a key that does not open this
/// route → 403; compared in constant time, never logged nor echoed), then the endpoint runs, and
/// any exception it throws becomes the problem <see cref="ApiFailures"/> gives. An answer made from
/// a copy this process kept while the storage did not answer says since when it has not
/// (<see cref="SnapshotCache.StaleHeader"/>); an answer read from storage never does.
/// </summary>
/// <remarks>
/// While this process knows the storage away (<see cref="SnapshotCache.AwaySince"/>: a read failed or
/// hung, or the health probe did), a <c>GET</c> waits at most <see cref="SnapshotCache.StorageWait"/>
/// for its endpoint, then answers 503: the routes the cache does not serve (snapshots list, revisions,
/// ingestions) waited for the storage client's retries, 30 s in <c>mission serve</c> and 80 s in Azure,
/// at every request of an outage. A <c>POST</c> is never cut short: its write may still land. The
/// health is bounded by its own probe, and answers in its own shape.
/// </remarks>
public sealed partial class ApiGate(ApiOptions options, IndicatorCatalogue catalogue, SnapshotCache cache, TimeProvider time, ILogger<ApiGate> logger)
{
    /// <summary>
    /// Runs <paramref name="endpoint"/> for <paramref name="route"/> when the key allows it.
    /// <paramref name="agency"/> is the route's <c>{agency}</c>: an agency that does not exist is
    /// left to the endpoint, which answers 404 to everyone (the list of agencies is public).
    /// </summary>
    public async Task<IResult> RunAsync(ApiRoute route, HttpRequest request, Func<Task<IResult>> endpoint, string? agency = null) =>
        await RunAsync(route, request, endpoint, static endpoint => new ValueTask<IResult>(endpoint()), agency).ConfigureAwait(false);

    /// <summary>
    /// As above, the endpoint called with <paramref name="state"/>: with a static lambda and a
    /// synchronously completed endpoint, the door allocates nothing (<c>mission serve</c> polled hundreds of times a second).
    /// </summary>
    public async ValueTask<IResult> RunAsync<TState>(ApiRoute route, HttpRequest request, TState state, Func<TState, ValueTask<IResult>> endpoint, string? agency = null)
    {
        var context = request.HttpContext;
        if (!HttpMethods.IsGet(route.Method) && !HttpMethods.IsHead(route.Method))
        {
            // Every answer to a POST, a refusal or a conflict as well as a result: no cache keeps it (README).
            context.Response.Headers.CacheControl = "no-store";
        }

        try
        {
            // The files dropped outside any agency's folder (« DGT/ », the root) are filed under
            // IngestFile.UnknownAgency: the operator's to read, no agency's (their names are other agencies').
            var outsideFolders = route.Access == Access.Agency && agency == IngestFile.UnknownAgency;
            var unknownAgency = route.Access == Access.Agency && !outsideFolders && !(agency is not null && AgencyId.IsValid(agency) && catalogue.KnowsAgency(new AgencyId(agency)));
            // An agency the catalogue does not know: its 404 lists the agencies, for a key of this deployment
            // only (it was given before any key check: red team, dashboard builder).
            if ((outsideFolders ? Check(request, Access.Admin, agency: null) : unknownAgency ? CheckAnyAgencyKey(request) : Check(request, route.Access, agency)) is { } denied)
            {
                return AsPage(route, request, denied);
            }

            // No query string, the dashboard's polling: its query collection is never built.
            if (request.QueryString.HasValue && route.Prefix == "/api/" && QueryProblem(request.Query, route) is { } problem)
            {
                return AsPage(route, request, Problems.BadRequest(problem));
            }

            // Only while the storage is known away (nothing otherwise: the polled answer allocates nothing);
            // the answer that finds it away marks itself too.
            var awayBefore = cache.AwaySince;
            var mark = cache.Follow();
            var pending = endpoint(state);
            // Not the health (anonymous, as openapi.json): its own probe's 5 s answer in its own shape.
            var result = awayBefore is null || pending.IsCompleted || !HttpMethods.IsGet(route.Method) || route.Access == Access.Anonymous
                ? await pending.ConfigureAwait(false)
                : await WithinStorageWaitAsync(pending.AsTask(), awayBefore.Value).ConfigureAwait(false);
            // The answer that found the storage away may have served a kept copy without a mark to say so;
            // the anonymous routes (health, openapi.json) never serve one, though the health finds the outage.
            if ((mark?.Since ?? (awayBefore is null && route.Access != Access.Anonymous ? cache.AwaySince : null)) is { } since)
            {
                context.Response.Headers[SnapshotCache.StaleHeader] = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                if (Responses.IsNotModified(result) && route.AnswersPage(request))
                {
                    // A reload of a page read before the outage: its 304 would keep the copy without the
                    // notice on screen. Answered whole instead, from the same kept copy, in memory.
                    request.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.IfNoneMatch);
                    result = await endpoint(state).ConfigureAwait(false);
                }

                result = Responses.WithStaleNotice(context, result, since);
            }

            return AsPage(route, request, result);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            if (StorageFailure.IsUnreachable(ex))
            {
                // Known from now on: the next reads of every route wait StorageWait at most.
                cache.MarkAway();
            }

            return AsPage(route, request, ApiFailures.Problem(context, ex));
        }
    }

    /// <summary>A problem answered to a browser that asked for a page, as a page (<see cref="Problems.ForPage"/>).</summary>
    private static IResult AsPage(ApiRoute route, HttpRequest request, IResult result) => Problems.ForPage(request, result, route);

    private async Task<IResult> WithinStorageWaitAsync(Task<IResult> pending, DateTimeOffset awaySince)
    {
        try
        {
            return await pending.WaitAsync(SnapshotCache.StorageWait, time).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // The endpoint goes on until the storage client gives up; its failure is observed here.
            _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The storage, away since {awaySince:O}, did not answer within {SnapshotCache.StorageWait.TotalSeconds} s."), ex);
        }
    }

    /// <summary>
    /// Why the query is refused (see <see cref="ApiRoute.Query"/>), in French; null when every
    /// parameter is one the route reads, given once. Names are compared as the endpoints read them,
    /// without regard to case. A name starting with « _ » is let through: a cache-buster's
    /// (jQuery's <c>_=</c>), which the route does not read and which changes nothing.
    /// </summary>
    public static string? QueryProblem(IQueryCollection query, ApiRoute route)
    {
        foreach (var (key, values) in query)
        {
            if (key.StartsWith('_'))
            {
                continue;
            }

            var read = route.Query.FirstOrDefault(q => q.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (key.Length == 0)
            {
                return "L'adresse donne un paramètre sans nom (« ?=… ») : retirez-le (voir /api/openapi.json).";
            }

            if (read is null)
            {
                var reads = route.Query.Count == 0
                    ? "elle n'en lit aucun"
                    : $"elle lit {FrenchFormat.List([.. route.Query.Select(q => $"« {q} »")])}";
                return $"Cette route ne lit pas le paramètre « {Echo.Shorten(key)} » : {reads} (voir /api/openapi.json). Retirez-le de l'adresse"
                    + (key.Equals("asOf", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(route.Method)
                        ? " ; les chiffres d'un autre jour sont sous /api/dashboard/{date} (par exemple /api/dashboard/2009-12-31)."
                        : ".");
            }

            // Given twice is refused even when one of the two is empty: StringValues.ToString() leaves
            // empty values out, so « format=&format=csv » read as csv. Named as the route reads it:
            // the collection keeps one of the spellings given (« TERRITORY=…&Territory=… »).
            if (values.Count > 1)
            {
                return $"Le paramètre « {read} » est donné {values.Count} fois : donnez-le une seule fois.";
            }

            // An unset variable in an operator's script (« approve?releaseAt=$AT ») read as no parameter:
            // the draft was approved and released at once, for good (red team, dashboard builder). A
            // route that changes something takes an empty value as a mistake; a read takes it as absent.
            if (!HttpMethods.IsGet(route.Method) && !HttpMethods.IsHead(route.Method) && string.IsNullOrWhiteSpace(values.ToString()))
            {
                return $"Le paramètre « {read} » est vide : donnez sa valeur, ou retirez-le de l'adresse pour la valeur par défaut (voir /api/openapi.json).";
            }
        }

        return null;
    }

    /// <summary>The name the pre-release access list records for the admin key.</summary>
    public const string AdminKeyName = "admin";

    /// <summary>True when the request presents the admin key (compared in constant time): the only key that opens drafts.</summary>
    public bool IsAdmin(HttpRequest request) =>
        Same(request.Headers[ApiOptions.KeyHeader].ToString(), options.AdminKey);

    /// <summary>Null when the request may proceed, else the problem to answer.</summary>
    private IResult? Check(HttpRequest request, Access access, string? agency)
    {
        if (access == Access.Anonymous || (access == Access.Dashboard && options.DashboardKey is null))
        {
            return null;
        }

        var presented = request.Headers[ApiOptions.KeyHeader].ToString();
        if (presented.Length == 0)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiOptions.KeyHeader}\"";
            return Problems.Unauthorized($"Cette route demande une clé : envoyez-la dans l'en-tête {ApiOptions.KeyHeader}.");
        }

        var allowed = access switch
        {
            Access.Dashboard => Same(presented, options.DashboardKey) || Same(presented, options.AdminKey),
            Access.Agency => Same(presented, options.AdminKey)
                || (agency is not null && options.AgencyKeys.TryGetValue(agency, out var key) && Same(presented, key)),
            _ => Same(presented, options.AdminKey),
        };
        if (!allowed)
        {
            // Key guessing, or an agency trying another's files, must be seen by the operator: which
            // configured key it was (never the key itself), the route and its access.
            KeyRefused(logger, request.Path.Value ?? string.Empty, access, KnownAs(presented));
        }

        return allowed ? null : Problems.Forbidden(access == Access.Agency
            ? (KnownAs(presented) == "unknown" && !Same(presented, options.AdminKey) ? NoKeyOfThisDeployment : "Cette clé n'ouvre pas les fichiers de cette agence : chaque agence ne voit que les siens.")
            : "Cette clé n'ouvre pas cette route.");
    }

    private const string NoKeyOfThisDeployment = "Cette clé n'est ni celle d'une agence ni celle de l'administration de ce déploiement.";

    /// <summary>For an agency route naming no agency of the catalogue: null for the admin key or any agency's, else the problem to answer.</summary>
    private IResult? CheckAnyAgencyKey(HttpRequest request)
    {
        var presented = request.Headers[ApiOptions.KeyHeader].ToString();
        if (presented.Length == 0)
        {
            return Check(request, Access.Agency, agency: null);
        }

        if (Same(presented, options.AdminKey) || options.AgencyKeys.Values.Any(key => Same(presented, key)))
        {
            return null;
        }

        KeyRefused(logger, request.Path.Value ?? string.Empty, Access.Agency, KnownAs(presented));
        return Problems.Forbidden(Same(presented, options.DashboardKey) ? "Cette clé n'ouvre pas cette route." : NoKeyOfThisDeployment);
    }

    /// <summary>Which configured key <paramref name="presented"/> is, for the log: « dashboard », « agency ofii », or « unknown ».</summary>
    private string KnownAs(string presented) =>
        Same(presented, options.DashboardKey) ? "dashboard"
        : options.AgencyKeys.FirstOrDefault(k => Same(presented, k.Value)) is { Key: { } agency } ? "agency " + agency
        : "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key refused on {Path} (access {Access}): the {Key} key")]
    private static partial void KeyRefused(ILogger logger, string path, Access access, string key);

    /// <summary>
    /// Whether the presented key is the expected one, in a time that tells nothing of either: both are
    /// hashed first, since <see cref="CryptographicOperations.FixedTimeEquals"/> returns at once on
    /// spans of different lengths and would tell a caller the key's length.
    /// </summary>
    private static bool Same(string presented, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
