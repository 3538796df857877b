using System.Collections;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>Who sent a file's observations and when: shared by every observation of the file.</summary>
public sealed record FileSource(AgencyId Agency, string IngestId, DateTimeOffset Received, DateTimeOffset Claimed = default)
{
    /// <summary>The order of "latest wins" between two files: received, then claimed, then ingest id (ordinal).</summary>
    internal int CompareOrder(FileSource other)
    {
        var c = Received.CompareTo(other.Received);
        if (c == 0)
        {
            c = Claimed.CompareTo(other.Claimed);
        }

        return c != 0 ? c : string.CompareOrdinal(IngestId, other.IngestId);
    }
}

/// <summary>
/// One committed file's observations in a compact columnar form: per observation, three small
/// indexes (indicator, period, territory, into the file's own tables of distinct values), its value
/// (<see cref="double.NaN"/> for none), its status and its row: about 20 bytes, against some 300 for
/// an <see cref="Observation"/> and its <see cref="SourcedObservation"/>. Numerators, denominators,
/// weights and comments take room only in files that have them. Immutable: a committed file never
/// changes. <see cref="SourcedObservation"/>s are made on demand, for the few that are read.
/// </summary>
public sealed partial class ObservationBlock
{
    private readonly IndicatorId[] _indicators;
    private readonly Period[] _periods;
    private readonly Territory[] _territories;
    private readonly ushort[] _indicator;
    private readonly ushort[] _period;
    private readonly ushort[] _territory;
    private readonly double[] _value;
    private readonly double[]? _numerator;
    private readonly double[]? _denominator;
    private readonly double[]? _weight;
    private readonly byte[] _status;
    private readonly int[] _row;
    private readonly Dictionary<int, string>? _comments;
    private readonly DateOnly[] _firstEnd;
    private readonly int[] _countOf;

    private ObservationBlock(FileSource source, IReadOnlyList<Observation> observations)
    {
        Source = source;
        var count = observations.Count;
        var indicators = new Dictionary<IndicatorId, ushort>();
        var periods = new Dictionary<Period, ushort>();
        var territories = new Dictionary<Territory, ushort>();
        _indicator = new ushort[count];
        _period = new ushort[count];
        _territory = new ushort[count];
        _value = new double[count];
        _status = new byte[count];
        _row = new int[count];
        for (var i = 0; i < count; i++)
        {
            var o = observations[i];
            _indicator[i] = IndexOf(indicators, o.Indicator);
            _period[i] = IndexOf(periods, o.Period);
            _territory[i] = IndexOf(territories, o.Territory);
            _value[i] = o.Value ?? double.NaN;
            _status[i] = (byte)o.Status;
            _row[i] = o.Row;
            if (o.Numerator is not null || o.Denominator is not null || o.Weight is not null)
            {
                Column(ref _numerator, count)[i] = o.Numerator ?? double.NaN;
                Column(ref _denominator, count)[i] = o.Denominator ?? double.NaN;
                Column(ref _weight, count)[i] = o.Weight ?? double.NaN;
            }

            if (o.Comment is not null)
            {
                (_comments ??= [])[i] = o.Comment;
            }
        }

        _indicators = [.. indicators.OrderBy(p => p.Value).Select(p => p.Key)];
        _periods = [.. periods.OrderBy(p => p.Value).Select(p => p.Key)];
        _territories = [.. territories.OrderBy(p => p.Value).Select(p => p.Key)];
        (_firstEnd, _countOf) = Summary(_indicators.Length, _periods, _indicator, _period);
    }

    /// <summary>A block from its columns as <see cref="WriteTo"/> wrote them (indexes already checked against the tables).</summary>
    private ObservationBlock(
        FileSource source, IndicatorId[] indicators, Period[] periods, Territory[] territories, ushort[] indicator, ushort[] period, ushort[] territory,
        double[] value, (double[] Numerator, double[] Denominator, double[] Weight)? ratio, byte[] status, int[] row, Dictionary<int, string>? comments)
    {
        Source = source;
        (_indicators, _periods, _territories) = (indicators, periods, territories);
        (_indicator, _period, _territory, _value, _status, _row, _comments) = (indicator, period, territory, value, status, row, comments);
        (_numerator, _denominator, _weight) = ratio is { } r ? (r.Numerator, r.Denominator, r.Weight) : (null, null, null);
        (_firstEnd, _countOf) = Summary(_indicators.Length, _periods, _indicator, _period);
    }

    /// <summary>The file these observations came from.</summary>
    public FileSource Source { get; }

    /// <summary>How many observations the file gave.</summary>
    public int Count => _row.Length;

    /// <summary>The distinct indicators the file gave observations for.</summary>
    public IReadOnlyList<IndicatorId> Indicators => _indicators;

    /// <summary>An estimate of the memory this block holds, in bytes: what the recompute's memory rule counts.</summary>
    public long Bytes => 256L + (Count * ((long)LeastBytesPerObservation + (_numerator is null ? 0 : 24))) + ((_comments?.Count ?? 0) * 64L)
        + (_periods.Length * 16L) + (_territories.Length * 48L) + (_indicators.Length * 64L);

    /// <summary>Builds the block of one file's observations, in file order.</summary>
    public static ObservationBlock From(FileSource source, IReadOnlyList<Observation> observations) => new(source, observations);

    /// <summary>The <paramref name="i"/>-th observation of the file, made now.</summary>
    public SourcedObservation this[int i] => new(
        new Observation(
            _indicators[_indicator[i]], _periods[_period[i]], _territories[_territory[i]],
            Nullable(_value[i]), Nullable(_numerator?[i]), Nullable(_denominator?[i]), Nullable(_weight?[i]),
            (ValueStatus)_status[i], _row[i], _comments?.GetValueOrDefault(i)),
        Source.Agency, Source.IngestId, Source.Received, Source.Claimed);

    /// <summary>True when the file gave <paramref name="indicator"/> an observation for a period ended by <paramref name="asOf"/>.</summary>
    public bool Feeds(IndicatorId indicator, DateOnly asOf) =>
        Array.IndexOf(_indicators, indicator) is var k && k >= 0 && _firstEnd[k] <= asOf;

    /// <summary>True when the file gave any of <paramref name="indicators"/> an observation for a period ended by <paramref name="asOf"/>.</summary>
    public bool FeedsAny(IReadOnlySet<IndicatorId>? indicators, DateOnly asOf)
    {
        for (var k = 0; k < _indicators.Length; k++)
        {
            if (_firstEnd[k] <= asOf && (indicators is null || indicators.Contains(_indicators[k])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many observations the file gave among <paramref name="indicators"/> (all when null).</summary>
    public int CountOf(IReadOnlySet<IndicatorId>? indicators)
    {
        var n = 0;
        for (var k = 0; k < _indicators.Length; k++)
        {
            n += indicators is null || indicators.Contains(_indicators[k]) ? _countOf[k] : 0;
        }

        return n;
    }

    /// <summary>
    /// The rows of <paramref name="indicator"/> whose period ends by <paramref name="asOf"/> (and, when
    /// given, from <paramref name="endingFrom"/> on, and for <paramref name="territory"/> only), in file order.
    /// </summary>
    public IEnumerable<int> Rows(IndicatorId indicator, DateOnly asOf, Territory? territory = null, DateOnly? endingFrom = null)
    {
        var k = Array.IndexOf(_indicators, indicator);
        if (k < 0 || _firstEnd[k] > asOf)
        {
            return [];
        }

        var t = territory is { } only ? Array.IndexOf(_territories, only) : -1;
        if (territory is not null && t < 0)
        {
            return [];
        }

        // Which periods qualify, decided once per distinct period rather than per row.
        var from = endingFrom ?? DateOnly.MinValue;
        var periodOk = _periods.Select(p => p.End <= asOf && p.End >= from).ToArray();
        return RowsOf((ushort)k, t, periodOk);
    }

    /// <summary>
    /// Adds to <paramref name="cells"/> the rows of <paramref name="indicator"/> whose period ends by
    /// <paramref name="asOf"/>, each as its cell's number (period and territory numbered across blocks
    /// by <paramref name="periods"/> and <paramref name="territories"/>) and its row: the hot loop of
    /// "latest wins", on the columns, with no object per row.
    /// </summary>
    internal void Cells(IndicatorId indicator, DateOnly asOf, Dictionary<Period, int> periods, Dictionary<Territory, int> territories, List<(long Cell, int Row)> cells)
    {
        var k = Array.IndexOf(_indicators, indicator);
        if (k < 0 || _firstEnd[k] > asOf)
        {
            return;
        }

        var periodIds = new int[_periods.Length];
        for (var p = 0; p < _periods.Length; p++)
        {
            periodIds[p] = _periods[p].End > asOf ? -1 : Number(periods, _periods[p]);
        }

        var territoryIds = new int[_territories.Length];
        for (var t = 0; t < _territories.Length; t++)
        {
            territoryIds[t] = Number(territories, _territories[t]);
        }

        for (var i = 0; i < _row.Length; i++)
        {
            if (_indicator[i] == k && periodIds[_period[i]] is var period && period >= 0)
            {
                cells.Add((((long)period << 32) | (uint)territoryIds[_territory[i]], i));
            }
        }

        static int Number<T>(Dictionary<T, int> numbers, T key)
            where T : notnull
        {
            ref var n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(numbers, key, out var exists);
            if (!exists)
            {
                n = numbers.Count - 1;
            }

            return n;
        }
    }

    /// <summary>The row of the agency's file that row <paramref name="i"/> came from (the last tie-break of "latest wins").</summary>
    internal int FileRow(int i) => _row[i];

    /// <summary>True when row <paramref name="i"/> carries a number (<see cref="Observation.HasFigure"/>).</summary>
    internal bool HasFigure(int i) =>
        !double.IsNaN(_value[i]) || (_numerator is not null && !double.IsNaN(_numerator[i]) && !double.IsNaN(_denominator![i]));

    private IEnumerable<int> RowsOf(ushort k, int territory, bool[] periodOk)
    {
        for (var i = 0; i < _row.Length; i++)
        {
            if (_indicator[i] == k && periodOk[_period[i]] && (territory < 0 || _territory[i] == territory))
            {
                yield return i;
            }
        }
    }

    /// <summary>Per indicator, the end of its earliest period and its number of rows: what <see cref="Feeds"/> and <see cref="CountOf"/> answer from.</summary>
    private static (DateOnly[] FirstEnd, int[] CountOf) Summary(int indicators, Period[] periods, ushort[] indicator, ushort[] period)
    {
        var firstEnd = new DateOnly[indicators];
        Array.Fill(firstEnd, DateOnly.MaxValue);
        var countOf = new int[indicators];
        for (var i = 0; i < indicator.Length; i++)
        {
            var end = periods[period[i]].End;
            ref var first = ref firstEnd[indicator[i]];
            first = end < first ? end : first;
            countOf[indicator[i]]++;
        }

        return (firstEnd, countOf);
    }

    private static double? Nullable(double? value) => value is { } v && !double.IsNaN(v) ? v : null;

    private static double[] Column(ref double[]? column, int count)
    {
        if (column is null)
        {
            column = new double[count];
            Array.Fill(column, double.NaN);
        }

        return column;
    }

    private static ushort IndexOf<T>(Dictionary<T, ushort> table, T key)
        where T : notnull
    {
        if (table.TryGetValue(key, out var index))
        {
            return index;
        }

        if (table.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("A file names more than 65 535 distinct periods, territories or indicators.");
        }

        return table[key] = (ushort)table.Count;
    }
}

/// <summary>
/// Every committed observation the engine reads, held as one <see cref="ObservationBlock"/> per
/// file: the recompute's input. Enumerating it makes each <see cref="SourcedObservation"/> anew
/// (tests, small inputs); the engine asks narrower questions (<see cref="Latest"/>, <see cref="Of"/>)
/// that look at one indicator's files only and make objects only for what they return.
/// </summary>
public sealed class ObservationSet : IReadOnlyCollection<SourcedObservation>
{
    private readonly ObservationBlock[] _blocks;
    private readonly IReadOnlySet<IndicatorId>? _only;

    /// <summary>The blocks given, restricted to <paramref name="only"/> when it is given (the reported indicators).</summary>
    public ObservationSet(IEnumerable<ObservationBlock> blocks, IReadOnlySet<IndicatorId>? only = null)
    {
        _blocks = [.. blocks];
        _only = only;
        Count = _blocks.Sum(b => b.CountOf(only));
    }

    public static ObservationSet Empty { get; } = new([]);

    /// <summary>The files, in the order given.</summary>
    public IReadOnlyList<ObservationBlock> Blocks => _blocks;

    public int Count { get; }

    /// <summary>An estimate of the memory the set's blocks hold, in bytes.</summary>
    public long Bytes => _blocks.Sum(b => b.Bytes);

    /// <summary>
    /// The set of loose observations (tests, small inputs): grouped by file (agency, ingest id,
    /// received and claimed times), each file's in the order given.
    /// </summary>
    public static ObservationSet From(IEnumerable<SourcedObservation> observations) =>
        new(observations
            .GroupBy(o => new FileSource(o.Agency, o.IngestId, o.Received, o.Claimed))
            .Select(g => ObservationBlock.From(g.Key, [.. g.Select(o => o.Observation)])));

    /// <summary>The files of <paramref name="files"/> only.</summary>
    public ObservationSet Only(IReadOnlySet<FileSource> files) => new(_blocks.Where(b => files.Contains(b.Source)), _only);

    /// <summary>The files received by <paramref name="moment"/> only.</summary>
    public ObservationSet ReceivedBy(DateTimeOffset moment) => new(_blocks.Where(b => b.Source.Received <= moment), _only);

    /// <summary>The files that gave an observation (of the set's indicators) for a period ended by <paramref name="asOf"/>: those a snapshot of that date reads.</summary>
    public IEnumerable<FileSource> FilesUsedBy(DateOnly asOf) =>
        _blocks.Where(b => b.FeedsAny(_only, asOf)).Select(b => b.Source);

    /// <summary>The files that gave <paramref name="indicator"/> an observation for a period ended by <paramref name="asOf"/>.</summary>
    public IEnumerable<FileSource> FilesOf(IndicatorId indicator, DateOnly asOf) =>
        Counts(indicator) ? _blocks.Where(b => b.Feeds(indicator, asOf)).Select(b => b.Source) : [];

    /// <summary>
    /// The observations of <paramref name="indicator"/> whose period ends by <paramref name="asOf"/>,
    /// superseded ones included, made now; narrowed to <paramref name="territory"/>, <paramref name="agency"/>
    /// and periods ending from <paramref name="endingFrom"/> when given (before anything is made).
    /// </summary>
    public IEnumerable<SourcedObservation> Of(IndicatorId indicator, DateOnly asOf, Territory? territory = null, AgencyId? agency = null, DateOnly? endingFrom = null)
    {
        if (!Counts(indicator))
        {
            yield break;
        }

        foreach (var block in _blocks)
        {
            if ((agency is null || block.Source.Agency == agency) && block.Feeds(indicator, asOf))
            {
                foreach (var i in block.Rows(indicator, asOf, territory, endingFrom))
                {
                    yield return block[i];
                }
            }
        }
    }

    /// <summary>
    /// "Latest wins" for one indicator (EngineContext.Latest's order: received, claimed, ingest id,
    /// then the file's row), decided on the compact rows: only the winners are made, ordered by period
    /// then territory code. Periods ending after <paramref name="asOf"/> are ignored.
    /// </summary>
    public IReadOnlyList<SourcedObservation> Latest(IndicatorId indicator, DateOnly asOf)
    {
        if (!Counts(indicator))
        {
            return [];
        }

        var blocks = _blocks.Where(b => b.Feeds(indicator, asOf)).ToArray();
        var winners = new Dictionary<long, (int Block, int Row)>();
        var (periods, territories, cells) = (new Dictionary<Period, int>(), new Dictionary<Territory, int>(), new List<(long Cell, int Row)>());
        for (var b = 0; b < blocks.Length; b++)
        {
            var block = blocks[b];
            cells.Clear();
            block.Cells(indicator, asOf, periods, territories, cells);
            foreach (var (cell, i) in cells)
            {
                ref var current = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(winners, cell, out var exists);
                if (!exists || Supersedes(block, i, blocks[current.Block], current.Row))
                {
                    current = (b, i);
                }
            }
        }

        return [.. winners.Values.Select(w => blocks[w.Block][w.Row])
            .OrderBy(o => o.Observation.Period).ThenBy(o => o.Observation.Territory.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The latest receipt time of <paramref name="agency"/>'s files that gave <paramref name="indicator"/> a
    /// figure (<see cref="Observation.HasFigure"/>) for a period ended by <paramref name="asOf"/>, or null.
    /// </summary>
    public DateTimeOffset? LastFigureReceived(IndicatorId indicator, AgencyId agency, DateOnly asOf) =>
        !Counts(indicator) ? null : _blocks
            .Where(b => b.Source.Agency == agency && b.Feeds(indicator, asOf) && b.Rows(indicator, asOf).Any(b.HasFigure))
            .Select(b => (DateTimeOffset?)b.Source.Received).Max();

    public IEnumerator<SourcedObservation> GetEnumerator()
    {
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Count; i++)
            {
                var o = block[i];
                if (_only is null || _only.Contains(o.Observation.Indicator))
                {
                    yield return o;
                }
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool Counts(IndicatorId indicator) => _only is null || _only.Contains(indicator);

    private static bool Supersedes(ObservationBlock candidate, int row, ObservationBlock current, int currentRow)
    {
        var c = candidate.Source.CompareOrder(current.Source);
        return c > 0 || (c == 0 && candidate.FileRow(row) > current.FileRow(currentRow));
    }
}
