using System.Globalization;
using System.Text;

namespace MissionPipeline.Tools.Bench;

/// <summary>The Markdown of <c>docs/benchmarks.md</c>, echoed to the console as it is built.</summary>
internal sealed class BenchReport(TextWriter console)
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "")
    {
        _text.Append(line).Append('\n');
        console.WriteLine(line);
        console.Flush();
    }

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row) + " |");
        }

        Line();
    }

    public static string Goal(bool met) => met ? "**atteint**" : "**non atteint**";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public async Task SaveAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, _text.ToString()).ConfigureAwait(false);
    }
}
