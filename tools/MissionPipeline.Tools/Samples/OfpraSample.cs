using MissionPipeline.Cli.Samples;
using System.Globalization;
using System.Text;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// Writes an F1 OFPRA monthly activity file exactly as docs/formats.md and
/// <c>examples/ofpra-activite-2009-03.csv</c> lay it out: Windows-1252, <c>;</c>, CRLF, two title lines
/// (« Mois : mars 2009 »), the header, one line per nationality, the <c>Total</c> line, a footnote.
/// Every line holds: accords réfugié + accords protection subsidiaire + rejets = décisions; the
/// <c>Total</c> line is the sum of the lines and its délai their mean weighted by décisions.
/// Thousands are separated by a space and decimals by a comma, as the agency's export does.
/// </summary>
internal static class OfpraSample
{
    private const string Header =
        "Nationalité;Code pays;Premières demandes;Réexamens;Décisions;Accords statut de réfugié;Accords protection subsidiaire;Rejets;Annulations CNDA;Délai moyen (jours)";

    private static readonly (string Name, string Code, int Weight)[] Nationalities =
    [
        ("Russie", "RU", 310), ("Sri Lanka", "LK", 265), ("République démocratique du Congo", "CD", 240), ("Kosovo", "XK", 200),
        ("Arménie", "AM", 170), ("Turquie", "TR", 160), ("Bangladesh", "BD", 140), ("Guinée", "GN", 120),
        ("Haïti", "HT", 110), ("Chine", "CN", 100), ("Mali", "ML", 90), ("Autres nationalités", "ZZ", 1_400),
    ];

    public static void Write(Stream output, Period month, SampleRandom random)
    {
        var text = new StringBuilder();
        text.Append("OFPRA - Activité mensuelle;;;;;;;;;\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Mois : {SampleText.Month(month)};;;;;;;;;\r\n");
        text.Append(Header).Append("\r\n");
        var total = new long[8];
        var weightedDelay = 0L;
        foreach (var (name, code, weight) in Nationalities)
        {
            var first = random.Around(SampleYear.Scale(weight, SampleYear.Series.Asylum, month), 15);
            var again = first * random.Between(8, 16) / 100;
            var decisions = random.Around(first + again, 10);
            var refugees = decisions * random.Between(18, 28) / 100;
            var subsidiary = decisions * random.Between(3, 7) / 100;
            var rejections = decisions - refugees - subsidiary;
            var annulled = decisions * random.Between(5, 9) / 100;
            var tenths = random.Between(800, 1_500);
            long[] numbers = [first, again, decisions, refugees, subsidiary, rejections, annulled];
            for (var i = 0; i < numbers.Length; i++)
            {
                total[i] += numbers[i];
            }

            weightedDelay += tenths * (long)decisions;
            text.Append(CultureInfo.InvariantCulture, $"{name};{code};{string.Join(';', numbers.Select(Thousands))};{Tenths(tenths)}\r\n");
        }

        var meanTenths = total[2] == 0 ? 0 : (long)Math.Round((double)weightedDelay / total[2], MidpointRounding.AwayFromZero);
        text.Append(CultureInfo.InvariantCulture, $"Total;;{string.Join(';', total.Take(7).Select(Thousands))};{Tenths(meanTenths)}\r\n");
        text.Append("(1) Hors mineurs accompagnants.;;;;;;;;;\r\n");
        text.Append("(2) Délai moyen de traitement des décisions du mois, en jours calendaires.;;;;;;;;;\r\n");
        output.Write(SampleText.Windows1252.GetBytes(text.ToString()));
    }

    /// <summary>As the agency's export writes a count: <c>1 620</c>.</summary>
    private static string Thousands(long value) => value.ToString("#,0", SampleText.SpaceThousands);

    private static string Tenths(long tenths) => (tenths / 10.0).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');
}
