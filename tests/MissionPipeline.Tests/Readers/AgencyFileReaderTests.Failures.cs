using System.Text;
using MissionPipeline.Indicators;
using MissionPipeline.Readers;
using MissionPipeline.Text;
using MissionPipeline.Tests.Text;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Readers;

/// <summary>Files that cannot be read, or not whole: the entry point still answers with a result, never an exception.</summary>
public sealed partial class AgencyFileReaderTests
{
    [Theory]
    [InlineData("text", 100)]
    [InlineData("xlsx", 1_000)]
    [InlineData("gzip", 100)]
    public void Read_FileLargerThanMaxBytes_ReportsFileTooLarge(string kind, int maxBytes)
    {
        var text = FullHeader + "\n" + string.Concat(Enumerable.Repeat("retours_aides;2009-03;DEP-75;212;;;;;\n", 100));
        var bytes = kind switch
        {
            "text" => Encoding.UTF8.GetBytes(text),
            "xlsx" => Xlsx.FromText(text),
            _ => Gzip(Encoding.UTF8.GetBytes(text)),
        };

        var result = Read(bytes, limits: ReaderLimits.Default with { MaxBytes = maxBytes });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("file-too-large", 0), (error.Code, error.Row));
        Assert.Contains($"({FrenchFormat.Number(maxBytes)} octets", error.Message, StringComparison.Ordinal);
        // A text read in part says what it read (it said « format inconnu, 0 ligne »); a workbook, or a gzip over the limit as sent, is refused before.
        Assert.Equal(kind == "text" ? FileFormat.F0 : FileFormat.Unknown, result.Format);
    }

    /// <summary>
    /// A header wider than a row keeps is counted whole, in every reader that reads a header, and its
    /// columns are not listed one by one; the rows under it are not compared with it (each said « l'en-tête
    /// en a 1 024 », the cells kept, not the header's).
    /// </summary>
    [Theory]
    [InlineData("ofii", FullHeader, "retours_aides;2009-03;FR;5;;;;;", ";", 1_500)]
    [InlineData("ofpra", "Mois : mars 2009\nNationalité;Code pays;Premières demandes;Réexamens;Décisions;Accords statut de réfugié;Accords protection subsidiaire;Rejets;Annulations CNDA;Délai moyen (jours)", "Russie;RU;310;42;298;41;3;254;22;121,5", ";", 2_000)]
    [InlineData("pole-emploi", RegisterExtractReaderTests.Header, "a;b;c", ";", 1_025)]
    [InlineData("eurostat", "DATAFLOW,LAST UPDATE,freq,unit,citizen,sex,age,asyl_app,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG", "ESTAT:MIGR_ASYAPPCTZM(1.0),19/06/15 11:00:00,M,PER,TOTAL,T,TOTAL,ASY_APP,FR,2009-01,3390,", ",", 1_000_009)]
    public void Read_HeaderWiderThanARowKeeps_SaysHowManyCellsItHas(string agency, string header, string row, string separator, int cells)
    {
        var extra = Enumerable.Range(0, cells - header.Split('\n')[^1].Split(separator).Length).Select(i => $"x{i % 10}");
        var text = string.Join(separator, [header, .. extra]) + "\n" + row + "\n";

        var result = Read(text, agency);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("wrong-cell-count", header.Split('\n').Length), (error.Code, error.Row));
        Assert.Contains($"La ligne d'en-tête a {FrenchFormat.Number(cells)} cellules", error.Message, StringComparison.Ordinal);
        Assert.False(result.Accepted);
    }

    /// <summary>
    /// A file dropped in another agency's folder: one error that names whose file it is and the folder
    /// to use (an OFII file in the DCPAF's folder got 98 « retirez cette ligne »); another agency's
    /// format says whose it is.
    /// </summary>
    [Theory]
    [InlineData("ofii-2009-03.csv", "dcpaf", "indicator-not-allowed", "Ce fichier est un fichier de l'OFII : ses 8 lignes donnent les indicateurs « cai_bilans_competences », « dilf_taux_reussite » et « retours_aides », que transmet l'OFII, et il a été déposé dans le dossier de la DCPAF (dcpaf). Rien n'en est pris en compte : déposez-le dans le dossier uploads/ofii/ (mission ingest --agency ofii).")]
    [InlineData("ofpra-activite-2009-03.csv", "dcpaf", "unknown-format", "Il a la forme du format F1 de l'OFPRA : s'il vient de l'OFPRA, déposez-le dans le dossier uploads/ofpra/ (mission ingest --agency ofpra).")]
    [InlineData("dcpaf-2009-03.xlsx", "ofii", "unknown-format", "Il a la forme du format F2 de la DCPAF : s'il vient de la DCPAF, déposez-le dans le dossier uploads/dcpaf/ (mission ingest --agency dcpaf).")]
    public void Read_FileInAnotherAgencysFolder_OneErrorNamingItsFolder(string example, string agency, string code, string says)
    {
        var result = Read(File.ReadAllBytes(Repo.Data("examples", example)), agency);

        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.EndsWith(FrenchTypography.Apply(says), error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// One row of another agency's indicator (every monthly file of the DGT), or foreign rows with other
    /// errors besides: still one error naming the folder, not « retirez cette ligne », which left a
    /// header alone (red team, hostile agency).
    /// </summary>
    [Theory]
    [InlineData("operations_travail_illegal;2009-03;FR;150;;;;;\n", "sa ligne donne l'indicateur « operations_travail_illegal », que transmet la DGT")]
    [InlineData("retours_aides;2009-03;DEP-75;1 2 3;;;;;\nretours_aides;2009-04;DEP-75;4;;;;;\n", "ses 2 lignes donnent l'indicateur « retours_aides », que transmet l'OFII")]
    public void Read_OneForeignRowOrForeignRowsWithOtherErrors_OneErrorNamingItsFolder(string rows, string says)
    {
        var result = Read($"{FullHeader}\n{rows}", "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal("indicator-not-allowed", error.Code);
        Assert.Contains(FrenchTypography.Apply(says), error.Message, StringComparison.Ordinal);
        Assert.Contains("déposez-le dans le dossier uploads/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OwnRowsAndAnotherAgencysRows_EachForeignRowRefused()
    {
        var result = Read($"{FullHeader}\nretours_aides;2009-03;DEP-75;5;;;;;\neloignements_forces;2009-03;DEP-75;5;;;;;\n", "dcpaf");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("indicator-not-allowed", 2), (error.Code, error.Row)); // the DCPAF's own row makes it its file: that row is to remove
        Assert.Contains(FrenchTypography.Apply("par l'OFII (ofii), pas par la DCPAF : un fichier de la DCPAF"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileOfExactlyMaxBytes_IsRead()
    {
        var bytes = OfiiExample;

        var result = Read(bytes, limits: ReaderLimits.Default with { MaxBytes = bytes.Length });

        Assert.True(result.Accepted);
        Assert.Equal(8, result.Observations.Count);
    }

    [Fact]
    public void Read_EndlessFile_StopsAtMaxRows()
    {
        using var endless = new EndlessLines("indicateur;periode;territoire;valeur", "retours_aides;2009-03;DEP-75;1");

        var result = AgencyFileReader.Read(endless, Context(limits: ReaderLimits.Default with { MaxRows = 5_000 }));

        Assert.Equal(5_000, result.Rows);
        Assert.Contains(result.Errors, e => e is { Code: "too-many-rows", Row: 5_002 });
    }

    [Theory]
    [InlineData("")] // a file of empty lines: refused where the limit is passed, not walked to its end
    [InlineData("indicateur;periode;territoire;valeur")]
    public void Read_EndlessBlankLines_StopsAtMaxRowsBlankLines(string header)
    {
        using var endless = header.Length == 0 ? new EndlessLines("", ";;;") : new EndlessLines(header, ";;;");

        var result = AgencyFileReader.Read(endless, Context(limits: ReaderLimits.Default with { MaxRows = 5_000 }));

        var error = Assert.Single(result.Errors);
        Assert.Equal("too-many-rows", error.Code);
        Assert.Contains("5\u202F000 lignes vides", error.Message, StringComparison.Ordinal);
        Assert.Contains(header.Length == 0 ? "ligne 5\u202F001" : "ligne 5\u202F002", error.Message, StringComparison.Ordinal);
        Assert.Equal(header.Length == 0 ? FileFormat.Unknown : FileFormat.F0, result.Format);
    }

    [Fact]
    public void Read_BlankLinesUnderTheLimit_Skipped()
    {
        var result = Read("indicateur;periode;territoire;valeur\n" + string.Concat(Enumerable.Repeat(";;;\n", 99)) + "retours_aides;2009-03;DEP-75;212\n", limits: ReaderLimits.Default with { MaxRows = 100 });

        Assert.True(result.Accepted);
        Assert.Single(result.Observations);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(1_000)]
    public void Read_TruncatedWorkbook_ReportsUnreadableWorkbook(int length)
    {
        var bytes = Xlsx.FromText(Encoding.UTF8.GetString(OfiiExample))[..length];

        var error = Assert.Single(Read(bytes).Errors);

        Assert.Equal(("unreadable-workbook", 0, "", ""), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains("Excel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptGzip_ReportsUnreadableFile()
    {
        var bytes = Gzip(OfiiExample);
        bytes.AsSpan(10, 20).Fill(0xFF);

        var error = Assert.Single(Read(bytes).Errors);

        Assert.Equal(("unreadable-file", 0), (error.Code, error.Row));
    }

    [Fact]
    public void Read_StreamFailingMidway_ReportsReadInterrupted()
    {
        using var broken = new BrokenStream(OfiiExample[..100]);

        var error = Assert.Single(AgencyFileReader.Read(broken, Context()).Errors);

        Assert.Equal(("read-interrupted", 0), (error.Code, error.Row));
    }

    /// <summary>Decompressed on a task of its own, a gzip file's broken download still reads as a broken download, never as a broken file.</summary>
    [Fact]
    public void Read_GzipStreamFailingMidway_ReportsReadInterrupted()
    {
        var text = FullHeader + "\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"retours_aides;2009-03;DEP-{i % 19 + 1:00};{i};;;;;\n"));
        var compressed = Gzip(Encoding.UTF8.GetBytes(text));
        using var broken = new BrokenStream(compressed[..(compressed.Length / 2)]);

        var error = Assert.Single(AgencyFileReader.Read(broken, Context()).Errors);

        Assert.Equal(("read-interrupted", 0), (error.Code, error.Row));
    }

    [Fact]
    public void Read_CancelledGzip_Throws()
    {
        using var stream = new MemoryStream(Gzip(OfiiExample));

        Assert.ThrowsAny<OperationCanceledException>(() => AgencyFileReader.Read(stream, Context(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Read_CancelledToken_Throws()
    {
        using var stream = new MemoryStream(OfiiExample);

        Assert.ThrowsAny<OperationCanceledException>(() => AgencyFileReader.Read(stream, Context(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        var random = new Random(20090331);
        var workbook = Xlsx.FromText(Encoding.UTF8.GetString(OfiiExample));
        byte[][] prefixes = [[], [0x50, 0x4B, 0x03, 0x04], [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], [0x1F, 0x8B], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], .. Encoding.UTF8.GetBytes(FullHeader + "\n").Chunk(200)];
        for (var i = 0; i < 400; i++)
        {
            byte[] bytes;
            if (i % 4 == 0)
            {
                bytes = workbook[..random.Next(workbook.Length)];
                if (bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }
            }
            else
            {
                var noise = new byte[random.Next(0, 3_000)];
                random.NextBytes(noise);
                bytes = [.. prefixes[random.Next(prefixes.Length)], .. noise];
            }

            var result = Read(bytes);

            Assert.Contains(result.Format, new[] { FileFormat.F0, FileFormat.Unknown });
            Assert.All(result.Errors, e => Assert.Matches("^[a-z]+(-[a-z]+)*$", e.Code));
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            if (bytes is not [0x1F, 0x8B, ..])
            {
                // Outside gzip, unreadable-file can only come from an unexpected exception: a bug.
                Assert.DoesNotContain(result.Errors, e => e.Code == "unreadable-file");
            }
        }
    }

    /// <summary>An XLS (BIFF) cannot be measured from a directory as an XLSX is: its read-through stops at the budget.</summary>
    [Theory]
    [InlineData(1, 1_024, 20_000_000)]
    [InlineData(256, 2, 20_000_000)]
    [InlineData(256, 1_024, 500)]
    public void Read_LegacyXlsWorkbookPastTheBudget_ReportsWorkbookTooLarge(int sheets, int columns, long cells)
    {
        var bytes = File.ReadAllBytes(Repo.Data("realdata", "pole-emploi", "series_offres_france_metro-dom_cvs-1511opendata13251.xls"));
        var limits = ReaderLimits.Default with { MaxWorkbookSheets = sheets, MaxWorkbookColumns = columns, MaxWorkbookCells = cells };

        var within = Read(bytes, agency: "ofii");
        var past = Read(bytes, agency: "ofii", limits: limits);

        Assert.DoesNotContain(within.Errors, e => e.Code == "workbook-too-large");
        var error = Assert.Single(past.Errors);
        Assert.Equal("workbook-too-large", error.Code);
        Assert.StartsWith("Le classeur est trop étendu", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// An F0 header under a title, or under a merged header row: refused at the header's line, saying
    /// which lines to delete, not as a format not recognised naming the title (red team, agency officer).
    /// </summary>
    [Theory]
    [InlineData("text", "Bilan OFII mars 2009\n\nindicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\n", 3, "Supprimez les lignes 1 à 2")]
    [InlineData("xlsx", "Bilan OFII mars 2009\nindicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\n", 2, "Supprimez la ligne 1 ")]
    [InlineData("text", "Observation;;;Chiffres\nindicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\n", 2, "Supprimez la ligne 1 ")]
    public void Read_F0HeaderUnderATitle_RefusedAtTheHeaderSayingWhatToDelete(string kind, string text, int row, string says)
    {
        var bytes = kind == "xlsx" ? Xlsx.FromText(text) : Encoding.UTF8.GetBytes(text);

        var result = Read(bytes, agency: "ofii");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("missing-header", row, FileFormat.F0), (error.Code, error.Row, result.Format));
        Assert.StartsWith($"L'en-tête du gabarit F0 est à la ligne {row}\u202F: il doit être la première ligne", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(error.Message));
    }

    [Fact]
    public void Read_LegacyXlsWorkbook_IsOpenedAndNamesItsSheet()
    {
        var bytes = File.ReadAllBytes(Repo.Data("realdata", "pole-emploi", "series_offres_france_metro-dom_cvs-1511opendata13251.xls"));

        var result = Read(bytes, agency: "ofii");

        var error = Assert.Single(result.Errors);
        Assert.Equal("unknown-format", error.Code);
        Assert.NotNull(error.Sheet);
        Assert.NotEqual("", error.Cell);
    }
}
