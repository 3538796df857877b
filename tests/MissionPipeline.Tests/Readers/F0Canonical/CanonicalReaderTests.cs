using System.Text;
using MissionPipeline.Observations;
using MissionPipeline.Readers;
using static MissionPipeline.Tests.Readers.AgencyFiles;
using MissionPipeline.Tests.Text;
using MissionPipeline.Text;

namespace MissionPipeline.Tests.Readers;

/// <summary>F0 through the entry point: one row per rule of docs/formats.md, located as the agency sees it.</summary>
public sealed partial class CanonicalReaderTests
{
    [Theory]
    [InlineData("ofii", "retour_aides;2009-03;DEP-75;5;;;;;", "unknown-indicator", "indicateur", "retour_aides", "vouliez-vous dire « retours_aides »")]
    [InlineData("ofii", ";2009-03;DEP-75;5;;;;;", "unknown-indicator", "indicateur", "", "Indicateur manquant. Écrivez")]
    [InlineData("dcpaf", "eloignements;2009-03;FR;5;;;;;", "derived-indicator", "indicateur", "eloignements", "ne se transmet pas")]
    [InlineData("ofii", "retours_aides;2009-3x;DEP-75;5;;;;;", "invalid-period", "periode", "2009-3x", "2009-T1")]
    [InlineData("ofii", "retours_aides;2009-05;DEP-75;5;;;;;", "period-in-future", "periode", "2009-05", "9 avril 2009")]
    [InlineData("ofii", "retours_aides;2009-03;75;5;;;;;", "invalid-territory", "territoire", "75", "« DEP-75 »")]
    [InlineData("ofii", "retours_aides;2009-03;Paris;5;;;;;", "invalid-territory", "territoire", "Paris", "DEP-2A")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-20;5;;;;;", "unknown-territory", "territoire", "DEP-20", "DEP-2A et DEP-2B")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-976;5;;;;;", "unknown-territory", "territoire", "DEP-976", "Mayotte")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;1.234,5;;;;;", "invalid-number", "valeur", "1.234,5", "1\u202F234,5")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;douze;;;;;", "invalid-number", "valeur", "douze", "1\u202F234,5")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;1.234;;;;;", "ambiguous-number", "valeur", "1.234", "milliers avec une espace (1\u202F234)")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;12.500;;;;;", "ambiguous-number", "valeur", "12.500", "le point sépare-t-il des milliers")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;1.234.567;;;;;", "invalid-number", "valeur", "1.234.567", "sans point entre les milliers")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;12,5;;;;;", "not-a-whole-number", "valeur", "12,5", "un effectif est un nombre entier")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;4,641;;;;;", "ambiguous-number", "valeur", "4,641", "Si c'est 4\u202F641, écrivez-le ainsi")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;1,412;1580;;;", "ambiguous-number", "numerateur", "1,412", "la virgule sépare-t-elle donc des milliers")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;1412,5;1580;;;", "not-a-whole-number", "numerateur", "1412,5", "nombre entier")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;1.412;1580;;;", "ambiguous-number", "numerateur", "1.412", "au numérateur de")]
    [InlineData("ofpra", "delai_traitement_ofpra;2009-03;FR;116,5;;;40.000;;", "ambiguous-number", "poids", "40.000", "au poids de")]
    [InlineData("ofpra", "delai_traitement_ofpra;2009-03;FR;116.500;;;40;;", "ambiguous-number", "valeur", "116.500", "pour «\u202Fdelai_traitement_ofpra\u202F»\u202F: 116,500 ou 116\u202F500\u202F?")]
    [InlineData("dsed", "delai_naturalisation;2009-T1;DEP-75;1.234;;;40;;", "ambiguous-number", "valeur", "1.234", "1,234 ou 1\u202F234\u202F? Les exports français écrivent les décimales après une virgule")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;s;20;;;", "invalid-number", "numerateur", "s", "colonne valeur ou statut")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;5;;;;x;", "invalid-status", "statut", "x", "nd (non disponible)")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;s;;;;p;", "conflicting-status", "statut", "p", "marqueur « s »")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;5;;;;s;", "conflicting-status", "statut", "s", "secret")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;s;;;;provisoire;", "invalid-status", "statut", "provisoire", "p (provisoire)")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;;;;;p;", "missing-value", "valeur", "", "Valeur manquante")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;;;;;", "missing-value", "numerateur", "", "Numérateur et dénominateur manquants")]
    [InlineData("ofpra", "delai_traitement_ofpra;2009-03;FR;;;;40;;", "missing-value", "valeur", "", "moyenne pondérée")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;5;3;;;;", "unexpected-value", "numerateur", "3", "seule valeur")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;0,89;1412;1580;;;", "unexpected-value", "valeur", "0,89", "est un taux")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;1412;1580;7;;", "unexpected-value", "poids", "7", "sans poids")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;1412;;;;", "incomplete-ratio", "denominateur", "", "le dénominateur manque")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;p;;1580;;;", "incomplete-ratio", "numerateur", "", "le numérateur manque")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;12;0;;;", "zero-denominator", "denominateur", "0", "numérateur vaut 12")]
    [InlineData("ofpra", "delai_traitement_ofpra;2009-03;FR;116;;;;;", "missing-weight", "poids", "", "nombre de décisions")]
    [InlineData("dsed", "comite_interministeriel_integration;2009-03;FR;1;;;;;", "invalid-milestone", "periode", "2009-03", "au jour près")]
    [InlineData("dsed", "comite_interministeriel_integration;2009-03-15;FR;2;;;;;", "invalid-milestone", "valeur", "2", "valeur 1")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;-3;;;;;", "negative-value", "valeur", "-3", "corrigez le signe")]
    [InlineData("ofii", "retours_aides;2009;DEP-75;5;;;;;", "period-granularity", "periode", "2009", "se transmet par un mois")]
    [InlineData("ofii", "retours_aides;2009-T1;DEP-75;5;;;;;", "period-granularity", "periode", "2009-T1", "transmettez chaque période")]
    [InlineData("ofii", "retours_aides;2009-03-15;DEP-75;5;;;;;", "period-granularity", "periode", "2009-03-15", "par jour")]
    [InlineData("ofii", "retours_aides;2008-02-29;DEP-75;5;;;;;", "period-granularity", "periode", "2008-02-29", "se transmet par un mois (2008-02), pas par jour")]
    [InlineData("ofii", "retours_aides;2009-03-01;DEP-75;5;;;;;", "period-granularity", "periode", "2009-03-01", "pas par jour. Une date Excel affichée « mars 2009 » est enregistrée comme le jour du 1ᵉʳ mars 2009 : écrivez 2009-03 dans une cellule au format Texte.")] // the officer sees « mars-09 », never « 2009-03-01 »
    [InlineData("dsed", "part_etudiants_disciplines_prioritaires;2009-03;FR;;10;20;;;", "period-granularity", "periode", "2009-03", "un trimestre (2009-T1), pas par mois")]
    [InlineData("ofii", "retours_aides;0001-01;DEP-75;5;;;;;", "invalid-period", "periode", "0001-01", "l'année 0001 n'est pas acceptée (de 1900 à 2999)")]
    [InlineData("ofii", "retours_aides;9999;DEP-75;5;;;;;", "invalid-period", "periode", "9999", "l'année 9999 n'est pas acceptée")]
    [InlineData("ofii", "retours_aides;2009-13;DEP-75;5;;;;;", "invalid-period", "periode", "2009-13", "Période « 2009-13 » : le mois 13 n'existe pas")]
    [InlineData("ofii", "retours_aides;13/2009;DEP-75;5;;;;;", "invalid-period", "periode", "13/2009", "le mois 13 n'existe pas")]
    [InlineData("ofii", "retours_aides;30/02/2009;DEP-75;5;;;;;", "invalid-period", "periode", "30/02/2009", "le 30/02/2009 n'existe pas")]
    [InlineData("ofii", "retours_aides;0000-02-30;DEP-75;5;;;;;", "invalid-period", "periode", "0000-02-30", "illisible")] // year 0: no calendar to ask, never a crash
    [InlineData("ofii", "retours_aides;\uFF12\uFF10\uFF10\uFF19-\uFF11\uFF13;DEP-75;5;;;;;", "invalid-period", "periode", "\uFF12\uFF10\uFF10\uFF19-\uFF11\uFF13", "illisible")] // full-width digits: a located error, not a file that fails
    [InlineData("ofii", "retours_aides;2009-03-x;DEP-75;5;;;;;", "invalid-period", "periode", "2009-03-x", "Période « 2009-03-x » illisible")]
    [InlineData("ofii", "cai_bilans_competences;2009-03;DE;5;;;;;", "territory-out-of-scope", "territoire", "DE", "n'a pas de place")]
    [InlineData("dgt", "operations_travail_illegal;2009-03;DEP-75;5;;;;;", "territory-out-of-scope", "territoire", "DEP-75", "publié pour FR")]
    [InlineData("dgt", "operations_travail_illegal;2009-03;FR;12125529;;;;;", "implausible-value", "valeur", "12125529", "invraisemblable")]
    [InlineData("dgt", "operations_travail_illegal;2009-03;FR;100000000000000000000000000;;;;;", "implausible-value", "valeur", "100000000000000000000000000", "invraisemblable")]
    [InlineData("ofii", "cai_bilans_competences;2009-03;FR;9223372036854775808;;;;;", "implausible-value", "valeur", "9223372036854775808", "Nombre « 9223372036854775808 » invraisemblable")]
    [InlineData("ofii", "cai_bilans_competences;2009-03;FR;12125529;;;;;", "implausible-value", "valeur", "12125529", "Nombre 12\u202F125\u202F529 invraisemblable")]
    [InlineData("insee", "taux_chomage_etrangers_hors_ue;2009;FR-MET;23,8;;;;;", "implausible-value", "valeur", "23,8", "Taux 23,8 invraisemblable pour « taux_chomage_etrangers_hors_ue » : un taux s'écrit en fraction de 1 (0,238 pour 23,8 %), jamais au-delà de 1. Vouliez-vous dire 0,238 ?")] // published as 2 380,0 %
    [InlineData("insee", "taux_chomage_etrangers_hors_ue;2009;FR-MET;1,5;;;;;", "implausible-value", "valeur", "1,5", "Vouliez-vous dire 0,015 ?")]
    [InlineData("insee", "taux_chomage_etrangers_hors_ue;2009;FR-MET;238;;;;;", "implausible-value", "valeur", "238", "jamais au-delà de 1. Corrigez la cellule.")]
    [InlineData("ofii", "retours_aides;2009-03;DEP-75;-12345678901234567;;;;;", "negative-value", "valeur", "-12345678901234567", "Nombre négatif (« -12345678901234567 »)")]
    [InlineData("ofii", "dilf_taux_reussite;2009-03;FR;;0;0;;;", "zero-denominator", "denominateur", "0", "0 sur 0")]
    [InlineData("ofpra", "delai_traitement_ofpra;2009-03;FR;116;;;-40;;", "negative-value", "poids", "-40", "corrigez le signe")]
    public void Read_RowBreakingARule_ReportsItLocated(string agency, string row, string code, string column, string cell, string hint)
    {
        var result = ReadRow(row, agency);

        var error = Assert.Single(result.Errors);
        Assert.Equal((code, 2, column, cell), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains(FrenchTypography.Apply(hint), error.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(error.Message));
        Assert.Null(error.Sheet);
        Assert.Empty(result.Observations);
        Assert.Equal(FileFormat.F0, result.Format);
    }

    [Fact]
    public void Read_HeaderRepeatedBelowTheData_OneErrorAndTheRowsCounted()
    {
        var result = Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\nindicateur;periode;territoire;valeur\nretours_aides;2009-04;DEP-75;6\n");

        Assert.Equal([("repeated-header", 3)], result.Errors.Select(e => (e.Code, e.Row)));
        Assert.Equal(2, result.Rows); // the data rows, not the repeated header
    }

    [Theory]
    [InlineData("indicateur;periode;territoire;valuer\nretours_aides;2009-03;DEP-75;5\n", "unknown-column", 1, "valuer", "valuer", "Colonne « valuer » inconnue : vouliez-vous dire « valeur » ?")]
    [InlineData("indicateur;periode;territoire;valeur;Remarque\nretours_aides;2009-03;DEP-75;5;x\n", "unknown-column", 1, "Remarque", "Remarque", "commentaire")]
    [InlineData("indicateur;periode;valeur\nretours_aides;2009-03;5\n", "missing-column", 1, "territoire", "", "DEP-75")]
    [InlineData("indicateur;periode;territoire;valeur;Valeur \nretours_aides;2009-03;DEP-75;5;6\n", "duplicate-column", 1, "Valeur ", "Valeur ", "position 4")]
    [InlineData("indicateur;periode;territoire;valeur\n", "no-data-rows", 1, "", "", "ligne d'en-tête")]
    [InlineData("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5;6\n", "wrong-cell-count", 2, "", "retours_aides;2009-03;DEP-75;5;6", "5 cellules alors que l'en-tête en a 4")]
    [InlineData("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75\n", "wrong-cell-count", 2, "", "retours_aides;2009-03;DEP-75", "3 cellules")]
    [InlineData("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\nretours_aides\n", "wrong-cell-count", 3, "", "retours_aides", "La ligne a 1 cellule alors que")] // « 1 cellules »
    [InlineData("indicateur;periode;territoire;valeur;\nretours_aides;2009-03;DEP-75;5;x\n", "value-without-column", 2, "colonne 5", "x", "sans en-tête")]
    [InlineData("indicateur;periode;territoire;valeur;commentaire\nretours_aides;2009-03;DEP-75;5;\"sans fin\n\nretours_aides;2009-03;DEP-93;5;\n", "unterminated-quote", 2, "", "retours_aides;2009-03;DEP-75;5;\"sans fin", "jamais refermé")]
    [InlineData("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\n\nretours_aides;03/2009;dep-75;6\n", "duplicate-row", 4, "indicateur / periode / territoire", "retours_aides / 03/2009 / dep-75", "déjà donnés ligne 2")]
    [InlineData("indicateur;periode;territoire;valeur\n\n\"retours\naides\";2009-03;DEP-75;5\nretours_aides;2009-03;DEP-75;x\n", "invalid-number", 5, "valeur", "x", "illisible")]
    [InlineData("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\nindicateur;periode;territoire;valeur\nretours_aides;2009-04;DEP-75;6\n", "repeated-header", 3, "", "indicateur;periode;territoire;valeur", "Ligne d'en-tête répétée (la première est ligne 1) : deux fichiers collés l'un sous l'autre ?")] // it gave 8 errors on that line
    public void Read_FileBreakingARule_ReportsItLocated(string text, string code, int row, string column, string cell, string hint)
    {
        var result = Read(text);

        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.Equal((row, column, cell), (error.Row, error.Column, error.Cell));
        Assert.Contains(FrenchTypography.Apply(hint), error.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(error.Message));
        Assert.False(result.Accepted);
    }

    /// <summary>
    /// A column added beside the template's, that resembles none of its missing ones, leaves the
    /// others trustworthy: the rows are read and their errors listed with the header's, so that the
    /// officer corrects everything at once (it hid them until the header was mended: red team,
    /// agency officer). A misspelt name, a column twice or one missing leave which cell is which in
    /// doubt: the rows are then checked for their shape only.
    /// </summary>
    [Theory]
    [InlineData("indicateur;periode;territoire;valeur;source\nretours_aides;2009-03;DEP-75;-3;x\nretours_aides;2009-03;DEP-93;x;y\n", "unknown-column negative-value invalid-number")]
    [InlineData("source;indicateur;periode;territoire;valeur\nx;retours_aides;2009-13;DEP-75;4\n", "unknown-column invalid-period")]
    [InlineData("indicateur;periode;territoire;valuer\nretours_aides;2009-03;DEP-75;-3\n", "unknown-column")]
    [InlineData("indicateur;periode;territoire;valeur;source;valeur\nretours_aides;2009-03;DEP-75;-3;x;4\n", "unknown-column duplicate-column")]
    [InlineData("indicateur;periode;valeur;source\nretours_aides;2009-03;-3;x\n", "unknown-column missing-column")]
    public void Read_UnknownColumn_RowsCheckedOnlyWhenTheOthersAreTrustworthy(string text, string codes)
    {
        var result = Read(text);

        Assert.Equal(codes.Split(' '), result.Errors.Select(e => e.Code));
        Assert.Empty(result.Observations);
    }

    [Fact]
    public void Read_BadHeader_ChecksRowsForTheirShapeOnly()
    {
        var result = Read("indicateur;periode;territoire;valuer\nretours_aides;2009-03;DEP-75;5\nretours_aides;2009-03;DEP-93\n");

        Assert.Equal(["unknown-column", "wrong-cell-count"], result.Errors.Select(e => e.Code));
        Assert.Equal(2, result.Rows);
    }

    [Fact]
    public void Read_ManyBadRows_ReportsEveryOne()
    {
        var result = Read($"{FullHeader}\nretours_aides;2009-13;75;x;;;;;\nretours_aides;2009-03;DEP-75;5;;;;;\ndilf_taux_reussite;2009-03;FR;;5;;;;\n");

        Assert.Equal(
            [("invalid-period", 2, "periode"), ("invalid-territory", 2, "territoire"), ("invalid-number", 2, "valeur"), ("incomplete-ratio", 4, "denominateur")],
            result.Errors.Select(e => (e.Code, e.Row, e.Column)));
        Assert.Equal(3, result.Rows);
        Assert.Equal(3, Assert.Single(result.Observations).Row);
    }

    [Fact]
    public void Read_RatioAboveOne_RejectedAsImplausible()
    {
        var result = ReadRow("dilf_taux_reussite;2009-03;FR;;1600;1580;;;");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("implausible-value", 2, "numerateur", "1600"), (error.Code, error.Row, error.Column, error.Cell));
        Assert.False(result.Accepted);
    }

    [Theory]
    [InlineData("retours_aides;2009-03;DEP-75;s;;;;;", ValueStatus.Secret)]
    [InlineData("retours_aides;2009-03;DEP-75;ND;;;;;", ValueStatus.NotAvailable)]
    [InlineData("retours_aides;2009-03;DEP-75; p ;;;;P;", ValueStatus.Provisional)]
    [InlineData("retours_aides;2009-03;DEP-75;;;;;s;", ValueStatus.Secret)]
    [InlineData("dilf_taux_reussite;2009-03;FR;nd;;;;;", ValueStatus.NotAvailable)]
    [InlineData("dilf_taux_reussite;2009-03;FR;;;;;nd;", ValueStatus.NotAvailable)]
    public void Read_MarkerInsteadOfFigure_IsAcceptedWithoutNumber(string row, ValueStatus status)
    {
        var result = ReadRow(row);

        Assert.Empty(result.Errors);
        var observation = Assert.Single(result.Observations);
        Assert.Equal(status, observation.Status);
        Assert.False(observation.HasFigure);
    }

    [Fact]
    public void Read_ProvisionalRatio_KeepsItsNumbersAndStatus()
    {
        var observation = Assert.Single(ReadRow("dilf_taux_reussite;2009-03;FR;p;1412;1580;;;").Observations);

        Assert.Equal((1412d, 1580d, ValueStatus.Provisional), (observation.Numerator!.Value, observation.Denominator!.Value, observation.Status));
        Assert.Null(observation.Value);
    }

    [Theory]
    [InlineData("ofpra", "delai_traitement_ofpra;2009-03;FR;116,5;;;2 584;;", 116.5, 2584d)]
    [InlineData("dsed", "comite_interministeriel_integration;15/03/2009;FR;1;;;;;", 1d, null)]
    [InlineData("insee", "population_etrangere;2008;REG-11;1 654 210;;;;e;", 1654210d, null)]
    public void Read_EveryAggregation_GivesItsShape(string agency, string row, double value, double? weight)
    {
        var observation = Assert.Single(ReadRow(row, agency).Observations);

        Assert.Equal<(double?, double?)>((value, weight), (observation.Value, observation.Weight));
    }

    [Fact]
    public void Read_CommentTooLong_ReportsItCut()
    {
        var comment = new string('a', 501);

        var error = Assert.Single(ReadRow($"retours_aides;2009-03;DEP-75;5;;;;;{comment}").Errors);

        Assert.Equal(("comment-too-long", 2, "commentaire", comment[..120] + "…"), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Contains("501 caractères", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoValeurColumn_IsOneErrorForTheWholeFile()
    {
        var rows = from month in Enumerable.Range(1, 3) from departement in Enumerable.Range(1, 19) select $"retours_aides;2009-{month:00};DEP-{departement:00}\n";

        var result = Read("indicateur;periode;territoire\n" + string.Concat(rows));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("missing-value", 2, "valeur"), (error.Code, error.Row, error.Column));
        Assert.Contains(FrenchTypography.Apply("pas de colonne « valeur » : ajoutez-la à l'en-tête ; 57 lignes sont dans ce cas, de la ligne 2 à la ligne 58"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("révisé\u001B[32m valide", "‹U+001B›, au caractère 7")]
    [InlineData("a\u0000b", "‹U+0000›, au caractère 2")]
    [InlineData("fin\u0085suite", "‹U+0085›, au caractère 4")]
    public void Read_CommentWithAControlCharacter_IsInvalidComment(string comment, string inMessage)
    {
        var error = Assert.Single(ReadRow($"retours_aides;2009-03;DEP-75;5;;;;;{comment}").Errors);

        Assert.Equal(("invalid-comment", 2, "commentaire"), (error.Code, error.Row, error.Column));
        Assert.Contains(inMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CommentWithALineBreak_IsKept()
    {
        var result = ReadRow("retours_aides;2009-03;DEP-75;5;;;;;\"révisé\ten mars\nsuite au contrôle\"");

        Assert.Empty(result.Errors);
        Assert.Equal("révisé\ten mars\nsuite au contrôle", Assert.Single(result.Observations).Comment);
    }

    [Fact]
    public void Read_CommentOf500Characters_IsKept()
    {
        var comment = new string('a', 500);

        Assert.Equal(comment, Assert.Single(ReadRow($"retours_aides;2009-03;DEP-75;5;;;;;{comment}").Observations).Comment);
    }

    /// <summary>
    /// A period before 2000, where no dashboard begins (a 2009 typed 1999, an empty Excel date shown as
    /// January 1900), is kept with one warning for the file, at its first row, counting the others: it
    /// was accepted without a word (red team, agency officer).
    /// </summary>
    [Fact]
    public void Read_PeriodsBefore2000_OneWarningCountingThemAndTheFileAccepted()
    {
        var result = Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\nretours_aides;1999-03;DEP-75;6\nretours_aides;1900-01;DEP-75;7\nretours_aides;1999-12;DEP-93;8\n");

        Assert.True(result.Accepted);
        Assert.Equal(4, result.Observations.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("period-too-old", 3, "periode", "1999-03"), (warning.Code, warning.Row, warning.Column, warning.Cell));
        Assert.Contains("antérieure à 2000", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith("3 lignes sont dans ce cas, de la ligne 3 à la ligne 5.", warning.Message, StringComparison.Ordinal);
        Assert.Empty(FrenchTextRules.Violations(warning.Message));
    }

    /// <summary>A total line in F0, whose sums the dashboard makes: one error for the line, not one per blank key cell.</summary>
    [Theory]
    [InlineData("Total;;;4641")]
    [InlineData("Sous-total Île-de-France;;;212")]
    [InlineData("TOTAL GÉNÉRAL;2009-03;FR;4641")]
    public void Read_TotalLine_OneErrorForTheLine(string line)
    {
        var result = Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\n" + line + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("total-row", 3, "indicateur"), (error.Code, error.Row, error.Column));
        Assert.Contains("le gabarit F0 n'en a pas", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One colon in the sentence: « …de 2009 : vérifiez le numéro : la Corse… » had two.</summary>
    [Fact]
    public void Read_DepartementOf2011_OneColonAndTheHint()
    {
        var error = Assert.Single(Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-976;5\n").Errors);

        Assert.Equal("unknown-territory", error.Code);
        Assert.Single(error.Message, c => c == ':');
        Assert.Contains("vérifiez le numéro (la Corse s'écrit DEP-2A et DEP-2B, et Mayotte (976) n'est un département que depuis 2011)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40, "plus de 40 caractères")]
    [InlineData(4096, "plus de 4\u202F096 caractères")] // the default, grouped as every other count
    public void Read_CellLongerThanTheLimit_ReportsCellTooLong(int limit, string inMessage)
    {
        var result = Read("indicateur;periode;territoire;valeur;commentaire\nretours_aides;2009-03;DEP-75;5;" + new string('x', limit + 10) + "\n",
            limits: ReaderLimits.Default with { MaxCellLength = limit });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("cell-too-long", 2, "commentaire"), (error.Code, error.Row, error.Column));
        Assert.StartsWith(new string('x', 41), error.Cell, StringComparison.Ordinal);
        Assert.Contains(inMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MixedEncodingsPastTheDetectionWindow_ReportsInvalidEncodingAtTheCell()
    {
        var blankLines = new string('\n', 70_000);
        byte[] bytes =
        [
            .. Encoding.UTF8.GetBytes($"indicateur;periode;territoire;valeur;commentaire\nretours_aides;2009-03;DEP-75;5;déjà vu\n{blankLines}retours_aides;2009-03;DEP-93;5;"),
            0xE9, 0x74, 0xE9, (byte)'\n',
        ];

        var result = Read(bytes);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("invalid-encoding", 70_003, "commentaire", "\uFFFDt\uFFFD"), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Equal("déjà vu", result.Observations[0].Comment);
    }

    [Fact]
    public void Read_MoreRowsThanTheLimit_ReportsTooManyRowsAndStops()
    {
        var text = "indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;1\nretours_aides;2009-03;DEP-93;1\nretours_aides;2009-03;DEP-13;x\n";

        var result = Read(text, limits: ReaderLimits.Default with { MaxRows = 2 });

        var error = Assert.Single(result.Errors);
        Assert.Equal(("too-many-rows", 4, "", ""), (error.Code, error.Row, error.Column, error.Cell));
        Assert.Equal(2, result.Rows);
    }

    [Fact]
    public void Read_MoreErrorsThanDetailed_CountsTheRest()
    {
        var text = "indicateur;periode;territoire;valeur\n" + string.Concat(Enumerable.Repeat("retours_aides;x;DEP-75;1\n", 1_203));

        var errors = Read(text).Errors;

        Assert.Equal(1_001, errors.Count);
        Assert.Equal(("too-many-errors", 0), (errors[^1].Code, errors[^1].Row));
        Assert.StartsWith("203 autres erreurs", errors[^1].Message, StringComparison.Ordinal);
    }

    /// <summary>Exporters of CSV for Excel write Excel's hint « sep=; » as the first line: it names the separator and is not the header.</summary>
    [Theory]
    [InlineData("sep=;\nindicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;1 234\n")]
    [InlineData("sep=,\r\nindicateur,periode,territoire,valeur\r\nretours_aides,2009-03,DEP-75,\"1 234\"\r\n")]
    [InlineData("SEP=\t\nindicateur\tperiode\tterritoire\tvaleur\nretours_aides\t2009-03\tDEP-75\t1 234\n")]
    public void Read_SepLineBeforeTheHeader_UsesItsSeparatorAndCountsItsLine(string text)
    {
        var result = Read(text);

        Assert.Empty(result.Errors);
        var observation = Assert.Single(result.Observations);
        Assert.Equal((1234d, 3), (observation.Value, observation.Row));
    }

    /// <summary>DOS-era tools end a text file with Ctrl-Z (0x1A): not a character of the last line, nor a line of its own.</summary>
    [Theory]
    [InlineData("\r\n\u001A")]
    [InlineData("\u001A")]
    [InlineData("\n\u001A")]
    public void Read_CtrlZClosingTheFile_IsIgnored(string end)
    {
        var result = Read($"indicateur;periode;territoire;valeur\r\nretours_aides;2009-03;DEP-75;5{end}");

        Assert.Empty(result.Errors);
        Assert.Equal(5, Assert.Single(result.Observations).Value);
    }

    [Fact]
    public void Read_CtrlZInsideTheFile_IsStillAnError()
    {
        var result = Read("indicateur;periode;territoire;valeur\nretours_aides;2009-03;DEP-75;5\u001A\nretours_aides;2009-03;DEP-93;6\n");

        Assert.Equal(("invalid-number", 2), (Assert.Single(result.Errors).Code, Assert.Single(result.Errors).Row));
    }

    [Fact]
    public void Read_HeaderWithOtherCaseAccentsSpacesAndOrder_IsMatched()
    {
        var result = Read(" Territoire ;PÉRIODE;Valeur;Indicateur;Statut;Commentaire\nDEP-75;2009-03;12;retours_aides;e;note\n");

        var observation = Assert.Single(result.Observations);
        Assert.Equal(("DEP-75", 12d, ValueStatus.Estimated, "note"), (observation.Territory.Code, observation.Value!.Value, observation.Status, observation.Comment));
    }
}
