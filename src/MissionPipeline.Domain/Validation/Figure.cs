using MissionPipeline.Observations;

namespace MissionPipeline.Validation;

/// <summary>
/// The numbers of one observation as read, before they are checked against the indicator's
/// aggregation. <see cref="Withheld"/> says the figure was deliberately not given (the value cell
/// holds only a status marker, or the status is <c>s</c> / <c>nd</c>): no number is then required.
/// </summary>
public readonly record struct Figure(
    double? Value,
    double? Numerator = null,
    double? Denominator = null,
    double? Weight = null,
    ValueStatus Status = ValueStatus.Final,
    bool Withheld = false)
{
    /// <summary>True when the figure carries a value, a numerator or a denominator.</summary>
    public bool HasNumber => Value is not null || Numerator is not null || Denominator is not null;

    public static Figure Of(Observation observation, bool withheld = false) => new(
        observation.Value, observation.Numerator, observation.Denominator, observation.Weight, observation.Status,
        withheld || observation.Status is ValueStatus.Secret or ValueStatus.NotAvailable);
}
