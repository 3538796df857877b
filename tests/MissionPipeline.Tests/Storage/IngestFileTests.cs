using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

public sealed class IngestFileTests
{
    [Theory]
    [InlineData("ofii-2009-03.csv", "ofii-2009-03.csv")]
    [InlineData("../../dcpaf/x.csv", "x.csv")]
    [InlineData("..", "fichier")]
    [InlineData("sous/dossier/mars 2009 (v2).xlsx", "mars_2009__v2_.xlsx")]
    [InlineData("a%2F..%2Fb.csv", "a_2F.._2Fb.csv")]
    [InlineData("\u0001\u0007bell.csv", "__bell.csv")]
    [InlineData("...cachée.csv", "cach_e.csv")]
    [InlineData("dir\\..\\evil.csv", "evil.csv")]
    public void ArchiveName_AnyUploadName_StaysOneSafeSegment(string upload, string expected)
    {
        var name = StorageLayout.ArchiveName(upload);

        Assert.Equal(expected, name);
        Assert.DoesNotContain('/', name);
        Assert.False(name.StartsWith('.'));
    }

    [Fact]
    public void ArchiveName_OneKibibyteName_IsCutTo200Characters()
    {
        var name = StorageLayout.ArchiveName(new string('a', 1024) + ".csv");

        Assert.Equal(200, name.Length);
    }
}
