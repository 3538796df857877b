using MissionPipeline.Storage;

namespace MissionPipeline.Tests.Storage;

public sealed class SnapshotStateTests
{
    private static readonly DateTimeOffset Now = new(2010, 1, 20, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false, null, SnapshotState.Released)] // no approval required: every publication is released
    [InlineData(false, 3600, SnapshotState.Released)]
    [InlineData(true, null, SnapshotState.Draft)]
    [InlineData(true, 3600, SnapshotState.Approved)] // approved, released in an hour
    [InlineData(true, 0, SnapshotState.Released)] // the release instant itself
    [InlineData(true, -60, SnapshotState.Released)]
    public void StateOf_ApprovalAndClock_DraftApprovedOrReleased(bool required, int? releaseInSeconds, SnapshotState expected)
    {
        var approval = releaseInSeconds is { } s ? Approval(new DateOnly(2009, 12, 31), Now.AddSeconds(s)) : null;

        Assert.Equal(expected, Snapshots.StateOf(approval, Now, required));
    }

    [Fact]
    public void LatestReleased_SeveralApprovals_NewestDateWhoseTimeHasCome()
    {
        SnapshotApproval[] approvals =
        [
            Approval(new DateOnly(2009, 11, 30), Now.AddDays(-20)),
            Approval(new DateOnly(2009, 12, 31), Now.AddMinutes(-1)),
            Approval(new DateOnly(2010, 1, 15), Now.AddHours(1)), // announced, not yet released
        ];

        Assert.Equal(new DateOnly(2009, 12, 31), Snapshots.LatestReleased(approvals, Now)?.AsOf);
        Assert.Equal(new DateOnly(2010, 1, 15), Snapshots.LatestReleased(approvals, Now.AddHours(1))?.AsOf);
        Assert.Equal(new DateOnly(2009, 11, 30), Snapshots.LatestReleased(approvals, Now.AddDays(-19))?.AsOf);
        Assert.Null(Snapshots.LatestReleased(approvals, Now.AddDays(-30)));
    }

    [Fact]
    public void LatestReleased_DateAfterToday_NotLatest()
    {
        // A snapshot dated after today (a clock set wrong once) never hides the real ones.
        SnapshotApproval[] approvals = [Approval(new DateOnly(2009, 12, 31), Now.AddDays(-1)), Approval(new DateOnly(2010, 3, 31), Now.AddDays(-1))];

        Assert.Equal(new DateOnly(2009, 12, 31), Snapshots.LatestReleased(approvals, Now)?.AsOf);
    }

    [Theory]
    [InlineData("2009-12-31", "2010-01-20T09:00:00Z", "2010-01-20T09:00:00Z")] // released after its day: its release time
    [InlineData("2010-03-31", "2010-01-20T09:00:00Z", "2010-03-31T00:00:00Z")] // released before its day: from the start of the day (UTC)
    [InlineData("2010-03-31", "2010-03-31T00:00:00Z", "2010-03-31T00:00:00Z")]
    public void ReleasedFrom_ReleaseTimeAndDate_TheLaterOfTheTwo(string asOf, string releaseAt, string expected)
    {
        var approval = Approval(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(releaseAt, System.Globalization.CultureInfo.InvariantCulture));

        var from = Snapshots.ReleasedFrom(approval);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), from);
        Assert.Null(Snapshots.LatestReleased([approval], from.AddTicks(-1)));
        Assert.Equal(approval, Snapshots.LatestReleased([approval], from));
    }

    [Theory]
    [InlineData(ApprovalOutcome.AlreadyApproved, "est déjà validé : le 15 janvier 2010 à 17\u00A0h\u00A005 (heure de Paris) par admin, diffusé à partir du 20 janvier 2010 à 10\u00A0h\u00A000 (heure de Paris) ; une validation n'est jamais remplacée.")]
    [InlineData(ApprovalOutcome.NotRequired, "Publication__RequireApproval n'est pas activé")]
    [InlineData(ApprovalOutcome.CatalogueChanged, "recalculez-le (mission recompute --as-of 2009-12-31 --republish) avant de le valider.")]
    [InlineData(ApprovalOutcome.NotFound, "Aucun tableau de bord publié au 31 décembre 2009 : rien à valider.")]
    [InlineData(ApprovalOutcome.Provisional, "Le tableau de bord du 31 décembre 2009 est provisoire : calculé avant la fin de cette journée (minuit UTC), il ne compte pas les fichiers reçus depuis, et validé, il la figerait sans eux. Validez-le une fois la journée finie et le tableau recalculé (le calcul de la nuit le fait, ou mission recompute --as-of 2009-12-31 --republish).")]
    [InlineData(ApprovalOutcome.ComparedWithWithdrawn, "Le projet du 31 décembre 2009 compte ses évolutions depuis le tableau de bord du 30 novembre 2009, dont la validation a été retirée depuis : diffusé tel quel, il partirait de chiffres qu'aucun lecteur n'a eus. Recalculez-le (mission recompute --as-of 2009-12-31 --republish), relisez-le, puis validez-le.")]
    [InlineData(ApprovalOutcome.NotApproved, "Le tableau de bord du 31 décembre 2009 n'est pas validé : il n'y a pas de validation à retirer.")]
    [InlineData(ApprovalOutcome.AlreadyReleased, "Le tableau de bord du 31 décembre 2009 est diffusé depuis le 20 janvier 2010 à 10\u00A0h\u00A000 (heure de Paris) : ce qui est public ne se retire pas.")]
    [InlineData(ApprovalOutcome.LaterApproved, "Le tableau de bord du 31 janvier 2010, validé lui aussi, contient les chiffres de celui du 31 décembre 2009 et compte ses évolutions depuis lui : retirez d'abord sa validation.")]
    [InlineData(ApprovalOutcome.DraftChanged, "Le projet du 31 décembre 2009 n'est pas celui que désigne l'empreinte donnée : il a été recalculé depuis sa lecture")]
    public void Message_EachRefusal_SaysWhyInFrench(ApprovalOutcome outcome, string expected)
    {
        var approval = outcome == ApprovalOutcome.AlreadyReleased ? Approval(new DateOnly(2009, 12, 31), Now)
            : outcome == ApprovalOutcome.LaterApproved ? Approval(new DateOnly(2010, 1, 31), Now)
            : outcome == ApprovalOutcome.ComparedWithWithdrawn ? Approval(new DateOnly(2009, 11, 30), Now)
            : outcome == ApprovalOutcome.AlreadyApproved ? Approval(new DateOnly(2009, 12, 31), Now) with { ApprovedAt = new DateTimeOffset(2010, 1, 15, 16, 5, 0, TimeSpan.Zero) } : null;

        var message = ApprovalRefusal.Message(new ApprovalResult(outcome, approval), new DateOnly(2009, 12, 31), "mission recompute --as-of 2009-12-31 --republish", Now);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2009-12-31", "2010-01-31", "Le tableau de bord du 31 décembre 2009 est sous embargo jusqu'au 20 janvier 2010 à 10\u00A0h\u00A000 (heure de Paris) : celui du 31 janvier 2010, qui contient ses chiffres (séries, révisions), ne peut pas être diffusé avant. Donnez-lui une heure de diffusion à partir de ce moment (2010-01-20T09:00:00Z).")]
    [InlineData("2010-01-31", "2009-12-31", "Le tableau de bord du 31 janvier 2010, qui contient les chiffres de celui du 31 décembre 2009, est diffusé à partir du 20 janvier 2010 à 10\u00A0h\u00A000 (heure de Paris) : une heure de diffusion plus tardive ne les protégerait pas. Validez-le sans heure de diffusion, ou à une heure qui ne dépasse pas celle-là (2010-01-20T09:00:00Z).", -1)]
    [InlineData("2010-01-31", "2009-12-31", "Le tableau de bord du 31 janvier 2010, qui contient les chiffres de celui du 31 décembre 2009, est diffusé depuis le 20 janvier 2010 à 10\u00A0h\u00A000 (heure de Paris) : ces chiffres sont déjà publics, une heure de diffusion à venir ne les protégerait pas. Validez-le sans heure de diffusion : il est alors diffusé aussitôt.", 1)] // that hour has passed: not suggested
    public void Message_OutOfOrder_NamesTheOtherDateAndTheTimeToGive(string other, string asOf, string expected, int refusedMinutesAfterTheRelease = -1)
    {
        var approval = Approval(DateOnly.Parse(other, System.Globalization.CultureInfo.InvariantCulture), Now);

        var message = ApprovalRefusal.Message(new ApprovalResult(ApprovalOutcome.OutOfOrder, approval), DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), "x", approval.ReleaseAt.AddMinutes(refusedMinutesAfterTheRelease));

        Assert.Equal(expected, message);
    }

    /// <summary>Within two minutes of its hour, an approval is no longer withdrawn: the message says when it is released, not « depuis ».</summary>
    [Fact]
    public void Message_WithdrawalAtTheLastMinutes_SaysTheHourAndWhy()
    {
        var approval = Approval(new DateOnly(2009, 12, 31), Now.AddMinutes(1));

        var message = ApprovalRefusal.Message(new ApprovalResult(ApprovalOutcome.AlreadyReleased, approval), new DateOnly(2009, 12, 31), "x", Now);

        Assert.StartsWith("Le tableau de bord du 31 décembre 2009 est diffusé à partir du 20 janvier 2010 à 10\u00A0h\u00A001 (heure de Paris) : à moins de 2 minutes de cette heure, sa validation ne se retire plus", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_Approved_NotARefusal()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ApprovalRefusal.Message(new ApprovalResult(ApprovalOutcome.Approved, null), new DateOnly(2009, 12, 31), "x", Now));
    }

    private static SnapshotApproval Approval(DateOnly asOf, DateTimeOffset releaseAt) => new(asOf, releaseAt.AddHours(-1), releaseAt, "admin", new string('a', 64));
}
