using MissionPipeline.Cli.Samples;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// The F0 files of a generated year, agency by agency: every indicator of the catalogue that an
/// agency reports and that no other generated format carries, with the shape and periodicity the
/// catalogue gives it (monthly sums and stocks, quarterly ratios and means, yearly figures,
/// milestones on their day). Levels are chosen so that the dashboard tells a plausible story (some
/// targets achieved, some missed); national figures equal the sum of the départements or régions
/// given with them.
/// </summary>
internal static class CanonicalSamples
{
    private static readonly int[] StudentsByMonth = [3000, 2800, 3000, 3200, 3000, 2500, 2000, 1500, 13000, 9000, 4000, 3000];

    internal static readonly Dictionary<string, int> AsylumByCountry = new()
    {
        ["FR"] = 3500, ["DE"] = 2300, ["UK"] = 2600, ["IT"] = 1500, ["SE"] = 2000, ["BE"] = 1500, ["NL"] = 1200,
        ["AT"] = 1300, ["EL"] = 1300, ["PL"] = 900, ["ES"] = 250, ["DK"] = 300, ["FI"] = 500, ["IE"] = 250,
    };

    private static readonly Dictionary<string, int> ForeignersByRegion = new()
    {
        ["11"] = 400, ["82"] = 110, ["93"] = 100, ["42"] = 45, ["41"] = 35, ["73"] = 25, ["24"] = 20, ["31"] = 20,
        ["72"] = 20, ["91"] = 20, ["22"] = 15, ["52"] = 15, ["26"] = 12, ["43"] = 12,
    };

    public static CanonicalSampleFile Ofii(Period month, SampleRandom random)
    {
        var file = new CanonicalSampleFile();
        var metropolitan = SampleGeography.Departements.Where(d => d.Metropolitan).ToArray();
        var returns = SampleGeography.Spread(random.Around(SampleYear.Scale(650, SampleYear.Series.AssistedReturns, month), 15), metropolitan, random);
        for (var i = 0; i < metropolitan.Length; i++)
        {
            file.Value("retours_aides", month, metropolitan[i].Territory.Code, returns[i]);
        }

        // From 2010 the budget's definition: CAI signatories trained in French, of whom far fewer pass.
        var candidates = month.Year <= SampleYear.Reference ? random.Around(1550, 10) : random.Around(2400, 10);
        file.Ratio("dilf_taux_reussite", month, "FR", candidates * (month.Year <= SampleYear.Reference ? random.Between(880, 940) : random.Between(560, 680)) / 1000, candidates);
        file.Value("cai_bilans_competences", month, "FR", random.Around(SampleYear.Scale(5100, SampleYear.Series.Integration, month), 10));
        return file;
    }

    public static CanonicalSampleFile Dgt(Period month, SampleRandom random)
    {
        var file = new CanonicalSampleFile();
        file.Value("operations_travail_illegal", month, "FR", Operations(month, random));
        return file;
    }

    /// <summary>The month's joint operations against illegal work, as DGT's file of that month gives them.</summary>
    public static int Operations(Period month, SampleRandom random) => random.Around(SampleYear.Scale(130, SampleYear.Series.Operations, month), 20);

    /// <summary>
    /// DGT's correction of a month, sent later: the operations of <paramref name="month"/> that its
    /// first file (drawn again from <paramref name="first"/>, that file's generator) under-counted.
    /// </summary>
    public static CanonicalSampleFile DgtCorrection(Period month, SampleRandom first)
    {
        var file = new CanonicalSampleFile();
        file.Value("operations_travail_illegal", month, "FR", Operations(month, first) + 27);
        return file;
    }

    public static CanonicalSampleFile Dsed(Period month, SampleRandom random)
    {
        var file = new CanonicalSampleFile();
        file.Value("etudiants_etrangers", month, "FR", random.Around(SampleYear.Scale(StudentsByMonth[month.Index - 1], SampleYear.Series.Students, month), 5));
        file.Value("acquisitions_nationalite", month, "FR", random.Around(SampleYear.Scale(9000, SampleYear.Series.Naturalisations, month), 10));
        if (month.Index % 3 == 0)
        {
            var quarter = Period.OfQuarter(month.Year, month.Index / 3);
            var students = random.Around(12000, 10);
            file.Ratio("part_etudiants_disciplines_prioritaires", quarter, "FR", students * random.Between(660, 740) / 1000, students);
            var permits = random.Around(45000, 10);
            file.Ratio("part_immigration_professionnelle", quarter, "FR", permits * random.Between(120, 180) / 1000, permits);
            Naturalisation(file, quarter, random);
            file.Value("accords_gestion_concertee", Period.OfDay(month.End), "FR", SampleYear.Agreements(month.Year, month.Index / 3));
        }

        // The letter's milestones were met once, in 2009.
        DateOnly? milestone = month.Year != SampleYear.Reference ? null : month.Index switch
        {
            6 => new DateOnly(month.Year, 6, 12),
            10 => new DateOnly(month.Year, 10, 20),
            11 => new DateOnly(month.Year, 11, 26),
            _ => null,
        };
        if (milestone is { } day)
        {
            file.Milestone(month.Index switch { 6 => "comite_interministeriel_integration", 10 => "statistiques_immigration", _ => "convention_pole_emploi_ofii" }, day);
        }

        return file;
    }

    public static CanonicalSampleFile Afnor(Period month, SampleRandom random)
    {
        var file = new CanonicalSampleFile();
        // The label began in 2009; in 2010 more companies join, more slowly.
        var labelled = month.Year <= SampleYear.Reference ? 8 + ((month.Index - 1) * 10) : 118 + ((month.Index - 1) * 4);
        file.Value("entreprises_label_diversite", month, "FR", labelled + random.Between(0, 3));
        return file;
    }

    public static CanonicalSampleFile PoleEmploi(Period month, SampleRandom random)
    {
        var file = new CanonicalSampleFile();
        // The month's first estimate: the STMT workbooks later revise it by a few hundred.
        file.Value("demandeurs_emploi_etrangers_hors_ue_cvs", month, "FR-MET", JobseekerSeries.Level(month) + random.Between(-1_200, 1_200));
        file.Value("offres_emploi_enregistrees", month, "FR-MET", random.Around(250_000, 8));
        file.Value("offres_emploi_enregistrees", month, "FR-DOM", random.Around(6_000, 10));
        return file;
    }

    /// <summary>INSEE's yearly figures: the unemployment rate of non-EU foreigners, and the foreign population per région and in all.</summary>
    public static CanonicalSampleFile Insee(int year, SampleRandom random)
    {
        var file = new CanonicalSampleFile();
        var period = Period.OfYear(year);
        file.Value("taux_chomage_etrangers_hors_ue", period, "FR-MET", random.Between(230, 250) / 1000.0);
        var regions = Geography2009.Default.Regions;
        var weights = regions.Select(r => ForeignersByRegion.GetValueOrDefault(r.LocalCode, 5)).ToArray();
        var total = 0L;
        for (var i = 0; i < regions.Count; i++)
        {
            var population = random.Around(3_700_000 * weights[i] / weights.Sum(), 3);
            file.Value("population_etrangere", period, regions[i].Code, population);
            total += population;
        }

        file.Value("population_etrangere", period, "FR", total);
        return file;
    }

    /// <summary>The mean time to naturalisation (months) per département, weighted by decisions, and France's mean of them.</summary>
    private static void Naturalisation(CanonicalSampleFile file, Period quarter, SampleRandom random)
    {
        var longest = 15 - quarter.Index;
        double months = 0;
        long decisions = 0;
        foreach (var departement in SampleGeography.Departements)
        {
            var mean = random.Between(50, longest * 10) / 10.0;
            var weight = random.Around(30 * SampleGeography.Weight(departement), 30) + 1;
            file.Mean("delai_naturalisation", quarter, departement.Territory.Code, mean, weight);
            months += mean * weight;
            decisions += weight;
        }

        file.Mean("delai_naturalisation", quarter, "FR", Math.Round(months / decisions, 1), decisions);
    }
}
