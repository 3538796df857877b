using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// F3, a Pôle emploi / Dares STMT series workbook (docs/formats.md), from <c>pole-emploi</c> only, .xls or
/// .xlsx. The <c>Descriptif</c> sheet is skipped; every other sheet is a series sheet (see
/// <see cref="StmtLayout"/>) read with <see cref="StmtSheet"/>, or, when no series header
/// followed by month rows is found among its first <see cref="StmtLayout.MaxRowsBeforeData"/> rows,
/// reported as an ignored sheet (a warning). Which columns feed which indicator and territory is
/// <see cref="StmtMap"/>; the other series columns are warnings (<c>unconfigured-series</c>) and
/// counted as ignored. A workbook none of whose columns is configured is rejected
/// (<c>no-configured-series</c>): it would be accepted with nothing in it.
/// </summary>
internal sealed class StmtReader(StmtMap? map = null) : FormatReader
{
    private static readonly AgencyId PoleEmploi = new("pole-emploi");

    private readonly StmtMap _map = map ?? StmtMap.Default;

    public override FileFormat Format => FileFormat.F3;

    public override string Description => "le classeur de séries STMT F3 (feuilles de séries mensuelles, libellés « France métro. (OEE ABC) »)";

    public override bool AcceptsFrom(AgencyId agency) => agency == PoleEmploi;

    /// <summary>A worksheet whose first rows hold a label ending with a series code in parentheses.</summary>
    public override bool Recognises(TabularFile file, ReadContext context) =>
        file.Tables.Any(t => !t.Delimited && t.Head.Any(StmtLayout.HasSeriesCode));

    public override ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var issues = new IssueCollector();
        var checks = new ObservationChecks(context, issues);
        var state = new StmtReadState(context, checks, issues);
        var ignoredSheets = 0;
        foreach (var table in file.Tables.Where(t => !t.IsEmpty && TextNormalizer.Fold(t.Sheet ?? string.Empty) != "descriptif"))
        {
            var sheet = new StmtSheet(table, _map, state, file.Date1904);
            if (!sheet.Read(cancellationToken))
            {
                ignoredSheets++;
            }

            if (state.Stopped)
            {
                break;
            }
        }

        if (state.Configured == 0 && !issues.HasErrors)
        {
            issues.Error(IssueCodes.NoConfiguredSeries, SourceCell.File,
                $"Aucune colonne du classeur n'est une série attendue : rien n'a été lu. Séries attendues (libellé et code entre parenthèses, données {StmtSeries.Cvs}) : {_map.Describe()}. Déposez le classeur de séries qui les contient.");
        }

        return issues.ToResult(FileFormat.F3, state.Observations, Ignored(state.Unconfigured, ignoredSheets), state.Rows) with { Mentioned = checks.Mentioned };
    }

    private static IgnoredItems[] Ignored(int unconfigured, int ignoredSheets) =>
    [
        .. unconfigured > 0 ? [new IgnoredItems("séries non configurées", unconfigured)] : Array.Empty<IgnoredItems>(),
        .. ignoredSheets > 0 ? [new IgnoredItems("feuilles sans séries", ignoredSheets)] : Array.Empty<IgnoredItems>(),
    ];
}

/// <summary>What the sheets of one STMT workbook share while it is read: the checks, the observations, the counts and the row limit.</summary>
internal sealed class StmtReadState(ReadContext context, ObservationChecks checks, IssueCollector issues)
{
    public ReadContext Context => context;

    public ObservationChecks Checks => checks;

    public IssueCollector Issues => issues;

    public List<Observation> Observations { get; } = [];

    /// <summary>Month rows read, over all sheets.</summary>
    public int Rows { get; private set; }

    /// <summary>Series columns read (configured), over all sheets.</summary>
    public int Configured { get; set; }

    /// <summary>Series columns left aside (not configured), over all sheets.</summary>
    public int Unconfigured { get; set; }

    /// <summary>True once <see cref="ReaderLimits.MaxRows"/> was passed: reading stops.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Counts a month row; false (and the file rejected, once) past the row limit.</summary>
    public bool Take(TableRow row, string? sheet)
    {
        if (Rows == context.Limits.MaxRows)
        {
            Stopped = true;
            issues.Stop(IssueCodes.TooManyRows, new SourceCell(row.Number, string.Empty, string.Empty, sheet),
                $"Le classeur a plus de {FrenchFormat.Count(context.Limits.MaxRows, "ligne de données", "lignes de données")} ; la lecture s'est arrêtée ici. Découpez-le en plusieurs fichiers.");
            return false;
        }

        Rows++;
        return true;
    }
}
