using System.Globalization;
using System.Text;
using MissionPipeline.Indicators;
using MissionPipeline.Text;

namespace MissionPipeline.Tools.Bench;

/// <summary>The Markdown of <c>docs/benchmarks.md</c>, echoed to the console as it is built.</summary>
internal sealed class BenchReport(TextWriter console)
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds a line (and echoes it) in French typography: a narrow no-break space before <c>: ; ! ?</c> and inside « », a no-break space before <c>%</c>.</summary>
    public void Line(string line = "")
    {
        line = FrenchTypography.Apply(line).Replace(" %", FrenchFormat.Space + "%", StringComparison.Ordinal);
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

    /// <summary>
    /// Numbers as the French write them: a decimal comma and thousands grouped by a narrow no-break
    /// space (<c>5 000 000</c>, <c>0,80</c>). Fixed rules on the invariant culture, as the domain's
    /// <c>FrenchFormat</c> does, never the machine's fr-FR data, which varies between ICU versions.
    /// </summary>
    public static CultureInfo Culture { get; } = MakeCulture();

    /// <summary><paramref name="text"/> with its numbers in <see cref="Culture"/>.</summary>
    public static string French(FormattableString text) => text.ToString(Culture);

    private static CultureInfo MakeCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        var numbers = culture.NumberFormat;
        numbers.NumberDecimalSeparator = numbers.PercentDecimalSeparator = ",";
        numbers.NumberGroupSeparator = numbers.PercentGroupSeparator = FrenchFormat.Thousands.ToString();
        return CultureInfo.ReadOnly(culture);
    }

    public async Task SaveAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, _text.ToString()).ConfigureAwait(false);
    }
}
