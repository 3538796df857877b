using System.Globalization;

namespace MissionPipeline.Indicators;

/// <summary>
/// What changed since the previous published snapshot (the dashboard's <c>changes</c>): for every
/// indicator of <c>current</c> that <c>previous</c> also has, in the current catalogue order, its
/// <c>status</c> when the code differs, then its <c>actual</c> when the value differs (exactly: both
/// come from the same engine, or from a snapshot whose numbers read back to the same doubles).
/// Values are written in the invariant round-trip notation (<c>29288</c>, <c>0.55</c>); an absent
/// value is null. An indicator new in the catalogue, or gone from it, gives no change.
/// </summary>
public static class DashboardChanges
{
    public const string Status = "status";

    public const string Actual = "actual";

    public static IReadOnlyList<DashboardChange> Compare(Dashboard? previous, Dashboard current)
    {
        if (previous is null)
        {
            return [];
        }

        var before = previous.Indicators.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<DashboardChange>();
        foreach (var now in current.Indicators)
        {
            if (!before.TryGetValue(now.Id, out var then))
            {
                continue;
            }

            if (then.Status != now.Status)
            {
                changes.Add(new DashboardChange(now.Id, Status, then.Status.Code(), now.Status.Code()));
            }

            if (then.Actual != now.Actual)
            {
                changes.Add(new DashboardChange(now.Id, Actual, Number(then.Actual), Number(now.Actual)));
            }
        }

        return changes;
    }

    private static string? Number(double? value) =>
        value is { } v ? (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture) : null;
}
