using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// F0, the canonical template (docs/formats.md), from delimited text or a workbook: a header row, then one
/// row per observation. Any agency may send it. In a workbook every sheet whose first non-blank row
/// is an F0 header is read, and any other non-empty sheet is reported as ignored (a warning); a sheet
/// with an F0 header that Excel does not show is refused (<c>hidden-sheet</c>), never read. Rows
/// are counted and read up to <see cref="ReaderLimits.MaxRows"/>; past that the file is rejected and
/// reading stops.
/// </summary>
internal sealed class CanonicalReader : FormatReader
{
    public override FileFormat Format => FileFormat.F0;

    public override string Description => "le gabarit canonique F0 (colonnes indicateur;periode;territoire;valeur…)";

    public override bool AcceptsFrom(AgencyId agency) => true;

    public override bool Recognises(TabularFile file, ReadContext context) => file.Tables.Any(IsCanonical);

    public override ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var issues = new IssueCollector();
        var checks = new ObservationChecks(context, issues);
        var observations = new List<Observation>();
        var rows = 0;
        var ignoredSheets = 0;
        var hiddenRefused = false;
        foreach (var table in file.Tables.Where(t => !t.IsEmpty))
        {
            if (IsCanonical(table) && table.Hidden && table.Head.Count == 1)
            {
                // A hidden model of the template (its header, no row under it): no figure to hide.
                ignoredSheets++;
                issues.Warning(IssueCodes.IgnoredSheet, new SourceCell(table.Head[0].Number, string.Empty, table.Head[0].Preview(table.Separator), table.Sheet),
                    $"La feuille masquée « {table.Sheet} » n'a que l'en-tête du gabarit F0, sans aucune ligne : elle n'a pas été lue.");
                continue;
            }

            if (IsCanonical(table) && !TableChecks.CheckVisible(table, issues))
            {
                hiddenRefused = true;
                continue;
            }

            if (!IsCanonical(table))
            {
                ignoredSheets++;
                issues.Warning(IssueCodes.IgnoredSheet, new SourceCell(table.Head[0].Number, string.Empty, table.Head[0].Preview(table.Separator), table.Sheet),
                    $"La feuille « {table.Sheet} » n'a pas été lue : sa première ligne n'est pas l'en-tête du gabarit F0 ({string.Join(", ", CanonicalHeader.Names)}). Si elle contient des chiffres à transmettre, donnez-lui cet en-tête.");
                continue;
            }

            if (!ReadTable(table, context, checks, issues, observations, ref rows, cancellationToken))
            {
                break;
            }
        }

        if (rows == 0 && !hiddenRefused)
        {
            var header = file.Tables.First(IsCanonical);
            issues.Error(IssueCodes.NoDataRows, new SourceCell(header.Head[0].Number, string.Empty, string.Empty, header.Sheet),
                "Le fichier n'a que sa ligne d'en-tête : ajoutez une ligne par chiffre à transmettre sous l'en-tête.");
        }

        IgnoredItems[] ignored = ignoredSheets > 0 ? [new IgnoredItems("feuilles sans en-tête F0", ignoredSheets)] : [];
        return issues.ToResult(FileFormat.F0, observations, ignored, rows) with { Mentioned = checks.Mentioned };
    }

    private static bool IsCanonical(Table table) => !table.IsEmpty && CanonicalHeader.Looks(table.Head[0]);

    /// <summary>Reads one table's data rows; false when the row limit was passed and reading must stop.</summary>
    private static bool ReadTable(
        Table table, ReadContext context, ObservationChecks checks, IssueCollector issues, List<Observation> observations, ref int rows, CancellationToken cancellationToken)
    {
        var header = CanonicalHeader.Read(table.Head[0], table.Sheet, issues);
        foreach (var row in table.Rows().Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows == context.Limits.MaxRows)
            {
                issues.Stop(IssueCodes.TooManyRows, new SourceCell(row.Number, string.Empty, string.Empty, table.Sheet),
                    $"Le fichier a plus de {FrenchFormat.Count(context.Limits.MaxRows, "ligne de données", "lignes de données")} ; la lecture s'est arrêtée ici. Découpez-le en plusieurs fichiers (par exemple un par mois).");
                return false;
            }

            // Two exports pasted one under the other: one error, not one per cell (« Indicateur « indicateur » inconnu », « Nombre « valeur » illisible »…).
            if (CanonicalHeader.Looks(row))
            {
                issues.Error(IssueCodes.RepeatedHeader, new SourceCell(row.Number, string.Empty, row.Preview(table.Separator), table.Sheet),
                    $"Ligne d'en-tête répétée (la première est ligne {table.Head[0].Number}) : deux fichiers collés l'un sous l'autre ? Un fichier n'a qu'une ligne d'en-tête, en haut : supprimez celle-ci.");
                continue;
            }

            rows++;
            // Under a header past the cells a row keeps (its one error said), no row can be compared with it.
            if (!header.TooWide && TableChecks.CheckRow(table, row, header.Texts, context.Limits, issues) && header.IsUsable
                && CanonicalRow.Read(row, header, checks, issues) is { } observation)
            {
                observations.Add(observation);
            }
        }

        return true;
    }
}
