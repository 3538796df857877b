using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// F4, a Eurostat CSV extract (docs/formats.md), from <c>eurostat</c> only: the legacy label export (table
/// from <see cref="ReadContext.FileName"/>) or SDMX-CSV (table from DATAFLOW), see
/// <see cref="EurostatHeader"/>. Which tables feed which indicator, and from which dimension values,
/// is <see cref="EurostatMap"/> (see <see cref="EurostatTables"/>); rows of other dimension values
/// are ignored and counted; the rows kept become observations as <see cref="EurostatRows"/> says. An
/// extract with rows but none of the mapped dimension values is rejected (<c>no-mapped-rows</c>): it
/// would be accepted with nothing in it. Rows are read up to <see cref="ReaderLimits.MaxRows"/>.
/// </summary>
internal sealed class EurostatReader(EurostatMap? map = null) : FormatReader
{
    private static readonly AgencyId Eurostat = new("eurostat");

    private readonly EurostatMap _map = map ?? EurostatMap.Default;

    public override FileFormat Format => FileFormat.F4;

    public override string Description => "un extrait Eurostat F4 (CSV « TIME, GEO, …, Value » ou SDMX-CSV « DATAFLOW, …, OBS_VALUE »)";

    public override bool AcceptsFrom(AgencyId agency) => agency == Eurostat;

    public override bool Recognises(TabularFile file, ReadContext context) =>
        file.Tables is [{ Delimited: true, IsEmpty: false } table] && EurostatHeader.Looks(table.Head[0], out _);

    public override ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var table = file.Tables[0];
        var header = EurostatHeader.Read(table.Head[0]);
        var issues = new IssueCollector();
        var checks = new ObservationChecks(context, issues);
        var tables = new EurostatTables(_map, header, context, checks, issues);
        var rows = new EurostatRows(header, context, checks, issues);
        // A header past the cells a row keeps is one error: its rows cannot be compared with it.
        var counts = TableChecks.HeaderTooWide(header.Row.Number, header.Row.CellCount, null, issues)
            || (header.Shape == EurostatShape.Legacy && !tables.ResolveFileName())
            ? default
            : ReadRows(table, header, tables, rows, context.Limits, issues, cancellationToken);

        if (counts.Read == 0 && !issues.HasErrors)
        {
            issues.Error(IssueCodes.NoDataRows, new SourceCell(header.Row.Number, string.Empty, string.Empty),
                "L'extrait n'a que sa ligne d'en-tête : exportez à nouveau la table depuis Eurostat avec ses données.");
        }
        else if (counts.Matched == 0 && !issues.HasErrors)
        {
            issues.Error(IssueCodes.NoMappedRows, new SourceCell(header.Row.Number, string.Empty, header.Row.Preview(table.Separator)),
                $"Aucune ligne de l'extrait ne porte les valeurs de dimensions lues ({Describe()}) : rien n'a été lu. Exportez la table avec ces valeurs (totaux, demandeurs d'asile, personnes).");
        }

        rows.ReportFlags();
        IgnoredItems[] ignored =
        [
            .. Count("lignes d'autres dimensions", counts.Other),
            .. Count("lignes d'agrégats (UE, total), non stockées", rows.Aggregates),
            .. Count("valeurs manquantes (:)", rows.Missing),
        ];
        return issues.ToResult(FileFormat.F4, rows.Observations, ignored, counts.Read) with { Mentioned = checks.Mentioned };
    }

    private static (int Read, int Matched, int Other) ReadRows(
        Table table, EurostatHeader header, EurostatTables tables, EurostatRows rows, ReaderLimits limits, IssueCollector issues, CancellationToken cancellationToken)
    {
        var (read, matched, other) = (0, 0, 0);
        foreach (var row in table.Rows().Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (read == limits.MaxRows)
            {
                issues.Stop(IssueCodes.TooManyRows, new SourceCell(row.Number, string.Empty, string.Empty),
                    $"L'extrait a plus de {FrenchFormat.Count(limits.MaxRows, "ligne de données", "lignes de données")} ; la lecture s'est arrêtée ici. Découpez-le en plusieurs extraits (par exemple par année).");
                break;
            }

            read++;
            if (!TableChecks.CheckRow(table, row, header.Texts, limits, issues) || tables.For(row) is not { } resolved)
            {
                continue;
            }

            if (!resolved.Matches(row))
            {
                other++;
                continue;
            }

            matched++;
            rows.Read(row, resolved);
        }

        return (read, matched, other);
    }

    /// <summary>The dimension values read, as quoted in messages: « citizen = TOTAL ou Total, sex = T ou Total, … ».</summary>
    private string Describe() =>
        string.Join(", ", _map.Tables.SelectMany(t => t.Dimensions).Select(d => $"{d.Name} = {string.Join(" ou ", d.Accepted)}").Distinct(StringComparer.Ordinal));

    private static IgnoredItems[] Count(string reason, int count) => count > 0 ? [new IgnoredItems(reason, count)] : [];
}
