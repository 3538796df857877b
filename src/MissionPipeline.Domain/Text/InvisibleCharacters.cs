using System.Globalization;
using System.Text;

namespace MissionPipeline.Text;

/// <summary>
/// Characters a file may hold that no one can see: a byte order mark (U+FEFF) left inside a cell,
/// zero-width spaces and joiners, bidirectional controls (U+202E can turn a quoted text around), and
/// control characters (an escape sequence would recolour or rewrite the officer's terminal, up to
/// printing a false « valide »). In a report they are shown by their code, ‹U+FEFF›, so that
/// « indicateur » that is not recognised says why; the header matcher ignores the format characters
/// (<see cref="TextNormalizer.Fold"/>). A tab or a line break (a header typed with Alt+Entrée, a line
/// feed inside a quoted cell, a row of a tab-separated file quoted whole) is shown as a space: it is
/// spacing, not hidden, but must not break the report's line.
/// </summary>
public static class InvisibleCharacters
{
    /// <summary>Whether <paramref name="c"/> is invisible: a Unicode format character (category Cf) or a control character (Cc).</summary>
    public static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control;

    /// <summary>The text with each invisible character written as ‹U+XXXX› (a tab or a line break as a space); the same instance when it has none. Idempotent.</summary>
    public static string Reveal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAnyExcept(VisibleOnly) || !text.Any(IsInvisible))
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c is '\t' or '\n' or '\r' ? shown.Append(' ')
                : IsInvisible(c) ? shown.Append(CultureInfo.InvariantCulture, $"‹U+{(int)c:X4}›")
                : shown.Append(c);
        }

        return shown.ToString();
    }

    // Printable ASCII has no format character: the common case is answered by one vectorised scan.
    private static readonly System.Buffers.SearchValues<char> VisibleOnly = System.Buffers.SearchValues.Create(
        Enumerable.Range(0x20, 0x5F).Select(i => (char)i).ToArray());
}
