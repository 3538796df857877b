using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class FrenchNumberTests
{
    [Theory]
    [InlineData("1015", 1015)]
    [InlineData("1 015", 1015)]
    [InlineData("1\u00A0015", 1015)]
    [InlineData("1\u202F015", 1015)]
    [InlineData("1\u2009015", 1015)]
    [InlineData("1\u2007015", 1015)]
    [InlineData("1 234,5", 1234.5)]
    [InlineData("1\u00A0234\u00A0567,25", 1234567.25)]
    [InlineData("1234.5", 1234.5)]
    [InlineData("1 234.5", 1234.5)]
    [InlineData("0,25", 0.25)]
    [InlineData("-3", -3)]
    [InlineData("\u22123", -3)]
    [InlineData("+3", 3)]
    [InlineData("  42  ", 42)]
    [InlineData("007", 7)]
    public void TryParse_FrenchNotations_GiveTheNumber(string text, double expected)
    {
        Assert.True(FrenchNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1.234,5")]
    [InlineData("1,234.5")]
    [InlineData("1,2,3")]
    [InlineData("12 34")]
    [InlineData("1234 567")]
    [InlineData("1  234")]
    [InlineData("1 234 5")]
    [InlineData(" 1 2")]
    [InlineData("5,")]
    [InlineData(",5")]
    [InlineData("1e3")]
    [InlineData("55 %")]
    [InlineData("12 €")]
    [InlineData("- 3")]
    [InlineData("--3")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x1F")]
    public void TryParse_AnythingElse_ReturnsFalse(string text) => Assert.False(FrenchNumber.TryParse(text, out _));

    [Fact]
    public void TryParse_LongTexts_AreRefusedPast64Characters()
    {
        Assert.True(FrenchNumber.TryParse(new string('9', 64), out var value));
        Assert.Equal(1e64, value, 1e50);
        Assert.False(FrenchNumber.TryParse(new string('9', 65), out _));
    }
}
