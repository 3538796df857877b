using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MissionPipeline.Cli;
using MissionPipeline.Geography;
using MissionPipeline.Storage;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// The recompute at several sizes, each run in its own process (<c>mission-tools bench
/// recompute-worker</c>) so that its peak resident memory (VmHWM, as the kernel counts it) is its
/// own: cold (a new process, nothing in memory) from the segments, then after one new file ingested by
/// the real job; and cold from the checkpoint the first wrote, in another new process.
/// </summary>
internal static class RecomputeBench
{
    /// <summary>
    /// Runs from the segments alone at <paramref name="size"/>: one at 10 million observations and
    /// more, where one run (the cold read through the emulator's GETs, then their bare read) takes
    /// two minutes and three would put the whole command past its 15 minutes; a new process's usual
    /// start, from the checkpoint, keeps its <paramref name="runs"/>.
    /// </summary>
    internal static int SegmentRuns(int size, int runs) => size >= 10_000_000 ? 1 : runs;

    /// <summary>
    /// The year of the OFII file a worker ingests: another at each seed, over the seeded years, so that
    /// each lands in table partitions of its own (<c>{indicator}~{year}</c>). The emulator checks each
    /// insert against the rows of its partition: with every file in the same year, each ingest (untimed)
    /// was slower than the one before (0.8 s for the first, 4.8 s for the sixth, over 10 s at 3 million
    /// observations), and the command overran its 15 minutes.
    /// </summary>
    internal static int IngestedYear(int fileSeed) => ObservationSeed.FirstYear + (fileSeed % (ObservationSeed.LastYear - ObservationSeed.FirstYear + 1));

    /// <summary>The date the recompute benchmark computes as of: after every synthetic upload.</summary>
    public static readonly DateOnly AsOf = new(2013, 6, 30);

    public static async Task RunAsync(BenchReport report, Pipeline pipeline, string connectionString, IReadOnlyList<int> sizes, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 4. Recalcul");
        report.Line();
        report.Line(BenchReport.French($"Entrée : fichiers validés synthétiques, 4 indicateurs mensuels par département (`eloignements_forces`, `retours_aides`, `interpellations_aide_sejour`, `cai_bilans_competences`) × {Geography2009.Default.Departements.Count} départements × mois de {ObservationSeed.FirstYear} à {ObservationSeed.LastYear}, renvoyés en corrections successives jusqu'au nombre voulu ; un fichier par (indicateur, année, version), soit 1\u202F200 observations, écrit comme le fait le job d'ingestion : son segment (`ObservationSegments.WriteAsync`) et sa ligne `Ingestions` validée (committed). ")
            + "Les lignes de la table `Observations` de ces fichiers ne sont pas écrites : le recalcul ne les lit pas (il lit les segments ; la table reste le registre consultable). "
            + BenchReport.French($"Chaque exécution est un processus à part (`mission-tools bench recompute-worker`), connecté au même Azurite. **À froid, segments seuls** : le point de reprise effacé, `Recompute.RunAsync(asOf: {AsOf:yyyy-MM-dd}, republish: true)` sans rien en mémoire (lecture des lignes `Ingestions` et de tous les segments, calcul, publication), chronométré jusqu'à la publication ; ce recalcul écrit ensuite le point de reprise (`segments/{StorageLayout.CheckpointBlob}`, tous les fichiers en un blob), durée à part. Puis **après un fichier**, le même processus après l'ingestion d'un nouveau fichier F0 de l'OFII par le vrai job (`IngestFile.RunAsync`, 2\u202F400 observations d'une année pour `retours_aides` et `cai_bilans_competences`, une autre année à chaque exécution, non chronométrée) : seul le segment de ce fichier est lu, et seuls les indicateurs qu'il alimente (et ceux qui en sont calculés) sont évalués de nouveau. ")
            + BenchReport.French($"**Lecture nue des segments** (le pair de la lecture à froid) : dans le même processus, après les deux recalculs, chaque segment du conteneur `segments` (listé avant le chronomètre : le recalcul connaît les noms par les lignes `Ingestions`) téléchargé par `DownloadContentAsync`, {ObservationSegments.ParallelReads} à la fois comme le recalcul, sans rien décoder. ")
            + "**À froid, depuis le point de reprise** : un second processus neuf, ce qu'est d'ordinaire une instance qui démarre : il lit le point de reprise écrit par le premier, puis les segments des fichiers ingérés depuis (celui du premier, et ceux des seconds processus qui l'ont précédé quand le premier n'a tourné qu'une fois) ; son pair, la lecture nue du même blob jusqu'au bout ; puis, comme le premier, un recalcul après un nouveau fichier. "
            + "Pic mémoire : le VmHWM du processus, relevé par le noyau à la fin de l'exécution. " + (runs == 1 ? "Une seule exécution (--quick)." : BenchReport.French($"Médiane de {runs} exécutions")
            + (sizes.All(s => SegmentRuns(s, runs) == runs) ? "." : BenchReport.French($", sauf à froid par les segments seuls à partir de 10\u202F000\u202F000 observations : {SegmentRuns(10_000_000, runs)} exécution (recalcul à froid, après un fichier et lecture nue des segments), la plus longue de la mesure, le recalcul et la lecture nue passant chacun par un GET de l'émulateur par fichier ; c'est le chemin d'un tout premier recalcul, ou de celui qui suit la perte du point de reprise, tandis qu'une instance qui démarre part du point de reprise, mesuré {runs} fois ; la commande entière tient ainsi dans ses 15 minutes (dernière section)."))));
        report.Line();
        var seededFiles = 0;
        // Each worker ingests a file of its own: its values depend on this seed modulo 1 000 (StorageBench.CanonicalFile).
        var workers = 0;
        var (rows, checkpointRows) = (new List<IReadOnlyList<string>>(), new List<IReadOnlyList<string>>());
        var medians = new List<(int Size, double Cold, double After, double PeakMb, double BareRead, double Checkpoint, double CheckpointAfter, double CheckpointPeakMb, bool FromCheckpoint)>();
        foreach (var size in sizes)
        {
            var load = await BenchStats.TimeAsync(async () => seededFiles += await SeedAsync(pipeline, seededFiles, size, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var (results, restarts) = (new List<WorkerResult>(), new List<WorkerResult>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var (from, list) in new[] { ("segments", results), ("checkpoint", restarts) })
                {
                    if (from == "segments" && run >= SegmentRuns(size, runs))
                    {
                        continue;
                    }

                    var output = await SelfProcess.RunAsync(SelfProcess.Tools("bench", "recompute-worker", "--storage", connectionString, "--file-seed", (100 + workers++).ToString(CultureInfo.InvariantCulture), "--from", from), cancellationToken).ConfigureAwait(false);
                    list.Add(WorkerResult.FromJson(output.Trim().Split('\n')[^1]));
                }
            }

            var cold = results.Select(r => r.ColdSeconds).ToArray();
            var after = results.Select(r => r.AfterOneFileSeconds).ToArray();
            var peak = results.Select(r => r.PeakBytes / (1024.0 * 1024)).ToArray();
            var restart = restarts.Select(r => r.ColdSeconds).ToArray();
            var restartPeak = restarts.Select(r => r.PeakBytes / (1024.0 * 1024)).ToArray();
            var last = results[^1];
            medians.Add((size, BenchStats.Median(cold), BenchStats.Median(after), BenchStats.Median(peak), BenchStats.Median(results.Select(r => r.BareRead)), BenchStats.Median(restart), BenchStats.Median(restarts.Select(r => r.AfterOneFileSeconds)), BenchStats.Median(restartPeak), restarts.All(r => r.FromCheckpoint > 0)));
            rows.Add([
                BenchStats.F(size, "N0"), BenchStats.F(seededFiles, "N0"),
                BenchStats.F(BenchStats.Median(cold), "0.00"), BenchStats.Runs(cold),
                Steps(results),
                BenchStats.F(BenchStats.Median(results.Select(r => r.BareRead)), "0.00"),
                BenchStats.F(BenchStats.Median(results.Select(r => r.CheckpointWrite)), "0.00"),
                BenchStats.F(BenchStats.Median(after), "0.00"), BenchStats.Runs(after),
                BenchStats.F(BenchStats.Median(results.Select(r => r.AfterCompute)), "0.00"),
                BenchStats.F(BenchStats.Median(peak), "N0"), BenchStats.Runs(peak, "N0"),
                BenchStats.F(last.ObservationBytes / (1024.0 * 1024), "N0"),
                BenchReport.French($"{last.Evaluated} / {last.Reused}"),
                BenchReport.French($"{last.Cached:N0} / {last.Downloaded:N0}"),
                BenchStats.F(load, "0.0")]);
            var lastRestart = restarts[^1];
            checkpointRows.Add([
                BenchStats.F(size, "N0"),
                BenchStats.F(BenchStats.Median(restart), "0.00"), BenchStats.Runs(restart),
                Steps(restarts),
                // Below RecomputeOptions.CheckpointFiles files there is no checkpoint to read, bare or not.
                lastRestart.FromCheckpoint == 0 ? "—" : BenchStats.F(BenchStats.Median(restarts.Select(r => r.BareRead)), "0.00"),
                lastRestart.FromCheckpoint == 0 ? "—" : BenchStats.F(lastRestart.CheckpointBytes / (1024.0 * 1024), "N1"),
                BenchReport.French($"{lastRestart.FromCheckpoint:N0} / {lastRestart.ColdDownloaded:N0}"),
                BenchStats.F(BenchStats.Median(restarts.Select(r => r.AfterOneFileSeconds)), "0.00"), BenchStats.Runs(restarts.Select(r => r.AfterOneFileSeconds)),
                BenchStats.F(BenchStats.Median(restartPeak), "N0"), BenchStats.Runs(restartPeak, "N0")]);
        }

        report.Line("À froid, segments seuls, puis après un fichier :");
        report.Line();
        report.Table(["Observations", "Fichiers", "À froid médian (s)", "Exécutions (s)", "À froid : lecture / calcul / publication (s)", "Lecture nue des segments (s)", "Puis écriture du point de reprise (s)", "Après un fichier médian (s)", "Exécutions (s)", "Après un fichier : calcul (s)", "Pic mémoire médian (Mo)", "Exécutions (Mo)", "Observations en mémoire (Mo)", "Après un fichier : indicateurs évalués / repris", "Après un fichier : fichiers en mémoire / segments lus", "Chargement préalable (s)"], rows);
        report.Line("À froid, depuis le point de reprise (un nouveau processus) :");
        report.Line();
        report.Table(["Observations", "À froid médian (s)", "Exécutions (s)", "Lecture / calcul / publication (s)", "Lecture nue du point de reprise (s)", "Point de reprise (Mo compressés)", "Fichiers : du point de reprise / segments lus", "Après un fichier médian (s)", "Exécutions (s)", "Pic mémoire médian (Mo)", "Exécutions (Mo)"], checkpointRows);
        for (var i = 1; i < medians.Count; i++)
        {
            var (a, b) = (medians[i - 1], medians[i]);
            var ratio = Math.Log((double)b.Size / a.Size);
            string Growth(double from, double to, bool goal) =>
                BenchReport.French($"×{to / from:0.00}, exposant {Math.Log(to / from) / ratio:0.00}") + (goal ? BenchReport.French($" (objectif ≤ 1,1 : {BenchReport.Goal(Math.Log(to / from) / ratio <= 1.1)})") : string.Empty);
            report.Line(BenchReport.French($"- De {a.Size:N0} à {b.Size:N0} observations (×{(double)b.Size / a.Size:0.#} ; linéaire : exposant 1 ; objectif : pas pire que linéaire). ")
                + "Segments seuls : durée à froid " + Growth(a.Cold, b.Cold, goal: true) + " ; pic mémoire " + Growth(a.PeakMb, b.PeakMb, goal: true)
                + " ; lecture nue des mêmes segments " + Growth(a.BareRead, b.BareRead, goal: false)
                // Below RecomputeOptions.CheckpointFiles files the second process reads segments too: no growth of the checkpoint path to judge.
                + (a.FromCheckpoint && b.FromCheckpoint
                    ? ". Depuis le point de reprise : durée à froid " + Growth(a.Checkpoint, b.Checkpoint, goal: true) + " ; pic mémoire " + Growth(a.CheckpointPeakMb, b.CheckpointPeakMb, goal: true) + "."
                    : BenchReport.French($". Depuis le point de reprise : non mesuré (moins de {RecomputeOptions.Default.CheckpointFiles} fichiers à l'une des deux tailles, aucun point de reprise lu).")));
        }

        if (medians.FirstOrDefault(m => m.Size == 1_000_000) is { Size: > 0 } million)
        {
            report.Line(BenchReport.French($"- À froid : 1\u202F000\u202F000 observations en {million.Cold:0.0} s par les segments seuls, {million.Checkpoint:0.0} s depuis le point de reprise, dans un processus neuf (objectif < 30 s : {BenchReport.Goal(million.Cold < 30)})."));
        }

        var top = medians[^1];
        var atTen = top.Size >= 10_000_000;
        var topPeak = Math.Max(top.PeakMb, top.CheckpointPeakMb);
        var topAfter = Math.Max(top.After, top.CheckpointAfter);
        report.Line(BenchReport.French($"- Après un fichier : {top.After:0.00} s sur {top.Size:N0} observations dans le processus parti des segments, {top.CheckpointAfter:0.00} s dans celui parti du point de reprise (objectif < 2 s à 10\u202F000\u202F000, pour le plus lent des deux : {(atTen ? BenchReport.Goal(topAfter < 2) : "**non mesuré** à cette taille")})."));
        report.Line(BenchReport.French($"- Pic mémoire : {topPeak:N0} Mo à {top.Size:N0} observations, le plus haut des deux départs à froid (objectif < 2 Go à 10\u202F000\u202F000 : {(atTen ? BenchReport.Goal(topPeak < 2048) : "**non mesuré** à cette taille")})."));
        report.Line();

        static string Steps(List<WorkerResult> results) =>
            BenchReport.French($"{BenchStats.Median(results.Select(r => r.ColdRead)):0.00} / {BenchStats.Median(results.Select(r => r.ColdCompute)):0.00} / {BenchStats.Median(results.Select(r => r.ColdPublish)):0.00}");
    }

    /// <summary>
    /// <c>recompute-worker</c>, in this process: from the segments (<paramref name="fromCheckpoint"/>
    /// false: the checkpoint deleted first), one cold recompute, then one after a new file, then the
    /// bare read of every segment; from the checkpoint, one cold recompute, the bare read of the
    /// checkpoint, then one recompute after a new file. Returns the JSON line the parent reads (times, VmHWM, what was read and evaluated).
    /// </summary>
    public static async Task<string> WorkerAsync(string connectionString, int fileSeed, bool fromCheckpoint, CancellationToken cancellationToken)
    {
        using var pipeline = await Pipeline.ConnectAsync(connectionString, StorageLayout.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
        var recompute = pipeline.Recompute;
        var segments = pipeline.Blobs.GetBlobContainerClient(pipeline.Layout.Segments);
        var checkpoint = segments.GetBlobClient(StorageLayout.CheckpointBlob);
        if (!fromCheckpoint)
        {
            await checkpoint.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // Below RecomputeOptions.CheckpointFiles files (the small sizes of --quick) no checkpoint is written, nor read.
        var hadCheckpoint = await checkpoint.ExistsAsync(cancellationToken).ConfigureAwait(false);
        RecomputeResult? result = null;
        var cold = await BenchStats.TimeAsync(async () => result = await recompute.RunAsync(AsOf, republish: true, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var coldResult = result!;
        var hasCheckpoint = await checkpoint.ExistsAsync(cancellationToken).ConfigureAwait(false);
        var checkpointBytes = hasCheckpoint ? (await checkpoint.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ContentLength : 0;
        var expected = fromCheckpoint
            ? hadCheckpoint == coldResult.Reads.FromCheckpoint > 0
            : coldResult.Reads.FromCheckpoint == 0 && hasCheckpoint == coldResult.Reads.Downloaded >= RecomputeOptions.Default.CheckpointFiles;
        if (!expected)
        {
            throw new InvalidOperationException($"The cold run did not read or write as it should (from the checkpoint: {fromCheckpoint}; {coldResult.Reads}; checkpoint before: {hadCheckpoint}, after: {hasCheckpoint}).");
        }

        if (fromCheckpoint)
        {
            var buffer = new byte[1 << 20];
            var bareCheckpoint = !hasCheckpoint ? 0 : await BenchStats.TimeAsync(async () =>
            {
                var stream = (await checkpoint.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content;
                await using (stream.ConfigureAwait(false))
                {
                    while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }
            }).ConfigureAwait(false);
            var (afterCheckpoint, lastFromCheckpoint) = await AfterOneFileAsync().ConfigureAwait(false);
            return Figures(cold, afterCheckpoint, coldResult, lastFromCheckpoint, bareCheckpoint, checkpointBytes).ToJson();
        }

        var (after, last) = await AfterOneFileAsync().ConfigureAwait(false);

        // The names are listed before the clock starts: the recompute knows them from the Ingestions rows, it never lists.
        var names = new List<string>();
        await foreach (var item in segments.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.Name != StorageLayout.CheckpointBlob)
            {
                names.Add(item.Name);
            }
        }

        var bareBytes = 0L;
        var bare = await BenchStats.TimeAsync(async () =>
        {
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = ObservationSegments.ParallelReads, CancellationToken = cancellationToken }, async (name, ct) =>
            {
                var content = await segments.GetBlobClient(name).DownloadContentAsync(ct).ConfigureAwait(false);
                Interlocked.Add(ref bareBytes, content.Value.Content.ToMemory().Length);
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (bareBytes == 0)
        {
            throw new InvalidOperationException("The bare read found no segment.");
        }

        return Figures(cold, after, coldResult, last, bare, checkpointBytes).ToJson();

        // The usual nightly case: one new file committed by the real job, then the recompute, timed, which must read that file's segment alone.
        async Task<(double Seconds, RecomputeResult Result)> AfterOneFileAsync()
        {
            var blob = pipeline.Blobs.GetBlobContainerClient(pipeline.Layout.Uploads).GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"ofii/bench-recompute-{fileSeed}.csv"));
            // Other values with every seed (section 2 uses seeds 0..runs-1), so each is a new ingestion.
            await blob.UploadAsync(BinaryData.FromBytes(StorageBench.CanonicalFile(IngestedYear(fileSeed), fileSeed, lastYear: IngestedYear(fileSeed))), overwrite: true, cancellationToken).ConfigureAwait(false);
            var ingested = await pipeline.Ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);
            RecomputeResult? next = null;
            var seconds = await BenchStats.TimeAsync(async () => next = await recompute.RunAsync(AsOf, republish: true, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (ingested.Status != Reports.ReportStatus.Committed || next!.Reads.Downloaded != 1)
            {
                throw new InvalidOperationException($"The step after one file did not read exactly one new file ({ingested.Status}, {next!.Reads}).");
            }

            return (seconds, next);
        }
    }

    /// <summary>A worker's figures; the cold time stops at publication (the checkpoint written after it has its own figure).</summary>
    private static WorkerResult Figures(double cold, double after, RecomputeResult coldResult, RecomputeResult last, double bare, long checkpointBytes) =>
        new(cold - coldResult.Steps.Checkpoint.TotalSeconds, after, SelfProcess.PeakResidentBytes(), last.ObservationBytes, last.Indicators.Evaluated, last.Indicators.Reused, last.Reads.Cached, last.Reads.Downloaded)
        {
            ColdRead = coldResult.Steps.Read.TotalSeconds,
            ColdCompute = coldResult.Steps.Compute.TotalSeconds,
            ColdPublish = coldResult.Steps.Publish.TotalSeconds,
            CheckpointWrite = coldResult.Steps.Checkpoint.TotalSeconds,
            CheckpointBytes = checkpointBytes,
            FromCheckpoint = coldResult.Reads.FromCheckpoint,
            ColdDownloaded = coldResult.Reads.Downloaded,
            AfterCompute = last.Steps.Compute.TotalSeconds,
            BareRead = bare,
        };

    /// <summary>Writes the files of the sequence from the <paramref name="skip"/>-th up to <paramref name="size"/> observations, one at a time (never the whole sequence in memory); returns how many.</summary>
    private static async Task<int> SeedAsync(Pipeline pipeline, int skip, int size, CancellationToken cancellationToken)
    {
        var segments = pipeline.Blobs.GetBlobContainerClient(pipeline.Layout.Segments);
        var ingestions = new ConcurrentBag<IngestionRow>();
        await Parallel.ForEachAsync(ObservationSeed.Files(size).Skip(skip), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            await ObservationSegments.WriteAsync(segments, file.Agency, file.IngestId, file.Observations, ct).ConfigureAwait(false);
            ingestions.Add(ObservationSeed.Ingestion(file));
        }).ConfigureAwait(false);
        await ObservationSeed.WriteBareAsync(pipeline.Tables.GetTableClient(pipeline.Layout.Ingestions), ingestions, 8, cancellationToken).ConfigureAwait(false);
        return ingestions.Count;
    }

    /// <summary>One worker's figures.</summary>
    internal sealed record WorkerResult(double ColdSeconds, double AfterOneFileSeconds, long PeakBytes, long ObservationBytes, int Evaluated, int Reused, int Cached, int Downloaded)
    {
        /// <summary>The cold run's seconds reading (rows, segments, previous snapshot), computing and rendering, publishing.</summary>
        public double ColdRead { get; init; }

        public double ColdCompute { get; init; }

        public double ColdPublish { get; init; }

        /// <summary>The run after one file: seconds computing and rendering.</summary>
        public double AfterCompute { get; init; }

        /// <summary>Seconds downloading every segment (listed before), or the checkpoint, nothing decoded: the cold read's peer.</summary>
        public double BareRead { get; init; }

        /// <summary>Seconds writing the checkpoint after the cold run (from the segments; zero from the checkpoint).</summary>
        public double CheckpointWrite { get; init; }

        /// <summary>The checkpoint blob's size after the cold run, compressed.</summary>
        public long CheckpointBytes { get; init; }

        /// <summary>Files the cold run took from the checkpoint.</summary>
        public int FromCheckpoint { get; init; }

        /// <summary>Segments the cold run downloaded (<see cref="Downloaded"/> is the last run's).</summary>
        public int ColdDownloaded { get; init; }

        public string ToJson() => JsonSerializer.Serialize(this);

        public static WorkerResult FromJson(string json) => JsonSerializer.Deserialize<WorkerResult>(json) ?? throw new FormatException("Empty worker output.");
    }
}
