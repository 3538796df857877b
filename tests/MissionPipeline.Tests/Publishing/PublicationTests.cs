using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using MissionPipeline.Tests.Indicators;

namespace MissionPipeline.Tests.Publishing;

/// <summary>
/// The publication step over time (INDICATORS.md, "Time: what was known when"): a dashboard known at
/// K is made of the files received by K only, whatever came later, and files replayed in any order
/// give the same bytes. Property tests over seeded random years of files.
/// </summary>
public sealed class PublicationTests
{
    private static readonly DateOnly YearEnd = new(2009, 12, 31);
    private static readonly (string Indicator, string Nation)[] Monthly =
        [("eloignements_forces", "FR-MET"), ("interpellations_aide_sejour", "FR"), ("retours_aides", "FR-MET"), ("cai_bilans_competences", "FR")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Prepare_KnownAt_NeverDependsOnAFileReceivedLater(int seed)
    {
        var random = new Random(seed);
        var knownAt = new DateTimeOffset(2009, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(90, 420));
        var (observations, ingestions) = Files(random, count: 40);
        var input = new RecomputeInput(YearEnd, IndicatorCatalogue.Default, observations, ingestions);
        var (laterObservations, laterIngestions) = Files(random, count: 15, receivedAfter: knownAt);
        var withLater = input with { Observations = ObservationSet.From([.. observations, .. laterObservations]), Ingestions = [.. ingestions, .. laterIngestions] };

        var known = Publication.Prepare(input.KnownAtTime(knownAt), previous: null);
        var knownWithLater = Publication.Prepare(withLater.KnownAtTime(knownAt), previous: null);

        // Not vacuous: some files were known at K, and the later ones do change the full dashboard.
        Assert.NotEmpty(input.KnownAtTime(knownAt).Observations);
        Assert.False(Publication.Prepare(withLater, previous: null).Files[0].Content.AsSpan().SequenceEqual(Publication.Prepare(input, previous: null).Files[0].Content));
        Assert.Equal(known.Files.Select(f => f.Name), knownWithLater.Files.Select(f => f.Name));
        Assert.All(known.Files.Zip(knownWithLater.Files), pair => Assert.True(pair.First.Content.AsSpan().SequenceEqual(pair.Second.Content), $"{pair.First.Name} changed with a file received after {knownAt:O}"));
        Assert.Equal(knownAt, known.Dashboard.KnownAt);
        Assert.True(known.Dashboard.LatestReceipt is null || known.Dashboard.LatestReceipt <= knownAt);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Prepare_FilesReplayedInAnyOrder_SameBytes(int seed)
    {
        var random = new Random(seed);
        var (observations, ingestions) = Files(random, count: 40);
        var input = new RecomputeInput(YearEnd, IndicatorCatalogue.Default, observations, ingestions);
        var shuffled = input with { Observations = ObservationSet.From(observations.OrderBy(_ => random.Next())), Ingestions = [.. ingestions.OrderBy(_ => random.Next())] };

        var first = Publication.Prepare(input, previous: null);
        var again = Publication.Prepare(shuffled, previous: null);

        Assert.All(first.Files.Zip(again.Files), pair => Assert.True(pair.First.Content.AsSpan().SequenceEqual(pair.Second.Content), pair.First.Name));
    }

    [Fact]
    public void KnownAtTime_FilesAroundTheInstant_OnlyThoseReceivedByThenCount()
    {
        var at = new DateTimeOffset(2009, 6, 30, 23, 59, 59, TimeSpan.Zero);
        var before = Given.Value("eloignements_forces", "2009-05", "FR-MET", 2_000, "mai", at.AddDays(-20));
        var exactly = Given.Value("eloignements_forces", "2009-06", "FR-MET", 2_100, "juin", at);
        var revised = Given.Value("eloignements_forces", "2009-05", "FR-MET", 2_050, "mai-rectifie", at.AddSeconds(1));
        var input = new RecomputeInput(YearEnd, IndicatorCatalogue.Default, [before, exactly, revised],
            [Given.Ingestion("eloignements_forces", IngestionStatus.Committed, "mai", at.AddDays(-20)), Given.Ingestion("eloignements_forces", IngestionStatus.Committed, "juin", at), Given.Ingestion("eloignements_forces", IngestionStatus.Committed, "mai-rectifie", at.AddSeconds(1))]);

        var known = input.KnownAtTime(at);

        Assert.Equal(["mai", "juin"], known.Observations.Select(o => o.IngestId));
        Assert.Equal(["mai", "juin"], known.Ingestions.Select(i => i.IngestId));
        Assert.Equal(at, known.LatestReceipt);
        Assert.Equal(at.AddSeconds(1), input.LatestReceipt);
        Assert.Equal(4_100, DashboardEngine.Compute(known).Indicators.Single(i => i.Id.Value == "eloignements_forces").Actual);
        Assert.Equal(4_150, DashboardEngine.Compute(input).Indicators.Single(i => i.Id.Value == "eloignements_forces").Actual);
    }

    /// <summary>A June snapshot computed long after says when its latest June-or-earlier value arrived, not when December's file did.</summary>
    [Fact]
    public void LatestReceipt_FileOfALaterPeriod_NotCounted()
    {
        var june = Given.Value("eloignements_forces", "2009-06", "FR-MET", 2_100, "juin", new DateTimeOffset(2009, 7, 10, 8, 0, 0, TimeSpan.Zero));
        var december = Given.Value("eloignements_forces", "2009-12", "FR-MET", 2_300, "decembre", new DateTimeOffset(2010, 1, 22, 10, 29, 0, TimeSpan.Zero));

        var input = new RecomputeInput(new DateOnly(2009, 6, 30), IndicatorCatalogue.Default, [june, december], []);

        Assert.Equal(june.Received, input.LatestReceipt);
        Assert.Equal(december.Received, (input with { AsOf = YearEnd }).LatestReceipt);
        Assert.Null((input with { Observations = ObservationSet.From([december]) }).LatestReceipt);
    }

    /// <summary>
    /// A receipt to the 100 ns, as an upload's order stamp is: <c>latestReceipt</c> and the source's
    /// <c>received</c> write it alike (latestReceipt was cut to the second, earlier than the receipt it counts).
    /// </summary>
    [Fact]
    public void Write_ReceiptWithAFraction_LatestReceiptAndTheSourceWriteItAlike()
    {
        var at = new DateTimeOffset(2010, 1, 14, 8, 0, 0, TimeSpan.Zero).AddTicks(8_030_549);
        var input = new RecomputeInput(YearEnd, IndicatorCatalogue.Default, [Given.Value("eloignements_forces", "2009-12", "FR-MET", 2_000, "dec", at)],
            [Given.Ingestion("eloignements_forces", IngestionStatus.Committed, "dec", at)]);

        using var json = System.Text.Json.JsonDocument.Parse(Publication.Prepare(input, previous: null).Files[0].Content);
        var sources = json.RootElement.GetProperty("indicators").EnumerateArray().SelectMany(i => i.GetProperty("sources").EnumerateArray()).Select(s => s.GetProperty("received").GetString()!).Distinct().ToArray();

        Assert.Equal("2010-01-14T08:00:00.8030549Z", json.RootElement.GetProperty("latestReceipt").GetString());
        Assert.Equal(["2010-01-14T08:00:00.8030549Z"], sources);
    }

    [Fact]
    public void Write_KnownAtAndLatestReceipt_StatedInTheJsonAndReadBack()
    {
        var at = new DateTimeOffset(2010, 1, 15, 8, 0, 0, TimeSpan.Zero);
        var input = new RecomputeInput(YearEnd, IndicatorCatalogue.Default, [Given.Value("eloignements_forces", "2009-12", "FR-MET", 2_000, "dec", at.AddDays(-1))],
            [Given.Ingestion("eloignements_forces", IngestionStatus.Committed, "dec", at.AddDays(-1))]);

        var full = Publication.Prepare(input, previous: null);
        var known = Publication.Prepare(input.KnownAtTime(at), previous: null);
        var json = System.Text.Encoding.UTF8.GetString(known.Files[0].Content);
        var read = DashboardJson.Read(known.Files[0].Content);

        Assert.Contains("\"knownAt\": \"2010-01-15T08:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"latestReceipt\": \"2010-01-14T08:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"knownAt\": null", System.Text.Encoding.UTF8.GetString(full.Files[0].Content), StringComparison.Ordinal);
        Assert.Equal((at, at.AddDays(-1)), (read.KnownAt, read.LatestReceipt));
        Assert.Contains("telle que connue le", System.Text.Encoding.UTF8.GetString(known.Files.Single(f => f.Name == SnapshotFiles.Html).Content), StringComparison.Ordinal);
    }

    /// <summary><paramref name="count"/> committed files, each one month of one monthly indicator by département and for France, received within 2009 (or after <paramref name="receivedAfter"/>).</summary>
    private static (SourcedObservation[] Observations, IngestionSummary[] Ingestions) Files(Random random, int count, DateTimeOffset? receivedAfter = null)
    {
        var observations = new List<SourcedObservation>();
        var ingestions = new List<IngestionSummary>();
        for (var f = 0; f < count; f++)
        {
            var (indicator, nation) = Monthly[random.Next(Monthly.Length)];
            var month = random.Next(1, 13);
            var received = receivedAfter is { } after
                ? after.AddMinutes(random.Next(1, 60 * 24 * 200))
                : new DateTimeOffset(2009, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1).AddDays(random.Next(0, 90)).AddMinutes(random.Next(0, 1440));
            var ingest = $"{(receivedAfter is null ? "f" : "later")}{f}-{random.Next():x8}";
            var period = $"2009-{month:D2}";
            observations.Add(Given.Value(indicator, period, nation, random.Next(100, 3_000), ingest, received));
            foreach (var departement in new[] { "DEP-75", "DEP-13", "DEP-69", "DEP-2A" })
            {
                observations.Add(Given.Value(indicator, period, departement, random.Next(0, 300), ingest, received));
            }

            ingestions.Add(Given.Ingestion(indicator, IngestionStatus.Committed, ingest, received));
        }

        return ([.. observations], [.. ingestions]);
    }
}
