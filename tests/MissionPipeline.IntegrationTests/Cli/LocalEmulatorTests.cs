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

}
