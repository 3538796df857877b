using MissionPipeline.Catalogue;
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
        List<(string Name, byte[] Content)> files =
        [
            (Json, DashboardJson.Write(dashboard)),
            (Csv, DashboardCsv.Write(dashboard)),
            .. Pages(dashboard, catalogue, state ?? PageState.Unreviewed),
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
    public static IReadOnlyList<(string Name, byte[] Content)> Pages(Dashboard dashboard, IndicatorCatalogue catalogue, PageState state) =>
        [(Html, DashboardHtml.Write(dashboard, catalogue, state))];
}
