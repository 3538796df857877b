using MissionPipeline.Catalogue;
using MissionPipeline.Cli;
using MissionPipeline.Readers;
using MissionPipeline.Reports;
using MissionPipeline.Tests.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Tests.Cli;

public sealed class ReportPrinterTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    /// <summary>Each verdict an agency reads on its terminal, in French, typeset.</summary>
    [Theory]
    [InlineData(ReportStatus.Committed, false, false, false, "ofii/mars.csv — accepté et enregistré")]
    [InlineData(ReportStatus.Rejected, true, false, false, "ofii/mars.csv — REJETÉ\u202F: rien de ce fichier n'est pris en compte")]
    [InlineData(ReportStatus.Duplicate, false, false, false, "ofii/mars.csv — déjà reçu (intégration " + Id + ")\u202F: rien n'a changé")]
    [InlineData(ReportStatus.Duplicate, true, false, false, "ofii/mars.csv — déjà reçu (intégration " + Id + ") et REJETÉ alors\u202F: rien n'a changé, les erreurs ci-dessous restent à corriger")]
    [InlineData(ReportStatus.Duplicate, false, true, false, "ofii/mars.csv — reçu au même moment par un autre envoi, qui l'intègre (intégration " + Id + ")\u202F: rien n'est compté deux fois\u202F; si cet autre envoi s'interrompt, «\u202Fmission replay " + Id + " --agency ofii\u202F» termine le fichier")]
    [InlineData(ReportStatus.Duplicate, false, false, true, "ofii/mars.csv — accepté et enregistré à l'instant par un autre traitement qui a lu cet envoi (intégration " + Id + "\u202F; mission serve ou le déclencheur Azure sur le même stockage, ou un autre envoi simultané)\u202F: compté une fois")]
    [InlineData(ReportStatus.Duplicate, true, false, true, "ofii/mars.csv — REJETÉ à l'instant par un autre traitement qui a lu cet envoi (intégration " + Id + "\u202F; mission serve ou le déclencheur Azure sur le même stockage, ou un autre envoi simultané)\u202F: rien de ce fichier n'est pris en compte, les erreurs ci-dessous sont à corriger")]
    public async Task PrintAsync_Status_ItsVerdictOnTheFirstLine(ReportStatus status, bool withError, bool inProgressElsewhere, bool fromThisUpload, string expected)
    {
        ValidationIssue[] errors = withError ? [new ValidationIssue("bad-value", 3, "valeur", "x", "Valeur illisible.")] : [];
        var report = new IngestionReport(new AgencyId("ofii"), "mars.csv", Id, new string('a', 64), new DateTimeOffset(2009, 4, 2, 8, 0, 0, TimeSpan.Zero), FileFormat.F0, status, 8, 8, errors, [], [])
        {
            InProgressElsewhere = inProgressElsewhere,
            IngestedFromThisUpload = fromThisUpload,
        };
        using var output = new StringWriter();

        await ReportPrinter.PrintAsync(output, report, json: false, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(expected, text.Split('\n')[0].TrimEnd('\r'));
        Assert.Empty(FrenchTextRules.Violations(text));
    }
}
