using MissionPipeline.Cli.Samples;
using MissionPipeline.Periods;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// Pôle emploi's STMT series workbook (F3) for a year and the year before: a <c>Descriptif</c> sheet,
/// then a <c>DEFM</c> sheet with its metadata rows, a header whose leaf label ends with the series
/// code <c>DEFM A HUE</c>, and one row per month as an Excel date serial. Same seed, same bytes.
/// </summary>
internal static class StmtSample
{
    public static void Write(Stream output, int year, SampleRandom random)
    {
        var rows = new List<object?[]?>
        {
            new object?[] { "Titre", "Demandeurs d'emploi inscrits en catégorie A selon la nationalité" },
            new object?[] { "Données", "CVS-CJO" },
            new object?[] { "Niveau géographique", "France métropolitaine" },
            new object?[] { "Source", "Pôle emploi - Dares, STMT" },
            new object?[] { "(1) Données corrigées des variations saisonnières et des jours ouvrables." },
            null,
            new object?[] { "Mois", "Étrangers hors UE (DEFM A HUE)" },
        };
        for (var y = year - 1; y <= year; y++)
        {
            for (var m = 1; m <= 12; m++)
            {
                // Each workbook's estimate of the one series, rounded to hundreds as Pôle emploi publishes it.
                var foreigners = JobseekerSeries.Level(Period.OfMonth(y, m)) + random.Between(-250, 250);
                var serial = (long)(new DateTime(y, m, 1) - new DateTime(1899, 12, 30)).TotalDays;
                rows.Add([serial, (long)Math.Round(foreigners / 100.0, MidpointRounding.AwayFromZero) * 100]);
            }
        }

        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            DcpafSample.AddSheet(workbook, sheets, 1, "Descriptif", [new object?[] { "Séries mensuelles de demandeurs d'emploi (STMT), exemple synthétique." }]);
            DcpafSample.AddSheet(workbook, sheets, 2, "DEFM", rows);
        }

        DcpafSample.Rezip(package.ToArray(), output, new DateTimeOffset(year, 12, 31, 0, 0, 0, TimeSpan.Zero));
    }
}
