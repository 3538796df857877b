using System.Globalization;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Indicators;

/// <summary>
/// The consistency warnings of docs/indicators.md, over the winning observations of one window:
/// <list type="bullet">
/// <item><c>territory-sum-gap</c>: a territory with figures of its own (FR, FR-MET, FR-DOM, a région)
/// whose parts (<see cref="TerritoryRollup.Parts"/>) also arrived, for the same period, and differ from
/// it by more than 1 % of its value. This is the national-vs-départements check, made at every level;
/// parts that include régions reported as such are compared only when every région of the
/// territory has figures, since a few régions sent for themselves are a breakdown, not a partition.</item>
/// <item><c>period-sum-gap</c>: a period reported together with the periods it contains (a year and
/// its months, a quarter and its months) for one territory: flows compare the enclosing value with
/// the sum of the contained periods when they cover it entirely; stocks compare it with the
/// contained period that ends the same day.</item>
/// </list>
/// The dashboard keeps using the enclosing figure (docs/indicators.md); the warnings only tell the reader.
/// A gap is relative to the enclosing value; against a zero value, any non-zero sum is a gap.
/// <para>
/// The warnings are published, and a sum of départements counts the cells small-count suppression
/// hides: for a sensitive indicator, the sum less the cells shown would give them back. So its
/// warnings say that a territory's figure and its départements' disagree, never by how much, and
/// leave out the départements' own periods (the agency finds the figures in the file it sent).
/// </para>
/// </summary>
internal static class ConsistencyChecks
{
    /// <summary>The relative gap above which two figures for the same thing disagree.</summary>
    public const double Tolerance = 0.01;

    public static IReadOnlyList<IndicatorWarning> Check(
        IReadOnlyDictionary<Territory, SourcedObservation[]> byTerritory, TerritoryRollup rollup, MeasureShape shape, string unit, bool sensitive = false)
    {
        var warnings = new List<IndicatorWarning>();
        foreach (var (territory, observations) in byTerritory)
        {
            if (!sensitive || territory.Kind != TerritoryKind.Departement)
            {
                warnings.AddRange(Periods(territory, observations, shape, unit));
            }

            if (territory.Kind is TerritoryKind.France or TerritoryKind.Metropole or TerritoryKind.OutreMer or TerritoryKind.Region)
            {
                warnings.AddRange(Territories(territory, rollup, shape.Kind, unit, sensitive));
            }
        }

        return warnings.OrderBy(w => w.Territory, TerritoryOrder.Instance).ThenBy(w => w.Period)
            .ThenBy(w => w.Code, StringComparer.Ordinal).ToArray();
    }

    private static IEnumerable<IndicatorWarning> Territories(Territory territory, TerritoryRollup rollup, AmountKind kind, string unit, bool sensitive)
    {
        if (rollup.Own(territory) is not { } own || rollup.Parts(territory) is not { } parts)
        {
            yield break;
        }

        if (parts.Total.From.Any(o => o.Observation.Territory.Kind == TerritoryKind.Region) && !EveryRegion(territory, rollup))
        {
            yield break;
        }

        var sums = parts.Series.Points.ToDictionary(p => p.Period);
        foreach (var point in own.Series.Points)
        {
            if (sums.TryGetValue(point.Period, out var sum)
                && point.Amount.ValueOf(kind) is { } value && sum.Amount.ValueOf(kind) is { } total && Exceeds(value, total))
            {
                var from = sum.From.Select(o => o.Observation.Territory).Distinct().ToArray();
                var label = from.All(t => t.Kind == TerritoryKind.Departement) ? "départements reçus" : "territoires reçus";
                if (sensitive && from.Any(t => t.Kind == TerritoryKind.Departement))
                {
                    yield return new IndicatorWarning(IndicatorWarning.TerritorySumGap, territory, point.Period, string.Create(
                        CultureInfo.InvariantCulture,
                        $"{Publishing.IndicatorCard.TerritoryLabel(territory)}, {FrenchFormat.Period(point.Period)} : la valeur reçue, {FrenchFormat.Value(value, unit)}, s'écarte de plus de {FrenchFormat.Percent(Tolerance, 0)} de la somme des {from.Length} {label}, qui n'est pas publiée (secret statistique : elle compte les chiffres masqués)."));
                    continue;
                }

                // A rate or a mean of the parts is no sum of them: it is computed on their numerators and denominators.
                var what = kind switch
                {
                    AmountKind.Ratio => "taux calculé sur les",
                    AmountKind.Weighted => "moyenne pondérée des",
                    _ => "somme des",
                };
                yield return Warning(IndicatorWarning.TerritorySumGap, territory, point.Period, value, total, string.Create(CultureInfo.InvariantCulture, $"{what} {from.Length} {label}"), unit);
            }
        }
    }

    /// <summary>True when every région within the territory has figures, of its own or from its départements.</summary>
    private static bool EveryRegion(Territory territory, TerritoryRollup rollup) =>
        Geography2009.Default.Departements.Where(d => TerritoryRollup.Covers(territory, d)).Select(d => d.Region).Distinct()
            .All(region => rollup.OwnThenParts(region) is not null);

    private static IEnumerable<IndicatorWarning> Periods(Territory territory, SourcedObservation[] observations, MeasureShape shape, string unit)
    {
        var figures = observations
            .Select(o => (o.Observation.Period, Amount: Amount.From(o.Observation, shape.Kind)))
            .Where(f => f.Amount is not null && f.Period.Kind != PeriodKind.Day)
            .Select(f => (f.Period, Amount: f.Amount!.Value))
            .ToArray();
        foreach (var outer in Maximal(figures))
        {
            var inner = Maximal(figures.Where(f => f.Period != outer.Period && outer.Period.Contains(f.Period)).ToArray());
            if (inner.Length > 0 && Parts(inner, outer.Period, shape.Mode) is { } parts
                && outer.Amount.ValueOf(shape.Kind) is { } value && parts.ValueOf(shape.Kind) is { } total && Exceeds(value, total))
            {
                var label = inner.All(f => f.Period.Kind == PeriodKind.Month) ? "mois reçus" : inner.All(f => f.Period.Kind == PeriodKind.Quarter) ? "trimestres reçus" : "périodes reçues";
                var what = shape.Mode == TimeMode.Flow
                    ? string.Create(CultureInfo.InvariantCulture, $"somme des {inner.Length} {label}")
                    : "valeur de " + FrenchFormat.Period(inner.MaxBy(f => f.Period.End).Period);
                yield return Warning(IndicatorWarning.PeriodSumGap, territory, outer.Period, value, total, what, unit);
            }
        }
    }

    /// <summary>The figures not contained in another one.</summary>
    private static (Period Period, Amount Amount)[] Maximal((Period Period, Amount Amount)[] figures) =>
        figures.Where(f => !figures.Any(q => q.Period != f.Period && q.Period.Contains(f.Period))).ToArray();

    private static Amount? Parts((Period Period, Amount Amount)[] inner, Period outer, TimeMode mode)
    {
        if (mode == TimeMode.Stock)
        {
            var last = inner.MaxBy(f => f.Period.End);
            return last.Period.End == outer.End ? last.Amount : null;
        }

        var months = inner.SelectMany(f => f.Period.MonthsWithin()).ToHashSet();
        return months.SetEquals(outer.MonthsWithin()) ? inner.Select(f => f.Amount).Aggregate(Amount.Add) : null;
    }

    private static bool Exceeds(double value, double total) =>
        value == 0 ? total != 0 : Math.Abs(value - total) / Math.Abs(value) > Tolerance + 1e-9;

    private static IndicatorWarning Warning(string code, Territory territory, Period period, double value, double total, string what, string unit)
    {
        var gap = value == 0 ? "sur une valeur nulle" : "de " + FrenchFormat.Percent(Math.Abs(value - total) / Math.Abs(value));
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"{Publishing.IndicatorCard.TerritoryLabel(territory)}, {FrenchFormat.Period(period)} : valeur reçue {FrenchFormat.Value(value, unit)}, {what} {FrenchFormat.Value(total, unit)} (écart {gap}).");
        return new IndicatorWarning(code, territory, period, message);
    }
}
