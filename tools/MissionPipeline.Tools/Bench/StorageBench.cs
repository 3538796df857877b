using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using MissionPipeline.Cli;
using MissionPipeline.Geography;
using MissionPipeline.Storage;

namespace MissionPipeline.Tools.Bench;

/// <summary>Writing observations: our ingest job against a bare SDK loop, on one in-memory Azurite.</summary>
internal static class StorageBench
{
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
        report.Line(BenchReport.French($"Entrée : un fichier F0 de l'OFII (`retours_aides` et `cai_bilans_competences` × {departements.Count} départements × {months} mois de {firstYear}-01 à 2009-12 : {perFile:N0} observations, des valeurs différentes à chaque exécution), déposé dans `uploads/ofii/` puis intégré par `IngestFile.RunAsync` (lecture + empreinte, archive, rapport, segment, observations en transactions de 100 entités, 8 en vol, validation). ") + BenchReport.French($"Boucle nue : les mêmes entités `ObservationRow` en transactions `SubmitTransactionAsync` de 100 entités, une après l'autre (la boucle la plus simple du SDK), puis avec 8 en vol pour comparaison. Même Azurite en mémoire ; chaque exécution de chaque écrivain part d'une table vide qui lui est propre (Azurite ralentit quand une table grossit : sur une table partagée, le premier écrivain serait avantagé). Médiane de {runs} exécutions."));
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
            ["mission : IngestFile.RunAsync (tout le travail)", BenchStats.F(BenchStats.Median(job), "0.00"), BenchStats.F(jobRate, "N0"), BenchStats.Runs(job)],
            ["boucle nue du SDK, transactions de 100, une à la fois", BenchStats.F(BenchStats.Median(bare), "0.00"), BenchStats.F(bareRate, "N0"), BenchStats.Runs(bare)],
            ["boucle nue du SDK, transactions de 100, 8 en vol", BenchStats.F(BenchStats.Median(bare8), "0.00"), BenchStats.F(bare8Rate, "N0"), BenchStats.Runs(bare8)],
        ]);
        report.Line(BenchReport.French($"- Notre job : {jobRate:N0} entités/s, {100 * jobRate / bareRate:N0} % de la boucle nue (objectif ≥ 80 % : {BenchReport.Goal(jobRate >= 0.8 * bareRate)}) ; {100 * jobRate / bare8Rate:N0} % de la boucle nue à 8 en vol."));
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

    private static IEnumerable<(string Indicator, string Period, Territory Territory, int Value)> Cells(int firstYear, int run, int lastYear = 2009)
    {
        var n = 0;
        foreach (var indicator in new[] { "retours_aides", "cai_bilans_competences" })
        {
            for (var year = firstYear; year <= lastYear; year++)
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

    /// <summary>An F0 file of OFII: two indicators × the départements × the months from <paramref name="firstYear"/> to <paramref name="lastYear"/>, values varying with <paramref name="run"/>.</summary>
    internal static byte[] CanonicalFile(int firstYear, int run, int lastYear = 2009)
    {
        var text = new StringBuilder("indicateur;periode;territoire;valeur\n");
        foreach (var c in Cells(firstYear, run, lastYear))
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
