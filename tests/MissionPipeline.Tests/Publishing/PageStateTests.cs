using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class PageStateTests
{
    private static readonly DateTimeOffset ApprovedAt = new(2010, 1, 15, 16, 5, 0, TimeSpan.Zero);

    public static TheoryData<string, string[], string[]> States => new()
    {
        { "unreviewed", [], ["Projet non validé", "class=\"projet\"", "Validé le"] },
        { "draft", ["<body class=\"projet\">", "<strong>Projet non validé</strong>", "ni diffusés ni cités"], ["Validé le"] },
        { "approved-now", ["Validé le <time datetime=\"2010-01-15T16:05:00Z\">15 janvier 2010 à 17\u00A0h\u00A005 (heure de Paris)</time>, diffusé aussitôt."], ["<body class=\"projet\">", "<strong>Projet non validé</strong>"] },
        { "approved-later", ["diffusé à partir du <time datetime=\"2010-01-20T08:30:00Z\">20 janvier 2010 à 9\u00A0h\u00A030 (heure de Paris)</time>."], ["<body class=\"projet\">", "diffusé aussitôt"] },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Write_EachState_TheNationalAndTerritoryPagesSayIt(string state, string[] present, string[] absent)
    {
        var page = State(state);
        var dashboard = PublishingSamples.Published();

        foreach (var html in new[] { DashboardHtml.Write(dashboard, DefaultCatalogue, page), TerritoryHtml.Write(dashboard, Territory.Departement("75"), DefaultCatalogue, page) })
        {
            var text = Encoding.UTF8.GetString(html);
            Assert.All(present, p => Assert.Contains(p, text, StringComparison.Ordinal));
            Assert.All(absent, a => Assert.DoesNotContain(a, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Pages_FromTheSnapshotsOwnJson_SameBytesAsWhenPublished()
    {
        // What an approval relies on: the pages rendered again from dashboard.json are the published ones, state aside.
        var dashboard = PublishingSamples.Published();
        var published = SnapshotFiles.Render(dashboard, DefaultCatalogue, [], PageState.Draft);
        var json = published.Single(f => f.Name == SnapshotFiles.Json).Content;

        var again = SnapshotFiles.Pages(DashboardJson.Read(json), DefaultCatalogue, PageState.Draft.Naming(json));

        Assert.Equal(SnapshotFiles.Html, again[0].Name);
        Assert.Contains(again, p => p.Name == "territoires/DEP-75.html");
        Assert.All(again, page => Assert.Equal(Encoding.UTF8.GetString(published.Single(f => f.Name == page.Name).Content), Encoding.UTF8.GetString(page.Content)));
    }

    /// <summary>
    /// A draft's pages name its figures: the first digits of the SHA-256 of its dashboard.json, and the
    /// command that approves this draft and no other, so that the draft printed for a meeting is the
    /// one approved after it; an approved page names none.
    /// </summary>
    [Fact]
    public void Render_Draft_PagesGiveTheFingerprintThatApprovesIt()
    {
        var dashboard = PublishingSamples.Published();
        var draft = SnapshotFiles.Render(dashboard, DefaultCatalogue, [], PageState.Draft);
        var approved = SnapshotFiles.Render(dashboard, DefaultCatalogue, [], PageState.Approved(ApprovedAt, ApprovedAt));
        var fingerprint = SnapshotFiles.Fingerprint(draft.Single(f => f.Name == SnapshotFiles.Json).Content)[..12];

        var pages = draft.Where(f => f.Name.EndsWith(".html", StringComparison.Ordinal)).Select(f => Encoding.UTF8.GetString(f.Content)).ToArray();

        Assert.True(pages.Length > 1);
        Assert.All(pages, page => Assert.Contains(
            $"Empreinte de ces chiffres\u202F: <code class=\"empreinte\">{fingerprint}</code>\u202F; pour valider ce projet-là et aucun autre\u202F: «\u202Fmission approve <span class=\"option\">--as-of {dashboard.AsOf:yyyy-MM-dd}</span> <span class=\"option\">--expected {fingerprint}</span>\u202F».",
            page,
            StringComparison.Ordinal));
        Assert.DoesNotContain("empreinte", Encoding.UTF8.GetString(approved.Single(f => f.Name == SnapshotFiles.Html).Content), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DraftOrApproved_OnlyThePagesDiffer()
    {
        var dashboard = PublishingSamples.Published();
        var draft = SnapshotFiles.Render(dashboard, DefaultCatalogue, [], PageState.Draft);
        var approved = SnapshotFiles.Render(dashboard, DefaultCatalogue, [], PageState.Approved(ApprovedAt, ApprovedAt));

        var differing = draft.Zip(approved).Where(x => !x.First.Content.AsSpan().SequenceEqual(x.Second.Content)).Select(x => x.First.Name);
        Assert.Equal([.. SnapshotFiles.Pages(dashboard, DefaultCatalogue, PageState.Draft).Select(p => p.Name), SnapshotFiles.Manifest], differing);
    }

    [Fact]
    public void Approved_ReleaseBeforeApproval_ReleasedWhenApproved()
    {
        var state = PageState.Approved(ApprovedAt, ApprovedAt.AddDays(-1));

        Assert.Equal(ApprovedAt, state.ReleaseAt);
    }

    private static PageState State(string name) => name switch
    {
        "draft" => PageState.Draft,
        "approved-now" => PageState.Approved(ApprovedAt, ApprovedAt),
        "approved-later" => PageState.Approved(ApprovedAt, new DateTimeOffset(2010, 1, 20, 8, 30, 0, TimeSpan.Zero)),
        _ => PageState.Unreviewed,
    };
}
