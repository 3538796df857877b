using MissionPipeline.Validation;
using System.Globalization;
using System.Text;
using MissionPipeline.Readers;
using MissionPipeline.Indicators;
using MissionPipeline.Reports;
using MissionPipeline.Text;

namespace MissionPipeline.Cli;

/// <summary>Prints an ingestion report for a person (French) or as the report JSON.</summary>
internal static class ReportPrinter
{
    /// <summary>
    /// The report JSON of one file, or a JSON array of several (of any number, none included, with
    /// <paramref name="alwaysArray"/>: a command whose count a script cannot know): stdout always
    /// parses as one JSON value.
    /// </summary>
    public static async Task PrintJsonAsync(TextWriter output, IReadOnlyList<IngestionReport> reports, bool alwaysArray, CancellationToken cancellationToken)
    {
        var text = reports.Count == 1 && !alwaysArray ? Encoding.UTF8.GetString(IngestionReportJson.Write(reports[0]))
            : reports.Count == 0 ? "[]"
            : "[\n" + string.Join(",\n", reports.Select(r => Encoding.UTF8.GetString(IngestionReportJson.Write(r)))) + "\n]";
        await output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    public static async Task PrintAsync(TextWriter output, IngestionReport report, bool json, CancellationToken cancellationToken)
    {
        if (json)
        {
            await output.WriteLineAsync(Encoding.UTF8.GetString(IngestionReportJson.Write(report)).AsMemory(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var byAnother = $"à l'instant par un autre traitement qui a lu cet envoi (intégration {report.IngestId} ; mission serve ou le déclencheur Azure sur le même stockage, ou un autre envoi simultané)";
        var verdict = report.Status switch
        {
            ReportStatus.Committed => "accepté et enregistré",
            ReportStatus.Accepted => "valide",
            ReportStatus.Duplicate when report.InProgressElsewhere => $"reçu au même moment par un autre envoi, qui l'intègre (intégration {report.IngestId}) : rien n'est compté deux fois ; si cet autre envoi s'interrompt, « mission replay {report.IngestId} --agency {report.Agency} » termine le fichier",
            ReportStatus.Duplicate when report is { IngestedFromThisUpload: true, OriginalStatus: ReportStatus.Rejected } => $"REJETÉ {byAnother} : rien de ce fichier n'est pris en compte, les erreurs ci-dessous sont à corriger",
            ReportStatus.Duplicate when report.IngestedFromThisUpload => $"accepté et enregistré {byAnother} : compté une fois",
            ReportStatus.Duplicate when report.OriginalStatus is null => $"déjà reçu (intégration {report.IngestId}), mais son intégration ne s'est pas terminée : son verdict est inconnu ; « mission replay {report.IngestId} --agency {report.Agency} » la termine",
            ReportStatus.Duplicate when report.OriginalStatus == ReportStatus.Rejected => $"déjà reçu (intégration {report.IngestId}) et REJETÉ alors : rien n'a changé, les erreurs ci-dessous restent à corriger",
            ReportStatus.Duplicate => $"déjà reçu (intégration {report.IngestId}) : rien n'a changé",
            _ => "REJETÉ : rien de ce fichier n'est pris en compte",
        };
        var text = new StringBuilder();
        // A file name may hold control characters (CR, ESC): shown, never obeyed by the terminal.
        // A file named by its whole path (a pipe, /dev/fd/63, checked without --name) is no name under the
        // agency's folder: « ofii : /dev/fd/63 », not « ofii//dev/fd/63 ».
        var file = report.File.StartsWith('/') ? FrenchTypography.Apply($"{report.Agency} : ") + Printable(report.File) : $"{report.Agency}/{Printable(report.File)}";
        text.AppendLine(CultureInfo.InvariantCulture, $"{file} — {verdict}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  format {(report.Format == FileFormat.Unknown ? "inconnu" : report.Format)}, {FrenchFormat.Count(report.Rows, "ligne")}, {FrenchFormat.Count(report.Observations, "observation")}, empreinte {report.Sha256[..Math.Min(16, report.Sha256.Length)]}…");
        if (report.Periods.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Periods(report.Periods)}");
        }

        foreach (var later in report.ReplacedBy)
        {
            var periods = later.Periods.Count <= 3
                ? FrenchFormat.List([.. later.Periods.Select(p => FrenchFormat.Over(p, p))])
                : $"{later.Periods.Count} périodes, {FrenchFormat.FromTo(later.Periods[0], later.Periods[^1])}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  Attention : « {Printable(later.File)} », reçu après lui le {FrenchFormat.Moment(later.Received)}, donne aussi des chiffres sur {periods} ; là où ils portent sur les mêmes indicateurs et territoires, ce sont les siens qui comptent. Renvoyer ce fichier-ci ne les remplace pas (un même contenu n'est intégré qu'une fois) : pour rétablir ses chiffres, envoyez un rectificatif qui les redonne.");
        }

        AppendIssues(text, "Erreurs", report.Errors);
        AppendIssues(text, "Avertissements", report.Warnings);
        foreach (var ignored in report.Ignored)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ignoré : {ignored.Reason} ({ignored.Count})");
        }

        await output.WriteAsync(FrenchTypography.Apply(text.ToString()).AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>« période lue : mars 2009 », « périodes lues : janvier 2009 et février 2009 », or, past three, how many and the first and the last (« 24 (janvier 2009 – décembre 2010) »).</summary>
    private static string Periods(IReadOnlyList<Periods.Period> periods) => periods.Count switch
    {
        1 => "période lue : " + FrenchFormat.Period(periods[0]),
        <= 3 => "périodes lues : " + FrenchFormat.List([.. periods.Select(FrenchFormat.Period)]),
        _ => $"périodes lues : {periods.Count} ({FrenchFormat.Period(periods[0])} – {FrenchFormat.Period(periods[^1])})",
    };

    // By code, as in the cells: a bidirectional override (U+202E) showed « …vsc.exe » as « …exe.csv », an escape was obeyed.
    private static string Printable(string text) => InvisibleCharacters.Reveal(text);

    private static void AppendIssues(StringBuilder text, string title, IReadOnlyList<ValidationIssue> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }

        // Past the detailed ones, the last line counts the others: « Erreurs (1001) » was read as the total of 903 334.
        var detailed = issues.Count(i => i.Code != IssueCodes.TooManyErrors);
        var count = detailed == issues.Count ? FrenchFormat.Number(detailed) : FrenchFormat.Number(detailed) + " détaillées, puis le compte des autres";
        text.AppendLine(CultureInfo.InvariantCulture, $"  {title} ({count}) :");
        foreach (var i in issues)
        {
            var where = (i.Row, i.Sheet) switch
            {
                (0, null) => "fichier entier",
                (0, { } sheet) => $"feuille « {sheet} »",
                (_, null) => $"ligne {i.Row}",
                (_, { } sheet) => $"feuille « {sheet} », ligne {i.Row}",
            };
            var column = string.IsNullOrEmpty(i.Column) ? string.Empty : $", colonne « {i.Column} »";
            // The address as Excel's name box takes it (Ctrl+G, G4), then what the cell holds, said
            // as its content (« cellule « 9 » » was read as a cell named 9).
            var address = i.Address is null ? string.Empty : $", cellule {i.Address}";
            var cell = string.IsNullOrEmpty(i.Cell) ? string.Empty : $", contenu « {i.Cell} »";
            text.AppendLine(CultureInfo.InvariantCulture, $"  - [{i.Code}] {where}{column}{address}{cell} : {i.Message}");
        }
    }
}
