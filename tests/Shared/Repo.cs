namespace MissionPipeline.Testing;

/// <summary>Paths inside the repository, which tests may read: a clone stands alone, nothing beside it is read.</summary>
internal static class Repo
{
    /// <summary>The folder holding <c>MissionPipeline.sln</c>, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path inside the repository.</summary>
    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A test fixture under <c>tests/data/</c>: agency examples, real third-party files.</summary>
    public static string Data(params string[] parts) => Path.Combine([Root, "tests", "data", .. parts]);

    private static string FindRoot()
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
