using System.Text.RegularExpressions;

namespace MissionPipeline.Geography;

/// <summary>What a <see cref="Territory"/> denotes.</summary>
public enum TerritoryKind
{
    /// <summary><c>FR</c>: France entière (also Eurostat's country code for France).</summary>
    France,

    /// <summary><c>FR-MET</c>: metropolitan France, the 96 départements.</summary>
    Metropole,

    /// <summary><c>FR-DOM</c>: the four overseas départements of 2009.</summary>
    OutreMer,

    /// <summary><c>REG-xx</c>: a région of 2009.</summary>
    Region,

    /// <summary><c>DEP-xx</c>: a département.</summary>
    Departement,

    /// <summary>A two-letter Eurostat country code other than FR (<c>DE</c>, <c>EL</c>, <c>UK</c>).</summary>
    Country,

    /// <summary>A Eurostat aggregate (<c>EU28</c>, <c>TOTAL</c>): never a country, never ranked.</summary>
    Aggregate,
}

/// <summary>
/// A territory code as published: <c>FR</c>, <c>FR-MET</c>, <c>FR-DOM</c>, <c>REG-11</c>, <c>DEP-75</c>,
/// <c>DEP-2A</c>, <c>DEP-971</c>, or a Eurostat code. Parsing is syntactic; whether a département
/// or région existed in 2009 is <see cref="Geography2009"/>'s business.
/// </summary>
public readonly partial record struct Territory
{
    private Territory(TerritoryKind kind, string code)
    {
        Kind = kind;
        Code = code;
    }

    public static Territory France { get; } = new(TerritoryKind.France, "FR");

    public static Territory Metropole { get; } = new(TerritoryKind.Metropole, "FR-MET");

    public static Territory OutreMer { get; } = new(TerritoryKind.OutreMer, "FR-DOM");

    public TerritoryKind Kind { get; }

    /// <summary>The full code, e.g. <c>DEP-2A</c>.</summary>
    public string Code { get; }

    /// <summary>The INSEE code of a département or région (<c>2A</c>, <c>11</c>); the code itself otherwise.</summary>
    public string LocalCode => Kind is TerritoryKind.Departement or TerritoryKind.Region ? Code[4..] : Code;

    public static Territory Departement(string inseeCode) => new(TerritoryKind.Departement, "DEP-" + inseeCode.ToUpperInvariant());

    public static Territory Region(string inseeCode) => new(TerritoryKind.Region, "REG-" + inseeCode);

    public static Territory EurostatGeo(string code) =>
        code switch
        {
            "FR" => France,
            "EU28" or "EU27" or "EU27_2007" or "EU27_2020" or "EU15" or "EU25" or "EA" or "TOTAL" => new(TerritoryKind.Aggregate, code),
            _ => new(TerritoryKind.Country, code),
        };

    /// <summary>
    /// Reads a territory code in any case with surrounding spaces: <c>fr-met</c>, <c>DEP-2a</c>,
    /// <c>dep-01</c>, <c>DE</c>. A bare number such as <c>75</c> is not a territory (it is ambiguous).
    /// </summary>
    public static bool TryParse(string? text, out Territory territory)
    {
        territory = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim().ToUpperInvariant();
        switch (t)
        {
            case "FR":
                territory = France;
                return true;
            case "FR-MET":
                territory = Metropole;
                return true;
            case "FR-DOM":
                territory = OutreMer;
                return true;
        }

        if (DepartementRegex().IsMatch(t))
        {
            territory = new(TerritoryKind.Departement, t);
            return true;
        }

        if (RegionRegex().IsMatch(t))
        {
            territory = new(TerritoryKind.Region, t);
            return true;
        }

        if (CountryRegex().IsMatch(t))
        {
            territory = EurostatGeo(t);
            return true;
        }

        return false;
    }

    public override string ToString() => Code ?? string.Empty;

    // ASCII digits only: .NET's \d takes « ７５ » (full-width) too, which named no territory (a 404 where the code is malformed).
    [GeneratedRegex(@"^DEP-([0-9]{2,3}|2A|2B)$")]
    private static partial Regex DepartementRegex();

    [GeneratedRegex(@"^REG-[0-9]{2}$")]
    private static partial Regex RegionRegex();

    [GeneratedRegex(@"^([A-Z]{2}|EU[0-9]{2}(_[0-9]{4})?|TOTAL|EA)$")]
    private static partial Regex CountryRegex();
}
