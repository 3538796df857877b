using System.Globalization;
using Azure;
using Azure.Data.Tables;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;

namespace MissionPipeline.Storage;

/// <summary>
/// One normalised figure in table <c>Observations</c>, append-only. Keys:
/// PartitionKey = <c>{indicator}~{year}</c> (one indicator's year in one partition: the recompute
/// reads an indicator's history in a few partitions, and a file's rows for one indicator and year
/// fit 100-entity single-partition batches); RowKey = <c>{period}~{territory}~{ingestId}</c>, so that
/// a correction never overwrites: each file's value stays readable beside the one that supersedes it.
/// Every key part is made of <c>[a-z0-9_-]</c> and upper-case territory codes: never <c>/ \ # ?</c>
/// or control characters. Values are doubles (decimal does not round-trip in tables).
/// </summary>
public sealed class ObservationRow : ITableEntity
{
    public const char Separator = '~';

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Indicator { get; set; } = string.Empty;

    public string Period { get; set; } = string.Empty;

    public string Territory { get; set; } = string.Empty;

    public double? Value { get; set; }

    public double? Numerator { get; set; }

    public double? Denominator { get; set; }

    public double? Weight { get; set; }

    /// <summary>The status marker as written in files: empty, p, e, s, nd.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The row of the source file, as the agency sees it.</summary>
    public int Row { get; set; }

    public string? Comment { get; set; }

    public string Agency { get; set; } = string.Empty;

    public string IngestId { get; set; } = string.Empty;

    public DateTimeOffset UploadedAt { get; set; }

    public static string PartitionFor(IndicatorId indicator, int year) =>
        string.Create(CultureInfo.InvariantCulture, $"{indicator.Value}{Separator}{year:D4}");

    /// <summary>
    /// The filter for every partition of one indicator (<c>{id}~{yyyy}</c>, whatever the year): a
    /// range scan, the read of one indicator's history.
    /// </summary>
    public static string PartitionsOf(IndicatorId indicator)
    {
        var low = indicator.Value + Separator;
        var high = indicator.Value + Separator + Separator;
        return TableClient.CreateQueryFilter($"PartitionKey gt {low} and PartitionKey lt {high}");
    }

    public static ObservationRow From(Observation o, AgencyId agency, string ingestId, DateTimeOffset uploadedAt) => new()
    {
        PartitionKey = PartitionFor(o.Indicator, o.Period.Year),
        RowKey = string.Create(CultureInfo.InvariantCulture, $"{o.Period}{Separator}{o.Territory.Code}{Separator}{ingestId}"),
        Indicator = o.Indicator.Value,
        Period = o.Period.ToString(),
        Territory = o.Territory.Code,
        Value = o.Value,
        Numerator = o.Numerator,
        Denominator = o.Denominator,
        Weight = o.Weight,
        Status = o.Status.ToMarker(),
        Row = o.Row,
        Comment = o.Comment,
        Agency = agency.Value,
        IngestId = ingestId,
        UploadedAt = uploadedAt,
    };

    public SourcedObservation ToSourced()
    {
        // Rows are written by this code only: anything unreadable is corruption, not agency input.
        if (!ValueStatuses.TryParse(Status, out var status) || !Geography.Territory.TryParse(Territory, out var territory))
        {
            throw new InvalidDataException($"Observation {PartitionKey}/{RowKey} has an unreadable status or territory.");
        }

        var observation = new Observation(
            new IndicatorId(Indicator), Periods.Period.Parse(Period), territory,
            Value, Numerator, Denominator, Weight, status, Row, Comment);
        return new SourcedObservation(observation, new AgencyId(Agency), IngestId, UploadedAt);
    }
}
