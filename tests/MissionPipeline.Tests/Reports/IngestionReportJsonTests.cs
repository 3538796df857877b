using MissionPipeline.Validation;
using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Reports;

namespace MissionPipeline.Tests.Reports;

public sealed class IngestionReportJsonTests
{
    private static readonly IngestionReport Report = new(
        new AgencyId("ofpra"), "ofpra-activite-2009-03.csv", "0123456789abcdef0123456789abcdef", new string('a', 64),
        new DateTimeOffset(2009, 4, 9, 8, 12, 31, 250, TimeSpan.Zero), FileFormat.F1, ReportStatus.Rejected, 9, 0,
        [new ValidationIssue("total-mismatch", 9, "Décisions", "2 585", "Le total ne correspond pas.")],
        [new ValidationIssue("ratio-above-one", 4, "numerateur", "12", "Vérifiez.", "Feuil1") { Address = "E4" }],
        [new IgnoredItems("lignes d'autres dimensions", 3)])
    {
        Periods = [Period.OfYear(2009), Period.OfMonth(2009, 3)],
    };

    [Fact]
    public void Write_HasTheContractFieldNames()
    {
        using var json = JsonDocument.Parse(IngestionReportJson.Write(Report));
        var root = json.RootElement;

        Assert.Equal(["agency", "file", "ingestId", "sha256", "received", "format", "status", "rows", "observations", "periods", "errors", "warnings", "ignored"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["2009", "2009-03"], root.GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("rejected", root.GetProperty("status").GetString());
        Assert.Equal("F1", root.GetProperty("format").GetString());
        Assert.Equal("2009-04-09T08:12:31.25Z", root.GetProperty("received").GetString());
        var error = root.GetProperty("errors")[0];
        Assert.Equal(["code", "row", "column", "cell", "message"], error.EnumerateObject().Select(p => p.Name));
        var warning = root.GetProperty("warnings")[0];
        Assert.Equal(["code", "row", "column", "cell", "message", "sheet", "address"], warning.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Feuil1", "E4"), (warning.GetProperty("sheet").GetString(), warning.GetProperty("address").GetString()));
    }

    [Fact]
    public void Read_WhatWriteWrote_RoundTrips()
    {
        var back = IngestionReportJson.Read(IngestionReportJson.Write(Report));

        Assert.Equal(Report with { Errors = [], Warnings = [], Ignored = [], Periods = [] }, back with { Errors = [], Warnings = [], Ignored = [], Periods = [] });
        Assert.Equal(Report.Periods, back.Periods);
        Assert.Equal(Report.Errors, back.Errors);
        Assert.Equal(Report.Warnings, back.Warnings);
        Assert.Equal(Report.Ignored, back.Ignored);
    }

    /// <summary>A duplicate says what became of the file the first time, for a script that reads « duplicate » alone as « already in ».</summary>
    [Theory]
    [InlineData(ReportStatus.Rejected, "rejected")]
    [InlineData(ReportStatus.Committed, "committed")]
    public void Write_Duplicate_OriginalStatusAfterTheStatus(ReportStatus original, string expected)
    {
        var duplicate = Report with { Status = ReportStatus.Duplicate, OriginalStatus = original };

        using var json = JsonDocument.Parse(IngestionReportJson.Write(duplicate));

        Assert.Equal(["status", "originalStatus", "rows"], json.RootElement.EnumerateObject().Select(p => p.Name).SkipWhile(n => n != "status").Take(3));
        Assert.Equal(expected, json.RootElement.GetProperty("originalStatus").GetString());
        Assert.Equal(original, IngestionReportJson.Read(IngestionReportJson.Write(duplicate)).OriginalStatus);
    }

    [Fact]
    public void Read_ReportWrittenBeforeThePeriods_NoPeriod()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(IngestionReportJson.Write(Report))!.AsObject();
        json.Remove("periods");

        Assert.Empty(IngestionReportJson.Read(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())).Periods);
    }
}
