using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

/// <summary>
/// A published dashboard with a bit of everything: monthly flows by département with small cells
/// hidden, a ratio, a stock, a count of départements over a threshold, a done milestone, a provisional figure, a consistency warning, missing
/// data, and changes against an earlier snapshot.
/// </summary>
internal static class PublishingSamples
{
    public static SourcedObservation[] Observations() =>
    [
        .. Months("eloignements_forces", "DEP-75", 2009, 1400, Range(1, 6)),
        Value("eloignements_forces", "2009-02", "DEP-13", 3),
        .. Months("eloignements_forces", "DEP-69", 2009, 40, Range(1, 6)),
        .. Months("retours_aides", "DEP-75", 2009, 800, Range(1, 6)),
        Value("retours_aides", "2009-04", "DEP-69", 2),
        .. Months("interpellations_aide_sejour", "DEP-75", 2009, 210.5, Range(1, 6)),
        Value("interpellations_aide_sejour", "2009-05", "DEP-971", 3),
        Value("interpellations_aide_sejour", "2009-05", "DEP-972", 12),
        .. Months("operations_travail_illegal", "FR", 2009, 130, Range(1, 6)),
        Value("operations_travail_illegal", "2009-T1", "FR", 420),
        Ratio("dilf_taux_reussite", "2009-05", "FR", 55, 100),
        Value("comite_interministeriel_integration", "2009-06-02", "FR", 1),
        Value("entreprises_label_diversite", "2009-05", "FR", 42, status: ValueStatus.Provisional),
        Value("accords_gestion_concertee", "2009-05-15", "FR", 12),
        Weighted("delai_naturalisation", "2009-T1", "DEP-75", 13.5, 100),
        Weighted("delai_naturalisation", "2009-T1", "DEP-13", 9.2, 80),
    ];

    /// <summary>The dashboard as the recompute publishes it as of 2009-06-30: suppressed, with changes since 2009-03-31.</summary>
    public static Dashboard Published()
    {
        var march = SmallCountSuppression.Apply(Compute("2009-03-31", Observations()), DefaultCatalogue);
        var june = SmallCountSuppression.Apply(Compute("2009-06-30", Observations()), DefaultCatalogue);
        return june with { Changes = DashboardChanges.Compare(march, june), ChangesSince = march.AsOf };
    }
}
