using System.Globalization;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// One sheet of an F2 workbook, read: a title row (the first row, ending with the month: the
/// sheet's period), a header row (the first of the first rows that names at least half of the
/// layout's columns; the blank row before it is not required), then one row per département and
/// the total rows (<see cref="DcpafTotals"/>). After the first total row, a row with a single filled
/// cell is a note and is skipped; after <c>TOTAL FRANCE</c>, a département row is
/// <c>row-after-total</c>. Every count is required, whole and not negative. A département given
/// twice is <c>duplicate-row</c> and its second row is left out. Each département row read without
/// error yields one observation of the layout's indicator (a marker alone yields a withheld one).
/// </summary>
internal sealed class DcpafSheet
{
    private readonly Table _table;
    private readonly DcpafLayout _layout;
    private readonly ReadContext _context;
    private readonly IssueCollector _issues;
    private readonly List<DcpafRow> _departements = [];
    private readonly Dictionary<Territory, int> _seen = [];
    private FixedHeader? _header;

    private DcpafSheet(Table table, DcpafLayout layout, ReadContext context, IssueCollector issues)
    {
        _table = table;
        _layout = layout;
        _context = context;
        _issues = issues;
    }

    public string Name => _table.Sheet ?? string.Empty;

    /// <summary>The month of the title and where it was read; null when it could not be read (an error was reported).</summary>
    public (Period Month, SourceCell At)? Period { get; private set; }

    /// <summary>Département and total rows read.</summary>
    public int Rows { get; private set; }

    public static DcpafSheet Read(
        Table table, DcpafLayout layout, ReadContext context, ObservationChecks checks, IssueCollector issues, RowBudget budget, CancellationToken cancellationToken)
    {
        var sheet = new DcpafSheet(table, layout, context, issues);
        sheet.ReadRows(checks, budget, cancellationToken);
        return sheet;
    }

    /// <summary>One observation per département row read without error, each checked by <paramref name="checks"/>.</summary>
    public IReadOnlyList<Observation> Observations(Period period, SourceCell periodCell, ObservationChecks checks)
    {
        var observations = new List<Observation>();
        foreach (var row in _departements.Where(d => d.Ok))
        {
            var value = row.Numbers[_layout.ValueColumn]!.Value;
            var observation = new Observation(_layout.Indicator, period, row.Departement!.Territory, value.Value,
                Status: value.Marker ?? ValueStatus.Final, Row: row.Row.Number);
            var line = new SourceCell(row.Row.Number, string.Empty, string.Empty, _table.Sheet);
            var at = _header!.At(row.Row, _layout.ValueColumn);
            var source = new ObservationSource(line, periodCell, _header.At(row.Row, DcpafLayout.Code), at, at, at, at, at);
            if (checks.Check(observation, source, withheld: !value.IsNumber))
            {
                observations.Add(observation);
            }
        }

        return observations;
    }

    /// <summary>The head row just above <paramref name="row"/>, if the sheet has one (a header on two rows).</summary>
    private TableRow? RowAbove(TableRow row) => _table.Head.LastOrDefault(r => r.Number == row.Number - 1);

    private void ReadRows(ObservationChecks checks, RowBudget budget, CancellationToken cancellationToken)
    {
        var headerRow = _table.Head.FirstOrDefault(r => FixedHeader.Matches(r, _layout.Columns) * 2 >= _layout.Columns.Length);
        if (headerRow is null)
        {
            var first = _table.IsEmpty ? null : _table.Head[0];
            _issues.Error(IssueCodes.MissingHeader, new SourceCell(first?.Number ?? 1, string.Empty, first?.Preview(_table.Separator) ?? string.Empty, _table.Sheet),
                $"Ligne d'en-tête introuvable dans la feuille « {Name} » : sous le titre « {_layout.Title} » et une ligne vide, écrivez l'en-tête {string.Join(" | ", _layout.Columns)}.");
            return;
        }

        Period = ReadPeriod(headerRow, checks);
        _header = FixedHeader.Read(headerRow, _layout.Columns, _table.Sheet, _issues, RowAbove(headerRow));
        if (!_header.IsUsable)
        {
            return;
        }

        var totals = new DcpafTotals(_layout, _header, _issues);
        var lastRow = headerRow.Number;
        foreach (var row in _table.Rows().Where(r => r.Number > headerRow.Number))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!budget.Take(row, _table.Sheet))
            {
                return;
            }

            if (ReadRow(row, totals))
            {
                lastRow = row.Number;
            }
        }

        totals.Check(_departements, lastRow);
    }

    /// <summary>Reads a département or total row; false for a note.</summary>
    private bool ReadRow(TableRow row, DcpafTotals totals)
    {
        var header = _header!;
        if (TotalLabels.IsTotal(header.Cell(row, DcpafLayout.Name)))
        {
            if (!totals.Repeats(row))
            {
                totals.Add(ReadNumbers(row, null, true));
            }

            Rows++;
            return true;
        }

        if (totals.Any && row.Uncalculated is { Count: > 0 } && row.Cells.All(string.IsNullOrWhiteSpace))
        {
            // Only formulas saved without their result under the totals (a check sum): said as such
            // (uncalculated-formula, each cell located), not as a département below « TOTAL FRANCE ».
            Rows++;
            TableChecks.CheckRow(_table, row, header.Texts, _context.Limits, _issues);
            return true;
        }

        if (totals.Any && row.Cells.Count(c => !string.IsNullOrWhiteSpace(c)) == 1)
        {
            return false;
        }

        Rows++;
        if (totals.HasFrance)
        {
            _issues.Error(IssueCodes.RowAfterTotal, new SourceCell(row.Number, string.Empty, row.Preview(_table.Separator), _table.Sheet),
                $"Ligne de département sous la ligne « TOTAL FRANCE » de la feuille « {Name} » : remontez-la avec les autres départements, au-dessus des lignes de total.");
            return true;
        }

        var code = header.At(row, DcpafLayout.Code);
        var departement = DcpafCode.Read(code, header.Cell(row, DcpafLayout.Name), _context.Geography, _issues);
        if (departement is not null && !_seen.TryAdd(departement.Territory, row.Number))
        {
            _issues.Error(IssueCodes.DuplicateRow, code, string.Create(CultureInfo.InvariantCulture,
                $"Le département {departement.Name} ({departement.Territory.LocalCode}) figure déjà ligne {_seen[departement.Territory]} de la feuille « {Name} » : gardez une seule ligne par département."));
            return true;
        }

        var read = ReadNumbers(row, departement, departement is not null);
        _departements.Add(read with { Ok = _layout.CheckRow(read, header, _issues) && read.Ok });
        return true;
    }

    /// <summary>The row's count cells, each checked; a row whose shape is wrong (<see cref="TableChecks"/>) has none.</summary>
    private DcpafRow ReadNumbers(TableRow row, Departement? departement, bool ok)
    {
        var numbers = new LayoutNumber?[_layout.Columns.Length];
        if (!TableChecks.CheckRow(_table, row, _header!.Texts, _context.Limits, _issues))
        {
            return new DcpafRow(row, departement, numbers, false);
        }

        for (var c = DcpafLayout.Code + 1; c < numbers.Length; c++)
        {
            var good = LayoutNumber.TryRead(_header.At(row, c), NumberKind.Count, allowBlank: false, _issues, out var number);
            numbers[c] = good ? number : null;
            ok &= good;
        }

        return new DcpafRow(row, departement, numbers, ok);
    }

    private (Period, SourceCell)? ReadPeriod(TableRow headerRow, ObservationChecks checks)
    {
        var title = _table.Head.FirstOrDefault(r => r.Number < headerRow.Number);
        var text = title is null ? string.Empty : TitlePeriod.Text(title);
        var at = title is null ? new SourceCell(1, string.Empty, text, _table.Sheet) : TitlePeriod.At(title, _table.Sheet);
        if (TitlePeriod.TryFind(text, out var month))
        {
            return checks.CheckPeriod(month, at) && checks.CheckTitleMonth(month, at) ? (month, at) : null;
        }

        _issues.Error(IssueCodes.InvalidPeriod, at, title is null
            ? $"Titre absent en haut de la feuille « {Name} » : écrivez en ligne 1 un titre qui finit par le mois des chiffres, par exemple « {_layout.Title} »."
            : $"Mois illisible dans le titre « {text} » de la feuille « {Name} » : terminez le titre par le mois des chiffres, par exemple « {_layout.Title} ».");
        return null;
    }
}
