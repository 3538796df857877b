using System.Diagnostics;

namespace MissionPipeline.Tests.Cli;

/// <summary>
/// The launchers at the repository's root (<c>./mission</c>, <c>tools/mission-tools</c>) build their
/// command when a source changed, then run it. Run here in a copy of their surroundings, with a
/// <c>dotnet</c> on the PATH that only says what it was asked: no build, a second each.
/// </summary>
public sealed class LauncherScriptTests
{
    /// <summary>
    /// Each launcher's build writes bin/ and obj/ under src/, which the other took for changed
    /// sources: the two rebuilt each other at every call (20 s each). A real source still rebuilds.
    /// </summary>
    [Theory]
    [InlineData("mission", ".mission/cli/mission.dll")]
    [InlineData("tools/mission-tools", ".mission/tools/mission-tools.dll")]
    public async Task Launcher_BuildOutputNewerThanTheCommand_RunsWithoutRebuildingButASourceRebuilds(string script, string dll)
    {
        var root = Directory.CreateTempSubdirectory("launcher-");
        try
        {
            var copy = Path.Combine(root.FullName, script);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(Repo.InRepository(script.Split('/')), copy);
            foreach (var folder in new[] { "src/MissionPipeline.Cli/obj", "src/MissionPipeline.Cli/bin", "tools/MissionPipeline.Tools/obj", "samples", "fake-bin" })
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, folder));
            }

            var fake = Path.Combine(root.FullName, "fake-bin", "dotnet");
            await File.WriteAllTextAsync(fake, "#!/usr/bin/env bash\nif [ \"$1\" = build ]; then echo built >> \"$(dirname \"$0\")/builds\"; else echo ran; fi\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var built = Path.Combine(root.FullName, dll);
            Directory.CreateDirectory(Path.GetDirectoryName(built)!);
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "src/MissionPipeline.Cli/Program.cs"), "// source");
            await File.WriteAllTextAsync(built, "dll");
            var later = DateTime.UtcNow.AddMinutes(1);
            File.SetLastWriteTimeUtc(built, later);
            // What the other launcher's build leaves, after this command was built.
            foreach (var output in new[] { "src/MissionPipeline.Cli/obj/project.assets.json", "src/MissionPipeline.Cli/bin/x.dll", "tools/MissionPipeline.Tools/obj/y.cache" })
            {
                var path = Path.Combine(root.FullName, output);
                await File.WriteAllTextAsync(path, "output");
                File.SetLastWriteTimeUtc(path, later.AddMinutes(1));
            }

            var quiet = await RunAsync(copy, root.FullName);
            File.SetLastWriteTimeUtc(Path.Combine(root.FullName, "src/MissionPipeline.Cli/Program.cs"), later.AddMinutes(2));
            var changed = await RunAsync(copy, root.FullName);

            Assert.Equal(("ran", string.Empty), (quiet.Output.Trim(), quiet.Error));
            Assert.Contains("Construction de", changed.Error, StringComparison.Ordinal);
            Assert.Equal("built", (await File.ReadAllTextAsync(Path.Combine(root.FullName, "fake-bin", "builds"))).Trim());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<(string Output, string Error)> RunAsync(string script, string root)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--version");
        info.Environment["PATH"] = Path.Combine(root, "fake-bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output, await error);
    }
}
