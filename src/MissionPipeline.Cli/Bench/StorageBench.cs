using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using MissionPipeline.Geography;
using MissionPipeline.Storage;

namespace MissionPipeline.Cli.Bench;

/// <summary>Writing observations (our ingest job against a bare SDK loop) and the recompute, on one in-memory Azurite.</summary>
internal static class StorageBench
{
    /// <summary>The date the recompute benchmark computes as of: after every synthetic upload.</summary>
    public static readonly DateOnly AsOf = new(2013, 6, 30);

    /// <summary>
    /// Our job (<see cref="IngestFile.RunAsync"/> on an F0 file of OFII uploaded to <c>uploads/ofii/</c>:
    /// read, hash, archive, report, observations, commit) against a bare loop of 100-entity
    /// transactions of the same entities, one after the other, into the same table.
    /// </summary>
    public static async Task IngestAsync(BenchReport report, Pipeline pipeline, int firstYear, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 2. Écriture des observations dans Azurite");
        report.Line();
        var months = (2009 - firstYear + 1) * 12;
        var departements = Geography2009.Default.Departements;
        var perFile = 2 * months * departements.Count;
        report.Line(BenchReport.Invariant($"Entrée : un fichier F0 de l'OFII (`retours_aides` et `cai_bilans_competences` × {departements.Count} départements × {months} mois de {firstYear}-01 à 2009-12 : {perFile:N0} observations, des valeurs différentes à chaque exécution pour que chaque fichier soit nouveau), déposé dans `uploads/ofii/` puis intégré par `IngestFile.RunAsync` (lecture + empreinte, archive, rapport, observations en transactions de 100 entités, 8 en vol, validation). ") + BenchReport.Invariant($"Boucle nue : les mêmes entités `ObservationRow` en transactions `SubmitTransactionAsync` de 100 entités, une après l'autre (la boucle la plus simple du SDK), puis avec 8 en vol pour comparaison. Même Azurite en mémoire. Médiane de {runs} exécutions."));
        report.Line();
        var uploads = pipeline.Blobs.GetBlobContainerClient(pipeline.Layout.Uploads);
        var observations = pipeline.Tables.GetTableClient(pipeline.Layout.Observations);
        var job = new List<double>();
        var bare = new List<double>();
        var bare8 = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var content = CanonicalFile(firstYear, run);
            var blob = uploads.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"ofii/bench-ingest-{run}.csv"));
            await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken).ConfigureAwait(false);
            var ingest = pipeline.Ingest;
            Reports.IngestionReport? result = null;
            job.Add(await BenchStats.TimeAsync(async () => result = await ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
            if (result!.Observations != perFile)
            {
                throw new InvalidOperationException($"The bench file gave {result.Observations} observations, not {perFile} ({result.Status}; {string.Join(" ; ", result.Errors.Take(2).Select(e => e.Message))}).");
            }

            var entities = Entities(firstYear, run, "bare").ToArray();
            bare.Add(await BenchStats.TimeAsync(() => BareLoopAsync(observations, entities, cancellationToken)).ConfigureAwait(false));
            var entities8 = Entities(firstYear, run, "bare8").ToArray();
            bare8.Add(await BenchStats.TimeAsync(() => ObservationSeed.WriteBareAsync(observations, entities8, 8, cancellationToken)).ConfigureAwait(false));
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

    /// <summary>Recompute over 100 000 then 1 000 000 committed observations (<see cref="ObservationSeed"/>).</summary>
    public static async Task RecomputeAsync(BenchReport report, Pipeline pipeline, IReadOnlyList<int> sizes, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 3. Recalcul");
        report.Line();
        report.Line(BenchReport.Invariant($"Entrée : observations validées synthétiques écrites une fois dans Azurite (boucle nue, transactions de 100, 8 en vol) sous des lignes `Ingestions` validées (committed) : 4 indicateurs mensuels par département (`eloignements_forces`, `retours_aides`, `interpellations_aide_sejour`, `cai_bilans_competences`) × {Geography2009.Default.Departements.Count} départements × mois de {ObservationSeed.FirstYear} à {ObservationSeed.LastYear}, renvoyés en corrections successives jusqu'au nombre voulu ; une ingestion par (agence, année, version). ") + BenchReport.Invariant($"`Recompute.RunAsync(asOf: {AsOf:yyyy-MM-dd}, republish: true)` de bout en bout (lecture des ingestions et des observations, calcul, publication du snapshot). Médiane de {runs} exécutions."));
        report.Line();
        var observations = pipeline.Tables.GetTableClient(pipeline.Layout.Observations);
        var ingestions = pipeline.Tables.GetTableClient(pipeline.Layout.Ingestions);
        var rowsOut = new List<IReadOnlyList<string>>();
        var written = 0;
        var medians = new List<(int Size, double Seconds)>();
        foreach (var size in sizes)
        {
            var load = await BenchStats.TimeAsync(async () =>
            {
                var all = ObservationSeed.Rows(size).ToArray();
                await ObservationSeed.WriteBareAsync(ingestions, ObservationSeed.Ingestions(all), 8, cancellationToken).ConfigureAwait(false);
                written += await ObservationSeed.WriteBareAsync(observations, all.Skip(written), 8, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            var times = new List<double>();
            var indicators = 0;
            for (var run = 0; run < runs; run++)
            {
                var recompute = pipeline.Recompute;
                times.Add(await BenchStats.TimeAsync(async () => indicators = (await recompute.RunAsync(AsOf, republish: true, cancellationToken).ConfigureAwait(false)).Dashboard.Indicators.Count).ConfigureAwait(false));
            }

            var median = BenchStats.Median(times);
            medians.Add((size, median));
            rowsOut.Add([size.ToString("N0", CultureInfo.InvariantCulture), BenchStats.F(median, "0.00"), BenchStats.F(size / median, "0"), BenchStats.Runs(times), BenchStats.F(load, "0")]);
        }

        report.Table(["Observations", "Recalcul médian (s)", "Observations/s", "Exécutions (s)", "Chargement préalable (s)"], rowsOut);
        if (medians.Count >= 2)
        {
            var (a, ta) = medians[0];
            var (b, tb) = medians[^1];
            report.Line(BenchReport.Invariant($"- Croissance : ×{(double)b / a:0} observations → ×{tb / ta:0.0} en durée (linéaire si ≈ ×{(double)b / a:0})."));
        }

        var largest = medians[^1];
        report.Line(BenchReport.Invariant($"- {largest.Size:N0} observations en {largest.Seconds:0.0} s (objectif < 30 s pour 1 000 000 : {BenchReport.Goal(largest.Size >= 1_000_000 && largest.Seconds < 30)}{(largest.Size < 1_000_000 ? BenchReport.Invariant($", non mesuré à 1 000 000 : voir ci-dessous ; extrapolation linéaire {largest.Seconds * 1_000_000 / largest.Size:0} s") : string.Empty)})."));
        report.Line("- Recalcul incrémental après un nouveau fichier (ne relire que les indicateurs qu'il alimente) : **non mesuré**, il n'existe pas encore dans `Recompute` (travail de l'issue 7 en cours) ; aujourd'hui un nouveau fichier coûte un recalcul complet, la durée ci-dessus.");
        report.Line();
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
