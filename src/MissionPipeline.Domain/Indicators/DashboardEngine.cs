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
    /// <param name="input">What the dashboard is computed from.</param>
    /// <param name="memo">
    /// When given, the results of a previous compute: an indicator whose inputs have not changed since
    /// is taken from it instead of evaluated again (<see cref="EngineMemo"/>), and this compute's are kept in it.
    /// </param>
    public static Dashboard Compute(RecomputeInput input, EngineMemo? memo = null) => Compute(input, memo, out _);

    /// <summary>As above; <paramref name="reused"/> is how many indicators this compute took from <paramref name="memo"/>.</summary>
    /// <remarks>Counted for this call, not kept in the memo: two computes sharing one memo (the nightly run and <c>POST /api/recompute</c>) each get their own count.</remarks>
    public static Dashboard Compute(RecomputeInput input, EngineMemo? memo, out int reused)
    {
        var ctx = new EngineContext(input, memo);
        var results = new List<IndicatorResult>(ctx.Catalogue.Indicators.Count);
        var completeness = new List<CompletenessEntry>();
        reused = 0;
        foreach (var indicator in ctx.Catalogue.Indicators)
        {
            var key = memo is null ? null : EngineMemo.KeyOf(indicator, input, ctx.Catalogue);
            if (key is not null && memo!.TryGet(indicator.Id, key, out var kept))
            {
                reused++;
            }
            else
            {
                var r = IndicatorEvaluator.Evaluate(indicator, ctx);
                kept = new EngineMemo.Kept(
                    key ?? string.Empty,
                    r with { LatestRevision = Revisions.LatestOf(indicator, ctx), Warnings = [.. r.Warnings, .. UnusualValues.Of(indicator, ctx)], Sources = ctx.Named(r.Sources) },
                    Completeness.Of(indicator, ctx));
                if (key is not null)
                {
                    memo!.Keep(indicator.Id, kept);
                }
            }

            results.Add(kept.Result);
            completeness.AddRange(kept.Completeness);
        }

        return new Dashboard(
            input.AsOf,
            input.Catalogue.Id,
            new DashboardSummary(results.Count, StatusCounts.Of(results.Select(r => r.Status))),
            results,
            completeness,
            [])
        {
            KnownAt = input.KnownAt,
            LatestReceipt = input.LatestReceipt,
        };
    }
}
