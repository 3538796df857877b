using System.Text;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;

namespace MissionPipeline.Tests.Readers;

/// <summary>F5 files with errors: each is located, coded, and never quotes personal data.</summary>
public sealed partial class RegisterExtractReaderTests
{
    private const string Good = "2009-03;0123456789abcdef;A;HUE;75;F;25-49";

    [Theory]
    [InlineData("2009-03;aaaa1111bbbb2222;F;HUE;75;F;25-49", "unknown-category", "categorie", "F")]
    [InlineData("2009-03;aaaa1111bbbb2222;;HUE;75;F;25-49", "unknown-category", "categorie", "")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;XX;75;F;25-49", "unknown-nationality", "nationalite", "XX")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;20;F;25-49", "unknown-territory", "departement", "20")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;976;F;25-49", "unknown-territory", "departement", "976")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;DEP-20;F;25-49", "unknown-territory", "departement", "DEP-20")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;REG-11;F;25-49", "not-a-departement", "departement", "REG-11")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;FR-MET;F;25-49", "not-a-departement", "departement", "FR-MET")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;Paris;F;25-49", "invalid-territory", "departement", "Paris")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;;F;25-49", "invalid-territory", "departement", "")]
    [InlineData("2009-13;aaaa1111bbbb2222;A;HUE;75;F;25-49", "invalid-period", "mois", "2009-13")]
    [InlineData("2009;aaaa1111bbbb2222;A;HUE;75;F;25-49", "invalid-period", "mois", "2009")]
    [InlineData("2009-04;aaaa1111bbbb2222;A;HUE;75;F;25-49", "mixed-months", "mois", "2009-04")]
    [InlineData("2009-03;;A;HUE;75;F;25-49", "missing-value", "identifiant", "")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;75;F", "wrong-cell-count", "", "")]
    [InlineData("2009-03;aaaa1111bbbb2222;A;HUE;75;F;25-49;x", "wrong-cell-count", "", "")]
    [InlineData("2009-03;\"aaaa1111bbbb2222;A;HUE;75;F;25-49", "unterminated-quote", "", "")]
    public void Read_BadCell_ReportsItLocatedAtTheSecondDataRow(string row, string code, string column, string cell)
    {
        var result = ReadExtract($"{Header}\n{Good}\n{row}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, 3, column, cell), (error.Code, error.Row, error.Column, error.Cell));
        Assert.DoesNotContain("aaaa1111bbbb2222", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("aaaa1111", error.Cell, StringComparison.Ordinal);
        Assert.Equal(FileFormat.F5, result.Format);
        Assert.False(result.Accepted);
    }

    [Fact]
    public void Read_MixedMonths_NamesTheFilesMonthAndWhereItWasRead()
    {
        var error = Assert.Single(ReadExtract($"{Header}\n{Good}\n2009-04;b;A;HUE;75;F;25-49\n").Errors);

        Assert.Contains("2009-03", error.Message, StringComparison.Ordinal);
        Assert.Contains("ligne 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameMonthWrittenOtherwise_IsNotMixed()
    {
        var result = ReadExtract($"{Header}\n{Good}\n03/2009;b;A;HUE;75;F;25-49\n");

        Assert.Empty(result.Errors);
        Assert.Equal(2, Values(result)["DEP-75"]);
    }

    [Fact]
    public void Read_DuplicateIdentifier_LocatesTheSecondNamesTheFirstAndQuotesNeither()
    {
        const string Id = "5e884898da28047151d0e56f8dc62927";
        var result = ReadExtract($"{Header}\n{Good}\n2009-03;{Id};A;HUE;13;H;<25\n{Good.Replace("0123456789abcdef", "x", StringComparison.Ordinal)}\n2009-03;{Id};B;FR;01;F;50+\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("duplicate-identifier", 5, "identifiant", "5e8…"), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains("ligne 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Id[..8], error.Message, StringComparison.Ordinal);
    }

    /// <summary>An identifier read twice is listed at its line among the others, not after the last (red team, agency officer).</summary>
    [Fact]
    public void Read_DuplicateIdentifierAndALaterBadLine_ListedInLineOrder()
    {
        var result = ReadExtract($"{Header}\n{Good}\n{Good}\n2009-03;ffff0000ffff0000;A;HUE;Paris;F;25-49\n");

        Assert.Equal([("duplicate-identifier", 3), ("invalid-territory", 4)], result.Errors.Select(e => (e.Code, e.Row)));
    }

    [Fact]
    public void Read_IdentifierWithSurroundingSpaces_IsTheSameIdentifier()
    {
        var result = ReadExtract($"{Header}\n{Good}\n2009-03; 0123456789abcdef ;B;FR;01;F;50+\n");

        Assert.Equal(("duplicate-identifier", 3), (Assert.Single(result.Errors).Code, result.Errors[0].Row));
    }

    [Fact]
    public void Read_EveryKindOfError_NeverQuotesIdentifierSexOrAge()
    {
        string[] rows =
        [
            "2009-03;SECRETID00000001;A;HUE;75;SEXE-SECRET;AGE-SECRET",
            "2009-03;SECRETID00000001;Z;ZZ;20;SEXE-SECRET;AGE-SECRET",
            "2009-04;SECRETID00000002;A;HUE;75;SEXE-SECRET;AGE-SECRET",
            "2009-03;SECRETID00000003;A;HUE;75;SEXE-SECRET",
            "2009-03;\"SECRETID00000004;A;HUE;75;SEXE-SECRET;AGE-SECRET",
            "2009-03;SECRETID00000005;A;HUE;75;SEXE-SECRET;AGE-SECRET;SECRETID00000006",
            $"2009-03;SECRETID{new string('7', 5_000)};A;HUE;75;SEXE-SECRET;AGE-SECRET",
        ];

        var result = ReadExtract($"{Header}\n{string.Join("\n", rows)}\n");

        Assert.True(result.Errors.Count >= 7);
        Assert.All(result.Errors.Concat(result.Warnings), e =>
        {
            Assert.DoesNotContain("SECRET", e.Cell + e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ECRE", e.Cell + e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Read_PeriodAfterTheUpload_ReportsPeriodInFutureOnce()
    {
        var result = ReadExtract($"{Header}\n{Good.Replace("2009-03", "2009-05", StringComparison.Ordinal)}\n2009-05;b;A;HUE;75;F;25-49\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("period-in-future", 2, "mois", "2009-05"), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Empty(result.Observations);
        Assert.Equal(["demandeurs_emploi_etrangers_hors_ue"], result.Mentioned.Select(m => m.Value));
    }

    [Theory]
    [InlineData("mois;identifiant;categorie;nationalite;sexe;tranche_age", "missing-column", "departement")]
    [InlineData("mois;identifiant;categorie;nationalite;departement;sexe;tranche_age;revenu", "unknown-column", "revenu")]
    [InlineData("mois;identifiant;categorie;nationalite;departement;sexe;tranche_ages", "unknown-column", "tranche_ages")]
    [InlineData("mois;identifiant;categorie;nationalite;departement;departement;sexe;tranche_age", "duplicate-column", "departement")]
    public void Read_BadHeader_ReportsTheColumn(string header, string code, string column)
    {
        var result = ReadExtract($"{header}\n{Good}\n");

        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.Equal((1, column), (error.Row, error.Column));
    }

    [Fact]
    public void Read_UnknownColumnWithTypo_SuggestsTheName()
    {
        var result = ReadExtract($"{Header}s\n{Good}\n");

        Assert.Contains("tranche_age", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(";")]
    [InlineData(",")]
    public void Read_ExtractWithoutHeader_ReportsMissingHeaderWithoutQuotingTheFirstRow(string separator)
    {
        var result = ReadExtract($"{Good}\n2009-03;b;A;HUE;75;F;25-49\n".Replace(";", separator, StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("missing-header", 1, "", ""), (error.Code, error.Row, error.Column, error.Cell));
        Assert.DoesNotContain("0123456789", error.Message, StringComparison.Ordinal);
        Assert.Equal(FileFormat.F5, result.Format);
    }

    [Fact]
    public void Read_HeaderOnly_ReportsNoDataRows()
    {
        var error = Assert.Single(ReadExtract($"{Header}\n\n").Errors);

        Assert.Equal(("no-data-rows", 1), (error.Code, error.Row));
    }

    [Fact]
    public void Read_ValueUnderTrailingSeparator_ReportsValueWithoutColumnMasked()
    {
        var error = Assert.Single(ReadExtract($"{Header};\n{Good};\n{Good.Replace("0123", "9999", StringComparison.Ordinal)};0600000000\n").Errors);

        Assert.Equal(("value-without-column", 3, "colonne 8", "060…"), (error.Code, error.Row, error.Column, error.Cell));
    }

    [Fact]
    public void Read_CellLongerThanTheLimit_ReportsCellTooLongMasked()
    {
        var result = ReadExtract($"{Header}\n2009-03;{new string('f', 40)};A;HUE;75;F;25-49\n", ReaderLimits.Default with { MaxCellLength = 32 });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("cell-too-long", 2, "identifiant", "fff…"), (error.Code, error.Row, error.Column, error.Cell));
    }

    [Fact]
    public void Read_LineLongerThanTheBuffer_ReportsItAndGoesOn()
    {
        var result = ReadExtract($"{Header}\n{Good}\n2009-03;{new string('x', 3 << 20)}\n2009-03;ok;A;HUE;75;F;25-49\n2009-03;zz;Q;HUE;75;F;25-49\n");

        Assert.Equal([("cell-too-long", 3), ("unknown-category", 5)], result.Errors.Select(e => (e.Code, e.Row)));
        Assert.Contains("Ligne de plus de 1\u202F048\u202F576 octets", result.Errors[0].Message, StringComparison.Ordinal); // grouped as every count
    }

    [Fact]
    public void Read_EndlessExtract_StopsAtMaxRows()
    {
        using var endless = new EndlessLines(Header, Good);

        var result = AgencyFileReader.Read(endless, Context("pole-emploi", ReaderLimits.Default with { MaxRows = 5_000 }));

        Assert.Equal(5_000, result.Rows);
        Assert.Contains(result.Errors, e => e is { Code: "too-many-rows", Row: 5_002 });
    }

    /// <summary>A gzip of 900 MiB of newlines under an F5 header was walked to its end (8 s) and accepted; it stops as every text file does.</summary>
    [Theory]
    [InlineData("")]
    [InlineData(";;;;;;")]
    [InlineData("  ")]
    public void Read_EndlessBlankLines_StopsPastMaxRowsOfThem(string blank)
    {
        using var endless = new EndlessLines(Header + "\n" + Good, blank);

        var result = AgencyFileReader.Read(endless, Context("pole-emploi", ReaderLimits.Default with { MaxRows = 5_000 }));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("too-many-rows", FileFormat.F5, 1), (error.Code, result.Format, result.Rows)); // the data row read before them (« 0 ligne »)
        Assert.StartsWith("Le fichier a plus de 5\u202F000 lignes vides\u202F; la lecture s'est arrêtée ligne 5\u202F003.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MillionsOfBadRows_DetailsTheFirstThousandAndCountsTheRest()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 5_000; i++)
        {
            text.Append("2009-03;").Append(i).Append(";Z;HUE;75;F;25-49\n");
        }

        var result = ReadExtract(text.ToString());

        Assert.Equal(1_001, result.Errors.Count);
        Assert.Equal("too-many-errors", result.Errors[^1].Code);
        Assert.StartsWith("4\u202F000 autres erreurs", result.Errors[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(100)]
    public void Read_TruncatedGzipExtract_ReportsTruncatedGzip(int cut)
    {
        var text = Header + "\n" + string.Concat(Enumerable.Range(0, 2_000).Select(i => $"2009-03;{i:x12};A;HUE;75;F;25-49\n"));
        var gzip = Gzip(Utf8(text));

        var result = Read(gzip[..^cut], "pole-emploi");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("truncated-gzip", 0), (error.Code, error.Row));
        Assert.Contains("incomplet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RandomBytesAfterAnExtractHeader_NeverThrows()
    {
        var random = new Random(20090331);
        var start = Utf8($"{Header}\n{Good}\n");
        for (var i = 0; i < 300; i++)
        {
            var noise = new byte[random.Next(0, 4_000)];
            random.NextBytes(noise);
            if (i % 3 == 0)
            {
                // Mostly separators, quotes and line breaks: the tokenizer's edge cases.
                for (var j = 0; j < noise.Length; j++)
                {
                    noise[j] = "\";\n\r\"A;HUE;75;2009-03;x"u8[noise[j] % 19];
                }
            }

            byte[] bytes = i % 5 == 4 ? Gzip([.. start, .. noise])[..^random.Next(0, 9)] : [.. start, .. noise];

            var result = Read(bytes, "pole-emploi");

            Assert.Contains(result.Format, new[] { FileFormat.F5, FileFormat.Unknown });
            Assert.All(result.Errors, e => Assert.Matches("^[a-z]+(-[a-z]+)*$", e.Code));
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            Assert.DoesNotContain(result.Errors, e => e.Code == "unreadable-file" && bytes is not [0x1F, 0x8B, ..]);
        }
    }
}
