using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using MissionPipeline.Api;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Tests.Infra;

/// <summary>
/// The app settings infra/modules/functionapp.bicep sets are exactly the ones the code the Functions
/// app runs and the platform read, so a renamed or forgotten setting fails the build instead of the
/// deployment. Code side: the .cs files of src/MissionPipeline.Functions and of every project it
/// references, transitively (src/MissionPipeline.Api: ApiOptions, section Api), plus host.json,
/// scanned by <see cref="SettingsScanner"/>; template side: the keys of <c>var appSettings</c>.
/// </summary>
public sealed partial class AppSettingsTests
{
    private const string TemplatePath = "infra/modules/functionapp.bicep";
    private const string FunctionsProject = "src/MissionPipeline.Functions/MissionPipeline.Functions.csproj";
    private const string CataloguePath = "src/MissionPipeline.Domain/Catalogue/catalogue.json";

    /// <summary>
    /// Settings no line of our code reads, set for the Functions platform itself. Each one with the
    /// reason it must be there; anything else in the template must be read by the code.
    /// </summary>
    private static readonly Dictionary<string, string> PlatformSettings = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__blobServiceUri"] = "Functions host storage, identity-based: blob leases (timer singleton, schedule status), host keys.",
        ["AzureWebJobsStorage__queueServiceUri"] = "Functions host storage: the blob trigger's internal queue azure-webjobs-blobtrigger-{hostId}.",
        ["AzureWebJobsStorage__credential"] = "'managedidentity': the host reaches its storage with the app's managed identity (no key).",
        ["AzureWebJobsStorage__clientId"] = "Which user-assigned identity the host uses for its storage.",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Where the host sends telemetry (the worker's logs go through the host).",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Entra ID auth for telemetry: the component has local (key) auth disabled.",
    };

    /// <summary>
    /// Settings of <c>var appSettings</c> a deployment may leave out (the template's
    /// <c>omittedAppSettings</c>), each with the parameter that decides and what absence means to the code.
    /// </summary>
    private static readonly Dictionary<string, string> OptionalSettings = new(StringComparer.Ordinal)
    {
        ["Api__DashboardKey"] = "dashboardRequiresKey = false: no dashboard key, the dashboard routes are anonymous (ApiOptions.DashboardKey null).",
    };

    /// <summary>
    /// The HTTP API's keys: in Azure, each is a Key Vault reference to this secret of the template's
    /// vault (never a value, a parameter or an output).
    /// </summary>
    private static string? ApiKeySecret(string setting) => setting switch
    {
        "Api__AdminKey" => "api-admin-key",
        "Api__DashboardKey" => "api-dashboard-key",
        _ when setting.StartsWith(AgencyKeysFamily + "__", StringComparison.Ordinal) =>
            "api-agency-key-" + AgencyId(setting[(AgencyKeysFamily.Length + 2)..]),
        _ => null,
    };

    private const string AgencyKeysFamily = "Api__AgencyKeys";

    /// <summary>
    /// Sections whose children the code enumerates (<c>GetChildren()</c>): the children it must find,
    /// in app-setting form. Api:AgencyKeys: one key per agency of the catalogue, no more, no less.
    /// </summary>
    private static IReadOnlyList<string> ExpectedChildren(string family) => family switch
    {
        AgencyKeysFamily => CatalogueAgencies().Select(AppSettingSegment).ToArray(),
        _ => throw new NotSupportedException($"The code enumerates the children of section {family}: say here which children the template must set."),
    };

    /// <summary>
    /// An agency id as a segment of an app setting name. Linux app settings (Flex Consumption runs on
    /// Linux) allow letters, digits, '.' and '_' only: App Service refuses or drops a '-', so
    /// pole-emploi is written pole_emploi (no catalogue id contains '_', so the mapping is reversible).
    /// </summary>
    private static string AppSettingSegment(string agencyId) => agencyId.Replace('-', '_');

    private static string AgencyId(string segment) => segment.Replace('_', '-');

    /// <summary>Settings a Flex Consumption app must not have (deprecated or moved to functionAppConfig), or that would put a secret in the settings.</summary>
    private static readonly string[] ForbiddenSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_TIME_ZONE", "TZ", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
        "AzureWebJobsStorage", "AzureWebJobsStorage__accountKey", "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    /// <summary>
    /// Sections the Functions app reads but a local run may leave unset, with what absence means: the
    /// sample must not carry keys (it is committed), and without them the API is still consistent.
    /// </summary>
    private static readonly Dictionary<string, string> SectionsOptionalLocally = new(StringComparer.Ordinal)
    {
        ["Api"] = "no key: dashboard anonymous, agency and admin routes closed; no origin: no CORS (ApiOptions).",
    };

    [Fact]
    public void Template_SetsExactlyTheSettingsTheCodeAndThePlatformRead()
    {
        var (missing, unread) = Compare(TemplateSettings(), ScanApp());

        Assert.True(
            missing.Count == 0 && unread.Count == 0,
            $"Read by the code or the runtime but not set by {TemplatePath}: [{string.Join(", ", missing)}]. "
            + $"Set by the template but read by nothing (add it to the code, or to PlatformSettings with a reason): [{string.Join(", ", unread)}].");
    }

    [Fact]
    public void Code_ReadsNoSettingTheScannerCannotModel()
    {
        var code = ScanApp();

        Assert.True(code.Unmodelled.Count == 0, "Configuration reads this test cannot resolve to a setting name (model them in SettingsScanner): " + string.Join(" | ", code.Unmodelled));
        Assert.Contains("RECOMPUTE_SCHEDULE", code.Keys);
        Assert.Equal("BlobTrigger", code.Connections["DataStorage"]);

        // The Functions app runs ApiOptions.FromConfiguration (src/MissionPipeline.Api): its section is scanned.
        Assert.Contains(Path.Combine("src", "MissionPipeline.Api"), AppProjects().Select(p => Path.GetRelativePath(Repo.Root, p)));
        Assert.Superset(new HashSet<string>(["Api__AdminKey", "Api__DashboardKey", "Api__AllowedOrigins"]), new HashSet<string>(code.Keys));
        Assert.Equal([AgencyKeysFamily], code.Families.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Template_HasNoConnectionStringAndNoDeprecatedFlexSetting()
    {
        var template = TemplateSettings();
        var code = ScanApp();

        // A connection the code also accepts as a connection string (DataStorage) is identity-only in Azure.
        Assert.All(ConnectionNames(code), name => Assert.DoesNotContain(name, template));
        Assert.All(ForbiddenSettings, name => Assert.DoesNotContain(name, template));
    }

    [Fact]
    public void Template_SettingNamesAreValidOnLinux()
    {
        // App Service on Linux: letters, digits, '.' and '_' only (a '-' is refused or silently dropped).
        Assert.All(TemplateSettings(), name => Assert.Matches("^[A-Za-z0-9_.]+$", name));
    }

    [Fact]
    public void Template_SetsAppSettingsInOnePlaceOnly()
    {
        var infra = Path.Combine(Repo.Root, "infra");
        foreach (var file in Directory.EnumerateFiles(infra, "*.bicep", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tools{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            var appSettingsConfigs = text.Split("name: 'appsettings'").Length - 1;
            var siteConfigAppSettings = text.Split("appSettings:").Length - 1;
            Assert.True(siteConfigAppSettings == 0, $"{relative}: siteConfig.appSettings bypasses the checked 'var appSettings'.");
            Assert.Equal(relative == TemplatePath ? 1 : 0, appSettingsConfigs);
        }

        // The deployed settings are appSettings, less the optional ones this deployment leaves out: nothing added.
        Assert.Contains(
            "properties: toObject(filter(items(appSettings), setting => !contains(omittedAppSettings, setting.key)), setting => setting.key, setting => setting.value)",
            Template(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Template_OmitsOnlyOptionalSettings()
    {
        var declaration = OmittedSettingsRegex().Match(Template());
        Assert.True(declaration.Success, $"{TemplatePath}: no 'var omittedAppSettings = dashboardRequiresKey ? [] : [...]'.");
        var omitted = QuotedRegex().Matches(declaration.Groups["list"].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(OptionalSettings.Keys.Order(StringComparer.Ordinal), omitted);
        Assert.All(OptionalSettings.Keys, name => Assert.Contains(name, TemplateSettings()));
    }

    [Fact]
    public void ApiKeys_AreKeyVaultReferencesResolvedWithTheAppIdentity()
    {
        var entries = SettingsScanner.BicepObjectVariableEntries(Template(), "appSettings");
        var keys = entries.Where(e => ApiKeySecret(e.Key) is not null).ToArray();

        Assert.Equal(2 + CatalogueAgencies().Count, keys.Length);
        foreach (var (name, value) in keys)
        {
            Assert.Equal($"'@Microsoft.KeyVault(VaultName=${{keyVaultName}};SecretName={ApiKeySecret(name)})'", value);
        }

        // No other setting is a Key Vault reference, and no value looks like a literal key.
        Assert.All(entries.Where(e => ApiKeySecret(e.Key) is null), e => Assert.DoesNotContain("@Microsoft.KeyVault", e.Value, StringComparison.Ordinal));
        Assert.Contains("keyVaultReferenceIdentity: identity.id", Template(), StringComparison.Ordinal);

        // Origins: the same parameter feeds the app's setting and the platform's CORS.
        Assert.Equal("join(allowedOrigins, ',')", entries.Single(e => e.Key == "Api__AllowedOrigins").Value);
        Assert.Contains("allowedOrigins: allowedOrigins", Template(), StringComparison.Ordinal);
    }

    [Fact]
    public void ApiSettings_ReachApiOptionsAsTheTemplateMeansThem()
    {
        var options = ApiOptionsFromTemplateSettings();

        Assert.Equal("<Api__AdminKey>", options.AdminKey);
        Assert.Equal("<Api__DashboardKey>", options.DashboardKey);
        Assert.Equal(["<Api__AllowedOrigins>"], options.AllowedOrigins);

        // Every agency whose id is a valid setting name as it is gets its own key (ids with a '-': see
        // the next test).
        Assert.All(CatalogueAgencies().Where(a => a == AppSettingSegment(a)), agency => Assert.Equal($"<{AgencyKeysFamily}__{agency}>", options.AgencyKeys[agency]));
    }

    [Fact]
    public void AgencyKeySettings_GiveEveryCatalogueAgencyItsKey()
    {
        var options = ApiOptionsFromTemplateSettings();

        // Exactly the catalogue's agencies (today the code sees "pole_emploi", an agency no route knows).
        Assert.Equal(CatalogueAgencies().Order(StringComparer.Ordinal), options.AgencyKeys.Keys.Order(StringComparer.Ordinal));
        Assert.All(CatalogueAgencies(), agency => Assert.Equal($"<{AgencyKeysFamily}__{AppSettingSegment(agency)}>", options.AgencyKeys[agency]));
    }

    [Fact]
    public void LocalSettingsSample_GivesEverySettingTheCodeReads()
    {
        var sample = File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json"));
        var code = ScanApp();
        var connections = ConnectionNames(code);

        // A connection is given locally as a connection string (Azurite); every other setting by name,
        // except the sections a local run may leave unset (SectionsOptionalLocally).
        var required = code.Keys
            .Where(k => !connections.Any(c => k.StartsWith(c + "__", StringComparison.Ordinal)))
            .Where(k => !SectionsOptionalLocally.Keys.Any(s => k.StartsWith(s + "__", StringComparison.Ordinal)))
            .Concat(connections);
        foreach (var name in required)
        {
            Assert.Contains($"\"{name}\"", sample, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Catalogue_AgencyIdsMapToSettingNamesAndBack()
    {
        var agencies = CatalogueAgencies();

        Assert.Equal(IndicatorCatalogue.Default.Agencies.Select(a => a.Id.Value), agencies);
        Assert.All(agencies, id => Assert.Matches("^[a-z0-9-]+$", id));
        Assert.All(agencies, id => Assert.Equal(id, AgencyId(AppSettingSegment(id))));
    }

    // ----------------------------------------------------------- the comparison proves itself

    [Fact]
    public void Compare_FailsWhenASettingExistsOnOneSideOnly()
    {
        var template = TemplateSettings();
        var code = ScanApp();
        var baseline = Compare(template, code);

        var templateOnly = Compare([.. template, "NEW_SETTING"], code);
        Assert.Equal(baseline.Unread.Append("NEW_SETTING").Order(StringComparer.Ordinal), templateOnly.Unread);
        Assert.Equal(baseline.Missing, templateOnly.Missing);

        var renamed = Compare([.. template.Where(s => s != "RECOMPUTE_SCHEDULE"), "RECOMPUTE_CRON"], code);
        Assert.Contains("RECOMPUTE_SCHEDULE", renamed.Missing);
        Assert.Contains("RECOMPUTE_CRON", renamed.Unread);

        var codeOnly = Compare(template, code with { Keys = new HashSet<string>(code.Keys) { "Dashboard__AllowedOrigins" } });
        Assert.Equal(baseline.Missing.Append("Dashboard__AllowedOrigins").Order(StringComparer.Ordinal), codeOnly.Missing);
        Assert.Equal(baseline.Unread, codeOnly.Unread);

        // The Api section: a key the template forgets, an agency it forgets or invents, a family the code drops.
        Assert.Equal(["Api__AdminKey"], Compare([.. template.Where(s => s != "Api__AdminKey")], code).Missing.Except(baseline.Missing));
        Assert.Equal(["Api__AgencyKeys__ofii"], Compare([.. template.Where(s => s != "Api__AgencyKeys__ofii")], code).Missing.Except(baseline.Missing));
        Assert.Equal(["Api__AgencyKeys__dgfip"], Compare([.. template, "Api__AgencyKeys__dgfip"], code).Unread.Except(baseline.Unread));
        var withoutFamily = Compare(template, code with { Families = new HashSet<string>(StringComparer.Ordinal) });
        Assert.Equal(CatalogueAgencies().Count, withoutFamily.Unread.Count(s => s.StartsWith(AgencyKeysFamily + "__", StringComparison.Ordinal)));
    }

    [Fact]
    public void Scanner_FindsEveryFormOfConfigurationRead()
    {
        const string Source = """
            internal static class Names { public const string Store = "Store"; }
            public sealed class F
            {
                // configuration["Commented"] is not read
                public void Run(
                    [BlobTrigger("in/{name}", Connection = Names.Store)] string blob,
                    [QueueOutput("out", Connection = "Queues")] string message,
                    [TimerTrigger("%SCHEDULE%")] object timer) { }

                public static void Read(IConfiguration config)
                {
                    _ = config["Plain"];
                    _ = config["Nested:Key"];
                    var section = config.GetSection(Names.Store);
                    _ = section["tableServiceUri"];
                    _ = config.GetSection("Inline")["key"];
                    _ = config.GetValue<int>("Typed");
                    _ = config.GetConnectionString("Db");
                    _ = Environment.GetEnvironmentVariable("ENV_VAR");
                    _ = request.Query["format"];
                }
            }
            """;

        var code = SettingsScanner.ScanCode([("F.cs", Source), ("host.json", """{ "x": "%HOST_SETTING%" }""")]);

        Assert.Equal(
            ["ConnectionStrings__Db", "ENV_VAR", "HOST_SETTING", "Inline__key", "Nested__Key", "Plain", "SCHEDULE", "Store__tableServiceUri", "Typed"],
            code.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Inline", "Store"], code.Sections.Order(StringComparer.Ordinal));
        Assert.Equal("BlobTrigger", code.Connections["Store"]);
        Assert.Equal("QueueOutput", code.Connections["Queues"]);
        Assert.Empty(code.Families);
        Assert.Empty(code.Unmodelled);
    }

    [Fact]
    public void Scanner_ModelsNestedSectionsAndEnumeratedChildren()
    {
        // The shape of ApiOptions.FromConfiguration, plus the other ways to reach a nested section.
        const string Source = """
            public sealed record Options
            {
                public const string Section = "Api";

                public static Options FromConfiguration(IConfiguration configuration)
                {
                    var section = configuration.GetSection(Section);
                    var agencies = section.GetSection("AgencyKeys").GetChildren().ToDictionary(c => c.Key, c => c.Value);
                    var origins = (section["AllowedOrigins"] ?? string.Empty).Split(',');
                    var limits = section.GetSection("Limits");
                    _ = limits["Max"];
                    _ = limits.GetChildren();
                    _ = section.GetSection("Inline")["Key"];
                    _ = section.GetValue<int>("Typed");
                    return new(section["AdminKey"]);
                }
            }
            """;

        // Another file's constant of the same name does not shadow this file's own.
        var code = SettingsScanner.ScanCode([("Options.cs", Source), ("Other.cs", """internal static class Other { public const string Section = "Else"; }""")]);

        Assert.Equal(
            ["Api__AdminKey", "Api__AllowedOrigins", "Api__Inline__Key", "Api__Limits__Max", "Api__Typed"],
            code.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Api", "Api__AgencyKeys", "Api__Inline", "Api__Limits"], code.Sections.Order(StringComparer.Ordinal));
        Assert.Equal(["Api__AgencyKeys", "Api__Limits"], code.Families.Order(StringComparer.Ordinal));
        Assert.Empty(code.Unmodelled);
    }

    [Theory]
    [InlineData("""services.Configure<Options>(config.GetSection("Api"));""")]
    [InlineData("""_ = config[KeyFromSomewhere()];""")]
    [InlineData("""_ = config.GetValue<string>(name);""")]
    [InlineData("""services.AddOptions<Options>().BindConfiguration("Api");""")]
    [InlineData("""_ = config.GetChildren();""")]
    [InlineData("""_ = config.GetSection(name).GetChildren();""")]
    [InlineData("""_ = config.GetSection("A").GetSection("B").GetChildren();""")]
    [InlineData("""_ = config.GetSection("A").GetSection("B")["key"];""")]
    [InlineData("""_ = unknown.GetSection("A").GetChildren();""")]
    [InlineData("""foreach (var child in Children()) { _ = child.GetChildren(); }""")]
    public void Scanner_ReportsWhatItCannotModel(string statement)
    {
        var code = SettingsScanner.ScanCode([("F.cs", $"public sealed class F {{ void M(IConfiguration config) {{ {statement} }} }}")]);

        Assert.NotEmpty(code.Unmodelled);
    }

    /// <summary>Options set in code, from no setting (the telemetry's sampling): nothing to model.</summary>
    [Fact]
    public void Scanner_OptionsSetByALambda_NothingUnmodelled()
    {
        var code = SettingsScanner.ScanCode([("F.cs", "public sealed class F { void M(IServiceCollection services) { services.Configure<TelemetryConfiguration>(c => c.Flush()); } }")]);

        Assert.Empty(code.Unmodelled);
    }

    [Fact]
    public void BicepObjectVariableKeys_ReadsOneKeyPerLineAtTheTopLevelOnly()
    {
        const string Bicep = """
            var other = { A: 1 }
            var appSettings = {
              // a comment: with a colon
              FIRST: 'x: y'
              'quoted-key': '${a.b}'
              nested: {
                inner: 1
              }
              JOINED: join(list, ',') // a comma between arguments is one value
              LAST: 'a}b{'
            }
            """;

        Assert.Equal(["FIRST", "quoted-key", "nested", "JOINED", "LAST"], SettingsScanner.BicepObjectVariableKeys(Bicep, "appSettings"));
        Assert.Equal(
            [("FIRST", "'x: y'"), ("quoted-key", "'${a.b}'"), ("nested", "{"), ("JOINED", "join(list, ',')"), ("LAST", "'a}b{'")],
            SettingsScanner.BicepObjectVariableEntries(Bicep, "appSettings"));
        Assert.Throws<NotSupportedException>(() => SettingsScanner.BicepObjectVariableKeys("var s = {\n  A: 1, B: 2\n}", "s"));
    }

    // ----------------------------------------------------------- helpers

    private static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unread) Compare(IReadOnlyCollection<string> template, SettingsScanner.CodeSettings code)
    {
        var connections = ConnectionNames(code);
        var expected = new HashSet<string>(StringComparer.Ordinal);

        // What the code reads, except a connection's connection-string form (the template is identity-only).
        expected.UnionWith(code.Keys.Where(k => !connections.Contains(k)));

        // What the runtime reads for each trigger/binding connection.
        foreach (var (connection, attribute) in code.Connections)
        {
            expected.UnionWith(RuntimeConnectionSettings(attribute).Select(s => $"{connection}__{s}"));
        }

        // The children the code enumerates: exactly the expected ones.
        foreach (var family in code.Families)
        {
            expected.UnionWith(ExpectedChildren(family).Select(child => $"{family}__{child}"));
        }

        expected.UnionWith(PlatformSettings.Keys);

        return (
            expected.Except(template, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            template.Except(expected, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// Settings of an identity-based connection that the Functions runtime (host extension and
    /// worker binding) reads for a trigger or binding, by attribute, with the user-assigned identity
    /// selected by credential + clientId. The blob trigger needs queueServiceUri too: it moves a
    /// poison blob's message to the queue webjobs-blobtrigger-poison of the triggering account.
    /// </summary>
    private static IReadOnlyList<string> RuntimeConnectionSettings(string attribute) => attribute switch
    {
        "BlobTrigger" => ["blobServiceUri", "queueServiceUri", "credential", "clientId"],
        "BlobInput" or "BlobOutput" or "Blob" => ["blobServiceUri", "credential", "clientId"],
        "QueueTrigger" or "QueueOutput" or "Queue" => ["queueServiceUri", "credential", "clientId"],
        "TableInput" or "TableOutput" or "Table" => ["tableServiceUri", "credential", "clientId"],
        _ => throw new NotSupportedException($"Connection used by [{attribute}]: add its identity-based settings to this test and to the template."),
    };

    /// <summary>Connections: the trigger/binding connection names, and any name the code reads both as a value and as a section.</summary>
    private static HashSet<string> ConnectionNames(SettingsScanner.CodeSettings code) =>
        new(code.Connections.Keys.Concat(code.Sections.Where(code.Keys.Contains)), StringComparer.Ordinal);

    private static string Template() => File.ReadAllText(Path.Combine(Repo.Root, TemplatePath));

    private static IReadOnlyList<string> TemplateSettings() => SettingsScanner.BicepObjectVariableKeys(Template(), "appSettings");

    /// <summary>The agency ids of the catalogue file, in its order.</summary>
    private static IReadOnlyList<string> CatalogueAgencies()
    {
        using var catalogue = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, CataloguePath)));
        return catalogue.RootElement.GetProperty("agencies").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray();
    }

    /// <summary>
    /// ApiOptions built by the real code from the template's Api__* setting names, as the Functions
    /// host's environment-variable configuration presents them ('__' is the section separator), each
    /// set to "&lt;{name}&gt;" (standing for the value a resolved Key Vault reference gives).
    /// </summary>
    private static ApiOptions ApiOptionsFromTemplateSettings()
    {
        var settings = TemplateSettings().Where(s => s.StartsWith(ApiOptions.Section + "__", StringComparison.Ordinal));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)$"<{s}>")))
            .Build();
        return ApiOptions.FromConfiguration(configuration);
    }

    /// <summary>The Functions project and every project it references, transitively: the code the app runs.</summary>
    private static IReadOnlyList<string> AppProjects()
    {
        var projects = new List<string>();
        var pending = new Queue<string>([Path.GetFullPath(Path.Combine(Repo.Root, FunctionsProject))]);
        while (pending.TryDequeue(out var csproj))
        {
            var directory = Path.GetDirectoryName(csproj)!;
            if (projects.Contains(directory))
            {
                continue;
            }

            projects.Add(directory);
            foreach (Match reference in ProjectReferenceRegex().Matches(File.ReadAllText(csproj)))
            {
                pending.Enqueue(Path.GetFullPath(Path.Combine(directory, reference.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar))));
            }
        }

        return projects;
    }

    private static SettingsScanner.CodeSettings ScanApp()
    {
        var sources = AppProjects()
            .SelectMany(project => Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(project, f).Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj")))
            .Append(Path.Combine(Repo.Root, "host.json"))
            .Select(f => (f, File.ReadAllText(f)))
            .ToArray();
        Assert.NotEmpty(sources);
        return SettingsScanner.ScanCode(sources);
    }

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReferenceRegex();

    [GeneratedRegex(@"^var omittedAppSettings = dashboardRequiresKey \? \[\] : \[(?<list>[^\]]*)\]\s*$", RegexOptions.Multiline)]
    private static partial Regex OmittedSettingsRegex();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedRegex();
}
