using System.Text.RegularExpressions;
using MissionPipeline.Tests.Readers;

namespace MissionPipeline.Tests.Infra;

/// <summary>
/// infra/smoke-test.sh runs against production, so the file it sends by default must change no
/// figure: the red team's operator found it sent a sample file, whose synthetic figures production
/// would have counted for good. The file the script writes is read here by the product's own reader.
/// </summary>
public sealed partial class SmokeTestScriptTests
{
    [Fact]
    public void DefaultFile_IsRefusedByDesignAndTheScriptExpectsIt()
    {
        var script = File.ReadAllText(Path.Combine(Repo.Root, "infra", "smoke-test.sh"));
        var format = Assert.Single(DefaultFileRegex().Matches(script)).Groups["format"].Value;
        var text = format.Replace("\\n", "\n", StringComparison.Ordinal).Replace("%s", "20261207T083000Z", StringComparison.Ordinal);

        foreach (var agency in new[] { "ofii", "dcpaf", "ofpra", "pole-emploi", "insee" })
        {
            var result = AgencyFiles.Read(text, agency);

            Assert.Empty(result.Observations);
            Assert.Equal(["unknown-indicator"], result.Errors.Select(e => e.Code));
        }

        Assert.Contains("expected=\"rejected\"", script, StringComparison.Ordinal);
        Assert.Contains("[[ \"$status\" =~ ^($expected)$ ]] || fail", script, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"printf '(?<format>indicateur;[^']*)' ""\$stamp"" > ""\$file""")]
    private static partial Regex DefaultFileRegex();
}
