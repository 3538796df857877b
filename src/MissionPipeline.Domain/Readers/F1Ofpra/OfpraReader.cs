using MissionPipeline.Catalogue;
using MissionPipeline.Periods;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// F1, the OFPRA monthly activity (docs/formats.md), sent by <c>ofpra</c> only: title lines (among them
/// « Mois : mars 2009 », whose month is the period), a header line, one line per nationality, a
/// <c>Total</c> line, footnotes. Usually CSV; the same layout in the first sheet of a workbook is read
/// too (other sheets are ignored, with a warning). The file is recognised by its header line among
/// the first rows, when it names at least half of the F1 columns: a header with a typo then gets
/// precise errors rather than « format inconnu », and a title alone is not enough. It yields the
/// national (<c>FR</c>) figures of the month, made from the nationality lines as
/// <see cref="OfpraLines"/> says; none when the file has an error. Row numbers are physical
/// lines, title lines counted.
/// </summary>
internal sealed class OfpraReader : FormatReader
{
    private static readonly AgencyId Ofpra = new("ofpra");

    public override FileFormat Format => FileFormat.F1;

    public override string Description =>
        "l'activité mensuelle OFPRA F1 (titres « OFPRA - Activité mensuelle » et « Mois : mars 2009 », puis l'en-tête Nationalité;Code pays;Premières demandes;Réexamens;Décisions;…;Délai moyen (jours))";

    public override bool AcceptsFrom(AgencyId agency) => agency == Ofpra;

    public override bool Recognises(TabularFile file, ReadContext context) => FirstTable(file) is { } table && HeaderRow(table) is not null;

    public override ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var issues = new IssueCollector();
        var checks = new ObservationChecks(context, issues);
        foreach (var indicator in new[] { OfpraLines.DemandesAsile, OfpraLines.DecisionsOfpra, OfpraLines.TauxProtection, OfpraLines.DelaiTraitement })
        {
            checks.CheckIndicator(indicator, SourceCell.File, out _);
        }

        var table = FirstTable(file)!;
        var budget = new RowBudget(context.Limits, issues);
        var (lines, period) = ReadLines(table, context, checks, issues, budget, cancellationToken);
        if (!budget.Stopped)
        {
            lines.Finish();
        }

        var observations = period is { } p && !issues.HasErrors ? lines.Observations(p.Month, p.At, checks) : [];
        var ignored = IgnoreOtherSheets(file, table, issues);
        return issues.ToResult(FileFormat.F1, observations, ignored, lines.Rows) with { Mentioned = checks.Mentioned };
    }

    /// <summary>Reads the title lines (for the month), the header line, then every line under it, in one pass (a text file is streamed once).</summary>
    private static (OfpraLines Lines, (Period Month, SourceCell At)? Period) ReadLines(
        Table table, ReadContext context, ObservationChecks checks, IssueCollector issues, RowBudget budget, CancellationToken cancellationToken)
    {
        var headerRow = HeaderRow(table)!;
        var titles = new List<TableRow>();
        OfpraLines? lines = null;
        (Period, SourceCell)? period = null;
        foreach (var row in table.Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row.Number < headerRow.Number)
            {
                titles.Add(row);
            }
            else if (lines is null)
            {
                period = ReadPeriod(titles, row, table.Sheet, checks, issues);
                lines = new OfpraLines(table, FixedHeader.Read(row, OfpraLines.Columns, table.Sheet, issues, titles.LastOrDefault(t => t.Number == row.Number - 1)), context.Limits, issues);
            }
            else if (budget.Take(row, table.Sheet))
            {
                lines.Read(row);
            }
            else
            {
                break;
            }
        }

        // The header row is among the rows read ahead (Table.Head), so the loop always reaches it.
        return (lines!, period);
    }

    private static Table? FirstTable(TabularFile file) => file.Tables.FirstOrDefault(t => !t.IsEmpty);

    /// <summary>The first head row naming at least half of the F1 columns.</summary>
    private static TableRow? HeaderRow(Table table) =>
        table.Head.FirstOrDefault(r => FixedHeader.Matches(r, OfpraLines.Columns) * 2 >= OfpraLines.Columns.Length);

    /// <summary>
    /// The month of the title line that starts with « Mois », or else of any title line that ends with
    /// a month; null (and an error located at that line, else at the first line) when there is none.
    /// </summary>
    private static (Period, SourceCell)? ReadPeriod(List<TableRow> titles, TableRow header, string? sheet, ObservationChecks checks, IssueCollector issues)
    {
        var monthLine = titles.FirstOrDefault(t => TextNormalizer.Fold(TitlePeriod.Text(t)).StartsWith("mois", StringComparison.Ordinal));
        foreach (var title in monthLine is null ? titles : [monthLine])
        {
            if (TitlePeriod.TryFind(TitlePeriod.Text(title), out var month))
            {
                var at = TitlePeriod.At(title, sheet);
                return checks.CheckPeriod(month, at) && checks.CheckTitleMonth(month, at) ? (month, at) : null;
            }
        }

        var line = monthLine ?? titles.FirstOrDefault() ?? header;
        var text = TitlePeriod.Text(line);
        issues.Error(IssueCodes.InvalidPeriod, TitlePeriod.At(line, sheet), monthLine is null
            ? "Ligne « Mois : … » absente du titre : ajoutez au-dessus de l'en-tête une ligne « Mois : mars 2009 » qui donne le mois des chiffres."
            : $"Mois illisible dans « {text} » : écrivez-le sous la forme « Mois : mars 2009 » (ou « Mois : 03/2009 »), un seul mois par fichier.");
        return null;
    }

    private static IReadOnlyList<IgnoredItems> IgnoreOtherSheets(TabularFile file, Table read, IssueCollector issues)
    {
        var others = file.Tables.Where(t => !t.IsEmpty && t != read).ToArray();
        foreach (var other in others)
        {
            issues.Warning(IssueCodes.IgnoredSheet, new SourceCell(other.Head[0].Number, string.Empty, other.Head[0].Preview(other.Separator), other.Sheet),
                $"La feuille « {other.Sheet} » n'a pas été lue : l'activité mensuelle OFPRA se lit dans la première feuille seulement. Si elle contient des chiffres à transmettre, déposez-la dans un fichier à part.");
        }

        return others.Length > 0 ? [new IgnoredItems("feuilles après la première", others.Length)] : [];
    }
}
