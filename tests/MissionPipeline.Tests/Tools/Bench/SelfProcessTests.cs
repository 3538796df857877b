using MissionPipeline.Cli.Serve;
using MissionPipeline.Tools.Bench;

namespace MissionPipeline.Tests.Tools.Bench;

/// <summary>Each child of the bench runs in the mode its figures name, whatever the developer's shell carries.</summary>
public sealed class SelfProcessTests
{
    [Fact]
    public void MissionAndTools_ByDefault_RunWithoutInlineCompletions()
    {
        Assert.Equal("0", SelfProcess.Mission("serve").Environment[ServeHost.InlineCompletionsVariable]);
        Assert.Equal("0", SelfProcess.Tools("bench", "kestrel-peer").Environment[ServeHost.InlineCompletionsVariable]);
    }

    [Theory]
    [InlineData(true, "1")]
    [InlineData(false, "0")]
    public void InlineIo_Mode_SetsTheRuntimeSwitchOfTheChild(bool inline, string expected)
    {
        var info = SelfProcess.Mission("serve").InlineIo(inline);

        Assert.Equal(expected, info.Environment[ServeHost.InlineCompletionsVariable]);
    }
}
