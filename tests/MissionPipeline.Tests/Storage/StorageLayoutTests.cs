using System.Globalization;
using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

public sealed class StorageLayoutTests
{
    [Theory]
    [InlineData("2009-12-31/", "2009-12-31")]
    [InlineData("2009-12-31", "2009-12-31")]
    [InlineData("latest/", null)]
    [InlineData("2009-12-31-old/", null)]
    [InlineData("2009-02-30/", null)]
    public void TryParseSnapshotFolder_ListedFolder_ItsDateOrNone(string prefix, string? expected)
    {
        var parsed = StorageLayout.TryParseSnapshotFolder(prefix, out var asOf);

        Assert.Equal(expected, parsed ? asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
    }

    [Fact]
    public void TryParseSnapshotFolder_FolderOfADate_ThatDate()
    {
        var asOf = new DateOnly(2010, 6, 30);

        Assert.True(StorageLayout.TryParseSnapshotFolder(StorageLayout.SnapshotFolder(asOf) + "/", out var parsed));
        Assert.Equal(asOf, parsed);
    }
}
