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

    /// <summary>A fingerprint of its <c>dashboard.json</c> (another approval of the date is another account), or null: then its revision is never taken from an <see cref="AccountMemo"/>.</summary>
    public string? Fingerprint { get; init; }
}

/// <summary>
/// A long-lived job's memo of the previous year's account: the last revision and what it was computed
/// from, and the engine's memo at the account's date (one per date: <see cref="EngineMemo"/> keys on it).
/// Thread-safe: the last revision is replaced whole.
/// </summary>
public sealed class AccountMemo
{
    internal sealed record Kept(string Key, AccountRevision Revision);

    internal EngineMemo Engine { get; } = new();

    internal Kept? Last
    {
        get => Volatile.Read(ref _last);
        set => Volatile.Write(ref _last, value);
    }

    private Kept? _last;
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
    /// <param name="memo">A long-lived job's memo of the last revision (<see cref="AccountMemo"/>), or null to evaluate each time.</param>
    public static AccountRevision Of(RecomputeInput input, PublishedAccount account, AccountMemo? memo = null)
    {
        var asOf = account.Dashboard.AsOf;
        var then = input with { AsOf = asOf };
        var counted = Publishing.SnapshotManifest.Inputs(then).Select(i => (i.Agency, i.IngestId)).ToHashSet();
        // The catalogue's hash, not its id: a target edited keeps the id (review).
        if (counted.SetEquals(account.Inputs) && account.CatalogueHash == input.Catalogue.Hash)
        {
            return new AccountRevision(asOf, []);
        }

        // The same files counting at the account's date, the same catalogue and the same account give the
        // same revision: kept, so that each new file of the new year costs nothing here (review: every
        // new file re-evaluated its indicators at the account's date too, about twice the engine's work).
        var key = string.Join('\n', [.. new[] { asOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture), account.Fingerprint ?? string.Empty, input.Catalogue.Hash },
            .. counted.Select(c => c.Agency.Value + "/" + c.IngestId).Order(StringComparer.Ordinal)]);
        if (account.Fingerprint is not null && memo?.Last is { } last && last.Key == key)
        {
            return last.Revision;
        }

        var now = DashboardEngine.Compute(then, memo?.Engine, out _);
        var changes = DashboardChanges.Compare(account.Dashboard, now, input.Ingestions)
            .Where(c => c.Cause != ChangeCauses.Rule)
            .ToArray();
        var moved = changes.Where(c => c.Field == DashboardChanges.Status).Select(c => c.Indicator).ToHashSet();
        var revision = new AccountRevision(asOf, [.. changes.Where(c => moved.Contains(c.Indicator)).SelectMany(c => Disclosed(c, input.Catalogue))]);
        if (memo is not null)
        {
            memo.Last = new AccountMemo.Kept(key, revision);
        }

        return revision;
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
