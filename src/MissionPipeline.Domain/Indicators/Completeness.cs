using MissionPipeline.Catalogue;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// Per agency and reported indicator (monthly, quarterly or yearly; not ad hoc, milestones or
/// derived): the periods of asOf's year already due by asOf (period end + dueDays), those the agency
/// sent a committed figure for (the period itself or a period containing it), those ended but not due
/// yet that it sent all the same (<see cref="CompletenessEntry.Ahead"/>), and the late ones:
/// received after the due date (days between the due date and the UTC day of the upload of the
/// first file that brought it: the upload's own timestamp, never the period or the ingestion run)
/// or still missing (days between the due date and asOf). An indicator with nothing due yet this
/// year (a yearly figure due in the summer of the next year) is listed with empty lists, so that
/// every agency's freshness shows; <see cref="CompletenessEntry.LastReceived"/> is the upload time of
/// the latest file that brought a figure for the indicator, whatever its period. Catalogue order,
/// then the indicator's agencies in order.
/// </summary>
internal static class Completeness
{
    /// <summary>The entries of one indicator (none for a derived, milestone or ad hoc one), its agencies in order.</summary>
    public static IReadOnlyList<CompletenessEntry> Of(Indicator indicator, EngineContext ctx)
    {
        if (indicator.Aggregation is Aggregation.Derived or Aggregation.Milestone || indicator.Periodicity == Periodicity.AdHoc)
        {
            return [];
        }

        var year = Year(indicator, ctx.AsOf);
        var expected = year.Where(p => p.End.AddDays(indicator.DueDays) <= ctx.AsOf).ToArray();
        var notDue = year.Where(p => p.End <= ctx.AsOf && p.End.AddDays(indicator.DueDays) > ctx.AsOf).ToArray();
        return [.. indicator.Sources.Select(agency => Entry(indicator, agency, expected, notDue, ctx))];
    }

    private static CompletenessEntry Entry(Indicator indicator, AgencyId agency, Period[] expected, Period[] notDue, EngineContext ctx)
    {
        // Only periods that can contain an expected one (they end in asOf's year or later) are made into objects.
        var sent = ctx.All(indicator.Id, agency: agency, endingFrom: new DateOnly(ctx.AsOf.Year, 1, 1)).Where(o => o.Observation.HasFigure).ToArray();
        var received = new List<Period>();
        var late = new List<LatePeriod>();
        foreach (var period in expected)
        {
            var due = period.End.AddDays(indicator.DueDays);
            var first = sent.Where(o => o.Observation.Period.Contains(period))
                .Select(o => (DateOnly?)DateOnly.FromDateTime(o.Received.UtcDateTime)).Min();
            if (first is not null)
            {
                received.Add(period);
            }

            var days = (first ?? ctx.AsOf).DayNumber - due.DayNumber;
            if (days > 0)
            {
                late.Add(new LatePeriod(period, days));
            }
        }

        var last = ctx.Observations.LastFigureReceived(indicator.Id, agency, ctx.AsOf);
        return new CompletenessEntry(agency, indicator.Id, expected, received, late, last?.ToUniversalTime())
        {
            MeanAbsoluteRevision = Revisions.MeanAbsoluteRevision(indicator, agency, ctx),
            Ahead = [.. notDue.Where(period => sent.Any(o => o.Observation.Period.Contains(period)))],
        };
    }

    /// <summary>The periods of asOf's year at the indicator's periodicity.</summary>
    private static Period[] Year(Indicator indicator, DateOnly asOf)
    {
        var year = asOf.Year;
        IEnumerable<Period> periods = indicator.Periodicity switch
        {
            Periodicity.Monthly => Enumerable.Range(1, 12).Select(m => Period.OfMonth(year, m)),
            Periodicity.Quarterly => Enumerable.Range(1, 4).Select(q => Period.OfQuarter(year, q)),
            Periodicity.Yearly => [Period.OfYear(year)],
            _ => [],
        };
        return [.. periods];
    }
}
