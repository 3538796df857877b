using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

/// <summary>The read-ahead of a download or of a decompression: the same bytes in the same order, its failures passed on with their own type, and a prompt stop.</summary>
public sealed class ReadAheadStreamTests
{
    [Theory]
    [InlineData(0, 4096, 3, 1000)]
    [InlineData(1, 4096, 3, 1000)]
    [InlineData(3_000_001, 4096, 3, 1000)]
    [InlineData(3_000_001, 65_536, 1, 7)]
    [InlineData(100_000, 1, 2, 4096)]
    public void Read_AnyChunkingOfAnyReads_GivesTheInnerBytesInOrder(int length, int chunkBytes, int chunks, int readSize)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        using var ahead = new ReadAheadStream(new Trickle(bytes, failAfter: null), chunkBytes, chunks);
        var read = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = ahead.Read(buffer, 0, buffer.Length)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(bytes, read.ToArray());
        Assert.Equal(0, ahead.Read(buffer, 0, buffer.Length));
    }

    [Theory]
    [InlineData(0, 4096, 3, 1000)]
    [InlineData(3_000_001, 4096, 3, 1000)]
    [InlineData(100_000, 1, 2, 4096)]
    public async Task ReadAsync_AnyChunkingOfAnyReads_GivesTheInnerBytesInOrder(int length, int chunkBytes, int chunks, int readSize)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        await using var ahead = new ReadAheadStream(new Trickle(bytes, failAfter: null), chunkBytes, chunks);
        var read = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = await ahead.ReadAsync(buffer)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(bytes, read.ToArray());
        Assert.Equal(0, await ahead.ReadAsync(buffer));
    }

    /// <summary>A read waiting for a stalled inner stream ends when its own token is cancelled, and the stream still stops.</summary>
    [Fact]
    public async Task ReadAsync_StalledInnerAndReadCancelled_ThrowsOperationCanceledAndDisposes()
    {
        var inner = new Stalled();
        var ahead = new ReadAheadStream(inner, 4096, 2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ahead.ReadAsync(new byte[10], cancel.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        await Task.Run(ahead.Dispose).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(inner.Disposed);
    }

    [Fact]
    public void Read_InnerFailsMidway_TheBytesBeforeThenTheSameFailureAtEveryLaterRead()
    {
        var bytes = new byte[50_000];
        new Random(5).NextBytes(bytes);
        var inner = new Trickle(bytes, failAfter: 20_000);
        using var ahead = new ReadAheadStream(inner, 4096, 2);
        var read = new MemoryStream();
        var buffer = new byte[1000];

        var failure = Assert.Throws<TimeoutException>(() =>
        {
            int n;
            while ((n = ahead.Read(buffer, 0, buffer.Length)) > 0)
            {
                read.Write(buffer, 0, n);
            }
        });

        Assert.Equal(bytes.AsSpan(0, 20_000).ToArray(), read.ToArray());
        Assert.Same(inner.Failure, failure);
        Assert.Same(inner.Failure, Assert.Throws<TimeoutException>(() => ahead.Read(buffer, 0, buffer.Length)));
    }

    [Fact]
    public void Read_Cancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        using var ahead = new ReadAheadStream(new Endless(), 4096, 2, cancel.Token);
        var buffer = new byte[10_000];
        Assert.True(ahead.Read(buffer, 0, buffer.Length) > 0);

        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ahead.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public async Task Dispose_WhileTheReadAheadWaitsForRoom_StopsItAndDisposesTheInnerStream()
    {
        var inner = new Endless();
        var ahead = new ReadAheadStream(inner, 4096, 2);
        Assert.True(ahead.Read(new byte[10], 0, 10) > 0);

        await Task.Run(ahead.Dispose).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(inner.Disposed);
    }

    /// <summary>Gives its bytes a few at a time (1 to 997 a read, as a network does), then fails after <c>failAfter</c> bytes if asked.</summary>
    private sealed class Trickle(byte[] bytes, int? failAfter) : ReadOnlyStream
    {
        private int _position;
        private int _reads;

        public TimeoutException Failure { get; } = new("Injected: the download stalled.");

        public override int Read(byte[] buffer, int offset, int count)
        {
            var end = failAfter ?? bytes.Length;
            if (_position >= end && failAfter is not null)
            {
                throw Failure;
            }

            var n = Math.Min(Math.Min(count, 1 + (_reads++ * 131 % 997)), end - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }
    }

    /// <summary>A stream whose reads never complete until cancelled (a stalled download), and that records that it was disposed.</summary>
    private sealed class Stalled : ReadOnlyStream
    {
        public bool Disposed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A stream that never ends and records that it was disposed.</summary>
    private sealed class Endless : ReadOnlyStream
    {
        public bool Disposed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(42);
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
