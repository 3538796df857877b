using MissionPipeline.Indicators;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// Counts the data rows a reader reads, up to <see cref="ReaderLimits.MaxRows"/>: past that the file
/// is rejected (<c>too-many-rows</c>, reported once) and reading stops.
/// </summary>
internal sealed class RowBudget(ReaderLimits limits, IssueCollector issues)
{
    /// <summary>Data rows read so far.</summary>
    public int Count { get; private set; }

    /// <summary>True once the limit was passed: checks that need the whole file must not run.</summary>
    public bool Stopped { get; private set; }

    /// <summary>True when <paramref name="row"/> may be read; false once the limit is passed.</summary>
    public bool Take(TableRow row, string? sheet)
    {
        if (Stopped)
        {
            return false;
        }

        if (Count == limits.MaxRows)
        {
            Stopped = true;
            issues.Stop(IssueCodes.TooManyRows, new SourceCell(row.Number, string.Empty, string.Empty, sheet),
                $"Le fichier a plus de {FrenchFormat.Count(limits.MaxRows, "ligne de données", "lignes de données")} ; la lecture s'est arrêtée ici. Découpez-le en plusieurs fichiers (par exemple un par mois).");
            return false;
        }

        Count++;
        return true;
    }
}
