using System.Text;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;

namespace MissionPipeline.Tests.Publishing;

public sealed class DashboardJsonReadTests
{
    [Fact]
    public void Read_WhatWriteWrote_WritesBackTheSameBytes()
    {
        var bytes = DashboardJson.Write(PublishingSamples.Published());

        var read = DashboardJson.Read(bytes);

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(DashboardJson.Write(read)));
    }

    [Fact]
    public void Read_RichDashboard_EveryKindOfFieldBack()
    {
        var published = PublishingSamples.Published();

        var read = DashboardJson.Read(DashboardJson.Write(published));

        Assert.Equal(published.AsOf, read.AsOf);
        Assert.Equal(published.Summary, read.Summary);
        Assert.Equal(published.Changes, read.Changes);
        Assert.Contains(read.Indicators, r => r.Territories.Any(t => t.Value is null));
        Assert.Contains(read.Indicators, r => r.Warnings.Count > 0);
        Assert.Contains(read.Indicators, r => r.DoneOn is not null);
        Assert.Contains(read.Indicators, r => r.NoDataReason is not null);
        var counted = published.Indicators.Single(r => r.Counted is not null).Counted!;
        Assert.Equivalent(counted, read.Indicators.Single(r => r.Counted is not null).Counted, strict: true);
        Assert.Single(counted.Over);
        Assert.Equal(published.Completeness.Select(c => c.LastReceived), read.Completeness.Select(c => c.LastReceived));
    }

    [Fact]
    public void Read_SnapshotWithoutTheFieldsAddedSince_ReadsThemEmpty()
    {
        const string old = """
            { "asOf": "2009-03-31", "catalogue": "mission-2009",
              "summary": { "indicators": 1, "byStatus": { "achieved": 0, "on_track": 1, "at_risk": 0, "off_track": 0, "missed": 0, "no_data": 0 } },
              "indicators": [ { "id": "eloignements", "axis": 1, "title": "Éloignements", "unit": "personnes", "quote": "…",
                "target": { "kind": "at_least", "value": 27000, "due": "2009-12-31" }, "baseline": { "period": "2008", "value": 30000 },
                "actual": 7000, "periodsReported": ["2009-01"], "expectedToDate": 6750, "projection": 28000, "progress": 0.259,
                "status": "on_track", "provisional": false, "series": [ { "period": "2009-01", "value": 7000 } ],
                "territories": [ { "territory": "DEP-48", "value": "s" } ], "sources": [ { "agency": "dcpaf", "ingestId": "x", "received": "2009-02-10T08:00:00Z" } ] } ],
              "completeness": [ { "agency": "ofpra", "indicator": "demandes_asile", "expected": ["2009-01"], "received": [], "late": [ { "period": "2009-01", "days": 12 } ] } ],
              "changes": [] }
            """;

        var read = DashboardJson.Read(Encoding.UTF8.GetBytes(old));

        var r = Assert.Single(read.Indicators);
        Assert.Equal(IndicatorStatus.OnTrack, r.Status);
        Assert.Empty(r.Warnings);
        Assert.Null(r.NoDataReason);
        Assert.Null(Assert.Single(r.Territories).Value);
        Assert.Null(Assert.Single(read.Completeness).LastReceived);
        Assert.Equal(new DateTimeOffset(2009, 2, 10, 8, 0, 0, TimeSpan.Zero), Assert.Single(r.Sources).Received);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{ \"asOf\": \"31/03/2009\" }")]
    [InlineData("{ \"asOf\": \"2009-03-31\", \"catalogue\": \"c\", \"summary\": { \"indicators\": 0, \"byStatus\": {} }, \"indicators\": [ { \"status\": \"great\" } ] }")]
    public void Read_NotADashboard_FormatException(string text) =>
        Assert.Throws<FormatException>(() => DashboardJson.Read(Encoding.UTF8.GetBytes(text)));
}
