using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MissionPipeline.IntegrationTests.Journeys;

/// <summary>
/// The developers' <c>mission-tools</c> as a developer runs it: a separate process that starts its
/// own emulator, publishes a snapshot, then puts the <c>mission serve</c> an agency installs (a child
/// process, built beside the tools) under load and writes the report. What is checked is that every
/// part runs and reports figures, never how fast they are.
/// </summary>
public sealed partial class ToolsJourneyTests
{
    [Fact]
    public async Task Bench_QuickLoad_ServesTheShippedMissionAsAChildAndWritesItsFigures()
    {
        if (Tools.Bench.LoadBench.FindWrk() is null)
        {
            throw new InvalidOperationException("wrk is not installed: this test needs the Debian package `wrk` (apt-get install -y wrk); ./test.sh installs it.");
        }

        var folder = Directory.CreateTempSubdirectory("mission-tools-");
        try
        {
            var text = await BenchAsync(folder, "--only", "load", "--recompute-sizes", "100000");
            Assert.DoesNotContain("Mesure interrompue", text, StringComparison.Ordinal);
            Assert.Contains("Produit par `mission-tools bench", text, StringComparison.Ordinal);
            // The recompute ran in a worker process: cold, then after one OFII file, which re-evaluated
            // the four indicators it feeds (two reported, two computed from them) and took 28 as they were;
            // then read every segment bare (the cold read's peer). Its 84 files are enough for a
            // checkpoint: written after the cold run, then read by a second new process instead of the
            // segments (all 84 files from it, and the one the first worker ingested from its segment);
            // then it too ingests one file and recomputes after it.
            // Numbers as the French write them: 100 000 (narrow no-break space), 0,43.
            Assert.Matches(@"\| 100\u202F000 \| 84 \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ / \d+,\d+ / \d+,\d+ \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ \| [1-9]\d* \| \d+ \| \d+ \| 4 / 28 \| 84 / 1 \|", text);
            Assert.Matches(@"\| 100\u202F000 \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ / \d+,\d+ / \d+,\d+ \| \d+,\d+ \| \d+,\d \| 84 / 1 \| \d+,\d+ \| \d+,\d+ \| [1-9]\d* \| \d+ \|", text);
            Assert.Matches(@"- Après un fichier\u202F: \d+,\d+ s sur 100\u202F000 observations dans le processus parti des segments, \d+,\d+ s dans celui parti du point de reprise", text);
            // The report ends with how long each section and the whole command took.
            Assert.Matches(@"^recompute\u202F: (?:\d+ min \d{2} s|\d+ s)\u202F; load\u202F: (?:\d+ min \d{2} s|\d+ s)\u202F; en tout, de la commande à ce rapport\u202F: (?:\d+ min \d{2} s|\d+ s) \(objectif non jugé\u202F: --quick\)\.$", text.Split('\n').Single(l => l.StartsWith("recompute", StringComparison.Ordinal)));
            // Each case against nginx (one worker, started by the bench, serving the same bytes), with
            // wrk (closed loop, installed by test.sh) and the tools' own open-loop client (200 and 304,
            // identity and gzip, every answer checked); in closed loop, against bare Kestrel too.
            Assert.Contains("nginx de Debian, lancé par la mesure avec `worker_processes 1;", text, StringComparison.Ordinal);
            Assert.Contains("« Kestrel nu » (`mission-tools bench kestrel-peer`)", text.Replace('\u202F', ' '), StringComparison.Ordinal);
            // Each in two modes, each its own server process: the runtime's defaults, and inline socket completions.
            string[] cases = ["200", "200 gzip", "304", "304 gzip"];
            var expected = cases.SelectMany(c => new[] { c + " par défaut", c + " E/S en ligne" }).ToArray();
            var rows = LoadRow().Matches(text);
            Assert.Equal(expected, rows.Where(r => r.Groups["client"].Value == "load-worker").Select(r => r.Groups["case"].Value + " " + r.Groups["mode"].Value));
            Assert.Equal(expected, rows.Where(r => r.Groups["client"].Value == "wrk").Select(r => r.Groups["case"].Value + " " + r.Groups["mode"].Value));
            Assert.All(rows, r => Assert.True(
                Number(r.Groups["rate"].Value) > 0 && Number(r.Groups["nginx"].Value) > 0
                && (r.Groups["client"].Value == "wrk" ? Number(r.Groups["bare"].Value) > 0 && r.Groups["errors"].Value == "0 / 0 / 0" : r.Groups["errors"].Value == "0 / 0 / —"), r.Value));
            Assert.Equal(rows.Count, Regex.Count(text, @"^- (?:200|304)", RegexOptions.Multiline));
            Assert.Equal(expected.Length, Regex.Count(text, @"Kestrel nu\u202F: [0-9\u202F]+ req/s, soit nginx × \d+,\d+ pour le framework seul, et mission à \d+\u00A0% de ce plancher\.$", RegexOptions.Multiline));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bench_QuickIngestEndToEnd_IngestsTheGzipExtractAndComparesItWithADownloadAndItsInflation()
    {
        var folder = Directory.CreateTempSubdirectory("mission-tools-");
        try
        {
            var text = await BenchAsync(folder, "--only", "ingest-e2e");
            Assert.DoesNotContain("Mesure interrompue", text, StringComparison.Ordinal);
            // Both readers ran on the same 500 000-row gzip extract, and the ratio line judges the goal.
            Assert.Matches(@"\| mission\u202F: IngestFile\.RunAsync \(dépôt → validé\) \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ \|", text);
            Assert.Matches(@"\| pair\u202F: DownloadStreamingAsync lu jusqu'au bout \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ \|", text);
            Assert.Matches(@"\| plancher d'un lecteur\u202F: le même téléchargement décompressé \(GZipStream\) \| \d+,\d+ \| \d+,\d+ \| \d+,\d+ \|", text);
            Assert.Matches(@"- Notre job intègre à \d+\u00A0% du débit d'un simple téléchargement \(objectif ≥ 80\u00A0%\u202F: \*\*(?:non )?atteint\*\*\)", text);
            Assert.Matches(@"- Décompresser seulement ce fichier, sans en analyser une ligne, prend \d+,\d+\u00A0s, soit \d+\u00A0% du débit d'un téléchargement\u202F: .* notre job atteint \d+\u00A0% de ce plancher", text);
            Assert.Contains("500\u202F000 lignes", text, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs <c>mission-tools bench --quick</c> with <paramref name="args"/> as a developer does, writing into <paramref name="folder"/>; returns the report after checking the exit code and the « Écrit » line.</summary>
    private static async Task<string> BenchAsync(DirectoryInfo folder, params string[] args)
    {
        var report = Path.Combine(folder.FullName, "benchmarks.md");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(Tools.ToolsCommand).Assembly.Location, "bench", "--quick" }.Concat(args).Concat(["--out", report, "--work", folder.FullName]))
        {
            info.ArgumentList.Add(a);
        }

        // Other tests of this process set MISSION_* while they run: none is inherited. A developer's
        // shell may carry a layout suffix of its own work; the bench's server must still read what the
        // bench wrote (it once served the suffixed, empty layout and answered 404 for a minute).
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MISSION_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["MISSION_LAYOUT_SUFFIX"] = "devshell";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, await error + await output);
        Assert.Contains("Écrit", await output, StringComparison.Ordinal);
        return await File.ReadAllTextAsync(report);
    }

    /// <summary>A French number of the report: 23 525 (narrow no-break space), 1,08.</summary>
    private static double Number(string text) =>
        double.Parse(text.Replace("\u202F", string.Empty, StringComparison.Ordinal).Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture);

    // Client, case, mode, mission, nginx and bare Kestrel req/s (— in open loop), the two ratios, three p99s, errors (mission / nginx / Kestrel nu).
    [GeneratedRegex(@"^\| (?<client>wrk|load-worker)[^|]*\| (?<case>[^|]+?) \| (?<mode>par défaut|E/S en ligne) \| (?<rate>[0-9\u202F]+) \| (?<nginx>[0-9\u202F]+) \| (?<bare>[0-9\u202F]+|—) \| [0-9,]+ \| (?:[0-9,]+|—) \| [0-9,]+ \| [0-9,]+ \| [0-9,]+ \| (?<errors>\d+ / \d+ / (?:\d+|—)) \|", RegexOptions.Multiline)]
    private static partial Regex LoadRow();
}
