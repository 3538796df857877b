using MissionPipeline.Catalogue;

namespace MissionPipeline.Indicators;

/// <summary>
/// The <c>milestone</c> rule. A milestone is done on the end of the earliest period for which its
/// headline territory has a winning observation with a value above 0 (the agency reports 1 on the
/// day it was done; a later file may withdraw it with 0 for the same day). Done on or before the due
/// date: achieved; done after it: missed, with <see cref="IndicatorResult.DoneOn"/>; not done: missed
/// from the snapshot as of the due date on (the state at the end of that day), on_track before. No observation means "not done yet", never
/// no_data; a milestone done after asOf does not count (its period ends after asOf).
/// </summary>
internal static class MilestoneRule
{
    public static IndicatorResult Evaluate(Indicator indicator, EngineContext ctx, IndicatorResult blank)
    {
        var due = indicator.Target!.Due!.Value;
        var done = ctx.Winning(indicator.Id)
            .Where(o => o.Observation.Territory == indicator.Headline && o.Observation.Value is > 0)
            .OrderBy(o => o.Observation.Period.End)
            .FirstOrDefault();
        if (done is null)
        {
            // A snapshot as of D is the state at the end of day D: due on D and not done is missed.
            var pending = ctx.AsOf >= due ? IndicatorStatus.Missed : IndicatorStatus.OnTrack;
            return blank with { Status = pending, Actual = 0, Progress = 0 };
        }

        var period = done.Observation.Period;
        return blank with
        {
            Status = period.End <= due ? IndicatorStatus.Achieved : IndicatorStatus.Missed,
            Actual = 1,
            Progress = 1,
            DoneOn = period.End,
            PeriodsReported = [period],
            Series = [new SeriesPoint(period, done.Observation.Value!.Value)],
            Sources = [new SourceRef(done.Agency, done.IngestId, done.Received)],
            Provisional = EngineContext.IsProvisional(done),
        };
    }
}
