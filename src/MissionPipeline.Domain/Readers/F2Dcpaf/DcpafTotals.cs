using System.Globalization;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>The three total rows of an F2 sheet.</summary>
internal enum DcpafTotal
{
    /// <summary><c>TOTAL MÉTROPOLE</c>: the metropolitan départements.</summary>
    Metropole,

    /// <summary><c>TOTAL DOM</c>: the overseas départements, 971 to 974.</summary>
    Dom,

    /// <summary><c>TOTAL FRANCE</c>: every département.</summary>
    France,
}

/// <summary>
/// The total rows of an F2 sheet and their check against the département rows, column by column,
/// for every count column (<c>total-mismatch</c>). A row whose name starts with « Total » is a total
/// row: one that speaks of DOM or outre-mer (and not of métropole) totals the overseas départements,
/// one that speaks of métropole (and not of DOM) the metropolitan ones, any other every département.
/// Each must appear once (<c>missing-total</c>, <c>duplicate-row</c>). Total rows are never stored as
/// observations. Totals are checked only when every département row of the sheet was read without
/// error, and a column only when each of those rows has a number there (not a marker): one mistake
/// is then reported once, where it is.
/// </summary>
internal sealed class DcpafTotals(DcpafLayout layout, FixedHeader header, IssueCollector issues)
{
    private readonly Dictionary<DcpafTotal, DcpafRow> _rows = [];

    public int Count => _rows.Count;

    public bool Any => _rows.Count > 0;

    /// <summary>True once the TOTAL FRANCE row was read: only notes and other totals may follow it.</summary>
    public bool HasFrance => _rows.ContainsKey(DcpafTotal.France);

    /// <summary>
    /// Whether <paramref name="row"/> is a second total of a kind already read (« Total général » under
    /// « TOTAL FRANCE »): reported once, in its own words, and its cells left unread. Its blank cells
    /// were each a missing value, and the error named « TOTAL FRANCE », which the row does not say
    /// (red team, agency officer).
    /// </summary>
    public bool Repeats(TableRow row)
    {
        var name = header.Cell(row, DcpafLayout.Name).Trim();
        var kind = Kind(name);
        if (!_rows.TryGetValue(kind, out var first))
        {
            return false;
        }

        var firstName = header.Cell(first.Row, DcpafLayout.Name).Trim();
        issues.Error(IssueCodes.DuplicateRow, header.At(row, DcpafLayout.Name), string.Create(CultureInfo.InvariantCulture,
            $"Ligne « {name} » : c'est une deuxième ligne de total {Of(kind)}, après « {firstName} » (ligne {first.Row.Number}). Gardez-en une seule, avec la somme des {Covers(kind)} dans chaque colonne."));
        return true;
    }

    /// <summary>Keeps a total row; a second of its kind is <see cref="Repeats"/>'s to report, never a throw.</summary>
    public void Add(DcpafRow row) => _rows.TryAdd(Kind(header.Cell(row.Row, DcpafLayout.Name)), row);

    private static string Of(DcpafTotal kind) => kind switch
    {
        DcpafTotal.Metropole => "de la métropole",
        DcpafTotal.Dom => "des départements d'outre-mer",
        _ => "de la France entière",
    };

    /// <summary>Reports missing total rows (located just after <paramref name="lastRow"/>) and totals that differ from their départements.</summary>
    public void Check(IReadOnlyList<DcpafRow> departements, int lastRow)
    {
        var checkable = departements.All(d => d.Ok);
        foreach (var kind in Enum.GetValues<DcpafTotal>())
        {
            if (!_rows.TryGetValue(kind, out var total))
            {
                issues.Error(IssueCodes.MissingTotal, new SourceCell(lastRow + 1, header.Name(DcpafLayout.Name), string.Empty, header.Sheet),
                    $"Ligne « {Label(kind)} » absente de la feuille « {header.Sheet} » : ajoutez-la sous les départements, avec la somme des {Covers(kind)} dans chaque colonne ; elle sert à vérifier le classeur.");
            }
            else if (checkable)
            {
                CheckColumns(kind, total, departements.Where(d => Covers(kind, d)).ToArray());
            }
        }
    }

    private void CheckColumns(DcpafTotal kind, DcpafRow total, DcpafRow[] covered)
    {
        for (var c = DcpafLayout.Code + 1; c < layout.Columns.Length; c++)
        {
            var column = c;
            if (covered.Any(d => d.Numbers[column]?.Value is null) || total.Numbers[c]?.Value is not { } found)
            {
                continue;
            }

            var expected = covered.Sum(d => d.Numbers[column]!.Value.Value!.Value);
            if (found != expected)
            {
                issues.Error(IssueCodes.TotalMismatch, header.At(total.Row, c),
                    $"« {header.Cell(total.Row, DcpafLayout.Name).Trim()} » donne {LayoutNumber.Show(found)} dans la colonne « {header.Name(c)} », alors que la somme des {Covers(kind)} fait {LayoutNumber.Show(expected)} : "
                    + "corrigez la ligne de total, ou la ligne du département en cause.");
            }
        }
    }

    private static bool Covers(DcpafTotal kind, DcpafRow row) => kind switch
    {
        DcpafTotal.Metropole => row.Departement!.Metropolitan,
        DcpafTotal.Dom => !row.Departement!.Metropolitan,
        _ => true,
    };

    private static DcpafTotal Kind(string name)
    {
        var words = TextNormalizer.Fold(name).Split([' ', '-', '(', ')', '+'], StringSplitOptions.RemoveEmptyEntries);
        var overseas = words.Any(w => w is "dom" or "outre");
        var metropole = words.Any(w => w.StartsWith("metro", StringComparison.Ordinal));
        return (overseas, metropole) switch
        {
            (true, false) => DcpafTotal.Dom,
            (false, true) => DcpafTotal.Metropole,
            _ => DcpafTotal.France,
        };
    }

    private static string Label(DcpafTotal kind) => kind switch
    {
        DcpafTotal.Metropole => "TOTAL MÉTROPOLE",
        DcpafTotal.Dom => "TOTAL DOM",
        _ => "TOTAL FRANCE",
    };

    private static string Covers(DcpafTotal kind) => kind switch
    {
        DcpafTotal.Metropole => "départements de métropole",
        DcpafTotal.Dom => "départements d'outre-mer (971 à 974)",
        _ => "départements de métropole et d'outre-mer",
    };
}
