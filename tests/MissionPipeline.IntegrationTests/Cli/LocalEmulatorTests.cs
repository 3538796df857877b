using Azure.Data.Tables;
using MissionPipeline.Cli.LocalStorage;

namespace MissionPipeline.IntegrationTests.Cli;

/// <summary><c>mission storage start|stop|status</c>: a persistent emulator whose data survives a restart.</summary>
public sealed class LocalEmulatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mission-emulator-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task StartStopStart_DataUnderTheFolderSurvives()
    {
        var emulator = new LocalEmulator(_root, Ports.Free(), Ports.Free(), Ports.Free());
        try
        {
            var started = await emulator.StartAsync();
            await new TableServiceClient(started.ConnectionString).CreateTableIfNotExistsAsync("Kept");

            Assert.True(started.Listening);
            Assert.True(Directory.Exists(emulator.Location));
            Assert.True(await emulator.StopAsync());
            Assert.False((await emulator.StatusAsync()).Listening);

            var restarted = await emulator.StartAsync();
            var tables = new List<string>();
            await foreach (var t in new TableServiceClient(restarted.ConnectionString).QueryAsync())
            {
                tables.Add(t.Name);
            }

            Assert.Contains("Kept", tables);
        }
        finally
        {
            await emulator.StopAsync();
        }
    }

    /// <summary>Another folder's emulator on the same ports: this folder's is not started, and the start says so (its command then exits 3).</summary>
    [Fact]
    public async Task Start_PortsHeldByAnotherFoldersEmulator_ForeignAndNotStarted()
    {
        var (blob, queue, table) = (Ports.Free(), Ports.Free(), Ports.Free());
        var other = new LocalEmulator(_root + "-autre", blob, queue, table);
        var ours = new LocalEmulator(_root, blob, queue, table);
        try
        {
            await other.StartAsync();

            var status = await ours.StartAsync();

            Assert.Equal((true, true), (status.Foreign, status.Listening));
            Assert.False(await ours.StopAsync()); // nothing of ours to stop; the other keeps running
            Assert.True((await other.StatusAsync()).Listening);
        }
        finally
        {
            await other.StopAsync();
            if (Directory.Exists(_root + "-autre"))
            {
                Directory.Delete(_root + "-autre", recursive: true);
            }
        }
    }
}
