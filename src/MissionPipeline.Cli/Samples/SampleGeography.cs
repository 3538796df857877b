using MissionPipeline.Geography;

namespace MissionPipeline.Cli.Samples;

/// <summary>
/// Rough shapes of France for generated files: a relative weight per département (about its
/// population: Nord, Paris, Bouches-du-Rhône heaviest; 4 for the others) and its share of
/// jobseekers from outside the EU in ‰ (Île-de-France and Guyane far above the 55 ‰ default).
/// Good enough for plausible dashboards; these are not statistics.
/// </summary>
internal static class SampleGeography
{
    private static readonly Dictionary<string, (int Weight, int HuePerMille)> Known = new()
    {
        ["75"] = (22, 220), ["92"] = (16, 180), ["93"] = (15, 270), ["94"] = (13, 220), ["95"] = (12, 200),
        ["91"] = (12, 170), ["78"] = (14, 150), ["77"] = (13, 140), ["13"] = (20, 110), ["69"] = (17, 120),
        ["06"] = (11, 130), ["67"] = (11, 110), ["38"] = (12, 90), ["31"] = (12, 90), ["34"] = (10, 100),
        ["59"] = (26, 80), ["33"] = (14, 70), ["44"] = (12, 60), ["57"] = (10, 80), ["83"] = (10, 70),
        ["62"] = (15, 30), ["76"] = (12, 50), ["35"] = (10, 50), ["971"] = (4, 30), ["972"] = (4, 20),
        ["973"] = (2, 250), ["974"] = (8, 10),
    };

    /// <summary>The départements of 2009, in the geography's order.</summary>
    public static IReadOnlyList<Departement> Departements => Geography2009.Default.Departements;

    public static int Weight(Departement departement) => Known.TryGetValue(departement.Territory.LocalCode, out var k) ? k.Weight : 4;

    public static int HuePerMille(Departement departement) => Known.TryGetValue(departement.Territory.LocalCode, out var k) ? k.HuePerMille : 55;

    /// <summary>Spreads <paramref name="total"/> over <paramref name="departements"/> by their weights, one unit at a time.</summary>
    public static int[] Spread(int total, IReadOnlyList<Departement> departements, SampleRandom random)
    {
        var choice = new WeightedChoice(departements.Select(Weight));
        var counts = new int[departements.Count];
        for (var i = 0; i < total; i++)
        {
            counts[choice.Index(random.NextUInt64())]++;
        }

        return counts;
    }
}
