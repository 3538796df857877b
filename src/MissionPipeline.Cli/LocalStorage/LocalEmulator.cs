using System.Diagnostics;
using System.Globalization;

namespace MissionPipeline.Cli.LocalStorage;

/// <summary>
/// The state of the persistent local emulator. <see cref="Pid"/> is set only when the process this
/// folder started is alive and is Azurite over this folder's data; <see cref="Listening"/> without
/// it means another program holds the ports (another folder's emulator, a developer's own Azurite).
/// </summary>
internal sealed record EmulatorStatus(bool Listening, int? Pid, string Location, string ConnectionString)
{
    /// <summary>Something answers on the ports, and it is not this folder's emulator.</summary>
    public bool Foreign => Listening && Pid is null;
}

/// <summary>
/// The persistent local emulator of <c>mission storage start|stop|status</c>: Azurite on the
/// well-known ports 10000-10002 (so <c>UseDevelopmentStorage=true</c> tools see the same data), its
/// data, pid and log under <c>./.mission/</c>. It runs in its own session (setsid), so Ctrl-C in the
/// terminal that started it does not stop it and piping a command's output never waits for it.
/// </summary>
internal sealed class LocalEmulator(string root, int blobPort = LocalEmulator.BlobPort, int queuePort = LocalEmulator.QueuePort, int tablePort = LocalEmulator.TablePort)
{
    public const int BlobPort = 10000;
    public const int QueuePort = 10001;
    public const int TablePort = 10002;

    public static LocalEmulator InCurrentDirectory() => new(Path.Combine(Directory.GetCurrentDirectory(), ".mission"));

    public string Location => Path.Combine(root, "azurite");

    private string PidFile => Path.Combine(root, "azurite.pid");

    private string LogFile => Path.Combine(root, "azurite.log");

    public string ConnectionString => Azurite.ConnectionStringFor(blobPort, queuePort, tablePort);

    public async Task<EmulatorStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var listening = await Azurite.IsListeningAsync(blobPort, cancellationToken).ConfigureAwait(false)
            && await Azurite.IsListeningAsync(tablePort, cancellationToken).ConfigureAwait(false);
        return new EmulatorStatus(listening, OwnPid(), Location, ConnectionString);
    }

    /// <summary>Starts the emulator unless something already listens on its ports; waits until it listens.</summary>
    public async Task<EmulatorStatus> StartAsync(CancellationToken cancellationToken = default)
    {
        var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Listening)
        {
            return status;
        }

        Directory.CreateDirectory(Location);
        var script = Azurite.FindScript();
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        // exec setsid: a new session, detached from our terminal; output to the log, never to our stdout.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid node \"$@\" >>\"$0\" 2>&1 </dev/null");
        start.ArgumentList.Add(LogFile);
        start.ArgumentList.Add(script);
        foreach (var arg in Azurite.PersistentArguments(Location, blobPort, queuePort, tablePort))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        await File.WriteAllTextAsync(PidFile, process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            status = await StatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.Listening)
            {
                return status;
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Azurite did not start listening on port {blobPort}; see {LogFile}.");
    }

    /// <summary>
    /// Stops the emulator this folder started (by its pid) with SIGTERM, so that Azurite saves its data
    /// before it exits (a kill would lose what it has not flushed); SIGKILL only if it does not stop in
    /// 15 seconds. The data stays.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken = default)
    {
        if (OwnPid() is not { } pid)
        {
            // Never signal a pid we did not start (the file may be stale and the number reused).
            if (File.Exists(PidFile))
            {
                File.Delete(PidFile);
            }

            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            using (var term = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (ArgumentException)
        {
            // Not running any more.
        }

        File.Delete(PidFile);
        return true;
    }

    private int? ReadPid() =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>The pid of the file, if that process is alive and runs Azurite over <see cref="Location"/> (its command line names it).</summary>
    private int? OwnPid()
    {
        if (ReadPid() is not { } pid)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return null;
            }
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Linux tells a process's arguments in /proc; elsewhere a live pid from our file is taken as ours.
        var cmdline = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "cmdline");
        if (!File.Exists(cmdline))
        {
            return OperatingSystem.IsLinux() ? null : pid;
        }

        var arguments = File.ReadAllText(cmdline).Split('\0');
        return arguments.Contains(Location, StringComparer.Ordinal) ? pid : null;
    }
}
