using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using MissionPipeline.Cli;
using MissionPipeline.Cli.LocalStorage;
using MissionPipeline.Cli.Serve;
using MissionPipeline.Tools.Bench;
using MissionPipeline.Storage;

namespace MissionPipeline.Tools;

/// <summary>
/// <c>mission-tools bench [--quick] [--only f5 ingest ingest-e2e recompute load] [--out docs/benchmarks.md]</c>: measures, side by side in one run, the
/// F5 reader against DuckDB, observation writes against a bare SDK loop, the end-to-end ingest of
/// the gzip F5 extract against a bare download, the recompute at 1, 3 and 10 million observations
/// (time, peak memory, growth exponents) and <c>GET /api/dashboard</c> against nginx and bare Kestrel; prints the
/// machine, the inputs and the median of several runs of each figure, and writes them as Markdown.
/// Its workers (<c>f5-worker</c>, <c>recompute-worker</c>, <c>load-worker</c>) and its peer (<c>kestrel-peer</c>) run as child processes
/// so that each measures only itself.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] Sections = ["f5", "ingest", "ingest-e2e", "recompute", "load"];

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Mesure rapide sur de petites entrées (500 000 lignes F5, 10 000 et 100 000 observations)." };
        var output = new Option<FileInfo>("--out") { Description = "Fichier Markdown à écrire.", DefaultValueFactory = _ => new FileInfo(Path.Combine("docs", "benchmarks.md")) };
        var work = new Option<DirectoryInfo>("--work") { Description = "Dossier des fichiers générés (réutilisés d'une mesure à l'autre).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "mission-bench")) };
        var sizes = new Option<int[]>("--recompute-sizes") { Description = "Nombres d'observations du recalcul (défaut : 1000000 3000000 10000000 ; --quick : 10000 100000).", AllowMultipleArgumentsPerToken = true };
        var ingestFrom = new Option<int?>("--ingest-from") { Description = "Première année du fichier F0 de la mesure d'écriture (défaut : 2006, soit 9 600 observations ; --quick : 2008, 2 400)." };
        var only = new Option<string[]>("--only")
        {
            Description = "Sections à mesurer (défaut : toutes) : f5, ingest, ingest-e2e (l'extrait F5 gzip de bout en bout contre un simple téléchargement), recompute, load ; load mesure l'API sur le snapshot publié par recompute, qu'il entraîne donc.",
            AllowMultipleArgumentsPerToken = true,
        };
        only.AcceptOnlyFromAmong(Sections);
        var command = new Command("bench", "Mesure les performances (lecteur F5 contre DuckDB, écriture dans Azurite, intégration de bout en bout, recalcul, API contre nginx et Kestrel nu) et écrit docs/benchmarks.md.")
        {
            quick, output, work, sizes, ingestFrom, only,
        };
        command.Subcommands.Add(F5Worker());
        command.Subcommands.Add(LoadWorkerCommand());
        command.Subcommands.Add(KestrelPeerCommand());
        command.Subcommands.Add(RecomputeWorker());
        command.SetAction(async (parse, cancellationToken) =>
        {
            var isQuick = parse.GetValue(quick);
            var chosen = parse.GetValue(only) is { Length: > 0 } named ? named.ToHashSet(StringComparer.Ordinal) : Sections.ToHashSet(StringComparer.Ordinal);
            if (chosen.Contains("load"))
            {
                chosen.Add("recompute");
            }

            var console = parse.InvocationConfiguration.Output;
            var clock = Stopwatch.StartNew();
            var durations = new List<(string Section, TimeSpan Elapsed)>();
            async Task Timed(string section, Func<Task> measure)
            {
                var start = clock.Elapsed;
                try
                {
                    await measure().ConfigureAwait(false);
                }
                finally
                {
                    // A section that failed is listed too: the total counts its time.
                    durations.Add((section, clock.Elapsed - start));
                }
            }

            var workDir = parse.GetRequiredValue(work).FullName;
            Directory.CreateDirectory(workDir);
            var report = new BenchReport(console);
            report.Line("# Mesures de performance");
            report.Line();
            var invocation = string.Join(' ', parse.Tokens.Select(t => t.Value));
            report.Line(BenchReport.French($"Produit par `mission-tools {invocation}` le {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC (ne pas éditer à la main : relancer la commande). Objectifs : docs/architecture.md, « Performance targets »."));
            report.Line();
            // Sections 2 and 3 run their job in this process: its own mode is named, as each child's is.
            report.Line("Machine : " + BenchMachine.Current() + (ServeHost.InlineIo ? $" ; processus de mesure en E/S en ligne ({ServeHost.InlineCompletionsVariable}=1 dans son environnement)." : " ; processus de mesure en E/S par défaut."));
            report.Line();

            if (chosen.Contains("f5"))
            {
                await Timed("f5", () => F5Bench.RunAsync(report, workDir, isQuick ? 500_000 : 5_000_000, 5, cancellationToken)).ConfigureAwait(false);
            }

            var exit = ExitCodes.Ok;
            try
            {
                if (chosen.Overlaps(["ingest", "ingest-e2e", "recompute"]))
                {
                    report.Line("Stockage des sections 2 à 5 : Azurite en mémoire (`Azurite.StartInMemoryAsync`), sur la même machine ; un émulateur neuf pour la section 2, un autre pour la 3, un dernier pour les sections 4 et 5 (la 5 sert ce que la 4 a publié) : ce qu'une section laisse derrière elle (les envois de 90 Mo de la section 3, leurs archives, leurs lignes) ne ralentit pas la suivante.");
                    report.Line();
                }

                if (chosen.Contains("ingest"))
                {
                    await Timed("ingest", () => OnOwnEmulatorAsync((azurite, pipeline) => StorageBench.IngestAsync(report, pipeline, azurite.ConnectionString, parse.GetValue(ingestFrom) ?? (isQuick ? 2008 : 2006), 3, cancellationToken), cancellationToken)).ConfigureAwait(false);
                }

                if (chosen.Contains("ingest-e2e"))
                {
                    await Timed("ingest-e2e", () => OnOwnEmulatorAsync((azurite, _) => IngestEndToEndBench.RunAsync(report, azurite.ConnectionString, workDir, isQuick ? 500_000 : 5_000_000, isQuick ? 1 : 3, cancellationToken), cancellationToken)).ConfigureAwait(false);
                }

                if (chosen.Contains("recompute"))
                {
                    await OnOwnEmulatorAsync(
                        async (azurite, pipeline) =>
                        {
                            await Timed("recompute", () => RecomputeBench.RunAsync(report, pipeline, azurite.ConnectionString, parse.GetValue(sizes) is { Length: > 0 } given ? given : isQuick ? [10_000, 100_000] : [1_000_000, 3_000_000, 10_000_000], isQuick ? 1 : 3, cancellationToken)).ConfigureAwait(false);
                            if (chosen.Contains("load"))
                            {
                                await Timed("load", () => LoadBench.RunAsync(report, azurite.ConnectionString, isQuick ? 2 : 4, isQuick ? 1 : 3, cancellationToken)).ConfigureAwait(false);
                            }
                        },
                        cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // What was measured is kept: the failure is written where the missing figures would be.
                report.Line();
                report.Line($"**Mesure interrompue** : {ex.GetType().Name} : {ex.Message}");
                report.Line();
                exit = ExitCodes.Rejected;
            }

            return await SaveAsync(report, parse.GetRequiredValue(output), console, exit, Duration(durations, clock.Elapsed, isQuick ? "--quick" : exit != ExitCodes.Ok ? "mesure interrompue" : !chosen.SetEquals(Sections) ? "--only" : null)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// The last section of the report: each section's wall time and the whole command's, from its start
    /// (generating the F5 extract when the work folder lacks it, starting the emulator and the servers
    /// included) to this line, against the issue's limit of 15 minutes on a two-core machine; not
    /// judged (<paramref name="unjudged"/> says why) for a quick run, a partial one or one that failed.
    /// </summary>
    private static Action<BenchReport> Duration(IReadOnlyList<(string Section, TimeSpan Elapsed)> durations, TimeSpan total, string? unjudged) => report =>
    {
        report.Line("## Durée de la mesure");
        report.Line();
        report.Line(string.Join(" ; ", durations.Select(d => $"{d.Section} : {Minutes(d.Elapsed)}"))
            + $" ; en tout, de la commande à ce rapport : {Minutes(total)}"
            + (unjudged is not null ? $" (objectif non jugé : {unjudged})." : BenchReport.French($" (objectif < 15 min sur {Environment.ProcessorCount} cœurs : {BenchReport.Goal(total < TimeSpan.FromMinutes(15))}).")));
        report.Line();

        static string Minutes(TimeSpan elapsed) => elapsed.TotalMinutes >= 1
            ? BenchReport.French($"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s")
            : BenchReport.French($"{elapsed.TotalSeconds:0} s");
    };

    /// <summary>Runs <paramref name="measure"/> on a new in-memory emulator of its own, with a pipeline connected to its default layout; stops the emulator after.</summary>
    private static async Task OnOwnEmulatorAsync(Func<Azurite, Pipeline, Task> measure, CancellationToken cancellationToken)
    {
        await using var azurite = await Azurite.StartInMemoryAsync(cancellationToken).ConfigureAwait(false);
        using var pipeline = await Pipeline.ConnectAsync(azurite.ConnectionString, StorageLayout.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
        await measure(azurite, pipeline).ConfigureAwait(false);
    }

    private static async Task<int> SaveAsync(BenchReport report, FileInfo output, TextWriter console, int exit, Action<BenchReport> last)
    {
        last(report);
        await report.SaveAsync(output.FullName).ConfigureAwait(false);
        await console.WriteLineAsync($"Écrit\u202F: {output.FullName}").ConfigureAwait(false);
        return exit;
    }

    /// <summary><c>mission-tools bench f5-worker FILE [--engine mission|duckdb]</c>: one F5 count, as one JSON line with its own time and peak memory.</summary>
    private static Command F5Worker()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Extrait F5 (.csv ou .csv.gz)." };
        var engine = new Option<string>("--engine") { Description = "mission, duckdb (ses réglages par défaut) ou duckdb-1 (un seul thread).", DefaultValueFactory = _ => F5Engines.Ours };
        engine.AcceptOnlyFromAmong(F5Engines.Ours, F5Engines.DuckDb, F5Engines.DuckDbOneThread);
        var command = new Command("f5-worker", "(interne) Compte un extrait F5 avec un moteur et écrit durée, pic mémoire (VmHWM) et comptes en JSON.") { file, engine };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = F5Engines.Run(parse.GetRequiredValue(engine), parse.GetRequiredValue(file).FullName, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(count.ToJson()).ConfigureAwait(false);
            return count.Error is null ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        return command;
    }

    /// <summary><c>mission-tools bench recompute-worker --storage CONN --file-seed N --from segments|checkpoint</c>: one cold recompute (from the segments, the checkpoint deleted first, or from the checkpoint), then one after a new file, in this process; one JSON line.</summary>
    private static Command RecomputeWorker()
    {
        var storage = new Option<string>("--storage") { Description = "Chaîne de connexion du stockage (l'Azurite de la mesure).", Required = true };
        var seed = new Option<int>("--file-seed") { Description = "Graine des valeurs du nouveau fichier OFII (un fichier différent par exécution).", DefaultValueFactory = _ => 100 };
        var from = new Option<string>("--from") { Description = "segments : point de reprise effacé, recalcul à froid puis après un nouveau fichier ; checkpoint : recalcul à froid depuis le point de reprise, puis après un nouveau fichier.", DefaultValueFactory = _ => "segments" };
        from.AcceptOnlyFromAmong("segments", "checkpoint");
        var command = new Command("recompute-worker", "(interne) Recalcule à froid (depuis les segments ou le point de reprise), puis après un nouveau fichier, et écrit durées, pic mémoire (VmHWM) et lectures en JSON.") { storage, seed, from };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync(await RecomputeBench.WorkerAsync(parse.GetRequiredValue(storage), parse.GetValue(seed), parse.GetValue(from) == "checkpoint", cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>mission-tools bench kestrel-peer FILE --port N</c>: <see cref="KestrelPeer"/> on 127.0.0.1 until stopped.</summary>
    private static Command KestrelPeerCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Le JSON à servir ; son gzip est FILE.gz." };
        var port = new Option<int>("--port") { Description = "Port sur 127.0.0.1.", Required = true };
        var command = new Command("kestrel-peer", "(interne) Sert FILE sur GET /api/dashboard avec Kestrel nu (un seul MapGet), le plancher du framework.") { file, port };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = KestrelPeer.Build(parse.GetRequiredValue(file).FullName, parse.GetValue(port));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            // The bench reads its mode from this line (StaticPeer.StartKestrelAsync).
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Kestrel nu\u202F: http://127.0.0.1:{parse.GetValue(port)}/api/dashboard{(ServeHost.InlineIo ? "   " + ServeHost.InlineMark : string.Empty)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>mission-tools bench load-worker URL --rate 500 --seconds 10 [--etag E]</c>: an open-loop HTTP client; one JSON line.</summary>
    private static Command LoadWorkerCommand()
    {
        // A string, checked here: System.CommandLine has no converter for Uri.
        var url = new Argument<string>("URL") { Description = "URL à interroger (GET, http ou https)." };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                result.AddError("URL absolue http(s) attendue.");
            }
        });
        var rate = new Option<int>("--rate") { Description = "Requêtes par seconde.", DefaultValueFactory = _ => 500 };
        var seconds = new Option<int>("--seconds") { Description = "Durée en secondes.", DefaultValueFactory = _ => 10 };
        var etag = new Option<string?>("--etag") { Description = "Envoie If-None-Match avec cet ETag." };
        var acceptEncoding = new Option<string?>("--accept-encoding") { Description = "Envoie Accept-Encoding avec ce codage (gzip) ; une réponse 200 dans un autre codage compte comme inattendue." };
        var command = new Command("load-worker", "(interne) Envoie GET URL à débit fixe et écrit requêtes/s, p50, p99 et erreurs en JSON.") { url, rate, seconds, etag, acceptEncoding };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await LoadWorker.RunAsync(new Uri(parse.GetRequiredValue(url)), Math.Max(1, parse.GetValue(rate)), Math.Max(1, parse.GetValue(seconds)), parse.GetValue(etag), parse.GetValue(acceptEncoding), cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.ToJson()).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
