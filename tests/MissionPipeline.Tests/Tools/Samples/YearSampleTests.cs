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
        Assert.Equal((12 * 9) + 2, Year.Value.Results.Count);
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
    [InlineData("pole-emploi/pole-emploi-defm-2009-03.csv.gz", FileFormat.F5)]
    [InlineData("pole-emploi/pole-emploi-2009-03.csv", FileFormat.F0)]
    [InlineData("insee/insee-2009.csv", FileFormat.F0)]
    public void Write_Year_EachFileIsInItsFormat(string path, FileFormat format)
    {
        Assert.Equal(format, Year.Value.Results[path].Format);
    }

    [Fact]
    public void Write_Year_ReportsEveryIndicatorOfTheCatalogueButTheMilestoneLeftUndone()
    {
        var reported = Year.Value.Results.Values.SelectMany(r => r.Observations).Select(o => o.Indicator.Value).ToHashSet();
        var reportable = IndicatorCatalogue.Default.Indicators.Where(i => i.Sources.Count > 0 && i.Aggregation != Aggregation.Derived).Select(i => i.Id.Value);

        Assert.Equal(["debat_parlementaire_integration"], reportable.Except(reported));
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

        var generated = Generate(2009, GenerateCommand.DefaultSeed, registerRows: 10_000);

        Assert.Equal([.. generated.Keys.Append(HandMade).Order(StringComparer.Ordinal)], onDisk);
        Assert.All(generated, g => Assert.True(g.Value.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(root, g.Key))), $"{g.Key} differs from what generate year writes"));
        Assert.Contains(HandMade, File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
    }

    private static Dictionary<string, byte[]> Generate(int year, ulong seed, int registerRows = 2_000)
    {
        var streams = new Dictionary<string, MemoryStream>();
        YearSample.Write(year, seed, path => streams[path] = new MemoryStream(), registerRows);
        return streams.ToDictionary(s => s.Key, s => s.Value.ToArray());
    }

    private static ReadResult Read(string path, byte[] bytes)
    {
        var agency = new AgencyId(path.Split('/')[0]);
        var context = new ReadContext(agency, path.Split('/')[1], Received, IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default);
        using var stream = new MemoryStream(bytes);
        return AgencyFileReader.Read(stream, context);
    }

    private static double Sum(IEnumerable<Observation> observations, string indicator) =>
        observations.Where(o => o.Indicator.Value == indicator && o.Territory.Kind == TerritoryKind.Departement).Sum(o => o.Value!.Value);
}
