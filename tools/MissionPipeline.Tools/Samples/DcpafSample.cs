using MissionPipeline.Cli.Samples;
using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MissionPipeline.Geography;
using MissionPipeline.Periods;
using CellText = DocumentFormat.OpenXml.Spreadsheet.Text;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// Writes an F2 DCPAF monthly workbook exactly as docs/formats.md and <c>examples/dcpaf-2009-03.xlsx</c>
/// lay it out: sheets « Eloignements » and « Aide au séjour », each with its title in A1
/// (« DCPAF - Éloignements - mars 2009 »), a blank row, the header, one row per département of 2009
/// (codes as numbers, <c>2A</c>/<c>2B</c> as text, as a spreadsheet keeps them), then
/// <c>TOTAL MÉTROPOLE</c>, <c>TOTAL DOM</c> and <c>TOTAL FRANCE</c>, which are the sums of the rows
/// above. On every row the four kinds add up to « Total exécutés » and « dont passeurs » stays within
/// « Personnes interpellées ». The XLSX is re-zipped with fixed entry times, so that the same
/// arguments give the same bytes.
/// </summary>
internal static class DcpafSample
{
    public static void Write(Stream output, Period month, SampleRandom random)
    {
        var departements = SampleGeography.Departements;
        var removals = SampleGeography.Spread(random.Around(SampleYear.Scale(1_750, SampleYear.Series.Removals, month), 10), departements, random);
        var arrests = SampleGeography.Spread(random.Around(SampleYear.Scale(430, SampleYear.Series.Arrests, month), 10), departements, random);
        var eloignements = new List<long[]>();
        var aide = new List<long[]>();
        for (var i = 0; i < departements.Count; i++)
        {
            var aprf = removals[i] * random.Between(10, 30) / 100;
            var oqtf = removals[i] * random.Between(25, 40) / 100;
            var readmissions = (removals[i] - aprf - oqtf) * random.Between(30, 70) / 100;
            eloignements.Add([aprf, oqtf, readmissions, removals[i] - aprf - oqtf - readmissions, removals[i]]);
            aide.Add([arrests[i], arrests[i] * random.Between(5, 25) / 100, arrests[i] > 5 ? random.Between(0, 2) : 0]);
        }

        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            // Explicit relationship ids: OpenXml draws random ones, which would change the bytes on every run.
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            AddSheet(workbook, sheets, 1, "Eloignements", Rows(
                $"DCPAF - Éloignements - {SampleText.Month(month)}",
                ["APRF exécutés", "OQTF exécutées", "Réadmissions", "ITF exécutées", "Total exécutés"],
                departements,
                eloignements));
            AddSheet(workbook, sheets, 2, "Aide au séjour", Rows(
                $"DCPAF - Aide à l'entrée et au séjour irréguliers - {SampleText.Month(month)}",
                ["Personnes interpellées", "dont passeurs", "Filières démantelées"],
                departements,
                aide));
        }

        Rezip(package.ToArray(), output, new DateTimeOffset(month.End.Year, month.End.Month, month.End.Day, 0, 0, 0, TimeSpan.Zero));
    }

    private static List<object?[]?> Rows(string title, string[] columns, IReadOnlyList<Departement> departements, List<long[]> numbers)
    {
        List<object?[]?> rows = [[title], null, ["Département", "Code", .. columns]];
        for (var i = 0; i < departements.Count; i++)
        {
            var code = departements[i].Territory.LocalCode;
            object codeCell = code.All(char.IsAsciiDigit) ? int.Parse(code, CultureInfo.InvariantCulture) : code;
            rows.Add([departements[i].Name, codeCell, .. numbers[i].Cast<object?>()]);
        }

        rows.Add(Total("TOTAL MÉTROPOLE", departements, numbers, d => d.Metropolitan));
        rows.Add(Total("TOTAL DOM", departements, numbers, d => !d.Metropolitan));
        rows.Add(Total("TOTAL FRANCE", departements, numbers, _ => true));
        return rows;
    }

    private static object?[] Total(string label, IReadOnlyList<Departement> departements, List<long[]> numbers, Func<Departement, bool> covers)
    {
        var sums = new long[numbers[0].Length];
        for (var i = 0; i < departements.Count; i++)
        {
            if (covers(departements[i]))
            {
                for (var c = 0; c < sums.Length; c++)
                {
                    sums[c] += numbers[i][c];
                }
            }
        }

        return [label, null, .. sums.Cast<object?>()];
    }

    internal static void AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, List<object?[]?> rows)
    {
        var relationship = string.Create(CultureInfo.InvariantCulture, $"rId{id}");
        var part = workbook.AddNewPart<WorksheetPart>(relationship);
        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not { } cells)
            {
                continue;
            }

            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < cells.Length; c++)
            {
                var reference = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + c)}{r + 1}");
                switch (cells[c])
                {
                    case string text:
                        row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new CellText(text)) });
                        break;
                    case int or long:
                        row.Append(new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToDouble(cells[c], CultureInfo.InvariantCulture)) });
                        break;
                }
            }

            data.Append(row);
        }

        part.Worksheet = new Worksheet(data);
        sheets.Append(new Sheet { Id = relationship, SheetId = id, Name = name });
    }

    /// <summary>Copies a zip entry by entry, in order, with every entry dated <paramref name="time"/>: the same parts then give the same bytes.</summary>
    internal static void Rezip(byte[] zip, Stream output, DateTimeOffset time)
    {
        using var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = time;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
