using MissionPipeline.Text;
using System.Globalization;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;

namespace MissionPipeline.Indicators;

/// <summary>One value a file gave a cell: what it said, which file said it, and when that file was received.</summary>
public sealed record RevisionVersion(double? Value, double? Numerator, double? Denominator, AgencyId Agency, string IngestId, string File, DateTimeOffset Received)
{
    /// <summary>The figure the version gives: its value, else its ratio; null for neither.</summary>
    public double? Figure => Value ?? (Numerator is { } n && Denominator is { } d && d != 0 ? n / d : null);
}

/// <summary>A period's successive values, oldest first: the last one is what the dashboard uses.</summary>
public sealed record PeriodRevisions(Period Period, IReadOnlyList<RevisionVersion> Versions)
{
    /// <summary>True when a later file changed the value the first one gave.</summary>
    public bool Revised => Versions.Count > 1 && Versions.Any(v => v.Figure != Versions[0].Figure);

    /// <summary>The absolute change from the first value to the latest, or null when either is not a plain value.</summary>
    public double? AbsoluteRevision => Versions[0].Figure is { } first && Versions[^1].Figure is { } latest ? Math.Abs(latest - first) : null;

}

/// <summary>
/// The revision triangle of one (indicator, territory) (INDICATORS.md, "Time: what was known when"):
/// for each period, every value committed files gave it, in the order in which they supersede each
/// other (received, claimed, ingest id: the engine's "latest wins"). Pure and deterministic.
/// </summary>
public static class Revisions
{
    /// <summary>The triangle of <paramref name="territory"/> for <paramref name="indicator"/>, periods in order; files unknown to <paramref name="ingestions"/> are named by their ingest id.</summary>
    public static IReadOnlyList<PeriodRevisions> Triangle(
        IndicatorId indicator, Territory territory, IEnumerable<SourcedObservation> observations, IReadOnlyList<IngestionSummary> ingestions)
    {
        var files = ingestions.GroupBy(i => (i.Agency, i.IngestId)).ToDictionary(g => g.Key, g => g.First().FileName);
        return observations
            .Where(o => o.Observation.Indicator == indicator && o.Observation.Territory == territory)
            .GroupBy(o => o.Observation.Period)
            .OrderBy(g => g.Key)
            .Select(g => new PeriodRevisions(g.Key, g.Order(Comparer<SourcedObservation>.Create(Order))
                .Select(o => new RevisionVersion(o.Observation.Value, o.Observation.Numerator, o.Observation.Denominator, o.Agency, o.IngestId,
                    files.GetValueOrDefault((o.Agency, o.IngestId), o.IngestId), o.Received))
                .ToArray()))
            .ToArray();
    }

    /// <summary>
    /// The triangle of <paramref name="territory"/>, its levels rolled up: a period for which a file
    /// gave the territory a figure of its own reads as <see cref="Triangle"/>; with
    /// <paramref name="rollUp"/>, a period for which files gave figures only to its parts (a région's
    /// départements, FR-MET's régions…) gives, after each such file in the order files supersede each
    /// other, the roll-up of what was received by then (<see cref="TerritoryRollup"/>'s rule: a part's
    /// own figure stands for it, else the sum of its parts; numerators and denominators add apart).
    /// When an indicator's figures arrive at one level only (by département, say), as the agencies
    /// send them, the last version of each period is the dashboard's figure for it. (The engine picks
    /// own figures or parts over the whole window, not period by period: an agency that switches levels
    /// within a window may see a roll-up the dashboard did not count.) Without <paramref name="rollUp"/>
    /// (an indicator whose small counts are protected: versions of a roll-up would give its parts away),
    /// only the periods with a figure of its own.
    /// </summary>
    public static IReadOnlyList<PeriodRevisions> TriangleOf(
        IndicatorId indicator, Aggregation aggregation, Territory territory, IEnumerable<SourcedObservation> observations, IReadOnlyList<IngestionSummary> ingestions, bool rollUp = true)
    {
        var kind = MeasureShape.Of(aggregation).Kind;
        var within = new HashSet<Territory>();
        AddSubtree(territory, within);
        var files = ingestions.GroupBy(i => (i.Agency, i.IngestId)).ToDictionary(g => g.Key, g => g.First().FileName);
        return observations
            .Where(o => o.Observation.Indicator == indicator && within.Contains(o.Observation.Territory))
            .GroupBy(o => o.Observation.Period)
            .OrderBy(g => g.Key)
            .Select(g => g.Any(o => o.Observation.Territory == territory && Amount.From(o.Observation, kind) is not null)
                ? Triangle(indicator, territory, g, ingestions)[0]
                : new PeriodRevisions(g.Key, rollUp ? RolledUp(g, territory, kind, files) : []))
            .Where(p => p.Versions.Count > 0)
            .ToArray();
    }

    private static void AddSubtree(Territory territory, HashSet<Territory> within)
    {
        within.Add(territory);
        foreach (var child in TerritoryRollup.Children(territory))
        {
            AddSubtree(child, within);
        }
    }

    /// <summary>One period's roll-up of <paramref name="territory"/> after each file that gave one of its parts a figure.</summary>
    private static RevisionVersion[] RolledUp(IEnumerable<SourcedObservation> period, Territory territory, AmountKind kind, Dictionary<(AgencyId, string), string> files)
    {
        var received = new Dictionary<Territory, Amount>();
        var versions = new List<RevisionVersion>();
        // Sorted by supersession (received, claimed, ingest id, then row), a file's observations are contiguous: one group per file, oldest first.
        foreach (var file in period.Order(Comparer<SourcedObservation>.Create(Order)).GroupBy(o => (o.Agency, o.IngestId)))
        {
            foreach (var o in file)
            {
                if (Amount.From(o.Observation, kind) is { } amount)
                {
                    received[o.Observation.Territory] = amount;
                }
                else
                {
                    received.Remove(o.Observation.Territory); // the latest file says nothing usable: the figure it replaces no longer counts
                }
            }

            if (Sum(territory, received) is { } total)
            {
                var first = file.First();
                versions.Add(new RevisionVersion(
                    kind == AmountKind.Ratio ? null : total.ValueOf(kind),
                    kind == AmountKind.Ratio ? total.A : null,
                    kind == AmountKind.Ratio ? total.B : null,
                    first.Agency, first.IngestId, files.GetValueOrDefault((first.Agency, first.IngestId), first.IngestId), first.Received));
            }
        }

        return [.. versions];
    }

    /// <summary>The territory's own figure, else the sum of its parts' (in geography order, as the engine adds them); null when none.</summary>
    private static Amount? Sum(Territory territory, Dictionary<Territory, Amount> received)
    {
        if (received.TryGetValue(territory, out var own))
        {
            return own;
        }

        Amount? sum = null;
        foreach (var child in TerritoryRollup.Children(territory))
        {
            if (Sum(child, received) is { } part)
            {
                sum = sum is { } s ? s + part : part;
            }
        }

        return sum;
    }

    /// <summary>The mean absolute revision (first value → latest) over the revisable periods of <paramref name="triangle"/>, or null when none has two plain values.</summary>
    public static double? MeanAbsoluteRevision(IEnumerable<PeriodRevisions> triangle)
    {
        var revisions = triangle.Where(p => p.Versions.Count > 1).Select(p => p.AbsoluteRevision).OfType<double>().ToArray();
        return revisions.Length == 0 ? null : revisions.Average();
    }

    /// <summary>
    /// The triangle as JSON (<c>GET /api/indicators/{id}/revisions</c>): each period's versions with
    /// their file and receipt time, and whether it was revised; the indicator's definition changes
    /// (<c>breaks</c>), and on the first period counted under a new definition <c>afterBreak</c>.
    /// </summary>
    /// <remarks><paramref name="releasedAsOf"/>: where approval is required, the date of the released snapshot whose files and periods the triangle is cut to (<c>releasedAsOf</c>); null, every committed file.</remarks>
    public static byte[] Write(IndicatorId indicator, Territory territory, IReadOnlyList<PeriodRevisions> triangle, IReadOnlyList<SeriesBreak>? breaks = null, DateOnly? releasedAsOf = null)
    {
        breaks ??= [];
        var firstAfter = breaks.Select(b => triangle.FirstOrDefault(p => p.Period.Start >= b.Date)?.Period).OfType<Period>().ToHashSet();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = MissionPipeline.Text.ReadableJsonEncoder.Instance }))
        {
            w.WriteStartObject();
            w.WriteString("indicator", indicator.Value);
            w.WriteString("territory", territory.Code);
            if (releasedAsOf is { } released)
            {
                w.WriteString("releasedAsOf", released.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull("releasedAsOf");
            }

            w.WriteNumber("revisedPeriods", triangle.Count(p => p.Revised));
            w.WriteStartArray("breaks");
            foreach (var b in breaks)
            {
                w.WriteStartObject();
                w.WriteString("date", b.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteString("before", b.Before);
                w.WriteString("after", b.After);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("periods");
            foreach (var period in triangle)
            {
                w.WriteStartObject();
                w.WriteString("period", period.Period.ToString());
                w.WriteBoolean("revised", period.Revised);
                w.WriteBoolean("afterBreak", firstAfter.Contains(period.Period));
                w.WriteStartArray("versions");
                foreach (var v in period.Versions)
                {
                    w.WriteStartObject();
                    // The figure the dashboard takes from this version: a rate sent as numerator and denominator is their ratio.
                    w.WriteNumberOrNull("value", v.Figure);
                    if (v.Numerator is not null || v.Denominator is not null)
                    {
                        w.WriteNumberOrNull("numerator", v.Numerator);
                        w.WriteNumberOrNull("denominator", v.Denominator);
                    }

                    w.WriteString("agency", v.Agency.Value);
                    w.WriteString("ingestId", v.IngestId);
                    w.WriteString("file", v.File);
                    w.WriteString("received", IsoInstant.Write(v.Received));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The latest revision of <paramref name="indicator"/>'s headline territory among the periods
    /// ended by the context's date: of every pair of consecutive versions whose figure differs, the
    /// one received last (then the later period). Null for a derived indicator or one never revised.
    /// </summary>
    internal static Revision? LatestOf(Indicator indicator, EngineContext ctx)
    {
        if (indicator.Aggregation == Aggregation.Derived)
        {
            return null;
        }

        Revision? latest = null;
        foreach (var period in Triangle(indicator.Id, indicator.Headline, ctx.All(indicator.Id, indicator.Headline), ctx.Ingestions))
        {
            for (var i = 1; i < period.Versions.Count; i++)
            {
                var (before, after) = (period.Versions[i - 1], period.Versions[i]);
                if (before.Figure == after.Figure)
                {
                    continue;
                }

                var candidate = new Revision(period.Period, before.Figure, after.Figure, after.Received, after.File);
                if (latest is null || candidate.Received > latest.Received || (candidate.Received == latest.Received && candidate.Period > latest.Period))
                {
                    latest = candidate;
                }
            }
        }

        return latest;
    }

    /// <summary>One agency's mean absolute revision of an indicator's headline figures (<see cref="MeanAbsoluteRevision(IEnumerable{PeriodRevisions})"/>), over periods ended by the context's date.</summary>
    internal static double? MeanAbsoluteRevision(Indicator indicator, AgencyId agency, EngineContext ctx) =>
        MeanAbsoluteRevision(Triangle(indicator.Id, indicator.Headline, ctx.All(indicator.Id, indicator.Headline, agency), ctx.Ingestions));

    private static int Order(SourcedObservation a, SourcedObservation b) =>
        EngineContext.Supersedes(a, b) ? 1 : EngineContext.Supersedes(b, a) ? -1 : 0;

}
