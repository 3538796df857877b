using System.CommandLine;
using System.Globalization;
using MissionPipeline.Catalogue;
using MissionPipeline.Cli.Serve;
using MissionPipeline.Cli.Samples;
using MissionPipeline.Indicators;
using MissionPipeline.Periods;
using MissionPipeline.Publishing;
using MissionPipeline.Reports;
using MissionPipeline.Storage;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>
/// <c>mission demo [--as-of DATE]</c>: the whole product in one command. Local storage up (started if
/// needed), the sample years 2007 to 2010 shipped with the command ingested with their receipt times
/// (every agency, formats F0 to F5, made by <c>mission-tools generate year --year 2007 --to 2010</c>
/// with a fixed seed, a correction sent a month late, plus one deliberately wrong file to show a
/// rejection report), the end-of-year account as of 2009-12-31 published, then the snapshot of the
/// date asked (by default 30 June 2010: « will we make it by December? », with forecasts and their
/// intervals, the 2010 targets, a break of series and what changed since the end of 2009), the
/// dashboard printed (a table per axis), the HTML page written to <c>.mission/</c>, then
/// <c>mission serve</c> until Ctrl-C.
/// </summary>
internal static partial class DemoCommand
{
    /// <summary>The samples' seed, the date of the letter: the register extracts the demo writes are the same every run.</summary>
    public const ulong SampleSeed = 20090331;

    /// <summary>The date the demo shows unless told: June 2010, half-way through a year with targets, history and a break.</summary>
    public static readonly DateOnly DemoAsOf = new(2010, 6, 30);

    /// <summary>The letter's end-of-year account, published first: what the demo's date compares with.</summary>
    public static readonly DateOnly YearEnd = new(2009, 12, 31);

    public static Command Create()
    {
        var port = CommonOptions.Port("Port de mission serve après la démonstration.");
        var noServe = new Option<bool>("--no-serve") { Description = "S'arrête après avoir affiché le tableau de bord (sans servir l'API)." };
        var asOf = CommonOptions.AsOf("Date du tableau de bord montré, AAAA-MM-JJ (défaut : 2010-06-30) ; le bilan au 31 décembre 2009 est publié aussi.");
        var command = new Command("demo", "Démonstration : intègre les années 2007 à 2010 d'exemple de toutes les agences, publie le bilan au 31 décembre 2009 puis le tableau de bord au 30 juin 2010 (ou --as-of), l'affiche puis le sert sur http://127.0.0.1:7071/.")
        {
            port, noServe, asOf,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var shown = parse.GetValue(asOf) ?? DemoAsOf;
            var schedule = parse.GetValue(noServe) ? ServeOptions.DefaultSchedule : ServeOptions.ScheduleFromEnvironment();
            if (SnapshotDates.Problem(shown, DateOnly.FromDateTime(Pipeline.Time.GetUtcNow().UtcDateTime)) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(FrenchTypography.Apply(problem)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // The demo runs as a deployment does, approval required, and approves its own snapshots.
            using var pipeline = await Pipeline.OpenAsync(parse, new PublicationOptions(RequireApproval: true), cancellationToken).ConfigureAwait(false);
            var rejected = await IngestSamplesAsync(pipeline, output, cancellationToken).ConfigureAwait(false);
            if (shown > YearEnd)
            {
                // Published and approved first, so that the date shown says what changed since the end-of-year account, and why.
                await PublishAsync(pipeline, YearEnd, parse.InvocationConfiguration.Error, printed: false, cancellationToken).ConfigureAwait(false);
            }

            var dashboard = await PublishAsync(pipeline, shown, parse.InvocationConfiguration.Error, printed: true, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteAsync(DashboardPrinter.Render(dashboard, Pipeline.Catalogue, Colours(output))).ConfigureAwait(false);
            if (rejected > 0)
            {
                await output.WriteLineAsync(FrenchTypography.Apply($"{FrenchFormat.Count(rejected, "fichier rejeté", "fichiers rejetés")} ci-dessus, volontairement : voilà le rapport qu'une agence reçoit.")).ConfigureAwait(false);
            }

            await WritePageAsync(pipeline, shown, output, cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(noServe))
            {
                await ServeCommand.RunAsync(pipeline, ServeOptionsFor(parse.GetValue(port), schedule, shown), output, cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Recomputes <paramref name="asOf"/> (a draft) and approves it, released at once, and returns the
    /// dashboard published for it. A demo run again finds it approved, so immutable: when files received
    /// since (a correction ingested between two runs) make a different computation, that one is not
    /// published, and the approved one is returned, said so on <paramref name="error"/> (the demo
    /// printed the refused computation's figures beside a page and an API giving the approved ones).
    /// <paramref name="printed"/>: the dashboard returned is the one the demo prints (the year-end
    /// account published first is not).
    /// </summary>
    internal static async Task<Dashboard> PublishAsync(Pipeline pipeline, DateOnly asOf, TextWriter error, bool printed = true, CancellationToken cancellationToken = default)
    {
        var result = await pipeline.Recompute.RunAsync(asOf, republish: true, cancellationToken).ConfigureAwait(false);
        if (result.Outcome != PublishOutcome.Locked)
        {
            await pipeline.Snapshots.ApproveAsync(asOf, releaseAt: null, "mission demo", cancellationToken: cancellationToken).ConfigureAwait(false);
            return result.Dashboard;
        }

        await error.WriteLineAsync(FrenchTypography.Apply(
            $"Le tableau de bord du {FrenchFormat.Date(asOf)} est déjà validé, donc immuable : les fichiers reçus depuis son calcul n'y comptent pas."
            + (printed ? " Voici celui qui est publié." : string.Empty))).ConfigureAwait(false);
        var published = await pipeline.Snapshots.GetAsync(asOf, SnapshotFiles.Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The snapshot of {asOf:yyyy-MM-dd} is approved but its dashboard.json cannot be found.");
        return DashboardJson.Read(published.Content.ToMemory());
    }

    /// <summary>The demo's server: its nightly run and a recompute asked without a date stay at the date shown, so <c>latest</c> never leaves it.</summary>
    internal static ServeOptions ServeOptionsFor(int port, string schedule, DateOnly shown) => new(port, schedule, FixedAsOf: shown);

    /// <summary>Ingests every sample file (agency = its folder), with a progress bar; prints the rejected ones' reports.</summary>
    private static async Task<int> IngestSamplesAsync(Pipeline pipeline, TextWriter output, CancellationToken cancellationToken)
    {
        var samples = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "samples"));
        var extracts = DemoRegisterExtracts.For(samples, SampleSeed);
        var written = extracts.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var files = samples.GetDirectories().OrderBy(d => d.Name, StringComparer.Ordinal)
            .SelectMany(d => d.GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal)
                .Where(f => !written.Contains(f.Name)) // an extract shipped by an older build, left in the output folder: the written one is the demo's
                .Select(f => (Agency: new AgencyId(d.Name), f.Name, Open: (Func<Stream>)f.OpenRead)))
            .Concat(extracts.Select(e => (Agency: new AgencyId("pole-emploi"), e.Name, Open: (Func<Stream>)(() => new MemoryStream(e.Content(), writable: false)))))
            .ToArray();
        var done = 0;
        var rejected = new List<IngestionReport>();
        var committed = 0;
        var duplicates = 0;
        var progress = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var report = await IngestCommand.IngestAsync(pipeline, item.Name, item.Open, item.Agency, ReceiptOf(item.Name), ct).ConfigureAwait(false);
            lock (files)
            {
                done++;
                switch (report.Status)
                {
                    case ReportStatus.Rejected:
                    case ReportStatus.Duplicate when report.OriginalStatus == ReportStatus.Rejected: // rejected at the first run: still the showcase
                        rejected.Add(report);
                        break;
                    case ReportStatus.Duplicate:
                        duplicates++;
                        break;
                    default:
                        committed++;
                        break;
                }

                if (progress)
                {
                    output.Write(ProgressLine(done, files.Length, $"{item.Agency}/{item.Name}"));
                }
            }
        }).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(FrenchTypography.Apply(
            $"{FrenchFormat.Count(files.Length, "fichier")} d'exemple : {FrenchFormat.Count(committed, "intégré")}, {FrenchFormat.Count(duplicates, "déjà reçu", "déjà reçus")} (rien n'a changé), {FrenchFormat.Count(rejected.Count, "rejeté")}.")).ConfigureAwait(false);
        foreach (var report in rejected)
        {
            await ReportPrinter.PrintAsync(output, report, json: false, cancellationToken).ConfigureAwait(false);
        }

        return rejected.Count;
    }

    /// <summary>
    /// When the demo says a sample file reached the ministry, declared as an operator's backfill
    /// would (<c>mission ingest --received</c>): a monthly file 5 to 25 days after its month, one in
    /// nine late (35 to 64 days), a yearly file in the following weeks; a correction a month after
    /// the file it corrects. Derived from the file's name (fixed, the same every run), so the
    /// freshness table tells the samples' story rather than the day the demo ran.
    /// </summary>
    internal static DateTimeOffset ReceiptOf(string fileName)
    {
        var hash = fileName.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & int.MaxValue;
        var month = MonthInName().Match(fileName);
        var periodEnd = month.Success
            ? new DateOnly(int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture), 1).AddMonths(1).AddDays(-1)
            : new DateOnly(YearInName().Match(fileName) is { Success: true } y ? int.Parse(y.Value, CultureInfo.InvariantCulture) : YearEnd.Year, 12, 31);
        var delay = hash % 9 == 0 ? 35 + (hash % 30) : 5 + (hash % 21);
        if (fileName.Contains("rectificatif", StringComparison.OrdinalIgnoreCase))
        {
            delay += 30;
        }

        var day = periodEnd.AddDays(delay);
        return new DateTimeOffset(day.Year, day.Month, day.Day, 8 + (hash % 9), hash % 60, 0, TimeSpan.Zero);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(20\d{2})-(0[1-9]|1[0-2])(?!\d)")]
    private static partial System.Text.RegularExpressions.Regex MonthInName();

    [System.Text.RegularExpressions.GeneratedRegex(@"20\d{2}")]
    private static partial System.Text.RegularExpressions.Regex YearInName();

    private static string ProgressLine(int done, int total, string current)
    {
        const int width = 30;
        var filled = done * width / Math.Max(1, total);
        var name = current.Length > 44 ? current[..43] + "…" : current;
        return string.Create(CultureInfo.InvariantCulture, $"\rIntégration [{new string('#', filled)}{new string('.', width - filled)}] {done,3}/{total} {name,-44}");
    }

    private static async Task WritePageAsync(Pipeline pipeline, DateOnly shown, TextWriter output, CancellationToken cancellationToken)
    {
        var page = await pipeline.Snapshots.GetAsync(shown, "dashboard.html", cancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            return;
        }

        var date = shown.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var path = Path.Combine(Directory.GetCurrentDirectory(), ".mission", $"dashboard-{date}.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, page.Content.ToArray(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Page HTML du tableau de bord\u202F: {path} (publiée sous snapshots/{date}/dashboard.html).").ConfigureAwait(false);
    }

    // Colours only on a real terminal that wants them (NO_COLOR honoured).
    private static bool Colours(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
}
