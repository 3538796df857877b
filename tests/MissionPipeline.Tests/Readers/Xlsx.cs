using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MissionPipeline.Tests.Readers;

/// <summary>
/// Builds real XLSX files for tests with OpenXml. A row is an array of cells: a string (inline
/// string), a number (int, double), a <see cref="DateTime"/> (a date shown as dd/mm/yyyy), a
/// <see cref="Month"/> (a date shown as mmm yyyy), a <see cref="Failed"/> or <see cref="Uncalculated"/>
/// formula, or null (no cell). A null row writes no row at all.
/// </summary>
internal static class Xlsx
{
    private const uint DayStyle = 1;
    private const uint MonthStyle = 2;

    /// <summary>A date typed in a cell whose format shows only the month and the year.</summary>
    public sealed record Month(DateTime Date);

    /// <summary>A formula that failed: a cell of type <c>e</c> holding the error value (<c>#DIV/0!</c>) and its formula.</summary>
    public sealed record Failed(string Error, string Formula);

    /// <summary>
    /// A formula saved without its result: no <c>&lt;v&gt;</c>, as a script or a converter writes it without
    /// calculating, or with <paramref name="EmptyValue"/> an empty <c>&lt;v&gt;&lt;/v&gt;</c>, as openpyxl does.
    /// </summary>
    public sealed record Uncalculated(string Formula, bool EmptyValue = false);

    /// <summary>A formula whose result is a text (<c>t="str"</c>), such as the empty text of <c>=SI(B8="";"";B8)</c>.</summary>
    public sealed record TextFormula(string Formula, string Result);

    public static byte[] Build(params (string Name, object?[]?[] Rows)[] sheets) => Build(date1904: false, sheets);

    /// <summary>The workbook <paramref name="xlsx"/> with the sheet <paramref name="sheet"/> hidden (Format, Masquer) or very hidden (from Visual Basic).</summary>
    public static byte[] Hide(byte[] xlsx, string sheet, bool veryHidden = false)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var target = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet);
            target.State = veryHidden ? SheetStateValues.VeryHidden : SheetStateValues.Hidden;
        }

        return stream.ToArray();
    }

    /// <summary>As <see cref="Build(ValueTuple{string, object[][]}[])"/>; with <paramref name="date1904"/>, the workbook says its date serials count from 1904 (<c>workbookPr date1904</c>), as Mac Excel's did.</summary>
    public static byte[] Build(bool date1904, params (string Name, object?[]?[] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = date1904 ? new Workbook(new WorkbookProperties { Date1904 = true }) : new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var list = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = new Worksheet(Data(rows));
                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
        }

        return stream.ToArray();
    }

    /// <summary>One sheet named « Données » holding the lines of a semicolon-separated text, every cell as a string.</summary>
    public static byte[] FromText(string text) =>
        Build(("Données", text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.Split(';').Cast<object?>().ToArray()).ToArray()));

    private static SheetData Data(object?[]?[] rows)
    {
        var data = new SheetData();
        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r] is not { } cells)
            {
                continue;
            }

            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < cells.Length; c++)
            {
                if (Cell(cells[c], $"{Letters(c)}{r + 1}") is { } cell)
                {
                    row.Append(cell);
                }
            }

            data.Append(row);
        }

        return data;
    }

    private static Cell? Cell(object? value, string reference) => value switch
    {
        null => null,
        string text => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)) },
        DateTime date => Number(date.ToOADate(), reference, DayStyle),
        Month month => Number(month.Date.ToOADate(), reference, MonthStyle),
        Failed failed => new Cell { CellReference = reference, DataType = CellValues.Error, CellFormula = new CellFormula(failed.Formula), CellValue = new CellValue(failed.Error) },
        Uncalculated formula => new Cell { CellReference = reference, CellFormula = new CellFormula(formula.Formula), CellValue = formula.EmptyValue ? new CellValue(string.Empty) : null },
        TextFormula formula => new Cell { CellReference = reference, DataType = CellValues.String, CellFormula = new CellFormula(formula.Formula), CellValue = new CellValue(formula.Result) },
        IConvertible number => Number(number.ToDouble(System.Globalization.CultureInfo.InvariantCulture), reference, null),
        _ => throw new ArgumentException($"No cell for {value.GetType()}."),
    };

    private static Cell Number(double value, string reference, uint? style) => new()
    {
        CellReference = reference,
        CellValue = new CellValue(value),
        StyleIndex = style is { } s ? UInt32Value.FromUInt32(s) : null,
    };

    private static string Letters(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + (index / 26) - 1)}{(char)('A' + (index % 26))}";

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "mmm yyyy" }),
        new Fonts(new Font()),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellStyleFormats(new CellFormat()),
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }));
}
