using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Tests.Infra;

/// <summary>
/// Properties of infra/*.bicep that compiling cannot check: agreement with the code (agencies,
/// storage names) and the deployment rules of issue 6 (role assignment names, hardening, no
/// registry modules). `infra/lint.sh` compiles and lints the same files.
/// </summary>
public sealed partial class InfraTemplateTests
{
    private static string Infra => Path.Combine(Repo.Root, "infra");

    private static IEnumerable<(string Name, string Text)> Templates() =>
        Directory.EnumerateFiles(Infra, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Infra, f).StartsWith("tools", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'), File.ReadAllText(f)));

    [Fact]
    public void AgencyGroupsType_HasExactlyTheCatalogueAgencies()
    {
        var types = File.ReadAllText(Path.Combine(Infra, "types.bicep"));
        var block = SettingsScanner.BicepBlock(types, types.IndexOf("type agencyGroupIds", StringComparison.Ordinal));
        var keys = BicepPropertyRegex().Matches(block).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["id"].Value);

        Assert.Equal(IndicatorCatalogue.Default.Agencies.Select(a => a.Id.Value), keys);
    }

    [Fact]
    public void DataAccount_DeclaresTheContainersAndTablesOfTheStorageLayout()
    {
        // The defaults of StorageLayout (src/MissionPipeline.Storage/StorageLayout.cs): the names the jobs use.
        var layout = File.ReadAllText(Path.Combine(Repo.Root, "src", "MissionPipeline.Storage", "StorageLayout.cs"));
        var parameters = layout[layout.IndexOf("record StorageLayout(", StringComparison.Ordinal)..];
        var names = LayoutDefaultRegex().Matches(parameters[..parameters.IndexOf(')', StringComparison.Ordinal)]).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["uploads", "archive", "reports", "snapshots", "Ingestions", "Observations"], names);

        var data = File.ReadAllText(Path.Combine(Infra, "modules", "storage-data.bicep"));
        var rbac = File.ReadAllText(Path.Combine(Infra, "modules", "rbac.bicep"));
        foreach (var name in names)
        {
            Assert.Contains($"'{name}'", data, StringComparison.Ordinal);
            Assert.Contains($"name: '{name}'", rbac, StringComparison.Ordinal);
        }

        // The blob trigger's poison queue lives in the triggering (data) account and is pre-created there.
        Assert.Contains("'webjobs-blobtrigger-poison'", data, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_AreNamedGuidOfScopePrincipalRole()
    {
        var count = 0;
        foreach (var (name, text) in Templates())
        {
            foreach (Match declaration in RoleAssignmentRegex().Matches(text))
            {
                var block = SettingsScanner.BicepBlock(text, declaration.Index + declaration.Length);
                var guid = GuidNameRegex().Match(block);
                Assert.True(guid.Success, $"{name}: {declaration.Groups[1].Value} is not named guid(scope, principal, role)");
                var scope = Property(block, "scope");
                var principal = Property(block, "principalId");
                var role = Property(block, "roleDefinitionId");

                Assert.Equal($"{scope}.id", guid.Groups["scope"].Value);
                Assert.Equal(principal, guid.Groups["principal"].Value);
                Assert.Equal(role, guid.Groups["role"].Value);
                count++;
            }
        }

        Assert.True(count >= 10, $"only {count} role assignments found");
    }

    [Fact]
    public void AgencyUploadRight_IsWriteOnlyAndLimitedToTheAgencyFolder()
    {
        var text = File.ReadAllText(Path.Combine(Infra, "modules", "rbac-agencies.bicep"));
        var role = SettingsScanner.BicepBlock(text, text.IndexOf("resource agencyUploader", StringComparison.Ordinal));
        var dataActions = SettingsScanner.BicepBlock(role, role.IndexOf("permissions", StringComparison.Ordinal));

        Assert.Equal(
            ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"],
            QuotedRegex().Matches(dataActions[dataActions.IndexOf("dataActions", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).Where(a => a.StartsWith("Microsoft.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("blobs:path] StringStartsWith '__AGENCY__/'", text, StringComparison.Ordinal);
        Assert.Contains("containers:name] StringEquals 'uploads'", text, StringComparison.Ordinal);
        Assert.Contains("scope: dataStorage::blobService::uploads", text, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageAccounts_AreIdentityOnlyAndHardened()
    {
        var accounts = 0;
        foreach (var (name, text) in Templates())
        {
            foreach (Match declaration in StorageAccountRegex().Matches(text))
            {
                var block = SettingsScanner.BicepBlock(text, declaration.Index + declaration.Length);
                foreach (var setting in new[] { "allowSharedKeyAccess: false", "allowBlobPublicAccess: false", "minimumTlsVersion: 'TLS1_2'", "supportsHttpsTrafficOnly: true" })
                {
                    Assert.True(block.Contains(setting, StringComparison.Ordinal), $"{name}: storage account without {setting}");
                }

                accounts++;
            }
        }

        Assert.Equal(2, accounts);
    }

    [Fact]
    public void Templates_UseNativeResourcesOnly()
    {
        foreach (var (name, text) in Templates())
        {
            Assert.False(RegistryModuleRegex().IsMatch(text), $"{name}: registry module reference (the build machines cannot download them)");
        }
    }

    private static string Property(string block, string name) =>
        new Regex($@"^\s*{name}:\s*(.+?)\s*$", RegexOptions.Multiline).Match(block) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"no '{name}:' in {block}");

    [GeneratedRegex(@"^\s*(?:'(?<quoted>[^']+)'|(?<id>[A-Za-z_][\w]*))\s*:", RegexOptions.Multiline)]
    private static partial Regex BicepPropertyRegex();

    [GeneratedRegex(@"string \w+ = ""([^""]+)""")]
    private static partial Regex LayoutDefaultRegex();

    [GeneratedRegex(@"^resource (\w+) 'Microsoft\.Authorization/roleAssignments@[^']+' =", RegexOptions.Multiline)]
    private static partial Regex RoleAssignmentRegex();

    [GeneratedRegex(@"^resource \w+ 'Microsoft\.Storage/storageAccounts@[^']+' = (?!.*existing)", RegexOptions.Multiline)]
    private static partial Regex StorageAccountRegex();

    [GeneratedRegex(@"name: guid\((?<scope>[^,()]+),\s*(?<principal>[^,()]+),\s*(?<role>[^,()]+)\)")]
    private static partial Regex GuidNameRegex();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedRegex();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?:br[:/]|ts[:/])", RegexOptions.Multiline)]
    private static partial Regex RegistryModuleRegex();
}
