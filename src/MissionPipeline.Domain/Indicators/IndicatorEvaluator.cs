using MissionPipeline.Catalogue;
using MissionPipeline.Geography;

namespace MissionPipeline.Indicators;

/// <summary>Computes one indicator's result: its window, its figures, then the status its target's kind calls for.</summary>
internal static class IndicatorEvaluator
{
    public static IndicatorResult Evaluate(Indicator indicator, EngineContext ctx)
    {
        var window = WindowOf(indicator, ctx.AsOf);
        var definition = indicator.DefinitionOn(ctx.AsOf);
        var blank = Blank(indicator) with
        {
            Title = definition?.Title ?? indicator.Title,
            Definition = definition,
            Breaks = [.. indicator.BreaksWithin(window.Start.AddYears(-1), ctx.AsOf)],
            OtherTargets = [.. indicator.OtherTargets.Select(t => new TargetStanding(t, IndicatorStatus.NoData, null))],
        };
        if (indicator.Target?.Kind == TargetKind.Milestone)
        {
            return MilestoneRule.Evaluate(indicator, ctx, blank);
        }

        if (indicator.Aggregation == Aggregation.Milestone)
        {
            return blank with { Status = IndicatorStatus.Unassessed, NoDataReason = NoDataReasons.NoTarget(indicator, ctx.AsOf) };
        }

        var source = ctx.Source(indicator, window);
        var headline = source.Measure(indicator.Headline);
        var result = WithFigures(blank, indicator, source, headline) with { Warnings = source.Warnings };
        if (indicator.Derivation is { Kind: DerivationKind.CountOver } countOver && result.PeriodsReported.Count > 0)
        {
            var input = ctx.Catalogue[countOver.Of[0]];
            result = result with { Counted = DerivedSources.Counted(countOver, input, ctx.Source(input, window), result.PeriodsReported.Max()) };
        }

        if (headline is null)
        {
            return result with { NoDataReason = NoDataReasons.Explain(indicator, window, ctx) };
        }

        if (result.Actual is not { } actual)
        {
            return result with { NoDataReason = NoDataReasons.NoValue };
        }

        if (indicator.Target is null)
        {
            return indicator.Targets.Count == 0
                ? result with { Status = IndicatorStatus.Context }
                : result with { Status = IndicatorStatus.Unassessed, NoDataReason = NoDataReasons.NoTarget(indicator, ctx.AsOf) };
        }

        if (indicator.Target.Kind == TargetKind.Direction && result.Breaks.Count > 0)
        {
            return result with { Status = IndicatorStatus.Unassessed, NoDataReason = NoDataReasons.Break(result.Breaks[^1]) };
        }

        var assessed = Assess(result, indicator, window, source, headline, actual, ctx);
        return assessed with
        {
            OtherTargets = [.. indicator.OtherTargets.Select(t => Assess(result, indicator with { Target = t }, window, source, headline, actual, ctx))
                .Select((other, i) => new TargetStanding(indicator.OtherTargets[i], other.Status, other.Progress))],
        };
    }

    /// <summary>Applies the rule of the target's kind; a direction with nothing to compare with is unassessed (it has a figure).</summary>
    private static IndicatorResult Assess(IndicatorResult result, Indicator indicator, Window window, MeasureSource source, Measured headline, double actual, EngineContext ctx)
    {
        var forecast = ForecastOf(indicator, source.Shape, headline, actual, window, ctx);
        var assessment = indicator.Target!.Kind switch
        {
            TargetKind.Trajectory => TargetRules.Trajectory(indicator, actual, ctx.AsOf),
            TargetKind.Direction => DirectionRule.Assess(ComparableBaseline(indicator, ctx.AsOf), source.Shape, headline, ctx.Source(indicator, window.PreviousYear()).Measure(indicator.Headline)),
            _ => TargetRules.Threshold(indicator, source.Shape, actual, headline.Series.Months.Count, ctx.AsOf, forecast),
        };
        result = result with { Forecast = forecast };
        return assessment is null
            ? result with { Status = IndicatorStatus.Unassessed, NoDataReason = NoDataReasons.NoReference }
            : result with
            {
                Status = assessment.Status,
                ExpectedToDate = assessment.ExpectedToDate,
                Projection = assessment.Projection,
                Progress = assessment.Progress,
                ComparedWith = assessment.Comparison,
            };
    }

    /// <summary>The indicator without its baseline when the baseline was counted under another definition than asOf's: it no longer compares.</summary>
    private static Indicator ComparableBaseline(Indicator indicator, DateOnly asOf) =>
        indicator.Baseline is { } b && indicator.BreaksWithin(b.Period.End, asOf).Any() ? indicator with { Baseline = null } : indicator;

    /// <summary>The year-end forecast of an annual flow with a figure target, while its year is not over with its twelve months in; else null.</summary>
    private static Forecast? ForecastOf(Indicator indicator, MeasureShape shape, Measured headline, double actual, Window window, EngineContext ctx)
    {
        var months = headline.Series.Points.Where(p => p.Period.Kind == Periods.PeriodKind.Month && p.Period.Year == window.End.Year).Select(p => p.Period.Index).ToHashSet();
        return shape.IsAnnualFlow && indicator.Target?.Kind is TargetKind.AtLeast or TargetKind.AtMost && months.Count is > 0 and < 12
            ? Forecasts.Of(indicator, actual, months, window.End.Year, ctx)
            : null;
    }

    /// <summary>
    /// The "target year": the year of the due date for at_least / at_most; from the baseline's period
    /// to asOf for a trajectory; the year of asOf for direction and context indicators, and for an
    /// indicator without a target that year. Always cut at asOf.
    /// </summary>
    public static Window WindowOf(Indicator indicator, DateOnly asOf) => indicator.Target switch
    {
        { Kind: TargetKind.AtLeast or TargetKind.AtMost, Due: { } due } => Window.Year(due.Year, asOf),
        { Kind: TargetKind.Trajectory } when indicator.Baseline is { } b => new Window(b.Period.Start, asOf),
        _ => Window.Year(asOf.Year, asOf),
    };

    /// <summary>The catalogue's fields, no figures, status no_data: every result starts from it.</summary>
    private static IndicatorResult Blank(Indicator i) => new(
        i.Id, i.Axis, i.Title, i.Unit, i.Quote, i.Target, i.Baseline,
        Actual: null, PeriodsReported: [], ExpectedToDate: null, Projection: null, Progress: null,
        Status: IndicatorStatus.NoData, Provisional: false, Series: [], Territories: [], Sources: [],
        NoDataReason: null, DoneOn: null);

    private static IndicatorResult WithFigures(IndicatorResult blank, Indicator indicator, MeasureSource source, Measured? headline)
    {
        var kind = source.Shape.Kind;
        var breakdown = Breakdown(indicator, source)
            .Select(t => (Territory: t, Measured: source.Measure(t)))
            .Where(x => x.Measured?.Value(kind) is not null)
            .ToArray();
        var points = headline?.Series.Points ?? [];
        var contributing = points.SelectMany(p => p.From)
            .Concat(headline?.Total.From ?? [])
            .Concat(breakdown.SelectMany(x => x.Measured!.Total.From));
        return blank with
        {
            Actual = headline?.Value(kind),
            PeriodsReported = points.Select(p => p.Period).ToArray(),
            Series = points.Where(p => p.Amount.ValueOf(kind) is not null).Select(p => new SeriesPoint(p.Period, p.Amount.ValueOf(kind)!.Value)).ToArray(),
            Territories = breakdown.Select(x => new TerritoryValue(x.Territory, x.Measured!.Value(kind))).ToArray(),
            Sources = SourcesOf(contributing),
            Provisional = headline?.Total.From.Any(EngineContext.IsProvisional) ?? false,
        };
    }

    /// <summary>
    /// The scope after the headline: named territories, every département and country with figures,
    /// and every région with figures of its own or of its départements (the roll-up).
    /// </summary>
    private static IEnumerable<Territory> Breakdown(Indicator indicator, MeasureSource source) =>
        indicator.Scope.Skip(1).SelectMany(entry => entry.Group switch
        {
            ScopeGroup.Territory => [entry.Territory!.Value],
            ScopeGroup.Departements => source.Territories.Where(t => t.Kind == TerritoryKind.Departement),
            ScopeGroup.Regions => Geography2009.Default.Regions,
            _ => source.Territories.Where(t => t.Kind == TerritoryKind.Country),
        })
        .Where(t => t != indicator.Headline)
        .Distinct()
        .Order(TerritoryOrder.Instance);

    private static SourceRef[] SourcesOf(IEnumerable<SourcedObservation> observations) =>
        observations.Select(o => new SourceRef(o.Agency, o.IngestId, o.Received))
            .Distinct()
            .OrderBy(s => s.Received).ThenBy(s => s.IngestId, StringComparer.Ordinal).ThenBy(s => s.Agency.Value, StringComparer.Ordinal)
            .ToArray();
}
