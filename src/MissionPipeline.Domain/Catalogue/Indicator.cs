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
/// Where a target or a definition is written: a document (the letter, a budget report, a written
/// answer) and, where there is one, its sentence.
/// </summary>
public sealed record TargetSource(string Reference, string? Quote)
{
    /// <summary>The document, with French typography (the quote is the document's own words, kept as written).</summary>
    public string Reference { get; init; } = Text.FrenchTypography.Apply(Reference);
}

/// <summary>
/// An objective: a value to reach by <see cref="Due"/> (at least / at most / along a trajectory from
/// the baseline), a direction to move in, or a milestone due by a date. A catalogue target also
/// says where it is written (<see cref="Source"/>) and whether it is its year's headline (the one
/// that sets the status; the others are shown beside it with their own progress).
/// </summary>
public sealed record Target(TargetKind Kind, double? Value, DateOnly? Due)
{
    /// <summary>The document that sets it; null only in a target read back from an older snapshot.</summary>
    public TargetSource? Source { get; init; }

    /// <summary>False for a target shown beside its year's headline one (the budget's beside the letter's).</summary>
    public bool Headline { get; init; } = true;

    /// <summary>A short French name for it beside another target of the same year (<c>loi de finances</c>), or null.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// The years a snapshot uses this target in: <c>at_least</c> / <c>at_most</c> the year of their
    /// due date; a trajectory every year after its baseline's through its due date's; a milestone
    /// its due year and every later one (done or not, it stays judged); a direction every year, or
    /// its due date's only when it has one.
    /// </summary>
    public bool AppliesIn(int year, Baseline? baseline) => Kind switch
    {
        TargetKind.AtLeast or TargetKind.AtMost => Due?.Year == year,
        TargetKind.Trajectory => year <= Due?.Year && year > (baseline?.Period.End.Year ?? Due.Value.Year - 1),
        TargetKind.Milestone => year >= Due?.Year,
        _ => Due is not { } due || due.Year == year,
    };

    /// <summary>The years a catalogue's targets may be in force in: the product's dates run from 2000 (<c>SnapshotDates</c>) and no target reaches 2100.</summary>
    public static IEnumerable<int> Years => Enumerable.Range(2000, 100);

    /// <summary>True when both ask the same thing (kind, value, date), wherever they are written.</summary>
    public bool SameGoal(Target? other) => other is not null && (Kind, Value, Due) == (other.Kind, other.Value, other.Due);
}

/// <summary>
/// One version of an indicator's definition (what is counted, over what), in force from
/// <see cref="From"/> to <see cref="To"/> (inclusive; null: open). A series crossing the change
/// between two versions has a break ("rupture de série").
/// </summary>
public sealed record DefinitionVersion(DateOnly? From, DateOnly? To, string Text, TargetSource Source)
{
    /// <summary>The indicator's title while this version is in force, when it says what is counted (« admis / présentés »); null: the catalogue's title.</summary>
    public string? Title { get; init; }

    public bool Covers(DateOnly day) => (From is not { } f || day >= f) && (To is not { } t || day <= t);
}

/// <summary>A definition change a series crosses: the day the new version took effect, what was counted before and after.</summary>
public sealed record SeriesBreak(DateOnly Date, string Before, string After, TargetSource Source);

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
    /// <summary>French, as messages name the level: « FR-MET », « ses départements (DEP-xx) », « ses régions (REG-xx) », « les pays de l'Union européenne de 2009 ».</summary>
    public string French => Group switch
    {
        ScopeGroup.Territory => Territory!.Value.Code,
        ScopeGroup.Departements => "ses départements (DEP-xx)",
        ScopeGroup.Regions => "ses régions (REG-xx)",
        _ => "les pays de l'Union européenne de 2009",
    };

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
    IReadOnlyList<Target> Targets,
    Baseline? Baseline,
    bool Sensitive,
    string Quote)
{
    /// <summary>The first territory of the scope: its value is the one compared with the target.</summary>
    public Territory Headline => Scope[0].Territory ?? Territory.France;

    public bool IsRatio => Aggregation == Aggregation.Ratio;

    /// <summary>
    /// Whether the figure is its latest period's, not the window's: a stock (jobseekers in December,
    /// not the year's) and a count of départements over a threshold, counted period by period.
    /// </summary>
    public bool FigureIsLatestPeriod => Aggregation == Aggregation.Last || Derivation?.Kind == DerivationKind.CountOver;

    /// <summary>
    /// The headline target in force: set by <see cref="InForce"/> to its year's (null when the year
    /// has none, or for a context indicator). Null in the catalogue as loaded, which has years of targets.
    /// </summary>
    public Target? Target { get; init; }

    /// <summary>The other targets of the year <see cref="InForce"/> chose, shown beside the headline one.</summary>
    public IReadOnlyList<Target> OtherTargets { get; init; } = [];

    /// <summary>The dated versions of the definition, in order; empty when it never changed.</summary>
    public IReadOnlyList<DefinitionVersion> Definitions { get; init; } = [];

    /// <summary>The version of the definition in force on <paramref name="day"/>, or null when the catalogue lists none.</summary>
    public DefinitionVersion? DefinitionOn(DateOnly day) => Definitions.FirstOrDefault(d => d.Covers(day));

    /// <summary>The definition changes that took effect after <paramref name="start"/> and on or before <paramref name="end"/>, in order.</summary>
    public IEnumerable<SeriesBreak> BreaksWithin(DateOnly start, DateOnly end)
    {
        for (var i = 1; i < Definitions.Count; i++)
        {
            if (Definitions[i].From is { } from && from > start && from <= end)
            {
                yield return new SeriesBreak(from, Definitions[i - 1].Text, Definitions[i].Text, Definitions[i].Source);
            }
        }
    }

    /// <summary>The years with a headline target in force, in order.</summary>
    public IEnumerable<int> TargetYears => Target.Years.Where(y => Targets.Any(t => t.Headline && t.AppliesIn(y, Baseline)));

    /// <summary>
    /// The indicator as a snapshot as of <paramref name="asOf"/> sees it: <see cref="Target"/> the
    /// headline target of that year, <see cref="OtherTargets"/> the others (INDICATORS.md, "Years after 2009").
    /// </summary>
    public Indicator InForce(DateOnly asOf)
    {
        var year = Targets.Where(t => t.AppliesIn(asOf.Year, Baseline)).ToArray();
        return this with { Target = year.FirstOrDefault(t => t.Headline), OtherTargets = [.. year.Where(t => !t.Headline)] };
    }


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
    /// True when the dashboard publishes a figure of this indicator for <paramref name="territory"/>:
    /// a territory its scope names, a département when it is published by département, a région by
    /// région, a country by country. Narrower than <see cref="Covers"/>: a région's figure of an
    /// indicator published by département has a place (it stands for its départements in the
    /// national roll-up) but is not published.
    /// </summary>
    public bool PublishedAt(Territory territory) => Scope.Any(s => s.Group switch
    {
        ScopeGroup.Territory => s.Territory == territory,
        ScopeGroup.Departements => territory.Kind == TerritoryKind.Departement,
        ScopeGroup.Regions => territory.Kind == TerritoryKind.Region,
        _ => territory.Kind == TerritoryKind.Country,
    });

    /// <summary>« FR-MET et ses départements (DEP-xx) »: the levels the dashboard publishes, in French (<see cref="ScopeEntry.French"/>).</summary>
    public string PublishedLevels => Indicators.FrenchFormat.List([.. Scope.Select(s => s.French)]);

    /// <summary>
    /// True when the values count people or things (personnes, opérations, décisions, entreprises…):
    /// whole numbers only. Rates, durations (jours, mois), milestones and ranks are not counts.
    /// </summary>
    public bool IsCount => !IsRatio && Aggregation != Aggregation.WeightedMean && Unit is not ("taux" or "jours" or "mois" or "jalon" or "rang");

    /// <summary>True when the agency may report this indicator (derived indicators are never reported).</summary>
    public bool MayBeReportedBy(AgencyId agency) => Aggregation != Aggregation.Derived && Sources.Contains(agency);
}
