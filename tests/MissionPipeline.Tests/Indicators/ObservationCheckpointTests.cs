using System.IO.Compression;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Indicators;

public sealed class ObservationCheckpointTests
{
    private static readonly DateTimeOffset Received = new(2009, 4, 2, 8, 30, 0, TimeSpan.FromHours(2));

    [Fact]
    public void Read_WhatWriteWrote_GivesEveryBlockWithTheSameObservationsAndSources()
    {
        var blocks = Blocks(new Random(20090331));

        var read = ReadAll(Written(blocks));

        Assert.Equal(blocks.Length, read.Count);
        Assert.All(blocks.Zip(read), pair =>
        {
            Assert.Equal(pair.First.Source, pair.Second.Source);
            Assert.Equal(pair.First.Source.Received.Offset, pair.Second.Source.Received.Offset);
            Assert.Equal(pair.First.Indicators, pair.Second.Indicators);
            Assert.Equal(pair.First.Bytes, pair.Second.Bytes);
            Assert.Equal(Enumerable.Range(0, pair.First.Count).Select(i => pair.First[i]), Enumerable.Range(0, pair.Second.Count).Select(i => pair.Second[i]));
        });
        Assert.Contains(read, b => Enumerable.Range(0, b.Count).Any(i => b[i].Observation.Comment is not null));
        Assert.Contains(read, b => Enumerable.Range(0, b.Count).Any(i => b[i].Observation.Numerator is not null));
    }

    [Fact]
    public void Read_NoBlocks_EndsAtOnce()
    {
        Assert.Empty(ReadAll(Written([])));
    }

    [Fact]
    public void Read_WhatWriteWrote_AnswersTheEngineAsTheOriginalBlocksDo()
    {
        var blocks = Blocks(new Random(7));
        var indicator = new IndicatorId("retours_aides");

        var original = new ObservationSet(blocks).Latest(indicator, new DateOnly(2009, 12, 31));
        var fromCheckpoint = new ObservationSet(ReadAll(Written(blocks))).Latest(indicator, new DateOnly(2009, 12, 31));

        Assert.NotEmpty(original);
        Assert.Equal(original, fromCheckpoint);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Read_StreamCutShort_IsInvalidDataNeverFewerBlocks(double kept)
    {
        var bytes = Written(Blocks(new Random(3)));

        var cut = bytes[..(int)(bytes.Length * kept)];

        Assert.Throws<InvalidDataException>(() => ReadAll(cut));
    }

    [Theory]
    [InlineData("segment")]
    [InlineData("not gzip")]
    [InlineData("other format")]
    [InlineData("ending miscounts")]
    [InlineData("negative length")]
    public void Read_ForeignOrMiscountedStream_IsInvalidData(string kind)
    {
        var bytes = kind switch
        {
            "segment" => ObservationSegment.Write(new AgencyId("ofii"), "a", [new Observation(new IndicatorId("retours_aides"), Period.OfMonth(2009, 1), Territory.France, 1)]),
            "not gzip" => Encoding.UTF8.GetBytes("indicateur;periode;territoire;valeur\n"),
            "other format" => Gzip(w => w.Write("mission-checkpoint/0")),
            "negative length" => Gzip(w =>
            {
                w.Write(ObservationCheckpoint.FormatName);
                w.Write((byte)1);
                w.Write([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); // the agency's length, 7-bit encoded: -1
            }),
            _ => Gzip(w =>
            {
                w.Write(ObservationCheckpoint.FormatName);
                w.Write((byte)0);
                w.Write(1);
                w.Write(0L);
            }),
        };

        Assert.Throws<InvalidDataException>(() => ReadAll(bytes));
    }

    [Fact]
    public void Read_ChecksumOfTheGzipTrailerWrong_IsInvalidData()
    {
        var bytes = Written(Blocks(new Random(11)));

        bytes[^8] ^= 0x5A; // the trailer's CRC-32: every block and the ending still parse

        // Read as from the network, a few bytes at a time: the trailer comes after the ending was read.
        using var reader = ObservationCheckpoint.Read(new Trickle(bytes));
        Assert.Throws<InvalidDataException>(() =>
        {
            while (reader.Next() is not null)
            {
            }
        });
    }

    [Fact]
    public void Read_BlockLargerThanTheRoomGiven_IsInvalidDataBeforeItsColumns()
    {
        var bytes = Written(Blocks(new Random(5)));

        using var reader = ObservationCheckpoint.Read(new MemoryStream(bytes), mostObservations: 10);

        Assert.Throws<InvalidDataException>(() => reader.Next());
    }

    [Theory]
    [InlineData("twice")]
    [InlineData("agency")]
    [InlineData("count")]
    [InlineData("index")]
    [InlineData("status")]
    [InlineData("period")]
    public void ReadFrom_DamagedBlock_IsAFormatErrorNotAWrongFigure(string damage)
    {
        var block = ObservationBlock.From(new FileSource(new AgencyId("ofii"), "a", Received), [
            new Observation(new IndicatorId("retours_aides"), Period.OfMonth(2009, 1), Territory.France, 12),
            new Observation(new IndicatorId("retours_aides"), Period.OfMonth(2009, 2), Territory.France, 13)]);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            block.WriteTo(writer);
        }

        var bytes = buffer.ToArray();
        var text = Encoding.Latin1.GetString(bytes);
        // Agency "ofii" (length 4), the count (2) after the ingest id and two moments, then the tables; the first index column follows the territory table.
        var countAt = 1 + 4 + 1 + 1 + 20;
        var indexAt = text.IndexOf("FR", StringComparison.Ordinal) + 2;
        switch (damage)
        {
            case "agency": bytes[1] = (byte)'O'; break;
            case "count": BitConverter.TryWriteBytes(bytes.AsSpan(countAt), int.MaxValue); break;
            case "index": bytes[indexAt] = 9; break;
            case "twice": bytes[text.IndexOf("2009-02", StringComparison.Ordinal) + 6] = (byte)'1'; break;
            case "status": bytes[text.IndexOf("FR", StringComparison.Ordinal) + 2 + (6 * 2) + (8 * 2) + 1] = 200; break;
            default: bytes[text.IndexOf("2009-01", StringComparison.Ordinal) + 5] = (byte)'1'; bytes[text.IndexOf("2009-01", StringComparison.Ordinal) + 6] = (byte)'3'; break;
        }

        Assert.Equal(2, BitConverter.ToInt32(buffer.ToArray(), countAt));
        using var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsAny<FormatException>(() => ObservationBlock.ReadFrom(reader));
    }

    private static byte[] Written(IEnumerable<ObservationBlock> blocks)
    {
        using var buffer = new MemoryStream();
        ObservationCheckpoint.Write(buffer, blocks);
        return buffer.ToArray();
    }

    private static List<ObservationBlock> ReadAll(byte[] bytes)
    {
        using var reader = ObservationCheckpoint.Read(new MemoryStream(bytes));
        var blocks = new List<ObservationBlock>();
        while (reader.Next() is { } block)
        {
            blocks.Add(block);
        }

        return blocks;
    }

    private static byte[] Gzip(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(gzip, Encoding.UTF8))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Files of two agencies: monthly values with gaps and statuses, one file with ratios, comments here and there.</summary>
    private static ObservationBlock[] Blocks(Random random)
    {
        var territories = new[] { Territory.France, Territory.Departement("13"), Territory.Departement("75"), Territory.Departement("2A") };
        return [.. Enumerable.Range(0, 12).Select(f =>
        {
            var ratios = f == 5;
            var indicator = new IndicatorId(ratios ? "dilf_taux_reussite" : f % 2 == 0 ? "retours_aides" : "cai_bilans_competences");
            var observations = Enumerable.Range(0, 50 + random.Next(200)).Select(i => new Observation(
                indicator, Period.OfMonth(2008 + random.Next(2), 1 + random.Next(12)), territories[random.Next(territories.Length)],
                ratios || random.Next(6) == 0 ? null : random.Next(10_000) / 4.0,
                Numerator: ratios ? random.Next(100) : null, Denominator: ratios ? 100 : null, Weight: ratios ? 1 : null,
                Status: (ValueStatus)random.Next(4), Row: i + 2, Comment: random.Next(20) == 0 ? "estimé « à la main »" : null)).ToArray();
            return ObservationBlock.From(new FileSource(new AgencyId(f % 3 == 0 ? "ofii" : "dsed"), "ingest-" + f, Received.AddMinutes(f), Received.AddMinutes(f).AddSeconds(1)), observations);
        })];
    }

    /// <summary>A stream that gives at most 7 bytes a read, as a network stream may.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 7)]);
    }
}
