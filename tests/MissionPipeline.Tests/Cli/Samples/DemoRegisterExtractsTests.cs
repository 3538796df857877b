using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.Cli.Samples;
using MissionPipeline.Geography;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Tests.Readers;

namespace MissionPipeline.Tests.Cli.Samples;

/// <summary>The register extracts the demo writes agree with the STMT series of the samples (docs/indicators.md, « Sample data »).</summary>
public sealed class DemoRegisterExtractsTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, Period Month, Func<byte[]> Content)>> Extracts =
        new(() => DemoRegisterExtracts.For(new DirectoryInfo(Repo.InRepository("samples")), DemoCommand.SampleSeed));

    [Fact]
    public void For_Samples_OneExtractAMonthOf2009And2010()
    {
        Assert.Equal([.. Period.OfYear(2009).MonthsWithin(), .. Period.OfYear(2010).MonthsWithin()], Extracts.Value.Select(e => e.Month));
        Assert.All(Extracts.Value, e => Assert.Equal($"pole-emploi-defm-{e.Month}.csv.gz", e.Name));
    }

    /// <summary>Read as the demo ingests it, a month's extract counts in metropolitan France the STMT series' figure of that month, moved by at most 1.5 %.</summary>
    [Theory]
    [InlineData("2009-01")]
    [InlineData("2009-12")]
    [InlineData("2010-06")]
    public void Content_ReadBack_MetropolitanCountIsTheSeriesFigureOfItsMonth(string month)
    {
        var period = Period.Parse(month);
        var extract = Extracts.Value.Single(e => e.Month == period);
        var series = LatestSeries()[period];

        using var content = new MemoryStream(extract.Content());
        var result = AgencyFileReader.Read(content, new ReadContext(new AgencyId("pole-emploi"), extract.Name, DemoCommand.ReceiptOf(extract.Name), IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default));

        Assert.Empty(result.Errors);
        Assert.Equal(FileFormat.F5, result.Format);
        var values = RegisterExtractReaderTests.Values(result);
        Assert.Equal(DemoRegisterExtracts.MetropolitanCount(period, series), values["FR-MET"]);
        Assert.InRange(values["FR-MET"] / series, 0.985, 1.015);
        Assert.True(values["FR"] > values["FR-MET"], "the overseas départements come on top");
        Assert.True(result.Rows > values["FR"], "jobseekers of other categories, not counted, are in the file too");
    }

    [Fact]
    public void Content_TwiceOverTwoRuns_SameBytes()
    {
        var again = DemoRegisterExtracts.For(new DirectoryInfo(Repo.InRepository("samples")), DemoCommand.SampleSeed);

        Assert.Equal(Extracts.Value[0].Content(), again[0].Content());
    }

    /// <summary>The STMT series of metropolitan France as the last sample workbook gives it, read here independently of the demo.</summary>
    private static Dictionary<Period, double> LatestSeries()
    {
        var bytes = File.ReadAllBytes(Repo.InRepository("samples", "pole-emploi", "series-defm-nationalite-2010.xlsx"));
        using var stream = new MemoryStream(bytes);
        var read = AgencyFileReader.Read(stream, new ReadContext(new AgencyId("pole-emploi"), "series-defm-nationalite-2010.xlsx", new DateTimeOffset(2011, 3, 1, 0, 0, 0, TimeSpan.Zero), IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default));
        return read.Observations.Where(o => o.Indicator.Value == DemoRegisterExtracts.Series && o.Territory == Territory.Metropole).ToDictionary(o => o.Period, o => o.Value!.Value);
    }
}
