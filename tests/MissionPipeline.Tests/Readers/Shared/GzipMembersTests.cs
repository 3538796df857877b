using System.IO.Hashing;
using System.Text;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Readers;

/// <summary>
/// Gzip files as RFC 1952 allows them (several members, bytes after the end) are read whole; a file
/// cut anywhere in its last member is reported cut.
/// </summary>
public sealed class GzipMembersTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20)]
    public void Read_ConcatenatedMembers_ReadsEveryLineOnce(int members)
    {
        var plain = Read(OfiiExample);

        var result = Read(Members(Split(OfiiExample, members)));

        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Warnings, w => w.Code == "gzip-trailing-bytes");
        Assert.Equal(plain.Observations, result.Observations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(30)]
    public void Read_ConcatenatedMembersWithTheLastCut_ReportsTruncatedGzip(int cut)
    {
        var gzip = Members(Split(OfiiExample, 3));

        Assert.Equal("truncated-gzip", Assert.Single(Read(gzip[..^cut]).Errors).Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    [InlineData(10_240)]
    public void Read_GzipPaddedWithZeros_IsReadWithoutWarning(int zeros)
    {
        var result = Read([.. Gzip(OfiiExample), .. new byte[zeros]]);

        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Warnings, w => w.Code == "gzip-trailing-bytes");
        Assert.Equal(Read(OfiiExample).Observations, result.Observations);
    }

    [Theory]
    [InlineData("\r\n", "2 octets étrangers")]
    [InlineData("x", "1 octet étranger")]
    [InlineData("garbage after the end", "21 octets étrangers")]
    public void Read_GzipFollowedByForeignBytes_IsReadWithAWarningCountingThem(string trailing, string said)
    {
        var result = Read([.. Gzip(OfiiExample), .. Encoding.ASCII.GetBytes(trailing)]);

        Assert.Empty(result.Errors);
        Assert.Contains(said, Assert.Single(result.Warnings, w => w.Code == "gzip-trailing-bytes").Message);
        Assert.Equal(Read(OfiiExample).Observations, result.Observations);
    }

    /// <summary>
    /// Several members, then foreign bytes: read whole, as gzip -d reads it (it said « incomplet »,
    /// every byte read); cut in its last member and followed by the same bytes, still refused (its
    /// trailer is then those bytes: corrupt, or cut).
    /// </summary>
    [Theory]
    [InlineData(2, "GARBAGE", "7 octets étrangers")]
    [InlineData(3, "x", "1 octet étranger")]
    [InlineData(20, "\r\n", "2 octets étrangers")]
    public void Read_ConcatenatedMembersFollowedByForeignBytes_IsReadWithAWarning(int members, string trailing, string said)
    {
        var gzip = Members(Split(OfiiExample, members));

        var whole = Read([.. gzip, .. Encoding.ASCII.GetBytes(trailing)]);
        var cut = Read([.. gzip[..^5], .. Encoding.ASCII.GetBytes(trailing)]);

        Assert.Empty(whole.Errors);
        Assert.Contains(said, Assert.Single(whole.Warnings, w => w.Code == "gzip-trailing-bytes").Message);
        Assert.Equal(Read(OfiiExample).Observations, whole.Observations);
        Assert.Contains(Assert.Single(cut.Errors).Code, (string[])["truncated-gzip", "unreadable-file"]);
        Assert.Empty(cut.Observations);
    }

    /// <summary>zlib's crc32_combine: the CRC-32 of two parts gives that of the whole, whatever the split.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(299_999)]
    public void Crc32Combine_TwoParts_CrcOfTheWhole(int split)
    {
        var content = new byte[300_000];
        new Random(split).NextBytes(content);

        var combined = GzipMembers.Crc32Combine(Crc32.HashToUInt32(content.AsSpan(0, split)), Crc32.HashToUInt32(content.AsSpan(split)), content.Length - split);

        Assert.Equal(Crc32.HashToUInt32(content), combined);
    }

    /// <summary>Large members, fed in pieces of every size, cross the watcher's buffer boundaries.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 4096)]
    [InlineData(5, 100_000)]
    public void IsWhole_LargeMembersFedInPieces_TellsWholeFromCut(int members, int piece)
    {
        var content = new byte[300_000];
        var random = new Random(20091231);
        for (var i = 0; i < content.Length; i++)
        {
            // Poorly compressible, so that the compressed bytes span several buffers of the watcher.
            content[i] = (byte)random.Next(256);
        }

        var gzip = Members(Split(content, members));
        Assert.True(Watch(gzip, piece).IsWhole(content.Length, Crc32.HashToUInt32(content)));
        Assert.False(Watch(gzip[..^3], piece).IsWhole(content.Length, Crc32.HashToUInt32(content)));
        Assert.False(Watch(gzip, piece).IsWhole(content.Length - 1, Crc32.HashToUInt32(content)));
    }

    /// <summary>
    /// Compressed data holds <c>1F 8B 08</c> by chance (about once in 130 MB): however many such false
    /// member starts a single member holds, its own trailer still makes it whole, with or without
    /// bytes after it, and a cut one is still cut.
    /// </summary>
    [Theory]
    [InlineData(3, "")]
    [InlineData(12, "")]
    [InlineData(40, "")]
    [InlineData(40, "xyz")]
    public void IsWhole_OneMemberWithChanceMemberStarts_JudgedOnItsOwnTrailer(int chanceStarts, string trailing)
    {
        var random = new Random(chanceStarts);
        var body = new List<byte>([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF]);
        for (var i = 0; i < chanceStarts; i++)
        {
            var noise = new byte[random.Next(20, 5_000)];
            random.NextBytes(noise);
            body.AddRange(noise);
            body.AddRange([0x1F, 0x8B, 0x08, (byte)random.Next(0x20)]);
        }

        const uint Crc = 0xCAFEF00D;
        const long Decompressed = 123_456_789;
        byte[] trailer = [.. BitConverter.GetBytes(Crc), .. BitConverter.GetBytes((uint)Decompressed)];
        byte[] file = [.. body, .. trailer, .. Encoding.ASCII.GetBytes(trailing)];

        var whole = Watch(file, 4096);
        Assert.True(whole.IsWhole(Decompressed, Crc));
        Assert.Equal(trailing.Length, whole.TrailingBytes);
        Assert.False(Watch(file[..(body.Count + 5)], 4096).IsWhole(Decompressed, Crc));
    }

    private static GzipMembers Watch(byte[] gzip, int piece)
    {
        var members = new GzipMembers();
        for (var at = 0; at < gzip.Length; at += piece)
        {
            members.Observe(gzip.AsSpan(at, Math.Min(piece, gzip.Length - at)));
        }

        return members;
    }

    /// <summary>The content cut in <paramref name="parts"/> pieces, at line ends where there are lines.</summary>
    private static IEnumerable<byte[]> Split(byte[] content, int parts)
    {
        var from = 0;
        for (var part = 1; part < parts; part++)
        {
            var to = Math.Max(from, content.Length * part / parts);
            var lineEnd = Array.IndexOf(content, (byte)'\n', to);
            to = lineEnd >= 0 && lineEnd < content.Length - 1 ? lineEnd + 1 : to;
            yield return content[from..to];
            from = to;
        }

        yield return content[from..];
    }

    private static byte[] Members(IEnumerable<byte[]> parts) => [.. parts.SelectMany(Gzip)];

    private static byte[] Gzip(byte[] bytes) => CompressedContentTests.Gzip(bytes);
}
