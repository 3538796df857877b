using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Text;

namespace MissionPipeline.Readers;

/// <summary>
/// A dimension of a Eurostat table and the values a row must hold in it to be read, as labels
/// (legacy export) or codes (SDMX-CSV): <c>sex</c> ∈ {<c>T</c>, <c>Total</c>}. Names and values match
/// whatever the case, accents and spaces.
/// </summary>
public sealed record EurostatDimension(string Name, IReadOnlyList<string> Accepted)
{
    public bool Accepts(string value)
    {
        var folded = TextNormalizer.Fold(value);
        return Accepted.Any(a => TextNormalizer.Fold(a) == folded);
    }
}

/// <summary>
/// A Eurostat table (<see cref="Code"/>, lower case: <c>migr_asyappctzm</c>) that feeds
/// <see cref="Indicator"/>: its rows holding the accepted value in every one of <see cref="Dimensions"/>
/// give the indicator's figure for their geo and period; its other rows are ignored and counted.
/// </summary>
public sealed record EurostatTable(string Code, IndicatorId Indicator, IReadOnlyList<EurostatDimension> Dimensions);

/// <summary>
/// Which Eurostat tables feed which indicator (docs/formats.md, F4); a table not listed is rejected
/// (<c>unmapped-table</c>). Aggregates (<c>EU28</c>, <c>Total</c>, <c>European Union (…)</c>,
/// <c>Euro area (…)</c>) are never stored: only countries are, so that no ranking of countries can
/// count a group of them.
/// </summary>
public sealed partial record EurostatMap(IReadOnlyList<EurostatTable> Tables)
{
    /// <summary>The dimensions of the asylum applicants' tables: all citizenships, sexes and ages, every applicant (not only first-time), in persons.</summary>
    private static readonly EurostatDimension[] AsylumApplicants =
    [
        new("citizen", ["TOTAL", "Total"]),
        new("sex", ["T", "Total"]),
        new("age", ["TOTAL", "Total"]),
        new("asyl_app", ["ASY_APP", "Asylum applicant"]),
        new("unit", ["PER", "Person"]),
    ];

    /// <summary><c>migr_asyappctza</c> (yearly) and <c>migr_asyappctzm</c> (monthly) → <c>demandes_asile_ue</c>.</summary>
    public static EurostatMap Default { get; } = new(
    [
        new("migr_asyappctza", new IndicatorId("demandes_asile_ue"), AsylumApplicants),
        new("migr_asyappctzm", new IndicatorId("demandes_asile_ue"), AsylumApplicants),
    ]);

    /// <summary>The mapped table of that code (any case), null when none is.</summary>
    public EurostatTable? Find(string code) =>
        Tables.FirstOrDefault(t => string.Equals(t.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The mapped table a legacy export's file name starts with (<c>migr_asyappctzm_1_Data.csv</c>,
    /// in any folder, any case); else null, with <paramref name="named"/> the table code the name
    /// seems to start with (<c>migr_asydcfsta</c> for <c>migr_asydcfsta_2017-04-26.csv</c>), or null.
    /// </summary>
    public EurostatTable? FromFileName(string fileName, out string? named)
    {
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        var found = Tables.FirstOrDefault(t => name.StartsWith(t.Code, StringComparison.OrdinalIgnoreCase)
            && (name.Length == t.Code.Length || !char.IsAsciiLetterOrDigit(name[t.Code.Length])));
        var match = TableCodeInName().Match(name);
        named = found?.Code ?? (match.Success ? match.Value.ToLowerInvariant() : null);
        return found;
    }

    /// <summary>The table of an SDMX-CSV DATAFLOW cell: <c>ESTAT:MIGR_ASYAPPCTZM(1.0)</c> → <c>migr_asyappctzm</c>.</summary>
    public static string TableOfDataflow(string dataflow)
    {
        var text = dataflow.Trim();
        var colon = text.LastIndexOf(':');
        var parenthesis = text.IndexOf('(', StringComparison.Ordinal);
        var end = parenthesis > colon ? parenthesis : text.Length;
        return text[(colon + 1)..end].Trim().ToLowerInvariant();
    }

    /// <summary>The mapped tables as quoted in messages: « migr_asyappctza, migr_asyappctzm ».</summary>
    public string Describe() => string.Join(", ", Tables.Select(t => t.Code));

    /// <summary>Labels and codes of Eurostat aggregates that the 2009 geography does not list (<c>EU27_2020</c>, <c>Euro area (19 countries)</c>).</summary>
    public static bool IsAggregate(string geo)
    {
        var text = geo.Trim();
        return AggregateCode().IsMatch(text)
            || text.StartsWith("European Union", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("Euro area", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Underscore-separated words each starting with a letter: the table code at the start of a file name.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)+")]
    private static partial Regex TableCodeInName();

    [GeneratedRegex(@"^(?:TOTAL|EU\d*(?:_\d{4})?|EA\d*|EFTA|EEA\d*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AggregateCode();
}
