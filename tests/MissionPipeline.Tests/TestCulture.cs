using System.Globalization;
using System.Runtime.CompilerServices;

namespace MissionPipeline.Tests;

/// <summary>
/// Runs the whole suite under the culture named by <c>MISSION_TEST_CULTURE</c> (the test script runs
/// it once more under fr-FR, a comma-decimal culture) to catch accidental culture dependence.
/// </summary>
internal static class TestCulture
{
    [ModuleInitializer]
    internal static void Apply()
    {
        if (Environment.GetEnvironmentVariable("MISSION_TEST_CULTURE") is { Length: > 0 } name)
        {
            var culture = CultureInfo.GetCultureInfo(name);
            CultureInfo.DefaultThreadCurrentCulture = culture;
            CultureInfo.DefaultThreadCurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }
    }
}

/// <summary>Paths of the repository and of ../shared, which tests may read (the product never does).</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MissionPipeline.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Repository root not found.");
        }
    }

    /// <summary>A path inside the repository (the clone stands alone: nothing is read beside it).</summary>
    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A test fixture under <c>tests/data/</c>: agency examples, real third-party files.</summary>
    public static string Data(params string[] parts) => Path.Combine([Root, "tests", "data", .. parts]);
}
