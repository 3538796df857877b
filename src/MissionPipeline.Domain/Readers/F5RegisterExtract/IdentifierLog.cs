using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace MissionPipeline.Readers;

/// <summary>
/// The identifiers of a record-level file, to find those that appear twice, kept as 64-bit hashes
/// (XXH64) with the row where each was read and a glimpse of it for the report (its first three
/// bytes and its length); never the identifiers themselves (personal data never leaves the file).
/// <para>
/// Reading only appends, to one of 64 logs chosen by the hash's top bits: the 64 ends being
/// written stay in cache, so a row costs a few nanoseconds, where a hash set of 5 million entries
/// costs a cache and TLB miss per row (measured: a hash set made the whole reading five times
/// slower). <see cref="Duplicates"/> then takes the logs one at a time into a hash table of a few
/// megabytes. Logs grow by chunks of up to 4 096 entries allocated on the pinned heap (never copied
/// by the garbage collector): memory is 16 bytes a row (80 MB for 5 million rows) plus at most one
/// chunk a log (4 MB); it grows with the rows, which in a file without errors are the distinct
/// identifiers.
/// </para>
/// <para>
/// Two different identifiers with the same hash would be reported as a duplicate. For n rows the
/// probability of any such collision is about n² / 2⁶⁵: 7·10⁻⁷ for a register of 5 million rows,
/// 3·10⁻⁶ at the 10 million rows of <see cref="ReaderLimits.MaxRows"/>, that is one false alarm in
/// more than a million monthly files, which the report would show (the agency finds no such pair and
/// asks). A 128-bit hash would double the memory for nothing an agency could notice.
/// </para>
/// </summary>
internal sealed class IdentifierLog
{
    private const int LogBits = 6;
    private const int Logs = 1 << LogBits;
    private const int FirstChunk = 64;
    private const int LargestChunk = 4_096;

    // Each chunk interleaves entries: hash, payload, hash, payload… (one write stream per log, not two).
    private readonly List<ulong[]>?[] _chunks = new List<ulong[]>[Logs];
    private readonly ulong[]?[] _ends = new ulong[Logs][];
    private readonly int[] _used = new int[Logs];

    public long Count { get; private set; }

    /// <summary>Records that <paramref name="identifier"/> (its bytes as written) was read at <paramref name="row"/>.</summary>
    public void Add(ReadOnlySpan<byte> identifier, int row)
    {
        // Payload: row (32 bits), length capped at 255 (8 bits), first three bytes (24 bits).
        var glimpse = identifier.Length switch
        {
            0 => 0UL,
            1 => identifier[0],
            2 => identifier[0] | ((ulong)identifier[1] << 8),
            _ => identifier[0] | ((ulong)identifier[1] << 8) | ((ulong)identifier[2] << 16),
        };
        var hash = XxHash64.HashToUInt64(identifier);
        var log = (int)(hash >> (64 - LogBits));
        var end = _ends[log];
        var at = _used[log];
        if (end is null || at == end.Length)
        {
            end = NewChunk(log);
            at = 0;
        }

        end[at] = hash;
        end[at + 1] = (uint)row | ((ulong)Math.Min(identifier.Length, 255) << 32) | (glimpse << 40);
        _used[log] = at + 2;
        Count++;
    }

    /// <summary>
    /// The rows whose identifier was already read on an earlier row, in row order, with that first
    /// row and what a report may show of the identifier (<see cref="Mask"/>).
    /// </summary>
    public IReadOnlyList<(int Row, int First, string Masked)> Duplicates()
    {
        var found = new List<(int, int, string)>();
        var table = new ulong[1024];
        var firsts = new int[table.Length];
        for (var log = 0; log < Logs; log++)
        {
            if (_chunks[log] is not { } chunks)
            {
                continue;
            }

            var count = (chunks.Sum(c => (long)c.Length) - chunks[^1].Length + _used[log]) / 2;
            if (table.Length < 2 * count)
            {
                table = new ulong[(int)BitOperations.RoundUpToPowerOf2((uint)(2 * count))];
                firsts = new int[table.Length];
            }
            else
            {
                Array.Clear(table);
            }

            foreach (var chunk in chunks)
            {
                var length = chunk == chunks[^1] ? _used[log] : chunk.Length;
                for (var i = 0; i < length; i += 2)
                {
                    Insert(table, firsts, chunk[i], chunk[i + 1], found);
                }
            }
        }

        found.Sort();
        return found;
    }

    /// <summary>Starts a new chunk for <paramref name="log"/>, four times the last one up to <see cref="LargestChunk"/> entries.</summary>
    private ulong[] NewChunk(int log)
    {
        var chunks = _chunks[log] ??= [];
        var entries = chunks.Count == 0 ? FirstChunk : Math.Min(chunks[^1].Length * 2, LargestChunk);
        var chunk = GC.AllocateUninitializedArray<ulong>(2 * entries, pinned: true);
        chunks.Add(chunk);
        _ends[log] = chunk;
        return chunk;
    }

    /// <summary>Puts a hash in the table, in row order; a hash already there is a duplicate of the first row that had it.</summary>
    private static void Insert(ulong[] table, int[] firsts, ulong hash, ulong payload, List<(int, int, string)> found)
    {
        // 0 marks an empty slot; folding it onto 1 costs one collision chance in 2⁶⁴.
        hash = hash == 0 ? 1 : hash;
        var mask = table.Length - 1;
        var slot = (int)hash & mask;
        while (table[slot] != 0 && table[slot] != hash)
        {
            slot = (slot + 1) & mask;
        }

        if (table[slot] == 0)
        {
            table[slot] = hash;
            firsts[slot] = (int)(uint)payload;
        }
        else
        {
            found.Add(((int)(uint)payload, firsts[slot], Mask(payload)));
        }
    }

    /// <summary>
    /// What a report may show of an identifier: its first characters (at most 3, at most half of it)
    /// and an ellipsis. Enough for the agency to find the row, not to identify anyone.
    /// </summary>
    private static string Mask(ulong payload)
    {
        var length = (int)((payload >> 32) & 0xFF);
        Span<byte> glimpse = stackalloc byte[3];
        for (var i = 0; i < 3; i++)
        {
            glimpse[i] = (byte)(payload >> (40 + (8 * i)));
        }

        var text = Encoding.UTF8.GetString(glimpse[..Math.Min(3, length / 2)]);
        return text.TrimEnd('\uFFFD') + "…";
    }
}
