using System.Runtime.InteropServices;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>A block's columns in binary, as <see cref="ObservationCheckpoint"/> stores them.</summary>
public sealed partial class ObservationBlock
{
    /// <summary>The most observations one block may claim when read back: a bound on what a damaged length can make the reader allocate.</summary>
    internal const int MostObservations = 100_000_000;

    /// <summary>The least <see cref="Bytes"/> counts per observation: what bounds how many observations a given room can hold.</summary>
    public const int LeastBytesPerObservation = 19;

    /// <summary>
    /// Writes the file's source, its tables of distinct values, then each column whole (little-endian,
    /// as <see cref="MemoryMarshal.AsBytes{T}(Span{T})"/> lays it out): read back by <see cref="ReadFrom"/>
    /// with copies, not per-observation parsing.
    /// </summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(Source.Agency.Value);
        writer.Write(Source.IngestId);
        WriteMoment(writer, Source.Received);
        WriteMoment(writer, Source.Claimed);
        writer.Write(Count);
        WriteTable(writer, _indicators, i => i.Value);
        WriteTable(writer, _periods, p => p.ToString());
        WriteTable(writer, _territories, t => t.Code);
        writer.Write(MemoryMarshal.AsBytes(_indicator.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(_period.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(_territory.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(_value.AsSpan()));
        writer.Write(_numerator is not null);
        if (_numerator is not null)
        {
            writer.Write(MemoryMarshal.AsBytes(_numerator.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(_denominator.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(_weight.AsSpan()));
        }

        writer.Write(_status);
        writer.Write(MemoryMarshal.AsBytes(_row.AsSpan()));
        writer.Write(_comments?.Count ?? 0);
        foreach (var (row, comment) in (_comments ?? []).OrderBy(c => c.Key))
        {
            writer.Write(row);
            writer.Write(comment);
        }
    }

    /// <summary>
    /// Reads one block written by <see cref="WriteTo"/>. Every name is parsed as the segment reader
    /// parses it, every table holds distinct values and every index is checked against its table, so a
    /// damaged block is a <see cref="FormatException"/> here, never a wrong figure or an out-of-range
    /// index later. A block claiming more than <paramref name="mostObservations"/> is refused before
    /// its columns are allocated.
    /// </summary>
    internal static ObservationBlock ReadFrom(BinaryReader reader, int mostObservations = MostObservations)
    {
        var agency = reader.ReadString();
        var source = new FileSource(
            AgencyId.IsValid(agency) ? new AgencyId(agency) : throw new FormatException("not an agency id"),
            reader.ReadString(), ReadMoment(reader), ReadMoment(reader));
        var count = reader.ReadInt32();
        if (count < 0 || count > Math.Min(mostObservations, MostObservations))
        {
            throw new FormatException("observation count out of range");
        }

        var indicators = ReadTable(reader, text => IndicatorId.IsValid(text) ? new IndicatorId(text) : throw new FormatException("not an indicator id"));
        var periods = ReadTable(reader, Period.Parse);
        var territories = ReadTable(reader, text => Territory.TryParse(text, out var t) ? t : throw new FormatException("not a territory code"));
        var indicator = ReadIndexes(reader, count, indicators.Length);
        var period = ReadIndexes(reader, count, periods.Length);
        var territory = ReadIndexes(reader, count, territories.Length);
        var value = ReadColumn<double>(reader, count);
        (double[], double[], double[])? ratio = reader.ReadBoolean()
            ? (ReadColumn<double>(reader, count), ReadColumn<double>(reader, count), ReadColumn<double>(reader, count))
            : null;
        var status = ReadColumn<byte>(reader, count);
        foreach (var s in status)
        {
            if (!Enum.IsDefined((ValueStatus)s))
            {
                throw new FormatException("unknown value status");
            }
        }

        var row = ReadColumn<int>(reader, count);
        var commented = reader.ReadInt32();
        if (commented < 0 || commented > count)
        {
            throw new FormatException("comment count out of range");
        }

        Dictionary<int, string>? comments = commented == 0 ? null : new(commented);
        for (var c = 0; c < commented; c++)
        {
            var at = reader.ReadInt32();
            comments![at is >= 0 && at < count ? at : throw new FormatException("comment row out of range")] = reader.ReadString();
        }

        return new ObservationBlock(source, indicators, periods, territories, indicator, period, territory, value, ratio, status, row, comments);
    }

    private static void WriteMoment(BinaryWriter writer, DateTimeOffset moment)
    {
        writer.Write(moment.UtcTicks);
        writer.Write((short)moment.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadMoment(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || offset.Duration() > TimeSpan.FromHours(14))
        {
            throw new FormatException("moment out of range");
        }

        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }

    private static void WriteTable<T>(BinaryWriter writer, T[] table, Func<T, string> text)
    {
        writer.Write(table.Length);
        foreach (var item in table)
        {
            writer.Write(text(item));
        }
    }

    private static T[] ReadTable<T>(BinaryReader reader, Func<string, T> parse)
    {
        var length = reader.ReadInt32();
        if (length is < 0 or > ushort.MaxValue + 1)
        {
            throw new FormatException("table length out of range");
        }

        var table = new T[length];
        var seen = new HashSet<string>(length, StringComparer.Ordinal);
        for (var i = 0; i < length; i++)
        {
            // A value named twice would split its rows between two indexes, and a lookup finds only the first.
            var text = reader.ReadString();
            table[i] = seen.Add(text) ? parse(text) : throw new FormatException("a value named twice in a table");
        }

        return table;
    }

    private static ushort[] ReadIndexes(BinaryReader reader, int count, int tableLength)
    {
        var indexes = ReadColumn<ushort>(reader, count);
        foreach (var index in indexes)
        {
            if (index >= tableLength)
            {
                throw new FormatException("index out of its table");
            }
        }

        return indexes;
    }

    private static T[] ReadColumn<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        var column = GC.AllocateUninitializedArray<T>(count);
        // BinaryReader reads no further than asked, so its stream can be read directly.
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(column.AsSpan()));
        return column;
    }
}
