using System.Text;
using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

public sealed class IdentifierLogTests
{
    [Fact]
    public void Duplicates_SameIdentifierThrice_GivesTheLaterRowsWithTheFirstInRowOrder()
    {
        var log = new IdentifierLog();
        log.Add("abcdef"u8, 2);
        log.Add("abd"u8, 3);
        log.Add("abcdef"u8, 9);
        log.Add("abcdef"u8, 7);

        Assert.Equal([(7, 2, "abc…"), (9, 2, "abc…")], log.Duplicates());
        Assert.Equal(4, log.Count);
    }

    [Theory]
    [InlineData("a", "…")]
    [InlineData("abcd", "ab…")]
    [InlineData("é1234567", "é1…")]
    [InlineData("abé45678", "ab…")]
    public void Duplicates_ShortOrAccentedIdentifier_ShowsAtMostHalfOfItAndNoBrokenCharacter(string identifier, string masked)
    {
        var log = new IdentifierLog();
        log.Add(Encoding.UTF8.GetBytes(identifier), 2);
        log.Add(Encoding.UTF8.GetBytes(identifier), 3);

        Assert.Equal(masked, Assert.Single(log.Duplicates()).Masked);
    }

    [Fact]
    public void Duplicates_ManyDistinctIdentifiers_FindsOnlyTheRepeatedOnes()
    {
        var log = new IdentifierLog();
        for (var i = 0; i < 300_000; i++)
        {
            log.Add(Encoding.ASCII.GetBytes($"{i:x16}"), i + 2);
        }

        log.Add(Encoding.ASCII.GetBytes($"{123_456:x16}"), 400_000);
        log.Add(Encoding.ASCII.GetBytes($"{7:x16}"), 400_001);

        Assert.Equal([(400_000, 123_458), (400_001, 9)], log.Duplicates().Select(d => (d.Row, d.First)));
    }
}
