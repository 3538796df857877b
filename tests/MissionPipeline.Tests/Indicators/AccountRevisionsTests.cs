using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>
/// The previous year's account evaluated again (red team, steering unit: a December correction made the
/// approved 2009 account's « atteint 1 535 » a « manqué 1 463 », and nothing said so).
/// </summary>
public sealed class AccountRevisionsTests
{
    // 2009's target: 1 500 operations. Twelve months of 130 make 1 560 (achieved); December corrected to 60, 1 490 (missed).
    private const string Operations = "operations_travail_illegal";
    private static readonly DateTimeOffset Later = new(2010, 2, 15, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_CorrectionReceivedAfterTheAccountOverturnsAVerdict_StatusAndFigureWithTheFile()
    {
        var (input, account) = Scenario(Value(Operations, "2009-12", "FR", 60, "correction", Later));

        var revised = AccountRevisions.Of(input, account);

        Assert.Equal(Date("2009-12-31"), revised.AsOf);
        Assert.Equal(
            [("status", "achieved", "missed"), ("actual", "1560", "1490")],
            revised.Changes.Select(c => (c.Field, c.From, c.To)));
        Assert.All(revised.Changes, c => Assert.Equal((Operations, ChangeCauses.Revision, "correction.csv", "2009-12"), (c.Indicator.Value, c.Cause, c.File, c.Period)));
        Assert.Contains("atteint → manqué, correction.csv a révisé décembre 2009 (130 → 60)", revised.Changes[0].Message, StringComparison.Ordinal);
    }

    /// <summary>A file of the new year only counts nothing as of the account's date: nothing to say, and nothing evaluated (the account's own figures read back stand).</summary>
    [Fact]
    public void Of_OnlyFilesOfTheNewYear_EmptyWithoutEvaluating()
    {
        var (input, account) = Scenario(Value(Operations, "2010-01", "FR", 60, "janvier", Later));
        // An account whose figures the engine would not give: were it evaluated again, its status would move.
        var tampered = account with { Dashboard = account.Dashboard with { Indicators = [.. account.Dashboard.Indicators.Select(r => r.Id.Value == Operations ? r with { Status = IndicatorStatus.Missed } : r)] } };

        var revised = AccountRevisions.Of(input, tampered);

        Assert.Equal(Date("2009-12-31"), revised.AsOf);
        Assert.Empty(revised.Changes);
    }

    /// <summary>A figure that moved without moving its status is the revisions route's business, not the account's.</summary>
    [Fact]
    public void Of_CorrectionThatKeepsTheVerdict_Empty()
    {
        var (input, account) = Scenario(Value(Operations, "2009-12", "FR", 120, "correction", Later));

        Assert.Empty(AccountRevisions.Of(input, account).Changes);
    }

    /// <summary>The account read back from its published JSON gives the same revision: the recompute reads it so.</summary>
    [Fact]
    public void Of_AccountReadBackFromItsJson_SameRevision()
    {
        var (input, account) = Scenario(Value(Operations, "2009-12", "FR", 60, "correction", Later));
        var read = account with { Dashboard = DashboardJson.Read(DashboardJson.Write(account.Dashboard)) };

        Assert.Equal(AccountRevisions.Of(input, account).Changes, AccountRevisions.Of(input, read).Changes);
    }

    /// <summary>
    /// A long-lived job's memo: the same files at the account's date, catalogue and account give the
    /// revision it kept (a file of the new year costs nothing here); another file counting at that date,
    /// or another account, evaluates again.
    /// </summary>
    [Fact]
    public void Of_WithAMemo_KeptUntilTheFilesAtTheAccountsDateOrTheAccountChange()
    {
        var (input, account) = Scenario(Value(Operations, "2009-12", "FR", 60, "correction", Later));
        var fingerprinted = account with { Fingerprint = "compte-1" };
        var memo = new AccountMemo();
        var first = AccountRevisions.Of(input, fingerprinted, memo);
        var newYear = input with { Observations = ObservationSet.From([.. input.Observations, Value(Operations, "2010-07", "FR", 70, "juillet", Later)]), Ingestions = [.. input.Ingestions, Ingestion(Operations, IngestionStatus.Committed, "juillet", Later)] };
        var corrected = input with { Observations = ObservationSet.From([.. input.Observations, Value(Operations, "2009-11", "FR", 200, "novembre", Later)]), Ingestions = [.. input.Ingestions, Ingestion(Operations, IngestionStatus.Committed, "novembre", Later)] };

        Assert.Same(first, AccountRevisions.Of(newYear, fingerprinted, memo));
        Assert.NotSame(first, AccountRevisions.Of(input, fingerprinted with { Fingerprint = "compte-2" }, memo));
        var again = AccountRevisions.Of(corrected, fingerprinted, memo);
        Assert.NotSame(first, again);
        Assert.Empty(again.Changes); // 1 490 + 70 = 1 560: achieved again
        Assert.Equal(first.Changes, AccountRevisions.Of(input, account).Changes); // kept or not, the same
    }

    [Theory]
    [InlineData("2010-06-30", "2009-12-31")]
    [InlineData("2010-01-01", "2009-12-31")]
    [InlineData("2009-12-31", "2008-12-31")]
    public void AccountDate_Snapshot_LastDayOfTheYearBefore(string asOf, string account) =>
        Assert.Equal(Date(account), AccountRevisions.AccountDate(Date(asOf)));

    /// <summary>
    /// The dashboard's <c>accountRevised</c> round-trips through its JSON, and the page lists the overturned
    /// verdict on screen and in print, the figure folded into the status, the title page naming the section.
    /// </summary>
    [Fact]
    public void Prepare_WithAnAccount_PublishedInTheJsonAndOnThePage()
    {
        var (input, account) = Scenario(Value(Operations, "2009-12", "FR", 60, "correction", Later));

        var dashboard = Publication.Prepare(input, previous: null, account: account).Dashboard;
        var html = System.Text.Encoding.UTF8.GetString(DashboardHtml.Write(dashboard, DefaultCatalogue));

        Assert.Equal(dashboard.AccountRevised!.Changes, DashboardJson.Read(DashboardJson.Write(dashboard)).AccountRevised!.Changes);
        Assert.Contains("<h2 id=\"bilan-revu\">Bilan au 31 décembre 2009 revu depuis sa publication</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"bilan-revu-imprime\">", html, StringComparison.Ordinal);
        Assert.Contains("donnerait un autre statut à 1 indicateur (le bilan publié, lui, reste tel qu&#39;il a été diffusé)\u202F:", html, StringComparison.Ordinal);
        Assert.Contains("travail illégal des étrangers\u202F: atteint → manqué</strong>, réalisé 1\u202F560 → 1\u202F490, correction.csv a révisé décembre 2009 (130 → 60).</li>", html, StringComparison.Ordinal);
        Assert.Contains("le bilan au 31 décembre 2009 revu depuis sa publication", html, StringComparison.Ordinal);
    }

    /// <summary>An account that holds is said on screen only; no account, nothing, in JSON a null.</summary>
    [Fact]
    public void Prepare_AccountHoldsOrNone_SaidOnScreenOrNothing()
    {
        var (input, account) = Scenario(Value(Operations, "2010-01", "FR", 60, "janvier", Later));

        var holds = DashboardHtml.Write(Publication.Prepare(input, previous: null, account: account).Dashboard, DefaultCatalogue);
        var none = Publication.Prepare(input, previous: null).Dashboard;

        Assert.Contains("Le bilan au 31 décembre 2009 tient\u202F: évalué à nouveau avec les fichiers reçus depuis sa publication et le catalogue d&#39;aujourd&#39;hui, il garde chacun de ses statuts.", System.Text.Encoding.UTF8.GetString(holds), StringComparison.Ordinal);
        Assert.DoesNotContain("bilan-revu-imprime", System.Text.Encoding.UTF8.GetString(holds), StringComparison.Ordinal);
        Assert.Null(none.AccountRevised);
        Assert.Contains("\"accountRevised\": null", System.Text.Encoding.UTF8.GetString(DashboardJson.Write(none)), StringComparison.Ordinal);
    }

    /// <summary>
    /// A correction of the year before the account's, received after a correction of the account's own
    /// year: the verdict is the account year's correction's doing, and it alone is named (the 2008 one
    /// was: red team, steering unit).
    /// </summary>
    [Fact]
    public void Of_CorrectionOfAnOlderYearReceivedLast_TheAccountYearsCorrectionNamed()
    {
        var (input, account) = Scenario(
            Value(Operations, "2009-12", "FR", 60, "rectificatif-2009", Later),
            Value(Operations, "2008-12", "FR", 10, "rectificatif-2008", Later.AddDays(1)));

        var status = AccountRevisions.Of(input, account).Changes.Single(c => c.Field == DashboardChanges.Status);

        Assert.Equal(("rectificatif-2009.csv", "2009-12"), (status.File, status.Period));
        Assert.Contains("rectificatif-2009.csv a révisé décembre 2009 (130 → 60)", status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2008", status.Message, StringComparison.Ordinal);
    }

    /// <summary>Two files, two months: both named, both months said (the newest alone explained +300 of a +600: red team, steering unit).</summary>
    [Fact]
    public void Of_TwoCorrectionsOfTwoMonths_BothFilesAndMonthsSaid()
    {
        var (input, account) = Scenario(
            Value(Operations, "2009-11", "FR", 90, "novembre", Later),
            Value(Operations, "2009-12", "FR", 90, "decembre", Later.AddDays(1)));

        var status = AccountRevisions.Of(input, account).Changes.Single(c => c.Field == DashboardChanges.Status);

        Assert.Equal((ChangeCauses.Revision, null, "2009-12"), (status.Cause, status.File, status.Period));
        Assert.Contains("atteint → manqué, 2 périodes révisées (novembre 2009, décembre 2009), par decembre.csv et novembre.csv.", status.Message, StringComparison.Ordinal);
    }

    /// <summary>A 2010 figure does not count December 2009: a correction of it is no reason the 2010 figure moved (it was said with July's arrival).</summary>
    [Fact]
    public void Compare_NextYearsFigureWhenTheAccountsYearIsCorrected_OnlyTheNewMonthSaid()
    {
        var (input, _) = Scenario(Value(Operations, "2009-12", "FR", 60, "rectificatif-2009", Later));
        var june = Publication.Prepare(input with { Observations = ObservationSet.From([.. input.Observations.Where(o => o.IngestId != "rectificatif-2009"), .. Months(Operations, "FR", 2010, 70, Range(1, 6))]) }, previous: null).Dashboard;
        var july = Publication.Prepare(input with { AsOf = Date("2010-07-31"), Observations = ObservationSet.From([.. input.Observations, .. Months(Operations, "FR", 2010, 70, Range(1, 7))]) }, previous: null).Dashboard;

        var actual = DashboardChanges.Compare(june, july, input.Ingestions).Single(c => c.Indicator.Value == Operations && c.Field == DashboardChanges.Actual);

        Assert.EndsWith("une nouvelle période reçue (juillet 2010).", actual.Message, StringComparison.Ordinal);
        Assert.Null(actual.File);
    }

    /// <summary>A target edited in the catalogue keeps its id: the account is evaluated again all the same (its hash, not its id, is compared: review).</summary>
    [Fact]
    public void Of_TargetEditedNoFileSince_TheVerdictItWouldGive()
    {
        var (input, account) = Scenario();
        var edited = CatalogueWith(get => get(Operations)["targets"]![0]!["value"] = 1600);

        var status = AccountRevisions.Of(input with { Catalogue = edited }, account).Changes.Single(c => c.Field == DashboardChanges.Status);

        Assert.Equal(edited.Id, DefaultCatalogue.Id);
        Assert.Equal(("achieved", "missed", ChangeCauses.Target), (status.From, status.To, status.Cause));
        Assert.Contains("l'objectif de 2009 est passé de 1\u202F500 à 1\u202F600", status.Message, StringComparison.Ordinal);
    }

    /// <summary>A direction objective judged against the year before: a correction of that year moves the verdict, and is named (it read « sans nouveau fichier » and was left out: review).</summary>
    [Fact]
    public void Of_DirectionObjectiveItsReferenceYearCorrected_TheCorrectionNamed()
    {
        const string delai = "delai_traitement_ofpra";
        var years = Range(1, 12).SelectMany(m => new[] { Weighted(delai, $"2008-{m:D2}", "FR", 120, 10), Weighted(delai, $"2009-{m:D2}", "FR", 110, 10) }).ToArray();
        var first = Ingestion(delai, IngestionStatus.Committed, "ingest-1");
        var then = new RecomputeInput(Date("2009-12-31"), DefaultCatalogue, years, [first]);
        var account = Published(then);
        var correction = Range(1, 12).Select(m => Value(delai, $"2008-{m:D2}", "FR", 90, "rectificatif-2008", Later)).Select(o => o with { Observation = o.Observation with { Weight = 10 } }).ToArray();
        var now = new RecomputeInput(Date("2010-06-30"), DefaultCatalogue, [.. years, .. correction], [first, Ingestion(delai, IngestionStatus.Committed, "rectificatif-2008", Later)]);

        var status = AccountRevisions.Of(now, account).Changes.Single(c => c.Field == DashboardChanges.Status);

        Assert.NotEqual(ChangeCauses.Rule, status.Cause);
        Assert.Contains("rectificatif-2008.csv", status.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An indicator summed from protected départements: its status only, no revised figure nor period,
    /// which beside the published year would give a département's corrected cell by subtraction (review).
    /// </summary>
    [Fact]
    public void Of_IndicatorSummedFromProtectedDepartements_StatusOnly()
    {
        const string arrests = "interpellations_aide_sejour";
        var year = Range(1, 12).SelectMany(m => Cells(arrests, $"2009-{m:D2}", "DEP-75=400 DEP-48=20")).ToArray();
        var first = Ingestion(arrests, IngestionStatus.Committed, "ingest-1");
        var then = new RecomputeInput(Date("2009-12-31"), DefaultCatalogue, year, [first]);
        var account = Published(then);
        var correction = Value(arrests, "2009-12", "DEP-75", 100, "rectificatif", Later);
        var now = new RecomputeInput(Date("2010-06-30"), DefaultCatalogue, [.. year, correction], [first, Ingestion(arrests, IngestionStatus.Committed, "rectificatif", Later)]);

        var changes = AccountRevisions.Of(now, account).Changes;

        var status = Assert.Single(changes);
        Assert.Equal((DashboardChanges.Status, "achieved", "missed", null, null), (status.Field, status.From, status.To, status.Period, status.File));
        Assert.EndsWith("atteint → manqué, d'après les fichiers reçus depuis\u202F; ses chiffres révisés ne sont pas diffusés\u202F: ils sont la somme de départements aux petits effectifs protégés (secret statistique).", status.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]", status.Message);
    }

    /// <summary>The account <paramref name="then"/> gives, as the recompute reads it back: its dashboard, the files its manifest lists, its catalogue's hash.</summary>
    private static PublishedAccount Published(RecomputeInput then) =>
        new(Publication.Prepare(then, previous: null).Dashboard, SnapshotManifest.Inputs(then).Select(i => (i.Agency, i.IngestId)).ToHashSet())
        {
            CatalogueHash = then.Catalogue.Hash,
        };

    /// <summary>The account as published from the year's file (and 2008's), and the input of mid-2010 with <paramref name="later"/> received since.</summary>
    private static (RecomputeInput Input, PublishedAccount Account) Scenario(params SourcedObservation[] later)
    {
        var year = Months(Operations, "FR", 2009, 130, Range(1, 12)).Concat(Months(Operations, "FR", 2008, 115, Range(1, 12))).ToArray();
        var first = Ingestion(Operations, IngestionStatus.Committed, "ingest-1");
        var then = new RecomputeInput(Date("2009-12-31"), DefaultCatalogue, year, [first]);
        var account = Published(then);
        var now = new RecomputeInput(Date("2010-06-30"), DefaultCatalogue, [.. year, .. later], [first, .. later.Select(l => Ingestion(Operations, IngestionStatus.Committed, l.IngestId, l.Received))]);
        return (now, account);
    }
}
