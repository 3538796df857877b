using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;

namespace MissionPipeline.Publishing;

/// <summary>
/// Writes the snapshot <c>dashboard.xlsx</c>: a workbook with one sheet per axis of the letter, one
/// row per indicator, numbers as numbers (rates as fractions shown as percentages, dates as dates),
/// and the letter's sentence in the last column. Byte-identical for an equal dashboard: every zip
/// entry carries the same fixed timestamp, in a fixed order.
/// </summary>
/// <remarks>
/// Written directly as SpreadsheetML (ECMA-376, the five parts a workbook needs) rather than with
/// the Open XML SDK, which the project already has: the SDK's packaging stamps each zip entry with
/// the current time, so two publications of the same snapshot would differ, and publication must be
/// deterministic (invariant 7). Tests open the result with the SDK's validator and with
/// ExcelDataReader.
/// </remarks>
public static class DashboardXlsx
{
    /// <summary>The columns of every axis sheet.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "Indicateur", "Intitulé", "Unité", "Objectif", "Cible", "Échéance", "Réalisé", "Attendu à ce jour", "Projection",
        "Prévision de fin d'année", "Prévision basse", "Prévision haute",
        "Progression", "Statut", "Provisoire", "Dernière période", "Phrase de la lettre", "Source de l'objectif", "Rupture de série",
        "Motif du statut", "Autre objectif", "Autre cible", "Statut (autre cible)", "Progression (autre cible)", "Source de l'autre cible",
        "Valeur comparée", "Période comparée", "Situation au",
    ];

    /// <summary>
    /// The kind of objective in the workbook's French (the CSV keeps the API's codes): a direction
    /// says which one, as the page does (« évolution » alone did not say whether up was good).
    /// </summary>
    public static string KindLabel(TargetKind kind, Direction? direction = null) => kind switch
    {
        TargetKind.AtLeast => "au moins",
        TargetKind.AtMost => "au plus",
        TargetKind.Trajectory => "trajectoire",
        TargetKind.Direction => direction == Direction.Down ? "en baisse" : direction == Direction.Up ? "en hausse" : "évolution",
        _ => "jalon",
    };

    // Every entry's timestamp: the zip format's earliest date, so the bytes never depend on the clock.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Cell styles (styles.xml): 0 text/general, 1 whole number, 2 decimal, 3 percent, 4 date, 5 header.
    private const int Whole = 1;
    private const int Decimal = 2;
    private const int Percent = 3;
    private const int Date = 4;
    private const int Header = 5;

    public static byte[] Write(Dashboard dashboard, IndicatorCatalogue catalogue)
    {
        var sheets = catalogue.Axes
            .Select(a => (Name: SheetName(a.Number, a.Title), Rows: dashboard.Indicators.Where(i => i.Axis == a.Number).ToArray()))
            .ToArray();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", ContentTypes(sheets.Length));
            Add(zip, "_rels/.rels", RootRelationships);
            Add(zip, "xl/workbook.xml", Workbook(sheets.Select(s => s.Name)));
            Add(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships(sheets.Length));
            Add(zip, "xl/styles.xml", Styles);
            for (var i = 0; i < sheets.Length; i++)
            {
                Add(zip, $"xl/worksheets/sheet{i + 1}.xml", Sheet(sheets[i].Rows, dashboard.AsOf, catalogue));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// « 2 - Conforter la politique… »: the axis and its title within Excel's 31 characters, without the
    /// characters a sheet name may not hold, cut between words (« l'immigrati… » read as a typo), a
    /// small word left hanging before the cut dropped.
    /// </summary>
    internal static string SheetName(int axis, string title)
    {
        var clean = string.Join(' ', new string(title.Where(c => c is not ('\\' or '/' or '?' or '*' or '[' or ']' or ':')).ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var name = $"{axis} - {clean}";
        if (name.Length <= 31)
        {
            return name;
        }

        // 30 characters and the ellipsis; a word the cut falls in is dropped whole.
        var words = name[..30].Split(' ').SkipLast(name[30] == ' ' ? 0 : 1).ToList();
        while (words.Count > 3 && HangingWords.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words) + "…";
    }

    private static readonly HashSet<string> HangingWords = new(StringComparer.OrdinalIgnoreCase) { "de", "du", "des", "la", "le", "les", "et", "à", "au", "aux", "en", "d'", "l'" };

    private static void Add(ZipArchive zip, string name, string xml)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(xml);
        stream.Write(bytes);
    }

    private static string Sheet(IndicatorResult[] rows, DateOnly asOf, IndicatorCatalogue catalogue)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.Append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        xml.Append("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
        xml.Append("<cols><col min=\"1\" max=\"1\" width=\"34\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"60\" customWidth=\"1\"/>")
            .Append("<col min=\"3\" max=\"16\" width=\"16\" customWidth=\"1\"/><col min=\"17\" max=\"18\" width=\"100\" customWidth=\"1\"/><col min=\"19\" max=\"19\" width=\"16\" customWidth=\"1\"/><col min=\"20\" max=\"20\" width=\"100\" customWidth=\"1\"/>")
            .Append("<col min=\"21\" max=\"24\" width=\"16\" customWidth=\"1\"/><col min=\"25\" max=\"25\" width=\"100\" customWidth=\"1\"/>")
            .Append("<col min=\"26\" max=\"26\" width=\"16\" customWidth=\"1\"/><col min=\"27\" max=\"27\" width=\"34\" customWidth=\"1\"/><col min=\"28\" max=\"28\" width=\"16\" customWidth=\"1\"/></cols>");
        xml.Append("<sheetData>");
        xml.Append("<row r=\"1\">");
        for (var c = 0; c < Columns.Count; c++)
        {
            TextCell(xml, c, 1, Columns[c], Header);
        }

        xml.Append("</row>");
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            var row = i + 2;
            var rate = r.Unit == "taux";
            xml.Append(Invariant($"<row r=\"{row}\">"));
            TextCell(xml, 0, row, r.Id.Value);
            TextCell(xml, 1, row, r.Title);
            TextCell(xml, 2, row, r.Unit);
            TextCell(xml, 3, row, r.Target is { } t ? KindLabel(t.Kind, catalogue.TryGet(r.Id, out var indicator) ? indicator.Direction : null) : null);
            NumberCell(xml, 4, row, r.Target?.Value, rate ? Percent : Style(r.Target?.Value));
            DateCell(xml, 5, row, r.Target?.Due);
            NumberCell(xml, 6, row, r.Actual, rate ? Percent : Style(r.Actual));
            // An estimate of a count shows whole units, as the page does (there are no 50 915,67 students); the cell keeps the value.
            var count = catalogue.TryGet(r.Id, out var definition) && definition.IsCount;
            int Estimate(double? value) => rate ? Percent : count ? Whole : Style(value);
            NumberCell(xml, 7, row, r.ExpectedToDate, Estimate(r.ExpectedToDate));
            NumberCell(xml, 8, row, r.Projection, Estimate(r.Projection));
            // The year-end forecast a threshold status may follow rather than the projection (a
            // seasonal one with its interval): without it, « À risque » stood beside a projection
            // that said otherwise, while the CSV and the page gave the forecast.
            NumberCell(xml, 9, row, r.Forecast?.Value, Estimate(r.Forecast?.Value));
            NumberCell(xml, 10, row, r.Forecast?.Low, Estimate(r.Forecast?.Low));
            NumberCell(xml, 11, row, r.Forecast?.High, Estimate(r.Forecast?.High));
            NumberCell(xml, 12, row, r.Progress, Percent);
            TextCell(xml, 13, row, Html.StatusLabel(r.Status));
            TextCell(xml, 14, row, r.Provisional ? "oui" : "non");
            // A milestone's day (done on 12 June 2009) is a date, as the workbook's other dates; a month stays « 2009-06 ».
            var last = r.PeriodsReported.Count == 0 ? (Periods.Period?)null : r.PeriodsReported.Max();
            if (last is { Kind: Periods.PeriodKind.Day } day)
            {
                DateCell(xml, 15, row, day.Start);
            }
            else
            {
                TextCell(xml, 15, row, last?.ToString());
            }

            TextCell(xml, 16, row, r.Quote);
            TextCell(xml, 17, row, r.Target?.Source?.Reference);
            DateCell(xml, 18, row, r.Breaks.Count == 0 ? null : r.Breaks[^1].Date);
            // Why « Sans données » or « Non évalué », as the page and the CSV say it.
            TextCell(xml, 19, row, r.NoDataReason?.Message);
            // The year's other target (the budget's beside the letter's), as the CSV and the card give it.
            var other = r.OtherTargets.Count == 0 ? null : r.OtherTargets[0];
            TextCell(xml, 20, row, other is null ? null : KindLabel(other.Target.Kind, definition?.Direction));
            NumberCell(xml, 21, row, other?.Target.Value, rate ? Percent : Style(other?.Target.Value));
            TextCell(xml, 22, row, other is null ? null : Html.StatusLabel(other.Status));
            NumberCell(xml, 23, row, other?.Progress, Percent);
            TextCell(xml, 24, row, other?.Target.Source?.Reference);

            // What a direction's status was judged against (« À risque » with nothing beside it said nothing),
            // and the snapshot's date on every row: a sheet copied elsewhere still says when it was true.
            NumberCell(xml, 25, row, r.ComparedWith?.Reference, rate ? Percent : Style(r.ComparedWith?.Reference));
            TextCell(xml, 26, row, r.ComparedWith is { } compared ? TerritoryView.Covering((compared.From, compared.To)) : null);
            DateCell(xml, 27, row, asOf);
            xml.Append("</row>");
        }

        xml.Append("</sheetData>");
        xml.Append(Invariant($"<autoFilter ref=\"A1:{Column(Columns.Count - 1)}{rows.Length + 1}\"/>"));
        xml.Append("<headerFooter><oddHeader>").Append(Escape("Tableau de bord au " + FrenchFormat.Date(asOf))).Append("</oddHeader></headerFooter>");
        xml.Append("</worksheet>");
        return xml.ToString();
    }

    private static int Style(double? value) => value is { } v && v != Math.Floor(v) ? Decimal : Whole;

    private static void TextCell(StringBuilder xml, int column, int row, string? text, int style = 0)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        // A text cell holds text: nothing it says is ever evaluated as a formula.
        xml.Append(Invariant($"<c r=\"{Column(column)}{row}\" t=\"inlineStr\"{(style == 0 ? string.Empty : Invariant($" s=\"{style}\""))}><is><t xml:space=\"preserve\">"))
            .Append(Escape(text)).Append("</t></is></c>");
    }

    private static void NumberCell(StringBuilder xml, int column, int row, double? value, int style)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return;
        }

        xml.Append(Invariant($"<c r=\"{Column(column)}{row}\" s=\"{style}\"><v>{(v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture)}</v></c>"));
    }

    private static void DateCell(StringBuilder xml, int column, int row, DateOnly? date)
    {
        if (date is not { } d)
        {
            return;
        }

        // Excel's serial day: 1899-12-30 is day 0 (the 1900 leap-year quirk included).
        var serial = d.DayNumber - new DateOnly(1899, 12, 30).DayNumber;
        xml.Append(Invariant($"<c r=\"{Column(column)}{row}\" s=\"{Date}\"><v>{serial}</v></c>"));
    }

    private static string Column(int index) => index < 26
        ? ((char)('A' + index)).ToString()
        : string.Concat((char)('A' + (index / 26) - 1), (char)('A' + (index % 26)));

    private static string Escape(string text)
    {
        // XML 1.0 forbids most control characters even as references: they are dropped.
        var kept = new string(text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ').ToArray());
        return SecurityElement.Escape(kept);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string ContentTypes(int sheets)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.Append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            .Append("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
            .Append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (var i = 1; i <= sheets; i++)
        {
            xml.Append(Invariant($"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
        }

        return xml.Append("</Types>").ToString();
    }

    private const string RootRelationships =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>";

    private static string Workbook(IEnumerable<string> names)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.Append("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
        var i = 0;
        foreach (var name in names)
        {
            i++;
            xml.Append(Invariant($"<sheet name=\"{Escape(name)}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>"));
        }

        return xml.Append("</sheets></workbook>").ToString();
    }

    private static string WorkbookRelationships(int sheets)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.Append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (var i = 1; i <= sheets; i++)
        {
            xml.Append(Invariant($"<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"));
        }

        xml.Append(Invariant($"<Relationship Id=\"rId{sheets + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"));
        return xml.Append("</Relationships>").ToString();
    }

    // Built-in number formats: 3 "#,##0", 4 "#,##0.00", 10 "0.00%", 14 the short date; Excel shows them in the reader's locale.
    private const string Styles =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"6\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"4\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>";
}
