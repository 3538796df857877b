using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using MissionPipeline.Cli;
using MissionPipeline.Geography;
using MissionPipeline.Storage;

namespace MissionPipeline.Tools.Bench;

/// <summary>Writing observations (our ingest job against a bare SDK loop) and the recompute, on one in-memory Azurite.</summary>
internal static class StorageBench
{
    /// <summary>The date the recompute benchmark computes as of: after every synthetic upload.</summary>
    public static readonly DateOnly AsOf = new(2013, 6, 30);

    /// <summary>
    /// Our job (<see cref="IngestFile.RunAsync"/> on an F0 file of OFII uploaded to <c>uploads/ofii/</c>:
    /// read, hash, archive, report, segment, observations, commit) against a bare loop of 100-entity
    /// transactions of the same entities. Every run of every writer starts on its own empty table:
    /// Azurite slows down as a table grows, so writers sharing one table would be measured on
    /// different sizes (whoever goes first wins).
    /// </summary>
    public static async Task IngestAsync(BenchReport report, Pipeline pipeline, string connectionString, int firstYear, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 2. Écriture des observations dans Azurite");
        report.Line();
        var months = (2009 - firstYear + 1) * 12;
        var departements = Geography2009.Default.Departements;
        var perFile = 2 * months * departements.Count;
        report.Line(BenchReport.Invariant($"Entrée : un fichier F0 de l'OFII (`retours_aides` et `cai_bilans_competences` × {departements.Count} départements × {months} mois de {firstYear}-01 à 2009-12 : {perFile:N0} observations, des valeurs différentes à chaque exécution), déposé dans `uploads/ofii/` puis intégré par `IngestFile.RunAsync` (lecture + empreinte, archive, rapport, segment, observations en transactions de 100 entités, 8 en vol, validation). ") + BenchReport.Invariant($"Boucle nue : les mêmes entités `ObservationRow` en transactions `SubmitTransactionAsync` de 100 entités, une après l'autre (la boucle la plus simple du SDK), puis avec 8 en vol pour comparaison. Même Azurite en mémoire ; chaque exécution de chaque écrivain part d'une table vide qui lui est propre (Azurite ralentit quand une table grossit : sur une table partagée, le premier écrivain serait avantagé). Médiane de {runs} exécutions."));
        report.Line();
        var job = new List<double>();
        var bare = new List<double>();
        var bare8 = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            using var own = await Pipeline.ConnectAsync(connectionString, StorageLayout.WithSuffix(string.Create(CultureInfo.InvariantCulture, $"bench{run}")), cancellationToken: cancellationToken).ConfigureAwait(false);
            var content = CanonicalFile(firstYear, run);
            var blob = own.Blobs.GetBlobContainerClient(own.Layout.Uploads).GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"ofii/bench-ingest-{run}.csv"));
            await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken).ConfigureAwait(false);
            var ingest = own.Ingest;
            Reports.IngestionReport? result = null;
            job.Add(await BenchStats.TimeAsync(async () => result = await ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
            if (result!.Observations != perFile)
            {
                throw new InvalidOperationException($"The bench file gave {result.Observations} observations, not {perFile} ({result.Status}; {string.Join(" ; ", result.Errors.Take(2).Select(e => e.Message))}).");
            }

            var entities = Entities(firstYear, run, "bare").ToArray();
            var table = await EmptyTableAsync(pipeline, $"Bare{run}", cancellationToken).ConfigureAwait(false);
            bare.Add(await BenchStats.TimeAsync(() => BareLoopAsync(table, entities, cancellationToken)).ConfigureAwait(false));
            var entities8 = Entities(firstYear, run, "bare8").ToArray();
            var table8 = await EmptyTableAsync(pipeline, $"Bare8x{run}", cancellationToken).ConfigureAwait(false);
            bare8.Add(await BenchStats.TimeAsync(() => ObservationSeed.WriteBareAsync(table8, entities8, 8, cancellationToken)).ConfigureAwait(false));
        }

        var jobRate = perFile / BenchStats.Median(job);
        var bareRate = perFile / BenchStats.Median(bare);
        var bare8Rate = perFile / BenchStats.Median(bare8);
        report.Table(["Écrivain", "Durée médiane (s)", "Entités/s", "Exécutions (s)"],
        [
            ["mission : IngestFile.RunAsync (tout le travail)", BenchStats.F(BenchStats.Median(job), "0.00"), BenchStats.F(jobRate, "0"), BenchStats.Runs(job)],
            ["boucle nue du SDK, transactions de 100, une à la fois", BenchStats.F(BenchStats.Median(bare), "0.00"), BenchStats.F(bareRate, "0"), BenchStats.Runs(bare)],
            ["boucle nue du SDK, transactions de 100, 8 en vol", BenchStats.F(BenchStats.Median(bare8), "0.00"), BenchStats.F(bare8Rate, "0"), BenchStats.Runs(bare8)],
        ]);
        report.Line(BenchReport.Invariant($"- Notre job : {jobRate:0} entités/s, {100 * jobRate / bareRate:0} % de la boucle nue (objectif ≥ 80 % : {BenchReport.Goal(jobRate >= 0.8 * bareRate)}) ; {100 * jobRate / bare8Rate:0} % de la boucle nue à 8 en vol."));
        report.Line();
    }

    /// <summary>
    /// Recompute over 100 000 then 1 000 000 committed observations (<see cref="ObservationSeed"/>):
    /// cold (a new job instance, every segment read) and incremental (the same instance after one new
    /// file ingested by the real job: only that file's segment is read).
    /// </summary>
    public static async Task RecomputeAsync(BenchReport report, Pipeline pipeline, IReadOnlyList<int> sizes, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 3. Recalcul");
        report.Line();
        report.Line(BenchReport.Invariant($"Entrée : fichiers validés synthétiques, 4 indicateurs mensuels par département (`eloignements_forces`, `retours_aides`, `interpellations_aide_sejour`, `cai_bilans_competences`) × {Geography2009.Default.Departements.Count} départements × mois de {ObservationSeed.FirstYear} à {ObservationSeed.LastYear}, renvoyés en corrections successives jusqu'au nombre voulu ; un fichier par (indicateur, année, version), soit 1 200 observations, écrit comme le fait le job d'ingestion : son segment (`ObservationSegments.WriteAsync`) et sa ligne `Ingestions` validée (committed). ")
            + "Les lignes de la table `Observations` de ces fichiers ne sont pas écrites : le recalcul ne les lit pas (il lit les segments ; la table reste le registre consultable), et les écrire dans cet Azurite au débit de la section 2 prendrait des heures pour 1 000 000. "
            + BenchReport.Invariant($"**À froid** : `Recompute.RunAsync(asOf: {AsOf:yyyy-MM-dd}, republish: true)` d'une instance neuve (rien en mémoire : lecture des lignes `Ingestions` et de tous les segments, calcul, publication des quatre fichiers). ")
            + "**Incrémental** : la même instance, déjà passée une fois, après l'ingestion d'un nouveau fichier F0 de l'OFII par le vrai job (`IngestFile.RunAsync`, 2 400 observations de 2009 pour `retours_aides` et `cai_bilans_competences`, non chronométrée) ; seul le segment de ce fichier est lu. "
            + BenchReport.Invariant($"Médiane de {runs} exécutions."));
        report.Line();
        var ingestions = pipeline.Tables.GetTableClient(pipeline.Layout.Ingestions);
        var segments = pipeline.Blobs.GetBlobContainerClient(pipeline.Layout.Segments);
        var uploads = pipeline.Blobs.GetBlobContainerClient(pipeline.Layout.Uploads);
        var rowsOut = new List<IReadOnlyList<string>>();
        var seeded = 0;
        var incrementalFiles = 0;
        var medians = new List<(int Size, double Cold, double Incremental)>();
        foreach (var size in sizes)
        {
            var load = await BenchStats.TimeAsync(async () =>
            {
                var files = ObservationSeed.Files(size).ToArray();
                var fresh = files.Skip(seeded).ToArray();
                await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (file, ct) =>
                    await ObservationSegments.WriteAsync(segments, file.Agency, file.IngestId, file.Observations, ct).ConfigureAwait(false)).ConfigureAwait(false);
                await ObservationSeed.WriteBareAsync(ingestions, fresh.Select(ObservationSeed.Ingestion), 8, cancellationToken).ConfigureAwait(false);
                seeded = files.Length;
            }).ConfigureAwait(false);

            var cold = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var recompute = pipeline.Recompute;
                cold.Add(await BenchStats.TimeAsync(() => recompute.RunAsync(AsOf, republish: true, cancellationToken)).ConfigureAwait(false));
            }

            var warm = pipeline.Recompute;
            await warm.RunAsync(AsOf, republish: true, cancellationToken).ConfigureAwait(false);
            var incremental = new List<double>();
            var reads = default(SegmentReads);
            for (var run = 0; run < runs; run++)
            {
                var blob = uploads.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"ofii/bench-recompute-{size}-{run}.csv"));
                // Values differ with every new file (section 2 uses seeds 0..runs-1), so each is a new ingestion.
                await blob.UploadAsync(BinaryData.FromBytes(CanonicalFile(2009, 100 + incrementalFiles++)), overwrite: true, cancellationToken).ConfigureAwait(false);
                var ingested = await pipeline.Ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);
                incremental.Add(await BenchStats.TimeAsync(async () => reads = (await warm.RunAsync(AsOf, republish: true, cancellationToken).ConfigureAwait(false)).Reads).ConfigureAwait(false));
                if (ingested.Status != Reports.ReportStatus.Committed || reads.Downloaded != 1)
                {
                    throw new InvalidOperationException($"The incremental step did not read exactly one new file ({ingested.Status}, {reads}).");
                }
            }

            var (coldMedian, incrementalMedian) = (BenchStats.Median(cold), BenchStats.Median(incremental));
            medians.Add((size, coldMedian, incrementalMedian));
            rowsOut.Add([
                size.ToString("N0", CultureInfo.InvariantCulture), BenchStats.F(seeded, "N0"), BenchStats.F(coldMedian, "0.00"), BenchStats.F(size / coldMedian, "0"), BenchStats.Runs(cold),
                BenchStats.F(incrementalMedian, "0.00"), BenchStats.Runs(incremental),
                BenchReport.Invariant($"{reads.Cached} / {reads.Downloaded} / {reads.FromTable}"), BenchStats.F(load, "0.0")]);
        }

        report.Table(["Observations", "Fichiers", "À froid médian (s)", "Observations/s", "Exécutions à froid (s)", "Incrémental médian (s)", "Exécutions incrémentales (s)", "Dernier incrémental : fichiers en mémoire / segments lus / lus dans la table", "Chargement préalable (s)"], rowsOut);
        if (medians.Count >= 2)
        {
            var (a, ta, _) = medians[0];
            var (b, tb, _) = medians[^1];
            report.Line(BenchReport.Invariant($"- Croissance à froid : ×{(double)b / a:0} observations → ×{tb / ta:0.0} en durée (linéaire si ≈ ×{(double)b / a:0})."));
        }

        var largest = medians[^1];
        report.Line(BenchReport.Invariant($"- À froid : {largest.Size:N0} observations en {largest.Cold:0.0} s (objectif < 30 s pour 1 000 000 : {BenchReport.Goal(largest.Size >= 1_000_000 && largest.Cold < 30)}{(largest.Size < 1_000_000 ? BenchReport.Invariant($", non mesuré à 1 000 000 ; extrapolation linéaire {largest.Cold * 1_000_000 / largest.Size:0} s") : string.Empty)})."));
        report.Line(BenchReport.Invariant($"- Incrémental : {largest.Incremental:0.00} s après un nouveau fichier sur {largest.Size:N0} observations (objectif < 2 s : {BenchReport.Goal(largest.Size >= 1_000_000 && largest.Incremental < 2)}) ; seul le segment du nouveau fichier est lu, le calcul repasse sur tous les indicateurs en mémoire."));
        report.Line();
    }

    private static async Task<TableClient> EmptyTableAsync(Pipeline pipeline, string name, CancellationToken cancellationToken)
    {
        var table = pipeline.Tables.GetTableClient("BenchObservations" + name);
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    private static async Task BareLoopAsync(TableClient table, IReadOnlyList<ObservationRow> entities, CancellationToken cancellationToken)
    {
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<(string Indicator, string Period, Territory Territory, int Value)> Cells(int firstYear, int run)
    {
        var n = 0;
        foreach (var indicator in new[] { "retours_aides", "cai_bilans_competences" })
        {
            for (var year = firstYear; year <= 2009; year++)
            {
                for (var month = 1; month <= 12; month++)
                {
                    foreach (var d in Geography2009.Default.Departements)
                    {
                        n++;
                        yield return (indicator, string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"), d.Territory, (int)(((n * 7919L) + run) % 1000));
                    }
                }
            }
        }
    }

    private static byte[] CanonicalFile(int firstYear, int run)
    {
        var text = new StringBuilder("indicateur;periode;territoire;valeur\n");
        foreach (var c in Cells(firstYear, run))
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.Indicator};{c.Period};{c.Territory.Code};{c.Value}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static IEnumerable<ObservationRow> Entities(int firstYear, int run, string tag)
    {
        var ingestId = string.Create(CultureInfo.InvariantCulture, $"{tag}{run:D4}").PadRight(32, '0');
        var uploaded = TimeProvider.System.GetUtcNow();
        return Cells(firstYear, run).Select((c, i) => ObservationRow.From(
            new Observations.Observation(new Catalogue.IndicatorId(c.Indicator), Periods.Period.Parse(c.Period), c.Territory, c.Value, Row: i + 2),
            new Catalogue.AgencyId("ofii"), ingestId, uploaded));
    }
}
