using System.Buffers.Binary;

namespace MissionPipeline.Readers;

/// <summary>
/// Tells whether a gzip stream read to its end was whole, watching its compressed bytes go by.
/// .NET's <see cref="System.IO.Compression.GZipStream"/> decompresses every member of a file made of
/// several (RFC 1952 allows it: <c>cat a.gz b.gz</c>) and checks each member's trailer (CRC-32 and
/// length) when it reaches it; but where the file ends inside a member, it ends quietly, and it
/// ignores bytes after the last member. So the only question left is whether the last member
/// reached its trailer. Each member's trailer ends with its uncompressed length modulo 2³²
/// (ISIZE), and a member after it starts with <c>1F 8B 08</c>: the file is whole when the lengths
/// before those starts and the length at the end add up to what was decompressed. The rule:
/// <list type="bullet">
/// <item>the lengths read before every <c>1F 8B 08</c> (or, when there are at most
/// <see cref="MaxSubsetCandidates"/>, before some of them: compressed data can contain those three
/// bytes by chance), plus the length at the end of the file, or before trailing zero bytes (padding),
/// equal the decompressed length: whole;</item>
/// <item>otherwise, in a single-member file, a trailer (CRC-32 of everything decompressed, then its
/// length) found within the last <see cref="Window"/> bytes: whole, followed by foreign bytes
/// (<see cref="TrailingBytes"/>), which are ignored as gzip itself ignores them;</item>
/// <item>otherwise: cut short.</item>
/// </list>
/// A truncated file passes only if random bytes equal a 32-bit length (and, for trailing bytes, a
/// CRC-32 as well): about one chance in 2³² per candidate.
/// </summary>
internal sealed class GzipMembers
{
    /// <summary>How many bytes at the end of the file are searched for the last trailer.</summary>
    public const int Window = 16 * 1024;

    /// <summary>Up to this many member starts, every subset of them is tried (2⁸ sums).</summary>
    public const int MaxSubsetCandidates = 8;

    /// <summary>Past this many member starts, no more are recorded (the file is then judged on the ones recorded).</summary>
    public const int MaxCandidates = 4096;

    private const int TrailerLength = 8;

    // The last bytes seen: between Window and 2 × Window of them once that many were read.
    private readonly byte[] _recent = new byte[2 * Window];
    private readonly List<uint> _lengthsBeforeStarts = [];
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
        var wanted = new HashSet<uint>();
        foreach (var before in EarlierMembers())
        {
            wanted.Add(unchecked((uint)decompressed - before));
        }

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

        if (_lengthsBeforeStarts.Count > 0)
        {
            return false;
        }

        for (var end = _length - 1; end >= TrailerLength && _length - end <= Window; end--)
        {
            if (LengthBefore(end) == unchecked((uint)decompressed) && BinaryPrimitives.ReadUInt32LittleEndian(_recent.AsSpan(end - TrailerLength)) == crc)
            {
                TrailingBytes = _length - end;
                return true;
            }
        }

        return false;
    }

    private IEnumerable<uint> EarlierMembers()
    {
        var all = 0u;
        foreach (var length in _lengthsBeforeStarts)
        {
            all = unchecked(all + length);
        }

        yield return all;
        if (_lengthsBeforeStarts.Count > MaxSubsetCandidates)
        {
            yield break;
        }

        for (var subset = 0; subset < (1 << _lengthsBeforeStarts.Count) - 1; subset++)
        {
            var sum = 0u;
            for (var i = 0; i < _lengthsBeforeStarts.Count; i++)
            {
                if ((subset & (1 << i)) != 0)
                {
                    sum = unchecked(sum + _lengthsBeforeStarts[i]);
                }
            }

            yield return sum;
        }
    }

    private uint LengthBefore(int end) => BinaryPrimitives.ReadUInt32LittleEndian(_recent.AsSpan(end - 4));

    private void FindMemberStarts()
    {
        ReadOnlySpan<byte> start = [0x1F, 0x8B, 0x08];
        var from = Math.Max(_scanFrom, 0);
        while (from <= _length - start.Length)
        {
            var found = _recent.AsSpan(from, _length - from).IndexOf(start);
            if (found < 0)
            {
                break;
            }

            var at = from + found;

            // A member is at least 18 bytes (10 of header, 8 of trailer): the first one starts the file.
            if (_origin + at >= 18 && at >= 4 && _lengthsBeforeStarts.Count < MaxCandidates)
            {
                _lengthsBeforeStarts.Add(LengthBefore(at));
            }

            from = at + 1;
        }

        _scanFrom = Math.Max(from, _length - (start.Length - 1));
    }
}
