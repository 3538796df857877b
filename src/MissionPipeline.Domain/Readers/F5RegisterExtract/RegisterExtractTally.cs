using System.Globalization;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// Checks and counts the rows of an F5 register extract, one at a time, from the UTF-8 bytes of their
/// cells: one month per file, categories A–E, nationalities FR/UE/HUE, départements of 2009, each
/// identifier once. It keeps only a count per département and the hashes of the identifiers
/// (<see cref="IdentifierLog"/>, whose duplicates are reported once the file is read). Personal
/// data never leaves the file: the identifier, sex and age are never stored nor quoted; an error on
/// an identifier shows only its first characters (<see cref="Mask"/>), and an error on a whole line
/// does not quote the line.
/// </summary>
internal sealed partial class RegisterExtractTally
{
    /// <summary>The indicator counted: rows of category A and nationality HUE.</summary>
    public static readonly IndicatorId Indicator = new("demandeurs_emploi_etrangers_hors_ue");

    private const int CategoryA = 0;
    private const int Hue = 2;

    // Beyond the errors a report details, an error is only counted: no message is built for it.
    private static readonly ValidationIssue Counted = new(IssueCodes.TooManyErrors, 0, string.Empty, string.Empty, "(erreur comptée, non détaillée)");

    private readonly RegisterExtractHeader _header;
    private readonly ReadContext _context;
    private readonly IssueCollector _issues;
    private readonly ObservationChecks _checks;
    private readonly IdentifierLog _identifiers = new();
    private readonly DepartementCodes _departements;
    private readonly int[] _counts;
    private readonly int _maxRows;
    private readonly int _maxCellLength;
    private byte[]? _monthBytes;
    private Period _period;
    private SourceCell? _periodCell;
    private bool _periodAccepted;

    public RegisterExtractTally(RegisterExtractHeader header, ReadContext context, IssueCollector issues, ObservationChecks checks)
    {
        _header = header;
        _context = context;
        _issues = issues;
        _checks = checks;
        _departements = new DepartementCodes(context.Geography);
        _counts = new int[context.Geography.Departements.Count];
        _maxRows = context.Limits.MaxRows;
        _maxCellLength = context.Limits.MaxCellLength;
    }

    /// <summary>Data rows read (blank lines are not rows).</summary>
    public int Rows { get; private set; }

    /// <summary>True once <see cref="ReaderLimits.MaxRows"/> was passed: reading must stop.</summary>
    public bool Stopped { get; private set; }

    private bool Detailed => _issues.ErrorCount < IssueCollector.MaxDetailed;

    /// <summary>Checks and counts one data row, given as the bytes of its cells.</summary>
    public void Accept(int row, ReadOnlySpan<byte> data, ReadOnlySpan<CellSpan> cells, int cellCount)
    {
        if (!Begin(row))
        {
            return;
        }

        if (cellCount != _header.Texts.Count)
        {
            LineError(IssueCodes.WrongCellCount, row, string.Create(CultureInfo.InvariantCulture,
                $"La ligne a {FrenchFormat.Count(cellCount, "cellule")} alors que l'en-tête en a {FrenchFormat.Number(_header.Texts.Count)} : retirez ou ajoutez des séparateurs. La ligne n'est pas recopiée ici : elle contient un identifiant personnel."));
            return;
        }

        if (!CheckShape(row, data, cells))
        {
            return;
        }

        var ok = CheckMonth(row, cells[_header.Month].Of(data));
        var category = Category(row, cells[_header.Category].Of(data));
        var nationality = Nationality(row, cells[_header.Nationality].Of(data));
        var departement = Departement(row, cells[_header.Departement].Of(data));
        ok &= Identifier(row, cells[_header.Identifier].Of(data));
        if (ok && category == CategoryA && nationality == Hue && departement >= 0)
        {
            _counts[departement]++;
        }
    }

    /// <summary>A data row whose quote is left open at the end of its line.</summary>
    public void OpenQuote(int row)
    {
        if (Begin(row))
        {
            LineError(IssueCodes.UnterminatedQuote, row,
                "Guillemet ouvert et jamais refermé sur cette ligne : une cellule d'un extrait F5 ne contient pas de saut de ligne. Refermez le guillemet (un guillemet à l'intérieur d'un texte s'écrit \"\") ou retirez-le.");
        }
    }

    /// <summary>A data row longer than the reader's buffer: it cannot be an extract's line of seven codes.</summary>
    public void LineTooLong(int row, int bytes)
    {
        if (Begin(row))
        {
            LineError(IssueCodes.CellTooLong, row, string.Create(CultureInfo.InvariantCulture,
                $"Ligne de plus de {FrenchFormat.Number(bytes)} octets : une ligne d'extrait F5 tient en quelques dizaines de caractères. Vérifiez que le fichier a bien une fin de ligne après chaque demandeur."));
        }
    }

    /// <summary>
    /// Ends the reading: reports the identifiers read twice and a file without data rows, then gives
    /// the observations counted: every département of 2009 (0 where the file has no such row), FR-MET and FR.
    /// </summary>
    public IReadOnlyList<Observation> Finish(int headerRow)
    {
        foreach (var (row, first, masked) in _identifiers.Duplicates())
        {
            Error(IssueCodes.DuplicateIdentifier, row, _header.Identifier, masked, string.Create(CultureInfo.InvariantCulture,
                $"Identifiant déjà présent ligne {first} : le même demandeur serait compté deux fois. Retirez l'une des deux lignes. (Seul le début de l'identifiant est recopié : c'est une donnée personnelle.)"));
        }

        if (Rows == 0 && !Stopped)
        {
            _issues.Error(IssueCodes.NoDataRows, new SourceCell(headerRow, string.Empty, string.Empty),
                "Le fichier n'a que sa ligne d'en-tête : ajoutez une ligne par demandeur d'emploi inscrit en fin de mois.");
        }

        if (!_periodAccepted || _periodCell is null)
        {
            return [];
        }

        var observations = new List<Observation>(_counts.Length + 2);
        var departements = _context.Geography.Departements;
        long metropole = 0, france = 0;
        for (var i = 0; i < departements.Count; i++)
        {
            observations.Add(Count(departements[i].Territory, _counts[i]));
            metropole += departements[i].Metropolitan ? _counts[i] : 0;
            france += _counts[i];
        }

        observations.Add(Count(Territory.Metropole, metropole));
        observations.Add(Count(Territory.France, france));
        var source = ObservationSource.AtRow(0) with { Period = _periodCell };
        return observations.Where(o => _checks.Check(o, source)).ToArray();
    }

    private Observation Count(Territory territory, long count) => new(Indicator, _period, territory, count);

    /// <summary>Counts a data row; false when the row limit is passed (reported once, then reading stops).</summary>
    private bool Begin(int row)
    {
        if (Rows == _maxRows)
        {
            Stopped = true;
            _issues.Stop(IssueCodes.TooManyRows, new SourceCell(row, string.Empty, string.Empty),
                $"Le fichier a plus de {FrenchFormat.Count(_context.Limits.MaxRows, "ligne de données", "lignes de données")} ; la lecture s'est arrêtée ici. Découpez-le en plusieurs fichiers.");
            return false;
        }

        Rows++;
        return true;
    }

    /// <summary>No cell longer than <see cref="ReaderLimits.MaxCellLength"/> (in bytes: F5 cells are ASCII), nothing under an unnamed column.</summary>
    private bool CheckShape(int row, ReadOnlySpan<byte> data, ReadOnlySpan<CellSpan> cells)
    {
        var ok = true;

        // No cell is longer than its line: the usual short line needs no look at each cell.
        for (var i = 0; data.Length > _maxCellLength && i < cells.Length; i++)
        {
            var cell = cells[i].Of(data);
            if (cell.Length > _maxCellLength)
            {
                ok = false;
                Error(IssueCodes.CellTooLong, row, i, i == _header.Identifier ? Mask(cell) : Decode(cell), string.Create(CultureInfo.InvariantCulture,
                    $"Cellule trop longue (plus de {_context.Limits.MaxCellLength} caractères) : un extrait F5 ne contient que des codes courts. Vérifiez les séparateurs et les guillemets de la ligne."));
            }
        }

        foreach (var i in _header.Unnamed)
        {
            if (!cells[i].Of(data).Trim((byte)' ').IsEmpty)
            {
                ok = false;
                Error(IssueCodes.ValueWithoutColumn, row, i, Mask(cells[i].Of(data)),
                    "Valeur dans une colonne sans en-tête : retirez le séparateur en trop ou videz la cellule (seul le début de la valeur est recopié : ce pourrait être une donnée personnelle).");
            }
        }

        return ok;
    }

    private void LineError(string code, int row, string message)
    {
        if (Detailed)
        {
            _issues.Error(code, new SourceCell(row, string.Empty, string.Empty), message);
        }
        else
        {
            _issues.Error(Counted);
        }
    }

    private void Error(string code, int row, int column, string cell, string message)
    {
        if (Detailed)
        {
            _issues.Error(code, At(row, column, cell), message);
        }
        else
        {
            _issues.Error(Counted);
        }
    }

    private SourceCell At(int row, int column, string cell) =>
        new(row, string.IsNullOrWhiteSpace(_header.Texts[column]) ? string.Create(CultureInfo.InvariantCulture, $"colonne {column + 1}") : _header.Texts[column], cell);

    private static string Decode(ReadOnlySpan<byte> cell) => Encoding.UTF8.GetString(cell);

    /// <summary>
    /// What a report may show of a cell that may be personal data: its first characters (at most 3,
    /// at most half of it) and an ellipsis, as <see cref="IdentifierLog"/> shows a duplicate.
    /// </summary>
    internal static string Mask(ReadOnlySpan<byte> cell)
    {
        var text = Decode(cell.Trim((byte)' '));
        var shown = Math.Min(3, text.Length / 2);
        return string.Concat(text.AsSpan(0, shown), "…");
    }
}
