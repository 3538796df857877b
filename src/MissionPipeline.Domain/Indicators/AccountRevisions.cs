using MissionPipeline.Catalogue;

namespace MissionPipeline.Indicators;

/// <summary>
/// The previous year's account (the snapshot of 31 December, published and, where approval is
/// required, approved) as this product reads it back: its dashboard and the files it counted (its
/// manifest's <c>inputs</c>).
/// </summary>
public sealed record PublishedAccount(Dashboard Dashboard, IReadOnlySet<(AgencyId Agency, string IngestId)> Inputs)
{
    /// <summary>The SHA-256 of the catalogue it was computed with (its manifest's), or null when unknown: then evaluated again.</summary>
    public string? CatalogueHash { get; init; }
}

/// <summary>
/// What a snapshot says of the previous year's account (the dashboard's <c>accountRevised</c>): the
/// date of that account and, evaluated again as of that date with every file committed now, the
/// indicators whose status would no longer be the one it gave, each with its status change and its
/// figure's, as <see cref="DashboardChanges"/> writes them (a red team found an approved « atteint
/// 1 535 » become « manqué 1 463 » after a December correction, with nothing to say so but the next
/// snapshot's revision of a period). Empty when the files received since change no status of it.
/// </summary>
public sealed record AccountRevision(DateOnly AsOf, IReadOnlyList<DashboardChange> Changes);

/// <summary>Evaluates the previous year's account again (<see cref="AccountRevision"/>).</summary>
public static class AccountRevisions
{
    /// <summary>The date of the account a snapshot of <paramref name="asOf"/> looks back on: 31 December of the year before.</summary>
    public static DateOnly AccountDate(DateOnly asOf) => new(asOf.Year - 1, 12, 31);

    /// <summary>
    /// The account's revision seen from <paramref name="input"/> (its observations and files; its date
    /// is not read). Evaluated only when the files that would count as of the account's date, or the
    /// catalogue, differ from the account's own: the same files and catalogue give the same statuses
    /// (the engine is deterministic), so an account nothing touched costs nothing. Only what files or
    /// the catalogue moved is listed: a change with no file nor catalogue behind it (an engine of another
    /// version) would say « la règle s'applique à la nouvelle date », which no account date is.
    /// </summary>
    /// <param name="input">The committed observations and files, the catalogue.</param>
    /// <param name="account">The account as published.</param>
    /// <param name="memo">A memo kept for the account's date alone (one per date: <see cref="EngineMemo"/> keys on it).</param>
    public static AccountRevision Of(RecomputeInput input, PublishedAccount account, EngineMemo? memo = null)
    {
        var asOf = account.Dashboard.AsOf;
        var then = input with { AsOf = asOf };
        var counted = Publishing.SnapshotManifest.Inputs(then).Select(i => (i.Agency, i.IngestId)).ToHashSet();
        // The catalogue's hash, not its id: a target edited keeps the id (review).
        if (counted.SetEquals(account.Inputs) && account.CatalogueHash == input.Catalogue.Hash)
        {
            return new AccountRevision(asOf, []);
        }

        var now = DashboardEngine.Compute(then, memo, out _);
        var changes = DashboardChanges.Compare(account.Dashboard, now, input.Ingestions)
            .Where(c => c.Cause != ChangeCauses.Rule)
            .ToArray();
        var moved = changes.Where(c => c.Field == DashboardChanges.Status).Select(c => c.Indicator).ToHashSet();
        return new AccountRevision(asOf, [.. changes.Where(c => moved.Contains(c.Indicator)).SelectMany(c => Disclosed(c, input.Catalogue))]);
    }

    /// <summary>
    /// What may be published of a change of the account: all of it, but for an indicator whose national
    /// figure is the sum of protected départements (or computed from one), only its status. Its revised
    /// year beside the published one would give a département's corrected cell by subtraction, which
    /// the revisions route refuses for the same reason (review).
    /// </summary>
    private static IEnumerable<DashboardChange> Disclosed(DashboardChange change, IndicatorCatalogue catalogue)
    {
        if (!Protected(change.Indicator, catalogue))
        {
            yield return change;
        }
        else if (change.Field == DashboardChanges.Status)
        {
            var title = catalogue.TryGet(change.Indicator, out var indicator) ? indicator.Title : change.Indicator.Value;
            var head = change.Message.IndexOf(", ", change.Message.IndexOf(" → ", StringComparison.Ordinal) + 1, StringComparison.Ordinal) is > 0 and var comma
                ? change.Message[..comma]
                : title;
            yield return change with
            {
                Period = null,
                File = null,
                Message = Text.FrenchTypography.Apply(head + ", d'après les fichiers reçus depuis ; ses chiffres révisés ne sont pas diffusés : ils sont la somme de départements aux petits effectifs protégés (secret statistique)."),
            };
        }
    }

    private static bool Protected(IndicatorId id, IndicatorCatalogue catalogue) =>
        catalogue.TryGet(id, out var indicator)
        && ((indicator.Sensitive && indicator.National == NationalValue.SumOfDepartements)
            || (indicator.Derivation is { } derivation && derivation.Of.Any(of => Protected(of, catalogue))));
}
