using System.Diagnostics;
using MissionPipeline.Tools.Bench;

namespace MissionPipeline.Tests.Tools.Bench;

/// <summary>A child server that fails says why: the bench shows its last lines, from stdout and stderr alike.</summary>
public sealed class OutputTailTests
{
    [Theory]
    [InlineData("echo démarrage; echo 'Failed to bind to address: address already in use.' >&2; exit 1", "démarrage|Failed to bind to address: address already in use.")]
    [InlineData("exit 3", "(rien d'écrit)")]
    public async Task Follow_ChildWritesOnBothStreams_KeepsEveryLine(string script, string expected)
    {
        var tail = await FollowAsync(script);

        // Two pipes read on two threads: their lines interleave in any order.
        Assert.Equal(expected.Split('|').Order(StringComparer.Ordinal), tail.Split('\n').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Follow_MoreThanTwentyLines_KeepsTheLastTwentyInOrder()
    {
        var tail = await FollowAsync("for i in $(seq 1 25); do echo ligne $i; done");

        Assert.Equal(Enumerable.Range(6, 20).Select(i => $"ligne {i}"), tail.Split('\n'));
    }

    private static async Task<string> FollowAsync(string script)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var tail = OutputTail.Follow(process);
        await process.WaitForExitAsync(); // also waits until both redirected streams are read to their end
        return tail.ToString();
    }
}
