using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Text;

public sealed class ReadableJsonEncoderTests
{
    /// <summary>Strings the API writes, and the characters JSON must escape, before and after the vectorised search's first block.</summary>
    public static TheoryData<string> Texts => new()
    {
        "Date «\u202F2009-02-29\u202F» invalide\u202F: ce jour n'existe pas.",
        "1\u00A0234 et 5\u202F678",
        "guillemet \" barre \\ tabulation \t retour \n nul \u0001 fin",
        "séparateur de ligne \u2028 et de paragraphe \u2029",
        "<script>alert('x') & co</script>",
        "émoji 😀 et kanji 漢字",
        new string('a', 100) + "\u202F" + new string('b', 40) + "\"" + new string('c', 70) + "\u00A0",
        "\u202F\u202F\u00A0",
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Write_AnyText_AsTheRelaxedEncoderButTheTwoFrenchSpacesAsTheyAre(string text)
    {
        var relaxed = Write(JavaScriptEncoder.UnsafeRelaxedJsonEscaping, w => w.WriteStringValue(text));
        var ours = Write(ReadableJsonEncoder.Instance, w => w.WriteStringValue(text));
        var fromUtf8 = Write(ReadableJsonEncoder.Instance, w => w.WriteStringValue(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(relaxed.Replace("\\u00A0", "\u00A0", StringComparison.Ordinal).Replace("\\u202F", "\u202F", StringComparison.Ordinal), ours);
        Assert.Equal(ours, fromUtf8);
        Assert.Equal(text, JsonDocument.Parse(ours).RootElement.GetString());
    }

    [Fact]
    public void Write_ProblemLikeDetail_NoEscapeOfTheNarrowSpace()
    {
        var json = Write(ReadableJsonEncoder.Instance, w => w.WriteStringValue("a\u202F: b"));

        Assert.Equal("\"a\u202F: b\"", json);
    }

    private static string Write(JavaScriptEncoder encoder, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
