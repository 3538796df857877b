using System.Globalization;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Every value the snapshots gave a département cell of a sensitive flow (drafts included: a draft
/// may be released), shown or hidden, so that no two snapshots compared give a small count away. A
/// département's year to date published as of June and again as of July differ by its July count:
/// 27 then 30 voluntary returns tell that 3 people left in July, though each snapshot alone hides
/// every cell below the threshold (docs/indicators.md, « Publication and small numbers », across snapshots).
/// </summary>
/// <remarks>
/// A cell is keyed by its indicator, its département and the start of its indicator's window (a
/// year to date starts again each January: figures of two windows are not differences of one
/// another); each value is kept with its <em>coverage</em>, the periods the figure covers. A new
/// value discloses a small count when some recorded value of the same key differs from it by less
/// than the threshold, zero included where the coverage differs (no one in the months added is a
/// count below the threshold too); the same value over the same periods discloses nothing. Flows
/// only (sums of counts and their derived sums): a stock's change is a net movement, not people
/// counted. A hidden value is recorded too (the record is the storage's, served by no route), so that
/// a cell stays hidden while its figure stays the same: a partner hidden beside a small cell, shown
/// the next night because another file moved the choice of partners, would give that cell away. A
/// hidden cell the published figures still give away (alone under a total) counts as shown.
/// Immutable: <see cref="With(Dashboard, IReadOnlyList{HiddenCell}, IndicatorCatalogue)"/> returns a new history.
/// </remarks>
public sealed class DisclosureHistory
{
    private readonly Dictionary<CellKey, (string Coverage, double Value, bool Shown)[]> _cells;

    private DisclosureHistory(Dictionary<CellKey, (string Coverage, double Value, bool Shown)[]> cells) => _cells = cells;

    /// <summary>No value published yet.</summary>
    public static DisclosureHistory Empty { get; } = new([]);

    /// <summary>How many values are recorded, all cells together.</summary>
    public int Count => _cells.Values.Sum(v => v.Length);

    /// <summary>
    /// True when publishing <paramref name="value"/>, over <paramref name="coverage"/>, for the cell
    /// would let a reader subtract a recorded value from it and find a count below <paramref name="threshold"/>.
    /// </summary>
    public bool Discloses(IndicatorId indicator, Territory territory, DateOnly windowStart, string coverage, double value, int threshold) =>
        _cells.TryGetValue(new CellKey(indicator.Value, territory.Code, windowStart), out var recorded)
        && recorded.Any(r => r.Shown && Math.Abs(r.Value - value) < threshold && !(r.Value == value && r.Coverage == coverage));

    /// <summary>True when the cell was hidden with this very figure over these very periods: it stays hidden, whatever else moved.</summary>
    public bool KeepsHidden(IndicatorId indicator, Territory territory, DateOnly windowStart, string coverage, double value) =>
        _cells.TryGetValue(new CellKey(indicator.Value, territory.Code, windowStart), out var recorded)
        && recorded.Any(r => !r.Shown && r.Value == value && r.Coverage == coverage);

    /// <summary>
    /// The shown value a reader would subtract from <paramref name="value"/> to learn what the cell
    /// gained since: the largest not above it, else the smallest; null when none was shown.
    /// </summary>
    public double? Nearest(IndicatorId indicator, Territory territory, DateOnly windowStart, double value) =>
        !_cells.TryGetValue(new CellKey(indicator.Value, territory.Code, windowStart), out var recorded) || !recorded.Any(r => r.Shown) ? null
        : recorded.Where(r => r.Shown && r.Value <= value).Select(r => (double?)r.Value).Max() ?? recorded.Where(r => r.Shown).Min(r => r.Value);

    /// <summary>True for the cells this history follows: the département cells of a sensitive flow.</summary>
    public static bool Follows(Indicator indicator) =>
        indicator.Sensitive && SmallCountSuppression.IsCount(indicator) && indicator.Aggregation is Aggregation.Sum or Aggregation.Derived;

    /// <summary>The window start (of the target in force: a trajectory's runs from its baseline) and the coverage of <paramref name="result"/>'s cells as of <paramref name="asOf"/>.</summary>
    public static (DateOnly WindowStart, string Coverage) KeyOf(IndicatorResult result, Indicator indicator, DateOnly asOf) =>
        (IndicatorEvaluator.WindowOf(indicator.InForce(asOf), asOf).Start,
         result.PeriodsReported.Count == 0 ? string.Empty
             : string.Create(CultureInfo.InvariantCulture, $"{result.PeriodsReported[0]}/{result.PeriodsReported[^1]}/{result.PeriodsReported.Count}"));

    /// <summary>This history and every value <paramref name="published"/> shows for a cell it follows (a dashboard read back: what it hid is not known).</summary>
    public DisclosureHistory With(Dashboard published, IndicatorCatalogue catalogue) => With(published, [], catalogue);

    /// <summary>
    /// This history, every value <paramref name="published"/> shows for a cell it follows, and every
    /// value it hid (<paramref name="hidden"/>; shown where the published figures give it away).
    /// Itself when there is nothing new.
    /// </summary>
    public DisclosureHistory With(Dashboard published, IReadOnlyList<HiddenCell> hidden, IndicatorCatalogue catalogue)
    {
        var hiddenValues = hidden.ToDictionary(h => (h.Indicator, h.Territory));
        Dictionary<CellKey, (string Coverage, double Value, bool Shown)[]>? cells = null;
        foreach (var r in published.Indicators)
        {
            if (!catalogue.TryGet(r.Id, out var indicator) || !Follows(indicator))
            {
                continue;
            }

            var (windowStart, coverage) = KeyOf(r, indicator, published.AsOf);
            foreach (var cell in r.Territories.Where(c => c.Territory.Kind == TerritoryKind.Departement))
            {
                (string, double, bool) entry;
                if (cell.Value is { } shown)
                {
                    entry = (coverage, shown, true);
                }
                else if (hiddenValues.TryGetValue((r.Id, cell.Territory), out var h))
                {
                    entry = (coverage, h.Value, h.Recoverable);
                }
                else
                {
                    continue;
                }

                var key = new CellKey(r.Id.Value, cell.Territory.Code, windowStart);
                var recorded = (cells ?? _cells).GetValueOrDefault(key) ?? [];
                if (!recorded.Contains(entry))
                {
                    cells ??= new Dictionary<CellKey, (string Coverage, double Value, bool Shown)[]>(_cells);
                    cells[key] = [.. recorded, entry];
                }
            }
        }

        return cells is null ? this : new DisclosureHistory(cells);
    }

    /// <summary>The history as stored: UTF-8 JSON, cells and values in a fixed order (the same history gives the same bytes).</summary>
    public byte[] Write()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteStartArray("cells");
            foreach (var (key, values) in _cells.OrderBy(c => c.Key.Indicator, StringComparer.Ordinal).ThenBy(c => c.Key.Territory, StringComparer.Ordinal).ThenBy(c => c.Key.WindowStart))
            {
                w.WriteStartObject();
                w.WriteString("indicator", key.Indicator);
                w.WriteString("territory", key.Territory);
                w.WriteString("window", key.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteStartArray("values");
                foreach (var (coverage, value, shown) in values)
                {
                    w.WriteStartObject();
                    w.WriteString("coverage", coverage);
                    w.WriteNumber("value", value);
                    if (!shown)
                    {
                        w.WriteBoolean("hidden", true);
                    }

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

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="FormatException"/> on anything else.</summary>
    public static DisclosureHistory Read(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var cells = new Dictionary<CellKey, (string Coverage, double Value, bool Shown)[]>();
            foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
            {
                var key = new CellKey(
                    cell.GetProperty("indicator").GetString()!,
                    cell.GetProperty("territory").GetString()!,
                    DateOnly.ParseExact(cell.GetProperty("window").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                cells[key] = cell.GetProperty("values").EnumerateArray()
                    .Select(v => (v.GetProperty("coverage").GetString()!, v.GetProperty("value").GetDouble(), !(v.TryGetProperty("hidden", out var h) && h.GetBoolean())))
                    .ToArray();
            }

            return new DisclosureHistory(cells);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new FormatException("The disclosure history is not one this version wrote.", ex);
        }
    }

    private readonly record struct CellKey(string Indicator, string Territory, DateOnly WindowStart);
}
