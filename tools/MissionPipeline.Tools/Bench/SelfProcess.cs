using System.Diagnostics;
using System.Reflection;
using MissionPipeline.Cli.Serve;

namespace MissionPipeline.Tools.Bench;

/// <summary>Runs <c>mission-tools …</c> (this very program), the <c>mission</c> command built beside it, or another tool as a child process.</summary>
internal static class SelfProcess
{
    /// <summary>This program again (a benchmark worker that must measure only itself).</summary>
    public static ProcessStartInfo Tools(params string[] args)
    {
        var path = Environment.ProcessPath ?? "dotnet";
        return Start(path, Path.GetFileNameWithoutExtension(path) == "dotnet" ? Assembly.GetEntryAssembly()!.Location : null, args);
    }

    /// <summary>
    /// <paramref name="info"/> with the runtime's inline socket completions on (<paramref name="inline"/>:
    /// <see cref="ServeHost.InlineCompletionsVariable"/>=1, the mode <see cref="ServeHost.UseLoopback"/>
    /// follows) or off, whatever the shell that started the bench says: each figure names its mode.
    /// </summary>
    public static ProcessStartInfo InlineIo(this ProcessStartInfo info, bool inline)
    {
        info.Environment[ServeHost.InlineCompletionsVariable] = inline ? "1" : "0";
        return info;
    }

    /// <summary>
    /// The <c>mission</c> command an agency runs, as built beside this program (its project reference),
    /// without the settings that would make it read other storage than the bench wrote or refuse its
    /// readers: <c>MISSION_*</c> (a layout suffix, another emulator), <c>Publication__*</c> (approval
    /// required) and <c>Api__*</c> (keys). The bench writes the default layout and passes <c>--storage</c>.
    /// </summary>
    public static ProcessStartInfo Mission(params string[] args)
    {
        var info = Start("dotnet", Path.Combine(AppContext.BaseDirectory, "mission.dll"), args);
        foreach (var name in info.Environment.Keys.Where(IsMissionSetting).ToList())
        {
            info.Environment.Remove(name);
        }

        return info;
    }

    private static bool IsMissionSetting(string name) =>
        name.StartsWith("MISSION_", StringComparison.Ordinal)
        || name.StartsWith("Publication__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Api__", StringComparison.OrdinalIgnoreCase);

    private static ProcessStartInfo Start(string path, string? assembly, string[] args)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false }.InlineIo(inline: false);
        if (assembly is not null)
        {
            info.ArgumentList.Add(assembly);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>Runs to the end; returns standard output; throws with standard error when the exit code is not 0.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {info.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C on the bench stops its workers too, not only the wait for them.
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="process"/> and every child of it, if still running, and releases it: a server the bench started.</summary>
    public static async ValueTask StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        process.Dispose();
    }

    /// <summary>This process's peak resident set (VmHWM, bytes), or 0 off Linux.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
