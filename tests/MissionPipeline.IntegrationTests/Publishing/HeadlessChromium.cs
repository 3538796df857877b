using System.Diagnostics;

namespace MissionPipeline.IntegrationTests.Publishing;

/// <summary>
/// Drives Debian's <c>chromium</c> headless, without Node: one process per call, a fresh profile each
/// time, and the flags that keep it from reaching for the network (on a closed network it would
/// otherwise hang on background requests). <c>CHROMIUM</c> may name another binary.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The test project's <c>TestResults</c> folder (where <c>dotnet test</c> puts its results): screenshots go there.</summary>
    public static string ResultsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MissionPipeline.IntegrationTests.csproj")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "TestResults")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
    }

    /// <summary>The binary to run, or null when it is not installed.</summary>
    public static string? Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    /// <summary>Runs chromium with <paramref name="arguments"/> after the common flags; returns its exit code and outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string binary, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in (string[])[
                // The whole compositor pipeline runs before a frame is drawn: on a loaded machine a
                // screenshot was once taken with the map's lower tiles still unpainted (white).
                "--headless", "--run-all-compositor-stages-before-draw", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile.FullName}", .. arguments])
            {
                start.ArgumentList.Add(flag);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', arguments)}");
            }

            return (process.ExitCode, await output, await error);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper process of chromium may still hold a file of the profile: it is a temporary folder.
            }
        }
    }
}
