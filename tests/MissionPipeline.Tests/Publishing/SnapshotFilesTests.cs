using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class SnapshotFilesTests
{
    private static readonly IngestionSummary[] Ingestions =
    [
        Ingestion("operations_travail_illegal", IngestionStatus.Committed, "ingest-1"),
        Ingestion("interpellations_aide_sejour", IngestionStatus.Rejected, "rejected-1"),
        Ingestion("dilf_taux_reussite", IngestionStatus.Committed, "ingest-later", Received.AddDays(1)),
    ];

    [Fact]
    public void Render_SixFilesAndATerritoryPageEachInPublicationOrder()
    {
        var dashboard = PublishingSamples.Published();

        var files = SnapshotFiles.Render(dashboard, DefaultCatalogue, []);

        // A page per département or région published in the snapshot, and none for the others.
        var published = dashboard.Indicators.SelectMany(r => r.Territories).Select(t => t.Territory)
            .Where(t => t.Kind is MissionPipeline.Geography.TerritoryKind.Departement or MissionPipeline.Geography.TerritoryKind.Region).Distinct()
            .Select(t => $"territoires/{t.Code}.html").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(published);
        Assert.Equal(["dashboard.json", "dashboard.csv", "dashboard.html", .. published, "dashboard.fr.csv", "dashboard.xlsx", "manifest.json"], files.Select(f => f.Name));
    }

    [Fact]
    public void Relinked_NationalPage_EveryMapLinkPrefixedAndNothingElse()
    {
        var page = SnapshotFiles.Render(PublishingSamples.Published(), DefaultCatalogue, []).Single(f => f.Name == SnapshotFiles.Html).Content;
        var links = Links(Encoding.UTF8.GetString(page)).Where(l => !l.StartsWith('#')).ToArray();

        var relinked = Encoding.UTF8.GetString(SnapshotFiles.Relinked(page, "2010-06-30/", null).Span);

        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith("territoires/DEP-", l, StringComparison.Ordinal));
        Assert.Equal(links.Select(l => "2010-06-30/" + l), Links(relinked).Where(l => !l.StartsWith('#')));
        Assert.Equal(Encoding.UTF8.GetString(page), relinked.Replace("href=\"2010-06-30/territoires/", "href=\"territoires/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../dashboard?format=html", "../dashboard?format=html")]
    [InlineData("../../2010-06-30?format=html&x=1", "../../2010-06-30?format=html&amp;x=1")] // an attribute's value, escaped
    public void Relinked_TerritoryPage_TheLinkBackIsTheGivenAddress(string link, string written)
    {
        var page = SnapshotFiles.Render(PublishingSamples.Published(), DefaultCatalogue, []).First(f => f.Name.StartsWith(SnapshotFiles.TerritoryFolder, StringComparison.Ordinal)).Content;
        Assert.Equal(["../dashboard.html"], Links(Encoding.UTF8.GetString(page)));

        var relinked = Encoding.UTF8.GetString(SnapshotFiles.Relinked(page, "ignored/", link).Span);

        Assert.Equal([written], Links(relinked));
    }

    [Fact]
    public void Relinked_NothingToChange_TheSameBytes()
    {
        ReadOnlyMemory<byte> page = SnapshotFiles.Render(PublishingSamples.Published(), DefaultCatalogue, []).Single(f => f.Name == SnapshotFiles.Html).Content;

        var relinked = SnapshotFiles.Relinked(page, null, "../dashboard?format=html"); // the national page has no link back

        Assert.True(relinked.Equals(page)); // not copied: the ETag of the published file stands
    }

    [Fact]
    public void Relinked_TextOfAFileShapedAsALink_WrittenEscapedSoNeverRelinked()
    {
        // Every text a page shows goes through Html.Escape: a file name or label cannot open an attribute.
        var label = Html.Escape("x\" href=\"territoires/DEP-75.html\" et href=\"../dashboard.html\" y");
        var page = Encoding.UTF8.GetBytes("<p>" + label + "</p>");

        var relinked = SnapshotFiles.Relinked(page, "2010-06-30/", "../dashboard?format=html");

        Assert.DoesNotContain("href=\"", label, StringComparison.Ordinal);
        Assert.Equal("<p>" + label + "</p>", Encoding.UTF8.GetString(relinked.Span));
    }

    private static IEnumerable<string> Links(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value);

    [Fact]
    public void Render_SameInputsAnyOrder_ByteIdenticalFiles()
    {
        var observations = PublishingSamples.Observations();
        var forward = Render(observations);
        var backward = Render(observations.Reverse().ToArray());

        Assert.Equal(forward.Select(f => f.Name), backward.Select(f => f.Name));
        Assert.All(forward.Zip(backward), x => Assert.Equal(x.First.Content, x.Second.Content));
    }

    [Fact]
    public void Render_Manifest_HashesTheOtherFilesAndNamesTheInputs()
    {
        var files = Render(PublishingSamples.Observations());

        using var manifest = JsonDocument.Parse(files[^1].Content);
        var root = manifest.RootElement;
        Assert.Equal(["asOf", "catalogue", "program", "inputs", "files"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2009-06-30", root.GetProperty("asOf").GetString());
        Assert.Equal(DefaultCatalogue.Hash, root.GetProperty("catalogue").GetProperty("sha256").GetString());
        Assert.Equal("mission-2009", root.GetProperty("catalogue").GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("program").GetProperty("version").GetString()));
        Assert.DoesNotContain("+", root.GetProperty("program").GetProperty("version").GetString(), StringComparison.Ordinal);
        var hashes = root.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("sha256").GetString());
        Assert.Equal(files.Take(files.Count - 1).ToDictionary(f => f.Name, f => (string?)Convert.ToHexStringLower(SHA256.HashData(f.Content))), hashes);
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal(("dgt", "ingest-1", "ingest-1.csv", "2009-04-10T08:00:00Z"), (
            input.GetProperty("agency").GetString(), input.GetProperty("ingestId").GetString(),
            input.GetProperty("file").GetString(), input.GetProperty("received").GetString()));
    }

    [Fact]
    public void Inputs_CommittedFilesWhoseObservationsCount_ByUploadTime()
    {
        var observations = new[]
        {
            Value("operations_travail_illegal", "2009-01", "FR", 100, "ingest-1"),
            Ratio("dilf_taux_reussite", "2009-01", "FR", 9, 10, "ingest-later"),
            Value("interpellations_aide_sejour", "2009-12", "FR", 100, "rejected-1"), // not committed, and after asOf
        };

        var inputs = SnapshotManifest.Inputs(new RecomputeInput(Date("2009-06-30"), DefaultCatalogue, observations, Ingestions));

        Assert.Equal(["ingest-1", "ingest-later"], inputs.Select(i => i.IngestId));
    }

    [Fact]
    public void Inputs_FileWhosePeriodsAllEndAfterAsOf_NotAnInput()
    {
        var observations = new[] { Ratio("dilf_taux_reussite", "2009-07", "FR", 9, 10, "ingest-later") };

        Assert.Empty(SnapshotManifest.Inputs(new RecomputeInput(Date("2009-06-30"), DefaultCatalogue, observations, Ingestions)));
    }

    /// <summary>
    /// A fingerprint names a draft's figures: the SHA-256 of its dashboard.json, whose first 32 digits
    /// are the API's ETag of that file; a prefix of 8 or more digits, of either case, names it; fewer,
    /// other characters, or another file's, do not.
    /// </summary>
    [Theory]
    [InlineData(64, false, true)]
    [InlineData(32, false, true)]
    [InlineData(8, true, true)]
    [InlineData(7, false, false)]
    public void HasFingerprint_PrefixOfTheJsonsSha256_NamesIt(int digits, bool upper, bool expected)
    {
        var json = "{\"asOf\":\"2009-06-30\"}"u8.ToArray();
        var full = Convert.ToHexStringLower(SHA256.HashData(json));
        var given = upper ? full[..digits].ToUpperInvariant() : full[..digits];

        Assert.Equal(full, SnapshotFiles.Fingerprint(json));
        Assert.Equal(expected, SnapshotFiles.HasFingerprint(json, given));
        Assert.False(SnapshotFiles.HasFingerprint("{\"asOf\":\"2009-07-31\"}"u8, given));
    }

    [Theory]
    [InlineData("3f2a9c1e", true)]
    [InlineData("3f2a9c1g", false)]
    [InlineData("3f2a 9c1e", false)]
    [InlineData("", false)]
    public void IsFingerprint_Text_EightToSixtyFourHexDigits(string text, bool expected) =>
        Assert.Equal(expected, SnapshotFiles.IsFingerprint(text));

    /// <summary>
    /// What <c>--expected</c> and an approval's <c>If-Match</c> may name: bare hex digits, or one strong
    /// tag as the API gives it, of a compressed read too; never a weak tag (If-Match compares strongly),
    /// a list (decided by its order, it approved with a stale tag first), another suffix or a word.
    /// </summary>
    [Theory]
    [InlineData("\"3f2a9c1e07b44d21a0c5e8f9b6d13e72\"", "3f2a9c1e07b44d21a0c5e8f9b6d13e72")]
    [InlineData("\"3f2a9c1e07b44d21a0c5e8f9b6d13e72-br\"", "3f2a9c1e07b44d21a0c5e8f9b6d13e72")]
    [InlineData("\"3f2a9c1e07b44d21a0c5e8f9b6d13e72-gz\"", "3f2a9c1e07b44d21a0c5e8f9b6d13e72")]
    [InlineData(" 3F2A9C1E ", "3F2A9C1E")]
    [InlineData("W/\"3f2a9c1e07b44d21a0c5e8f9b6d13e72\"", null)]
    [InlineData("\"3f2a9c1e07b44d21a0c5e8f9b6d13e72-zzz-!!\"", null)]
    [InlineData("\"3f2a9c1e07b4-br\", \"00000000\"", null)]
    [InlineData("\"3f2a9c1\"", null)] // seven digits: too few to name one draft
    [InlineData("\"projet\"", null)]
    [InlineData("\"\"", null)]
    public void ReadFingerprint_TagOrDigits_TheFingerprintNamedOrNull(string text, string? expected) =>
        Assert.Equal(expected, SnapshotFiles.ReadFingerprint(text));

    private static IReadOnlyList<(string Name, byte[] Content)> Render(SourcedObservation[] observations)
    {
        var input = new RecomputeInput(Date("2009-06-30"), DefaultCatalogue, observations, Ingestions);
        var dashboard = SmallCountSuppression.Apply(DashboardEngine.Compute(input), DefaultCatalogue);
        return SnapshotFiles.Render(dashboard, DefaultCatalogue, SnapshotManifest.Inputs(input));
    }
}
