using System.Globalization;
using Azure.Storage.Blobs;
using MissionPipeline.Cli;
using MissionPipeline.Periods;
using MissionPipeline.Storage;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// The end-to-end ingest of the gzip F5 extract (<c>uploads/pole-emploi/</c> → committed: read and
/// hash, claim, archive by server-side copy, report, segment, observations, commit), against a bare
/// <c>DownloadStreamingAsync</c> of the same blob from the same Azurite, alternating run by run.
/// </summary>
internal static class IngestEndToEndBench
{
    public static async Task RunAsync(BenchReport report, string connectionString, string workDir, int rows, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 3. Intégration de bout en bout d'un gros fichier");
        report.Line();
        var path = Path.Combine(workDir, string.Create(CultureInfo.InvariantCulture, $"f5-{rows}-{GenerateCommand.DefaultSeed}.csv.gz"));
        F5Bench.Generate(path, rows, Period.Parse("2009-03"), gzip: true);
        var size = new FileInfo(path).Length;
        report.Line(BenchReport.French($"Entrée : l'extrait F5 gzip de la section 1 ({rows:N0} lignes, {size / 1e6:0.0} Mo compressés), déposé dans `uploads/pole-emploi/` (non chronométré). ")
            + "**Notre job** : `IngestFile.RunAsync` du dépôt jusqu'au rapport « validé » : un seul GET conditionnel à l'ETag, lu en avance et haché (SHA-256) sur une tâche à part pendant que le lecteur analyse, revendication dans `Ingestions`, archive par copie côté serveur (`StartCopyFromUriAsync`, sans second téléchargement), rapport, segment, observations, validation. "
            + "**Pair** : `BlobClient.DownloadStreamingAsync()` du même blob dans le même Azurite, lu jusqu'au bout dans un tampon réutilisé : un fichier ne peut pas être intégré plus vite qu'il n'est lu une fois. "
            + (runs == 1 ? "Une seule exécution (--quick)." : BenchReport.French($"Exécutions alternées (pair puis job, puis job puis pair…), chacune sur un stockage vide qui lui est propre ; médiane de {runs} exécutions.")));
        report.Line();
        var ours = new List<double>();
        var bare = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            using var own = await Pipeline.ConnectAsync(connectionString, StorageLayout.WithSuffix(string.Create(CultureInfo.InvariantCulture, $"e2e{run}")), cancellationToken: cancellationToken).ConfigureAwait(false);
            var blob = own.Blobs.GetBlobContainerClient(own.Layout.Uploads).GetBlobClient("pole-emploi/defm-2009-03.csv.gz");
            await using (var file = File.OpenRead(path))
            {
                await blob.UploadAsync(file, overwrite: true, cancellationToken).ConfigureAwait(false);
            }

            async Task Ours()
            {
                Reports.IngestionReport? result = null;
                ours.Add(await BenchStats.TimeAsync(async () => result = await own.Ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
                if (result!.Status != Reports.ReportStatus.Committed)
                {
                    throw new InvalidOperationException($"The F5 extract was not committed ({result.Status}; {string.Join(" ; ", result.Errors.Take(2).Select(e => e.Message))}).");
                }
            }

            async Task Bare() => bare.Add(await BenchStats.TimeAsync(() => DownloadAsync(blob, size, cancellationToken)).ConfigureAwait(false));
            if (run % 2 == 0)
            {
                await Bare().ConfigureAwait(false);
                await Ours().ConfigureAwait(false);
            }
            else
            {
                await Ours().ConfigureAwait(false);
                await Bare().ConfigureAwait(false);
            }

            // Azurite holds everything in memory: each run's upload and archive go once measured.
            await own.Blobs.DeleteBlobContainerAsync(own.Layout.Uploads, cancellationToken: cancellationToken).ConfigureAwait(false);
            await own.Blobs.DeleteBlobContainerAsync(own.Layout.Archive, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var (oursTime, bareTime) = (BenchStats.Median(ours), BenchStats.Median(bare));
        report.Table(["Lecteur", "Durée médiane (s)", "Débit (Mo/s compressés)", "Exécutions (s)"],
        [
            ["mission : IngestFile.RunAsync (dépôt → validé)", BenchStats.F(oursTime, "0.00"), BenchStats.F(size / 1e6 / oursTime), BenchStats.Runs(ours)],
            ["pair : DownloadStreamingAsync lu jusqu'au bout", BenchStats.F(bareTime, "0.00"), BenchStats.F(size / 1e6 / bareTime), BenchStats.Runs(bare)],
        ]);
        var ratio = bareTime / oursTime;
        report.Line(BenchReport.French($"- Notre job intègre à {100 * ratio:N0} % du débit d'un simple téléchargement (objectif ≥ 80 % : {BenchReport.Goal(ratio >= 0.8)}) ; ")
            + BenchReport.French($"il lit le fichier une seule fois et l'archive par copie côté serveur, si bien que l'écart est le travail du lecteur : décompresser {rows:N0} lignes sur un cœur et valider chacune sur l'autre (section 1 : le lecteur seul, depuis un fichier local)."));
        report.Line();
    }

    private static async Task DownloadAsync(BlobClient blob, long size, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        long read = 0;
        var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var stream = response.Value.Content;
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        if (read != size)
        {
            throw new InvalidOperationException($"The download gave {read} bytes, not {size}.");
        }
    }
}
