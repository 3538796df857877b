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
        Assert.Equal(["uploads", "archive", "reports", "snapshots", "Ingestions", "Observations", "segments"], names);

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

    /// <summary>
    /// The account that holds every file received cannot be deleted by mistake (a CanNotDelete lock,
    /// on by default: no soft delete covers an account), and who read, wrote or deleted a blob, who
    /// wrote or deleted an entity, is logged to Log Analytics (red team, operator: only the vault was audited).
    /// </summary>
    [Fact]
    public void DataAccount_LockedAgainstDeletionAndAudited()
    {
        var data = File.ReadAllText(Path.Combine(Infra, "modules", "storage-data.bicep"));

        var lockAt = data.IndexOf("resource noDelete 'Microsoft.Authorization/locks@", StringComparison.Ordinal);
        Assert.True(lockAt >= 0, "no lock on the data account");
        var lockBlock = SettingsScanner.BicepBlock(data, lockAt);
        Assert.Contains("scope: account", lockBlock, StringComparison.Ordinal);
        Assert.Contains("level: 'CanNotDelete'", lockBlock, StringComparison.Ordinal);
        Assert.Contains("param deleteLock bool = true", data, StringComparison.Ordinal);

        foreach (var (service, categories) in new[] { ("blobService", new[] { "StorageRead", "StorageWrite", "StorageDelete" }), ("tableService", new[] { "StorageWrite", "StorageDelete" }) })
        {
            var at = Regex.Match(data, $@"resource \w+ 'Microsoft\.Insights/diagnosticSettings@[^']+' = \{{\s*name: '[^']+'\s*scope: {service}\b");
            Assert.True(at.Success, $"no diagnostic setting on {service}");
            var block = SettingsScanner.BicepBlock(data, at.Index + at.Length);
            Assert.Contains("workspaceId: workspace.id", block, StringComparison.Ordinal);
            Assert.All(categories, c => Assert.Contains($"category: '{c}'", block, StringComparison.Ordinal));
        }
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
    public void KeyVault_IsRbacOnlyWithSoftDeleteAndPurgeProtection_AndTheAppReadsItAsItsIdentity()
    {
        var vaults = Templates().SelectMany(t => KeyVaultRegex().Matches(t.Text).Select(m => (t.Name, Block: SettingsScanner.BicepBlock(t.Text, m.Index + m.Length)))).ToArray();
        var (name, block) = Assert.Single(vaults);
        Assert.Equal("infra/modules/keyvault.bicep", name);
        foreach (var setting in new[] { "enableRbacAuthorization: true", "enableSoftDelete: true", "enablePurgeProtection: true", "publicNetworkAccess: 'Enabled'" })
        {
            Assert.True(block.Contains(setting, StringComparison.Ordinal), $"{name}: vault without {setting}");
        }

        Assert.DoesNotContain("accessPolicies", block, StringComparison.Ordinal);

        // The pipeline identity reads secret values (Key Vault Secrets User), on this vault only.
        var text = File.ReadAllText(Path.Combine(Repo.Root, name));
        Assert.Contains("name: '4633458b-17de-408a-b874-0445c86b69e6'", text, StringComparison.Ordinal);
        var reader = SettingsScanner.BicepBlock(text, text.IndexOf("resource pipelineReadsSecrets", StringComparison.Ordinal));
        Assert.Equal("vault", Property(reader, "scope"));
        Assert.Equal("pipelinePrincipalId", Property(reader, "principalId"));
        Assert.Equal("keyVaultSecretsUser.id", Property(reader, "roleDefinitionId"));

        // The app resolves the references as that identity, and its settings wait for the vault and the role.
        var main = File.ReadAllText(Path.Combine(Infra, "main.bicep"));
        Assert.Contains("keyVaultName: keyVault.outputs.name", main, StringComparison.Ordinal);
        Assert.Contains("pipelinePrincipalId: identity.outputs.principalId", SettingsScanner.BicepBlock(main, main.IndexOf("module keyVault", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_NeverCarryAnApiKey()
    {
        foreach (var (name, text) in Templates())
        {
            // No secret is created by a template, passed as a parameter or returned as an output: the
            // keys are created in the vault by an officer (infra/api-keys.sh) and read by reference.
            Assert.False(text.Contains("Microsoft.KeyVault/vaults/secrets", StringComparison.Ordinal), $"{name}: declares a Key Vault secret (its value would be in the deployment)");
            Assert.False(text.Contains("@secure()", StringComparison.Ordinal), $"{name}: a secure parameter (keys are never parameters)");
            Assert.False(ApiKeyValueRegex().IsMatch(text), $"{name}: sets an API key by value");
        }
    }

    /// <summary>
    /// The pipeline may delete blobs exactly where its code does: in snapshots/ (a republished date's
    /// manifest, the latest/ mirror's pages), never in archive/, reports/ or segments/. The red team
    /// found the republish route answering 500 in Azure: the role assigned there had no delete.
    /// </summary>
    [Fact]
    public void PipelineBlobRoles_DeleteExactlyWhereTheCodeDeletes()
    {
        var rbac = File.ReadAllText(Path.Combine(Infra, "modules", "rbac.bicep"));
        var deletes = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (Match declaration in RoleAssignmentRegex().Matches(rbac))
        {
            var block = SettingsScanner.BicepBlock(rbac, declaration.Index + declaration.Length);
            var scope = Property(block, "scope");
            if (Property(block, "principalId") != "pipelinePrincipalId" || !scope.StartsWith("dataStorage::blobService::", StringComparison.Ordinal))
            {
                continue;
            }

            var role = Property(block, "roleDefinitionId")[..^".id".Length];
            var definition = SettingsScanner.BicepBlock(rbac, rbac.IndexOf($"resource {role} ", StringComparison.Ordinal));
            var actions = role.StartsWith("storageBlobData", StringComparison.Ordinal) ? string.Empty : definition[definition.IndexOf("dataActions", StringComparison.Ordinal)..];
            deletes[scope["dataStorage::blobService::".Length..]] = actions.Contains("/blobs/delete'", StringComparison.Ordinal) || role == "storageBlobDataContributor";
        }

        var storage = Path.Combine(Repo.Root, "src", "MissionPipeline.Storage");
        var deleting = Directory.EnumerateFiles(storage, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && DeleteCallRegex().IsMatch(File.ReadAllText(f)))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["Snapshots.cs"], deleting); // the owner of the snapshots container (StorageLayout)
        Assert.Equal(
            [("archive", false), ("reports", false), ("segments", false), ("snapshots", true), ("uploads", false)],
            deletes.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Value)));
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

    [GeneratedRegex(@"\bDelete\w*Async\(")]
    private static partial Regex DeleteCallRegex();

    [GeneratedRegex(@"^resource \w+ 'Microsoft\.KeyVault/vaults@[^']+' = (?!.*existing)", RegexOptions.Multiline)]
    private static partial Regex KeyVaultRegex();

    // A parameter or an output that would hold one of the API's keys (adminKey, agencyKeys, apiKey…).
    [GeneratedRegex(@"^\s*(?:param|output)\s+\w*(?:Admin|Agency|Dashboard|Api)Keys?\b", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ApiKeyValueRegex();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?:br[:/]|ts[:/])", RegexOptions.Multiline)]
    private static partial Regex RegistryModuleRegex();
}
