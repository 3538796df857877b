using MissionPipeline.Catalogue;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>What a figure holds, which decides how two figures add up and what its value is.</summary>
internal enum AmountKind
{
    /// <summary>A count or a level: values add.</summary>
    Value,

    /// <summary>Numerator and denominator add apart; the value is their quotient (never an average of rates).</summary>
    Ratio,

    /// <summary>Σ(value × weight) and Σ weight add apart; the value is their quotient.</summary>
    Weighted,
}

/// <summary>How figures combine over time within a window.</summary>
internal enum TimeMode
{
    /// <summary>Periods add (sum, ratio, weighted mean).</summary>
    Flow,

    /// <summary>The latest period stands for the window (stocks).</summary>
    Stock,
}

/// <summary>How an indicator's figures combine, over territories (always added) and over time.</summary>
internal readonly record struct MeasureShape(AmountKind Kind, TimeMode Mode)
{
    /// <summary>A count summed over the year: the status compares a projection with the target.</summary>
    public bool IsAnnualFlow => Kind == AmountKind.Value && Mode == TimeMode.Flow;

    public static MeasureShape Of(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Sum => new(AmountKind.Value, TimeMode.Flow),
        Aggregation.Ratio => new(AmountKind.Ratio, TimeMode.Flow),
        Aggregation.WeightedMean => new(AmountKind.Weighted, TimeMode.Flow),
        _ => new(AmountKind.Value, TimeMode.Stock),
    };
}

/// <summary>
/// An additive figure: <see cref="A"/> is the value (Value), the numerator (Ratio) or Σ(value ×
/// weight) (Weighted); <see cref="B"/> is 0, the denominator or Σ weight.
/// </summary>
internal readonly record struct Amount(double A, double B)
{
    public static Amount operator +(Amount x, Amount y) => new(x.A + y.A, x.B + y.B);

    /// <summary>The figure an observation carries for this kind, or null when it lacks what the kind needs.</summary>
    public static Amount? From(Observation o, AmountKind kind) => kind switch
    {
        AmountKind.Value => o.Value is { } v ? new Amount(v, 0) : null,
        AmountKind.Ratio => o is { Numerator: { } n, Denominator: { } d } ? new Amount(n, d) : null,
        _ => o is { Value: { } v, Weight: { } w } ? new Amount(v * w, w) : null,
    };

    public static Amount Add(Amount x, Amount y) => x + y;

    /// <summary>The value, or null for a ratio or weighted mean over a zero denominator or weight.</summary>
    public double? ValueOf(AmountKind kind) => kind == AmountKind.Value ? A : B == 0 ? null : A / B;
}

/// <summary>The days a computation looks at: periods lying entirely within [Start, End] count.</summary>
internal readonly record struct Window(DateOnly Start, DateOnly End)
{
    public static Window Year(int year, DateOnly asOf)
    {
        var end = new DateOnly(year, 12, 31);
        return new Window(new DateOnly(year, 1, 1), end < asOf ? end : asOf);
    }

    public bool IsEmpty => End < Start;

    public bool Contains(Period period) => period.Start >= Start && period.End <= End;

    /// <summary>The same window one year earlier (for comparing with the same months of the previous year).</summary>
    public Window PreviousYear() => new(Start.AddYears(-1), End.AddYears(-1));
}
