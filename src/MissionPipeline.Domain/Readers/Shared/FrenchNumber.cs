using System.Globalization;

namespace MissionPipeline.Readers;

/// <summary>
/// Numbers as French administration exports write them, with explicit rules that never depend on
/// the current culture: an optional sign (<c>-</c>, <c>+</c>, U+2212), digits optionally grouped by
/// three with a space, a non-breaking space (U+00A0), a narrow one (U+202F), a figure space
/// (U+2007) or a thin space (U+2009), then optionally a decimal comma or point and digits. Accepted: <c>1015</c>, <c>1 015</c>,
/// <c>1 234,5</c>, <c>1234.5</c>, <c>-3</c>, <c>0,25</c>. Refused: a point between thousands
/// (<c>1.234,5</c>), badly placed groups (<c>12 34</c>), both separators, exponents, units, percents.
/// </summary>
internal static class FrenchNumber
{
    private const int MaxLength = 64;

    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        var t = (text ?? string.Empty).AsSpan().Trim();
        if (t.IsEmpty || t.Length > MaxLength)
        {
            return false;
        }

        Span<char> invariant = stackalloc char[MaxLength + 1];
        var length = 0;
        var i = 0;
        if (t[0] is '-' or '+' or '\u2212')
        {
            invariant[length++] = t[0] == '+' ? '+' : '-';
            i++;
        }

        if (!ReadIntegerPart(t, ref i, invariant, ref length))
        {
            return false;
        }

        if (i < t.Length && t[i] is ',' or '.')
        {
            invariant[length++] = '.';
            var start = ++i;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
            {
                invariant[length++] = t[i++];
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == t.Length
            && double.TryParse(invariant[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Digits, in groups of three after the first when separated by a space; at least one digit.</summary>
    private static bool ReadIntegerPart(ReadOnlySpan<char> t, ref int i, Span<char> output, ref int length)
    {
        var group = 0;
        var grouped = false;
        while (i < t.Length)
        {
            var c = t[i];
            if (char.IsAsciiDigit(c))
            {
                output[length++] = c;
                group++;
                i++;
            }
            else if (IsGroupSeparator(c) && group > 0 && (!grouped ? group <= 3 : group == 3))
            {
                grouped = true;
                group = 0;
                i++;
            }
            else
            {
                break;
            }
        }

        return group > 0 && (!grouped || group == 3);
    }

    // The thin space (U+2009) too: a typographer's grouping, which the file showed as « 1 234 » and was told to write « 1 234 » (red team, hostile files).
    private static bool IsGroupSeparator(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2007' or '\u2009';
}
