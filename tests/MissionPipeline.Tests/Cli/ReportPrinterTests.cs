using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
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

    /// <summary>A file name's invisible characters are shown by their code, as a cell's: never obeyed by the terminal, never turning the name around.</summary>
    [Theory]
    [InlineData("ofii-2009-04\u202Evsc.exe", "ofii/ofii-2009-04‹U+202E›vsc.exe — accepté et enregistré")]
    [InlineData("a\u001b[2Jb.csv", "ofii/a‹U+001B›[2Jb.csv — accepté et enregistré")]
    [InlineData("mars\u200B.csv", "ofii/mars‹U+200B›.csv — accepté et enregistré")]
    public async Task PrintAsync_FileNameWithInvisibleCharacters_ShownByTheirCode(string name, string expected)
    {
        var report = new IngestionReport(new AgencyId("ofii"), name, Id, new string('a', 64), new DateTimeOffset(2009, 4, 2, 8, 0, 0, TimeSpan.Zero), FileFormat.F0, ReportStatus.Committed, 8, 8, [], [], []);
        using var output = new StringWriter();

        await ReportPrinter.PrintAsync(output, report, json: false, CancellationToken.None);

        Assert.Equal(expected, output.ToString().Split('\n')[0].TrimEnd('\r'));
    }

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
            OriginalStatus = status != ReportStatus.Duplicate || inProgressElsewhere ? null : withError ? ReportStatus.Rejected : ReportStatus.Committed,
        };
        using var output = new StringWriter();

        await ReportPrinter.PrintAsync(output, report, json: false, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(expected, text.Split('\n')[0].TrimEnd('\r'));
        Assert.Empty(FrenchTextRules.Violations(text));
    }

    /// <summary>
    /// The original sent again after a correction: the report says which later file gave figures for
    /// which of its months, and that sending it again restores none (red team, agency officer).
    /// </summary>
    [Theory]
    [InlineData("2009-03", "donne aussi des chiffres sur mars 2009\u202F;")]
    [InlineData("2009-04", "donne aussi des chiffres sur avril 2009\u202F;")]
    [InlineData("2009-01 2009-02 2009-03 2009-04", "donne aussi des chiffres sur 4 périodes, de janvier 2009 à avril 2009\u202F;")]
    [InlineData("2009-04 2009-05 2009-06 2009-07", "donne aussi des chiffres sur 4 périodes, d'avril 2009 à juillet 2009")] // elided
    public async Task PrintAsync_DuplicateReplacedSince_NamesTheLaterFileAndWhatToDo(string periods, string expected)
    {
        var later = new LaterFile("mars-rectificatif.csv", Id, new DateTimeOffset(2009, 4, 20, 7, 30, 0, TimeSpan.Zero), [.. periods.Split(' ').Select(MissionPipeline.Periods.Period.Parse)]);
        var report = new IngestionReport(new AgencyId("ofii"), "mars.csv", Id, new string('a', 64), new DateTimeOffset(2009, 4, 2, 8, 0, 0, TimeSpan.Zero), FileFormat.F0, ReportStatus.Duplicate, 8, 8, [], [], [])
        {
            ReplacedBy = [later],
        };
        using var output = new StringWriter();

        await ReportPrinter.PrintAsync(output, report, json: false, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("  Attention\u202F: «\u202Fmars-rectificatif.csv\u202F», reçu après lui le 20 avril 2009 à 9\u00A0h\u00A030 (heure de Paris), " + expected, text, StringComparison.Ordinal);
        Assert.Contains("Renvoyer ce fichier-ci ne les remplace pas", text, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(text));
    }

    /// <summary>Where an issue is, as the agency looks for it: a workbook's cell by its address, as typed in Excel's name box.</summary>
    [Theory]
    [InlineData(null, null, "  - [bad-value] ligne 3, colonne «\u202Fvaleur\u202F», contenu «\u202Fx\u202F»\u202F: Valeur illisible.")]
    [InlineData("Feuil1", null, "  - [bad-value] feuille «\u202FFeuil1\u202F», ligne 3, colonne «\u202Fvaleur\u202F», contenu «\u202Fx\u202F»\u202F: Valeur illisible.")]
    [InlineData("Feuil1", "D3", "  - [bad-value] feuille «\u202FFeuil1\u202F», ligne 3, colonne «\u202Fvaleur\u202F», cellule D3, contenu «\u202Fx\u202F»\u202F: Valeur illisible.")]
    public async Task PrintAsync_Issue_LocatedAsTheAgencyLooksForIt(string? sheet, string? address, string expected)
    {
        ValidationIssue[] errors = [new ValidationIssue("bad-value", 3, "valeur", "x", "Valeur illisible.", sheet) { Address = address }];
        var report = new IngestionReport(new AgencyId("ofii"), "mars.xlsx", Id, new string('a', 64), new DateTimeOffset(2009, 4, 2, 8, 0, 0, TimeSpan.Zero), FileFormat.F0, ReportStatus.Rejected, 8, 0, errors, [], []);
        using var output = new StringWriter();

        await ReportPrinter.PrintAsync(output, report, json: false, CancellationToken.None);

        Assert.Contains(expected, output.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    /// <summary>
    /// The README's example reports are what <c>mission validate</c> prints for their files: each
    /// line of the block, up to its « … », begins a line of the printed report (its narrow spaces
    /// read as the README's plain ones).
    /// </summary>
    [Fact]
    public async Task PrintAsync_ReadmeExampleReports_AreWhatValidatePrints()
    {
        var readme = File.ReadAllText(Repo.InRepository("README.md")).ReplaceLineEndings("\n");
        var from = readme.IndexOf("\n```\n", readme.IndexOf("A rejected file gets a report listing", StringComparison.Ordinal), StringComparison.Ordinal) + 5;
        var example = readme[from..readme.IndexOf("```", from, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var folder = Directory.CreateTempSubdirectory("readme-report-");
        try
        {
            var ofii = Path.Combine(folder.FullName, "bilans.csv");
            File.WriteAllText(ofii, "indicateur;periode;territoire;valuer\nretours_aides;2009-03;DEP-75;5\n");
            var dcpaf = Path.Combine(folder.FullName, "eloignements-mars.xlsx");
            File.WriteAllBytes(dcpaf, WithCell(File.ReadAllBytes(Repo.Data("examples", "dcpaf-2009-03.xlsx")), "G4", "9"));
            var printed = new List<string>();
            foreach (var (path, agency) in new[] { (ofii, "ofii"), (dcpaf, "dcpaf") })
            {
                var report = await ValidateCommand.ValidateAsync(new FileInfo(path), Path.GetFileName(path), new AgencyId(agency), CancellationToken.None);
                using var output = new StringWriter();
                await ReportPrinter.PrintAsync(output, report, json: false, CancellationToken.None);
                printed.AddRange(output.ToString().Replace('\u202F', ' ').Split('\n').Select(l => l.TrimEnd('\r')));
            }

            Assert.Equal(4, example.Length);
            Assert.All(example, line => Assert.Contains(printed, p => p.StartsWith(line.TrimEnd('…').TrimEnd(), StringComparison.Ordinal)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The workbook with the first sheet's cell <paramref name="reference"/> holding the number <paramref name="value"/>.</summary>
    private static byte[] WithCell(byte[] xlsx, string reference, string value)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var sheet = document.WorkbookPart!.WorksheetParts.First(p => p.Uri.OriginalString.EndsWith("sheet1.xml", StringComparison.Ordinal));
            sheet.Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference).CellValue = new CellValue(value);
        }

        return stream.ToArray();
    }
}
