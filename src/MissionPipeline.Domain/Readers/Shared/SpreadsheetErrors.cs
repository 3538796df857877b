namespace MissionPipeline.Readers;

/// <summary>
/// The error values of a spreadsheet (<c>#DIV/0!</c>, <c>#N/A</c>, <c>#VALEUR!</c>…), in English and
/// French Excel: a formula that failed. They reach the readers as the text a CSV export writes, or
/// from an XLSX cell of type <c>e</c>, which ExcelDataReader gives as an empty cell (so that a failed
/// formula would otherwise be reported as a missing value): <see cref="CompressedContent.ScanWorkbook"/>
/// finds those, and <see cref="Workbook"/> puts their value back.
/// </summary>
internal static class SpreadsheetErrors
{
    /// <summary>Error cells kept per workbook; past this, the rest read as empty cells (and are reported as missing).</summary>
    public const int MaxKept = 10_000;

    /// <summary>
    /// What <see cref="CompressedContent.ScanWorkbook"/> keeps, among the error cells, for a formula
    /// saved without its result (<c>&lt;f&gt;</c> and no <c>&lt;v&gt;</c>: a workbook written by a
    /// script or a converter that does not calculate), which ExcelDataReader gives as an empty cell:
    /// <see cref="Workbook"/> marks it <see cref="TableRow.Uncalculated"/>, and <see cref="TableChecks"/>
    /// says to recalculate rather than that the cell is empty.
    /// </summary>
    public const string NotCalculated = "";

    private static readonly Dictionary<string, string> Meanings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["#DIV/0!"] = "une division par zéro",
        ["#N/A"] = "une valeur non disponible",
        ["#N/D"] = "une valeur non disponible",
        ["#VALUE!"] = "une donnée d'un mauvais type",
        ["#VALEUR!"] = "une donnée d'un mauvais type",
        ["#REF!"] = "une référence à une cellule supprimée",
        ["#NAME?"] = "un nom de fonction inconnu",
        ["#NOM?"] = "un nom de fonction inconnu",
        ["#NUM!"] = "un calcul impossible",
        ["#NOMBRE!"] = "un calcul impossible",
        ["#NULL!"] = "des plages sans intersection",
        ["#NUL!"] = "des plages sans intersection",
        ["#CALC!"] = "un calcul impossible",
        ["#SPILL!"] = "un résultat qui déborde sur des cellules pleines",
        ["#PROPAGATION!"] = "un résultat qui déborde sur des cellules pleines",
    };

    /// <summary>A French explanation when <paramref name="text"/> is a spreadsheet error value; null otherwise.</summary>
    public static string? Explain(string text)
    {
        var value = text.Trim();
        return Meanings.TryGetValue(value, out var meaning)
            ? $"La cellule contient l'erreur « {value} » d'un tableur ({meaning}) : la formule qui la calcule a échoué. Corrigez la formule, ou saisissez le chiffre lui-même, puis déposez à nouveau le fichier."
            : null;
    }
}
