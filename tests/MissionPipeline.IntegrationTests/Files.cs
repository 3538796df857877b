using System.Globalization;
using System.Text;

namespace MissionPipeline.IntegrationTests;

/// <summary>Agency files for the tests: the examples under tests/data, and F0 files built inline.</summary>
internal static class Files
{
    public static byte[] Example(string name) => File.ReadAllBytes(Repo.Data("examples", name));

    public static byte[] F0(string body) => Encoding.UTF8.GetBytes(body.ReplaceLineEndings("\n"));

    /// <summary>An F0 file of retours_aides for every département of 2009 over <paramref name="months"/> months of 2009: 100 × months observations.</summary>
    public static byte[] RetoursAidesByDepartement(int months, int valueSeed = 7)
    {
        var text = new StringBuilder("indicateur;periode;territoire;valeur\n");
        foreach (var departement in Geography.Geography2009.Default.Departements)
        {
            for (var m = 1; m <= months; m++)
            {
                var value = (departement.Territory.Code.Sum(c => c) % 40) + m + valueSeed;
                text.Append(CultureInfo.InvariantCulture, $"retours_aides;2009-{m:D2};{departement.Territory.Code};{value}\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
