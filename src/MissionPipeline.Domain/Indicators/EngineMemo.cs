using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Indicators;

/// <summary>
/// Each indicator's result (and its completeness entries) from the last compute, kept by a
/// long-lived job so that the next compute evaluates again only the indicators whose inputs
/// changed: after one new file, the indicators it feeds (and those computed from them), not the
/// whole catalogue. An indicator's inputs are summed up in a key (<see cref="KeyOf"/>): the date,
/// the moment it is known at, the catalogue's hash, and every file (any status, with its receipt
/// and claim times, name and status) that names the indicator or one it is computed from, and every
/// file whose observations it reads. That is all an evaluation reads (<see cref="IndicatorEvaluator"/>,
/// <see cref="Completeness"/>, <see cref="Revisions"/>, <see cref="UnusualValues"/>, <see cref="NoDataReasons"/>), so a kept
/// result is the one a full compute would give: a test compares the two on every change.
/// Thread-safe; a committed file never changes, so its ingest id and times stand for its content.
/// </summary>
public sealed class EngineMemo
{
    private readonly ConcurrentDictionary<IndicatorId, Kept> _kept = new();
    private readonly ConcurrentDictionary<IndicatorId, KeptWinners> _winners = new();

    internal bool TryGet(IndicatorId indicator, string key, out Kept kept) =>
        _kept.TryGetValue(indicator, out kept!) && string.Equals(kept.Key, key, StringComparison.Ordinal);

    internal void Keep(IndicatorId indicator, Kept kept) => _kept[indicator] = kept;

    /// <summary>Forgets everything: the next compute evaluates every indicator.</summary>
    public void Clear()
    {
        _kept.Clear();
        _winners.Clear();
    }

    /// <summary>
    /// "Latest wins" for one indicator (<see cref="ObservationSet.Latest"/>), from the last winners kept
    /// when the files they were chosen from are all still there: then only the new files' rows are
    /// looked at (the latest of a union is the latest of the previous latest and the new files'), so
    /// one new file costs its own rows, not every revision ever sent. Any file gone, or another date:
    /// chosen again from every file.
    /// </summary>
    internal IReadOnlyList<SourcedObservation> Winners(IndicatorId indicator, ObservationSet observations, DateOnly asOf)
    {
        var files = observations.FilesOf(indicator, asOf).ToHashSet();
        IReadOnlyList<SourcedObservation> winners;
        if (_winners.TryGetValue(indicator, out var kept) && kept.AsOf == asOf && kept.Files.IsSubsetOf(files))
        {
            if (kept.Files.Count == files.Count)
            {
                return kept.Winners;
            }

            var cells = kept.Winners.ToDictionary(o => (o.Observation.Period, o.Observation.Territory));
            foreach (var candidate in observations.Only(files.Except(kept.Files).ToHashSet()).Latest(indicator, asOf))
            {
                var cell = (candidate.Observation.Period, candidate.Observation.Territory);
                if (!cells.TryGetValue(cell, out var current) || EngineContext.Supersedes(candidate, current))
                {
                    cells[cell] = candidate;
                }
            }

            winners = [.. cells.Values.OrderBy(o => o.Observation.Period).ThenBy(o => o.Observation.Territory.Code, StringComparer.Ordinal)];
        }
        else
        {
            winners = observations.Latest(indicator, asOf);
        }

        _winners[indicator] = new KeptWinners(asOf, files, winners);
        return winners;
    }

    private sealed record KeptWinners(DateOnly AsOf, HashSet<FileSource> Files, IReadOnlyList<SourcedObservation> Winners);

    internal sealed record Kept(string Key, IndicatorResult Result, IReadOnlyList<CompletenessEntry> Completeness);

    /// <summary>The key of <paramref name="indicator"/>'s inputs in <paramref name="input"/> (see the class).</summary>
    internal static string KeyOf(Indicator indicator, RecomputeInput input, IndicatorCatalogue catalogue)
    {
        var needs = new HashSet<IndicatorId>();
        Closure(indicator, catalogue, needs);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{input.AsOf:yyyy-MM-dd}|{input.KnownAt?.UtcTicks}|{input.Catalogue.Hash}|{indicator.Id.Value}\n");
        foreach (var file in input.Ingestions.Where(f => f.Indicators.Any(needs.Contains))
            .OrderBy(f => f.Agency.Value, StringComparer.Ordinal).ThenBy(f => f.IngestId, StringComparer.Ordinal).ThenBy(f => f.Received))
        {
            text.Append(CultureInfo.InvariantCulture, $"i {file.Agency.Value} {file.IngestId} {file.Status} {file.Received.UtcTicks} {file.Claimed.UtcTicks} {file.FileName}\n");
        }

        foreach (var file in needs.SelectMany(id => input.Observations.FilesOf(id, input.AsOf)).Distinct()
            .OrderBy(f => f.Agency.Value, StringComparer.Ordinal).ThenBy(f => f.IngestId, StringComparer.Ordinal).ThenBy(f => f.Received))
        {
            text.Append(CultureInfo.InvariantCulture, $"o {file.Agency.Value} {file.IngestId} {file.Received.UtcTicks} {file.Claimed.UtcTicks}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Closure(Indicator indicator, IndicatorCatalogue catalogue, HashSet<IndicatorId> needs)
    {
        if (!needs.Add(indicator.Id) || indicator.Derivation is not { } derivation)
        {
            return;
        }

        foreach (var input in derivation.Of)
        {
            if (catalogue.Indicators.FirstOrDefault(i => i.Id == input) is { } found)
            {
                Closure(found, catalogue, needs);
            }
        }
    }
}
