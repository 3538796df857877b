using System.Globalization;
using MissionPipeline.Catalogue;

namespace MissionPipeline.Indicators;

/// <summary>
/// Why an indicator has no figure for its window, in this order: <c>file-rejected</c> when every
/// file its agencies sent for it since the window opened was rejected (none committed);
/// <c>not-due-yet</c> when the window's first period has not reached its due date (period end +
/// dueDays; yearly and ad hoc indicators: the year's end) by asOf; <c>no-value</c> when committed
/// observations of the window exist but none gives the headline a figure (all marked <c>nd</c> or
/// <c>s</c>, or figures for other territories only); else <c>no-file</c>. A derived
/// indicator takes the reason of its first input without figures, or <c>no-value</c> when every
/// input has figures but they do not match.
/// </summary>
internal static class NoDataReasons
{
    public static NoDataReason Explain(Indicator indicator, Window window, EngineContext ctx)
    {
        if (indicator.Derivation is { } derivation)
        {
            foreach (var input in derivation.Of.Select(id => ctx.Catalogue[id]))
            {
                if (ctx.Source(input, window).Territories.Count == 0)
                {
                    return Explain(input, window, ctx);
                }
            }

            return new NoDataReason(NoDataCode.NoValue, "Les indicateurs dont celui-ci est calculé n'ont pas de chiffres pour les mêmes périodes et territoires.");
        }

        var files = ctx.Ingestions
            .Where(f => indicator.Sources.Contains(f.Agency) && f.Indicators.Contains(indicator.Id)
                && DateOnly.FromDateTime(f.Received.UtcDateTime) >= window.Start)
            .ToArray();
        var rejected = files.Where(f => f.Status == IngestionStatus.Rejected)
            .OrderByDescending(f => f.Received).ThenByDescending(f => f.IngestId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (rejected is not null && !files.Any(f => f.Status == IngestionStatus.Committed))
        {
            return new NoDataReason(NoDataCode.FileRejected,
                $"Le fichier « {rejected.FileName} » envoyé {ctx.Catalogue.AgencyOf(rejected.Agency).By} le {FrenchFormat.Date(DateOnly.FromDateTime(rejected.Received.UtcDateTime))} a été rejeté : aucune donnée acceptée {Label(window)}.");
        }

        if (ReceivedWithoutFigure(indicator, window, ctx) is { } withoutFigure)
        {
            return withoutFigure;
        }

        var due = FirstDue(indicator, window);
        if (window.IsEmpty || ctx.AsOf < due)
        {
            return new NoDataReason(NoDataCode.NotDueYet, $"Pas encore de données attendues {Label(window)} : les premières sont dues le {FrenchFormat.Date(due)}.");
        }

        return new NoDataReason(NoDataCode.NoFile,
            $"Aucune donnée reçue {string.Join(" ni ", indicator.Sources.Select(s => ctx.Catalogue.AgencyOf(s).Of))} {Label(window)} (attendue depuis le {FrenchFormat.Date(due)}).");
    }

    private static NoDataReason? ReceivedWithoutFigure(Indicator indicator, Window window, EngineContext ctx)
    {
        var received = ctx.Winning(indicator.Id).Where(o => window.Contains(o.Observation.Period)).ToArray();
        if (received.Length == 0)
        {
            return null;
        }

        return received.Any(o => o.Observation.HasFigure)
            ? new NoDataReason(NoDataCode.NoValue, string.Create(
                CultureInfo.InvariantCulture,
                $"Des chiffres ont été reçus {Label(window)}, mais aucun ne donne de valeur pour le territoire de référence ({indicator.Headline.Code})."))
            : new NoDataReason(NoDataCode.NoValue, string.Create(
                CultureInfo.InvariantCulture,
                $"Les chiffres reçus {Label(window)} sont tous marqués non disponibles (nd) ou secrets (s)."));
    }

    /// <summary>A ratio over a zero denominator, a weighted mean over a zero weight.</summary>
    public static NoDataReason NoValue { get; } = new(
        NoDataCode.NoValue, "Les chiffres reçus ne permettent pas de calculer une valeur (dénominateur ou pondération nuls).");

    public static NoDataReason NoReference { get; } = new(
        NoDataCode.NoReference, "Aucune référence pour juger de l'évolution, ni les mêmes mois de l'année précédente ni une valeur de départ.");

    /// <summary>An indicator with targets in other years, none in asOf's: which years have one.</summary>
    public static NoDataReason NoTarget(Indicator indicator, DateOnly asOf)
    {
        var years = indicator.TargetYears.ToArray();
        var known = years.Length switch
        {
            0 => string.Empty,
            1 => string.Create(CultureInfo.InvariantCulture, $" (objectif fixé pour {years[0]})"),
            // A milestone is judged every year from its due one: « de 2009 à 2099 » named the catalogue's last year.
            _ when years[^1] == Target.Years.Last() => string.Create(CultureInfo.InvariantCulture, $" (objectif fixé à partir de {years[0]})"),
            _ when years.Length > 4 => string.Create(CultureInfo.InvariantCulture, $" (objectifs fixés de {years[0]} à {years[^1]})"),
            _ => " (objectifs fixés pour " + FrenchFormat.List([.. years.Select(y => y.ToString(CultureInfo.InvariantCulture))]) + ")",
        };
        return new NoDataReason(NoDataCode.NoTarget, string.Create(
            CultureInfo.InvariantCulture, $"Aucun objectif n'est fixé pour {asOf.Year} dans le catalogue{known} : le chiffre est montré sans statut."));
    }

    /// <summary>A direction objective whose reference was counted under another definition.</summary>
    public static NoDataReason Break(SeriesBreak seriesBreak) => new(
        NoDataCode.SeriesBreak,
        $"Rupture de série le {FrenchFormat.Date(seriesBreak.Date)} : l'année précédente, comptée selon l'ancienne définition, ne se compare pas à celle-ci.");

    /// <summary>The due date of the first period of the window: its end plus the indicator's dueDays.</summary>
    public static DateOnly FirstDue(Indicator indicator, Window window)
    {
        var year = window.Start.Year;
        var end = indicator.Periodicity switch
        {
            Periodicity.Monthly => new DateOnly(year, 1, 31),
            Periodicity.Quarterly => new DateOnly(year, 3, 31),
            _ => new DateOnly(year, 12, 31),
        };
        return end.AddDays(indicator.DueDays);
    }

    private static string Label(Window window) =>
        window.Start.Month == 1 && window.Start.Day == 1
            ? string.Create(CultureInfo.InvariantCulture, $"pour {window.Start.Year}")
            : "depuis le " + FrenchFormat.Date(window.Start);
}
