using MissionPipeline.Cli.Samples;
using System.CommandLine;
using MissionPipeline.Cli;
using MissionPipeline.Tools;
using MissionPipeline.Tools.Bench;
using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Tools;

/// <summary><c>mission-tools bench</c>: its command line, and that the F5 comparison counts the same thing with both engines (correctness, never speed).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Help_ParsesAndListsItsOptions()
    {
        var parse = ToolsCommand.Create().Parse(["bench", "--help"]);
        var output = new StringWriter();

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Empty(parse.Errors);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("--quick", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--out", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ingest-e2e", output.ToString(), StringComparison.Ordinal);
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
            var duckOneThread = F5Engines.RunDuckDb(path, threads: 1);

            Assert.Null(ours.Error);
            Assert.Empty(F5Engines.Differences(ours, duck));
            Assert.Empty(F5Engines.Differences(ours, duckOneThread));
            Assert.Equal(F5Engines.DuckDbOneThread, duckOneThread.Engine);
            Assert.Equal(expected.France, ours.Total);
            Assert.Equal(expected.France, duck.Total);
            Assert.True(ours.Total > 0);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/x")]
    public void LoadWorker_NotAnHttpUrl_IsAUsageError(string url)
    {
        var parse = ToolsCommand.Create().Parse(["bench", "load-worker", url]);

        Assert.NotEmpty(parse.Errors);
    }

    [Fact]
    public async Task LoadWorker_LocalServer_SendsEveryRequestAndCountsTheAnswers()
    {
        var port = Ports.Free();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = 0;
        var server = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref served);
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
                context.Response.Close();
            }
        });
        var output = new StringWriter();

        var exit = await ToolsCommand.Create().Parse(["bench", "load-worker", $"http://127.0.0.1:{port}/api/dashboard", "--rate", "40", "--seconds", "1"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        listener.Stop();
        await server;

        Assert.Equal(ExitCodes.Ok, exit);
        var result = LoadResult.FromJson(output.ToString());
        Assert.Equal(0, result.Errors);
        Assert.Equal(0, result.Unexpected);
        Assert.True(result.RequestsPerSecond > 0);
        Assert.Equal(50 + 40, served); // 50 warm-up requests, then the measured ones
    }

}
