using System.Text;
using MissionPipeline.Cli.Samples;
using MissionPipeline.Geography;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Tests.Readers;

namespace MissionPipeline.Tests.Cli.Samples;

public sealed class RegisterExtractSampleTests
{
    private static readonly Period March = Period.OfMonth(2009, 3);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_ReadBack_IsAcceptedAndCountsWhatTheGeneratorCounted(bool gzip)
    {
        var (bytes, counts) = Write(50_000, seed: 1, gzip);

        var result = AgencyFiles.Read(bytes, "pole-emploi");

        Assert.Empty(result.Errors);
        Assert.Equal((FileFormat.F5, 50_000), (result.Format, result.Rows));
        var values = RegisterExtractReaderTests.Values(result);
        Assert.All(Geography2009.Default.Departements, d => Assert.Equal(counts.CategoryAHue[d.Territory], values[d.Territory.Code]));
        Assert.Equal(counts.France, values["FR"]);
        Assert.Equal(counts.Metropole, values["FR-MET"]);
    }

    [Fact]
    public void Write_SameArguments_SameBytes()
    {
        Assert.Equal(Write(20_000, seed: 7, gzip: true).Bytes, Write(20_000, seed: 7, gzip: true).Bytes);
        Assert.NotEqual(Write(1_000, seed: 7, gzip: false).Bytes, Write(1_000, seed: 8, gzip: false).Bytes);
    }

    [Fact]
    public void Write_Rows_LookLikeTheRegister()
    {
        var (bytes, _) = Write(50_000, seed: 3, gzip: false);
        var rows = Encoding.ASCII.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l => l.Split(';')).ToArray();

        Assert.Equal(50_000, rows.Length);
        Assert.All(rows, r => Assert.Equal("2009-03", r[0]));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{24}$", r[1]));
        Assert.Equal(rows.Length, rows.Select(r => r[1]).Distinct().Count());
        Assert.InRange(Share(rows, r => r[3] == "HUE"), 0.07, 0.12);
        Assert.InRange(Share(rows, r => r[2] == "A"), 0.52, 0.58);
        Assert.Equal(Geography2009.Default.Departements.Count, rows.Select(r => r[4]).Distinct().Count());
        Assert.True(Share(rows, r => r[4] == "75") > 3 * Share(rows, r => r[4] == "48"));
        Assert.InRange(bytes.Length / 50_000.0, 45, 55);
    }

    [Fact]
    public void Write_ConsecutiveMonths_ShareTheirJobseekers()
    {
        using var march = new MemoryStream();
        using var april = new MemoryStream();
        RegisterExtractSample.Write(march, 1_200, March, 5, gzip: false);
        RegisterExtractSample.Write(april, 1_200, Period.OfMonth(2009, 4), 5, gzip: false, firstPerson: 100);

        var ids = (MemoryStream s) => Encoding.ASCII.GetString(s.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l => l.Split(';')[1]).ToHashSet();
        Assert.Equal(1_100, ids(march).Intersect(ids(april)).Count());
    }

    private static (byte[] Bytes, RegisterSampleCounts Counts) Write(int rows, ulong seed, bool gzip)
    {
        using var stream = new MemoryStream();
        var counts = RegisterExtractSample.Write(stream, rows, March, seed, gzip);
        return (stream.ToArray(), counts);
    }

    private static double Share(string[][] rows, Func<string[], bool> which) => rows.Count(which) / (double)rows.Length;
}
