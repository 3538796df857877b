using System.Diagnostics;
using MissionPipeline.Cli;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>What a run of <c>mission</c> as a separate process gave: its exit code, and stdout and stderr apart.</summary>
public sealed record ProcessRun(int Exit, string Output, string Error);

/// <summary>
/// Runs the built <c>mission</c> command as a user's shell does: a separate process, its own
/// stdout and stderr, environment variables, a working folder. Journeys use it where the console
/// itself is under test (what reaches stdout, exit codes with nothing caught in between).
/// </summary>
internal static class MissionProcess
{
    public static async Task<ProcessRun> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, environment, workingDirectory);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mission {string.Join(' ', args)} did not finish in time.\n{await error}");
        }

        return new ProcessRun(process.ExitCode, await output, await error);
    }

    /// <summary>Starts <c>mission</c> with redirected stdout and stderr (the caller reads them), without the machine's <c>MISSION_*</c> settings unless given.</summary>
    public static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        info.ArgumentList.Add(typeof(MissionCommand).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A child gets the MISSION_* settings its test gives, not the machine's (a developer's shell may set some).
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MISSION_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        // The default mode of `mission serve` whatever the shell says; a test that wants inline I/O asks for it.
        info.Environment[MissionPipeline.Cli.Serve.ServeHost.InlineCompletionsVariable] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
