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
