using Microsoft.Extensions.Configuration;
using MissionPipeline.Api;

namespace MissionPipeline.Tests.Api;

public sealed class ApiOptionsTests
{
    [Fact]
    public void FromConfiguration_AppSettingNames_GiveKeysPerAgencyAndOrigins()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:AdminKey"] = "a",
            ["Api:AgencyKeys:ofii"] = "o",
            ["Api:AgencyKeys:pole_emploi"] = "p",
            ["Api:AgencyKeys:dcpaf"] = "",
            ["Api:AgencyKeys:ofpra"] = "@Microsoft.KeyVault(VaultName=kv;SecretName=api-agency-ofpra)",
            ["Api:DashboardKey"] = "@Microsoft.KeyVault(VaultName=kv;SecretName=api-dashboard-key)",
            ["Api:AllowedOrigins"] = "https://a.fr, https://b.fr",
        }).Build();

        var options = ApiOptions.FromConfiguration(configuration);

        Assert.Null(options.DashboardKey);
        Assert.Equal("a", options.AdminKey);
        Assert.Equal(new Dictionary<string, string> { ["ofii"] = "o", ["pole-emploi"] = "p" }, options.AgencyKeys);
        Assert.Equal(["https://a.fr", "https://b.fr"], options.AllowedOrigins);
    }
}
