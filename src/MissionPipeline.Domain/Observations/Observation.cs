using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Observations;

/// <summary>The status marker of a figure, in any format: empty = final, <c>p</c>, <c>e</c>, <c>s</c>, <c>nd</c>.</summary>
public enum ValueStatus
{
    Final,

    /// <summary><c>p</c>: provisional; a value built from it is flagged provisional.</summary>
    Provisional,

    /// <summary><c>e</c>: estimated; a value built from it is flagged provisional.</summary>
    Estimated,

    /// <summary><c>s</c>: secret: a value exists but is not given.</summary>
    Secret,

    /// <summary><c>nd</c>: not available.</summary>
    NotAvailable,
}

/// <summary>
/// One normalised figure read from an agency file: a value (sum, last, milestone), a numerator and a
/// denominator (ratio), or a value and its weight (weighted mean). A <see cref="ValueStatus.Secret"/>
/// or <see cref="ValueStatus.NotAvailable"/> observation carries no number. <see cref="Row"/> is the
/// row of the file it came from, as the agency sees it (0 when computed from many rows).
/// </summary>
public sealed record Observation(
    IndicatorId Indicator,
    Period Period,
    Territory Territory,
    double? Value,
    double? Numerator = null,
    double? Denominator = null,
    double? Weight = null,
    ValueStatus Status = ValueStatus.Final,
    int Row = 0,
    string? Comment = null)
{
    /// <summary>True when the observation carries a number (its status is not s or nd).</summary>
    public bool HasFigure => Value is not null || (Numerator is not null && Denominator is not null);

    /// <summary>The cell of the dashboard this observation fills: later files supersede it per key.</summary>
    public ObservationKey Key => new(Indicator, Period, Territory);
}

/// <summary>(indicator, period, territory): the unit of supersession: a later file replaces the earlier value.</summary>
public readonly record struct ObservationKey(IndicatorId Indicator, Period Period, Territory Territory);

public static class ValueStatuses
{
    /// <summary>Reads a status marker (case and spaces ignored); empty is <see cref="ValueStatus.Final"/>.</summary>
    public static bool TryParse(string? text, out ValueStatus status)
    {
        switch ((text ?? string.Empty).Trim().ToUpperInvariant())
        {
            case "":
                status = ValueStatus.Final;
                return true;
            case "P":
                status = ValueStatus.Provisional;
                return true;
            case "E":
                status = ValueStatus.Estimated;
                return true;
            case "S":
                status = ValueStatus.Secret;
                return true;
            case "ND":
                status = ValueStatus.NotAvailable;
                return true;
            default:
                status = ValueStatus.Final;
                return false;
        }
    }

    /// <summary>The marker as written in files: empty, p, e, s, nd.</summary>
    public static string ToMarker(this ValueStatus status) => status switch
    {
        ValueStatus.Provisional => "p",
        ValueStatus.Estimated => "e",
        ValueStatus.Secret => "s",
        ValueStatus.NotAvailable => "nd",
        _ => string.Empty,
    };
}
