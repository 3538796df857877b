using System.Numerics;
using System.Runtime.Intrinsics;

namespace MissionPipeline.Readers;

/// <summary>
/// Splits one line of an F5 register extract (its bytes, without the line break) into cells at
/// <c>;</c>. A line without a quote, which is every line an export tool writes, is split in place
/// with vectorised searches and nothing is allocated. A line holding a <c>"</c> is split as CSV (a cell
/// that starts with a quote may hold <c>;</c>, and <c>""</c> stands for one quote; text after the
/// closing quote is kept, as <see cref="DelimitedText"/> does) into a scratch buffer. A record never
/// spans lines: a quote still open at the end of its line is <see cref="OpenQuote"/>, reported by the
/// reader, never followed onto the next line (one stray quote must not swallow the file).
/// </summary>
internal sealed class RegisterExtractCells
{
    /// <summary>Cells kept per line; further cells are only counted.</summary>
    public const int MaxCells = DelimitedText.MaxCellsPerRow;

    private const int ShortLine = 64;

    private readonly CellSpan[] _cells = new CellSpan[MaxCells];
    private byte[] _scratch = new byte[256];

    /// <summary>How many cells the last line split has (all of them, kept or not).</summary>
    public int Count { get; private set; }

    /// <summary>The last line split ends inside a quoted cell.</summary>
    public bool OpenQuote { get; private set; }

    /// <summary>Where the cells of the last line split are in the bytes <see cref="Split"/> returned.</summary>
    public ReadOnlySpan<CellSpan> Cells => _cells.AsSpan(0, Math.Min(Count, MaxCells));

    /// <summary>Splits <paramref name="line"/>; returns the bytes that <see cref="Cells"/> index: the line itself, or the unquoted copy.</summary>
    public ReadOnlySpan<byte> Split(ReadOnlySpan<byte> line)
    {
        Count = 0;
        OpenQuote = false;
        if (line.Length <= ShortLine && Vector256.IsHardwareAccelerated)
        {
            return SplitShort(line);
        }

        var start = 0;
        while (true)
        {
            var i = line[start..].IndexOfAny((byte)';', (byte)'"');
            if (i < 0)
            {
                Add(start, line.Length);
                return line;
            }

            if (line[start + i] == (byte)'"')
            {
                return SplitQuoted(line);
            }

            Add(start, start + i);
            start += i + 1;
        }
    }

    /// <summary>
    /// A line of at most <see cref="ShortLine"/> bytes (an extract's line is about 50): two vector
    /// compares give the positions of every <c>;</c> and <c>"</c> as bit masks, instead of one search
    /// per cell. Same cells as the general path.
    /// </summary>
    private ReadOnlySpan<byte> SplitShort(ReadOnlySpan<byte> line)
    {
        Span<byte> padded = stackalloc byte[ShortLine];
        line.CopyTo(padded);
        padded[line.Length..].Clear();
        var low = Vector256.Create<byte>(padded[..32]);
        var high = Vector256.Create<byte>(padded[32..]);
        var semicolon = Vector256.Create((byte)';');
        var quote = Vector256.Create((byte)'"');
        if ((Vector256.Equals(low, quote) | Vector256.Equals(high, quote)) != Vector256<byte>.Zero)
        {
            return SplitQuoted(line);
        }

        var separators = Vector256.Equals(low, semicolon).ExtractMostSignificantBits()
            | ((ulong)Vector256.Equals(high, semicolon).ExtractMostSignificantBits() << 32);
        var start = 0;
        while (separators != 0)
        {
            var at = BitOperations.TrailingZeroCount(separators);
            Add(start, at);
            start = at + 1;
            separators &= separators - 1;
        }

        Add(start, line.Length);
        return line;
    }

    private ReadOnlySpan<byte> SplitQuoted(ReadOnlySpan<byte> line)
    {
        Count = 0;
        if (_scratch.Length < line.Length)
        {
            _scratch = new byte[Math.Max(line.Length, _scratch.Length * 2)];
        }

        var output = 0;
        var cellStart = 0;
        var atCellStart = true;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (quoted)
            {
                if (b != (byte)'"')
                {
                    _scratch[output++] = b;
                }
                else if (i + 1 < line.Length && line[i + 1] == (byte)'"')
                {
                    _scratch[output++] = b;
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (b == (byte)';')
            {
                Add(cellStart, output);
                cellStart = output;
                atCellStart = true;
                continue;
            }
            else if (b == (byte)'"' && atCellStart)
            {
                quoted = true;
            }
            else
            {
                _scratch[output++] = b;
            }

            atCellStart = false;
        }

        Add(cellStart, output);
        OpenQuote = quoted;
        return _scratch.AsSpan(0, output);
    }

    private void Add(int start, int end)
    {
        if (Count < MaxCells)
        {
            _cells[Count] = new CellSpan(start, end - start);
        }

        Count++;
    }
}

/// <summary>Where a cell is in the bytes of its line (a <see cref="Range"/> without its from-the-end cases, cheaper on a hot path).</summary>
internal readonly record struct CellSpan(int Start, int Length)
{
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> data) => data.Slice(Start, Length);
}
