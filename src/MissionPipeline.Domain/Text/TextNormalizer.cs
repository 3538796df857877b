using System.Globalization;
using System.Text;

namespace MissionPipeline.Text;

/// <summary>Text folding used to match what people type against what we expect.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Lower-cases with the invariant culture, removes accents (é → e, œ → oe), turns every kind of
    /// space (non-breaking, narrow, tab) into one plain space, drops invisible characters (a byte order
    /// mark, zero-width spaces: <see cref="InvisibleCharacters"/>) and trims: <c>" Période "</c> → <c>"periode"</c>.
    /// </summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '\u00A0' or '\u202F' or '\u2007')
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            lastWasSpace = false;
            switch (c)
            {
                case 'œ' or 'Œ':
                    sb.Append("oe");
                    break;
                case 'æ' or 'Æ':
                    sb.Append("ae");
                    break;
                default:
                    sb.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        if (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        return sb.ToString();
    }
}
