using System.Security.Cryptography;

namespace MissionPipeline.Storage;

/// <summary>
/// A read-only pass-through stream that hashes (SHA-256) and counts every byte read, so a file is
/// hashed while it is parsed, in one pass over the network (the ingest job), or over a pipe that
/// can be read only once (<c>mission validate</c>).
/// </summary>
public sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads what the consumer left unread, then returns the hash of the whole stream in lower-case hex.</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken = default) =>
        (await FinishAsync(long.MaxValue, cancellationToken).ConfigureAwait(false)).Sha256;

    /// <summary>
    /// Reads what the consumer left unread, up to <paramref name="maxBytes"/> bytes in all, then returns
    /// the hash in lower-case hex: of the whole stream (<c>Whole</c>), or, when the stream went on past
    /// <paramref name="maxBytes"/> (a device that never ends), of the bytes read until then.
    /// </summary>
    public async Task<(string Sha256, bool Whole)> FinishAsync(long maxBytes, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[81920];
        var whole = true;
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
            if (BytesRead > maxBytes)
            {
                whole = false;
                break;
            }
        }

        return (Convert.ToHexStringLower(_hash.GetHashAndReset()), whole);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Append(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Append(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        BytesRead += bytes.Length;
    }
}
