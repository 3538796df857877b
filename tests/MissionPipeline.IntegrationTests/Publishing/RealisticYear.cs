using System.Globalization;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.IntegrationTests.Publishing;

/// <summary>
/// A generated year (2008 for comparisons, then 2009) of every agency's figures, shaped on the
/// published 2009 outcomes: some objectives met, some missed, one indicator with no data at all
/// (OFPRA's decisions never arrive), one milestone done late and one never reported, small
/// département cells, provisional last months, late uploads. Fixed seed: the same every run.
/// </summary>
internal sealed class RealisticYear
{
    private static readonly string[] Departements = ["DEP-75", "DEP-93", "DEP-13", "DEP-69", "DEP-59", "DEP-33", "DEP-67", "DEP-31", "DEP-06", "DEP-48", "DEP-2A", "DEP-971", "DEP-973", "DEP-974"];
    private readonly Random _random = new(20091231);
    private readonly List<SourcedObservation> _observations = [];
    private readonly List<IngestionSummary> _ingestions = [];
    private readonly HashSet<string> _ingestIds = [];

    public static RecomputeInput Input(DateOnly asOf)
    {
        var year = new RealisticYear();
        year.Generate();
        return new RecomputeInput(asOf, IndicatorCatalogue.Default, year._observations, year._ingestions);
    }

    private void Generate()
    {
        foreach (var y in new[] { 2008, 2009 })
        {
            Monthly(y, "eloignements_forces", 1700, Departements, metro: 0.97);
            Monthly(y, "retours_aides", y == 2008 ? 830 : 900, Departements, metro: 1);
            Monthly(y, "interpellations_aide_sejour", y == 2008 ? 358 : 392, Departements, metro: 0.95);
            Monthly(y, "operations_travail_illegal", y == 2008 ? 102 : 131, ["FR"]);
            Monthly(y, "etudiants_etrangers", 4600, ["FR"]);
            Monthly(y, "demandes_asile", y == 2008 ? 3500 : 3970, ["FR"]);
            Monthly(y, "acquisitions_nationalite", 9000, ["FR"]);
            Monthly(y, "cai_bilans_competences", 4650, Departements, metro: 0.97);
            Monthly(y, "offres_emploi_enregistrees", 280_000, ["FR-MET"]);
            Monthly(y, "offres_emploi_enregistrees", 9_000, ["FR-DOM"]);
            Stock(y, "demandeurs_emploi_etrangers_hors_ue", y == 2008 ? 9000 : 9800, Departements);
            Stock(y, "demandeurs_emploi_etrangers_hors_ue_cvs", y == 2008 ? 160_000 : 172_000, ["FR-MET"]);
            Ratios(y, "dilf_taux_reussite", 0.925, 900, Departements, Periodicity.Monthly);
            Ratios(y, "taux_protection_global", y == 2008 ? 0.36 : 0.357, 3300, ["FR"], Periodicity.Monthly);
            Ratios(y, "part_etudiants_disciplines_prioritaires", 0.66, 12_000, ["FR"], Periodicity.Quarterly);
            Ratios(y, "part_immigration_professionnelle", y == 2008 ? 0.20 : 0.24, 30_000, ["FR"], Periodicity.Quarterly);
            Weighted(y, "delai_traitement_ofpra", y == 2008 ? 110 : 118, 3300, ["FR"], Periodicity.Monthly);
            Weighted(y, "delai_naturalisation", y == 2008 ? 11 : 10.4, 8000, Departements, Periodicity.Quarterly);
        }

        Add("insee", "taux_chomage_etrangers_hors_ue", "2009", "FR-MET", 0.245, Due("2009", 0));
        Add("insee", "population_etrangere", "2009", "FR", 3_700_000, Due("2009", 0));
        foreach (var (region, value) in new[] { ("REG-11", 1_450_000.0), ("REG-82", 430_000.0), ("REG-93", 390_000.0), ("REG-42", 150_000.0) })
        {
            Add("insee", "population_etrangere", "2009", region, value, Due("2009", 0));
        }

        foreach (var (country, value) in new[] { ("FR", 47_625.0), ("DE", 33_035.0), ("UK", 30_675.0), ("SE", 24_260.0), ("IT", 17_640.0), ("BE", 22_785.0), ("EU27_2020", 266_000.0) })
        {
            Add("eurostat", "demandes_asile_ue", "2009", country, value, Due("2009", 40));
        }

        for (var m = 1; m <= 12; m++)
        {
            Add("afnor", "entreprises_label_diversite", Month(2009, m), "FR", 12 * m + 4, Due(Month(2009, m), 12));
        }

        Add("dsed", "comite_interministeriel_integration", "2009-09-14", "FR", 1, Due("2009-09-14", 3)); // late: due 2009-07-31
        Add("dsed", "convention_pole_emploi_ofii", "2009-11-20", "FR", 1, Due("2009-11-20", 5));
        Add("dsed", "statistiques_immigration", "2009-12-10", "FR", 1, Due("2009-12-10", 2));
        foreach (var (date, count) in new[] { ("2009-02-10", 11.0), ("2009-06-20", 12.0), ("2009-11-05", 13.0) })
        {
            Add("dsed", "accords_gestion_concertee", date, "FR", count, Due(date, 4));
        }
    }

    private void Monthly(int year, string id, double perMonth, string[] territories, double metro = 1)
    {
        for (var m = 1; m <= 12; m++)
        {
            foreach (var t in territories)
            {
                var share = territories.Length == 1 ? 1 : Share(t, territories, metro);
                var value = Math.Round(perMonth * share * (0.85 + (0.3 * _random.NextDouble())));
                Add(Agency(id), id, Month(year, m), t, t == "DEP-48" ? _random.Next(0, 4) : value, Due(Month(year, m), _random.Next(5, 30)), m == 12 && year == 2009);
            }
        }
    }

    private void Stock(int year, string id, double level, string[] territories)
    {
        for (var m = 1; m <= 12; m++)
        {
            foreach (var t in territories)
            {
                var share = territories.Length == 1 ? 1 : Share(t, territories, 1);
                Add(Agency(id), id, Month(year, m), t, Math.Round(level * share * (1 + (0.01 * m))), Due(Month(year, m), _random.Next(10, 35)));
            }
        }
    }

    private void Ratios(int year, string id, double rate, double denominator, string[] territories, Periodicity periodicity)
    {
        foreach (var period in Periods(year, periodicity))
        {
            foreach (var t in territories)
            {
                var d = Math.Round(denominator / territories.Length * (0.8 + (0.4 * _random.NextDouble())));
                var n = Math.Round(d * Math.Min(1, rate + (0.04 * (_random.NextDouble() - 0.5))));
                var o = new Observation(new IndicatorId(id), Period.Parse(period), Parse(t), null, n, d);
                Record(Agency(id), o, Due(period, _random.Next(5, 50)));
            }
        }
    }

    private void Weighted(int year, string id, double mean, double weight, string[] territories, Periodicity periodicity)
    {
        foreach (var period in Periods(year, periodicity))
        {
            foreach (var t in territories)
            {
                var value = Math.Round(mean * (t is "DEP-93" or "DEP-13" ? 1.35 : 0.8 + (0.3 * _random.NextDouble())), 1);
                var o = new Observation(new IndicatorId(id), Period.Parse(period), Parse(t), value, Weight: Math.Round(weight / territories.Length));
                Record(Agency(id), o, Due(period, _random.Next(5, 50)));
            }
        }
    }

    private void Add(string agency, string id, string period, string territory, double value, DateTimeOffset received, bool provisional = false) =>
        Record(agency, new Observation(new IndicatorId(id), Period.Parse(period), Parse(territory), value, Status: provisional ? ValueStatus.Provisional : ValueStatus.Final), received);

    /// <summary>One file per agency, indicator and period, committed when it arrives.</summary>
    private void Record(string agency, Observation observation, DateTimeOffset received)
    {
        var ingest = $"{agency}-{observation.Indicator.Value}-{observation.Period}".Replace('_', '-');
        _observations.Add(new SourcedObservation(observation, new AgencyId(agency), ingest, received));
        if (_ingestIds.Add(ingest))
        {
            _ingestions.Add(new IngestionSummary(new AgencyId(agency), ingest, ingest + ".csv", received, IngestionStatus.Committed, [observation.Indicator]));
        }
    }

    private static double Share(string territory, string[] territories, double metro)
    {
        var overseas = territories.Count(t => t.StartsWith("DEP-97", StringComparison.Ordinal));
        return territory.StartsWith("DEP-97", StringComparison.Ordinal) ? (1 - metro) / Math.Max(1, overseas) : metro / (territories.Length - overseas);
    }

    private static IEnumerable<string> Periods(int year, Periodicity periodicity) => periodicity == Periodicity.Quarterly
        ? Enumerable.Range(1, 4).Select(q => string.Create(CultureInfo.InvariantCulture, $"{year}-T{q}"))
        : Enumerable.Range(1, 12).Select(m => Month(year, m));

    private static string Month(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year}-{month:D2}");

    private static DateTimeOffset Due(string period, int days) =>
        new DateTimeOffset(Period.Parse(period).End.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero).AddDays(days);

    private static string Agency(string id) => IndicatorCatalogue.Default[new IndicatorId(id)].Sources[0].Value;

    private static Territory Parse(string code) => Territory.TryParse(code, out var t) ? t : throw new ArgumentException(code, nameof(code));
}
