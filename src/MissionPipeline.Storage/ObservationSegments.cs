using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using System.IO.Pipelines;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Text;

namespace MissionPipeline.Storage;

/// <summary>How a recompute got each committed file's observations: the figures the bench and the logs show.</summary>
/// <param name="Cached">Files already in this process's memory (nothing read).</param>
/// <param name="Downloaded">Files whose segment blob was read.</param>
/// <param name="FromTable">Files without a readable segment, read from table <c>Observations</c> (and their segment written).</param>
/// <param name="FromCheckpoint">Files taken from the checkpoint (<see cref="ObservationCheckpoint"/>): one blob for all of them.</param>
public readonly record struct SegmentReads(int Cached, int Downloaded, int FromTable, int FromCheckpoint = 0);

/// <summary>
/// What the recompute reads: each committed file's observations, from its segment blob
/// (<c>segments/{agency}/{ingestId}.jsonl.gz</c>, <see cref="ObservationSegment"/>), written by the
/// ingest job beside its table rows before the commit. Table <c>Observations</c> stays the queryable
/// record (audit, history of a cell); the segment is its compact copy, because a recompute that read
/// a million entities one by one would take minutes on Azure (a partition serves about 2 000
/// entities/s) and far longer on Azurite, whose every query page scans the whole table.
/// <para>
/// A committed file never changes, so its observations are kept in memory once read: a recompute
/// after one new file reads the <c>Ingestions</c> table and that file's segment only, i.e. only the
/// indicators the file feeds. Files no longer committed leave the memory at the next read. A file
/// committed before segments existed, or whose segment is missing or unreadable, is read from the
/// table (its partitions, filtered on its ingest id) and its segment written, so the next process
/// reads the blob. Only files with status committed are read: invariant 2 (all or nothing) holds
/// whatever segments exist.
/// </para>
/// <para>
/// A new process (a cold start, an instance Flex has just started) would read one segment per
/// committed file: thousands of GETs. So a recompute that had to read at least
/// <see cref="RecomputeOptions.CheckpointFiles"/> files from their segments writes, once its
/// dashboard is made (after publishing it, when it publishes), every block it holds into one blob (<see cref="StorageLayout.CheckpointBlob"/>,
/// <see cref="ObservationCheckpoint"/>); a process missing at least that many files reads it first,
/// then the segments of the files it lacks. The checkpoint is a cache, never the record: a block is
/// taken only for a file committed now with the same upload and claim times, and a checkpoint
/// missing, damaged, foreign, unreadable or bigger than the memory limit leaves room for is ignored
/// whole (logged), the segments read instead.
/// </para>
/// <para>
/// Memory: each file is held as one compact <see cref="ObservationBlock"/> (about 20 bytes per
/// observation). The rule (<see cref="RecomputeOptions.MemoryLimit"/>): a recompute whose files take
/// more than the limit stops with <see cref="RecomputeTooLargeException"/> before anything is
/// computed or published; files are kept between runs only while they take at most half of it.
/// </para>
/// Thread-safe: one instance serves concurrent recomputes.
/// </summary>
public sealed class ObservationSegments(BlobServiceClient blobs, TableServiceClient tables, StorageLayout layout, ILogger<ObservationSegments> logger, RecomputeOptions? options = null)
{
    /// <summary>How many segments a cold recompute downloads at once (the benchmark's bare read uses as many).</summary>
    public const int ParallelReads = 16;

    private readonly ConcurrentDictionary<(string Agency, string IngestId), ObservationBlock> _memory = new();

    /// <summary>Writes (or rewrites, with the same bytes) the segment of one file.</summary>
    public static async Task WriteAsync(BlobContainerClient container, AgencyId agency, string ingestId, IReadOnlyList<Observation> observations, CancellationToken cancellationToken = default)
    {
        var bytes = ObservationSegment.Write(agency, ingestId, observations);
        await container.GetBlobClient(StorageLayout.SegmentBlob(agency, ingestId)).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The observations of every committed file among <paramref name="ingestions"/>, for the
    /// <paramref name="indicators"/> given, with their provenance (upload and claim time from the
    /// file's row). Ordered by agency, ingest id, then file order: deterministic for the same rows.
    /// </summary>
    public async Task<(ObservationSet Observations, SegmentReads Reads)> ReadAsync(
        IReadOnlyList<IngestionSummary> ingestions, IReadOnlySet<IndicatorId> indicators, CancellationToken cancellationToken = default)
    {
        var committed = ingestions
            .Where(i => i.Status == IngestionStatus.Committed && i.Indicators.Any(indicators.Contains))
            .OrderBy(i => i.Agency.Value, StringComparer.Ordinal).ThenBy(i => i.IngestId, StringComparer.Ordinal)
            .ToArray();
        // Every committed file stays, not only those of these indicators: the revisions route reads one indicator's files, the recompute all of them.
        var keep = ingestions.Where(i => i.Status == IngestionStatus.Committed).Select(i => (i.Agency.Value, i.IngestId)).ToHashSet();
        foreach (var key in _memory.Keys.Where(k => !keep.Contains(k)))
        {
            _memory.TryRemove(key, out _);
        }

        var files = new ObservationBlock[committed.Length];
        int cached = 0, downloaded = 0, fromTable = 0, fromCheckpoint = 0;
        var settings = options ?? RecomputeOptions.Default;
        var limit = settings.MemoryLimit;
        long held = 0, observations = 0;
        void Count(ObservationBlock block)
        {
            Interlocked.Add(ref observations, block.Count);
            if (Interlocked.Add(ref held, block.Bytes) > limit)
            {
                // What was read so far is let go with the exception: the next try starts clean.
                _memory.Clear();
                throw new RecomputeTooLargeException(TooLarge(committed.Length, Interlocked.Read(ref observations), Interlocked.Read(ref held), limit));
            }
        }

        var sources = committed.Select(file => new FileSource(file.Agency, file.IngestId, file.Received, file.Claimed)).ToArray();
        for (var i = 0; i < committed.Length; i++)
        {
            if (_memory.TryGetValue((committed[i].Agency.Value, committed[i].IngestId), out var known) && known.Source == sources[i])
            {
                cached++;
                Count(known);
                files[i] = known;
            }
        }

        if (committed.Length - cached >= settings.CheckpointFiles)
        {
            foreach (var (i, block) in await FromCheckpointAsync(sources, files, limit - held, cancellationToken).ConfigureAwait(false))
            {
                fromCheckpoint++;
                Count(block);
                _memory[(block.Source.Agency.Value, block.Source.IngestId)] = block;
                files[i] = block;
            }
        }

        await Parallel.ForAsync(0, committed.Length, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            if (files[i] is not null)
            {
                return;
            }

            var file = committed[i];
            var key = (file.Agency.Value, file.IngestId);
            var source = sources[i];

            var (loaded, fromBlob) = await LoadAsync(file, ct).ConfigureAwait(false);
            Interlocked.Increment(ref fromBlob ? ref downloaded : ref fromTable);
            var block = ObservationBlock.From(source, loaded);
            Count(block);
            _memory[key] = block;
            files[i] = block;
        }).ConfigureAwait(false);

        if (held > limit / 2)
        {
            // Too big to keep beside everything else the process does: this run uses them, the next reads them again.
            _memory.Clear();
            SegmentLog.LetGo(logger, committed.Length, held / (1024 * 1024), limit / (1024 * 1024));
        }

        return (new ObservationSet(files, indicators), new SegmentReads(cached, downloaded, fromTable, fromCheckpoint));
    }

    /// <summary>
    /// Writes every block of <paramref name="observations"/> as the checkpoint when <paramref name="reads"/>
    /// read at least <see cref="RecomputeOptions.CheckpointFiles"/> files from their segments or the
    /// table (the checkpoint lacked that many); returns whether it wrote. Streamed: the blocks are
    /// serialised while the upload runs, and the blob replaced only when whole (its blocks committed at
    /// the end), so a reader sees the old checkpoint or the new one. Any failure but the caller's
    /// cancellation is logged and swallowed: the snapshot is already made, and the next process
    /// reads the segments.
    /// </summary>
    public async Task<bool> CheckpointAsync(ObservationSet observations, SegmentReads reads, CancellationToken cancellationToken = default)
    {
        if (reads.Downloaded + reads.FromTable < (options ?? RecomputeOptions.Default).CheckpointFiles)
        {
            return false;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20));
        // Not given the token: once started, the writer always completes the pipe, so the upload never waits for it.
        var writing = Task.Run(async () =>
        {
            try
            {
                await using (var stream = pipe.Writer.AsStream(leaveOpen: true))
                {
                    ObservationCheckpoint.Write(stream, observations.Blocks, stop.Token);
                }

                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        try
        {
            var blob = blobs.GetBlobContainerClient(layout.Segments).GetBlobClient(StorageLayout.CheckpointBlob);
            await using (var content = pipe.Reader.AsStream())
            {
                await blob.UploadAsync(content, new BlobUploadOptions { TransferOptions = new() { InitialTransferSize = 8 << 20, MaximumTransferSize = 8 << 20, MaximumConcurrency = 2 } }, stop.Token).ConfigureAwait(false);
            }

            SegmentLog.CheckpointWritten(logger, observations.Blocks.Count);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SegmentLog.CheckpointNotWritten(logger, ex.GetType().Name, Describe(ex));
            return false;
        }
        finally
        {
            // The writer stops at its next block and completes the pipe; its failures were handed to the upload.
            await stop.CancelAsync().ConfigureAwait(false);
            await writing.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The blocks of the checkpoint that stand for the files of <paramref name="sources"/> not yet in
    /// <paramref name="files"/>, with their index; none when the checkpoint is missing, unreadable,
    /// damaged, or holds more than <paramref name="room"/> bytes of them (logged: the segments are
    /// read instead, and the memory rule judges them as it always does).
    /// </summary>
    private async Task<List<(int Index, ObservationBlock Block)>> FromCheckpointAsync(FileSource[] sources, ObservationBlock[] files, long room, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<FileSource, int>();
        for (var i = 0; i < sources.Length; i++)
        {
            if (files[i] is null)
            {
                wanted[sources[i]] = i;
            }
        }

        var taken = new List<(int Index, ObservationBlock Block)>();
        var blob = blobs.GetBlobContainerClient(layout.Segments).GetBlobClient(StorageLayout.CheckpointBlob);
        try
        {
            var stream = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
            await using (stream.ConfigureAwait(false))
            {
                await Task.Run(
                    () =>
                    {
                        // No block may claim more observations than the room left could hold: a damaged length allocates nothing big.
                        var most = (int)Math.Min(int.MaxValue, Math.Max(0, room) / ObservationBlock.LeastBytesPerObservation);
                        using var reader = ObservationCheckpoint.Read(stream, most);
                        long bytes = 0;
                        while (reader.Next(cancellationToken) is { } block)
                        {
                            if (wanted.Remove(block.Source, out var index))
                            {
                                taken.Add((index, block));
                                if ((bytes += block.Bytes) > room)
                                {
                                    throw new InvalidDataException("it holds more than the memory limit leaves room for");
                                }
                            }
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            SegmentLog.NoCheckpoint(logger);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Damaged, cut, foreign, too big, or storage failing mid-read: the segments decide. Blocks read
            // before the damage are dropped too (gzip checks its checksum only at the end).
            SegmentLog.CheckpointUnreadable(logger, ex.GetType().Name, Describe(ex));
            taken.Clear();
        }

        return taken;
    }

    /// <summary>What a log line says of a failure: a storage error by its status and code only (its message carries the request's headers).</summary>
    private static string Describe(Exception exception) =>
        exception is RequestFailedException failed ? $"HTTP {failed.Status} {failed.ErrorCode}" : exception.Message;

    /// <summary>The message of <see cref="RecomputeTooLargeException"/>: how much, against what limit, and what to do.</summary>
    internal static string TooLarge(int files, long observations, long held, long limit) => FrenchTypography.Apply(
        $"Le recalcul ne tient pas dans la mémoire permise : {FrenchFormat.Count(files, "fichier validé", "fichiers validés")} (au moins {FrenchFormat.Count(observations, "observation")} lues) "
        + $"{(files > 1 ? "demandent" : "demande")} plus de {FrenchFormat.Number(held / (1024.0 * 1024), 1)} Mo, au-delà de la limite de {FrenchFormat.Number(limit / (1024.0 * 1024))} Mo ({RecomputeOptions.MemoryLimitSetting}). "
        + "Rien n'a été calculé ni publié : les tableaux de bord déjà publiés restent en ligne. "
        + "Donnez plus de mémoire à l'instance ou relevez la limite, ou voyez docs/scaling.md (ce que tient une instance, et la suite).");

    private async Task<(IReadOnlyList<Observation> Observations, bool FromBlob)> LoadAsync(IngestionSummary file, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(layout.Segments);
        var blob = container.GetBlobClient(StorageLayout.SegmentBlob(file.Agency, file.IngestId));
        try
        {
            // Downloaded whole, asynchronously (kilobytes to a few megabytes compressed), then decoded on
            // this pool thread: decoding the network stream itself held a pool thread blocked on each of
            // the ParallelReads downloads in flight.
            var compressed = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
            var content = ObservationSegment.Read(compressed.ToStream(), cancellationToken);
            if (content.Agency == file.Agency && string.Equals(content.IngestId, file.IngestId, StringComparison.Ordinal))
            {
                return (content.Observations, true);
            }

            SegmentLog.Unreadable(logger, file.Agency.Value, file.IngestId, "it names another file");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            SegmentLog.Missing(logger, file.Agency.Value, file.IngestId);
        }
        catch (InvalidDataException ex)
        {
            SegmentLog.Unreadable(logger, file.Agency.Value, file.IngestId, ex.Message);
        }

        var rows = await FromTableAsync(file, cancellationToken).ConfigureAwait(false);
        await WriteAsync(container, file.Agency, file.IngestId, rows, cancellationToken).ConfigureAwait(false);
        return (rows, false);
    }

    /// <summary>One file's rows: the partitions of the indicators its row lists, filtered on its ingest id, in file row order.</summary>
    private async Task<IReadOnlyList<Observation>> FromTableAsync(IngestionSummary file, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(layout.Observations);
        var found = new List<Observation>();
        foreach (var indicator in file.Indicators)
        {
            var filter = ObservationRow.PartitionsOf(indicator) + " and " + TableClient.CreateQueryFilter($"IngestId eq {file.IngestId} and Agency eq {file.Agency.Value}");
            await foreach (var row in table.QueryAsync<ObservationRow>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(row.ToSourced().Observation);
            }
        }

        return found.OrderBy(o => o.Row).ThenBy(o => o.Indicator.Value, StringComparer.Ordinal)
            .ThenBy(o => o.Period).ThenBy(o => o.Territory.Code, StringComparer.Ordinal).ToArray();
    }
}

/// <summary>The segments' own log lines.</summary>
internal static partial class SegmentLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Committed file {IngestId} of {Agency} has no segment; read from the table, segment written")]
    public static partial void Missing(ILogger logger, string agency, string ingestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The segment of file {IngestId} of {Agency} is unreadable ({Reason}); read from the table, segment rewritten")]
    public static partial void Unreadable(ILogger logger, string agency, string ingestId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "No observation checkpoint yet; every file missing from memory is read from its segment")]
    public static partial void NoCheckpoint(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The observation checkpoint cannot be used ({Kind}: {Reason}); ignored, the segments are read instead")]
    public static partial void CheckpointUnreadable(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Observation checkpoint written: {Files} committed files")]
    public static partial void CheckpointWritten(ILogger logger, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The observation checkpoint could not be written ({Kind}: {Reason}); the next process reads the segments")]
    public static partial void CheckpointNotWritten(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The observations of {Files} committed files take {HeldMb} MB, more than half the limit of {LimitMb} MB: not kept after this recompute")]
    public static partial void LetGo(ILogger logger, int files, long heldMb, long limitMb);
}
