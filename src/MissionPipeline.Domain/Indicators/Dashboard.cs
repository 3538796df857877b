using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>The colour of an indicator on the dashboard (docs/indicators.md, "Status").</summary>
public enum IndicatorStatus
{
    Achieved,
    OnTrack,
    AtRisk,
    OffTrack,
    Missed,

    /// <summary>No figure to compare with the objective; <see cref="IndicatorResult.NoDataReason"/> says why.</summary>
    NoData,

    /// <summary>A context indicator (no target): shown with its trend, no status colour.</summary>
    Context,

    /// <summary>
    /// A figure the rule cannot judge (a <c>direction</c> indicator with neither the same months of
    /// the previous year nor a baseline); <see cref="IndicatorResult.NoDataReason"/> says why. Last
    /// of the enumeration: the numbering of the others never changes.
    /// </summary>
    Unassessed,
}

/// <summary>Why an indicator has no figure. Each has a stable code (<see cref="DashboardCodes.Code(NoDataCode)"/>).</summary>
public enum NoDataCode
{
    /// <summary><c>no-file</c>: the figures are due and no accepted file brought any.</summary>
    NoFile,

    /// <summary><c>file-rejected</c>: the agency sent files for it this year, and every one was rejected.</summary>
    FileRejected,

    /// <summary><c>not-due-yet</c>: no period of the year has reached its due date (period end + dueDays).</summary>
    NotDueYet,

    /// <summary>
    /// <c>no-value</c>: figures arrived but give no value: a zero denominator or weight, an input of a
    /// derived indicator missing, figures marked <c>nd</c> or <c>s</c>, or figures for other
    /// territories only (not the headline one).
    /// </summary>
    NoValue,

    /// <summary><c>no-reference</c>: a direction objective with neither the previous year's same months nor a baseline to compare with.</summary>
    NoReference,

    /// <summary><c>no-target</c>: an indicator with targets in other years, none in the snapshot's (status unassessed).</summary>
    NoTarget,

    /// <summary><c>series-break</c>: a direction objective whose reference (the previous year, the baseline) was counted under another definition (status unassessed).</summary>
    SeriesBreak,
}

/// <summary>Why an indicator has status no_data: a stable code and a French sentence for the dashboard.</summary>
public sealed record NoDataReason(NoDataCode Code, string Message)
{
    /// <summary>The sentence, with French typography (it reaches the page, the CSV and the JSON as it is).</summary>
    public string Message { get; init; } = Text.FrenchTypography.Apply(Message);
}

/// <summary>One point of an indicator's headline series: a period used in the computation and its value.</summary>
public sealed record SeriesPoint(Period Period, double Value);

/// <summary>
/// The indicator's value for one territory of its breakdown. A null <see cref="Value"/> means the cell
/// exists but is hidden by small-count suppression (published as <c>"s"</c>).
/// </summary>
public sealed record TerritoryValue(Territory Territory, double? Value);

/// <summary>
/// What a <c>count_over</c> indicator counted in its latest period (<see cref="Period"/>): every
/// département with a value of that period, the one compared with <see cref="Threshold"/>, so that a
/// département's page, which shows the window's mean, can say whether it is counted and why.
/// </summary>
public sealed record CountedTerritories(Period Period, double Threshold, IReadOnlyList<TerritoryValue> Territories)
{
    /// <summary>The départements counted: those whose value of <see cref="Period"/> <see cref="Counts"/>.</summary>
    public IEnumerable<TerritoryValue> Over => Territories.Where(t => Counts(t.Value));

    /// <summary>Whether a value of <see cref="Period"/> is counted: it exceeds <see cref="Threshold"/> (12 months is not over a year).</summary>
    public bool Counts(double? value) => value > Threshold;
}

/// <summary>A file whose observations contributed to an indicator's figures.</summary>
public sealed record SourceRef(AgencyId Agency, string IngestId, DateTimeOffset Received)
{
    /// <summary>The name the file was received under (its <c>Ingestions</c> row's), so that a figure is traced to a file a person knows; null where no row names it.</summary>
    public string? File { get; init; }
}

/// <summary>
/// A figure that disagrees with another figure for the same thing by more than 1 %: the value an
/// agency sent for <see cref="Territory"/> against the sum of its parts (<c>territory-sum-gap</c>),
/// or the value of <see cref="Period"/> against the sum of the periods it contains
/// (<c>period-sum-gap</c>). The dashboard keeps the enclosing value; the warning tells the reader.
/// </summary>
public sealed record IndicatorWarning(string Code, Territory Territory, Period Period, string Message)
{
    public const string TerritorySumGap = "territory-sum-gap";

    public const string PeriodSumGap = "period-sum-gap";

    /// <summary>A month's value far from its own history (<see cref="UnusualValues"/>): it carries the value, the usual range and the file that brought it.</summary>
    public const string UnusualValue = "unusual-value";

    /// <summary>For an unusual value: the value.</summary>
    public double? Value { get; init; }

    /// <summary>For an unusual value: the low end of the usual range, the band the rule accepts around the median of the twelve months before it.</summary>
    public double? UsualLow { get; init; }

    /// <summary>For an unusual value: the high end of the usual range.</summary>
    public double? UsualHigh { get; init; }

    /// <summary>For an unusual value: the agency whose file brought it.</summary>
    public AgencyId? Agency { get; init; }

    /// <summary>For an unusual value: the ingest id of the file that brought it.</summary>
    public string? IngestId { get; init; }
}

/// <summary>
/// One objective as computed as of a date. Catalogue fields (<see cref="Id"/> to <see cref="Baseline"/>)
/// are copied as they are. <see cref="Actual"/> is the headline territory's value over the target
/// year; <see cref="ExpectedToDate"/> and <see cref="Projection"/> exist for annual flows (and the
/// expected value of a trajectory); <see cref="Progress"/> is absent for context and direction
/// indicators. <see cref="NoDataReason"/> is set exactly when <see cref="Status"/> is
/// <see cref="IndicatorStatus.NoData"/>; <see cref="DoneOn"/> only for a milestone that is done.
/// Lists are ordered: periods chronologically, territories by <see cref="TerritoryOrder"/>,
/// sources by received time then ingest id.
/// </summary>
public sealed record IndicatorResult(
    IndicatorId Id,
    int Axis,
    string Title,
    string Unit,
    string Quote,
    Target? Target,
    Baseline? Baseline,
    double? Actual,
    IReadOnlyList<Period> PeriodsReported,
    double? ExpectedToDate,
    double? Projection,
    double? Progress,
    IndicatorStatus Status,
    bool Provisional,
    IReadOnlyList<SeriesPoint> Series,
    IReadOnlyList<TerritoryValue> Territories,
    IReadOnlyList<SourceRef> Sources,
    NoDataReason? NoDataReason,
    DateOnly? DoneOn)
{
    /// <summary>The consistency warnings of the figures used, by territory then period (<see cref="IndicatorWarning"/>).</summary>
    public IReadOnlyList<IndicatorWarning> Warnings { get; init; } = [];

    /// <summary>For a count of départements over a threshold: those it counted in its latest period (<see cref="CountedTerritories"/>); else null.</summary>
    public CountedTerritories? Counted { get; init; }

    /// <summary>The year-end forecast of an annual flow whose year is not over (<see cref="Forecasts"/>), or null.</summary>
    public Forecast? Forecast { get; init; }

    /// <summary>The latest change a later file made to a value of the headline territory (<see cref="Revisions"/>), or null when none was ever revised.</summary>
    public Revision? LatestRevision { get; init; }

    /// <summary>For a direction objective assessed: what its status compared (<see cref="Comparison"/>); else null.</summary>
    public Comparison? ComparedWith { get; init; }

    /// <summary>The year's other targets (the budget's beside the letter's), each with the status and progress its own rule gives; they never set <see cref="Status"/>.</summary>
    public IReadOnlyList<TargetStanding> OtherTargets { get; init; } = [];

    /// <summary>The version of the definition in force at asOf, or null for an indicator whose definition never changed.</summary>
    public DefinitionVersion? Definition { get; init; }

    /// <summary>
    /// The definition changes the figures cross: after the start of the year before the window
    /// (the previous year is what a direction rule and a seasonal forecast compare with) and on or before asOf.
    /// </summary>
    public IReadOnlyList<SeriesBreak> Breaks { get; init; } = [];
}

/// <summary>A target shown beside the headline one, with the status and progress its rule gives the same figures.</summary>
public sealed record TargetStanding(Target Target, IndicatorStatus Status, double? Progress);

/// <summary>
/// What a direction objective's status compared (INDICATORS.md, the direction rule): <see cref="Compared"/>
/// (the year to date, or an annual flow's projection against an annual baseline) against
/// <see cref="Reference"/>, the same periods of the previous year (<see cref="ComparisonBases.PreviousYear"/>)
/// or the baseline (<see cref="ComparisonBases.Baseline"/>), whose periods run from <see cref="From"/> to <see cref="To"/>.
/// Published so that the status can be read against the figure it was judged by.
/// </summary>
public sealed record Comparison(string Basis, double Compared, double Reference, Period From, Period To);

/// <summary>The bases of a <see cref="Comparison"/>, as the snapshot writes them.</summary>
public static class ComparisonBases
{
    public const string PreviousYear = "previous_year";

    public const string Baseline = "baseline";
}

/// <summary>A later file changing a value: of which period, from what to what, which file, received when.</summary>
public sealed record Revision(Period Period, double? From, double? To, DateTimeOffset Received, string File);

/// <summary>How many indicators have each status.</summary>
public sealed record StatusCounts(int Achieved, int OnTrack, int AtRisk, int OffTrack, int Missed, int NoData, int Context, int Unassessed = 0)
{
    public static StatusCounts Of(IEnumerable<IndicatorStatus> statuses)
    {
        var n = new int[Enum.GetValues<IndicatorStatus>().Length];
        foreach (var s in statuses)
        {
            n[(int)s]++;
        }

        return new StatusCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    }
}

/// <summary>The number of indicators and their statuses.</summary>
public sealed record DashboardSummary(int Indicators, StatusCounts ByStatus);

/// <summary>A period received late (or still missing), by how many days after its due date.</summary>
public sealed record LatePeriod(Period Period, int Days);

/// <summary>
/// Per agency and indicator: the periods expected by asOf, those received, those late, and when the
/// agency last uploaded a file that brought a figure for it (any period up to asOf; null if never).
/// </summary>
public sealed record CompletenessEntry(
    AgencyId Agency,
    IndicatorId Indicator,
    IReadOnlyList<Period> Expected,
    IReadOnlyList<Period> Received,
    IReadOnlyList<LatePeriod> Late,
    DateTimeOffset? LastReceived = null)
{
    /// <summary>The agency's mean absolute revision of the indicator's headline figures, first value → latest, over the periods it sent more than once; null when it never did.</summary>
    public double? MeanAbsoluteRevision { get; init; }

    /// <summary>
    /// The periods of asOf's year that ended by asOf and were received before they were due (so are in
    /// neither <see cref="Expected"/> nor <see cref="Received"/>): December's figures sent on 5 January,
    /// due on the 15th, counted by the cards of the 31 December account beside « 11 / 11 » received.
    /// </summary>
    public IReadOnlyList<Period> Ahead { get; init; } = [];
}

/// <summary>
/// A field of an indicator that differs from the previous published snapshot (<see cref="DashboardChanges"/>):
/// <c>status</c> (codes) or <c>actual</c> (invariant numbers); null where the value is absent.
/// </summary>
public sealed record DashboardChange(IndicatorId Indicator, string Field, string? From, string? To)
{
    /// <summary>Why it changed: one of <see cref="ChangeCauses"/>.</summary>
    public string Cause { get; init; } = ChangeCauses.Rule;

    /// <summary>For a revision: the period the later file changed, else null.</summary>
    public string? Period { get; init; }

    /// <summary>For a revision: the file that changed it, else null.</summary>
    public string? File { get; init; }

    /// <summary>The change and its cause in one French sentence.</summary>
    public string Message { get; init; } = string.Empty;
}

/// <summary>
/// The "tableau de bord" as of <see cref="AsOf"/>: every indicator of the catalogue, in catalogue
/// order. Deterministic: the same input gives an equal dashboard.
/// </summary>
public sealed record Dashboard(
    DateOnly AsOf,
    string Catalogue,
    DashboardSummary Summary,
    IReadOnlyList<IndicatorResult> Indicators,
    IReadOnlyList<CompletenessEntry> Completeness,
    IReadOnlyList<DashboardChange> Changes)
{
    /// <summary>The moment this dashboard is as it could be known (only files received by then count), or null: every committed file.</summary>
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>The latest receipt time among the files it was computed from (derived from them: the same files give the same value), or null when there were none.</summary>
    public DateTimeOffset? LatestReceipt { get; init; }

    /// <summary>
    /// The date of the snapshot <see cref="Changes"/> compares with (the last released before this one
    /// when it was computed, which need not be the date just before it), or null when there was none.
    /// </summary>
    public DateOnly? ChangesSince { get; init; }

    /// <summary>
    /// The previous year's account evaluated again with the files committed since (<see cref="AccountRevision"/>),
    /// or null when there is none to look back on (no snapshot of 31 December of the year before, or, where
    /// approval is required, none approved), and for a view as known at a moment.
    /// </summary>
    public AccountRevision? AccountRevised { get; init; }
}

/// <summary>The stable codes the snapshot publishes for statuses and no-data reasons.</summary>
public static class DashboardCodes
{
    /// <summary>achieved, on_track, at_risk, off_track, missed, no_data, unassessed, context.</summary>
    public static string Code(this IndicatorStatus status) => status switch
    {
        IndicatorStatus.Achieved => "achieved",
        IndicatorStatus.OnTrack => "on_track",
        IndicatorStatus.AtRisk => "at_risk",
        IndicatorStatus.OffTrack => "off_track",
        IndicatorStatus.Missed => "missed",
        IndicatorStatus.NoData => "no_data",
        IndicatorStatus.Unassessed => "unassessed",
        _ => "context",
    };

    /// <summary>no-file, file-rejected, not-due-yet, no-value, no-reference, no-target, series-break.</summary>
    public static string Code(this NoDataCode code) => code switch
    {
        NoDataCode.NoFile => "no-file",
        NoDataCode.FileRejected => "file-rejected",
        NoDataCode.NotDueYet => "not-due-yet",
        NoDataCode.NoValue => "no-value",
        NoDataCode.NoTarget => "no-target",
        NoDataCode.SeriesBreak => "series-break",
        _ => "no-reference",
    };

    /// <summary>at_least, at_most, trajectory, direction, milestone.</summary>
    public static string Code(this TargetKind kind) => kind switch
    {
        TargetKind.AtLeast => "at_least",
        TargetKind.AtMost => "at_most",
        TargetKind.Trajectory => "trajectory",
        TargetKind.Direction => "direction",
        _ => "milestone",
    };
}
