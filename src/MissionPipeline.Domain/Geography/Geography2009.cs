using System.Collections.Frozen;
using System.Reflection;
using MissionPipeline.Indicators;
using MissionPipeline.Text;

namespace MissionPipeline.Geography;

/// <summary>A département of 2009 and its région.</summary>
public sealed record Departement(Territory Territory, string Name, Territory Region, string RegionName, bool Metropolitan);

/// <summary>A Eurostat geo code with the English label of legacy exports.</summary>
public sealed record EurostatGeo(Territory Territory, string Label, bool EuMember2009);

/// <summary>
/// The geography in force in 2009 (Code officiel géographique): 100 départements (96 metropolitan,
/// 971-974 overseas; Mayotte only became one in 2011), their 26 régions, and Eurostat's geo codes.
/// Shipped in the assembly: the product never reads it from outside at run time.
/// </summary>
public sealed class Geography2009
{
    /// <summary>What to check in a département code that did not exist in 2009, said to an agency and to an API client alike.</summary>
    public const string DepartementHint = CorsicaHint + ", et " + MayotteHint;

    /// <summary>Said of « 20 » or « DEP-20 » alone.</summary>
    public const string CorsicaHint = "la Corse s'écrit DEP-2A et DEP-2B";

    /// <summary>Said of « 976 », « Mayotte » or « DEP-976 » alone (not of Corsica: red team, préfet).</summary>
    public const string MayotteHint = "Mayotte (976) n'est un département que depuis 2011";

    /// <summary>The hint for a département number that names none: Corsica's for 20, Mayotte's for 976, both for another.</summary>
    public static string HintFor(string number) => number.Trim().TrimStart('0') switch
    {
        "20" => CorsicaHint,
        "976" => MayotteHint,
        _ => DepartementHint,
    };

    private readonly FrozenDictionary<string, Departement> _departements;
    private readonly FrozenDictionary<string, EurostatGeo> _eurostatByLabel;
    private readonly FrozenDictionary<string, EurostatGeo> _eurostatByCode;

    private Geography2009(IReadOnlyList<Departement> departements, IReadOnlyList<EurostatGeo> eurostat)
    {
        Departements = departements;
        _departements = departements.ToFrozenDictionary(d => d.Territory.Code, StringComparer.Ordinal);
        Regions = departements.Select(d => d.Region).Distinct().Order(TerritoryOrder.Instance).ToArray();
        RegionNames = departements.GroupBy(d => d.Region).ToFrozenDictionary(g => g.Key, g => g.First().RegionName);
        Eurostat = eurostat;
        _eurostatByLabel = eurostat.ToFrozenDictionary(e => TextNormalizer.Fold(e.Label), StringComparer.Ordinal);
        _eurostatByCode = eurostat.ToFrozenDictionary(e => e.Territory.Code, StringComparer.Ordinal);
    }

    /// <summary>The geography shipped with the product.</summary>
    public static Geography2009 Default { get; } = Load();

    // The régions of 2016 (loi du 16 janvier 2015) whose codes 2009 did not have, and the régions of 2009 they joined.
    private static readonly FrozenDictionary<string, (string Name, string[] Regions2009)> Regions2016 = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
    {
        ["27"] = ("Bourgogne-Franche-Comté", ["26", "43"]),
        ["28"] = ("Normandie", ["23", "25"]),
        ["32"] = ("Hauts-de-France", ["31", "22"]),
        ["44"] = ("Grand Est", ["42", "21", "41"]),
        ["75"] = ("Nouvelle-Aquitaine", ["72", "54", "74"]),
        ["76"] = ("Occitanie", ["91", "73"]),
        ["84"] = ("Auvergne-Rhône-Alpes", ["83", "82"]),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// What to write instead of a well-formed code that names no territory of 2009, where it is
    /// plain: a département written with a leading zero (<c>DEP-075</c> → « écrivez DEP-75 »), a région
    /// of 2016 (<c>REG-84</c> → the régions of 2009 it joined). Null otherwise.
    /// </summary>
    public string? Instead(string code)
    {
        var upper = code.Trim().ToUpperInvariant();
        if (upper.StartsWith("DEP-0", StringComparison.Ordinal) && upper.Length > 6
            && Territory.TryParse("DEP-" + upper[5..], out var departement) && TryGetDepartement(departement, out var found))
        {
            return $"écrivez {departement.Code} ({found.Name}), sans zéro devant le numéro";
        }

        if (upper.StartsWith("REG-", StringComparison.Ordinal) && Regions2016.TryGetValue(upper[4..], out var region))
        {
            var parts = region.Regions2009.Select(Territory.Region).Select(r => $"{RegionNames[r]} ({r.Code})").ToArray();
            return $"{region.Name} est une région de 2016 ; en 2009 : {FrenchFormat.List(parts)}";
        }

        return null;
    }

    public IReadOnlyList<Departement> Departements { get; }

    public IReadOnlyList<Territory> Regions { get; }

    public IReadOnlyDictionary<Territory, string> RegionNames { get; }

    public IReadOnlyList<EurostatGeo> Eurostat { get; }

    /// <summary>The 27 member states of 2009, as Eurostat codes (FR as <see cref="Territory.France"/>).</summary>
    public IEnumerable<Territory> EuMembers2009 => Eurostat.Where(e => e.EuMember2009).Select(e => e.Territory);

    public bool TryGetDepartement(Territory territory, out Departement departement) =>
        _departements.TryGetValue(territory.Code ?? string.Empty, out departement!);

    /// <summary>
    /// Finds a département from how a spreadsheet may hold its code: <c>1</c>, <c>01</c>, <c>2a</c>,
    /// <c>971</c>, <c>1.0</c>. Returns false for codes that were not départements in 2009 (<c>20</c>, <c>976</c>).
    /// </summary>
    public bool TryFindDepartement(string? code, out Departement departement)
    {
        departement = null!;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var c = code.Trim().ToUpperInvariant();
        if (c.EndsWith(".0", StringComparison.Ordinal))
        {
            c = c[..^2];
        }

        if (c.Length == 1 && char.IsAsciiDigit(c[0]))
        {
            c = "0" + c;
        }

        return _departements.TryGetValue("DEP-" + c, out departement!);
    }

    /// <summary>True for a territory that exists in 2009: FR, FR-MET, FR-DOM, a région, a département, a Eurostat code.</summary>
    public bool Knows(Territory territory) => territory.Kind switch
    {
        TerritoryKind.France or TerritoryKind.Metropole or TerritoryKind.OutreMer => true,
        TerritoryKind.Departement => _departements.ContainsKey(territory.Code),
        TerritoryKind.Region => RegionNames.ContainsKey(territory),
        _ => _eurostatByCode.ContainsKey(territory.Code),
    };

    public bool TryFindEurostatLabel(string label, out EurostatGeo geo) =>
        _eurostatByLabel.TryGetValue(TextNormalizer.Fold(label), out geo!);

    public bool TryFindEurostatCode(string code, out EurostatGeo geo) =>
        _eurostatByCode.TryGetValue(code.Trim().ToUpperInvariant(), out geo!);

    private static Geography2009 Load()
    {
        var departements = new List<Departement>();
        foreach (var cells in ReadResource("MissionPipeline.Departements.csv").Skip(1))
        {
            departements.Add(new Departement(
                Territory.Departement(cells[0]), cells[1], Territory.Region(cells[2]), cells[3], cells[4] == "1"));
        }

        var eurostat = ReadResource("MissionPipeline.EurostatGeo.csv").Skip(1)
            .Select(c => new EurostatGeo(Territory.EurostatGeo(c[0]), c[1], c[2] == "1"))
            .ToArray();
        return new Geography2009(departements, eurostat);
    }

    private static IEnumerable<string[]> ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line.Split(';');
            }
        }
    }
}

/// <summary>
/// Publication order of territories: FR, FR-MET, FR-DOM, régions, départements (by INSEE code,
/// 2A/2B after 19), then Eurostat codes alphabetically, aggregates last.
/// </summary>
public sealed class TerritoryOrder : IComparer<Territory>
{
    public static TerritoryOrder Instance { get; } = new();

    public int Compare(Territory x, Territory y)
    {
        var c = Rank(x.Kind).CompareTo(Rank(y.Kind));
        if (c != 0)
        {
            return c;
        }

        return x.Kind is TerritoryKind.Departement or TerritoryKind.Region
            ? string.CompareOrdinal(SortKey(x.LocalCode), SortKey(y.LocalCode))
            : string.CompareOrdinal(x.Code, y.Code);
    }

    private static int Rank(TerritoryKind kind) => kind switch
    {
        TerritoryKind.France => 0,
        TerritoryKind.Metropole => 1,
        TerritoryKind.OutreMer => 2,
        TerritoryKind.Region => 3,
        TerritoryKind.Departement => 4,
        TerritoryKind.Country => 5,
        _ => 6,
    };

    // 2A and 2B sort as 20.1 and 20.2; three-digit overseas codes after 95.
    private static string SortKey(string code) => code switch
    {
        "2A" => "020A",
        "2B" => "020B",
        _ => code.PadLeft(3, '0') + "0",
    };
}
