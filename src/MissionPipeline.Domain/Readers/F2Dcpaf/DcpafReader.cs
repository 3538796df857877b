using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// F2, the monthly workbook of the police aux frontières (docs/formats.md), sent by <c>dcpaf</c> only: the
/// sheets « Eloignements » and « Aide au séjour » (<see cref="DcpafLayout"/>), each read as
/// <see cref="DcpafSheet"/> says. Recognised when a sheet bears one of these names, or when a sheet's
/// first row is a « DCPAF - … » title: a workbook with a misnamed sheet then gets
/// <c>missing-sheet</c> rather than « format inconnu ». The two titles must give the same month
/// (<c>period-mismatch</c>); other non-empty sheets are ignored with a warning. A sheet of one of these
/// names is not read when Excel does not show it (<c>hidden-sheet</c>), nor when another sheet's name
/// differs from it only by accents, case or spaces (<c>duplicate-sheet</c>). Observations are per
/// département only: the engine computes <c>FR-MET</c>, <c>FR-DOM</c> and <c>FR</c> from them
/// (<c>national: sum_of_departements</c>), so the total rows are only checked, never stored.
/// </summary>
internal sealed class DcpafReader : FormatReader
{
    private static readonly AgencyId Dcpaf = new("dcpaf");

    public override FileFormat Format => FileFormat.F2;

    public override string Description =>
        "le classeur mensuel DCPAF F2 (feuilles « Eloignements » et « Aide au séjour », titre « DCPAF - Éloignements - mars 2009 », une ligne par département puis TOTAL MÉTROPOLE, TOTAL DOM, TOTAL FRANCE)";

    public override bool AcceptsFrom(AgencyId agency) => agency == Dcpaf;

    public override bool Recognises(TabularFile file, ReadContext context) => file.Tables.Any(t => t.Sheet is { } name
        && (DcpafLayout.All.Any(l => l.IsNamed(name))
            || (!t.IsEmpty && TextNormalizer.Fold(t.Head[0][0]).StartsWith("dcpaf", StringComparison.Ordinal))));

    public override ReadResult Read(TabularFile file, ReadContext context, CancellationToken cancellationToken)
    {
        var issues = new IssueCollector();
        var checks = new ObservationChecks(context, issues);
        var budget = new RowBudget(context.Limits, issues);
        var sheets = new List<DcpafSheet>();
        var read = new HashSet<Table>();
        foreach (var layout in DcpafLayout.All)
        {
            checks.CheckIndicator(layout.Indicator, SourceCell.File, out _);
            var named = file.Tables.Where(t => t.Sheet is { } name && layout.IsNamed(name)).ToArray();
            read.UnionWith(named);
            var readable = CheckNamedOnce(named, issues);
            foreach (var candidate in named)
            {
                readable &= TableChecks.CheckVisible(candidate, issues);
            }

            if (!readable)
            {
                continue;
            }

            var table = named.FirstOrDefault();
            if (table is null)
            {
                var found = string.Join(", ", file.Tables.Select(t => $"« {t.Sheet} »"));
                issues.Error(IssueCodes.MissingSheet, SourceCell.File,
                    $"Feuille « {layout.SheetName} » absente du classeur (feuilles trouvées : {found}) : ajoutez-la, ou renommez la feuille qui porte le titre « {layout.Title} ».");
                continue;
            }

            var sheet = DcpafSheet.Read(table, layout, context, checks, issues, budget, cancellationToken);
            sheets.Add(sheet);
        }

        var observations = Observations(sheets, checks, issues);
        var ignored = IgnoreOtherSheets(file, read, issues);
        return issues.ToResult(FileFormat.F2, observations, ignored, sheets.Sum(s => s.Rows)) with { Mentioned = checks.Mentioned };
    }

    /// <summary>
    /// Whether at most one sheet bears the layout's name; else <c>duplicate-sheet</c>, naming them: names
    /// that differ only by accents, case or spaces (« Eloignements », « Éloignements ») are the same
    /// sheet to this reader, which could only pick one of them.
    /// </summary>
    private static bool CheckNamedOnce(Table[] named, IssueCollector issues)
    {
        if (named.Length < 2)
        {
            return true;
        }

        var names = named.Select(t => $"« {t.Sheet} »").ToArray();
        issues.Error(IssueCodes.DuplicateSheet, SourceCell.File,
            $"Le classeur a {FrenchFormat.Count(named.Length, "feuille")} dont les noms ne diffèrent que par les accents, les majuscules ou les espaces ({FrenchFormat.List(names)}) : impossible de savoir laquelle lire. Gardez-en une seule (supprimez ou renommez les autres), puis déposez à nouveau le fichier.");
        return false;
    }

    /// <summary>The observations of each sheet whose title gives the same month as the first sheet's (else <c>period-mismatch</c>).</summary>
    private static List<Observation> Observations(List<DcpafSheet> sheets, ObservationChecks checks, IssueCollector issues)
    {
        var observations = new List<Observation>();
        var first = sheets.FirstOrDefault(s => s.Period is not null);
        foreach (var sheet in sheets.Where(s => s.Period is not null))
        {
            var (month, at) = sheet.Period!.Value;
            var (expected, _) = first!.Period!.Value;
            if (month != expected)
            {
                issues.Error(IssueCodes.PeriodMismatch, at,
                    $"Le titre de la feuille « {sheet.Name} » donne le mois {FrenchFormat.Period(month)}, celui de la feuille « {first.Name} » le mois {FrenchFormat.Period(expected)} : "
                    + "un classeur DCPAF couvre un seul mois ; corrigez le titre en erreur, ou déposez un classeur par mois.");
                continue;
            }

            observations.AddRange(sheet.Observations(month, at, checks));
        }

        return observations;
    }

    private static IReadOnlyList<IgnoredItems> IgnoreOtherSheets(TabularFile file, HashSet<Table> read, IssueCollector issues)
    {
        var others = file.Tables.Where(t => !t.IsEmpty && !read.Contains(t)).ToArray();
        foreach (var other in others)
        {
            issues.Warning(IssueCodes.IgnoredSheet, new SourceCell(other.Head[0].Number, string.Empty, other.Head[0].Preview(other.Separator), other.Sheet),
                $"La feuille « {other.Sheet} » n'a pas été lue : le classeur DCPAF se lit dans les feuilles « Eloignements » et « Aide au séjour ». Si elle contient des chiffres à transmettre, mettez-les dans l'une de ces feuilles.");
        }

        return others.Length > 0 ? [new IgnoredItems("feuilles autres que « Eloignements » et « Aide au séjour »", others.Length)] : [];
    }
}
