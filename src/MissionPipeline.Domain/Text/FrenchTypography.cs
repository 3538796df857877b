using System.Text;

namespace MissionPipeline.Text;

/// <summary>
/// French typography for text a person reads (the page, the terminal, report messages): a narrow
/// no-break space (U+202F) before <c>: ; ! ?</c> and inside <c>« »</c>, where a plain or no-break
/// space stood or where none was written; a no-break space (U+00A0, as the page and the reports write
/// it) before <c>%</c> where a plain one separates it from a number (<c>90 %</c>; <c>%2F</c> in a URL has none). Idempotent. What is not prose is left alone: a colon
/// between digits or letters (<c>08:12</c>, <c>https://</c>, <c>F0:</c> in a code), a <c>?</c>
/// or <c>!</c> glued to a word (a query string, <c>!=</c>).
/// </summary>
public static class FrenchTypography
{
    /// <summary>The narrow no-break space of French typography (espace fine insécable).</summary>
    public const char Thin = '\u202F';

    public static string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ':' or ';' or '!' or '?' when IsPunctuationOfProse(text, i):
                    TrimSpaces(result);
                    result.Append(Thin).Append(c);
                    break;
                case '«':
                    result.Append('«').Append(Thin);
                    i = SkipSpaces(text, i + 1) - 1;
                    break;
                case '%' when result.Length > 1 && result[^1] == ' ' && char.IsAsciiDigit(result[^2]):
                    result[^1] = '\u00A0';
                    result.Append('%');
                    break;
                case '»' when result.Length > 0:
                    TrimSpaces(result);
                    result.Append(Thin).Append('»');
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// A punctuation sign of a sentence: preceded by a space (or by a closing quote or bracket),
    /// and followed by a space, the end, or a closing sign. <c>a : b</c> yes, <c>08:12</c> and
    /// <c>?format=csv</c> no.
    /// </summary>
    private static bool IsPunctuationOfProse(string text, int i)
    {
        if (i == 0)
        {
            return false;
        }

        var before = text[i - 1];
        var after = i + 1 < text.Length ? text[i + 1] : ' ';
        var spaceBefore = IsSpace(before);
        var endsAfter = IsSpace(after) || after is '\n' or '\r' or ')' or '.' or ',' or '<' or '"' or '»' or '!' or '?';
        if (spaceBefore)
        {
            // "x :" always; a sign after a space and before a letter is something else (" ?format").
            return endsAfter || text[i] is ':' or ';';
        }

        // Glued: only after a closing « » or parenthesis at a sentence's end ("« x »?" → "« x » ?"); never after a letter, inside a word or a code ("?format=").
        return before is '»' or ')' && endsAfter;
    }

    private static bool IsSpace(char c) => c is ' ' or '\u00A0' or Thin;

    private static void TrimSpaces(StringBuilder text)
    {
        while (text.Length > 0 && IsSpace(text[^1]))
        {
            text.Length--;
        }
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
