using MissionPipeline.Catalogue;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>A mapped Eurostat table as found in one extract: its indicator, checked, and the column of each filtered dimension.</summary>
internal sealed record ResolvedTable(EurostatTable Table, Indicator Indicator, IReadOnlyList<int> Columns)
{
    /// <summary>True when the row holds an accepted value in every filtered dimension.</summary>
    public bool Matches(TableRow row)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!Table.Dimensions[i].Accepts(row[Columns[i]]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// Which mapped table each row of an extract belongs to: for the legacy export, the one its file
/// name starts with; for SDMX-CSV, the one its DATAFLOW cell names, row by row. A table no
/// indicator is mapped from is the error <c>unmapped-table</c>, a dimension the extract lacks is
/// <c>missing-column</c>, each reported once; the rows of such a table are not read.
/// </summary>
internal sealed class EurostatTables(EurostatMap map, EurostatHeader header, ReadContext context, ObservationChecks checks, IssueCollector issues)
{
    private readonly Dictionary<string, ResolvedTable?> _byDataflow = new(StringComparer.Ordinal);
    private ResolvedTable? _file;

    /// <summary>For the legacy export, resolves the table from the file name; false (reported) when it cannot be read.</summary>
    public bool ResolveFileName()
    {
        var at = new SourceCell(0, "nom du fichier", context.FileName);
        var table = map.FromFileName(context.FileName, out var named);
        if (table is null)
        {
            var what = named is null
                ? $"Le nom du fichier « {context.FileName} » ne commence pas par le code d'une table Eurostat"
                : $"La table Eurostat « {named} » (d'après le nom du fichier) n'alimente aucun indicateur";
            issues.Error(IssueCodes.UnmappedTable, at,
                $"{what} : seules les tables {map.Describe()} sont lues. Déposez un extrait de l'une d'elles, sous un nom qui commence par son code (par exemple {map.Tables[0].Code}_1_Data.csv).");
            return false;
        }

        _file = Resolve(table, at);
        return _file is not null;
    }

    /// <summary>The table of <paramref name="row"/>; null when it is not mapped or not usable (already reported).</summary>
    public ResolvedTable? For(TableRow row)
    {
        if (header.Shape == EurostatShape.Legacy)
        {
            return _file;
        }

        var dataflow = row[header.Dataflow];
        if (!_byDataflow.TryGetValue(dataflow, out var resolved))
        {
            resolved = ResolveDataflow(dataflow, header.At(row, header.Dataflow));
            _byDataflow[dataflow] = resolved;
        }

        return resolved;
    }

    private ResolvedTable? ResolveDataflow(string dataflow, SourceCell at)
    {
        var code = EurostatMap.TableOfDataflow(dataflow);
        if (map.Find(code) is { } table)
        {
            return Resolve(table, at);
        }

        issues.Error(IssueCodes.UnmappedTable, at,
            $"La table Eurostat « {code} » (colonne DATAFLOW) n'alimente aucun indicateur : seules les tables {map.Describe()} sont lues. Retirez ses lignes, ou déposez un extrait de l'une de ces tables.");
        return null;
    }

    private ResolvedTable? Resolve(EurostatTable table, SourceCell at)
    {
        var columns = table.Dimensions.Select(d => header.IndexOf(d.Name)).ToArray();
        var ok = true;
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i] < 0)
            {
                var dimension = table.Dimensions[i];
                issues.Error(IssueCodes.MissingColumn, new SourceCell(header.Row.Number, dimension.Name, string.Empty),
                    $"Colonne « {dimension.Name} » absente : un extrait de {table.Code} doit garder cette dimension (les lignes lues y portent {string.Join(" ou ", dimension.Accepted)}). Exportez à nouveau la table avec toutes ses dimensions.");
                ok = false;
            }
        }

        return checks.CheckIndicator(table.Indicator, at, out var indicator) && ok
            ? new ResolvedTable(table, indicator, columns)
            : null;
    }
}
