using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Readers;
using MissionPipeline.Tools;
using MissionPipeline.Tools.Samples;

namespace MissionPipeline.Tests.Tools.Samples;

/// <summary>A generated year: every file is accepted by the readers, and the whole tells a consistent story.</summary>
public sealed class YearSampleTests
{
    /// <summary>Files of 2009 judged as if they were all received early in 2010.</summary>
    private static readonly DateTimeOffset Received = new(2010, 2, 15, 9, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<(Dictionary<string, byte[]> Files, Dictionary<string, ReadResult> Results)> Year = new(() =>
    {
        var files = Generate(2009, 11);
        var results = files.ToDictionary(f => f.Key, f => Read(f.Key, f.Value));
        return (files, results);
    });

    [Fact]
    public void Write_Year_EveryFileIsAcceptedWithoutWarning()
    {
        Assert.Equal((12 * 8) + 2, Year.Value.Results.Count);
        Assert.All(Year.Value.Results, r =>
        {
            Assert.True(r.Value.Errors.Count == 0, $"{r.Key}: {string.Join(" | ", r.Value.Errors.Take(3).Select(e => $"{e.Code} {e.Row} {e.Message}"))}");
            Assert.True(r.Value.Warnings.Count == 0, $"{r.Key}: {string.Join(" | ", r.Value.Warnings.Take(3).Select(e => $"{e.Code} {e.Row} {e.Message}"))}");
            Assert.NotEmpty(r.Value.Observations);
        });
    }

    [Theory]
    [InlineData("ofpra/ofpra-activite-2009-03.csv", FileFormat.F1)]
    [InlineData("dcpaf/dcpaf-2009-03.xlsx", FileFormat.F2)]
    [InlineData("pole-emploi/series-defm-nationalite-2009.xlsx", FileFormat.F3)]
    [InlineData("pole-emploi/pole-emploi-2009-03.csv", FileFormat.F0)]
    [InlineData("insee/insee-2009.csv", FileFormat.F0)]
    public void Write_Year_EachFileIsInItsFormat(string path, FileFormat format)
    {
        Assert.Equal(format, Year.Value.Results[path].Format);
    }

    /// <summary>Every indicator an agency reports, but the milestone left undone and the register extract's, which the demo writes when it runs.</summary>
    [Fact]
    public void Write_Year_ReportsEveryIndicatorOfTheCatalogueButTheMilestoneLeftUndoneAndTheRegisters()
    {
        var reported = Year.Value.Results.Values.SelectMany(r => r.Observations).Select(o => o.Indicator.Value).ToHashSet();
        var reportable = IndicatorCatalogue.Default.Indicators.Where(i => i.Sources.Count > 0 && i.Aggregation != Aggregation.Derived).Select(i => i.Id.Value);

        Assert.Equal(["debat_parlementaire_integration", "demandeurs_emploi_etrangers_hors_ue"], reportable.Except(reported).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_Year_RemovalsReachTheTargetOfTheLetter()
    {
        var observations = Year.Value.Results.Values.SelectMany(r => r.Observations).ToArray();
        var forced = Sum(observations, "eloignements_forces");
        var assisted = Sum(observations, "retours_aides");

        Assert.InRange(forced + assisted, 27_000, 32_000);
        Assert.InRange(assisted / (forced + assisted), 0.2, 0.35);
    }

    /// <summary>The years around 2009 tell the same story at their own level: removals about 23 000 in 2007, 30 000 in 2008, 28 000 in 2010.</summary>
    [Theory]
    [InlineData(2007, 20_000, 26_000)]
    [InlineData(2008, 27_000, 33_000)]
    [InlineData(2010, 25_500, 30_500)]
    public void Write_OtherYears_RemovalsAtTheirYearsLevel(int year, double low, double high)
    {
        var observations = Generate(year, 11).Where(f => f.Key.StartsWith("dcpaf/", StringComparison.Ordinal) || f.Key.StartsWith("ofii/", StringComparison.Ordinal))
            .SelectMany(f => Read(f.Key, f.Value, year).Observations).ToArray();

        Assert.InRange(Sum(observations, "eloignements_forces") + Sum(observations, "retours_aides"), low, high);
    }

    [Fact]
    public void Write_YearAfter2009_DgtCorrectsMarchAMonthLaterWithAHigherFigure()
    {
        var files = Generate(2010, 11);
        var first = Read("dgt/dgt-2010-03.csv", files["dgt/dgt-2010-03.csv"], 2010).Observations.Single();
        var corrected = Read("dgt/dgt-2010-03-rectificatif.csv", files["dgt/dgt-2010-03-rectificatif.csv"], 2010).Observations.Single();

        Assert.Equal((first.Indicator, first.Period, first.Territory), (corrected.Indicator, corrected.Period, corrected.Territory));
        Assert.Equal(first.Value + 27, corrected.Value);
        Assert.Equal("dgt/dgt-2010-03-rectificatif.csv", Assert.Single(files.Keys, k => k.Contains("rectificatif", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A month of Pôle emploi's adjusted series is given three times: by its monthly file, then by the
    /// workbook of its year and by the next one. They estimate one series, so each revises the last
    /// by the size of a real revision, not by the gap between two unrelated levels.
    /// </summary>
    [Fact]
    public void Write_PoleEmploi_MonthlyFilesAndWorkbooksGiveOneSeriesWithinOnePercent()
    {
        const string Series = "demandeurs_emploi_etrangers_hors_ue_cvs";
        var files = Generate(2009, 11, to: 2010);
        var values = files.Where(f => f.Key.StartsWith("pole-emploi/", StringComparison.Ordinal))
            .SelectMany(f => Read(f.Key, f.Value, 2010).Observations)
            .Where(o => o.Indicator.Value == Series && o.Period.Year == 2009)
            .GroupBy(o => o.Period, o => o.Value!.Value)
            .ToDictionary(g => g.Key, g => g.ToArray());

        Assert.Equal(12, values.Count);
        Assert.All(values, v =>
        {
            Assert.Equal(3, v.Value.Length);
            Assert.True(v.Value.Max() / v.Value.Min() < 1.01, $"{v.Key}: {string.Join(" / ", v.Value)}");
        });
    }

    [Fact]
    public void Write_YearBefore2009_NoRegisterNoLabelNoMilestone()
    {
        var files = Generate(2008, 11);
        var observations = files.SelectMany(f => Read(f.Key, f.Value, 2008).Observations).ToArray();

        Assert.DoesNotContain(files.Keys, k => k.EndsWith(".csv.gz", StringComparison.Ordinal) || k.StartsWith("afnor/", StringComparison.Ordinal));
        Assert.DoesNotContain(observations, o => o.Period.Kind == MissionPipeline.Periods.PeriodKind.Day && o.Indicator.Value != "accords_gestion_concertee");
        Assert.Equal(10, observations.Where(o => o.Indicator.Value == "accords_gestion_concertee").MaxBy(o => o.Period.End)!.Value); // « une dizaine » at the end of 2008
    }

    [Fact]
    public void Write_SameSeed_SameBytes()
    {
        var again = Generate(2009, 11);

        Assert.Equal(Year.Value.Files.Keys, again.Keys);
        Assert.All(again, f => Assert.True(f.Value.AsSpan().SequenceEqual(Year.Value.Files[f.Key]), f.Key));
    }

    /// <summary>
    /// <c>samples/</c>, which the demo ingests, is exactly what <c>mission-tools generate year</c>
    /// writes with its defaults, plus the one hand-made file that samples/README.md names.
    /// </summary>
    [Fact]
    public void Write_Defaults_ReproduceTheSamplesFolderByteForByte()
    {
        const string HandMade = "dcpaf/dcpaf-2009-03-rectificatif-erreurs.csv";
        var root = Repo.InRepository("samples");
        var onDisk = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "README.md")
            .Order(StringComparer.Ordinal)
            .ToArray();

        var generated = Generate(2007, GenerateCommand.DefaultSeed, to: 2010);

        Assert.Equal([.. generated.Keys.Append(HandMade).Order(StringComparer.Ordinal)], onDisk);
        Assert.All(generated, g => Assert.True(g.Value.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(root, g.Key))), $"{g.Key} differs from what generate year writes"));
        Assert.Contains(HandMade, File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
    }

    private static Dictionary<string, byte[]> Generate(int year, ulong seed, int? to = null)
    {
        var streams = new Dictionary<string, MemoryStream>();
        YearSample.WriteYears(year, to ?? year, seed, path => streams[path] = new MemoryStream());
        return streams.ToDictionary(s => s.Key, s => s.Value.ToArray());
    }

    /// <summary>Reads a generated file as received in February of the year after <paramref name="year"/> (2009's by default).</summary>
    private static ReadResult Read(string path, byte[] bytes, int year = 2009)
    {
        var agency = new AgencyId(path.Split('/')[0]);
        var context = new ReadContext(agency, path.Split('/')[1], Received.AddYears(year - 2009), IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default);
        using var stream = new MemoryStream(bytes);
        return AgencyFileReader.Read(stream, context);
    }

    private static double Sum(IEnumerable<Observation> observations, string indicator) =>
        observations.Where(o => o.Indicator.Value == indicator && o.Territory.Kind == TerritoryKind.Departement).Sum(o => o.Value!.Value);
}
