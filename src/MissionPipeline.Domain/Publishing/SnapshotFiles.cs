using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// The files of a published snapshot, in publication order: <c>dashboard.json</c> (first: its
/// presence says a date is published), <c>dashboard.csv</c>, <c>dashboard.html</c>,
/// <c>dashboard.fr.csv</c> (Excel in French), <c>dashboard.xlsx</c>, then <c>manifest.json</c> with
/// the SHA-256 of the others. Byte-identical for an equal dashboard,
/// catalogue and inputs.
/// </summary>
public static class SnapshotFiles
{
    public const string Json = "dashboard.json";

    public const string Csv = "dashboard.csv";

    public const string Html = "dashboard.html";

    /// <summary>The CSV for Excel in French (<see cref="CsvDialect.French"/>).</summary>
    public const string CsvFrench = "dashboard.fr.csv";

    public const string Xlsx = "dashboard.xlsx";

    public const string Manifest = "manifest.json";

    /// <remarks>The pages say their validation state (<see cref="Pages"/>); by default nothing.</remarks>
    public static IReadOnlyList<(string Name, byte[] Content)> Render(Dashboard dashboard, IndicatorCatalogue catalogue, IReadOnlyList<IngestionSummary> inputs, PageState? state = null)
    {
        var json = DashboardJson.Write(dashboard);
        List<(string Name, byte[] Content)> files =
        [
            (Json, json),
            (Csv, DashboardCsv.Write(dashboard)),
            .. Pages(dashboard, catalogue, (state ?? PageState.Unreviewed).Naming(json)),
            (CsvFrench, DashboardCsv.Write(dashboard, CsvDialect.French)),
            (Xlsx, DashboardXlsx.Write(dashboard, catalogue)),
        ];
        files.Add((Manifest, SnapshotManifest.Write(dashboard.AsOf, catalogue, inputs, files)));
        return files;
    }

    /// <summary>
    /// The files of a snapshot that say its validation state (<see cref="PageState"/>): the only ones
    /// an approval writes again, from the snapshot's own <c>dashboard.json</c>. Every other file, and
    /// every figure of these, is the same whatever the state.
    /// </summary>
    /// <remarks>
    /// The national page, then a page per département and région of 2009 with at least one indicator
    /// published at its level (<see cref="TerritoryPage"/>), by code: the snapshot folder is a small
    /// site of its own, its links relative (the national page's maps lead to
    /// <c>territoires/DEP-75.html</c>, which leads back to <c>../dashboard.html</c>).
    /// </remarks>
    public static IReadOnlyList<(string Name, byte[] Content)> Pages(Dashboard dashboard, IndicatorCatalogue catalogue, PageState state)
    {
        List<(string Name, byte[] Content)> pages = [(Html, DashboardHtml.Write(dashboard, catalogue, state))];
        pages.AddRange(TerritoriesWithPages(dashboard, catalogue).Select(t => (TerritoryPage(t), TerritoryHtml.Write(dashboard, t, catalogue, state))));
        return pages;
    }

    /// <summary>The départements and régions of 2009 a snapshot holds a page for (<see cref="TerritoryView.HasPage"/>), by code.</summary>
    public static IEnumerable<Territory> TerritoriesWithPages(Dashboard dashboard, IndicatorCatalogue catalogue) =>
        Geography2009.Default.Departements.Select(d => d.Territory).Concat(Geography2009.Default.Regions)
            .Where(t => TerritoryView.HasPage(dashboard, t, catalogue))
            .OrderBy(t => t.Code, StringComparer.Ordinal);

    /// <summary>
    /// The national page as a draft is read before its approval: <paramref name="page"/> when it says
    /// « Projet non validé », else the page rendered again from the snapshot's own
    /// <paramref name="dashboardJson"/> with the draft's state. A snapshot published by a process that
    /// does not ask for approval (<c>mission recompute</c> from a shell without the setting) on a
    /// storage whose servers do is a draft there, yet its page said nothing of it, nor did its print.
    /// </summary>
    public static ReadOnlyMemory<byte> DraftPage(ReadOnlyMemory<byte> page, ReadOnlyMemory<byte> dashboardJson, IndicatorCatalogue catalogue) =>
        SaysDraft(page.Span) ? page : DashboardHtml.Write(DashboardJson.Read(dashboardJson), catalogue, PageState.Draft.Naming(dashboardJson.Span));

    /// <summary>
    /// The fingerprint of a snapshot's figures: the SHA-256 of its <c>dashboard.json</c>, in lower-case
    /// hex. Its first 32 digits are the ETag the API serves that file with; a prefix of
    /// <see cref="MinFingerprint"/> digits or more names the draft an approval is meant for (<c>mission
    /// approve --expected</c>, <c>If-Match</c>), so that a draft recomputed after it was read is not
    /// approved unread.
    /// </summary>
    public static string Fingerprint(ReadOnlySpan<byte> dashboardJson) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(dashboardJson));

    /// <summary>The fewest hex digits of a <see cref="Fingerprint"/> an approval may name (a draft recomputed shares them by chance once in four billion).</summary>
    public const int MinFingerprint = 8;

    /// <summary>True for <see cref="MinFingerprint"/> to 64 hex digits, of either case.</summary>
    public static bool IsFingerprint(string text) => text.Length is >= MinFingerprint and <= 64 && text.All(char.IsAsciiHexDigit);

    /// <summary>True when <paramref name="expected"/> (<see cref="IsFingerprint"/>) begins the fingerprint of <paramref name="dashboardJson"/>.</summary>
    public static bool HasFingerprint(ReadOnlySpan<byte> dashboardJson, string expected) =>
        IsFingerprint(expected) && Fingerprint(dashboardJson).StartsWith(expected.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>
    /// The fingerprint a caller names a draft with (<c>mission approve --expected</c>, <c>If-Match</c>):
    /// bare hex digits (<see cref="IsFingerprint"/>), or one strong entity tag as the API gives it
    /// (<c>"…"</c>, or a compressed representation's, <c>"…-br"</c>, <c>"…-gz"</c>, the codings the API
    /// appends); null for anything else: a weak tag (<c>W/"…"</c>, which If-Match never matches), a
    /// list of tags (one draft is approved at a time), another suffix, too few digits.
    /// </summary>
    public static string? ReadFingerprint(string text)
    {
        var tag = text.Trim();
        if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' && tag.IndexOf('"', 1) == tag.Length - 1)
        {
            tag = tag[1..^1];
            if (tag.EndsWith("-br", StringComparison.Ordinal) || tag.EndsWith("-gz", StringComparison.Ordinal))
            {
                tag = tag[..^3];
            }
        }

        return IsFingerprint(tag) ? tag : null;
    }

    /// <summary>Whether a page of a snapshot folder (<see cref="Pages"/>) says « Projet non validé » (<see cref="PageState.Draft"/>).</summary>
    public static bool SaysDraft(ReadOnlySpan<byte> page) => page.IndexOf("<body class=\"projet\">"u8) >= 0;

    /// <summary>The folder of the territory pages in a snapshot folder, as the national page's maps link to it (relative).</summary>
    public const string TerritoryFolder = "territoires/";

    /// <summary>The national page as a territory page links back to it, relative to <see cref="TerritoryFolder"/>.</summary>
    public const string NationalLink = "../" + Html;

    /// <summary>The page of a département or région in a snapshot folder: <c>territoires/DEP-75.html</c>.</summary>
    public static string TerritoryPage(Territory territory) => $"{TerritoryFolder}{territory.Code}.html";

    /// <summary>
    /// A page of a snapshot folder (<see cref="Pages"/>) as served at an address other than the
    /// folder's own (the HTTP API's): each link of the national page's maps to a territory page
    /// (<c>href="territoires/…"</c>) prefixed by <paramref name="territoriesPrefix"/>, and a territory
    /// page's link back to the national page (<c>href="../dashboard.html"</c>) made
    /// <paramref name="nationalLink"/>; null (or the folder's own link) leaves a link as it is. Only attribute values the writers
    /// of these pages produce are replaced: every text a page shows is escaped (<see cref="Publishing.Html.Escape"/>
    /// writes a quote as <c>&amp;quot;</c>), so no figure, label or file name can contain them.
    /// </summary>
    public static ReadOnlyMemory<byte> Relinked(ReadOnlyMemory<byte> page, string? territoriesPrefix, string? nationalLink)
    {
        var text = System.Text.Encoding.UTF8.GetString(page.Span);
        var relinked = text;
        if (!string.IsNullOrEmpty(territoriesPrefix))
        {
            relinked = relinked.Replace("href=\"" + TerritoryFolder, "href=\"" + territoriesPrefix + TerritoryFolder, StringComparison.Ordinal);
        }

        if (nationalLink is not null && nationalLink != NationalLink)
        {
            relinked = relinked.Replace("href=\"" + NationalLink + "\"", "href=\"" + Publishing.Html.Escape(nationalLink) + "\"", StringComparison.Ordinal);
        }

        // string.Replace returns the same instance when it finds nothing.
        return ReferenceEquals(relinked, text) ? page : System.Text.Encoding.UTF8.GetBytes(relinked);
    }
}
