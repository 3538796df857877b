using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.Readers;
using MissionPipeline.Reports;
using MissionPipeline.Tests.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Tests.Cli;

public sealed class IngestCommandTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    private static readonly DateTimeOffset Received = new(2026, 12, 6, 12, 3, 30, TimeSpan.Zero);

    private static IngestionReport Report(ReportStatus status, bool withError = false, bool inProgressElsewhere = false, bool declared = false) =>
        new(new AgencyId("ofii"), "mars.csv", Id, new string('a', 64), Received, FileFormat.F0, status, 8, 8,
            withError ? [new ValidationIssue("bad-value", 3, "valeur", "x", "Valeur illisible.")] : [], [], [])
        {
            InProgressElsewhere = inProgressElsewhere,
            ReceivedDeclared = declared,
            OriginalStatus = status != ReportStatus.Duplicate || inProgressElsewhere ? null : withError ? ReportStatus.Rejected : ReportStatus.Committed,
        };

    /// <summary>
    /// The exit code of <c>mission ingest</c>: a file whose verdict is unknown (the delivery it gave way
    /// to stopped) exits 1 with the others not accepted; it exited 0.
    /// </summary>
    [Theory]
    [InlineData(ReportStatus.Committed, false, false, ExitCodes.Ok)]
    [InlineData(ReportStatus.Rejected, true, false, ExitCodes.Rejected)]
    [InlineData(ReportStatus.Duplicate, false, false, ExitCodes.Ok)]
    [InlineData(ReportStatus.Duplicate, true, false, ExitCodes.Rejected)]
    [InlineData(ReportStatus.Duplicate, false, true, ExitCodes.Rejected)]
    public void ExitCodeOf_Verdict_AcceptedOnlyWhenKnownAndWithoutError(ReportStatus status, bool withError, bool inProgressElsewhere, int expected)
    {
        Assert.Equal(expected, IngestCommand.ExitCodeOf([Report(ReportStatus.Committed), Report(status, withError, inProgressElsewhere)]));
    }

    /// <summary>
    /// A duplicate of a file whose first delivery did not finish (its row failed, or a race lost to a
    /// delivery that failed): nothing says it is in, so exit 1, and the printer points to the replay
    /// (review: it exited 0 with « déjà reçu : rien n'a changé »).
    /// </summary>
    [Fact]
    public async Task ExitCodeOf_DuplicateWhoseVerdictIsUnknown_Exit1AndReplaySaid()
    {
        var unknown = Report(ReportStatus.Duplicate) with { OriginalStatus = null };
        using var output = new StringWriter();

        await ReportPrinter.PrintAsync(output, unknown, json: false, CancellationToken.None);

        Assert.Equal(ExitCodes.Rejected, IngestCommand.ExitCodeOf([Report(ReportStatus.Committed), unknown]));
        Assert.Contains("son verdict est inconnu\u202F; «\u202Fmission replay " + Id + " --agency ofii\u202F» la termine", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A backfill whose bytes <c>mission serve</c> had already ingested, as received then: the declared
    /// time is not applied, and the operator is told so (it was silent).
    /// </summary>
    [Fact]
    public void DeclaredNotApplied_DuplicateReceivedOtherwise_SaysSoInFrench()
    {
        var declared = new DateTimeOffset(2009, 4, 9, 8, 0, 0, TimeSpan.Zero);

        var note = IngestCommand.DeclaredNotApplied(Report(ReportStatus.Duplicate), declared);

        Assert.NotNull(note);
        Assert.Contains("n'est pas appliquée", note, StringComparison.Ordinal);
        Assert.Contains("6 décembre 2026 à 13\u00A0h\u00A003 (heure de Paris)", note, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(note));
        Assert.Null(IngestCommand.DeclaredNotApplied(Report(ReportStatus.Duplicate, declared: true), declared));
        Assert.Null(IngestCommand.DeclaredNotApplied(Report(ReportStatus.Committed), declared));
        Assert.Null(IngestCommand.DeclaredNotApplied(Report(ReportStatus.Duplicate), null));
    }
}
