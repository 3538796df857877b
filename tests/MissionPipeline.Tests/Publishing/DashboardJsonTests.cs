using System.Globalization;
using System.Text;
using System.Text.Json;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class DashboardJsonTests
{
    private static readonly string[] IndicatorFields =
    [
        "id", "axis", "title", "unit", "quote", "target", "otherTargets", "baseline", "actual", "periodsReported", "expectedToDate",
        "projection", "progress", "status", "provisional", "series", "territories", "sources", "noDataReason", "doneOn", "revision", "comparedWith", "forecast", "counted",
        "definition", "breaks", "warnings",
    ];

    private static SourcedObservation[] Sample() =>
    [
        .. Months("interpellations_aide_sejour", "DEP-75", 2009, 210.5, Range(1, 6)),
        .. Months("interpellations_aide_sejour", "DEP-13", 2009, 3, Range(1, 6)),
        Value("interpellations_aide_sejour", "2009-03", "DEP-13", 4, "correction", Received.AddHours(3)),
        Ratio("dilf_taux_reussite", "2009-05", "FR", 55, 100),
        Value("comite_interministeriel_integration", "2009-06-02", "FR", 1),
        Value("entreprises_label_diversite", "2009-05", "FR", 42, status: ValueStatus.Provisional),
    ];

    /// <summary>A figure's sources name the file a person sent (its ingest id alone told no one which), and read back as written.</summary>
    [Fact]
    public void Write_Sources_NameTheFileEachWasReceivedUnder()
    {
        var dashboard = Compute("2009-06-30", [Value("operations_travail_illegal", "2009-03", "FR", 120, "dgt-mars"), Value("operations_travail_illegal", "2009-04", "FR", 130, "sans-ligne")],
            Ingestion("operations_travail_illegal", IngestionStatus.Committed, "dgt-mars"));

        var json = DashboardJson.Write(dashboard);
        var sources = JsonDocument.Parse(json).RootElement.GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == "operations_travail_illegal").GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("ingestId").GetString()!, s => s.TryGetProperty("file", out var file) ? file.GetString() : null);

        Assert.Equal(new Dictionary<string, string?> { ["dgt-mars"] = "dgt-mars.csv", ["sans-ligne"] = null }, sources); // no row, no name: never a guess
        Assert.Equal(json, DashboardJson.Write(DashboardJson.Read(json)));
    }

    [Fact]
    public void Write_SameInputTwice_IdenticalBytes()
    {
        var first = DashboardJson.Write(Compute("2009-06-30", Sample()));
        var second = DashboardJson.Write(Compute("2009-06-30", Sample().Reverse()));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_Output_ParsesWithTheContractFieldNames()
    {
        using var json = JsonDocument.Parse(DashboardJson.Write(Compute("2009-06-30", Sample())));
        var root = json.RootElement;

        Assert.Equal(["asOf", "catalogue", "knownAt", "latestReceipt", "summary", "indicators", "completeness", "changesSince", "changes", "accountRevised"], Names(root));
        Assert.Equal("2009-06-30", root.GetProperty("asOf").GetString());
        Assert.Equal(32, root.GetProperty("summary").GetProperty("indicators").GetInt32());
        Assert.Equal(
            ["achieved", "on_track", "at_risk", "off_track", "missed", "no_data", "unassessed", "context"],
            Names(root.GetProperty("summary").GetProperty("byStatus")));
        foreach (var indicator in root.GetProperty("indicators").EnumerateArray())
        {
            Assert.Equal(IndicatorFields, Names(indicator));
        }

        var arrests = Indicator(root, "interpellations_aide_sejour");
        Assert.Equal(["kind", "value", "due", "label", "source"], Names(arrests.GetProperty("target")));
        Assert.Equal(["reference", "quote"], Names(arrests.GetProperty("target").GetProperty("source")));
        Assert.Equal(["period", "value"], Names(arrests.GetProperty("baseline")));
        Assert.Equal(["period", "value"], Names(arrests.GetProperty("series")[0]));
        Assert.Equal(["territory", "value"], Names(arrests.GetProperty("territories")[0]));
        Assert.Equal(["agency", "ingestId", "received"], Names(arrests.GetProperty("sources")[0]));
        Assert.Equal("at_least", arrests.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal("off_track", arrests.GetProperty("status").GetString());
        Assert.Equal(6 * 213.5 + 1, arrests.GetProperty("actual").GetDouble());
        Assert.Equal(["agency", "indicator", "expected", "received", "ahead", "late", "lastReceived", "meanAbsoluteRevision"], Names(root.GetProperty("completeness")[0]));
        var removals = Indicator(root, "eloignements");
        Assert.Equal(["kind", "value", "due", "label", "source", "status", "progress"], Names(removals.GetProperty("otherTargets")[0]));
        Assert.Equal(30000, removals.GetProperty("otherTargets")[0].GetProperty("value").GetDouble());
        var dilf = Indicator(root, "dilf_taux_reussite");
        Assert.Equal(["from", "text", "source"], Names(dilf.GetProperty("definition")));
    }

    [Fact]
    public void Write_DefinitionCrossed_BreakWithBothDefinitions()
    {
        using var json = JsonDocument.Parse(DashboardJson.Write(Compute("2010-03-31", [Ratio("dilf_taux_reussite", "2009-11", "FR", 55, 100), Ratio("dilf_taux_reussite", "2010-02", "FR", 60, 100)])));

        var dilf = Indicator(json.RootElement, "dilf_taux_reussite");
        var seriesBreak = Assert.Single(dilf.GetProperty("breaks").EnumerateArray().ToArray());

        Assert.Equal(["date", "before", "after", "source"], Names(seriesBreak));
        Assert.Equal("2010-01-01", seriesBreak.GetProperty("date").GetString());
        Assert.Equal("2010-01-01", dilf.GetProperty("definition").GetProperty("from").GetString());
        Assert.Equal("no-target", dilf.GetProperty("noDataReason").GetProperty("code").GetString());
        Assert.Equal("unassessed", dilf.GetProperty("status").GetString());
    }

    [Fact]
    public void Write_AbsentValues_WrittenAsNullNeverOmitted()
    {
        using var json = JsonDocument.Parse(DashboardJson.Write(Compute("2009-06-30", Sample())));
        var root = json.RootElement;

        var context = Indicator(root, "demandes_asile_ue");
        Assert.Equal(JsonValueKind.Null, context.GetProperty("target").ValueKind);
        Assert.Equal(JsonValueKind.Null, context.GetProperty("actual").ValueKind);
        Assert.Equal("no-file", context.GetProperty("noDataReason").GetProperty("code").GetString());
        var milestone = Indicator(root, "comite_interministeriel_integration");
        Assert.Equal("2009-06-02", milestone.GetProperty("doneOn").GetString());
        Assert.Equal(JsonValueKind.Null, milestone.GetProperty("noDataReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, milestone.GetProperty("target").GetProperty("value").ValueKind);
        Assert.True(Indicator(root, "entreprises_label_diversite").GetProperty("provisional").GetBoolean());
    }

    [Fact]
    public void Write_UnderFrenchCulture_InvariantNumbers()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");

            var text = Encoding.UTF8.GetString(DashboardJson.Write(Compute("2009-06-30", Sample())));

            Assert.Contains("\"actual\": 0.55,", text, StringComparison.Ordinal);
            Assert.DoesNotContain("0,55", text, StringComparison.Ordinal);
            Assert.Contains("\"asOf\": \"2009-06-30\"", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Write_Text_Utf8WithAccentsAndUtcTimestamps()
    {
        var bytes = DashboardJson.Write(Compute("2009-06-30", Sample()));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Contains("Éloignements (forcés + volontaires), métropole", text, StringComparison.Ordinal);
        Assert.Contains("\"received\": \"2009-04-10T08:00:00Z\"", text, StringComparison.Ordinal);
        Assert.Contains("\"received\": \"2009-04-10T11:00:00Z\"", text, StringComparison.Ordinal);
        Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark
    }

    [Fact]
    public void Write_HiddenTerritoryCell_WrittenAsS()
    {
        var computed = Compute("2009-06-30", Sample());
        var arrests = computed.Indicators.Single(i => i.Id.Value == "interpellations_aide_sejour");
        var hidden = arrests with { Territories = [new TerritoryValue(Territory.Departement("13"), null), arrests.Territories[1]] };
        var dashboard = computed with { Indicators = [hidden] };

        using var json = JsonDocument.Parse(DashboardJson.Write(dashboard));

        var cells = json.RootElement.GetProperty("indicators")[0].GetProperty("territories");
        Assert.Equal("s", cells[0].GetProperty("value").GetString());
        Assert.Equal(1263, cells[1].GetProperty("value").GetDouble());
    }

    [Fact]
    public void Write_RoundTripPrecision_DoublesReadBackExactly()
    {
        var computed = Compute("2009-06-30", Sample());

        using var json = JsonDocument.Parse(DashboardJson.Write(computed));

        var expected = computed.Indicators.Single(i => i.Id.Value == "interpellations_aide_sejour").Progress!.Value;
        Assert.Equal(expected, Indicator(json.RootElement, "interpellations_aide_sejour").GetProperty("progress").GetDouble());
    }

    private static JsonElement Indicator(JsonElement root, string id) =>
        root.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
