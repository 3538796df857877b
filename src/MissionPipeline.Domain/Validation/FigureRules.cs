using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;

namespace MissionPipeline.Validation;

/// <summary>
/// The shape a figure must have for its indicator's aggregation (docs/formats.md): sum and last need a
/// value; a ratio needs its numerator and its denominator; a weighted mean needs a value and its
/// weight; a milestone is the value 1 on a day. A withheld figure carries no number and is not an
/// error, but a ratio given with one part only is. No number is negative; a ratio's denominator is
/// never 0 (0/0 included); a numerator above its denominator is an error (a rate above 100 %); a
/// count is whole and plausible (docs/indicators.md, "Rules made precise"). A number in a column the
/// aggregation does not use is an error (it would be silently dropped).
/// </summary>
internal static partial class FigureRules
{
    public static bool Check(Indicator indicator, Period? period, Figure figure, ObservationSource at, IssueCollector issues)
    {
        var ok = CheckSigns(figure, at, issues) & CheckStatus(figure, at, issues) & CheckCounts(indicator, figure, at, issues)
            & CheckPlausible(indicator, period, figure, at, issues);
        return indicator.Aggregation switch
        {
            Aggregation.Ratio => CheckRatio(indicator, figure, at, issues) & ok,
            Aggregation.WeightedMean => CheckWeightedMean(indicator, figure, at, issues) & ok,
            Aggregation.Milestone => CheckValue(indicator, figure, at, issues) & CheckMilestone(indicator, period, figure, at, issues) & ok,
            _ => CheckValue(indicator, figure, at, issues) & ok,
        };
    }

    private static bool CheckValue(Indicator indicator, Figure figure, ObservationSource at, IssueCollector issues)
    {
        var ok = Unused(figure.Numerator, at.Numerator, indicator, "se transmet par sa seule valeur", issues)
            & Unused(figure.Denominator, at.Denominator, indicator, "se transmet par sa seule valeur", issues)
            & Unused(figure.Weight, at.Weight, indicator, "se transmet par sa seule valeur", issues);
        if (figure.Value is null && !figure.Withheld)
        {
            issues.Error(IssueCodes.MissingValue, at.Value,
                $"Valeur manquante pour « {indicator.Id} » : indiquez le chiffre dans la colonne « {at.Value.Column} », ou un marqueur (s secret, nd non disponible) si vous ne pouvez pas le donner.");
            return false;
        }

        return ok;
    }

    private static bool CheckRatio(Indicator indicator, Figure figure, ObservationSource at, IssueCollector issues)
    {
        var ok = Unused(figure.Value, at.Value, indicator,
                "est un taux : donnez son numérateur et son dénominateur et laissez la valeur vide (ou un simple marqueur p, e, s, nd)", issues)
            & Unused(figure.Weight, at.Weight, indicator, "est un taux, sans poids", issues);
        switch (figure.Numerator, figure.Denominator)
        {
            case (null, null) when !figure.Withheld:
                issues.Error(IssueCodes.MissingValue, at.Numerator,
                    $"Numérateur et dénominateur manquants pour le taux « {indicator.Id} » : donnez-les tous deux, ou un marqueur (s secret, nd non disponible) dans la colonne valeur.");
                return false;
            case (null, not null):
                return Incomplete(indicator, at.Numerator, "numérateur", "dénominateur", issues);
            case (not null, null):
                return Incomplete(indicator, at.Denominator, "dénominateur", "numérateur", issues);
            case (0, 0):
                issues.Error(IssueCodes.ZeroDenominator, at.Denominator,
                    $"Taux « {indicator.Id} » de 0 sur 0 : il n'y a rien à mesurer ce mois-là. Laissez la ligne de côté, ou écrivez nd (non disponible) dans la colonne valeur.");
                return false;
            case ( { } numerator, { } denominator) when denominator == 0 && numerator > 0:
                issues.Error(IssueCodes.ZeroDenominator, at.Denominator,
                    $"Dénominateur nul alors que le numérateur vaut {Show(numerator, at.Numerator)} pour « {indicator.Id} » : un taux sur 0 n'a pas de sens ; corrigez le dénominateur.");
                return false;
            case ( { } numerator, { } denominator) when numerator > denominator:
                issues.Error(IssueCodes.ImplausibleValue, at.Numerator,
                    $"Numérateur ({Show(numerator, at.Numerator)}) supérieur au dénominateur ({Show(denominator, at.Denominator)}) pour « {indicator.Id} » : un taux ne dépasse pas 100 %. Vérifiez que les deux colonnes ne sont pas inversées.");
                return false;
            default:
                return ok;
        }
    }

    private static bool CheckWeightedMean(Indicator indicator, Figure figure, ObservationSource at, IssueCollector issues)
    {
        const string Reason = "est une moyenne pondérée : donnez la valeur et son poids";
        var ok = Unused(figure.Numerator, at.Numerator, indicator, Reason, issues)
            & Unused(figure.Denominator, at.Denominator, indicator, Reason, issues);
        if (figure.Value is null && !figure.Withheld)
        {
            issues.Error(IssueCodes.MissingValue, at.Value,
                $"Valeur manquante pour la moyenne pondérée « {indicator.Id} » : indiquez la valeur et son poids, ou un marqueur (s secret, nd non disponible) dans la colonne valeur.");
            return false;
        }

        if (figure.Value is not null && figure.Weight is null)
        {
            issues.Error(IssueCodes.MissingWeight, at.Weight,
                $"Poids manquant pour la moyenne pondérée « {indicator.Id} » : indiquez dans la colonne poids le nombre sur lequel porte la valeur (par exemple le nombre de décisions).");
            return false;
        }

        return ok;
    }

    private static bool CheckMilestone(Indicator indicator, Period? period, Figure figure, ObservationSource at, IssueCollector issues)
    {
        var ok = true;
        if (figure.Value is { } value && value != 1)
        {
            issues.Error(IssueCodes.InvalidMilestone, at.Value,
                $"Une étape comme « {indicator.Id} » se déclare avec la valeur 1, pas {Show(value, at.Value)} : écrivez 1, à la date où elle a été franchie.");
            ok = false;
        }

        if (period is { Kind: not PeriodKind.Day } p)
        {
            issues.Error(IssueCodes.InvalidMilestone, at.Period,
                $"Une étape comme « {indicator.Id} » se date au jour près, pas « {p} » : écrivez le jour où elle a été franchie (par exemple 2009-06-15 ou 15/06/2009).");
            ok = false;
        }

        return ok;
    }

    /// <summary>
    /// Counts are whole numbers: the value of a count indicator, a ratio's numerator and denominator,
    /// a weighted mean's weight. A count cell written <c>1.234</c> or <c>12.500</c> is ambiguous
    /// (French exports group thousands with a space, but a dot may be a thousands separator or a
    /// decimal point): rejected, never guessed.
    /// </summary>
    /// <remarks>
    /// Another value (a délai, a mean) written <c>1.234</c> in a text cell is as ambiguous: 1,234 or
    /// 1 234? (<see cref="CheckDecimal"/>). A rate is not: above 1 it is refused by <see cref="CheckPlausible"/>.
    /// </remarks>
    private static bool CheckCounts(Indicator indicator, Figure figure, ObservationSource at, IssueCollector issues) =>
        (indicator.IsCount
            ? WholeNumber(figure.Value, at.Value, $"pour « {indicator.Id} », qui compte des {indicator.Unit}", issues)
            : indicator.Unit == "taux" || figure.Value is null || CheckDecimal(at.Value, $"pour « {indicator.Id} »", issues))
        & WholeNumber(figure.Numerator, at.Numerator, $"au numérateur de « {indicator.Id} », qui compte des personnes ou des dossiers", issues)
        & WholeNumber(figure.Denominator, at.Denominator, $"au dénominateur de « {indicator.Id} », qui compte des personnes ou des dossiers", issues)
        & WholeNumber(figure.Weight, at.Weight, $"au poids de « {indicator.Id} », qui compte des personnes ou des dossiers", issues);

    // The message names what counts: a rate's numerator is a count, the rate is not (« qui compte des taux »).
    private static bool WholeNumber(double? number, SourceCell at, string counting, IssueCollector issues) =>
        number is not { } n || CheckWhole(n, at, counting, issues);

    /// <summary>
    /// The rule of whole counts, for every reader (a fixed layout's count columns too):
    /// <c>ambiguous-number</c> for a cell such as <c>1.234</c>, <c>not-a-whole-number</c> for a count
    /// with decimals; <paramref name="counting"/> says what counts, after « Nombre « x » ambigu ».
    /// </summary>
    internal static bool CheckWhole(double number, SourceCell at, string counting, IssueCollector issues)
    {
        if (!at.IsNumber && HasDottedThousands(at.Cell))
        {
            issues.Error(IssueCodes.AmbiguousNumber, at,
                $"Nombre « {at.Cell.Trim()} » ambigu {counting} : le point sépare-t-il des milliers ou des décimales ? Les exports français écrivent les milliers avec une espace (1\u202F234) : corrigez la cellule.");
            return false;
        }

        if (number == Math.Floor(number))
        {
            return true;
        }

        // « 4,641 » read the French way is 4.641, not a count; an English export means 4 641 by it:
        // which one is the agency's to say, never ours to guess. A workbook's number has no such doubt.
        if (!at.IsNumber && CommaThousands().IsMatch(at.Cell))
        {
            issues.Error(IssueCodes.AmbiguousNumber, at,
                $"Nombre « {at.Cell.Trim()} » ambigu {counting} : un effectif est entier, la virgule sépare-t-elle donc des milliers (à l'anglaise) ? Si c'est {GroupedDigits(at.Cell)}, écrivez-le ainsi, les milliers avec une espace ; corrigez la cellule.");
            return false;
        }

        issues.Error(IssueCodes.NotAWholeNumber, at,
            $"Nombre « {at.Cell.Trim()} » non entier {counting} : un effectif est un nombre entier ; corrigez la cellule.");
        return false;
    }

    /// <summary>
    /// The rule of decimals that are not counts (a délai, a mean duration): a text cell written
    /// <c>1.234</c> or <c>118.500</c>, one to three digits then a point and three digits, may be
    /// 1,234 or 1 234, as a French spreadsheet may group thousands with a point: <c>ambiguous-number</c>,
    /// never guessed. <c>0.125</c> is not (no thousand starts with 0), nor <c>1.5</c>, nor a
    /// workbook's number (<see cref="SourceCell.IsNumber"/>); <paramref name="what"/> follows « ambigu ».
    /// </summary>
    internal static bool CheckDecimal(SourceCell at, string what, IssueCollector issues)
    {
        if (at.IsNumber || !PointOrThousands().IsMatch(at.Cell))
        {
            return true;
        }

        var text = at.Cell.Trim();
        issues.Error(IssueCodes.AmbiguousNumber, at,
            $"Nombre « {text} » ambigu {what} : {text.Replace('.', ',')} ou {text.Replace(".", "\u202F", StringComparison.Ordinal)} ? Les exports français écrivent les décimales après une virgule et les milliers avec une espace : corrigez la cellule.");
        return false;
    }

    /// <summary>Whether a cell reads <c>1.234</c>, <c>12.500</c>, <c>1.234.567</c>: thousands grouped by dots, or a decimal point (which one?).</summary>
    internal static bool HasDottedThousands(string cell) => DottedThousands().IsMatch(cell);

    // 1.234, 12.500, 1.234.567: one to three digits, then groups of exactly three after each dot.
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\d{1,3}(\.\d{3})+\s*$")]
    private static partial System.Text.RegularExpressions.Regex DottedThousands();

    // 1.234, 118.500, -12.500: a decimal point, or one point between thousands; not 0.125.
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*[+\-\u2212]?[1-9]\d{0,2}\.\d{3}\s*$")]
    private static partial System.Text.RegularExpressions.Regex PointOrThousands();

    // 4,641, 12,500, 1,234,567: thousands grouped by commas, the English way.
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\d{1,3}(,\d{3})+\s*$")]
    private static partial System.Text.RegularExpressions.Regex CommaThousands();

    // « 4,641 » → « 4 641 » (narrow no-break space, as French groups thousands).
    private static string GroupedDigits(string cell) => cell.Trim().Replace(",", "\u202F", StringComparison.Ordinal);

    /// <summary>
    /// A value no real figure reaches is a typo or a unit mistake: above the indicator's
    /// <see cref="Indicator.Max"/> a month (for a count without one, ten million a month), times the
    /// months of the period; a rate given by its value (unit <c>taux</c>) above 1, the form every
    /// output reads it in (0,238 is 23,8 %): « 23,8 » was published as 2 380 %. Rejected, never published.
    /// </summary>
    private static bool CheckPlausible(Indicator indicator, Period? period, Figure figure, ObservationSource at, IssueCollector issues)
    {
        if (indicator.Unit == "taux" && figure.Value is { } rate && rate > 1)
        {
            issues.Error(IssueCodes.ImplausibleValue, at.Value,
                $"Taux {Show(rate, at.Value)} invraisemblable pour « {indicator.Id} » : un taux s'écrit en fraction de 1 (0,238 pour 23,8 %), jamais au-delà de 1."
                + (rate <= 100 ? $" Vouliez-vous dire {Show(rate / 100)} ? Corrigez la cellule." : " Corrigez la cellule."));
            return false;
        }

        var monthly = indicator.Max ?? (indicator.IsCount || indicator.IsRatio || indicator.Aggregation == Aggregation.WeightedMean ? Indicator.DefaultMonthlyMax : (double?)null);
        if (monthly is not { } max)
        {
            return true;
        }

        var months = period is { Kind: PeriodKind.Year } ? 12 : period is { Kind: PeriodKind.Quarter } ? 3 : 1;
        var limit = max * months;
        foreach (var (number, cell) in new[] { (indicator.IsCount ? figure.Value : null, at.Value), (figure.Numerator, at.Numerator), (figure.Denominator, at.Denominator), (figure.Weight, at.Weight) })
        {
            if (number is { } n && n > limit)
            {
                issues.Error(IssueCodes.ImplausibleValue, cell,
                    $"Nombre {Show(n, cell)} invraisemblable pour « {indicator.Id} » : au-delà de {Show(limit)} sur la période, c'est une faute de frappe ou d'unité. Corrigez la cellule.");
                return false;
            }
        }

        return true;
    }

    private static bool CheckSigns(Figure figure, ObservationSource at, IssueCollector issues) =>
        NotNegative(figure.Value, at.Value, issues)
        & NotNegative(figure.Numerator, at.Numerator, issues)
        & NotNegative(figure.Denominator, at.Denominator, issues)
        & NotNegative(figure.Weight, at.Weight, issues);

    private static bool NotNegative(double? number, SourceCell at, IssueCollector issues)
    {
        if (number is not < 0)
        {
            return true;
        }

        issues.Error(IssueCodes.NegativeValue, at,
            $"Nombre négatif ({Show(number.Value, at)}) dans la colonne « {at.Column} » : les chiffres transmis (effectifs, durées, numérateurs, dénominateurs, poids) ne sont jamais négatifs ; corrigez le signe.");
        return false;
    }

    private static bool CheckStatus(Figure figure, ObservationSource at, IssueCollector issues)
    {
        if (figure.Status is not (ValueStatus.Secret or ValueStatus.NotAvailable) || !figure.HasNumber)
        {
            return true;
        }

        var meaning = figure.Status == ValueStatus.Secret ? "secret" : "non disponible";
        issues.Error(IssueCodes.ConflictingStatus, at.Status,
            $"Le statut « {figure.Status.ToMarker()} » ({meaning}) annonce un chiffre absent, mais un nombre est donné : videz le nombre, ou changez le statut.");
        return false;
    }

    private static bool Incomplete(Indicator indicator, SourceCell missing, string missingName, string givenName, IssueCollector issues)
    {
        issues.Error(IssueCodes.IncompleteRatio, missing,
            $"Taux incomplet pour « {indicator.Id} » : le {missingName} manque alors que le {givenName} est donné. Donnez les deux, ou aucun avec un marqueur (s secret, nd non disponible) dans la colonne valeur.");
        return false;
    }

    private static bool Unused(double? number, SourceCell at, Indicator indicator, string reason, IssueCollector issues)
    {
        if (number is null)
        {
            return true;
        }

        issues.Error(IssueCodes.UnexpectedValue, at,
            $"La colonne « {at.Column} » ne s'utilise pas ici : « {indicator.Id} » {reason}. Videz cette cellule.");
        return false;
    }

    private static string Show(double number) => FrenchFormat.Figure(number);

    /// <summary>
    /// A figure read from <paramref name="at"/>, as the message echoes it: grouped, or, from 10¹⁵ on,
    /// where a double keeps fewer digits than were typed (9 223 372 036 854 775 808 would show as
    /// …780 000), the cell as written.
    /// </summary>
    private static string Show(double number, SourceCell at) =>
        Math.Abs(number) < 1e15 || string.IsNullOrWhiteSpace(at.Cell) ? Show(number) : $"« {SourceCell.Clip(at.Cell.Trim(), 40)} »";
}
