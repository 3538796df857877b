using System.Globalization;
using MissionPipeline.Cli.Samples;
using MissionPipeline.Periods;

namespace MissionPipeline.Cli.Bench;

/// <summary>
/// F5 register extract, plain and gzip: each engine runs in its own child process
/// (<c>mission bench f5-worker FILE --engine …</c>) so that its peak resident set (VmHWM) is its own.
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
        report.Line(BenchReport.Invariant($"Entrée : `mission generate f5 --rows {rows} --month 2009-03 --seed {GenerateCommand.DefaultSeed}` ({rows:N0} lignes, {uncompressed / 1e6:0.0} Mo ; gzip : {new FileInfo(gzip).Length / 1e6:0.0} Mo). ") + BenchReport.Invariant($"Requête : nombre de lignes de catégorie A et de nationalité HUE par département ({expected!.France:N0} attendues). Chaque moteur tourne dans son propre processus (`mission bench f5-worker FICHIER --engine …`), le pic de mémoire est le VmHWM de ce processus ; débit = octets non compressés / durée. Médiane de {runs} exécutions ; DuckDB avec ses réglages par défaut ({Environment.ProcessorCount} threads), notre lecteur sur un seul thread."));
        report.Line();
        var rowsOut = new List<IReadOnlyList<string>>();
        var goals = new List<string>();
        foreach (var (label, path) in new[] { ("CSV", plain), ("CSV gzip", gzip) })
        {
            var results = new Dictionary<string, List<F5Count>>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var engine in new[] { F5Engines.Ours, F5Engines.DuckDb })
                {
                    var output = await SelfProcess.RunAsync(SelfProcess.Mission("bench", "f5-worker", path, "--engine", engine), cancellationToken).ConfigureAwait(false);
                    var count = F5Count.FromJson(output.Trim().Split('\n')[^1]);
                    if (count.Error is not null)
                    {
                        throw new InvalidOperationException($"{engine} on {path}: {count.Error}");
                    }

                    (results.TryGetValue(engine, out var list) ? list : results[engine] = []).Add(count);
                }
            }

            var ours = results[F5Engines.Ours];
            var duck = results[F5Engines.DuckDb];
            var differences = F5Engines.Differences(ours[0], duck[0]);
            var agree = differences.Count == 0 && ours[0].Total == expected.France ? "identiques" : "DIFFÉRENTS : " + string.Join(", ", differences.Take(3));
            var oursTime = BenchStats.Median(ours.Select(r => r.Seconds));
            var duckTime = BenchStats.Median(duck.Select(r => r.Seconds));
            var oursPeak = BenchStats.Median(ours.Select(r => (double)r.PeakBytes)) / 1e6;
            var duckPeak = BenchStats.Median(duck.Select(r => (double)r.PeakBytes)) / 1e6;
            rowsOut.Add([label, "mission (AgencyFileReader.Read)", BenchStats.F(oursTime, "0.00"), BenchStats.F(uncompressed / 1e6 / oursTime), BenchStats.F(oursPeak, "0"), BenchStats.Runs(ours.Select(r => r.Seconds)), agree]);
            rowsOut.Add([label, "DuckDB (read_csv)", BenchStats.F(duckTime, "0.00"), BenchStats.F(uncompressed / 1e6 / duckTime), BenchStats.F(duckPeak, "0"), BenchStats.Runs(duck.Select(r => r.Seconds)), agree]);
            var speed = uncompressed / 1e6 / oursTime;
            goals.Add(BenchReport.Invariant($"- {label} : {speed:0} Mo/s (objectif ≥ 100 : {BenchReport.Goal(speed >= 100)}), pic {oursPeak:0} Mo (objectif < 300 : {BenchReport.Goal(oursPeak < 300)}), {oursTime:0.00} s contre {duckTime:0.00} s pour DuckDB, rapport {duckTime / oursTime:0.00} (objectif ≥ 1, pas plus lent : {BenchReport.Goal(oursTime <= duckTime)})."));
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
