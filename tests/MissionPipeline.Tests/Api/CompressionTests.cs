using System.Text;
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
    [InlineData(null, null)]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip;q=0.5, br;q=0.8", "br")]
    [InlineData("gzip;q=0.9, br;q=0.8", "gzip")]
    [InlineData("*", "br")]
    [InlineData("br;q=0, *", "gzip")] // a coding's own entry overrides "*" (RFC 9110, 12.5.3)
    [InlineData("br;q=0, gzip;q=0, *", null)]
    [InlineData("*;q=0", null)]
    [InlineData("identity", null)]
    [InlineData("deflate", null)]
    public void Choose_AcceptEncoding_TheBestCodingTheClientAccepts(string? acceptEncoding, string? expected)
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding = acceptEncoding;
        }

        Assert.Equal(expected, Compression.Choose(request, "application/json; charset=utf-8", Compression.MinimumBytes));
    }

    [Fact]
    public void Choose_SmallBodyOrBinaryType_Identity()
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Headers.AcceptEncoding = "br";

        Assert.Null(Compression.Choose(request, "application/json", Compression.MinimumBytes - 1));
        Assert.Null(Compression.Choose(request, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 1_000_000));
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

    [Fact]
    public void Encode_EveryTerritoryPageOfACrawlAfterTheDashboard_TheDashboardStillKept()
    {
        // A crawl of one page's maps asks a hundred pages: the polled dashboard, compressed before, is not made again after it.
        var dashboard = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"cell\":{i}}},")));
        var kept = Compression.Encode(dashboard, "\"crawl-dashboard\"", "gzip");

        for (var page = 0; page < 200; page++)
        {
            Compression.Encode(Encoding.UTF8.GetBytes($"<p>page {page}</p>" + new string('x', 1500)), $"\"crawl-page-{page}\"", "gzip");
        }

        Assert.Same(kept, Compression.Encode(dashboard, "\"crawl-dashboard\"", "gzip"));
    }
}
