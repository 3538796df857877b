using MissionPipeline.Catalogue;
using MissionPipeline.Geography;

namespace MissionPipeline.Publishing;

/// <summary>A département cell of one indicator in a published snapshot.</summary>
internal readonly record struct Cell(IndicatorId Indicator, Territory Territory);

/// <summary>One term of a linear relation between published cells.</summary>
internal readonly record struct Term(Cell Cell, int Sign);

/// <summary>
/// The linear relations a reader of a snapshot knows between département cells, and which hidden
/// cells they give away. Each relation is Σ sign × cell = a published constant:
/// <list type="bullet">
/// <item>every published aggregate of a count (the headline, FR-MET, FR-DOM or a région of the
/// breakdown) is the sum of the département cells it covers; differences of aggregates follow (FR −
/// FR-MET is the sum of the overseas départements);</item>
/// <item>a derived sum is, département by département, the sum of its inputs (eloignements =
/// eloignements_forces + retours_aides).</item>
/// </list>
/// A hidden cell is recoverable exactly when its unit vector lies in the row space of the relations
/// restricted to the hidden cells (every visible cell being a known number): found by Gauss–Jordan
/// elimination. Relations that only approximately hold (a reported national value that differs from
/// its départements) are kept: they may hide more than needed, never less.
/// </summary>
internal sealed class DisclosureAudit(IReadOnlyList<Term[]> relations)
{
    private const double Epsilon = 1e-9;

    public IReadOnlyList<Term[]> Relations { get; } = relations;

    /// <summary>The hidden cells that the relations determine, whatever the visible values.</summary>
    public IReadOnlySet<Cell> Recoverable(IReadOnlySet<Cell> hidden)
    {
        var columns = hidden.ToArray();
        var index = new Dictionary<Cell, int>();
        for (var i = 0; i < columns.Length; i++)
        {
            index[columns[i]] = i;
        }

        var rows = new List<double[]>();
        foreach (var relation in Relations)
        {
            var row = new double[columns.Length];
            var any = false;
            foreach (var term in relation)
            {
                if (index.TryGetValue(term.Cell, out var c))
                {
                    row[c] += term.Sign;
                    any = true;
                }
            }

            if (any)
            {
                rows.Add(row);
            }
        }

        return Determined(rows, columns);
    }

    /// <summary>The cells that share a relation with <paramref name="cell"/>.</summary>
    public IEnumerable<Cell> Neighbours(Cell cell) =>
        Relations.Where(r => r.Any(t => t.Cell == cell)).SelectMany(r => r.Select(t => t.Cell)).Where(c => c != cell).Distinct();

    private static HashSet<Cell> Determined(List<double[]> rows, Cell[] columns)
    {
        var pivots = new List<(int Row, int Column)>();
        var r = 0;
        for (var c = 0; c < columns.Length && r < rows.Count; c++)
        {
            var best = Enumerable.Range(r, rows.Count - r).MaxBy(i => Math.Abs(rows[i][c]));
            if (Math.Abs(rows[best][c]) < Epsilon)
            {
                continue;
            }

            (rows[r], rows[best]) = (rows[best], rows[r]);
            Normalise(rows[r], c);
            for (var i = 0; i < rows.Count; i++)
            {
                if (i != r && Math.Abs(rows[i][c]) > Epsilon)
                {
                    Subtract(rows[i], rows[r], rows[i][c]);
                }
            }

            pivots.Add((r, c));
            r++;
        }

        // In reduced row echelon form, a unit vector is in the row space iff its pivot row has no other non-zero entry.
        return pivots.Where(p => rows[p.Row].Count(v => Math.Abs(v) > Epsilon) == 1).Select(p => columns[p.Column]).ToHashSet();
    }

    private static void Normalise(double[] row, int pivot)
    {
        var factor = row[pivot];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] /= factor;
        }
    }

    private static void Subtract(double[] row, double[] pivotRow, double factor)
    {
        for (var j = 0; j < row.Length; j++)
        {
            row[j] -= factor * pivotRow[j];
        }
    }
}
