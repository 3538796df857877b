using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>What a recompute publishes: the dashboard as published and its files, in publication order (<see cref="SnapshotFiles"/>).</summary>
public sealed record PreparedSnapshot(Dashboard Dashboard, IReadOnlyList<(string Name, byte[] Content)> Files)
{
    /// <summary>How many indicators this preparation evaluated, and how many it took from the memo it was given (none without one).</summary>
    public (int Evaluated, int Reused) Indicators { get; init; }

    /// <summary>The département cells small counts hid, with their values (recorded, never published: <see cref="DisclosureHistory"/>).</summary>
    public IReadOnlyList<HiddenCell> Hidden { get; init; } = [];
}

/// <summary>
/// The pure publication step, in one call: the indicator engine computes the dashboard, small counts
/// are hidden (invariant 8; national totals stay exact), <c>changes</c> compares it with the previous
/// snapshot, and every published file is rendered. No clock, no I/O: the same input and previous
/// snapshot give the same bytes.
/// </summary>
public static class Publication
{
    /// <param name="input">The committed observations and files, the catalogue and the date.</param>
    /// <param name="previous">The snapshot published for the newest date before the input's, or null (no changes).</param>
    /// <param name="state">What its pages say of their validation: <see cref="PageState.Draft"/> where the deployment requires approval.</param>
    /// <param name="memo">A long-lived job's memo of each indicator's last result (<see cref="EngineMemo"/>), or null to evaluate everything.</param>
    /// <param name="published">The values earlier snapshots published for the cells small counts hide (<see cref="DisclosureHistory"/>), or null to judge this snapshot alone.</param>
    /// <param name="account">The previous year's account to evaluate again (<see cref="AccountRevisions"/>), or null: none to look back on.</param>
    /// <param name="accountMemo">A long-lived job's memo of the account's revision (<see cref="AccountMemo"/>), or null.</param>
    public static PreparedSnapshot Prepare(RecomputeInput input, Dashboard? previous, PageState? state = null, EngineMemo? memo = null, DisclosureHistory? published = null, PublishedAccount? account = null, AccountMemo? accountMemo = null)
    {
        var (computed, hidden) = SmallCountSuppression.Run(DashboardEngine.Compute(input, memo, out var reused), input.Catalogue, published: published);
        var dashboard = computed with
        {
            Changes = DashboardChanges.Compare(previous, computed, input.Ingestions),
            ChangesSince = previous?.AsOf,
            AccountRevised = account is null ? null : AccountRevisions.Of(input, account, accountMemo),
        };
        return new PreparedSnapshot(dashboard, SnapshotFiles.Render(dashboard, input.Catalogue, SnapshotManifest.Inputs(input), state))
        {
            Indicators = (computed.Indicators.Count - reused, reused),
            Hidden = hidden,
        };
    }
}
