using System.IO.Compression;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Observations;

public sealed class ObservationSegmentTests
{
    private static readonly AgencyId Ofii = new("ofii");
    private const string IngestId = "0123456789abcdef0123456789abcdef";

    private static Observation[] Sample() =>
    [
        new(new IndicatorId("retours_aides"), Period.Parse("2009-01"), T("DEP-75"), 12),
        new(new IndicatorId("retours_aides"), Period.Parse("2009-01"), T("DEP-2A"), 0.1 + 0.2, Status: ValueStatus.Provisional, Row: 3, Comment: "estimé ; « guillemets » \"doubles\"\nsur deux lignes"),
        new(new IndicatorId("dilf_taux_reussite"), Period.Parse("2009-Q1"), Territory.France, null, Numerator: 1412, Denominator: 1580, Row: 4),
        new(new IndicatorId("cai_bilans_competences"), Period.Parse("2009"), T("REG-11"), null, Status: ValueStatus.Secret, Row: 5),
        new(new IndicatorId("eloignements"), Period.Parse("2009-03"), T("DEP-971"), 1e15, Weight: 2.5, Status: ValueStatus.NotAvailable, Row: int.MaxValue, Comment: string.Empty),
    ];

    [Fact]
    public void Read_WhatWriteWrote_GivesBackEveryFieldInOrder()
    {
        var written = ObservationSegment.Write(Ofii, IngestId, Sample());

        var read = ObservationSegment.Read(new MemoryStream(written));

        Assert.Equal(Ofii, read.Agency);
        Assert.Equal(IngestId, read.IngestId);
        Assert.Equal(Sample(), read.Observations);
    }

    [Fact]
    public void Write_SameObservationsTwice_SameBytes()
    {
        Assert.Equal(ObservationSegment.Write(Ofii, IngestId, Sample()), ObservationSegment.Write(Ofii, IngestId, Sample()));
    }

    [Fact]
    public void Write_Text_IsOneHeaderLineThenOneArrayPerObservation()
    {
        var text = Decompress(ObservationSegment.Write(Ofii, IngestId, Sample()));

        var lines = text.Split('\n');
        Assert.Equal(Sample().Length + 2, lines.Length);
        Assert.Equal("""{"format":"mission-observations/1","agency":"ofii","ingestId":"0123456789abcdef0123456789abcdef","count":5}""", lines[0]);
        Assert.Equal("""["retours_aides","2009-01","DEP-75",12,null,null,null,"",0,null]""", lines[1]);
        Assert.Equal(string.Empty, lines[^1]);
    }

    [Fact]
    public void Read_ManyObservations_RoundTrips()
    {
        var random = new Random(20090331);
        var departements = Geography2009.Default.Departements.Select(d => d.Territory).ToArray();
        var many = Enumerable.Range(0, 50_000).Select(i => new Observation(
            new IndicatorId("eloignements_forces"), Period.Parse($"{2000 + (i % 10)}-{1 + (i % 12):D2}"), departements[i % departements.Length],
            Math.Round(random.NextDouble() * 1e6, random.Next(0, 6)), Row: i + 2)).ToArray();

        var read = ObservationSegment.Read(new MemoryStream(ObservationSegment.Write(Ofii, IngestId, many)));

        Assert.Equal(many, read.Observations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json\n")]
    [InlineData("""{"format":"other/1","agency":"ofii","ingestId":"x","count":0}""" + "\n")]
    [InlineData("""{"format":"mission-observations/1","agency":"ofii","ingestId":"x","count":2}""" + "\n" + """["retours_aides","2009-01","DEP-75",12,null,null,null,"",2,null]""" + "\n")]
    [InlineData("""{"format":"mission-observations/1","agency":"ofii","ingestId":"x","count":1}""" + "\n" + """["retours_aides","2009-01","DEP-75","12",null,null,null,"",2,null]""" + "\n")]
    [InlineData("""{"format":"mission-observations/1","agency":"ofii","ingestId":"x","count":1}""" + "\n" + """["retours_aides","2009-13","DEP-75",12,null,null,null,"",2,null]""" + "\n")]
    [InlineData("""{"format":"mission-observations/1","agency":"ofii","ingestId":"x","count":1}""" + "\n" + """["retours_aides","2009-01","ZZ-75-X",12,null,null,null,"",2,null]""" + "\n")]
    [InlineData("""{"format":"mission-observations/1","agency":"ofii","ingestId":"x","count":1}""" + "\n" + """["retours_aides","2009-01","DEP-75",12,null,null,null,"zz",2,null]""" + "\n")]
    [InlineData("""{"format":"mission-observations/1","agency":"ofii","ingestId":"x","count":1}""" + "\n" + """["retours_aides","2009-01","DEP-75",12,null,null""" + "\n")]
    public void Read_NotAWholeSegment_ThrowsInvalidData(string text)
    {
        Assert.Throws<InvalidDataException>(() => ObservationSegment.Read(new MemoryStream(Compress(text))));
    }

    [Fact]
    public void Read_TruncatedBlob_ThrowsInvalidData()
    {
        var many = Enumerable.Range(0, 5_000).Select(i => new Observation(new IndicatorId("retours_aides"), Period.Parse("2009-01"), Territory.France, i, Row: i)).ToArray();
        var bytes = ObservationSegment.Write(Ofii, IngestId, many);

        Assert.Throws<InvalidDataException>(() => ObservationSegment.Read(new MemoryStream(bytes[..(bytes.Length / 2)])));
    }

    private static Territory T(string code) => Territory.TryParse(code, out var t) ? t : throw new ArgumentException(code);

    private static byte[] Compress(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Decompress(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
