using System.Text;
using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class TextDecodingTests
{
    [Theory]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, "aé", "utf-8")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61, 0xC3, 0xA9 }, "aé", "utf-8-bom")]
    [InlineData(new byte[] { 0x61, 0xE9, 0x80 }, "aé€", "windows-1252")]
    [InlineData(new byte[] { 0xC3, 0xA9, 0xE9 }, "Ã©é", "windows-1252")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0x00, 0xE9, 0x00 }, "aé", "utf-16")]
    [InlineData(new byte[] { 0x61, 0x62 }, "ab", "ascii")]
    public void Read_Bytes_AreDecodedInTheDetectedEncoding(byte[] bytes, string expected, string encoding)
    {
        using var reader = new DetectingTextReader(new MemoryStream(bytes));

        Assert.Equal(expected, reader.ReadToEnd());
        Assert.Equal(encoding, reader.EncodingName);
    }

    [Fact]
    public void Read_FirstAccentFarIntoTheFile_DecidesThere()
    {
        var text = new string('a', 200_000) + "é" + new string('b', 100_000) + "è";
        using var reader = new DetectingTextReader(new ForwardOnlyStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), chunk: 1_000));

        Assert.Equal(text, reader.ReadToEnd());
        Assert.Equal("utf-8", reader.EncodingName);
    }

    [Fact]
    public void Read_MultiByteCharactersAcrossReads_AreNotSplit()
    {
        var text = string.Concat(Enumerable.Repeat("déjà œuvré ", 30_000));
        using var reader = new DetectingTextReader(new ForwardOnlyStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), chunk: 3));

        Assert.Equal(text, reader.ReadToEnd());
    }

    [Fact]
    public void Read_CharacterCutByTheDetectionWindow_StillCountsAsUtf8()
    {
        var text = "é" + new string('a', 65_533) + "é";
        Assert.Equal(65_537, Encoding.UTF8.GetByteCount(text));
        using var reader = new DetectingTextReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(text, reader.ReadToEnd());
        Assert.Equal("utf-8", reader.EncodingName);
    }

    [Fact]
    public void Read_CharacterCutByTheEndOfTheFile_MeansWindows1252()
    {
        using var reader = new DetectingTextReader(new MemoryStream([0x61, 0xC3, 0xA9, 0xC3]));

        Assert.Equal("aÃ©Ã", reader.ReadToEnd());
    }
}
