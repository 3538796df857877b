using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Readers;

namespace MissionPipeline.Tests.Readers;

/// <summary>Reading agency files in tests: a context as of the example's upload (2009-04-09), texts and bytes to read.</summary>
internal static class AgencyFiles
{
    /// <summary>The F0 header with every column, in the template's order.</summary>
    public const string FullHeader = "indicateur;periode;territoire;valeur;numerateur;denominateur;poids;statut;commentaire";

    public static readonly DateTimeOffset Received = new(2009, 4, 9, 8, 12, 31, TimeSpan.Zero);

    public static byte[] OfiiExample => File.ReadAllBytes(Repo.Data("examples", "ofii-2009-03.csv"));

    public static ReadContext Context(string agency = "ofii", ReaderLimits? limits = null, string fileName = "test.csv") =>
        new(new AgencyId(agency), fileName, Received, IndicatorCatalogue.Default, Geography2009.Default, limits ?? ReaderLimits.Default);

    /// <summary>Reads a text as UTF-8 (line endings as written in the literal: LF).</summary>
    public static ReadResult Read(string text, string agency = "ofii", ReaderLimits? limits = null) =>
        Read(Encoding.UTF8.GetBytes(text), agency, limits);

    /// <summary>Reads bytes through a stream that cannot seek, as a network download would be.</summary>
    public static ReadResult Read(byte[] bytes, string agency = "ofii", ReaderLimits? limits = null, string fileName = "test.csv")
    {
        using var stream = new ForwardOnlyStream(new MemoryStream(bytes));
        return AgencyFileReader.Read(stream, Context(agency, limits, fileName));
    }

    /// <summary>Reads one data row under <see cref="FullHeader"/>: the row is row 2.</summary>
    public static ReadResult ReadRow(string row, string agency = "ofii") => Read($"{FullHeader}\n{row}\n", agency);
}

/// <summary>The boilerplate of a read-only stream that cannot seek.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Returns few bytes at a time, like a download.</summary>
internal sealed class ForwardOnlyStream(Stream inner, int chunk = 7_919) : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, chunk));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A stream of lines that never ends: proves that a reader streams (and stops when it must).</summary>
internal sealed class EndlessLines(string header, string line) : ReadOnlyStream
{
    private byte[] _pending = Encoding.UTF8.GetBytes(header + "\n");
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position == _pending.Length)
        {
            _pending = Encoding.UTF8.GetBytes(line + "\n");
            _position = 0;
        }

        var n = Math.Min(count, _pending.Length - _position);
        Array.Copy(_pending, _position, buffer, offset, n);
        _position += n;
        return n;
    }
}

/// <summary>A stream that fails after some bytes, as a dropped connection does.</summary>
internal sealed class BrokenStream(byte[] start) : ReadOnlyStream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position == start.Length)
        {
            throw new IOException("Connection reset by peer.");
        }

        var n = Math.Min(count, start.Length - _position);
        Array.Copy(start, _position, buffer, offset, n);
        _position += n;
        return n;
    }
}
