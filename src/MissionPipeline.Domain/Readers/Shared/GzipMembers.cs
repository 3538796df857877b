using System.Buffers.Binary;

namespace MissionPipeline.Readers;

/// <summary>
/// Tells whether a gzip stream read to its end was whole, watching its compressed bytes go by.
/// .NET's <see cref="System.IO.Compression.GZipStream"/> decompresses every member of a file made of
/// several (RFC 1952 allows it: <c>cat a.gz b.gz</c>) and checks each member's trailer (CRC-32 and
/// length) when it reaches it; but where the file ends inside a member, it ends quietly, and it
/// ignores bytes after the last member. So the only question left is whether the last member
/// reached its trailer. Each member's trailer ends with its uncompressed length modulo 2³²
/// (ISIZE), and a member after it starts with <c>1F 8B 08</c> and a flags byte whose reserved bits
/// are clear: the file is whole when the lengths before those starts and the length at the end add
/// up to what was decompressed. Compressed data holds such bytes by chance (about once in 130 MB),
/// so the starts are candidates. The rule:
/// <list type="bullet">
/// <item>the lengths read before none of the candidates, before all of them, or (when there are at
/// most <see cref="MaxSubsetCandidates"/>) before any subset of them, plus the length at the end
/// of the file, or before trailing zero bytes (padding), equal the decompressed length: whole;</item>
/// <item>otherwise, within the last <see cref="Window"/> bytes, the trailer of a last member whose
/// length with those before it (as above) makes what was decompressed, and whose CRC-32 combined
/// with theirs (each member's CRC is in its trailer) is that of everything decompressed: whole,
/// followed by foreign bytes (<see cref="TrailingBytes"/>), which are ignored as gzip itself ignores
/// them (one member, or several: <c>cat a.gz b.gz</c> then anything);</item>
/// <item>otherwise: cut short.</item>
/// </list>
/// A truncated file passes only if random bytes equal a 32-bit length (and, for trailing bytes, a
/// CRC-32 as well): about one chance in 2³² per candidate (2⁶⁴ with the CRC).
/// </summary>
internal sealed class GzipMembers
{
    /// <summary>How many bytes at the end of the file are searched for the last trailer.</summary>
    public const int Window = 16 * 1024;

    /// <summary>Up to this many member starts, every subset of them is tried (2⁸ sums).</summary>
    public const int MaxSubsetCandidates = 8;

    private const int TrailerLength = 8;

    // The last bytes seen: between Window and 2 × Window of them once that many were read.
    private readonly byte[] _recent = new byte[2 * Window];

    // The lengths and CRC-32s before the first candidates (enough to try their subsets), their count,
    // and the sum of the lengths and the combined CRC-32 before all of them.
    private readonly List<uint> _firstLengths = [];
    private readonly List<uint> _firstCrcs = [];
    private int _candidates;
    private uint _allLengths;
    private uint? _allCrc;
    private int _length;
    private int _scanFrom;
    private long _origin;

    /// <summary>How many foreign bytes <see cref="IsWhole"/> found after the last member (0 for none, or for zero bytes: padding).</summary>
    public int TrailingBytes { get; private set; }

    /// <summary>Takes the next compressed bytes of the file, in order.</summary>
    public void Observe(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_length == _recent.Length)
            {
                // Keep the last Window bytes: the end of the file is searched there, and a member
                // start needs the 4 bytes before it.
                _recent.AsSpan(_length - Window, Window).CopyTo(_recent);
                _origin += _length - Window;
                _scanFrom -= _length - Window;
                _length = Window;
            }

            var take = Math.Min(bytes.Length, _recent.Length - _length);
            bytes[..take].CopyTo(_recent.AsSpan(_length));
            _length += take;
            bytes = bytes[take..];
            FindMemberStarts();
        }
    }

    /// <summary>
    /// Whether the file observed so far ends its last member, given the number of bytes decompressed
    /// from it and the CRC-32 of those bytes. Sets <see cref="TrailingBytes"/>.
    /// </summary>
    public bool IsWhole(long decompressed, uint crc)
    {
        TrailingBytes = 0;
        var wanted = EarlierMembers().Select(before => unchecked((uint)decompressed - before)).ToHashSet();

        // The end of the file, then the end before each trailing zero byte.
        for (var end = _length; end >= TrailerLength && _length - end <= Window; end--)
        {
            if (wanted.Contains(LengthBefore(end)))
            {
                return true;
            }

            if (_recent[end - 1] != 0)
            {
                break;
            }
        }

        var earlier = EarlierSubsets().ToArray();
        for (var end = _length - 1; end >= TrailerLength && _length - end <= Window; end--)
        {
            var (lastLength, lastCrc) = (LengthBefore(end), BinaryPrimitives.ReadUInt32LittleEndian(_recent.AsSpan(end - TrailerLength)));
            foreach (var (before, subset) in earlier)
            {
                // The CRC is combined only where the lengths already agree: rare, and the combination costs.
                if (unchecked(before + lastLength) == unchecked((uint)decompressed)
                    && (CrcOf(subset) is { } c ? Crc32Combine(c, lastCrc, lastLength) : lastCrc) == crc)
                {
                    TrailingBytes = _length - end;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>What the members before the last may add up to: nothing (one member), all the candidates, or a subset of few.</summary>
    private IEnumerable<uint> EarlierMembers() => EarlierSubsets().Select(e => e.Length);

    // Subsets as bit masks of the first candidates; these two stand for none and for all of them.
    private const int NoneBefore = 0;
    private const int AllBefore = -1;

    /// <summary>As <see cref="EarlierMembers"/>, each with the subset of candidates it adds (<see cref="CrcOf"/>).</summary>
    private IEnumerable<(uint Length, int Subset)> EarlierSubsets()
    {
        yield return (0, NoneBefore);
        yield return (_allLengths, AllBefore);
        if (_candidates > MaxSubsetCandidates)
        {
            yield break;
        }

        for (var subset = 1; subset < (1 << _candidates) - 1; subset++)
        {
            var sum = 0u;
            for (var i = 0; i < _candidates; i++)
            {
                if ((subset & (1 << i)) != 0)
                {
                    sum = unchecked(sum + _firstLengths[i]);
                }
            }

            yield return (sum, subset);
        }
    }

    /// <summary>The CRC-32 of the bytes of the members a subset names, together; null for none.</summary>
    private uint? CrcOf(int subset)
    {
        if (subset == AllBefore)
        {
            return _allCrc;
        }

        uint? crc = null;
        for (var i = 0; i < _candidates && i < MaxSubsetCandidates; i++)
        {
            if ((subset & (1 << i)) != 0)
            {
                crc = crc is { } c ? Crc32Combine(c, _firstCrcs[i], _firstLengths[i]) : _firstCrcs[i];
            }
        }

        return crc;
    }

    /// <summary>
    /// The CRC-32 of two byte sequences one after the other, from each one's CRC-32 and the second's
    /// length: zlib's <c>crc32_combine</c> (GF(2) matrices; <c>System.IO.Hashing.Crc32</c> has no combination).
    /// </summary>
    internal static uint Crc32Combine(uint crc1, uint crc2, long length2)
    {
        if (length2 <= 0)
        {
            return crc1;
        }

        var even = new uint[32];
        var odd = new uint[32];
        odd[0] = 0xEDB88320u; // the reflected CRC-32 polynomial: the operator for one zero bit
        var row = 1u;
        for (var n = 1; n < 32; n++)
        {
            odd[n] = row;
            row <<= 1;
        }

        Square(even, odd); // two zero bits
        Square(odd, even); // four
        do
        {
            // Apply zeros for each set bit of the length in bytes (the first square gives one byte).
            Square(even, odd);
            if ((length2 & 1) != 0)
            {
                crc1 = Times(even, crc1);
            }

            length2 >>= 1;
            if (length2 == 0)
            {
                break;
            }

            Square(odd, even);
            if ((length2 & 1) != 0)
            {
                crc1 = Times(odd, crc1);
            }

            length2 >>= 1;
        }
        while (length2 != 0);

        return crc1 ^ crc2;

        static uint Times(uint[] matrix, uint vector)
        {
            var sum = 0u;
            for (var i = 0; vector != 0; i++, vector >>= 1)
            {
                if ((vector & 1) != 0)
                {
                    sum ^= matrix[i];
                }
            }

            return sum;
        }

        static void Square(uint[] square, uint[] matrix)
        {
            for (var n = 0; n < 32; n++)
            {
                square[n] = Times(matrix, matrix[n]);
            }
        }
    }

    private uint LengthBefore(int end) => BinaryPrimitives.ReadUInt32LittleEndian(_recent.AsSpan(end - 4));

    private void FindMemberStarts()
    {
        // ID1 ID2 CM, then FLG whose bits 5 to 7 are reserved (zero): four bytes are needed to judge a start.
        ReadOnlySpan<byte> start = [0x1F, 0x8B, 0x08];
        const int Judged = 4;
        var from = Math.Max(_scanFrom, 0);
        while (from <= _length - Judged)
        {
            var found = _recent.AsSpan(from, _length - from).IndexOf(start);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            if (at > _length - Judged)
            {
                break;
            }

            // A member is at least 18 bytes (10 of header, 8 of trailer): the first one starts the file.
            if (_origin + at >= 18 && at >= TrailerLength && (_recent[at + 3] & 0xE0) == 0)
            {
                var length = LengthBefore(at);
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(_recent.AsSpan(at - TrailerLength));
                _allLengths = unchecked(_allLengths + length);
                _allCrc = _allCrc is { } all ? Crc32Combine(all, crc, length) : crc;
                if (_candidates++ < MaxSubsetCandidates)
                {
                    _firstLengths.Add(length);
                    _firstCrcs.Add(crc);
                }
            }

            from = at + 1;
        }

        _scanFrom = Math.Max(from, _length - (Judged - 1));
    }
}
