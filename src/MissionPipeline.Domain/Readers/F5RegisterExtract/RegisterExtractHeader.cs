using MissionPipeline.Periods;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The header of an F5 register extract: which column holds what. Names are matched without regard to
/// case, accents or surrounding spaces, in any order. <c>sexe</c> and <c>tranche_age</c> are listed by
/// docs/formats.md but never read (personal data the indicator does not need): a file without them is
/// welcome. Any other named column is an error, as in F0; a column without a name (a trailing
/// separator) is allowed as long as its cells are blank.
/// </summary>
internal sealed class RegisterExtractHeader
{
    /// <summary>The columns of docs/formats.md, in its order; the first five are required.</summary>
    public static readonly string[] Names = ["mois", "identifiant", "categorie", "nationalite", "departement", "sexe", "tranche_age"];

    private const int Required = 5;

    private RegisterExtractHeader(IReadOnlyList<string> texts, int[] indexes, int[] unnamed, bool usable)
    {
        Texts = texts;
        Month = indexes[0];
        Identifier = indexes[1];
        Category = indexes[2];
        Nationality = indexes[3];
        Departement = indexes[4];
        Unnamed = unnamed;
        IsUsable = usable;
    }

    /// <summary>The header cells as written; their count is the number of cells every line must have.</summary>
    public IReadOnlyList<string> Texts { get; }

    public int Month { get; }

    public int Identifier { get; }

    public int Category { get; }

    public int Nationality { get; }

    public int Departement { get; }

    /// <summary>Columns without a name, whose cells must stay blank.</summary>
    public int[] Unnamed { get; }

    /// <summary>False when a required column is missing or named twice: the rows cannot be read.</summary>
    public bool IsUsable { get; }

    /// <summary>The header of a register extract: it names both <c>identifiant</c> and <c>nationalite</c>.</summary>
    public static bool Looks(IEnumerable<string> cells)
    {
        var folded = cells.Select(TextNormalizer.Fold).ToArray();
        return folded.Contains("identifiant", StringComparer.Ordinal) && folded.Contains("nationalite", StringComparer.Ordinal);
    }

    /// <summary>
    /// A first line that is already a jobseeker (a month, a category, a nationality): the header was
    /// forgotten. Recognised so that the report says so without quoting the line, which is personal data.
    /// </summary>
    public static bool LooksLikeData(IReadOnlyList<string> cells) =>
        cells.Count is >= 5 and <= 8
        && Period.TryParse(cells[0], out var month) && month.Kind == PeriodKind.Month
        && cells.Any(c => c.Trim() is "A" or "B" or "C" or "D" or "E")
        && cells.Any(c => c.Trim() is "FR" or "UE" or "HUE");

    /// <summary>The error for a file whose first line is data (<see cref="LooksLikeData"/>).</summary>
    public static ValidationIssue Missing(int row) => new SourceCell(row, string.Empty, string.Empty).Issue(IssueCodes.MissingHeader,
        $"Ligne d'en-tête absente : un extrait F5 commence par la ligne {string.Join(";", Names)}. Ajoutez-la en première ligne. (La première ligne du fichier n'est pas recopiée ici : elle contient des données personnelles.)");

    /// <summary>
    /// Maps the header at <paramref name="row"/>, reporting missing, duplicate and unknown columns; a
    /// header of more than <see cref="DelimitedText.MaxCellsPerRow"/> cells (<paramref name="cellCount"/>,
    /// of which <paramref name="cells"/> are the kept ones) is reported as such, and only that.
    /// </summary>
    public static RegisterExtractHeader Read(IReadOnlyList<string> cells, int cellCount, int row, string? sheet, IssueCollector issues)
    {
        // A column not of F5 is an error, yet the rows are still checked (their errors help); a
        // required column missing or named twice makes them unreadable.
        var match = HeaderMatcher.Match(cells, cellCount, row, sheet, Spec, issues);
        return new RegisterExtractHeader(cells, match.Index, match.Unnamed, usable: !match.TooWide && !match.DuplicateRequired && !match.MissingRequired);
    }

    private static readonly HeaderSpec Spec = new(Names, Required, "d'un extrait F5");
}
