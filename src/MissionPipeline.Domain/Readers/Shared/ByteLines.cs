namespace MissionPipeline.Readers;

/// <summary>
/// The lines of a stream of bytes, read forward through one fixed buffer: memory does not grow with
/// the file. A line ends at LF (a CR before it is dropped); a UTF-8 byte order mark at the start is
/// skipped; a Ctrl-Z (0x1A) ending the file is dropped. A line longer than the buffer is returned cut, flagged <see cref="TooLong"/>, and the
/// rest of it is skipped. A returned line is valid until the next call.
/// </summary>
internal sealed class ByteLines(Stream stream, int bufferSize, CancellationToken cancellationToken)
{
    private const byte EndOfFile = 0x1A;

    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skipping;
    private bool _started;

    /// <summary>The line number (1-based) of the last line returned.</summary>
    public int Number { get; private set; }

    /// <summary>The last line returned was longer than the buffer and is cut.</summary>
    public bool TooLong { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        TooLong = false;
        if (_skipping)
        {
            SkipRestOfLine();
        }

        while (true)
        {
            var rest = _buffer.AsSpan(_start, _end - _start);
            if (!_started && (rest.Length >= 3 || _eof))
            {
                _started = true;
                if (rest.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _start += 3;
                    continue;
                }
            }

            var lf = _started ? rest.IndexOf((byte)'\n') : -1;
            if (lf >= 0)
            {
                _start += lf + 1;
                return Return(rest[..lf], out line);
            }

            if (_eof)
            {
                // A DOS end-of-file mark (Ctrl-Z) closing the file is not a character of it.
                rest = rest is [.., EndOfFile] ? rest[..^1] : rest;
                _start = _end;
                line = default;
                return !rest.IsEmpty && Return(rest, out line);
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                TooLong = true;
                _skipping = true;
                _start = _end;
                return Return(rest, out line);
            }

            Fill();
        }
    }

    private bool Return(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> line)
    {
        Number++;
        line = !TooLong && text is [.., (byte)'\r'] ? text[..^1] : text;
        return true;
    }

    private void SkipRestOfLine()
    {
        while (true)
        {
            var lf = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                _start += lf + 1;
                break;
            }

            _start = _end;
            if (_eof)
            {
                break;
            }

            Fill();
        }

        _skipping = false;
    }

    private void Fill()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var n = stream.Read(_buffer, _end, _buffer.Length - _end);
        _eof = n == 0;
        _end += n;
    }
}
