using System.IO.Hashing;

namespace MissionPipeline.Readers;

/// <summary>
/// The bytes of an upload as the readers consume them, once and forward only. It lets the entry point
/// look at the first bytes (magic numbers) of a stream that cannot seek; it ends the stream at
/// <c>maxBytes</c> as if the file ended there, and <see cref="LimitExceeded"/> then says that more
/// followed; and, for the stream handed in (<c>transport</c>), it wraps a failure to read in an
/// <see cref="UploadReadException"/>, so that a broken download is told apart from a broken file.
/// It never disposes the stream it reads: the caller owns it (and may go on reading it to finish a hash).
/// It also remembers whether the content was read to its end and, on demand, watches a gzip file's
/// members go by (<see cref="WatchGzipMembers"/>) or keeps the CRC-32 of its bytes (<see cref="KeepCrc"/>).
/// </summary>
internal sealed class UploadStream(Stream inner, long maxBytes, bool transport) : Stream
{
    private byte[] _peeked = [];
    private int _peekedPosition;
    private long _count;
    private GzipMembers? _members;
    private Crc32? _crc;

    /// <summary>True once the content was found to go on past <c>maxBytes</c>.</summary>
    public bool LimitExceeded { get; private set; }

    /// <summary>True once the stream handed in said it had no more bytes (not when the limit stopped the reading).</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>How many bytes were taken from the stream handed in so far (the ones peeked included).</summary>
    public long BytesRead => _count;

    /// <summary>The CRC-32 of the bytes read so far, once <see cref="KeepCrc"/> was called.</summary>
    public uint Crc => _crc?.GetCurrentHashAsUInt32() ?? throw new InvalidOperationException("KeepCrc was not called.");

    /// <summary>Starts watching the gzip members of this stream (its bytes peeked included); call before reading.</summary>
    public GzipMembers WatchGzipMembers()
    {
        if (_count > _peeked.Length)
        {
            throw new InvalidOperationException("The members are watched from the start.");
        }

        _members = new GzipMembers();
        _members.Observe(_peeked);
        return _members;
    }

    /// <summary>Keeps the CRC-32 of every byte read from now on; call before reading.</summary>
    public void KeepCrc()
    {
        if (_count > 0)
        {
            throw new InvalidOperationException("The CRC is kept from the start.");
        }

        _crc = new Crc32();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _count - (_peeked.Length - _peekedPosition);
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// The first bytes of the stream (fewer if it is shorter). Call before any read; may be called
    /// again with a larger count (a format recognised by its first line after its magic number): the
    /// bytes peeked are then read again from the start.
    /// </summary>
    public byte[] Peek(int count)
    {
        if (_peekedPosition > 0 || _count > _peeked.Length)
        {
            throw new InvalidOperationException("Peek is only possible before reading.");
        }

        if (count > _peeked.Length)
        {
            var buffer = new byte[count];
            _peeked.CopyTo(buffer, 0);
            var n = _peeked.Length;
            while (n < count && ReadLimited(buffer.AsSpan(n)) is var read and > 0)
            {
                n += read;
            }

            _peeked = buffer[..n];
        }

        return _peeked.Length <= count ? _peeked : _peeked[..count];
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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// As <see cref="Read(Span{byte})"/>, reading the inner stream asynchronously: a gzip file's
    /// decompression, on a task of its own, then waits for a download without holding a thread, and
    /// stops when cancelled.
    /// </summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_peekedPosition < _peeked.Length || buffer.IsEmpty)
        {
            return Read(buffer.Span);
        }

        if (_count >= maxBytes)
        {
            LimitExceeded |= !LimitExceeded && await ReadInnerAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0;
            return 0;
        }

        var n = await ReadInnerAsync(buffer[..(int)Math.Min(buffer.Length, maxBytes - _count)], cancellationToken).ConfigureAwait(false);
        _count += n;
        ReachedEnd |= n == 0;
        Remember(buffer.Span[..n]);
        return n;
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
        ReachedEnd |= n == 0;
        Remember(buffer[..n]);
        return n;
    }

    private void Remember(ReadOnlySpan<byte> read)
    {
        _members?.Observe(read);
        _crc?.Append(read);
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

    private async ValueTask<int> ReadInnerAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (transport && ex is not OperationCanceledException)
        {
            throw new UploadReadException(ex);
        }
    }
}

/// <summary>Reading the stream handed in failed (network, storage): the file itself is not at fault.</summary>
internal sealed class UploadReadException(Exception inner) : IOException("The upload could not be read.", inner);
