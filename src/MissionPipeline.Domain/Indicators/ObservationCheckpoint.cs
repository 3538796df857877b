using System.IO.Compression;
using System.Text;

namespace MissionPipeline.Indicators;

/// <summary>
/// Every committed file's <see cref="ObservationBlock"/> in one gzip'd binary stream: what a recompute
/// in a new process reads instead of one segment per file (thousands of GETs). Layout: the format
/// name, then each block (a byte 1, its source, tables and columns, <see cref="ObservationBlock"/>),
/// then a byte 0, the number of blocks and of observations. A stream that ends early, names another
/// format, or whose ending does not count what it held is an <see cref="InvalidDataException"/>;
/// the blocks read before it must then be dropped (a damaged stream's earlier blocks are not
/// trusted either: gzip checks its checksum only at the end).
/// <para>
/// The checkpoint is a cache, never the record: its reader takes a block only when the file's
/// <c>Ingestions</c> row is committed now, with the same upload and claim times.
/// </para>
/// </summary>
public static class ObservationCheckpoint
{
    /// <summary>The first string of the stream; a reader refuses any other.</summary>
    public const string FormatName = "mission-checkpoint/1";

    /// <summary>Writes <paramref name="blocks"/>, compressed, to <paramref name="destination"/> (left open).</summary>
    public static void Write(Stream destination, IEnumerable<ObservationBlock> blocks, CancellationToken cancellationToken = default)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // Columns are written as they lie in memory; every platform the app runs on is little-endian.
            throw new PlatformNotSupportedException("Observation checkpoints are written on little-endian machines only.");
        }

        using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        using var buffered = new BufferedStream(gzip, 1 << 16);
        using var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatName);
        int count = 0;
        long observations = 0;
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.Write((byte)1);
            block.WriteTo(writer);
            count++;
            observations += block.Count;
        }

        writer.Write((byte)0);
        writer.Write(count);
        writer.Write(observations);
    }

    /// <summary>
    /// A reader of the blocks of a checkpoint, one at a time, so that a caller keeps only those it
    /// needs; a block claiming more than <paramref name="mostObservations"/> is damage (what a caller
    /// has room for bounds what a damaged length can make it allocate).
    /// </summary>
    public static Reader Read(Stream compressed, int mostObservations = int.MaxValue) => new(compressed, mostObservations);

    /// <summary>Reads a checkpoint's blocks in the order written; every damage is an <see cref="InvalidDataException"/>.</summary>
    public sealed class Reader : IDisposable
    {
        private readonly GZipStream _gzip;
        private readonly BinaryReader _reader;
        private readonly int _mostObservations;
        private int _count;
        private long _observations;
        private bool _started;

        internal Reader(Stream compressed, int mostObservations)
        {
            _mostObservations = mostObservations;
            _gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            _reader = new BinaryReader(new BufferedStream(_gzip, 1 << 16), Encoding.UTF8, leaveOpen: false);
        }

        /// <summary>The next block, or null after the last one (the ending checked).</summary>
        public ObservationBlock? Next(CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (!_started)
                {
                    _started = true;
                    if (_reader.ReadString() != FormatName)
                    {
                        throw new InvalidDataException("Observation checkpoint: foreign format.");
                    }
                }

                switch (_reader.ReadByte())
                {
                    case 1:
                        var block = ObservationBlock.ReadFrom(_reader, _mostObservations);
                        _count++;
                        _observations += block.Count;
                        return block;
                    case 0:
                        if (_reader.ReadInt32() != _count || _reader.ReadInt64() != _observations)
                        {
                            throw new InvalidDataException("Observation checkpoint: its ending does not count what it held.");
                        }

                        // Reading on to the end makes gzip check its trailer (CRC-32 and length): without
                        // it, a flipped byte in a column could pass every other check.
                        if (_reader.BaseStream.ReadByte() != -1)
                        {
                            throw new InvalidDataException("Observation checkpoint: bytes after its ending.");
                        }

                        return null;
                    default:
                        throw new InvalidDataException("Observation checkpoint: unknown marker.");
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or ArgumentException or OverflowException or OutOfMemoryException)
            {
                throw new InvalidDataException("Observation checkpoint: unreadable (" + ex.Message + ").", ex);
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _gzip.Dispose();
        }
    }
}
