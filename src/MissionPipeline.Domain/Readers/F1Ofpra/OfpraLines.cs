using System.Globalization;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The lines under the header of an F1 file, summed as they stream by (memory does not grow with the
/// file), and the national figures of the month made from them. A line whose first cell starts with
/// « ( » is a footnote; the line whose Nationalité starts with « Total » is the Total line; any other line is a
/// nationality. After the Total line only footnotes and lines with nothing but a first cell may
/// follow (<c>row-after-total</c>). Every count is required and whole; a délai may be blank on a line
/// without décisions. Checks: accords réfugié + accords protection subsidiaire + rejets = décisions
/// on each line (<c>decisions-mismatch</c>); the Total line equals the sum of the nationality lines,
/// column by column (<c>total-mismatch</c>); its délai is the décisions-weighted mean of the lines'
/// délais within 0,05 (else the warning <c>mean-mismatch</c>); the Total line itself is checked for
/// accords + rejets = décisions only when one of those columns could not be summed, since otherwise it
/// adds up exactly when every line does. A cell holding only a status marker
/// has no number: its column cannot be summed, so the Total line's figure is used for it, unchecked;
/// if the Total line has a marker there too, the figures that need the column are withheld with
/// that marker's status.
/// </summary>
internal sealed class OfpraLines(Table table, FixedHeader header, ReaderLimits limits, IssueCollector issues)
{
    public const int Nationalite = 0;
    public const int CodePays = 1;
    public const int Premieres = 2;
    public const int Reexamens = 3;
    public const int Decisions = 4;
    public const int Refugie = 5;
    public const int Subsidiaire = 6;
    public const int Rejets = 7;
    public const int Cnda = 8;
    public const int Delai = 9;

    /// <summary>The columns of F1, as docs/formats.md writes them; indexes are the constants above.</summary>
    public static readonly string[] Columns =
    [
        "Nationalité", "Code pays", "Premières demandes", "Réexamens", "Décisions", "Accords statut de réfugié",
        "Accords protection subsidiaire", "Rejets", "Annulations CNDA", "Délai moyen (jours)",
    ];

    public static readonly IndicatorId DemandesAsile = new("demandes_asile");
    public static readonly IndicatorId DecisionsOfpra = new("decisions_ofpra");
    public static readonly IndicatorId TauxProtection = new("taux_protection_global");
    public static readonly IndicatorId DelaiTraitement = new("delai_traitement_ofpra");

    /// <summary>Tolerance between the Total line's délai (rounded to one decimal) and the weighted mean.</summary>
    private const double MeanTolerance = 0.05 + 1e-9;

    /// <summary>
    /// Nationality lines remembered for <c>duplicate-row</c>: more than the world has countries, so a
    /// real file is checked whole, while a hostile one of millions of lines keeps memory bounded
    /// (its later lines still count in the sums the Total line is checked against).
    /// </summary>
    private const int MaxRemembered = 4_096;

    /// <summary>By folded Code pays (else Nationalité): the line where that nationality was first read.</summary>
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>By column: the sum over nationality lines; for <see cref="Delai"/>, the sum of délai × décisions.</summary>
    private readonly ColumnSum[] _sums = [.. Columns.Select(_ => new ColumnSum())];
    private int _lastLine;
    private TableRow? _totalRow;
    private LayoutNumber?[]? _total;

    /// <summary>Nationality lines read.</summary>
    public int Lines { get; private set; }

    /// <summary>Data lines read: the nationality lines and the Total line (not titles nor footnotes).</summary>
    public int Rows => Lines + (_totalRow is null ? 0 : 1);

    public void Read(TableRow row)
    {
        if (!header.IsUsable || row[0].TrimStart().StartsWith('('))
        {
            return;
        }

        if (_totalRow is not null)
        {
            if (row.Cells.Skip(1).Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                issues.Error(IssueCodes.RowAfterTotal, new SourceCell(row.Number, string.Empty, row.Preview(table.Separator), table.Sheet), string.Create(CultureInfo.InvariantCulture,
                    $"Ligne placée après la ligne « Total » (ligne {_totalRow.Number}) : la ligne Total est la dernière ligne de chiffres ; remontez cette ligne au-dessus du Total, ou supprimez-la. Une note de bas de tableau commence par « ( »."));
            }

            return;
        }

        var nationality = header.Cell(row, Nationalite);
        if (TotalLabels.IsSubtotal(nationality))
        {
            // One error for the line: its blank cells were each a missing value, and the Total a mismatch.
            issues.Error(IssueCodes.TotalRow, header.At(row, Nationalite),
                $"Ligne de sous-total « {nationality.Trim()} » : le format F1 n'a que la ligne « Total » finale, et ses chiffres seraient comptés deux fois. Supprimez-la.");
            return;
        }

        var isTotal = TotalLabels.IsTotal(nationality);
        if (!TableChecks.CheckRow(table, row, header.Texts, limits, issues))
        {
            MarkUnreadable(isTotal, row);
            return;
        }

        var cells = ReadCells(row);
        if (isTotal)
        {
            (_totalRow, _total) = (row, cells);
            return;
        }

        Lines++;
        _lastLine = row.Number;
        CheckRepeated(row);
        CheckDecisions(row, cells);
        Add(cells);
    }

    /// <summary>
    /// One line per nationality: a line pasted twice adds up in a Total made by a formula, and would
    /// count its demandes twice unseen. The line still counts in the sums, so that a Total that does
    /// not include it is reported too.
    /// </summary>
    private void CheckRepeated(TableRow row)
    {
        var code = header.Cell(row, CodePays).Trim();
        if (code.Length == 0 && string.IsNullOrWhiteSpace(header.Cell(row, Nationalite)))
        {
            return;
        }

        var (column, key) = code.Length > 0 ? (CodePays, "code:" + TextNormalizer.Fold(code)) : (Nationalite, "nom:" + TextNormalizer.Fold(header.Cell(row, Nationalite)));
        if (_seen.TryGetValue(key, out var first))
        {
            var name = header.Cell(row, Nationalite).Trim();
            var who = code.Length > 0 && name.Length > 0 ? $"{name} ({code})" : code.Length > 0 ? code : name;
            issues.Error(IssueCodes.DuplicateRow, header.At(row, column), string.Create(CultureInfo.InvariantCulture,
                $"La nationalité « {who} » figure déjà ligne {first} : gardez une seule ligne par nationalité (si les deux lignes comptent des demandes différentes, additionnez-les sur une ligne)."));
        }
        else if (_seen.Count < MaxRemembered)
        {
            _seen.Add(key, row.Number);
        }
    }

    /// <summary>Checks what can only be checked at the end: a nationality line and the Total line exist, the Total line adds up.</summary>
    public void Finish()
    {
        if (!header.IsUsable)
        {
            return;
        }

        if (Lines == 0)
        {
            issues.Error(IssueCodes.NoDataRows, new SourceCell(header.Row.Number, string.Empty, string.Empty, table.Sheet),
                "Aucune ligne de nationalité sous l'en-tête : ajoutez une ligne par nationalité, puis la ligne « Total ».");
        }

        if (_totalRow is null)
        {
            issues.Error(IssueCodes.MissingTotal, new SourceCell(Math.Max(_lastLine, header.Row.Number) + 1, header.Name(Nationalite), string.Empty, table.Sheet),
                "Ligne « Total » absente : ajoutez sous les lignes de nationalité une ligne dont la Nationalité est « Total » et qui donne la somme de chaque colonne ; elle sert à vérifier le fichier.");
        }
        else if (_total is not null)
        {
            CheckTotal(_totalRow, _total);
        }
    }

    /// <summary>
    /// The national figures of <paramref name="period"/>, each checked by <paramref name="checks"/>; call
    /// after <see cref="Finish"/> when no error was found. No délai when the month has no décision.
    /// </summary>
    public IReadOnlyList<Observation> Observations(Period period, SourceCell periodCell, ObservationChecks checks)
    {
        if (_totalRow is not { } row)
        {
            return [];
        }

        var decisions = Resolve(Decisions);
        var numerator = Plus(Plus(Resolve(Refugie), Resolve(Subsidiaire)), Resolve(Cnda));
        var withheldRatio = !(numerator.IsNumber && decisions.IsNumber);
        Observation?[] built =
        [
            Build(ValueOf(DemandesAsile, period, Plus(Resolve(Premieres), Resolve(Reexamens))), Source(row, periodCell, Premieres), checks),
            Build(ValueOf(DecisionsOfpra, period, decisions), Source(row, periodCell, Decisions), checks),
            Build(
                new Observation(TauxProtection, period, Territory.France, null,
                    withheldRatio ? null : numerator.Value, withheldRatio ? null : decisions.Value, Status: StatusOf(withheldRatio, numerator, decisions)),
                Source(row, periodCell, Refugie), checks),
            MeanDelai(period, decisions) is { } delai ? Build(delai, Source(row, periodCell, Delai), checks) : null,
        ];
        return [.. built.OfType<Observation>()];
    }

    private LayoutNumber?[] ReadCells(TableRow row)
    {
        var cells = new LayoutNumber?[Columns.Length];
        for (var c = Premieres; c <= Cnda; c++)
        {
            cells[c] = Read(row, c, NumberKind.Count, allowBlank: false);
        }

        cells[Delai] = Read(row, Delai, NumberKind.Duration, allowBlank: cells[Decisions] is { Value: 0 });
        return cells;
    }

    private LayoutNumber? Read(TableRow row, int column, NumberKind kind, bool allowBlank) =>
        LayoutNumber.TryRead(header.At(row, column), kind, allowBlank, issues, out var number) ? number : null;

    /// <summary>A line that failed its shape check counts for nothing: the sums it belongs to can no longer be checked.</summary>
    private void MarkUnreadable(bool isTotal, TableRow row)
    {
        if (isTotal)
        {
            _totalRow = row;
            return;
        }

        Lines++;
        _lastLine = row.Number;
        Add(new LayoutNumber?[Columns.Length]);
    }

    private void Add(LayoutNumber?[] cells)
    {
        for (var c = Premieres; c <= Cnda; c++)
        {
            _sums[c].Add(cells[c]);
        }

        var (delai, decisions) = (cells[Delai], cells[Decisions]);
        _sums[Delai].Add(delai is { Value: { } d } ? (decisions is { Value: { } w } ? new LayoutNumber(d * w, null) : decisions) : delai);
    }

    private void CheckDecisions(TableRow row, LayoutNumber?[] cells)
    {
        if (cells[Refugie]?.Value is not { } refugie || cells[Subsidiaire]?.Value is not { } subsidiaire
            || cells[Rejets]?.Value is not { } rejets || cells[Decisions]?.Value is not { } decisions
            || refugie + subsidiaire + rejets == decisions)
        {
            return;
        }

        issues.Error(IssueCodes.DecisionsMismatch, header.At(row, Decisions),
            $"{header.Name(Refugie)} ({Show(refugie)}) + {header.Name(Subsidiaire)} ({Show(subsidiaire)}) + {header.Name(Rejets)} ({Show(rejets)}) = {Show(refugie + subsidiaire + rejets)}, "
            + $"mais « {header.Name(Decisions)} » vaut {Show(decisions)} : chaque décision est un accord ou un rejet ; corrigez l'une de ces quatre colonnes.");
    }

    private void CheckTotal(TableRow row, LayoutNumber?[] total)
    {
        for (var c = Premieres; c <= Cnda; c++)
        {
            if (_sums[c].Complete && total[c]?.Value is { } found && found != _sums[c].Sum)
            {
                issues.Error(IssueCodes.TotalMismatch, header.At(row, c),
                    $"La ligne Total donne {Show(found)} dans la colonne « {header.Name(c)} », alors que la somme des lignes de nationalité fait {Show(_sums[c].Sum)} : "
                    + "corrigez la ligne Total, ou la ligne de nationalité en cause.");
            }
        }

        // When the four columns are summed from the lines, the Total line adds up if and only if every
        // line does: checking it would only repeat a line's error or a column's.
        if (!_sums[Decisions..(Rejets + 1)].All(s => s.Complete))
        {
            CheckDecisions(row, total);
        }

        if (_sums[Delai].Complete && _sums[Decisions].Complete && _sums[Decisions].Sum > 0 && total[Delai]?.Value is { } shown
            && Math.Abs((_sums[Delai].Sum / _sums[Decisions].Sum) - shown) > MeanTolerance)
        {
            issues.Warning(IssueCodes.MeanMismatch, header.At(row, Delai),
                $"La ligne Total donne un délai moyen de {header.Cell(row, Delai).Trim()} jours, alors que la moyenne des délais des nationalités pondérée par leurs décisions fait {Show(_sums[Delai].Sum / _sums[Decisions].Sum)} : "
                + "c'est cette moyenne pondérée qui est retenue ; vérifiez les délais des lignes ou celui de la ligne Total.");
        }
    }

    /// <summary>A column's national figure: the sum of the lines, else the Total line's number, else withheld with a marker's status.</summary>
    private LayoutNumber Resolve(int column) =>
        _sums[column].Complete ? new LayoutNumber(_sums[column].Sum, null)
        : _total?[column] is { IsNumber: true } shown ? shown
        : new LayoutNumber(null, _total?[column]?.Marker ?? _sums[column].Marker ?? ValueStatus.NotAvailable);

    private Observation? MeanDelai(Period period, LayoutNumber decisions)
    {
        var mean = _sums[Delai].Complete && _sums[Decisions].Complete
            ? (_sums[Decisions].Sum > 0 ? new LayoutNumber(_sums[Delai].Sum / _sums[Decisions].Sum, null) : (LayoutNumber?)null)
            : _total?[Delai] is { IsNumber: true } shown ? shown
            : new LayoutNumber(null, _total?[Delai]?.Marker ?? _sums[Delai].Marker ?? ValueStatus.NotAvailable);
        if (mean is not { } m)
        {
            return null;
        }

        var withheld = !(m.IsNumber && decisions.IsNumber);
        return new Observation(DelaiTraitement, period, Territory.France, withheld ? null : m.Value, Weight: withheld ? null : decisions.Value,
            Status: StatusOf(withheld, m, decisions));
    }

    private static Observation ValueOf(IndicatorId indicator, Period period, LayoutNumber value) =>
        new(indicator, period, Territory.France, value.Value, Status: StatusOf(!value.IsNumber, value, value));

    private static Observation? Build(Observation observation, ObservationSource source, ObservationChecks checks) =>
        checks.Check(observation, source, withheld: !observation.HasFigure) ? observation : null;

    private static ValueStatus StatusOf(bool withheld, LayoutNumber a, LayoutNumber b) =>
        withheld ? a.Marker ?? b.Marker ?? ValueStatus.NotAvailable : ValueStatus.Final;

    private static LayoutNumber Plus(LayoutNumber a, LayoutNumber b) =>
        a.IsNumber && b.IsNumber ? new LayoutNumber(a.Value + b.Value, null) : new LayoutNumber(null, a.Marker ?? b.Marker);

    /// <summary>The observation's parts are the Total line's cells; the period is the title's month.</summary>
    private ObservationSource Source(TableRow total, SourceCell periodCell, int column)
    {
        var line = new SourceCell(total.Number, string.Empty, string.Empty, table.Sheet);
        var decisions = header.At(total, Decisions);
        return new ObservationSource(line, periodCell, line, header.At(total, column), header.At(total, column), decisions, decisions, line);
    }

    private static string Show(double value) => LayoutNumber.Show(value);
}
