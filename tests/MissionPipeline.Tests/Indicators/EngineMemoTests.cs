using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Per-indicator incremental evaluation: a memo'd compute evaluates again only what changed, and always gives the bytes a full compute gives.</summary>
public sealed class EngineMemoTests
{
    private static readonly DateTimeOffset Later = Received.AddDays(20);

    [Fact]
    public void Compute_NewFileOfOneIndicator_EvaluatesItAndWhatIsComputedFromItOnly()
    {
        var memo = new EngineMemo();
        var first = Input("2009-06-30", Base(), BaseFiles());
        var run = Publication.Prepare(first, previous: null, memo: memo);
        Assert.Equal(Full(first), run.Files[0].Content);
        Assert.Equal((32, 0), run.Indicators);

        // A revision of retours_aides: itself, eloignements (the sum) and part_retours_volontaires (the ratio) only.
        var revised = Value("retours_aides", "2009-03", "FR", 999, "ofii-2", Later);
        var second = Input("2009-06-30", [.. Base(), revised], [.. BaseFiles(), new IngestionSummary(new AgencyId("ofii"), "ofii-2", "ofii-2.csv", Later, IngestionStatus.Committed, [new IndicatorId("retours_aides")])]);

        run = Publication.Prepare(second, previous: null, memo: memo);
        Assert.Equal(Full(second), run.Files[0].Content);
        Assert.Equal((3, 29), run.Indicators);
        Assert.Contains("999", System.Text.Encoding.UTF8.GetString(Memoised(second, memo)), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_AFileNoLongerCommitted_ItsValuesLeaveTheWinners()
    {
        // The winners kept from {base, revision} cannot be updated by adding files: they are chosen again.
        var memo = new EngineMemo();
        var revised = Value("retours_aides", "2009-03", "FR", 999, "ofii-2", Later);
        Memoised(Input("2009-06-30", [.. Base(), revised], BaseFiles()), memo);
        var without = Input("2009-06-30", Base(), BaseFiles());

        Assert.Equal(Full(without), Memoised(without, memo));
        Assert.DoesNotContain("999", System.Text.Encoding.UTF8.GetString(Memoised(without, memo)), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ManyFilesOneByOne_EveryStepGivesWhatAFullComputeGives()
    {
        // Revisions of every cell, arriving one file at a time, some older than what is kept (a backfill):
        // the winners updated file by file must stay those a full compute chooses.
        var memo = new EngineMemo();
        var random = new Random(31);
        var observations = new List<SourcedObservation>(Base());
        for (var step = 0; step < 12; step++)
        {
            var received = Received.AddDays(random.Next(-5, 40));
            observations.AddRange(Enumerable.Range(1, 5).Select(m => Value("retours_aides", $"2009-{m:D2}", random.Next(2) == 0 ? "FR" : "DEP-13", random.Next(1_000), $"step-{step}", received)));
            var input = Input("2009-06-30", [.. observations], BaseFiles());

            Assert.Equal(Full(input), Memoised(input, memo));
        }
    }

    [Fact]
    public void Compute_RejectedFileNamingOneIndicator_EvaluatesThatIndicatorAgain()
    {
        var memo = new EngineMemo();
        Memoised(Input("2009-06-30", Base(), BaseFiles()), memo);
        var rejected = new IngestionSummary(new AgencyId("ofii"), "ofii-bad", "cai-juin.csv", Later, IngestionStatus.Rejected, [new IndicatorId("cai_bilans_competences")]);
        var input = Input("2009-06-30", Base(), [.. BaseFiles(), rejected]);

        var run = Publication.Prepare(input, previous: null, memo: memo);
        Assert.Equal(Full(input), run.Files[0].Content);
        Assert.Equal((1, 31), run.Indicators);
    }

    [Theory]
    [InlineData("2009-07-31")]
    [InlineData("2009-05-31")]
    public void Compute_AnotherDate_EvaluatesEverything(string asOf)
    {
        var memo = new EngineMemo();
        Memoised(Input("2009-06-30", Base(), BaseFiles()), memo);
        var input = Input(asOf, Base(), BaseFiles());

        var run = Publication.Prepare(input, previous: null, memo: memo);
        Assert.Equal(Full(input), run.Files[0].Content);
        Assert.Equal((32, 0), run.Indicators);
    }

    [Fact]
    public void Compute_KnownAtAnEarlierMoment_NeverTakesTheResultOfAllFiles()
    {
        var memo = new EngineMemo();
        var revised = Value("retours_aides", "2009-03", "FR", 999, "ofii-2", Later);
        var all = Input("2009-06-30", [.. Base(), revised], BaseFiles());
        Memoised(all, memo);
        var known = all.KnownAtTime(Received.AddDays(1));

        Assert.Equal(Full(known), Memoised(known, memo));
        Assert.DoesNotContain("999", System.Text.Encoding.UTF8.GetString(Memoised(known, memo)), StringComparison.Ordinal);
    }

    private static byte[] Full(RecomputeInput input) => Publication.Prepare(input, previous: null).Files[0].Content;

    private static byte[] Memoised(RecomputeInput input, EngineMemo memo) => Publication.Prepare(input, previous: null, memo: memo).Files[0].Content;

    private static RecomputeInput Input(string asOf, IReadOnlyList<SourcedObservation> observations, IReadOnlyList<IngestionSummary> files) =>
        new(Date(asOf), DefaultCatalogue, observations, files);

    private static SourcedObservation[] Base() =>
    [
        .. Months("eloignements_forces", "FR", 2009, 1_500, 1, 2, 3, 4, 5),
        .. Months("retours_aides", "FR", 2009, 700, 1, 2, 3, 4, 5),
        .. Months("cai_bilans_competences", "FR", 2009, 4_000, 1, 2, 3, 4, 5),
        .. Months("retours_aides", "DEP-13", 2009, 40, 1, 2, 3),
    ];

    private static IngestionSummary[] BaseFiles() =>
    [
        Ingestion("eloignements_forces", IngestionStatus.Committed, "ingest-1"),
        Ingestion("retours_aides", IngestionStatus.Committed, "ingest-1") with { Indicators = [new IndicatorId("retours_aides"), new IndicatorId("cai_bilans_competences")] },
    ];
}
