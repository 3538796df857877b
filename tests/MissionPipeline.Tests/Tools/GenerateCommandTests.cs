using System.CommandLine;
using MissionPipeline.Cli;
using MissionPipeline.Tools;

namespace MissionPipeline.Tests.Tools;

/// <summary><c>mission-tools generate</c>, run in process.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mission-generate-");

    [Theory]
    [InlineData("generate", "f5", "--rows", "0", "--month", "2009-03", "--out", "x.csv")]
    [InlineData("generate", "f5", "--rows", "10", "--month", "2009-13", "--out", "x.csv")]
    [InlineData("generate", "f5", "--rows", "10", "--month", "2009", "--out", "x.csv")]
    [InlineData("generate", "f5", "--rows", "10", "--month", "2009-03")]
    [InlineData("generate", "year", "--year", "20", "--out", "d")]
    [InlineData("generate", "year", "--f5-rows", "500", "--out", "d")] // the demo writes its register extracts itself
    [InlineData("generate", "csv", "--out", "d")]
    public async Task Invoke_UsageErrors_Exit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task Invoke_GenerateF5_WritesTheExtractAndSaysWhatItHolds()
    {
        var file = Path.Combine(_directory.FullName, "defm-2009-03.csv.gz");

        var (exit, output, _) = await RunAsync("generate", "f5", "--rows", "1000", "--month", "2009-03", "--gzip", "--seed", "12", "--out", file);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal([0x1F, 0x8B], File.ReadAllBytes(file)[..2]);
        Assert.Contains("1000 lignes, mois 2009-03", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_GenerateYear_WritesAFolderPerAgencyWhoseFilesValidate()
    {
        var (exit, output, _) = await RunAsync("generate", "year", "--seed", "3", "--out", _directory.FullName);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("98 fichiers", output, StringComparison.Ordinal);
        Assert.Equal(["afnor", "dcpaf", "dgt", "dsed", "eurostat", "insee", "ofii", "ofpra", "pole-emploi"], _directory.GetDirectories().Select(d => d.Name).Order(StringComparer.Ordinal));
        // What the developers' tool writes, the agencies' command accepts.
        using var report = new StringWriter();
        var validated = await MissionCommand.InvokeAsync(["validate", Path.Combine(_directory.FullName, "dcpaf", "dcpaf-2009-12.xlsx"), "--agency", "dcpaf"], new InvocationConfiguration { Output = report, Error = TextWriter.Null });
        Assert.Equal(ExitCodes.Ok, validated);
        Assert.Contains("F2", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_HelpOfGenerate_DescribesBothForms()
    {
        var (exit, output, _) = await RunAsync("generate", "--help");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("f5", output, StringComparison.Ordinal);
        Assert.Contains("year", output, StringComparison.Ordinal);
    }

    /// <summary>The outlines the maps draw are what the pinned npm packages give: the command writes the committed file byte for byte.</summary>
    [Fact]
    public async Task Invoke_GenerateOutlines_ReproducesTheCommittedFile()
    {
        var written = Path.Combine(_directory.FullName, "outlines-2009.txt");

        var (exit, output, error) = await RunAsync("generate", "outlines", "--node-modules", Repo.InRepository("node_modules"), "--out", written);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("100 départements", output, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Repo.InRepository("src", "MissionPipeline.Domain", "Geography", "outlines-2009.txt")), await File.ReadAllTextAsync(written));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ToolsCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
