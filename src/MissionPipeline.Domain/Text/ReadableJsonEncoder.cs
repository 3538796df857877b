using System.Text.Encodings.Web;

namespace MissionPipeline.Text;

/// <summary>
/// The JSON encoder of the answers the API writes itself (problems, health, lists, revisions) and of
/// ingestion reports: <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> (quotes, backslashes,
/// control characters and lone surrogates escaped, any other text as it is), except that the
/// no-break space and the narrow no-break space, which French typography puts before « : ; ! ? » and
/// inside « », are written as they are rather than <c>\u00A0</c> and <c>\u202F</c>: every JSON parser
/// reads both alike, a person reading a body with <c>curl</c> reads only the first. The built-in
/// encoders escape every space separator but U+0020, whatever ranges they are given.
/// </summary>
/// <remarks>
/// Never the encoder of a published snapshot file: those bytes are sealed by their approval, and a
/// different encoding of the same figures would read as a different snapshot. Written as a subclass
/// (its abstract members take pointers, hence the project's unsafe blocks) that defers every decision
/// but those two characters to the relaxed encoder, whose vectorised search it keeps.
/// </remarks>
public sealed class ReadableJsonEncoder : JavaScriptEncoder
{
    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private ReadableJsonEncoder()
    {
    }

    public static ReadableJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

    public override bool WillEncode(int unicodeScalar) => !Kept(unicodeScalar) && Relaxed.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var start = 0;
        while (start < textLength)
        {
            var found = Relaxed.FindFirstCharacterToEncode(text + start, textLength - start);
            if (found < 0)
            {
                return -1;
            }

            var at = start + found;
            if (!Kept(text[at]))
            {
                return at;
            }

            start = at + 1;
        }

        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var start = 0;
        while (start < utf8Text.Length)
        {
            var found = Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text[start..]);
            if (found < 0)
            {
                return -1;
            }

            var at = start + found;
            var rest = utf8Text[at..];
            var kept = rest.StartsWith(NoBreakSpace) ? NoBreakSpace.Length : rest.StartsWith(NarrowNoBreakSpace) ? NarrowNoBreakSpace.Length : 0;
            if (kept == 0)
            {
                return at;
            }

            start = at + kept;
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    private static ReadOnlySpan<byte> NoBreakSpace => [0xC2, 0xA0];

    private static ReadOnlySpan<byte> NarrowNoBreakSpace => [0xE2, 0x80, 0xAF];

    private static bool Kept(int scalar) => scalar is '\u00A0' or '\u202F';
}
