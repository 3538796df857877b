namespace MissionPipeline.Text;

/// <summary>
/// What a message may quote of a caller's text (a route value, a query parameter, a setting, an
/// option): at most a given number of characters, each control character shown as <c>?</c>, so that
/// a quoted value can neither flood a message nor break its line; a space at either end shown as
/// <c>␣</c>, since French typography would fold it into the quotes (« eloignements␣ », not
/// « eloignements », which reads as the right name refused).
/// </summary>
public static class Echo
{
    public const char VisibleSpace = '\u2423';

    public static string Shorten(string text, int max = 60)
    {
        var shown = text.Take(max).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        for (var i = 0; i < shown.Length && char.IsWhiteSpace(shown[i]); i++)
        {
            shown[i] = VisibleSpace;
        }

        for (var i = shown.Length - 1; i >= 0 && char.IsWhiteSpace(shown[i]); i--)
        {
            shown[i] = VisibleSpace;
        }

        return new string(shown);
    }
}
