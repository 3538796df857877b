using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

public sealed class PublicationOptionsTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData(" TRUE ", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    public void Parse_SettingAsWritten_ApprovalRequiredOrNot(string? value, bool expected)
    {
        Assert.Equal(expected, PublicationOptions.Parse(value).RequireApproval);
    }

    [Theory]
    [InlineData("oui")]
    [InlineData("yes")]
    [InlineData("tru")]
    [InlineData("2")]
    public void Parse_Typo_RefusedInFrenchNeverReadAsOff(string value)
    {
        var error = Assert.Throws<FormatException>(() => PublicationOptions.Parse(value));

        Assert.Contains("Publication__RequireApproval invalide", error.Message, StringComparison.Ordinal);
        Assert.Contains("true ou false", error.Message, StringComparison.Ordinal);
    }
}
