using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Api;

/// <summary>
/// The dashboard routes: the published snapshot files, served as they were published (byte for
/// byte; a dated page with its map links carrying its date, <see cref="SnapshotFiles.Relinked"/>),
/// the territory pages, and views cut out of the latest <c>dashboard.json</c> (one indicator,
/// completeness, a territory).
/// </summary>
public sealed class DashboardEndpoints(SnapshotCache snapshots, Snapshots store, CommittedObservations committed, ObservationSegments segments, IndicatorCatalogue catalogue, ApiOptions options, ApiGate gate, TimeProvider time)
{
    private const int LatestMaxAge = 300;
    private const int DatedMaxAge = 3600;

    // Views cut out of a published dashboard.json, made once per file (keyed by its ETag, so a new
    // publication makes new ones): a territory polled by its préfecture costs a lookup, not a parse
    // of the whole dashboard. A null view is a file without what the route cuts out. Only the views of
    // one file are kept (views of an older snapshot are never asked again): at most one per territory
    // and format, per indicator, and completeness.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Source, string View), CutView?> _views = new();
    private volatile string? _viewsOf;

    /// <summary>A view's bytes and their ETag, hashed once with them.</summary>
    private sealed record CutView(ReadOnlyMemory<byte> Body, string ETag);

    /// <summary>The pages <see cref="Page"/> keeps, by source file and name.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Source, string Name), CutView> _pages = new();

    private const int PagesKeptAtMost = 1024;

    // A dated national page is some 230 KB: bounded by bytes too, as the compressed bodies are.
    private const long PagesKeptAtMostBytes = 64L * 1024 * 1024;
    private long _pagesBytes;

    /// <summary>How long a page (<c>/</c>, a territory's) may be kept: a minute, as the national page.</summary>
    private const int PageMaxAge = 60;

    /// <summary><c>GET /api/dashboard</c>: the latest snapshot; <c>?format=json|csv|xlsx|html</c> (<c>csv&amp;dialect=fr</c> for Excel in French) or <c>Accept: text/csv</c>.</summary>
    public ValueTask<IResult> GetDashboard(HttpRequest request, CancellationToken cancellationToken = default) =>
        ServeAsync(request, null, cancellationToken);

    /// <summary>
    /// <c>GET /api/dashboard/{asOf}</c>: the snapshot published for that date; 400 for a malformed date
    /// or one no snapshot may have (in the future, before 2000: <see cref="SnapshotDates.Problem"/>),
    /// 404 if none, or if it is not released and the admin key is not presented. A snapshot read
    /// before its release (admin key) is recorded in its access list and never cached by anyone.
    /// </summary>
    public ValueTask<IResult> GetDashboardAt(HttpRequest request, string asOf, CancellationToken cancellationToken = default) =>
        !SnapshotDates.TryParseDay(asOf, out var date) ? new(Problems.BadDate(asOf))
        : NoSnapshotMayHave(date) is { } never ? new(never)
        : ServeAsync(request, date, cancellationToken);

    /// <summary>The 400 for a date no snapshot may be computed for, as a recompute refuses it; null for any other.</summary>
    private IResult? NoSnapshotMayHave(DateOnly date) => Problems.NoSnapshotMayHave(date, time);

    /// <summary><c>GET /api/indicators/{id}</c>: one indicator of the latest snapshot (with <c>asOf</c>), 404 for an unknown id.</summary>
    public async Task<IResult> GetIndicator(HttpRequest request, string id, CancellationToken cancellationToken = default)
    {
        if (!catalogue.TryGet(id, out var indicator))
        {
            return Problems.NotFound($"Indicateur « {Echo.Shorten(id)} » inconnu. Identifiants : {string.Join(", ", catalogue.Indicators.Select(i => i.Id.Value))}.");
        }

        return await FromLatestAsync(request, "indicator " + indicator.Id.Value, (root, writer) =>
        {
            var found = root.GetProperty("indicators").EnumerateArray().FirstOrDefault(i => i.GetProperty("id").GetString() == indicator.Id.Value);
            writer.WriteStartObject();
            writer.WriteString("asOf", root.GetProperty("asOf").GetString());
            foreach (var property in found.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/indicators/{id}/revisions?territory=</c>: the revision triangle of one territory
    /// (default: the indicator's headline one): each period's successive values with their file and
    /// receipt time; a level with no figure of its own for a period gets the roll-up of its parts after
    /// each file (<see cref="Revisions.TriangleOf"/>), except for an indicator whose small counts are
    /// protected, whose roll-ups, version after version, would give its départements away. 404 for an
    /// unknown id, a derived indicator (its revisions are its sources'), a territory that did not exist
    /// in 2009, the départements of a protected indicator, or a level at which a protected indicator has
    /// no figure of its own; 400 for a malformed territory.
    /// </summary>
    public async Task<IResult> GetRevisions(HttpRequest request, string id, CancellationToken cancellationToken = default)
    {
        if (!catalogue.TryGet(id, out var indicator))
        {
            return Problems.NotFound($"Indicateur « {Echo.Shorten(id)} » inconnu. Identifiants : {string.Join(", ", catalogue.Indicators.Select(i => i.Id.Value))}.");
        }

        var asked = request.Query["territory"].ToString();
        var territory = indicator.Headline;
        if (asked.Length > 0 && !Territory.TryParse(asked, out territory))
        {
            return Problems.BadRequest($"Territoire « {Echo.Shorten(asked)} » invalide : attendu par exemple FR, FR-MET, REG-11 ou DEP-75.");
        }

        if (territory.Kind is TerritoryKind.Departement or TerritoryKind.Region && !TerritoryView.Knows(territory))
        {
            return NotATerritoryOf2009(asked);
        }

        // Any two letters read as a country's code: only an indicator published by country has one, and
        // only for a member of the EU of 2009 (else « XX » gave an empty series).
        if (territory.Kind == TerritoryKind.Country
            && (!indicator.Covers(territory) || !(Geography2009.Default.TryFindEurostatCode(territory.Code, out var country) && country.EuMember2009)))
        {
            var codes = string.Join(", ", Geography2009.Default.Eurostat.Where(g => g.EuMember2009).Select(g => g.Territory.Code));
            return Problems.NotFound(!indicator.Covers(territory) ? NotPublished(indicator, asked)
                : EurostatSpelling(territory.Code) is { } spelling ? $"« {Echo.Shorten(asked)} » n'est pas un code Eurostat : {spelling}. Codes Eurostat de l'Union européenne de 2009 : {codes}."
                : $"« {Echo.Shorten(asked)} » n'est pas un pays de l'Union européenne de 2009 : codes Eurostat {codes}.");
        }

        // A level the indicator is not published at answered an empty 200 while a country answered 404 (red team, dashboard builder).
        if (territory.Kind != TerritoryKind.Country && !indicator.Covers(territory))
        {
            return Problems.NotFound(NotPublished(indicator, asked));
        }

        if (indicator.Derivation is { } derivation)
        {
            return Problems.NotFound(derivation.Of.Count > 1
                ? $"« {indicator.Id.Value} » est calculé à partir d'autres indicateurs ({string.Join(", ", derivation.Of.Select(i => i.Value))}) : ses révisions sont celles de ces indicateurs."
                : $"« {indicator.Id.Value} » est calculé à partir de l'indicateur {derivation.Of[0].Value} : ses révisions sont celles de cet indicateur.");
        }

        if (indicator.Sensitive && territory.Kind == TerritoryKind.Departement)
        {
            return Problems.NotFound($"Les valeurs de « {indicator.Id.Value} » par département ne sont pas publiées une à une, révisions comprises : leurs petits effectifs sont protégés (secret statistique).");
        }

        // A région's own figure of removals published by département, beside its départements' published
        // ones, gave the one suppressed by subtraction (red team, préfet): a protected indicator's
        // revisions are read only at the levels the dashboard itself publishes.
        if (indicator.Sensitive && !indicator.PublishedAt(territory))
        {
            // Its départements are refused above: only the territories the scope names are left to read.
            var named = indicator.Scope.Where(s => s.Group == ScopeGroup.Territory).Select(s => s.French).ToArray();
            return Problems.NotFound($"Les révisions de l'indicateur « {indicator.Id.Value} » ne sont pas diffusées pour « {Echo.Shorten(asked)} » : un chiffre reçu à ce niveau, rapproché des chiffres publiés, dévoilerait des petits effectifs protégés (secret statistique)."
                + (named.Length == 0 ? " Elles ne sont diffusées à aucun niveau." : $" Elles ne se lisent que pour {FrenchFormat.List(named)}, et seulement quand un fichier y donne le chiffre lui-même (pas quand il arrive par département)."));
        }

        ServedFile? manifest = null;
        if (await store.RequiresApprovalAsync(cancellationToken).ConfigureAwait(false)
            && (manifest = await snapshots.GetAsync(null, SnapshotFiles.Manifest, cancellationToken).ConfigureAwait(false)) is null)
        {
            return Problems.NotFound("Aucun tableau de bord diffusé : les révisions se lisent dans ce que les tableaux de bord diffusés ont publié.");
        }

        // Kept while the ingestions (read at each request: a file committed a moment ago is in the next
        // answer) and the released manifest are the same: sixteen clients polling one triangle read the
        // segments and rebuilt it at each request, a 304 costing as much as a 200 (red team, dashboard builder).
        var ingestions = await committed.IngestionsAsync(cancellationToken).ConfigureAwait(false);
        var fingerprint = Fingerprint(ingestions);
        var key = (indicator.Id, territory);
        if (!_revisions.TryGetValue(key, out var kept) || kept.Ingestions != fingerprint || kept.Released != manifest?.ETag)
        {
            kept = new KeptRevisions(fingerprint, manifest?.ETag, await RevisionsAsync(indicator, territory, ingestions, manifest, cancellationToken).ConfigureAwait(false));
            lock (_revisions)
            {
                // Answers of older ingestions or releases are never asked again; and a crawler of every level
                // of every indicator is bounded by count and bytes, as the pages are.
                var bytes = kept.Answer.Body?.Body.Length ?? 0;
                if (_revisionsOf != (fingerprint, manifest?.ETag) || _revisions.Count >= RevisionsKeptAtMost || _revisionsBytes + bytes > PagesKeptAtMostBytes)
                {
                    _revisions.Clear();
                    (_revisionsOf, _revisionsBytes) = ((fingerprint, manifest?.ETag), 0);
                }

                _revisions[key] = kept;
                _revisionsBytes += bytes;
            }
        }

        return kept.Answer.NotFound is { } why
            ? Problems.NotFound(why.Replace(RevisionsAnswer.Asked, Echo.Shorten(asked), StringComparison.Ordinal))
            : Responses.Cached(request, kept.Answer.Body!.Body, kept.Answer.Body.ETag, Responses.Json, Responses.CacheControl(options, Access.Dashboard, LatestMaxAge));
    }

    /// <summary>
    /// The revision triangle of <paramref name="indicator"/> at <paramref name="territory"/> from
    /// <paramref name="ingestions"/>, cut to the released <paramref name="manifest"/> where approval is
    /// required: its JSON, or why there is none (a 404's detail).
    /// </summary>
    private async Task<RevisionsAnswer> RevisionsAsync(Indicator indicator, Territory territory, IReadOnlyList<IngestionSummary> ingestions, ServedFile? manifest, CancellationToken cancellationToken)
    {
        // The committed files' observations as the recompute reads them (this process's memory, the
        // checkpoint, the segments), not the table's rows: one indicator of ten million observations
        // is millions of entities, read again at every request.
        var (history, _) = await segments.ReadAsync(ingestions, new HashSet<IndicatorId> { indicator.Id }, cancellationToken).ConfigureAwait(false);
        // Every level at once: an aggregate with no figure of its own is the roll-up of its parts'.
        IEnumerable<SourcedObservation> shown = history.Of(indicator.Id, DateOnly.MaxValue, territory.Kind == TerritoryKind.Departement ? territory : null);
        DateOnly? cut = null;
        if (manifest is not null)
        {
            // Only what a released snapshot was computed from: a file that only a draft has read stays unpublished.
            var (released, inputs, _) = SnapshotManifest.ReadInputs(manifest.Content.ToMemory());
            shown = shown.Where(o => inputs.Contains((o.Agency, o.IngestId)) && o.Observation.Period.End <= released);
            cut = released;
        }

        // Millions of observations scanned at ten million: on the thread pool, never on an I/O thread of
        // the web server in inline mode (ServeHost.UseLoopback), where it would hold every connection it serves.
        var triangle = await Task.Run(() => Revisions.TriangleOf(indicator.Id, indicator.Aggregation, territory, shown, ingestions, rollUp: !indicator.Sensitive), cancellationToken).ConfigureAwait(false);
        if (triangle.Count == 0 && indicator.Sensitive && shown.Any())
        {
            // Said plainly where the revisions can then be read: « ailleurs » sent a reader from FR to FR-MET and
            // back (red team, dashboard builder).
            var others = indicator.Scope.Where(s => s.Group == ScopeGroup.Territory && s.Territory != territory).Select(s => s.French).ToArray();
            return RevisionsAnswer.Missing($"« {indicator.Id.Value} » n'a pas de chiffre propre en {territory.Code} : les fichiers reçus le donnent par département, et leur cumul, révision après révision, dévoilerait des petits effectifs protégés (secret statistique). "
                + (others.Length == 0 ? $"Ses révisions ne sont donc diffusées à aucun niveau, tant qu'aucun fichier ne donne le chiffre de {territory.Code} lui-même."
                    : $"Ses révisions ne se lisent ici que lorsqu'un fichier donne le chiffre de {territory.Code} lui-même ; ailleurs, seulement pour {FrenchFormat.List(others)}, aux mêmes conditions."));
        }

        // A level below the published ones with nothing sent there (the population of a département,
        // published by région) answered an empty 200 (red team, préfet).
        if (triangle.Count == 0 && !indicator.PublishedAt(territory))
        {
            // Kept for every spelling of the territory: the one this request wrote goes in when answered.
            return RevisionsAnswer.Missing(NotPublished(indicator, RevisionsAnswer.Asked) + " Aucun fichier n'y donne de chiffre.");
        }

        var body = Revisions.Write(indicator.Id, territory, triangle, [.. indicator.BreaksWithin(DateOnly.MinValue, DateOnly.MaxValue)], cut);
        return new RevisionsAnswer(new CutView(body, Responses.ETagOf(body)), null);
    }

    /// <summary>
    /// What the revisions read of the ingestions, hashed (XxHash128: a cache key, not a security
    /// boundary): each file's agency, id, name, status, indicators, receipt and claim, in the table's
    /// order. A file committed, rejected or replayed since gives another.
    /// </summary>
    private static UInt128 Fingerprint(IReadOnlyList<IngestionSummary> ingestions)
    {
        var hash = new System.IO.Hashing.XxHash128();
        Span<byte> number = stackalloc byte[8];
        foreach (var i in ingestions)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes($"{i.Agency.Value}\n{i.IngestId}\n{i.FileName}\n{i.Status}\n{string.Join(',', i.Indicators.Select(id => id.Value))}\n"));
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(number, i.Received.UtcTicks);
            hash.Append(number);
            // The claim orders files received in the same second, and keys the segments kept in memory (review).
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(number, i.Claimed.UtcTicks);
            hash.Append(number);
        }

        return hash.GetCurrentHashAsUInt128();
    }

    /// <summary>A revisions answer: its JSON, or a 404's detail (<see cref="Asked"/> standing for the territory as each request writes it).</summary>
    private sealed record RevisionsAnswer(CutView? Body, string? NotFound)
    {
        /// <summary>A mark no territory code holds (the code was read as one before), replaced by the request's own text.</summary>
        public const string Asked = "@@demandé@@";

        public static RevisionsAnswer Missing(string why) => new(null, why);
    }

    private sealed record KeptRevisions(UInt128 Ingestions, string? Released, RevisionsAnswer Answer);

    // Indicators × levels (126 territories of 2009, 3 national, 27 countries) is a few thousand; past this, they are all made again.
    private const int RevisionsKeptAtMost = 8192;

    // The ingestions and release the kept answers were made from, and their bytes: guarded by locking _revisions.
    private (UInt128, string?) _revisionsOf;
    private long _revisionsBytes;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(IndicatorId, Territory), KeptRevisions> _revisions = new();

    /// <summary>
    /// <c>GET /api/territories/{code}</c>: the latest snapshot seen from one département or région of
    /// 2009 (<see cref="TerritoryView"/>); 400 for a code that is not a territory, 404 for one that
    /// is neither a département nor a région of 2009, or before any snapshot.
    /// </summary>
    public Task<IResult> GetTerritory(HttpRequest request, string code, CancellationToken cancellationToken = default) =>
        TerritoryAsync(request, code, TerritoryView.Write, Responses.Json, variant: string.Empty, LatestMaxAge, cancellationToken);

    /// <summary>
    /// <c>GET /api/territoires/{code}</c> (<c>{code}.html</c> too), where the maps of <c>GET
    /// /api/dashboard?format=html</c> lead: the latest released snapshot's own page of that territory
    /// (<see cref="SnapshotFiles.TerritoryPage"/>), or, for a territory with no indicator at its level
    /// (no page in the snapshot), the same view rendered now (<see cref="TerritoryHtml"/>), with the
    /// banner the snapshot's own pages carry (« Validé le … »); its link back leads to <c>GET
    /// /api/dashboard?format=html</c>. The same errors as the view.
    /// </summary>
    public Task<IResult> GetTerritoryPage(HttpRequest request, string code, CancellationToken cancellationToken = default) =>
        TerritoryPageAsync(request, code, "../dashboard?format=html", cancellationToken);

    /// <summary><c>GET /territoires/{code}</c> of <c>mission serve</c>: the page of <see cref="GetTerritoryPage"/>, its link back to <c>/dashboard.html</c>, as in the snapshot folder.</summary>
    public Task<IResult> GetTerritoryPageFile(HttpRequest request, string code, CancellationToken cancellationToken = default) =>
        TerritoryPageAsync(request, code, SnapshotFiles.NationalLink, cancellationToken);

    private async Task<IResult> TerritoryPageAsync(HttpRequest request, string code, string nationalLink, CancellationToken cancellationToken)
    {
        var asked = WithoutHtml(code);
        if (Territory.TryParse(asked, out var territory) && TerritoryView.Knows(territory))
        {
            if (OneFolderTooDeep(request, PageSegment(territory, code)) is { } redirect)
            {
                return redirect;
            }

            if (await snapshots.GetAsync(null, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is { } latest
                && await StoredPageAsync(null, latest, territory, cancellationToken).ConfigureAwait(false) is { } page)
            {
                var relinked = Page(page, "national " + nationalLink, () => SnapshotFiles.Relinked(page.Content.ToMemory(), null, nationalLink));
                return Responses.Cached(request, relinked.Body, relinked.ETag, Responses.Html, Responses.CacheControl(options, Access.Dashboard, PageMaxAge));
            }
        }

        var state = await snapshots.LatestPageStateAsync(cancellationToken).ConfigureAwait(false);
        return await TerritoryAsync(request, asked, (d, t, c) => SnapshotFiles.Relinked(TerritoryHtml.Write(d, t, c, state), null, nationalLink).ToArray(), Responses.Html, $"{nationalLink} {StateKey(state)}", PageMaxAge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/dashboard/{asOf}/territoires/{code}</c> (<c>{code}.html</c> too), where the maps of
    /// <c>GET /api/dashboard/{asOf}?format=html</c> lead: that snapshot's own page of the territory,
    /// or, where it has none, the view rendered from its <c>dashboard.json</c>, saying the snapshot's
    /// validation state; its link back leads to that page. Released or not, as <see cref="GetDashboardAt"/>:
    /// 400 for a malformed date or code, 404 for a code that is not a territory of 2009, a date with no
    /// snapshot, or one not yet released without the admin key, whose read is recorded.
    /// </summary>
    public Task<IResult> GetTerritoryPageAt(HttpRequest request, string asOf, string code, CancellationToken cancellationToken = default) =>
        DatedTerritoryAsync(request, asOf, WithoutHtml(code), code, async (date, territory, json, cacheControl) =>
        {
            // The snapshot's own page, unless it has none (a territory with no indicator at its level) or
            // it says nothing of a draft it is (published by a process that does not ask for approval).
            var state = await snapshots.PageStateAsync(date, cancellationToken).ConfigureAwait(false);
            var stored = await StoredPageAsync(date, json, territory, cancellationToken).ConfigureAwait(false);
            var back = string.Create(CultureInfo.InvariantCulture, $"../../{date:yyyy-MM-dd}?format=html");
            var page = stored is not null && (!state.IsDraft || SnapshotFiles.SaysDraft(stored.Content.ToMemory().Span))
                ? Page(stored, "national " + back, () => SnapshotFiles.Relinked(stored.Content.ToMemory(), null, back))
                : Page(json, $"{territory.Code} {StateKey(state)} {back}", () => SnapshotFiles.Relinked(TerritoryHtml.Write(DashboardJson.Read(json.Content.ToMemory()), territory, catalogue, state.Naming(json.Content.ToMemory().Span)), null, back));
            return Responses.Cached(request, page.Body, page.ETag, Responses.Html, cacheControl);
        }, cancellationToken);

    /// <summary>
    /// <c>GET /api/dashboard/{asOf}/territories/{code}</c>: the snapshot of that date seen from one
    /// département or région of 2009, the view of <see cref="GetTerritory"/> cut out of that date's
    /// <c>dashboard.json</c>; released or not as <see cref="GetDashboardAt"/> (a draft: 404 except
    /// with the admin key, the read recorded). 400 for a malformed date or code, 404 for a code that
    /// is not a territory of 2009 or a date with no snapshot.
    /// </summary>
    public Task<IResult> GetTerritoryAt(HttpRequest request, string asOf, string code, CancellationToken cancellationToken = default) =>
        DatedTerritoryAsync(request, asOf, code, segment: null, (_, territory, json, cacheControl) =>
        {
            // Kept as the pages are (by file and name, bounded), not with the latest's views, which one dated read would clear.
            var view = Page(json, "view " + territory.Code, () => TerritoryView.Write(DashboardJson.Read(json.Content.ToMemory()), territory, catalogue));
            return Task.FromResult(Responses.Cached(request, view.Body, view.ETag, Responses.Json, cacheControl));
        }, cancellationToken);

    /// <summary>
    /// What the dated territory routes check before they answer, in this order: the date
    /// (<see cref="Problems.BadDate"/>, <see cref="NoSnapshotMayHave"/>), the code, the page's final
    /// slash (<paramref name="segment"/>: the address's last segment for a page, null for a view, which has no
    /// relative link), a snapshot of that date, and whether this request may read it
    /// (<see cref="ReleasedOrAdminAsync"/>, which records a draft's read); then <paramref name="answer"/>
    /// with the date, the territory, that date's <c>dashboard.json</c> and how the answer may be kept.
    /// </summary>
    private async Task<IResult> DatedTerritoryAsync(HttpRequest request, string asOf, string code, string? segment, Func<DateOnly, Territory, ServedFile, string, Task<IResult>> answer, CancellationToken cancellationToken)
    {
        if (!SnapshotDates.TryParseDay(asOf, out var date))
        {
            return Problems.BadDate(asOf);
        }

        if (NoSnapshotMayHave(date) is { } never)
        {
            return never;
        }

        if (!Territory.TryParse(code, out var territory))
        {
            return BadTerritory(code);
        }

        if (!TerritoryView.Knows(territory))
        {
            return NotATerritoryOf2009(code);
        }

        if (segment is not null && OneFolderTooDeep(request, PageSegment(territory, segment)) is { } redirect)
        {
            return redirect;
        }

        if (await snapshots.GetAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } json)
        {
            return Problems.NotFound($"Aucun tableau de bord publié au {FrenchFormat.Date(date)}.");
        }

        var (refusal, cacheControl, _) = await ReleasedOrAdminAsync(request, date, cancellationToken).ConfigureAwait(false);
        return refusal ?? await answer(date, territory, json, cacheControl).ConfigureAwait(false);
    }

    /// <summary>
    /// The snapshot's own page of <paramref name="territory"/> (of <paramref name="json"/>'s date:
    /// <paramref name="date"/>, null for the latest), or null when it has none, which its JSON says
    /// (<see cref="SnapshotFiles.TerritoriesWithPages"/>, read once per published file): an absent file is never
    /// kept by <see cref="SnapshotCache"/>, so asking storage for it at each request made every such page
    /// wait for a storage that does not answer, then 503, where the others are served from kept copies
    /// (red team, dashboard builder).
    /// </summary>
    private async ValueTask<ServedFile?> StoredPageAsync(DateOnly? date, ServedFile json, Territory territory, CancellationToken cancellationToken)
    {
        // « \nDEP-13\nDEP-75\n… »: one parse of the JSON for every territory, kept with the file as its pages are.
        var withPages = Page(json, "territories with pages", () => System.Text.Encoding.ASCII.GetBytes(
            "\n" + string.Concat(SnapshotFiles.TerritoriesWithPages(DashboardJson.Read(json.Content.ToMemory()), catalogue).Select(t => t.Code + "\n"))));
        var has = withPages.Body.Span.IndexOf(System.Text.Encoding.ASCII.GetBytes($"\n{territory.Code}\n")) >= 0;
        return has ? await snapshots.GetAsync(date, SnapshotFiles.TerritoryPage(territory), cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// A 308 to the address without its final slash, written relative to it (<c>../DEP-75</c>, so that
    /// a prefix a gateway adds holds): a page served one folder too deep (<c>territoires/DEP-75/</c>,
    /// <c>dashboard/?format=html</c>) would have its relative links miss. Null for an address without
    /// one. Called once the address is read as valid: <paramref name="segment"/>, its last segment, is
    /// written from what was read, never echoed from the request (a decoded path put in a header failed
    /// on « é » or a line break, and « \ » made another address of the site).
    /// </summary>
    private static IResult? OneFolderTooDeep(HttpRequest request, string segment) =>
        request.Path.Value is { Length: > 1 } path && path.EndsWith('/')
            ? Results.Redirect("../" + Uri.EscapeDataString(segment) + request.QueryString.ToUriComponent(), permanent: true, preserveMethod: true)
            : null;

    /// <summary>What a page's banner depends on, as a key (the record's own text is the culture's and to the second).</summary>
    private static string StateKey(PageState state) =>
        string.Create(CultureInfo.InvariantCulture, $"{state.IsDraft} {state.ApprovedAt?.UtcTicks} {state.ReleaseAt?.UtcTicks}");

    /// <summary>A territory's code as the maps link it (<c>DEP-75.html</c>) or as written (<c>DEP-75</c>).</summary>
    private static string WithoutHtml(string code) => code.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? code[..^5] : code;

    /// <summary>The last segment of a territory page's address, as asked (with <c>.html</c> or without) and written as the territory's code.</summary>
    private static string PageSegment(Territory territory, string asked) =>
        territory.Code + (asked.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? ".html" : string.Empty);

    /// <summary>
    /// A page of a snapshot folder as the API serves it (<paramref name="name"/>: its links, its
    /// state), made from <paramref name="source"/> by <paramref name="make"/> once, then kept with its
    /// ETag (the source's where nothing changed): a polled page, or its 304, costs a lookup. Dates come
    /// from callers: at most <see cref="PagesKeptAtMost"/> are kept, all forgotten past it and made
    /// again on demand.
    /// </summary>
    private CutView Page(ServedFile source, string name, Func<ReadOnlyMemory<byte>> make)
    {
        var key = (source.ETag, name);
        if (_pages.TryGetValue(key, out var page))
        {
            return page;
        }

        if (_pages.Count >= PagesKeptAtMost || Interlocked.Read(ref _pagesBytes) >= PagesKeptAtMostBytes)
        {
            _pages.Clear();
            Interlocked.Exchange(ref _pagesBytes, 0);
        }

        var body = make();
        var kept = body.Equals(source.Content.ToMemory());
        if (!kept)
        {
            Interlocked.Add(ref _pagesBytes, body.Length); // a page that is its file costs nothing more
        }

        return _pages[key] = new CutView(body, kept ? source.ETag : Responses.ETagOf(body.Span));
    }

    /// <summary>
    /// The latest snapshot seen from the territory <paramref name="code"/> names, rendered by
    /// <paramref name="render"/> once per file and <paramref name="variant"/> (what else than the file
    /// and the territory the rendering depends on: a page's banner), so that a kept view is never another's.
    /// </summary>
    private async Task<IResult> TerritoryAsync(HttpRequest request, string code, Func<Dashboard, Territory, IndicatorCatalogue, byte[]> render, string contentType, string variant, int maxAge, CancellationToken cancellationToken)
    {
        if (!Territory.TryParse(code, out var territory))
        {
            return BadTerritory(code);
        }

        if (!TerritoryView.Knows(territory))
        {
            return NotATerritoryOf2009(code);
        }

        if (await snapshots.GetAsync(null, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is not { } latest)
        {
            return Problems.NotFound("Aucun tableau de bord publié : le recalcul ne l'a pas encore produit.");
        }

        var view = View(latest, contentType + " " + territory.Code + " " + variant, () => render(DashboardJson.Read(latest.Content.ToMemory()), territory, catalogue))!;
        return Responses.Cached(request, view.Body, view.ETag, contentType, Responses.CacheControl(options, Access.Dashboard, maxAge));
    }

    /// <summary>The 400 of a code that is not written as a territory's (the territory routes).</summary>
    private static IResult BadTerritory(string code) =>
        Problems.BadRequest(TerritoryView.Invalid(code, Echo.Shorten(code)));

    /// <summary>« « operations_travail_illegal » n'est publié que pour FR, pas pour « DEP-13 ». », or « … n'est pas publié pour « REG-91 » : il l'est pour FR-MET et ses départements (DEP-xx). »</summary>
    private static string NotPublished(Indicator indicator, string asked) =>
        indicator.Scope is [{ Group: ScopeGroup.Territory } only]
            ? $"« {indicator.Id.Value} » n'est publié que pour {only.French}, pas pour « {Echo.Shorten(asked)} »."
            : $"« {indicator.Id.Value} » n'est pas publié pour « {Echo.Shorten(asked)} » : il l'est pour {indicator.PublishedLevels}.";

    /// <summary>« le Royaume-Uni s'y écrit UK » for GB and GR, members in 2009 that Eurostat writes UK and EL; null otherwise.</summary>
    private static string? EurostatSpelling(string code) => code.ToUpperInvariant() switch
    {
        "GB" => "le Royaume-Uni s'y écrit UK",
        "GR" => "la Grèce s'y écrit EL",
        _ => null,
    };

    /// <summary>The 404 of a well-formed territory code that was neither a département nor a région in 2009 (the territory routes and the revisions).</summary>
    private static IResult NotATerritoryOf2009(string code) => Problems.NotFound(TerritoryView.NotOf2009(code));

    /// <summary>The view <paramref name="name"/> of <paramref name="source"/>: made by <paramref name="make"/> on its first request, then kept (see <see cref="_views"/>).</summary>
    private CutView? View(ServedFile source, string name, Func<byte[]?> make)
    {
        var key = (source.ETag, name);
        if (_views.TryGetValue(key, out var view))
        {
            return view;
        }

        if (_viewsOf != source.ETag)
        {
            // A new file: the old one's views go (a request still holding the old file may add one back, which the next new file clears).
            _viewsOf = source.ETag;
            _views.Clear();
        }

        return _views[key] = make() is { } body ? new CutView(body, Responses.ETagOf(body)) : null;
    }

    /// <summary><c>GET /api/completeness</c>: per agency and indicator, the periods expected, received and late, as of the latest snapshot.</summary>
    public async Task<IResult> GetCompleteness(HttpRequest request, CancellationToken cancellationToken = default)
    {
        return await FromLatestAsync(request, "completeness", (root, writer) =>
        {
            writer.WriteStartObject();
            writer.WriteString("asOf", root.GetProperty("asOf").GetString());
            writer.WritePropertyName("completeness");
            root.GetProperty("completeness").WriteTo(writer);
            writer.WriteEndObject();
        }, "completeness", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /</c> of <c>mission serve</c>: the HTML page of the latest snapshot, or a page saying none is published.</summary>
    public async ValueTask<IResult> GetPage(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (OneFolderTooDeep(request, SnapshotFiles.Html) is { } redirect)
        {
            return redirect;
        }

        var page = await snapshots.GetAsync(null, SnapshotFiles.Html, cancellationToken).ConfigureAwait(false);
        return page is null
            ? Results.Content(NothingPublishedPage, Responses.Html, statusCode: StatusCodes.Status404NotFound)
            : Responses.Cached(request, page.Content.ToMemory(), page.ETag, Responses.Html, Responses.CacheControl(options, Access.Dashboard, PageMaxAge));
    }

    private const string NothingPublishedPage =
        "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Tableau de bord</title><body><h1>Aucun tableau de bord publié</h1>"
        + "<p>Déposez des fichiers puis lancez <code>mission recompute</code>.</p></body></html>";

    private async ValueTask<IResult> ServeAsync(HttpRequest request, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (Format(request) is not { } format)
        {
            return Problems.BadRequest(FormatProblem(request));
        }

        if (format.File == SnapshotFiles.Html && OneFolderTooDeep(request, asOf is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "dashboard") is { } redirect)
        {
            return redirect;
        }

        var file = await snapshots.GetAsync(asOf, format.File, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            var what = FormatWord(format.File);
            return Problems.NotFound(asOf is { } d
                ? $"Aucun tableau de bord publié au {FrenchFormat.Date(d)} ({what})."
                : store.RequireApproval
                    ? $"Aucun tableau de bord diffusé ({what}) : aucun n'a encore été validé par l'unité de pilotage, ou son heure de diffusion n'est pas venue."
                    : $"Aucun tableau de bord publié ({what}) : le recalcul ne l'a pas encore produit.");
        }

        if (asOf is not { } date)
        {
            NameDownload(request, format.File, asOf);
            // The page as `/` serves it, kept as long: its map links lead to territory pages kept a
            // minute, which must not show the next snapshot beside this one for minutes (red team, dashboard builder).
            var maxAge = format.File == SnapshotFiles.Html ? PageMaxAge : LatestMaxAge;
            return Responses.Cached(request, file.Content.ToMemory(), file.ETag, format.ContentType, Responses.CacheControl(options, Access.Dashboard, maxAge));
        }

        var (refusal, cacheControl, state) = await ReleasedOrAdminAsync(request, date, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        NameDownload(request, format.File, asOf, state);
        if (format.File != SnapshotFiles.Html)
        {
            return Responses.Cached(request, file.Content.ToMemory(), file.ETag, format.ContentType, cacheControl);
        }

        // Served at /api/dashboard/{asOf}, the maps' links (territoires/…) would lead to /api/dashboard/territoires/…, the date lost.
        var folder = string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd}/");
        if (state == SnapshotState.Draft && await snapshots.GetAsync(date, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false) is { } json)
        {
            // Read by the admin key only, never kept by a cache: made for each read.
            var draft = SnapshotFiles.Relinked(SnapshotFiles.DraftPage(file.Content.ToMemory(), json.Content.ToMemory(), catalogue), folder, null);
            return Responses.Cached(request, draft, Responses.ETagOf(draft.Span), format.ContentType, cacheControl);
        }

        var page = Page(file, "territories " + folder, () => SnapshotFiles.Relinked(file.Content.ToMemory(), folder, null));
        return Responses.Cached(request, page.Body, page.ETag, format.ContentType, cacheControl);
    }

    /// <summary>
    /// Whether the snapshot of <paramref name="date"/> may be read by this request, and how it may be
    /// kept: a released one by anyone, as published (<see cref="DatedMaxAge"/>); one not yet released
    /// by the admin key only, never kept by anyone, each read recorded in its access list (who, when,
    /// through which route); else a 404 that says why. With the state it found.
    /// </summary>
    private async Task<(IResult? Refusal, string CacheControl, SnapshotState State)> ReleasedOrAdminAsync(HttpRequest request, DateOnly date, CancellationToken cancellationToken)
    {
        var state = await snapshots.StateAsync(date, cancellationToken).ConfigureAwait(false);
        if (state == SnapshotState.Released)
        {
            return (null, Responses.CacheControl(options, Access.Dashboard, DatedMaxAge), state);
        }

        if (!gate.IsAdmin(request))
        {
            return (Problems.NotFound(
                $"Le tableau de bord du {FrenchFormat.Date(date)} n'est pas encore diffusé : il attend la validation de l'unité de pilotage, ou son heure de diffusion (GET /api/snapshots)."), string.Empty, state);
        }

        await store.RecordReadAsync(date, ApiGate.AdminKeyName, $"{request.Method} {request.Path}{request.QueryString}", cancellationToken).ConfigureAwait(false);
        return (null, "private, no-store", state);
    }

    /// <summary>
    /// A workbook or a CSV is saved, not shown: named after its date (« dernier » for the latest),
    /// with the extension Excel opens it by (a CSV saved as « dashboard », the last segment of its
    /// address, opened in nothing: red team, dashboard builder), « -projet » for a draft's, whose
    /// bytes are the approved one's to be (red team, steering unit: a draft forwarded could not be
    /// told from the account), « -sous-embargo » for one approved whose release hour is ahead. Set
    /// only on the answer that carries it (or its 304), never on a problem, which a browser would
    /// then save as a <c>.xlsx</c>.
    /// </summary>
    private static void NameDownload(HttpRequest request, string file, DateOnly? asOf, SnapshotState state = SnapshotState.Released)
    {
        var extension = file switch
        {
            SnapshotFiles.Xlsx => ".xlsx",
            SnapshotFiles.Csv => ".csv",
            SnapshotFiles.CsvFrench => ".fr.csv",
            _ => null,
        };
        if (extension is not null)
        {
            var name = (asOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "dernier") + state switch
            {
                SnapshotState.Draft => "-projet",
                SnapshotState.Approved => "-sous-embargo", // validated, its release hour still ahead: forwarded early, it is as harmful
                _ => string.Empty,
            };
            request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"tableau-de-bord-{name}{extension}\"";
        }
    }

    /// <summary>The format a reader asked for, in the words of the route's help (a snapshot's file names are the storage's, not the reader's).</summary>
    private static string FormatWord(string file) => file switch
    {
        SnapshotFiles.Csv => "en CSV",
        SnapshotFiles.CsvFrench => "en CSV pour Excel en français",
        SnapshotFiles.Xlsx => "en classeur",
        SnapshotFiles.Html => "en page HTML",
        _ => "en JSON",
    };

    /// <summary>Why <see cref="Format"/> found no file for the request, in French: a dialect without csv, an unknown dialect, or an unknown format.</summary>
    private static string FormatProblem(HttpRequest request)
    {
        var asked = request.Query["format"].ToString().Trim().ToLowerInvariant();
        var dialect = request.Query["dialect"].ToString().Trim();
        return dialect.Length > 0 && asked != "csv"
            ? $"Le dialecte « {Echo.Shorten(dialect)} » ne s'applique qu'au format csv : format=csv&dialect=fr donne le CSV pour Excel en français."
            : dialect.Length > 0
                ? $"Dialecte « {Echo.Shorten(dialect)} » inconnu : seul fr existe (format=csv&dialect=fr, le CSV pour Excel en français)."
                : $"Format « {Echo.Shorten(request.Query["format"].ToString())} » inconnu : json, csv (dialect=fr pour Excel en français), xlsx ou html.";
    }

    private async Task<IResult> FromLatestAsync(HttpRequest request, string name, Action<JsonElement, Utf8JsonWriter> view, string? required, CancellationToken cancellationToken)
    {
        var latest = await snapshots.GetAsync(null, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return Problems.NotFound("Aucun tableau de bord publié : le recalcul ne l'a pas encore produit.");
        }

        var body = View(latest, name, () =>
        {
            using var document = JsonDocument.Parse(latest.Content.ToMemory());
            if (required is not null && !document.RootElement.TryGetProperty(required, out _))
            {
                return null;
            }

            // Cut out of a published file: escaped as the published files are.
            return Responses.JsonBody(writer => view(document.RootElement, writer), System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        });
        return body is null
            ? Problems.NotFound($"Le dernier tableau de bord publié ne contient pas « {required} ».")
            : Responses.Cached(request, body.Body, body.ETag, Responses.Json, Responses.CacheControl(options, Access.Dashboard, LatestMaxAge));
    }

    /// <summary>The published file a request asks for: <c>?format=json|csv|xlsx|html</c>, <c>&amp;dialect=fr</c> with csv, or <c>Accept: text/csv</c>.</summary>
    /// <summary>The published file a request asks for (one of <see cref="SnapshotFiles"/>) and its media type; null for an unknown format.</summary>
    private static (string File, string ContentType)? Format(HttpRequest request)
    {
        // No query string, the dashboard's polling: its query collection is never built.
        var query = request.QueryString.HasValue ? request.Query : QueryCollection.Empty;
        // A parameter given twice never reaches here: ApiGate refuses it.
        var asked = query["format"].ToString().Trim().ToLowerInvariant();
        var dialect = query["dialect"].ToString().Trim().ToLowerInvariant();
        if (dialect.Length > 0 && (asked != "csv" || dialect != "fr"))
        {
            return null;
        }

        return asked switch
        {
            "json" => (SnapshotFiles.Json, Responses.Json),
            "csv" when dialect == "fr" => (SnapshotFiles.CsvFrench, Responses.Csv),
            "csv" => (SnapshotFiles.Csv, Responses.Csv),
            "xlsx" => (SnapshotFiles.Xlsx, Responses.Xlsx),
            "html" => (SnapshotFiles.Html, Responses.Html),
            "" when AcceptsCsv(request) => (SnapshotFiles.Csv, Responses.Csv),
            "" => (SnapshotFiles.Json, Responses.Json),
            _ => null,
        };
    }

    /// <summary>
    /// True when <c>Accept</c> names <c>text/csv</c> (<c>text/*</c> may as well mean the page) and
    /// prefers it to JSON, the default. Each type takes the
    /// quality of the most specific range that matches it (<c>text/csv</c>, else <c>text/*</c>, else
    /// <c>*/*</c>, RFC 9110 § 12.5.1), so <c>*/*, text/csv;q=0.5</c> prefers JSON and
    /// <c>text/csv;q=0</c> refuses CSV. On equal qualities, CSV only when named and JSON not
    /// (<c>text/csv, */*</c>); <c>application/json, text/csv</c> keeps JSON.
    /// </summary>
    private static bool AcceptsCsv(HttpRequest request)
    {
        // Parsed only when csv is named at all: a browser's or a client's Accept mostly is not.
        var named = false;
        foreach (var value in request.Headers.Accept)
        {
            named |= value is not null && value.Contains("csv", StringComparison.OrdinalIgnoreCase);
        }

        if (!named)
        {
            return false;
        }

        var accepted = request.GetTypedHeaders().Accept;
        (double Quality, bool Named) Match(string type, string subtype)
        {
            foreach (var range in new[] { $"{type}/{subtype}", $"{type}/*", "*/*" })
            {
                var matching = accepted.Where(a => a.MediaType.Equals(range, StringComparison.OrdinalIgnoreCase)).ToArray();
                if (matching.Length > 0)
                {
                    return (matching.Max(a => a.Quality ?? 1), range == $"{type}/{subtype}");
                }
            }

            return (0, false);
        }

        var (csv, json) = (Match("text", "csv"), Match("application", "json"));
        return csv.Quality > 0 && (csv.Quality > json.Quality || (csv.Quality == json.Quality && csv.Named && !json.Named));
    }
}
