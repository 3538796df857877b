namespace MissionPipeline.Storage;

/// <summary>
/// How a recompute picks its date when none is asked (the nightly run, <c>POST /api/recompute</c>
/// without <c>asOf</c>): today (UTC) by default; a fixed date for a server that shows one past year,
/// such as the demo's, whose <c>latest</c> must never move past its year.
/// </summary>
public sealed record RecomputeOptions(DateOnly? FixedAsOf = null)
{
    public static readonly RecomputeOptions Default = new();
}
