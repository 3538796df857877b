using System.Net;
using System.Text.RegularExpressions;

namespace MissionPipeline.Tests.Text;

/// <summary>
/// The rules of French text as the French write it, checked on what a user reads (a page's text,
/// the terminal, report messages): narrow no-break spaces before <c>: ; ! ?</c>, inside « » and
/// between thousands; plural agreement after 0 and 1; « d' » before a vowel. Each finding quotes
/// its place. Shared by the unit and the integration tests (linked into both).
/// </summary>
internal static partial class FrenchTextRules
{
    /// <summary>The violations found in <paramref name="text"/>, each with a few characters around it.</summary>
    public static IReadOnlyList<string> Violations(string text)
    {
        var found = new List<string>();
        void Check(Regex rule, string what)
        {
            foreach (Match m in rule.Matches(text))
            {
                var from = Math.Max(0, m.Index - 25);
                var to = Math.Min(text.Length, m.Index + m.Length + 25);
                found.Add($"{what}: …{text[from..to].ReplaceLineEndings(" ")}…");
            }
        }

        Check(SpaceBeforePunctuation(), "espace ordinaire avant : ; ! ?");
        Check(MissingSpaceBeforePunctuation(), "pas d'espace fine avant ; ! ?");
        Check(QuoteSpacing(), "espace ordinaire ou absente dans « »");
        Check(PlainThousands(), "milliers séparés par une espace ordinaire");
        Check(SingularPlural(), "pluriel après 0 ou 1");
        Check(MissingElision(), "« de » devant une voyelle");
        return found;
    }

    /// <summary>The text a reader sees on an HTML page: text nodes only (no tags, styles or scripts), entities decoded.</summary>
    public static string PageText(string html)
    {
        var noCode = StyleOrScript().Replace(html, " ");
        return WebUtility.HtmlDecode(Tags().Replace(noCode, "\n"));
    }

    [GeneratedRegex(@"(?<=\S)[ \u00A0][:;!?](?=\s|$)")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"(?<=[\p{L}\)»])[;!?](?=[ \n]|$)")]
    private static partial Regex MissingSpaceBeforePunctuation();

    [GeneratedRegex(@"«(?!\u202F)|(?<!\u202F)»")]
    private static partial Regex QuoteSpacing();

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}[ \u00A0]\d{3}(?!\d)")]
    private static partial Regex PlainThousands();

    [GeneratedRegex(@"(?<![\d\u202F,.])\b[01] (lignes|observations|fichiers|périodes|jours|indicateurs|rejetés|intégrés|reçus|erreurs|avertissements|chiffres|manqués|atteints)\b")]
    private static partial Regex SingularPlural();

    [GeneratedRegex(@"\b[Dd]e (?=[aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊÎÔÛ])")]
    private static partial Regex MissingElision();

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();
}
