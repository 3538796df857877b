using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// One of the two sheets of F2 (docs/formats.md): its name (matched whatever the case, accents and
/// spaces: « ELOIGNEMENTS », « Aide au sejour », « AideAuSéjour »), its columns, the indicator it
/// reports per département (the cell of <see cref="ValueColumn"/>) and the check each département
/// row must pass. <see cref="Title"/> is the title of the example workbook, quoted in messages.
/// Columns 0 and 1 are always the département's name and code; the others are counts.
/// </summary>
internal sealed record DcpafLayout(string SheetName, string Title, string[] Columns, IndicatorId Indicator, int ValueColumn, Func<DcpafRow, FixedHeader, IssueCollector, bool> CheckRow)
{
    public const int Name = 0;
    public const int Code = 1;

    /// <summary>Éloignements: the four kinds executed add up to « Total exécutés », the value reported.</summary>
    public static DcpafLayout Eloignements { get; } = new(
        "Eloignements",
        "DCPAF - Éloignements - mars 2009",
        ["Département", "Code", "APRF exécutés", "OQTF exécutées", "Réadmissions", "ITF exécutées", "Total exécutés"],
        new IndicatorId("eloignements_forces"),
        6,
        CheckExecutes);

    /// <summary>Aide au séjour: « Personnes interpellées » is the value reported; « dont passeurs » is part of it.</summary>
    public static DcpafLayout AideAuSejour { get; } = new(
        "Aide au séjour",
        "DCPAF - Aide à l'entrée et au séjour irréguliers - mars 2009",
        ["Département", "Code", "Personnes interpellées", "dont passeurs", "Filières démantelées"],
        new IndicatorId("interpellations_aide_sejour"),
        2,
        CheckPasseurs);

    public static IReadOnlyList<DcpafLayout> All { get; } = [Eloignements, AideAuSejour];

    /// <summary>True when <paramref name="sheet"/> is this sheet's name, whatever the case, accents and spaces.</summary>
    public bool IsNamed(string sheet) => Key(sheet) == Key(SheetName);

    private static string Key(string name) => TextNormalizer.Fold(name).Replace(" ", string.Empty, StringComparison.Ordinal);

    private static bool CheckExecutes(DcpafRow row, FixedHeader header, IssueCollector issues)
    {
        var parts = row.Numbers[2..6];
        if (parts.Any(p => p?.Value is null) || row.Numbers[6]?.Value is not { } total)
        {
            return true;
        }

        var sum = parts.Sum(p => p!.Value.Value!.Value);
        if (sum == total)
        {
            return true;
        }

        issues.Error(IssueCodes.RowTotalMismatch, header.At(row.Row, 6),
            $"{string.Join(" + ", Enumerable.Range(2, 4).Select(header.Name))} = {LayoutNumber.Show(sum)}, mais « {header.Name(6)} » vaut {LayoutNumber.Show(total)} : "
            + "corrigez le total de la ligne, ou l'une des quatre colonnes.");
        return false;
    }

    private static bool CheckPasseurs(DcpafRow row, FixedHeader header, IssueCollector issues)
    {
        if (row.Numbers[2]?.Value is not { } interpelles || row.Numbers[3]?.Value is not { } passeurs || passeurs <= interpelles)
        {
            return true;
        }

        issues.Error(IssueCodes.PartAboveWhole, header.At(row.Row, 3),
            $"« {header.Name(3)} » ({LayoutNumber.Show(passeurs)}) dépasse « {header.Name(2)} » ({LayoutNumber.Show(interpelles)}) : les passeurs sont comptés parmi les personnes interpellées ; corrigez l'une des deux colonnes.");
        return false;
    }
}

/// <summary>
/// A row of an F2 sheet under its header, as read: its département (null when the code is not one of
/// 2009, or on a total row) and its numbers by column (null where the cell had an error; the name and
/// code columns are always null). <see cref="Ok"/>: the row was read without error.
/// </summary>
internal sealed record DcpafRow(TableRow Row, Departement? Departement, LayoutNumber?[] Numbers, bool Ok);
