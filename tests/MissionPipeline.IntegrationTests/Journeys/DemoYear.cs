using System.CommandLine;
using MissionPipeline.Cli;
using MissionPipeline.Storage;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// The year a newcomer sees: <c>mission demo --no-serve</c> run once per test run into its own
/// layout of the shared emulator (the sample year of every agency ingested, the snapshot as of
/// 2009-12-31 published). Journeys read it; they never change what the demo published.
/// </summary>
internal sealed record DemoYear(string ConnectionString, StorageLayout Layout, string Suffix, string Output)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DemoYear? _made;

    public static async Task<DemoYear> GetAsync(AzuriteFixture azurite)
    {
        await Gate.WaitAsync();
        try
        {
            if (_made is { } made && made.ConnectionString == azurite.ConnectionString)
            {
                return made;
            }

            var suffix = "journey" + Guid.NewGuid().ToString("N")[..10];
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await MissionCommand.InvokeAsync(["demo", "--no-serve", "--storage", azurite.ConnectionString, "--layout-suffix", suffix], new InvocationConfiguration { Output = output, Error = error });
            Assert.True(exit == ExitCodes.Ok, $"mission demo failed ({exit}): {error}");
            return _made = new DemoYear(azurite.ConnectionString, StorageLayout.WithSuffix(suffix), suffix, output.ToString());
        }
        finally
        {
            Gate.Release();
        }
    }
}
