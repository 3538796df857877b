using MissionPipeline.Cli.Samples;
using System.Globalization;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Bench;

/// <summary>
/// F5 register extract, plain and gzip: each engine runs in its own child process
/// (<c>mission-tools bench f5-worker FILE --engine …</c>) so that its peak resident set (VmHWM) is its own.
/// </summary>
internal static class F5Bench
{
    public static async Task RunAsync(BenchReport report, string workDir, int rows, int runs, CancellationToken cancellationToken)
    {
        report.Line("## 1. Extrait F5 (registre des demandeurs d'emploi)");
        report.Line();
        var month = Period.Parse("2009-03");
        var plain = Path.Combine(workDir, string.Create(CultureInfo.InvariantCulture, $"f5-{rows}-{GenerateCommand.DefaultSeed}.csv"));
        var gzip = plain + ".gz";
        RegisterSampleCounts? expected = null;
        foreach (var (path, compressed) in new[] { (plain, false), (gzip, true) })
        {
            var counts = Generate(path, rows, month, compressed);
            expected ??= counts;
        }

        var uncompressed = new FileInfo(plain).Length;
        report.Line(BenchReport.French($"Entrée : `mission-tools generate f5 --rows {rows} --month 2009-03 --seed {GenerateCommand.DefaultSeed}` ({rows:N0} lignes, {uncompressed / 1e6:0.0} Mo ; gzip : {new FileInfo(gzip).Length / 1e6:0.0} Mo). ") + BenchReport.French($"Requête : nombre de lignes de catégorie A et de nationalité HUE par département ({expected!.France:N0} attendues). Chaque moteur tourne dans son propre processus (`mission-tools bench f5-worker FICHIER --engine …`), le pic de mémoire est le VmHWM de ce processus ; débit = octets non compressés / durée du travail d'un fichier (ce qu'un hôte prépare une fois par processus, notre catalogue et notre géographie, la base en mémoire de DuckDB, l'est avant le chronomètre, pour les deux moteurs). Médiane de {runs} exécutions. Notre lecteur valide sur un seul thread ; un fichier gzip est décompressé sur un second, quelques Mio en avance (en production, l'hôte traite jusqu'à 4 fichiers à la fois par instance : host.json) et fait plus que compter : il valide chaque cellule de chaque ligne (mois, catégorie, nationalité, département de 2009, sexe, tranche d'âge), cherche les identifiants en double et tient tous les comptes de l'indicateur ; DuckDB, lui, ne fait que la requête. DuckDB est mesuré sur un seul thread (`SET threads = 1`, les mêmes ressources que notre lecteur sur le CSV) et avec ses réglages par défaut ({Environment.ProcessorCount} threads, les mêmes ressources ou plus sur le gzip)."));
        report.Line();
        var rowsOut = new List<IReadOnlyList<string>>();
        var goals = new List<string>();
        foreach (var (label, path, threads) in new[] { ("CSV", plain, 1), ("CSV gzip", gzip, 2) })
        {
            var results = new Dictionary<string, List<F5Count>>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var engine in new[] { F5Engines.Ours, F5Engines.DuckDbOneThread, F5Engines.DuckDb })
                {
                    var output = await SelfProcess.RunAsync(SelfProcess.Tools("bench", "f5-worker", path, "--engine", engine), cancellationToken).ConfigureAwait(false);
                    var count = F5Count.FromJson(output.Trim().Split('\n')[^1]);
                    if (count.Error is not null)
                    {
                        throw new InvalidOperationException($"{engine} on {path}: {count.Error}");
                    }

                    (results.TryGetValue(engine, out var list) ? list : results[engine] = []).Add(count);
                }
            }

            var ours = results[F5Engines.Ours];
            var duck1 = results[F5Engines.DuckDbOneThread];
            var duck = results[F5Engines.DuckDb];
            var differences = F5Engines.Differences(ours[0], duck[0]).Concat(F5Engines.Differences(ours[0], duck1[0])).ToArray();
            var agree = differences.Length == 0 && ours[0].Total == expected.France ? "identiques" : "DIFFÉRENTS : " + string.Join(", ", differences.Take(3));
            var oursTime = BenchStats.Median(ours.Select(r => r.Seconds));
            var duck1Time = BenchStats.Median(duck1.Select(r => r.Seconds));
            var duckTime = BenchStats.Median(duck.Select(r => r.Seconds));
            var oursPeak = BenchStats.Median(ours.Select(r => (double)r.PeakBytes)) / 1e6;
            foreach (var (name, list) in new[] { (threads == 1 ? "mission (AgencyFileReader.Read), 1 thread" : "mission (AgencyFileReader.Read), 1 thread + 1 qui décompresse", ours), ("DuckDB (read_csv), 1 thread", duck1), ($"DuckDB (read_csv), {Environment.ProcessorCount} threads", duck) })
            {
                var time = BenchStats.Median(list.Select(r => r.Seconds));
                rowsOut.Add([label, name, BenchStats.F(time, "0.00"), BenchStats.F(uncompressed / 1e6 / time), BenchStats.F(BenchStats.Median(list.Select(r => (double)r.PeakBytes)) / 1e6, "N0"), BenchStats.Runs(list.Select(r => r.Seconds)), agree]);
            }

            var speed = uncompressed / 1e6 / oursTime;
            goals.Add(BenchReport.French($"- {label} : {speed:N0} Mo/s (objectif ≥ 100 : {BenchReport.Goal(speed >= 100)}), pic {oursPeak:N0} Mo (objectif < 300 : {BenchReport.Goal(oursPeak < 300)}) ; ")
                + (threads == 1
                    ? BenchReport.French($"{oursTime:0.00} s contre {duck1Time:0.00} s pour DuckDB sur un thread, rapport {duck1Time / oursTime:0.00} (objectif ≥ 1, pas plus lent à ressources égales : {BenchReport.Goal(oursTime <= duck1Time)}) ; contre {duckTime:0.00} s pour DuckDB sur {Environment.ProcessorCount} threads, rapport {duckTime / oursTime:0.00}{(oursTime <= duckTime ? " (pas plus lent non plus)" : " (DuckDB plus rapide avec deux fois plus de cœurs)")}.")
                    : BenchReport.French($"{oursTime:0.00} s sur deux threads contre {duckTime:0.00} s pour DuckDB sur {Environment.ProcessorCount}, rapport {duckTime / oursTime:0.00} (objectif ≥ 1, pas plus lent à ressources égales : {BenchReport.Goal(oursTime <= duckTime)}) ; contre {duck1Time:0.00} s pour DuckDB sur un thread, rapport {duck1Time / oursTime:0.00}.")));
        }

        report.Table(["Fichier", "Moteur", "Durée médiane (s)", "Débit (Mo/s)", "Pic mémoire (Mo)", "Exécutions (s)", "Comptes"], rowsOut);
        foreach (var g in goals)
        {
            report.Line(g);
        }

        report.Line();
    }

    /// <summary>Generates the file unless it is already there (same arguments, same bytes); returns what it holds.</summary>
    public static RegisterSampleCounts Generate(string path, int rows, Period month, bool gzip)
    {
        var temp = path + ".part";
        if (File.Exists(path))
        {
            return RegisterExtractSample.Write(Stream.Null, rows, month, GenerateCommand.DefaultSeed, gzip: false);
        }

        RegisterSampleCounts counts;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            counts = RegisterExtractSample.Write(stream, rows, month, GenerateCommand.DefaultSeed, gzip);
        }

        File.Move(temp, path, overwrite: true);
        return counts;
    }
}
