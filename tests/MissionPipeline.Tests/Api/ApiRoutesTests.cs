using System.Text.RegularExpressions;
using MissionPipeline.Api;

namespace MissionPipeline.Tests.Api;

/// <summary>
/// The README's table of the HTTP API against <see cref="ApiRoutes.All"/>: the README says a test
/// compares the hosts' routes with its table, and the hosts' routes are compared with
/// <see cref="ApiRoutes.All"/> (ServeTests, FunctionsMetadataTests); this closes the loop, so a route
/// added, renamed or guarded differently without its line in the README fails here.
/// </summary>
public sealed partial class ApiRoutesTests
{
    [Fact]
    public void ReadmeTable_ListsExactlyTheApiRoutes()
    {
        var documented = ReadmeRows().Select(r => r.Route).Distinct().Order(StringComparer.Ordinal).ToArray();

        var routes = ApiRoutes.All.Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(18, routes.Length);
        Assert.Equal(routes, documented);
    }

    [Fact]
    public void ReadmeTable_SaysWhoMayCallEachRouteAsTheGateEnforcesIt()
    {
        var rows = ReadmeRows();

        Assert.All(ApiRoutes.All, route =>
        {
            var who = rows.Where(r => r.Route == $"{route.Method} {route.Path}").Select(r => r.Who).Distinct().ToArray();
            Assert.Equal([Who(route.Access)], who);
        });
    }

    /// <summary>The words of the README's « who » column for each access level.</summary>
    private static string Who(Access access) => access switch
    {
        Access.Anonymous => "anyone",
        Access.Dashboard => "dashboard",
        Access.Agency => "that agency, admin",
        Access.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
    };

    /// <summary>The <c>/api/</c> rows of the README's « HTTP API » table: method and path (query left out), and the « who » column.</summary>
    private static (string Route, string Who)[] ReadmeRows()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## HTTP API", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var rows = TableRow().Matches(section).Select(m => (Route: $"{m.Groups["method"].Value} {m.Groups["path"].Value}", Who: m.Groups["who"].Value.Trim())).ToArray();
        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex(@"^\| `(?<method>[A-Z]+) (?<path>/api/[^?` ]+)[^`]*` \|(?<who>[^|]+)\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
