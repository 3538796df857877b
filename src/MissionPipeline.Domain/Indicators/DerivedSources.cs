using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// The figures of derived indicators, computed from their inputs' figures over the same window
/// (docs/indicators.md, "derived"). Inputs combine period by period and territory by territory, and
/// only where every input has a figure: a missing input never silently produces a number.
/// </summary>
internal static class DerivedSources
{
    /// <summary>
    /// <list type="bullet">
    /// <item><c>sum</c>: Σ of the inputs' values (counts); a flow when every input is one, else a stock.</item>
    /// <item><c>ratio</c>: Of[0] / Of[1], numerators and denominators added over periods (flows) or the latest period (stocks).</item>
    /// <item><c>share_of_territories</c>: Σ Territories / Total of Of[0], period by period.</item>
    /// <item><c>rank</c>: 1 + the number of EU-27 member states of 2009 (aggregates excluded) whose
    /// total exceeds Total's, among those whose figures cover the same months.</item>
    /// <item><c>count_over</c>: per period, the number of départements whose value of Of[0] exceeds
    /// Threshold; a stock, whose figure is its latest period's (the card's figure is the last point of its series).</item>
    /// </list>
    /// Sum and ratio need inputs that are counts or levels (not rates); otherwise they give nothing.
    /// </summary>
    public static MeasureSource For(Indicator indicator, Derivation derivation, Func<IndicatorId, MeasureSource> input)
    {
        var inputs = derivation.Of.Select(input).ToArray();
        var mode = inputs.Any(i => i.Shape.Mode == TimeMode.Stock) ? TimeMode.Stock : TimeMode.Flow;
        var counts = inputs.All(i => i.Shape.Kind == AmountKind.Value);
        var target = derivation.Total ?? indicator.Headline;
        return derivation.Kind switch
        {
            DerivationKind.Sum when counts => Combine(new(AmountKind.Value, mode), inputs, f => new Amount(f.Sum(x => x.A), 0)),
            DerivationKind.Ratio when counts && inputs.Length == 2 => Combine(new(AmountKind.Ratio, mode), inputs, f => new Amount(f[0].A, f[1].A)),
            DerivationKind.ShareOfTerritories when counts => Single(new(AmountKind.Ratio, mode), target, () => Share(derivation, target, inputs[0])),
            DerivationKind.Rank => Single(new(AmountKind.Value, TimeMode.Stock), target, () => Rank(target, inputs[0])),
            DerivationKind.CountOver => Single(new(AmountKind.Value, TimeMode.Stock), target, () => CountOver(derivation.Threshold ?? 0, inputs[0])),
            _ => new MeasureSource(new(AmountKind.Value, mode), [], _ => null),
        };
    }

    private static MeasureSource Combine(MeasureShape shape, IReadOnlyList<MeasureSource> inputs, Func<IReadOnlyList<Amount>, Amount> combine)
    {
        var territories = inputs.SelectMany(i => i.Territories).Distinct().Order(TerritoryOrder.Instance).ToArray();
        return new MeasureSource(shape, territories, t =>
        {
            var parts = inputs.Select(i => i.Measure(t)).ToArray();
            if (parts.Any(p => p is null))
            {
                return null;
            }

            var series = Series.Intersect(parts.Select(p => p!.Series).ToArray(), combine);
            return series.IsEmpty ? null : new Measured(series, series.Total(shape.Mode)!);
        });
    }

    private static MeasureSource Single(MeasureShape shape, Territory territory, Func<Measured?> measure) =>
        new(shape, [territory], t => t == territory ? measure() : null);

    private static Measured? Share(Derivation derivation, Territory total, MeasureSource input)
    {
        var parts = derivation.Territories.Select(input.Measure).ToArray();
        if (parts.Length == 0 || parts.Any(p => p is null) || input.Measure(total) is not { } whole)
        {
            return null;
        }

        var numerator = Series.Intersect(parts.Select(p => p!.Series).ToArray(), f => new Amount(f.Sum(x => x.A), 0));
        var series = Series.Intersect([numerator, whole.Series], f => new Amount(f[0].A, f[1].A));
        return series.IsEmpty ? null : new Measured(series, series.Total(input.Shape.Mode)!);
    }

    private static Measured? Rank(Territory territory, MeasureSource input)
    {
        var kind = input.Shape.Kind;
        if (input.Measure(territory) is not { } own || own.Value(kind) is not { } ownValue)
        {
            return null;
        }

        var months = own.Series.Months;
        var rivals = Geography2009.Default.EuMembers2009.Where(m => m != territory)
            .Select(input.Measure).OfType<Measured>()
            .Where(m => m.Value(kind) is not null && m.Series.Months.SetEquals(months))
            .ToArray();
        var rank = 1 + rivals.Count(r => r.Value(kind) > ownValue);
        // Each period ranks among the rivals that reported that very period.
        var series = own.Series.Select(p => new Amount(
            1 + rivals.Count(r => r.Series.Points.Any(q => q.Period == p.Period && q.Amount.ValueOf(kind) > p.Amount.ValueOf(kind))), 0));
        var from = own.Total.From.Concat(rivals.SelectMany(r => r.Total.From)).ToArray();
        return new Measured(series, new Point(own.Total.Period, new Amount(rank, 0), from));
    }

    /// <summary>
    /// Every département with a value of <paramref name="period"/> (the count's latest), the one
    /// <c>count_over</c> compared with its threshold; null for an input whose small counts are
    /// protected, whose départements' values of a single period the snapshot does not publish.
    /// </summary>
    public static CountedTerritories? Counted(Derivation derivation, Indicator input, MeasureSource source, Period period)
    {
        if (input.Sensitive)
        {
            return null;
        }

        var kind = source.Shape.Kind;
        var threshold = derivation.Threshold ?? 0;
        var values = source.Territories.Where(t => t.Kind == TerritoryKind.Departement)
            .Select(t => (Territory: t, Value: source.Measure(t)?.Series.Points.FirstOrDefault(p => p.Period == period)?.Amount.ValueOf(kind)))
            .Where(x => x.Value is not null)
            .OrderBy(x => x.Territory, TerritoryOrder.Instance)
            .Select(x => new TerritoryValue(x.Territory, x.Value))
            .ToArray();
        return new CountedTerritories(period, threshold, values);
    }

    private static Measured? CountOver(double threshold, MeasureSource input)
    {
        var kind = input.Shape.Kind;
        var departements = input.Territories.Where(t => t.Kind == TerritoryKind.Departement)
            .Select(input.Measure).OfType<Measured>().Where(m => m.Value(kind) is not null).ToArray();
        if (departements.Length == 0)
        {
            return null;
        }

        // Counted period by period, and the figure is the latest period's: counting the départements
        // over the threshold on the window's mean gave a figure (8) the card's own series (19, then 13) contradicted.
        var perPeriod = Series.Merge(departements.Select(m => m.Series.Select(p => new Amount(p.Amount.ValueOf(kind) > threshold ? 1 : 0, 0))));
        return perPeriod.Total(TimeMode.Stock) is { } latest ? new Measured(perPeriod, latest) : null;
    }
}
