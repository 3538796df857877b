namespace MissionPipeline.Readers;

/// <summary>
/// The bytes of an upload as the readers consume them, once and forward only. It lets the entry point
/// look at the first bytes (magic numbers) of a stream that cannot seek; it ends the stream at
/// <c>maxBytes</c> as if the file ended there, and <see cref="LimitExceeded"/> then says that more
/// followed; and, for the stream handed in (<c>transport</c>), it wraps a failure to read in an
/// <see cref="UploadReadException"/>, so that a broken download is told apart from a broken file.
/// It never disposes the stream it reads: the caller owns it (and may go on reading it to finish a hash).
/// </summary>
internal sealed class UploadStream(Stream inner, long maxBytes, bool transport) : Stream
{
    private byte[] _peeked = [];
    private int _peekedPosition;
    private long _count;

    /// <summary>True once the content was found to go on past <c>maxBytes</c>.</summary>
    public bool LimitExceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _count - (_peeked.Length - _peekedPosition);
        set => throw new NotSupportedException();
    }

    /// <summary>The first bytes of the stream (fewer if it is shorter); call before any read.</summary>
    public byte[] Peek(int count)
    {
        var buffer = new byte[count];
        var n = 0;
        while (n < count && ReadLimited(buffer.AsSpan(n)) is var read and > 0)
        {
            n += read;
        }

        _peeked = buffer[..n];
        _peekedPosition = 0;
        return _peeked;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_peekedPosition < _peeked.Length)
        {
            var n = Math.Min(buffer.Length, _peeked.Length - _peekedPosition);
            _peeked.AsSpan(_peekedPosition, n).CopyTo(buffer);
            _peekedPosition += n;
            return n;
        }

        return ReadLimited(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int ReadLimited(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_count >= maxBytes)
        {
            // One byte more tells a file of exactly maxBytes from a larger one.
            LimitExceeded |= !LimitExceeded && ReadInner(stackalloc byte[1]) > 0;
            return 0;
        }

        var n = ReadInner(buffer[..(int)Math.Min(buffer.Length, maxBytes - _count)]);
        _count += n;
        return n;
    }

    private int ReadInner(Span<byte> buffer)
    {
        if (!transport)
        {
            return inner.Read(buffer);
        }

        try
        {
            return inner.Read(buffer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new UploadReadException(ex);
        }
    }
}

/// <summary>Reading the stream handed in failed (network, storage): the file itself is not at fault.</summary>
internal sealed class UploadReadException(Exception inner) : IOException("The upload could not be read.", inner);
