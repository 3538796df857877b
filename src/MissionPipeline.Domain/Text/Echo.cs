namespace MissionPipeline.Text;

/// <summary>
/// What a message may quote of a caller's text (a route value, a query parameter, a setting, an
/// option): at most a given number of characters, each control character shown as <c>?</c>, so that
/// a quoted value can neither flood a message nor break its line.
/// </summary>
public static class Echo
{
    public static string Shorten(string text, int max = 60) =>
        new(text.Take(max).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
