using MissionPipeline.Api;

namespace MissionPipeline.Tests.Api;

/// <summary>The ETags of a body's representations, compared without parsing on the hot path.</summary>
public sealed class CompressionTests
{
    private const string ETag = "\"09e0d97e98540a83ec424be475eaf8a7\"";

    [Theory]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a7\"", true)]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a7-gz\"", true)]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a7-br\"", true)]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a7-zz\"", false)]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a7", false)]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a8\"", false)]
    [InlineData("\"09e0d97e98540a83ec424be475eaf8a7\"x", false)]
    [InlineData("", false)]
    public void IsRepresentationOf_Tag_MatchesIdentityGzipAndBrotliOnly(string tag, bool expected)
    {
        Assert.Equal(expected, Compression.IsRepresentationOf(tag, ETag));
    }

    [Theory]
    [InlineData(null, ETag)]
    [InlineData("gzip", "\"09e0d97e98540a83ec424be475eaf8a7-gz\"")]
    [InlineData("br", "\"09e0d97e98540a83ec424be475eaf8a7-br\"")]
    public void ETagOf_Encoding_IsARepresentationOfTheBody(string? encoding, string expected)
    {
        Assert.Equal(expected, Compression.ETagOf(ETag, encoding));
        Assert.True(Compression.IsRepresentationOf(Compression.ETagOf(ETag, encoding), ETag));
    }
}
