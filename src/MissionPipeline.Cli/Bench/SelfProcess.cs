using System.Diagnostics;
using System.Reflection;

namespace MissionPipeline.Cli.Bench;

/// <summary>Runs <c>mission …</c> (this very program) or another tool as a child process.</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo Mission(params string[] args)
    {
        var path = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
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
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}");
        }

        return await output.ConfigureAwait(false);
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
