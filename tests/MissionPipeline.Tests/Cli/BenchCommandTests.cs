using System.CommandLine;
using MissionPipeline.Cli;
using MissionPipeline.Cli.Bench;
using MissionPipeline.Cli.Samples;
using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Cli;

/// <summary><c>mission bench</c>: its command line, and that the F5 comparison counts the same thing with both engines (correctness, never speed).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Help_ParsesAndListsItsOptions()
    {
        var parse = MissionCommand.Create().Parse(["bench", "--help"]);
        var output = new StringWriter();

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Empty(parse.Errors);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("--quick", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--out", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void F5Engines_TinyGeneratedFile_BothEnginesCountTheSame(bool gzip)
    {
        var directory = Directory.CreateTempSubdirectory("bench-f5-");
        try
        {
            var path = Path.Combine(directory.FullName, gzip ? "f5.csv.gz" : "f5.csv");
            RegisterSampleCounts expected;
            using (var file = File.Create(path))
            {
                expected = RegisterExtractSample.Write(file, 3_000, Period.Parse("2009-03"), 7, gzip);
            }

            var ours = F5Engines.RunOurs(path);
            var duck = F5Engines.RunDuckDb(path);

            Assert.Null(ours.Error);
            Assert.Empty(F5Engines.Differences(ours, duck));
            Assert.Equal(expected.France, ours.Total);
            Assert.Equal(expected.France, duck.Total);
            Assert.True(ours.Total > 0);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
