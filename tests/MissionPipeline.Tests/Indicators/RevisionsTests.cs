using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;

namespace MissionPipeline.Tests.Indicators;

/// <summary>The revision triangle: each period's successive values, in the order in which files supersede each other.</summary>
public sealed class RevisionsTests
{
    private static readonly IndicatorId Removals = new("eloignements_forces");
    private static readonly DateTimeOffset March = new(2009, 4, 9, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Triangle_CorrectedMonthArrivingLater_BothVersionsOldestFirst()
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_300, "correction", March.AddDays(30)),
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "mars", March),
            Given.Value("eloignements_forces", "2009-04", "FR-MET", 2_400, "avril", March.AddDays(31)),
            Given.Value("eloignements_forces", "2009-03", "DEP-75", 300, "mars", March),
        };
        var ingestions = new[] { File("mars", March), File("correction", March.AddDays(30)), File("avril", March.AddDays(31)) };

        var triangle = Revisions.Triangle(Removals, Territory.Metropole, observations, ingestions);

        Assert.Equal(["2009-03", "2009-04"], triangle.Select(p => p.Period.ToString()));
        Assert.Equal([2_250d, 2_300d], triangle[0].Versions.Select(v => v.Value!.Value));
        Assert.Equal(["mars.csv", "correction.csv"], triangle[0].Versions.Select(v => v.File));
        Assert.True(triangle[0].Revised);
        Assert.False(triangle[1].Revised);
        Assert.Equal(50, triangle[0].AbsoluteRevision);
    }

    [Theory]
    [InlineData("FR-MET", new[] { 180d, 200d })]
    [InlineData("FR", new[] { 180d, 200d })]
    [InlineData("REG-11", new[] { 150d, 170d })]
    [InlineData("REG-93", new[] { 30d })] // the correction did not touch it: one version
    public void TriangleOf_DepartementsOnly_EachLevelAboveRollsUpAfterEachFile(string territory, double[] expected)
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "DEP-75", 120, "correction", March.AddDays(30)),
            Given.Value("eloignements_forces", "2009-03", "DEP-75", 100, "mars", March),
            Given.Value("eloignements_forces", "2009-03", "DEP-92", 50, "mars", March),
            Given.Value("eloignements_forces", "2009-03", "DEP-13", 30, "mars", March),
        };
        var ingestions = new[] { File("mars", March), File("correction", March.AddDays(30)) };

        var triangle = Revisions.TriangleOf(Removals, Aggregation.Sum, Given.Parse(territory), observations, ingestions);

        Assert.Equal(["2009-03"], triangle.Select(p => p.Period.ToString()));
        Assert.Equal(expected, triangle[0].Versions.Select(v => v.Value!.Value));
        Assert.Equal(new[] { "mars.csv", "correction.csv" }[..expected.Length], triangle[0].Versions.Select(v => v.File));
    }

    [Fact]
    public void TriangleOf_OwnFigureAndParts_TheOwnFigureStandsForTheTerritory()
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "national", March),
            Given.Value("eloignements_forces", "2009-03", "DEP-75", 300, "mars", March.AddDays(1)),
            Given.Value("eloignements_forces", "2009-04", "DEP-75", 310, "avril", March.AddDays(30)),
        };

        var triangle = Revisions.TriangleOf(Removals, Aggregation.Sum, Territory.Metropole, observations, [File("national", March), File("mars", March.AddDays(1)), File("avril", March.AddDays(30))]);

        Assert.Equal([("2009-03", 2_250d, "national.csv"), ("2009-04", 310d, "avril.csv")], triangle.Select(p => (p.Period.ToString(), p.Versions.Single().Value!.Value, p.Versions.Single().File)));
    }

    [Fact]
    public void TriangleOf_WithoutRollUp_OnlyThePeriodsWithAFigureOfItsOwn()
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "national", March),
            Given.Value("eloignements_forces", "2009-04", "DEP-75", 310, "avril", March.AddDays(30)),
            new SourcedObservation(new Observation(Removals, Period.Parse("2009-05"), Territory.Metropole, null, Status: ValueStatus.Secret), new AgencyId("dcpaf"), "secret", March.AddDays(60)),
        };

        var triangle = Revisions.TriangleOf(Removals, Aggregation.Sum, Territory.Metropole, observations, [File("national", March), File("avril", March.AddDays(30))], rollUp: false);

        Assert.Equal(["2009-03"], triangle.Select(p => p.Period.ToString())); // April is a roll-up of a protected département; May has no figure
    }

    [Fact]
    public void TriangleOf_RatioByDepartement_NumeratorsAndDenominatorsAddApart()
    {
        var observations = new[]
        {
            Given.Ratio("dilf_taux_reussite", "2009", "DEP-75", 9, 10),
            Given.Ratio("dilf_taux_reussite", "2009", "DEP-13", 1, 30),
        };

        var version = Revisions.TriangleOf(new IndicatorId("dilf_taux_reussite"), Aggregation.Ratio, Territory.Metropole, observations, []).Single().Versions.Single();

        Assert.Equal((null, 10d, 40d, 0.25), (version.Value, version.Numerator, version.Denominator, version.Figure)); // never the mean of the two rates
    }

    [Fact]
    public void Triangle_SameValueSentAgain_NotARevision()
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "mars", March),
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "mars-bis", March.AddDays(2)),
        };

        var triangle = Revisions.Triangle(Removals, Territory.Metropole, observations, [File("mars", March), File("mars-bis", March.AddDays(2))]);

        Assert.Equal(2, triangle[0].Versions.Count);
        Assert.False(triangle[0].Revised);
    }

    /// <summary>Files of the same second: the claim time, then the ingest id, as the engine's "latest wins" — the last version is always the one the dashboard uses.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Triangle_AnyInputOrder_LastVersionIsTheOneTheEngineUses(int seed)
    {
        var random = new Random(seed);
        var observations = Enumerable.Range(0, 12).Select(i =>
            Given.Value("eloignements_forces", "2009-03", "FR-MET", random.Next(2_000, 2_600), $"f{random.Next(0, 4)}", March.AddSeconds(random.Next(0, 3))) with { Claimed = March.AddTicks(random.Next(0, 3)) }).ToArray();

        var triangle = Revisions.Triangle(Removals, Territory.Metropole, observations.OrderBy(_ => random.Next()), []);
        var engine = DashboardEngine.Compute(new RecomputeInput(new DateOnly(2009, 3, 31), IndicatorCatalogue.Default, observations, []));

        Assert.Equal(engine.Indicators.Single(i => i.Id == Removals).Actual, triangle.Single().Versions[^1].Value);
        Assert.Equal(12, triangle.Single().Versions.Count);
    }

    [Theory]
    [InlineData(new[] { 100d, 110d }, new[] { 200d, 190d, 205d }, 7.5)]
    [InlineData(new[] { 100d }, new[] { 200d }, null)]
    public void MeanAbsoluteRevision_FirstToLatest_AveragedOverRevisablePeriods(double[] march, double[] april, double? expected)
    {
        PeriodRevisions Month(string p, double[] values) => new(Period.Parse(p), [.. values.Select(v => new RevisionVersion(v, null, null, new AgencyId("dcpaf"), "x", "x.csv", March))]);

        Assert.Equal(expected, Revisions.MeanAbsoluteRevision([Month("2009-03", march), Month("2009-04", april)]));
    }

    /// <summary>A rate is revised as its ratio: 11/20 then 12/20 is a revision of 0.05, however the parts moved.</summary>
    [Fact]
    public void AbsoluteRevision_RatioVersions_TheRatioMoved()
    {
        PeriodRevisions Ratios(params (double N, double D)[] parts) =>
            new(Period.Parse("2009-03"), [.. parts.Select(p => new RevisionVersion(null, p.N, p.D, new AgencyId("ofii"), "x", "x.csv", March))]);

        Assert.Equal(0.05, Ratios((11, 20), (12, 20)).AbsoluteRevision!.Value, 9);
        Assert.False(Ratios((11, 20), (22, 40)).Revised);
    }

    [Fact]
    public void Write_Triangle_EachVersionWithItsFileAndReceiptTime()
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "mars", March),
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_300, "correction", March.AddDays(30)),
        };

        using var json = JsonDocument.Parse(Revisions.Write(Removals, Territory.Metropole,
            Revisions.Triangle(Removals, Territory.Metropole, observations, [File("mars", March), File("correction", March.AddDays(30))])));
        var root = json.RootElement;
        var versions = root.GetProperty("periods")[0].GetProperty("versions");

        Assert.Equal(("eloignements_forces", "FR-MET", 1), (root.GetProperty("indicator").GetString(), root.GetProperty("territory").GetString(), root.GetProperty("revisedPeriods").GetInt32()));
        Assert.Equal(["2009-04-09T08:00:00Z", "2009-05-09T08:00:00Z"], versions.EnumerateArray().Select(v => v.GetProperty("received").GetString()));
        Assert.Equal(["mars.csv", "correction.csv"], versions.EnumerateArray().Select(v => v.GetProperty("file").GetString()));
        Assert.Equal("dcpaf", versions[0].GetProperty("agency").GetString());
    }

    /// <summary>
    /// A rate sent as numerator and denominator: each version's value is their ratio, the figure the
    /// dashboard uses (it was null, so a series built on the value was empty); a zero denominator has none.
    /// </summary>
    [Fact]
    public void Write_RateSentAsNumeratorAndDenominator_ValueIsTheirRatio()
    {
        var dilf = Given.Indicator("dilf_taux_reussite");
        var observations = new[] { Given.Ratio("dilf_taux_reussite", "2009-11", "FR", 1_322, 2_208), Given.Ratio("dilf_taux_reussite", "2009-12", "FR", 0, 0) };

        using var json = JsonDocument.Parse(Revisions.Write(dilf.Id, Territory.France, Revisions.Triangle(dilf.Id, Territory.France, observations, [File("ingest-1", Given.Received)])));
        var versions = json.RootElement.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("versions")[0]).ToArray();

        Assert.Equal(1_322d / 2_208, versions[0].GetProperty("value").GetDouble(), 12);
        Assert.Equal((1_322d, 2_208d), (versions[0].GetProperty("numerator").GetDouble(), versions[0].GetProperty("denominator").GetDouble()));
        Assert.Equal(JsonValueKind.Null, versions[1].GetProperty("value").ValueKind);
    }

    [Fact]
    public void Write_DefinitionChangedBetweenPeriods_BreakListedAndItsFirstPeriodMarked()
    {
        var dilf = Given.Indicator("dilf_taux_reussite");
        var observations = new[] { "2009-11", "2009-12", "2010-01", "2010-02" }.Select(p => Given.Ratio("dilf_taux_reussite", p, "FR", 55, 100)).ToArray();

        using var json = JsonDocument.Parse(Revisions.Write(dilf.Id, Territory.France,
            Revisions.Triangle(dilf.Id, Territory.France, observations, [File("ingest-1", Given.Received)]), [.. dilf.BreaksWithin(DateOnly.MinValue, DateOnly.MaxValue)]));
        var root = json.RootElement;

        Assert.Equal("2010-01-01", root.GetProperty("breaks")[0].GetProperty("date").GetString());
        Assert.Equal([false, false, true, false], root.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("afterBreak").GetBoolean()));
    }

    /// <summary>The dashboard says a figure was revised, when and by how much (the card, the JSON), and each agency's completeness gives its mean absolute revision.</summary>
    [Fact]
    public void Compute_CorrectedMonth_TheIndicatorAndTheAgencySayItWasRevised()
    {
        var observations = new[]
        {
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_250, "mars", March),
            Given.Value("eloignements_forces", "2009-04", "FR-MET", 2_400, "avril", March.AddDays(31)),
            Given.Value("eloignements_forces", "2009-03", "FR-MET", 2_300, "correction", March.AddDays(30)),
            Given.Value("eloignements_forces", "2009-04", "FR-MET", 2_380, "correction-avril", March.AddDays(60)),
        };
        var ingestions = new[] { File("mars", March), File("avril", March.AddDays(31)), File("correction", March.AddDays(30)), File("correction-avril", March.AddDays(60)) };
        var input = new RecomputeInput(new DateOnly(2009, 12, 31), IndicatorCatalogue.Default, observations, ingestions);

        var prepared = Publication.Prepare(input, previous: null);
        var removals = prepared.Dashboard.Indicators.Single(i => i.Id == Removals);
        var completeness = prepared.Dashboard.Completeness.Single(c => c.Indicator == Removals);
        var html = System.Text.Encoding.UTF8.GetString(prepared.Files.Single(f => f.Name == SnapshotFiles.Html).Content);
        var read = DashboardJson.Read(prepared.Files[0].Content);

        Assert.Equal(new Revision(Period.Parse("2009-04"), 2_400, 2_380, March.AddDays(60), "correction-avril.csv"), removals.LatestRevision);
        Assert.Equal(35, completeness.MeanAbsoluteRevision); // (50 + 20) / 2
        Assert.Contains("Révisé", html, StringComparison.Ordinal);
        Assert.Contains("correction-avril.csv", html, StringComparison.Ordinal);
        Assert.Equal(removals.LatestRevision, read.Indicators.Single(i => i.Id == Removals).LatestRevision);
        Assert.Equal(35, read.Completeness.Single(c => c.Indicator == Removals).MeanAbsoluteRevision);
        Assert.Null(prepared.Dashboard.Indicators.Single(i => i.Id.Value == "retours_aides").LatestRevision);
    }

    private static IngestionSummary File(string ingest, DateTimeOffset received) => Given.Ingestion("eloignements_forces", IngestionStatus.Committed, ingest, received);
}
