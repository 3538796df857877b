using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace MissionPipeline.Readers;

/// <summary>
/// The error values of a spreadsheet (<c>#DIV/0!</c>, <c>#N/A</c>, <c>#VALEUR!</c>…), in English and
/// French Excel: a formula that failed. They reach the readers as the text a CSV export writes, or
/// from an XLSX cell of type <c>e</c>, which ExcelDataReader gives as an empty cell (so that a failed
/// formula would otherwise be reported as a missing value): <see cref="InWorkbook"/> finds those.
/// </summary>
internal static class SpreadsheetErrors
{
    /// <summary>Error cells kept per workbook; past this, the rest read as empty cells (and are reported as missing).</summary>
    public const int MaxKept = 10_000;

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

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

    /// <summary>
    /// The error cells of an XLSX, by sheet name, each at its (row, column), both 0-based, with the
    /// error as the sheet stores it. Empty for anything else (an XLS, a zip that is not a workbook):
    /// opening the workbook then says what is wrong.
    /// </summary>
    public static IReadOnlyDictionary<string, Dictionary<(int Row, int Column), string>> InWorkbook(ArraySegment<byte> content)
    {
        var found = new Dictionary<string, Dictionary<(int, int), string>>(StringComparer.Ordinal);
        if (content.Count < 4 || content[0] != 0x50 || content[1] != 0x4B)
        {
            return found;
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.Array!, content.Offset, content.Count, writable: false), ZipArchiveMode.Read);
            var kept = 0;
            foreach (var (name, part) in Sheets(archive))
            {
                if (archive.GetEntry(part) is { } entry && kept < MaxKept)
                {
                    var cells = ErrorCells(entry, MaxKept - kept);
                    kept += cells.Count;
                    if (cells.Count > 0)
                    {
                        found[name] = cells;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException)
        {
            found.Clear();
        }

        return found;
    }

    /// <summary>Each sheet's name and zip part, from <c>xl/workbook.xml</c> and its relationships.</summary>
    private static IEnumerable<(string Name, string Part)> Sheets(ZipArchive archive)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in Elements(archive.GetEntry("xl/_rels/workbook.xml.rels"), "Relationship"))
        {
            if (element.GetAttribute("Id") is { } id && element.GetAttribute("Target") is { } target)
            {
                targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
            }
        }

        foreach (var element in Elements(archive.GetEntry("xl/workbook.xml"), "sheet"))
        {
            if (element.GetAttribute("name") is { } name && element.GetAttribute("id", Relationships) is { } id && targets.TryGetValue(id, out var part))
            {
                yield return (name, part);
            }
        }
    }

    private static IEnumerable<XmlReader> Elements(ZipArchiveEntry? entry, string localName)
    {
        if (entry is null)
        {
            yield break;
        }

        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, Settings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == localName)
            {
                yield return xml;
            }
        }
    }

    private static Dictionary<(int, int), string> ErrorCells(ZipArchiveEntry sheet, int max)
    {
        var cells = new Dictionary<(int, int), string>();
        (int Row, int Column)? error = null;
        using var stream = sheet.Open();
        using var xml = XmlReader.Create(stream, Settings);
        while (cells.Count < max && xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "c")
            {
                error = xml.GetAttribute("t") == "e" && xml.GetAttribute("r") is { } reference && Position(reference) is { } at ? at : null;
            }
            else if (xml.LocalName == "v" && error is { } at)
            {
                cells[at] = xml.ReadElementContentAsString();
                error = null;
            }
        }

        return cells;
    }

    /// <summary><c>C5</c> → (4, 2); null when unreadable.</summary>
    private static (int Row, int Column)? Position(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && i < 3 && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return column > 0 && int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0
            ? (row - 1, column - 1)
            : null;
    }

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };
}
