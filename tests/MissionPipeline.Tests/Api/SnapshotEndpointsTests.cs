using MissionPipeline.Api;

namespace MissionPipeline.Tests.Api;

public sealed class SnapshotEndpointsTests
{
    /// <summary>What an approval's <c>If-Match</c> may name: the ETag a read gave (strong, weak, of a compressed representation) or bare hex digits; one tag, never a list or a word.</summary>
    [Theory]
    [InlineData("\"3f2a9c1e07b44d21a0c5e8f9b6d13e72\"", "3f2a9c1e07b44d21a0c5e8f9b6d13e72")]
    [InlineData("W/\"3f2a9c1e07b44d21a0c5e8f9b6d13e72\"", "3f2a9c1e07b44d21a0c5e8f9b6d13e72")]
    [InlineData("\"3f2a9c1e07b44d21a0c5e8f9b6d13e72-br\"", "3f2a9c1e07b44d21a0c5e8f9b6d13e72")]
    [InlineData(" 3F2A9C1E ", "3F2A9C1E")]
    [InlineData("\"3f2a9c1\"", null)] // seven digits: too few to name one draft
    [InlineData("\"projet\"", null)]
    [InlineData("\"3f2a9c1e07b4\", \"0123456789ab\"", null)]
    [InlineData("\"\"", null)]
    public void ReadFingerprint_IfMatch_TheFingerprintItNamesOrNull(string ifMatch, string? expected) =>
        Assert.Equal(expected, SnapshotEndpoints.ReadFingerprint(ifMatch));
}
