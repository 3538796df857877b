namespace MissionPipeline.Indicators;

/// <summary>
/// The indicator engine: committed observations + catalogue → every objective's figures and status
/// as of a date (docs/indicators.md). Pure and deterministic: no clock (asOf is the input's), no I/O, and
/// the result does not depend on the order of the input lists.
/// </summary>
public static class DashboardEngine
{
    /// <summary>
    /// Computes the dashboard. "Latest wins" per (indicator, period, territory), by received time then
    /// ingest id; periods ending after asOf are ignored. Indicators come in catalogue order.
    /// </summary>
    public static Dashboard Compute(RecomputeInput input)
    {
        var ctx = new EngineContext(input);
        var results = ctx.Catalogue.Indicators.Select(i => IndicatorEvaluator.Evaluate(i, ctx) is var r
            ? r with { LatestRevision = Revisions.LatestOf(i, ctx), Warnings = [.. r.Warnings, .. UnusualValues.Of(i, ctx)] }
            : r).ToArray();
        return new Dashboard(
            input.AsOf,
            input.Catalogue.Id,
            new DashboardSummary(results.Length, StatusCounts.Of(results.Select(r => r.Status))),
            results,
            Completeness.Compute(ctx),
            [])
        {
            KnownAt = input.KnownAt,
            LatestReceipt = input.LatestReceipt,
        };
    }
}
