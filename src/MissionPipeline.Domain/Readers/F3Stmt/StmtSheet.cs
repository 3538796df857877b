using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// One series sheet of a STMT workbook (F3): finds its <see cref="StmtLayout"/>, matches its series
/// columns against the <see cref="StmtMap"/>, then makes one observation per month row and
/// configured column. A row whose month cell is not a month is a footnote when every other cell is
/// blank, else an <c>invalid-period</c> error. A cell holding only a status marker (<c>p</c>, <c>e</c>,
/// <c>s</c>, <c>nd</c>) gives an observation without a number. Blank cells before a series' first
/// value (a series that starts later) and after its last (months not yet published) are no error;
/// a blank between two values is <c>missing-value</c>. Month rows follow one another, one month per
/// row, oldest first (<c>month-out-of-sequence</c>). A series sheet Excel does not show is refused
/// (<c>hidden-sheet</c>), not read.
/// </summary>
internal sealed class StmtSheet(Table table, StmtMap map, StmtReadState state, bool date1904)
{
    private readonly IssueCollector _issues = state.Issues;
    private readonly ObservationChecks _checks = state.Checks;

    /// <summary>The month of the last month row, and the month it should have been when it was out of sequence (else null).</summary>
    private Period? _lastMonth;
    private Period? _expectedMonth;

    /// <summary>Whether the current row's month passed <see cref="ObservationChecks.CheckPeriod"/>; checked once, at its first value.</summary>
    private bool? _periodOk;

    /// <summary>Reads the sheet; false when it is not a series sheet (reported as ignored).</summary>
    public bool Read(CancellationToken cancellationToken)
    {
        using var rows = table.Rows().GetEnumerator();
        var before = new List<TableRow>();
        StmtLayout? layout = null;
        while (before.Count < StmtLayout.MaxRowsBeforeData && rows.MoveNext())
        {
            layout = StmtLayout.Find(before, rows.Current, date1904);
            if (layout is not null)
            {
                break;
            }

            before.Add(rows.Current);
        }

        if (layout is null)
        {
            var first = table.Head[0];
            _issues.Warning(IssueCodes.IgnoredSheet, new SourceCell(first.Number, string.Empty, first.Preview(table.Separator), table.Sheet),
                $"La feuille « {table.Sheet} » n'a pas été lue : elle n'a pas d'en-tête de séries (libellés terminés par un code entre parenthèses, par exemple « France métro. (OEE ABC) ») suivi de lignes de mois. Si elle contient des séries à transmettre, donnez-lui cette présentation.");
            return false;
        }

        if (!TableChecks.CheckVisible(table, _issues))
        {
            return true;
        }

        var series = Configure(layout);
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadRow(layout, series, rows.Current);
        }
        while (!state.Stopped && rows.MoveNext());

        return true;
    }

    /// <summary>The configured series columns; the others reported as unconfigured.</summary>
    private List<SeriesColumn> Configure(StmtLayout layout)
    {
        var configured = new List<SeriesColumn>();
        var metadataReported = false;
        foreach (var column in layout.Columns)
        {
            var at = new SourceCell(column.HeaderRow, column.Header, column.Header, table.Sheet) { ColumnIndex = column.Index };
            var entry = map.Find(column.Label, column.Code);
            if (entry is null)
            {
                Unconfigured(at, "elle ne fait pas partie des séries attendues");
            }
            else if (layout.Data is null)
            {
                if (!metadataReported)
                {
                    MissingData(layout, entry);
                }

                metadataReported = true;
            }
            else if (!StmtMap.Applies(entry, layout.Data))
            {
                Unconfigured(at, $"elle n'est lue qu'en données {entry.Data}, et la feuille annonce des données « {layout.Data} »");
            }
            else if (_checks.CheckIndicator(entry.Indicator, at, out var indicator) & _checks.CheckTerritory(entry.Territory, at))
            {
                state.Configured++;
                configured.Add(new SeriesColumn(column, entry, indicator!));
            }
        }

        return configured;
    }

    private void Unconfigured(SourceCell at, string why)
    {
        state.Unconfigured++;
        _issues.Warning(IssueCodes.UnconfiguredSeries, at,
            $"Colonne « {at.Cell} » non lue : {why}. Séries lues : {map.Describe()}. Rien à corriger si cette série n'est pas destinée au tableau de bord.");
    }

    /// <summary>The sheet does not say which data it holds: CVS-CJO figures cannot be told from raw ones.</summary>
    private void MissingData(StmtLayout layout, StmtSeries entry) =>
        _issues.Error(IssueCodes.MissingSeriesMetadata, new SourceCell(layout.HeaderStart.Number, "Données", string.Empty, table.Sheet),
            $"La feuille « {table.Sheet} » ne dit pas quelles données elle contient : ajoutez au-dessus de l'en-tête la ligne « Données » suivie de {entry.Data} (ou Brutes), comme dans les séries publiées.");

    private void ReadRow(StmtLayout layout, List<SeriesColumn> series, TableRow row)
    {
        var monthText = row[layout.MonthColumn];
        var periodAt = row.At(layout.MonthColumn, layout.MonthHeader, table.Sheet);
        var isMonth = StmtLayout.TryReadMonth(monthText, date1904, out var month);
        if (!isMonth && row.Cells.Where((c, i) => i != layout.MonthColumn).All(string.IsNullOrWhiteSpace))
        {
            return;
        }

        if (!state.Take(row, table.Sheet))
        {
            return;
        }

        if (!isMonth)
        {
            _issues.Error(IssueCodes.InvalidPeriod, periodAt,
                $"{(string.IsNullOrWhiteSpace(monthText) ? "Mois manquant" : $"Mois « {monthText} » illisible")} dans la colonne « {layout.MonthHeader} » : saisissez le mois comme une date Excel (par exemple 01/01/2009, affichée janv.-09) ou écrivez 2009-01.");
            return;
        }

        if (!InSequence(month, periodAt))
        {
            return;
        }

        _periodOk = null;
        if (TableChecks.CheckRow(table, row, layout.Texts, state.Context.Limits, _issues))
        {
            foreach (var column in series)
            {
                ReadCell(column, row, month, periodAt);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="month"/> follows the previous month row's (or, after a row out of
    /// sequence, the month that row should have had): months follow one another, one per row, oldest
    /// first. Else <c>month-out-of-sequence</c>: a month typed wrong (2007-12 between 2008-01 and
    /// 2008-03), left out or repeated would put figures under another month without a word.
    /// </summary>
    private bool InSequence(Period month, SourceCell at)
    {
        var (last, expected) = (_lastMonth, _expectedMonth);
        _lastMonth = month;
        _expectedMonth = null;
        if (last is not { } previous || month == Next(previous) || (expected is { } skipped && month == Next(skipped)))
        {
            return true;
        }

        var wanted = Next(previous);
        _expectedMonth = wanted;
        _issues.Error(IssueCodes.MonthOutOfSequence, at,
            $"Mois {FrenchFormat.Period(month)} après {FrenchFormat.Period(previous)} dans la colonne « {at.Column} », où {FrenchFormat.Period(wanted)} est attendu : les lignes de mois se suivent, un mois par ligne, du plus ancien au plus récent, sans mois sauté ni répété ; sinon des chiffres seraient rangés sous un autre mois. Corrigez la date de cette ligne (ou ajoutez la ligne du mois manquant).");
        return false;
    }

    private static Period Next(Period month) => month.Index == 12 ? Period.OfMonth(month.Year + 1, 1) : Period.OfMonth(month.Year, month.Index + 1);

    private void ReadCell(SeriesColumn column, TableRow row, Period month, SourceCell periodAt)
    {
        var text = row[column.Column.Index];
        var at = row.At(column.Column.Index, column.Column.Header, table.Sheet);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (column.Started)
            {
                column.Blanks.Add(at);
            }

            return;
        }

        ReportGap(column);
        column.Started = true;
        var withheld = ValueStatuses.TryParse(text, out var status);
        double? value = null;
        if (!withheld && !_checks.TryReadNumber(text, at, out value))
        {
            return;
        }

        var observation = new Observation(column.Indicator.Id, month, column.Series.Territory, value, Status: status, Row: row.Number);
        var source = new ObservationSource(at, periodAt, at, at, at, at, at, at);
        _periodOk ??= _checks.CheckPeriod(month, periodAt);
        if (_periodOk.Value
            & _checks.CheckFigure(column.Indicator, month, Figure.Of(observation, withheld), source)
            & _checks.CheckPlace(column.Indicator, month, column.Series.Territory, source)
            & _checks.CheckUnique(observation.Key, at))
        {
            state.Observations.Add(observation);
        }
    }

    /// <summary>Blank cells between two values of a series: months left out in the middle.</summary>
    private void ReportGap(SeriesColumn column)
    {
        foreach (var blank in column.Blanks)
        {
            _issues.Error(IssueCodes.MissingValue, blank,
                $"Mois sans valeur au milieu de la série « {column.Column.Header} » : seuls les derniers mois, pas encore publiés, peuvent rester vides. Indiquez la valeur, ou nd si elle n'est pas disponible.");
        }

        column.Blanks.Clear();
    }

    /// <summary>A configured series column and where it stands: has it started, which blanks follow its last value.</summary>
    private sealed class SeriesColumn(StmtColumn column, StmtSeries series, Indicator indicator)
    {
        public StmtColumn Column => column;

        public StmtSeries Series => series;

        public Indicator Indicator => indicator;

        public bool Started { get; set; }

        public List<SourceCell> Blanks { get; } = [];
    }
}
