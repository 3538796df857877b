using System.Text.RegularExpressions;
using MissionPipeline.Geography;
using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The département of an F2 row, from its code as a spreadsheet holds it: a number (<c>1</c>,
/// <c>1.0</c>), text (<c>01</c>, <c>2A</c>, <c>971</c>) or a territory code (<c>DEP-01</c>), read by
/// <see cref="Geography2009.TryFindDepartement"/>. A code shaped like a département's that did not
/// exist in 2009 (<c>20</c>, <c>976</c>, <c>99</c>) is <c>unknown-territory</c>; so is a région where a
/// département is expected, told by a <c>REG-xx</c> code or by a row whose name is a région's
/// (« Île-de-France » with the code <c>11</c>, which alone would read as the Aude), with a hint. A
/// blank or unreadable code is <c>invalid-territory</c>. A name that is exactly another département's
/// (accents and case aside: « Ain » with the code <c>02</c>, the Aisne) is <c>territory-name-mismatch</c>:
/// a swapped code would send the row's figures to the wrong département. Any other name is not
/// checked against the code: exports spell names in many ways.
/// </summary>
internal static partial class DcpafCode
{
    public static Departement? Read(SourceCell code, string name, Geography2009 geography, IssueCollector issues)
    {
        var text = code.Cell.Trim();
        var found = geography.TryFindDepartement(text, out var departement)
            || (Territory.TryParse(text, out var territory) && geography.TryGetDepartement(territory, out departement));
        var region = RegionNamed(name, geography) ?? (Territory.TryParse(text, out var t) && t.Kind == TerritoryKind.Region ? t : null);
        if (region is { } r)
        {
            var members = geography.Departements.Where(d => d.Region == r).Select(d => d.Territory.LocalCode);
            var regionName = geography.RegionNames.TryGetValue(r, out var n) ? n : r.Code;
            issues.Error(IssueCodes.UnknownTerritory, code,
                $"« {name} » ({text}) est une région ({regionName}), pas un département : cette feuille donne une ligne par département. "
                + $"Remplacez cette ligne par celles des départements de la région ({string.Join(", ", members)}), ou supprimez-la si ce n'est qu'un sous-total.");
            return null;
        }

        if (found)
        {
            if (DepartementNamed(name, geography) is { } named && named.Territory != departement!.Territory)
            {
                issues.Error(IssueCodes.TerritoryNameMismatch, code,
                    $"« {name.Trim()} » est le nom du département {named.Territory.LocalCode}, mais la ligne porte le code {text} ({departement.Name}) : corrigez le code ou le nom, sans quoi ses chiffres iraient à un autre département.");
                return null;
            }

            return departement;
        }

        if (text.Length == 0)
        {
            issues.Error(IssueCodes.InvalidTerritory, code,
                $"Code du département manquant{(string.IsNullOrWhiteSpace(name) ? string.Empty : $" pour « {name.Trim()} »")} : écrivez son code INSEE (01 à 95, 2A, 2B, 971 à 974).");
        }
        else if (DepartementShape().IsMatch(text))
        {
            issues.Error(IssueCodes.UnknownTerritory, code,
                $"Code département « {text} » inconnu en 2009 : la Corse s'écrit 2A (Corse-du-Sud) et 2B (Haute-Corse), et Mayotte (976) n'est un département que depuis 2011. "
                + "Écrivez le code INSEE du département : 01 à 95, 2A, 2B, 971 à 974.");
        }
        else
        {
            issues.Error(IssueCodes.InvalidTerritory, code,
                $"Code département « {text} » illisible : écrivez le code INSEE du département (01 à 95, 2A, 2B, 971 à 974), sans son nom.");
        }

        return null;
    }

    /// <summary>The département whose name is exactly <paramref name="name"/>, accents and case aside; null for any other name.</summary>
    private static Departement? DepartementNamed(string name, Geography2009 geography)
    {
        var folded = TextNormalizer.Fold(name);
        return folded.Length == 0 ? null : geography.Departements.FirstOrDefault(d => TextNormalizer.Fold(d.Name) == folded);
    }

    /// <summary>The région named <paramref name="name"/>, unless a département has that name too (Guadeloupe, La Réunion…).</summary>
    private static Territory? RegionNamed(string name, Geography2009 geography)
    {
        var folded = TextNormalizer.Fold(name);
        if (folded.Length == 0 || geography.Departements.Any(d => TextNormalizer.Fold(d.Name) == folded))
        {
            return null;
        }

        return geography.RegionNames.Where(p => TextNormalizer.Fold(p.Value) == folded).Select(p => (Territory?)p.Key).FirstOrDefault();
    }

    [GeneratedRegex(@"^(DEP-)?(\d{1,3}(\.0+)?|\d[AB])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DepartementShape();
}
