using MissionPipeline.Cli;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Tests.Cli.Serve;

/// <summary>
/// <c>RECOMPUTE_SCHEDULE</c> as both hosts read it: the grammar Azure Functions' NCRONTAB shares with
/// the local server's Cronos, and nothing more, so that a schedule tried with <c>mission serve</c>
/// never leaves the deployed timer unloaded (red team, operator).
/// </summary>
public sealed class ServeOptionsTests
{
    [Theory]
    [InlineData(null, "0 30 2 * * *")]
    [InlineData("   ", "0 30 2 * * *")]
    [InlineData(" 0 30 2 * * * ", "0 30 2 * * *")]
    [InlineData("0 */15 * * * *", "0 */15 * * * *")]
    [InlineData("0 0 6 1,15 * MON-FRI", "0 0 6 1,15 * MON-FRI")]
    [InlineData("0 30 2 * jan-jun 0", "0 30 2 * jan-jun 0")]
    public void ReadSchedule_SharedGrammar_Kept(string? value, string expected)
    {
        Assert.Equal(expected, ServeOptions.ReadSchedule(value));
    }

    [Theory]
    [InlineData("@daily")] // Cronos only
    [InlineData("0 30 2 L * *")]
    [InlineData("0 30 2 ? * *")]
    [InlineData("0 30 2 * * 7")] // Sunday is 0 for NCRONTAB
    [InlineData("0 30 2 * * MON#1")]
    [InlineData("30 2 * * *")] // five fields
    [InlineData("0 0 30 2 * * *")] // seven
    [InlineData("0 30 25 * * *")]
    [InlineData("nonsense")]
    public void ReadSchedule_OutsideTheSharedGrammar_UsageErrorInFrench(string value)
    {
        var error = Assert.Throws<UsageException>(() => ServeOptions.ReadSchedule(value));

        Assert.Contains($"RECOMPUTE_SCHEDULE «\u202F{value}\u202F» illisible\u202F: six champs", error.Message, StringComparison.Ordinal);
        Assert.Contains("ni @daily, ni L, W, #", error.Message, StringComparison.Ordinal);
    }
}
