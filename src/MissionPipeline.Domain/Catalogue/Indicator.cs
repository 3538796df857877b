using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Catalogue;

/// <summary>How observations of an indicator combine over months and territories (docs/indicators.md).</summary>
public enum Aggregation
{
    /// <summary>A flow: months add, territories add.</summary>
    Sum,

    /// <summary>A stock: the latest period's value within the window; territories add.</summary>
    Last,

    /// <summary>Numerators and denominators summed apart, then divided.</summary>
    Ratio,

    /// <summary>Σ(value × weight) / Σ weight.</summary>
    WeightedMean,

    /// <summary>A dated event, reported as value 1 on the day it was done.</summary>
    Milestone,

    /// <summary>Computed from other indicators (<see cref="Derivation"/>).</summary>
    Derived,
}

public enum Direction
{
    None,
    Up,
    Down,
}

public enum Periodicity
{
    Monthly,
    Quarterly,
    Yearly,
    AdHoc,
}

public enum TargetKind
{
    AtLeast,
    AtMost,
    Trajectory,
    Direction,
    Milestone,
}

/// <summary>Whether an indicator's national value is reported by the agency or is the sum of its départements.</summary>
public enum NationalValue
{
    Reported,
    SumOfDepartements,
}

/// <summary>
/// What the letter asks: a value to reach by <see cref="Due"/> (at least / at most / along a
/// trajectory from the baseline), a direction to move in, or a milestone due by a date.
/// </summary>
public sealed record Target(TargetKind Kind, double? Value, DateOnly? Due);

/// <summary>The reference figure the letter gives (e.g. 2008), in the indicator's unit (fractions for ratios).</summary>
public sealed record Baseline(Period Period, double Value);

public enum DerivationKind
{
    Sum,
    Ratio,
    ShareOfTerritories,
    Rank,
    CountOver,
}

/// <summary>
/// How a derived indicator is computed from others: the sum of <see cref="Of"/>; the ratio
/// <see cref="Of"/>[0] / <see cref="Of"/>[1]; the share of <see cref="Territories"/> in <see cref="Total"/>
/// of <see cref="Of"/>[0]; the rank of <see cref="Total"/> among the EU-27 of 2009; the count of
/// départements whose <see cref="Of"/>[0] exceeds <see cref="Threshold"/>.
/// </summary>
public sealed record Derivation(
    DerivationKind Kind,
    IReadOnlyList<IndicatorId> Of,
    IReadOnlyList<Territory> Territories,
    Territory? Total,
    double? Threshold);

/// <summary>A scope entry: one territory, or every département / région / EU country.</summary>
public enum ScopeGroup
{
    Territory,
    Departements,
    Regions,
    EuCountries,
}

public sealed record ScopeEntry(ScopeGroup Group, Territory? Territory)
{
    public override string ToString() => Group switch
    {
        ScopeGroup.Territory => Territory!.Value.Code,
        ScopeGroup.Departements => "departements",
        ScopeGroup.Regions => "regions",
        _ => "eu-countries",
    };
}

/// <summary>One objective of the letter as the catalogue defines it (see docs/indicators.md for every field).</summary>
public sealed record Indicator(
    IndicatorId Id,
    int Axis,
    string Title,
    string Unit,
    Aggregation Aggregation,
    Derivation? Derivation,
    IReadOnlyList<ScopeEntry> Scope,
    NationalValue National,
    IReadOnlyList<AgencyId> Sources,
    Periodicity Periodicity,
    int DueDays,
    Direction Direction,
    Target? Target,
    Baseline? Baseline,
    bool Sensitive,
    string Quote)
{
    /// <summary>The first territory of the scope: its value is the one compared with the target.</summary>
    public Territory Headline => Scope[0].Territory ?? Territory.France;

    public bool IsRatio => Aggregation == Aggregation.Ratio;

    /// <summary>Coarser periodicities a file may also report this indicator at (Eurostat's yearly table beside its monthly one); none by default.</summary>
    public IReadOnlyList<Periodicity> AlsoReportedAs { get; init; } = [];

    /// <summary>The largest plausible value of one month (catalogue <c>max</c>); for counts without one, <see cref="DefaultMonthlyMax"/>.</summary>
    public double? Max { get; init; }

    /// <summary>No count of the letter reaches ten million in a month: above is a typo or a unit mistake.</summary>
    public const double DefaultMonthlyMax = 10_000_000;

    /// <summary>The period kinds a file may report this indicator at (docs/indicators.md, "Rules made precise").</summary>
    public bool Accepts(Periods.PeriodKind kind) => (Periodicity, kind) switch
    {
        (Periodicity.AdHoc, _) => true,
        (Periodicity.Monthly, Periods.PeriodKind.Month) or (Periodicity.Quarterly, Periods.PeriodKind.Quarter) or (Periodicity.Yearly, Periods.PeriodKind.Year) => true,
        (_, Periods.PeriodKind.Quarter) => AlsoReportedAs.Contains(Periodicity.Quarterly),
        (_, Periods.PeriodKind.Year) => AlsoReportedAs.Contains(Periodicity.Yearly),
        _ => false,
    };

    /// <summary>
    /// True when a figure for <paramref name="territory"/> has a place in this indicator: a territory
    /// its scope names, or one of the groups it lists (every French territory when it is published
    /// by département or région, since those roll up; a country when it lists the EU countries).
    /// </summary>
    public bool Covers(Territory territory) =>
        Scope.Any(s => s.Territory == territory)
        || (territory.Kind != TerritoryKind.Country && Scope.Any(s => s.Group is ScopeGroup.Departements or ScopeGroup.Regions))
        || (territory.Kind == TerritoryKind.Country && Scope.Any(s => s.Group == ScopeGroup.EuCountries));

    /// <summary>
    /// True when the values count people or things (personnes, opérations, décisions, entreprises…):
    /// whole numbers only. Rates, durations (jours, mois), milestones and ranks are not counts.
    /// </summary>
    public bool IsCount => !IsRatio && Aggregation != Aggregation.WeightedMean && Unit is not ("taux" or "jours" or "mois" or "jalon" or "rang");

    /// <summary>True when the agency may report this indicator (derived indicators are never reported).</summary>
    public bool MayBeReportedBy(AgencyId agency) => Aggregation != Aggregation.Derived && Sources.Contains(agency);
}
