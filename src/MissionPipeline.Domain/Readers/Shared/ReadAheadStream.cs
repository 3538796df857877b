using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace MissionPipeline.Readers;

/// <summary>
/// A read-only, forward-only stream that reads another ahead of its reader, on a task of its own, into
/// at most <c>chunks</c> buffers of <c>chunkBytes</c>: the ingest job's download, and a gzip file's
/// decompression, go on while the parser (synchronous, on its own thread) works on the bytes that
/// came before, instead of taking turns with it on one core. The bytes come out exactly as the inner stream gave them, in order. A failure of the
/// inner stream is thrown to the reader once the bytes before it are read, and again at every later
/// read, with its own type (a 412 stays a <c>RequestFailedException</c> of status 412). Disposing it
/// stops the task, waits for it, and disposes the inner stream.
/// </summary>
public sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private readonly int _chunkBytes;
    private readonly ConcurrentQueue<Chunk> _filled = new();
    private readonly SemaphoreSlim _free;
    private readonly SemaphoreSlim _ready = new(0);
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancellationToken;
    private readonly Task _pump;
    private Chunk? _current;
    private int _offset;
    private bool _ended;
    private bool _disposed;

    public ReadAheadStream(Stream inner, int chunkBytes, int chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 1);
        _inner = inner;
        _chunkBytes = chunkBytes;
        _free = new SemaphoreSlim(chunks);
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Asynchronous reads and waits: the pump never blocks a pool thread, only the reader waits.
        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty && NeedsChunk())
        {
            _ready.Wait(_cancellationToken);
            Take();
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>As <see cref="Read(Span{byte})"/>, waiting without blocking a thread; cancelled by <paramref name="cancellationToken"/> as well as by the stream's own token.</summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty && NeedsChunk())
        {
            if (cancellationToken.CanBeCanceled)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellationToken);
                await _ready.WaitAsync(either.Token).ConfigureAwait(false);
            }
            else
            {
                await _ready.WaitAsync(_cancellationToken).ConfigureAwait(false);
            }

            Take();
        }

        return CopyOut(buffer.Span);
    }

    /// <summary>Whether the reader must wait for the next chunk: the current one is read to its end (and recycled) and the end was not reached.</summary>
    private bool NeedsChunk()
    {
        if (_current is not null && _offset < _current.Count)
        {
            return false;
        }

        if (_current is not null)
        {
            Recycle(_current);
            _current = null;
        }

        return !_ended;
    }

    /// <summary>Copies what it can of the current chunk; 0 at the end (or for an empty buffer).</summary>
    private int CopyOut(Span<byte> buffer)
    {
        if (_current is null)
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    /// <summary>Takes the next chunk, once <c>_ready</c> was entered: the current one, the end, or the failure thrown.</summary>
    private void Take()
    {
        _filled.TryDequeue(out var next);
        if (next!.Failure is { } failure)
        {
            // Kept, so that every later read (the hash's drain after the parser) fails the same way.
            _filled.Enqueue(next);
            _ready.Release();
            failure.Throw();
        }

        if (next.Count == 0)
        {
            _ended = true;
            return;
        }

        (_current, _offset) = (next, 0);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            // Every wait and read of the pump observes the token, and it catches what it meets: it ends promptly, without throwing.
            _pump.GetAwaiter().GetResult();
            if (_current is { Count: > 0 })
            {
                ArrayPool<byte>.Shared.Return(_current.Buffer);
            }

            while (_filled.TryDequeue(out var chunk))
            {
                if (chunk.Count > 0)
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                }
            }

            _inner.Dispose();
            _stop.Dispose();
            _free.Dispose();
            _ready.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(_chunkBytes);
                var count = 0;
                try
                {
                    int n;
                    while (count < _chunkBytes && (n = await _inner.ReadAsync(buffer.AsMemory(count, _chunkBytes - count), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        count += n;
                    }
                }
                catch
                {
                    // The bytes that came before the failure are the reader's, then the failure.
                    if (count > 0)
                    {
                        Publish(new Chunk(buffer, count, null));
                    }
                    else
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    throw;
                }

                if (count == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    Publish(Chunk.End);
                    return;
                }

                Publish(new Chunk(buffer, count, null));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the reader (disposed or cancelled): nobody reads what would come next.
            Publish(new Chunk([], 0, ExceptionDispatchInfo.Capture(new OperationCanceledException(cancellationToken))));
        }
        catch (Exception ex)
        {
            Publish(new Chunk([], 0, ExceptionDispatchInfo.Capture(ex)));
        }
    }

    private void Publish(Chunk chunk)
    {
        _filled.Enqueue(chunk);
        _ready.Release();
    }

    private void Recycle(Chunk chunk)
    {
        ArrayPool<byte>.Shared.Return(chunk.Buffer);
        _free.Release();
    }

    private sealed record Chunk(byte[] Buffer, int Count, ExceptionDispatchInfo? Failure)
    {
        public static Chunk End { get; } = new([], 0, null);
    }
}
