using System.Globalization;

namespace MissionPipeline.Periods;

/// <summary>
/// Which dates a snapshot may be computed for (docs/indicators.md, "Rules made precise"): a real
/// calendar date, not before 2000 and no later than today (UTC). Anything else is a usage error
/// (exit 2, HTTP 400), never a published snapshot: a snapshot dated in the future would become
/// <c>latest</c> and hide every real one.
/// </summary>
public static class SnapshotDates
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>Null when <paramref name="asOf"/> may be published on <paramref name="today"/>; else why not, in French.</summary>
    public static string? Problem(DateOnly asOf, DateOnly today) =>
        asOf < Earliest ? string.Create(CultureInfo.InvariantCulture, $"Date d'arrêté {asOf:yyyy-MM-dd} trop ancienne : un tableau de bord se calcule à partir du {Earliest:dd/MM/yyyy}.")
        : asOf > today ? string.Create(CultureInfo.InvariantCulture, $"Date d'arrêté {asOf:yyyy-MM-dd} dans le futur : un tableau de bord se calcule au plus tard pour aujourd'hui ({today:yyyy-MM-dd}, UTC).")
        : null;
}
