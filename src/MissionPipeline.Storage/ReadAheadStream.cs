using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace MissionPipeline.Storage;

/// <summary>
/// A read-only, forward-only stream that reads another ahead of its reader, on a task of its own, into
/// at most <c>chunks</c> buffers of <c>chunkBytes</c>: the ingest job's download goes on while the
/// parser (synchronous, on its own thread) works on the bytes that came before, instead of the two
/// taking turns. The bytes come out exactly as the inner stream gave them, in order. A failure of the
/// inner stream is thrown to the reader once the bytes before it are read, and again at every later
/// read, with its own type (a 412 stays a <c>RequestFailedException</c> of status 412). Disposing it
/// stops the task, waits for it, and disposes the inner stream.
/// </summary>
internal sealed class ReadAheadStream : Stream
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
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_current is null || _offset == _current.Count)
        {
            if (_current is not null)
            {
                Recycle(_current);
                _current = null;
            }

            if (_ended)
            {
                return 0;
            }

            _ready.Wait(_cancellationToken);
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
                continue;
            }

            (_current, _offset) = (next, 0);
        }

        var n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
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
