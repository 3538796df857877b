using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Periods;
using MissionPipeline.Readers;
using MissionPipeline.Text;

namespace MissionPipeline.Validation;

/// <summary>
/// The checks every reader applies to what it read, whatever the format: the indicator exists, is
/// not derived, and the sending agency may report it (docs/architecture.md, invariant 6); the period is
/// well formed and does not start after the day the file was received; the territory existed in
/// 2009; the figure has the shape its indicator's aggregation needs; no (indicator, period,
/// territory) comes twice. Each check reports what it finds to the collector, located where the
/// part was read, and returns whether the part passed. One instance serves one file: it remembers
/// the keys it has seen.
/// </summary>
public sealed partial class ObservationChecks(ReadContext context, IssueCollector issues)
{
    private readonly Dictionary<ObservationKey, SourceCell> _seen = [];
    private readonly SortedSet<string> _mentioned = new(StringComparer.Ordinal);

    /// <summary>
    /// The indicators of this agency that the file tried to report, whether or not their rows passed:
    /// when such a file is rejected, the dashboard can say the figures came but were refused.
    /// </summary>
    public IReadOnlyList<IndicatorId> Mentioned => _mentioned.Select(m => new IndicatorId(m)).ToArray();
    private readonly DateOnly _received = DateOnly.FromDateTime(context.Received.UtcDateTime);

    /// <summary>
    /// Every check on an observation a reader built; true when it may be kept. <paramref name="withheld"/>
    /// says the file gave a status marker instead of the number (no number is then required). Each
    /// issue is located at the part it concerns; a duplicate at the territory's cell.
    /// </summary>
    public bool Check(Observation observation, ObservationSource source, bool withheld = false)
    {
        var ok = CheckIndicator(observation.Indicator, source.Indicator, out var indicator)
            & CheckPeriod(observation.Period, source.Period)
            & CheckTerritory(observation.Territory, source.Territory)
            & CheckUnique(observation.Key, source.Territory);
        return indicator is not null
            ? CheckFigure(indicator, observation.Period, Figure.Of(observation, withheld), source)
                & CheckPlace(indicator, observation.Period, observation.Territory, source)
                & ok
            : ok;
    }

    /// <summary>Reads an indicator id as typed (case, accents and surrounding spaces ignored), then checks it.</summary>
    public bool TryReadIndicator(string text, SourceCell at, [NotNullWhen(true)] out Indicator? indicator)
    {
        var folded = TextNormalizer.Fold(text);
        if (context.Catalogue.TryGet(folded, out var found))
        {
            return CheckIndicator(found.Id, at, out indicator);
        }

        indicator = null;
        var own = context.Catalogue.ReportableBy(context.Agency).Select(i => i.Id.Value).ToArray();
        var guess = Suggestions.Closest(folded, own, 3)
            ?? Suggestions.Closest(folded, context.Catalogue.Indicators.Where(i => i.Aggregation != Aggregation.Derived).Select(i => i.Id.Value), 3);
        var what = folded.Length == 0 ? "Indicateur manquant" : $"Indicateur « {text} » inconnu";
        var hint = guess is null ? "." : $" : vouliez-vous dire « {guess} » ?";
        issues.Error(IssueCodes.UnknownIndicator, at,
            $"{what}{hint} Écrivez l'identifiant d'un indicateur du catalogue ; ceux que {context.Catalogue.AgencyOf(context.Agency).Said} peut transmettre : {List(own)}.");
        return false;
    }

    /// <summary>The indicator is in the catalogue, is not derived, and this file's agency may report it.</summary>
    public bool CheckIndicator(IndicatorId id, SourceCell at, [NotNullWhen(true)] out Indicator? indicator)
    {
        if (!context.Catalogue.TryGet(id, out indicator))
        {
            issues.Error(IssueCodes.UnknownIndicator, at,
                $"Indicateur « {id} » inconnu du catalogue : ceux que {context.Catalogue.AgencyOf(context.Agency).Said} peut transmettre sont {List(context.Catalogue.ReportableBy(context.Agency).Select(i => i.Id.Value))}.");
            return false;
        }

        if (indicator.Aggregation == Aggregation.Derived)
        {
            var inputs = indicator.Derivation?.Of.Select(i => i.Value) ?? [];
            issues.Error(IssueCodes.DerivedIndicator, at,
                inputs.Count() > 1
                    ? $"L'indicateur « {id} » est calculé à partir d'autres indicateurs ({List(inputs)}) : il ne se transmet pas. Retirez cette ligne et transmettez plutôt ses composantes."
                    : $"L'indicateur « {id} » est calculé à partir de l'indicateur {List(inputs)} : il ne se transmet pas. Retirez cette ligne et transmettez plutôt celui-ci.");
            indicator = null;
            return false;
        }

        if (!indicator.MayBeReportedBy(context.Agency))
        {
            var senders = indicator.Sources.Select(s => $"{context.Catalogue.AgencyOf(s).Said} ({s})");
            var sender = context.Catalogue.AgencyOf(context.Agency);
            issues.Error(IssueCodes.IndicatorNotAllowed, at,
                $"L'indicateur « {id} » est transmis par {string.Join(" ou ", senders)}, pas {sender.By} : un fichier {sender.Of} ne contient que ses propres indicateurs ({List(context.Catalogue.ReportableBy(context.Agency).Select(i => i.Id.Value))}). Retirez cette ligne.");
            indicator = null;
            return false;
        }

        _mentioned.Add(indicator.Id.Value);
        return true;
    }

    /// <summary>Reads a period in any notation <see cref="Period.TryParse"/> accepts, then checks it.</summary>
    public bool TryReadPeriod(string text, SourceCell at, out Period period)
    {
        if (Period.TryParse(text, out period))
        {
            return CheckPeriod(period, at);
        }

        if (PeriodParser.YearOutOfRange(text) is { } year)
        {
            issues.Error(IssueCodes.InvalidPeriod, at,
                $"Période « {text} » : l'année {year} n'est pas acceptée (de {Period.FirstYear.ToString(CultureInfo.InvariantCulture)} à {Period.LastYear.ToString(CultureInfo.InvariantCulture)}) : vérifiez l'année.");
            return false;
        }

        if (NoSuchMonthOrDay(text) is { } none)
        {
            // Written as the formats say, but a date no calendar has: « illisible » then suggested the very form typed.
            issues.Error(IssueCodes.InvalidPeriod, at, $"Période « {text} » : {none} ; vérifiez-la.");
            return false;
        }

        var what = string.IsNullOrWhiteSpace(text) ? "Période manquante" : $"Période « {text} » illisible";
        issues.Error(IssueCodes.InvalidPeriod, at,
            $"{what} : écrivez 2009 (année), 2009-T1 (trimestre), 2009-03 ou 03/2009 (mois), 2009-03-15 ou 15/03/2009 (jour).");
        return false;
    }

    /// <summary>
    /// Why a period written in one of the accepted forms (2009-03, 03/2009, 2009-03-15, 15/03/2009)
    /// names no month or day of the calendar (« le mois 13 n'existe pas », « le 30/02/2009 n'existe
    /// pas »); null for any other text.
    /// </summary>
    private static string? NoSuchMonthOrDay(string text)
    {
        // ASCII digits only: \d would take full-width or Arabic-Indic digits, which int.Parse refuses (the whole file then failed).
        var m = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(?:(?<y>[0-9]{4})-(?<m>[0-9]{2})(?:-(?<d>[0-9]{2}))?|(?:(?<d>[0-9]{2})/)?(?<m>[0-9]{2})/(?<y>[0-9]{4}))$");
        if (!m.Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12)
        {
            return $"le mois {month.ToString(CultureInfo.InvariantCulture)} n'existe pas";
        }

        // Year 0 has no calendar to ask (DaysInMonth throws): left to « illisible ».
        return year >= 1 && m.Groups["d"].Success && int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) is var day && (day < 1 || day > DateTime.DaysInMonth(year, month))
            ? string.Create(CultureInfo.InvariantCulture, $"le {day:00}/{month:00}/{year} n'existe pas")
            : null;
    }

    /// <summary>
    /// The period does not start after the day (UTC) the file was received. One that starts before
    /// 2000, where no dashboard begins, is kept with a warning said once for the file: a 2009 typed
    /// 1999, or an empty Excel date shown as January 1900, was accepted without a word, and the month
    /// the officer meant to send stayed missing (red team, agency officer); a history sent on purpose
    /// (the benchmark's, from 1990) stays valid.
    /// </summary>
    public bool CheckPeriod(Period period, SourceCell at)
    {
        if (period.Start <= _received)
        {
            if (period.Start < SnapshotDates.Earliest)
            {
                issues.WarningOnce(IssueCodes.PeriodTooOld, at,
                    $"La période {period} est antérieure à {SnapshotDates.Earliest.Year.ToString(CultureInfo.InvariantCulture)} : aucun tableau de bord ne la montre (ils commencent en {SnapshotDates.Earliest.Year.ToString(CultureInfo.InvariantCulture)}). Vérifiez l'année ; une date vide dans Excel s'affiche en janvier 1900. Un historique ancien envoyé exprès est gardé tel quel.");
            }

            return true;
        }

        issues.Error(IssueCodes.PeriodInFuture, at,
            $"La période {period} commence le {FrenchFormat.Date(period.Start)}, après la réception du fichier le {FrenchFormat.Date(_received)} : corrigez l'année ou le mois, ou transmettez ce chiffre une fois la période commencée.");
        return false;
    }

    /// <summary>
    /// The month a title gives (F1, F2, whose only period is their title's) against the month the file's
    /// name announces (« ofpra-activite-2009-03.csv »): an export whose title was left from January
    /// replaced January's figures with March's without a word. A name with no month, or with several,
    /// says nothing; a date with its day (« export-2009-04-02 », the day it was made) is no month.
    /// </summary>
    public bool CheckTitleMonth(Period month, SourceCell at)
    {
        var named = NamedMonth().Matches(Path.GetFileName(context.FileName))
            .Select(m => Period.OfMonth(int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture)))
            .Distinct().ToArray();
        if (named is not [var announced] || announced == month)
        {
            return true;
        }

        issues.Error(IssueCodes.PeriodMismatch, at,
            $"Le titre donne {FrenchFormat.Period(month)}, mais le nom du fichier « {SourceCell.Clip(Path.GetFileName(context.FileName), 80)} » annonce {FrenchFormat.Period(announced)} : corrigez le titre (ou le nom du fichier), puis déposez-le à nouveau. Accepté, il remplacerait les chiffres reçus pour {FrenchFormat.Period(month)}.");
        return false;
    }

    // 2009-03, 2009_03, 200903: a year of this century and a month, not followed by a day or more digits.
    [GeneratedRegex(@"(?<![0-9])(20[0-9]{2})[-_]?(0[1-9]|1[0-2])(?![-_]?[0-9])")]
    private static partial Regex NamedMonth();

    /// <summary>
    /// Reads a territory code (<c>FR</c>, <c>FR-MET</c>, <c>FR-DOM</c>, <c>REG-xx</c>, <c>DEP-xx</c>, a
    /// Eurostat country), then checks that it existed in 2009. A bare département number is refused
    /// with the code to write instead.
    /// </summary>
    public bool TryReadTerritory(string text, SourceCell at, out Territory territory)
    {
        if (Territory.TryParse(text, out territory))
        {
            return CheckTerritory(territory, at);
        }

        string message;
        if (string.IsNullOrWhiteSpace(text))
        {
            message = "Territoire manquant : écrivez FR, FR-MET, FR-DOM, REG-xx (région), DEP-xx (département) ou un code pays Eurostat.";
        }
        else if (context.Geography.TryFindDepartement(text, out var departement))
        {
            message = $"Territoire « {text} » ambigu : écrivez « {departement.Territory.Code} » ({departement.Name}).";
        }
        else
        {
            message = $"Territoire « {text} » illisible : écrivez FR, FR-MET, FR-DOM, REG-xx (région, ex. REG-11), DEP-xx (département, ex. DEP-75, DEP-2A, DEP-971) ou un code pays Eurostat (DE, IT…).";
        }

        issues.Error(IssueCodes.InvalidTerritory, at, message);
        return false;
    }

    /// <summary>The territory existed in 2009 (a département of 2009, a région of 2009, a Eurostat code).</summary>
    public bool CheckTerritory(Territory territory, SourceCell at)
    {
        if (context.Geography.Knows(territory))
        {
            return true;
        }

        var hint = territory.Kind switch
        {
            TerritoryKind.Departement => "vérifiez le numéro (" + Geography2009.DepartementHint + ")",
            TerritoryKind.Region => "vérifiez le code de la région (codes de 2009, par exemple REG-11 pour l'Île-de-France)",
            _ => "vérifiez le code pays (codes Eurostat, par exemple DE, EL, UK)",
        };
        issues.Error(IssueCodes.UnknownTerritory, at, $"Le territoire « {territory} » n'est pas un territoire de 2009 : {hint}.");
        return false;
    }

    /// <summary>The figure has the shape <paramref name="indicator"/>'s aggregation needs (see <see cref="FigureRules"/>).</summary>
    public bool CheckFigure(Indicator indicator, Period? period, Figure figure, ObservationSource at) =>
        FigureRules.Check(indicator, period, figure, at, issues);

    /// <summary>
    /// The figure has its place in the indicator: its period at the indicator's periodicity (or a
    /// coarser one the catalogue lists), its territory in the indicator's scope. Every reader calls it
    /// for every observation: nothing is accepted that the engine would then silently drop or let
    /// replace its finer periods.
    /// </summary>
    public bool CheckPlace(Indicator indicator, Period period, Territory territory, ObservationSource at) =>
        CheckGranularity(indicator, period, at.Period) & CheckScope(indicator, territory, at.Territory);

    /// <summary>The period is at the indicator's periodicity, or a coarser one the catalogue lists for it.</summary>
    public bool CheckGranularity(Indicator indicator, Period period, SourceCell at)
    {
        if (indicator.Accepts(period.Kind))
        {
            return true;
        }

        // The example is the row's own period at the indicator's periodicity: the one it starts in.
        var start = period.Start;
        var expected = indicator.Periodicity switch
        {
            Periodicity.Monthly => $"un mois ({Period.OfMonth(start.Year, start.Month)})",
            Periodicity.Quarterly => $"un trimestre ({Period.OfQuarter(start.Year, ((start.Month - 1) / 3) + 1)})",
            _ => $"une année ({Period.OfYear(start.Year)})",
        };
        // A day on the 1st of a month in a monthly indicator is mostly an Excel date shown « mars-09 »:
        // the officer never sees « 2009-03-01 », so the message says what Excel stored.
        var cause = period.Kind == PeriodKind.Day && start.Day == 1 && indicator.Periodicity == Periodicity.Monthly
            ? $"Une date Excel affichée « {FrenchFormat.Period(Period.OfMonth(start.Year, start.Month))} » est enregistrée comme le jour du {FrenchFormat.Date(start)} : écrivez {Period.OfMonth(start.Year, start.Month)} dans une cellule au format Texte."
            : "Un total ne remplace pas ses périodes : transmettez chaque période.";
        issues.Error(IssueCodes.PeriodGranularity, at,
            $"Période « {period} » : « {indicator.Id} » se transmet par {expected}, pas {KindName(period.Kind)}. {cause}");
        return false;
    }

    /// <summary>The territory has a place in the indicator's scope (see <see cref="Indicator.Covers"/>).</summary>
    public bool CheckScope(Indicator indicator, Territory territory, SourceCell at)
    {
        if (indicator.Covers(territory))
        {
            return true;
        }

        issues.Error(IssueCodes.TerritoryOutOfScope, at,
            $"Le territoire « {territory} » n'a pas de place dans « {indicator.Id} », publié pour {indicator.PublishedLevels} : retirez cette ligne ou corrigez le territoire.");
        return false;
    }

    private static string KindName(PeriodKind kind) => kind switch
    {
        PeriodKind.Year => "par année",
        PeriodKind.Quarter => "par trimestre",
        PeriodKind.Month => "par mois",
        _ => "par jour",
    };

    /// <summary>No earlier row of the file gave the same (indicator, period, territory).</summary>
    public bool CheckUnique(ObservationKey key, SourceCell at)
    {
        if (_seen.TryAdd(key, at))
        {
            return true;
        }

        issues.Error(IssueCodes.DuplicateRow, at,
            $"Ligne en double : indicateur « {key.Indicator} », période {key.Period}, territoire {key.Territory} déjà donnés {_seen[key].Where}. Gardez une seule ligne par indicateur, période et territoire.");
        return false;
    }

    /// <summary>Reads a status marker (<c>p</c>, <c>e</c>, <c>s</c>, <c>nd</c>, any case) or a blank (final).</summary>
    public bool TryReadStatus(string text, SourceCell at, out ValueStatus status)
    {
        if (ValueStatuses.TryParse(text, out status))
        {
            return true;
        }

        issues.Error(IssueCodes.InvalidStatus, at,
            $"Statut « {text} » inconnu : laissez la cellule vide (chiffre définitif) ou écrivez p (provisoire), e (estimé), s (secret) ou nd (non disponible).");
        return false;
    }

    /// <summary>
    /// Reads a number with the French rules of <see cref="FrenchNumber"/>; a blank cell is a null
    /// number, not an error.
    /// </summary>
    public bool TryReadNumber(string text, SourceCell at, out double? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (FrenchNumber.TryParse(text, out var parsed))
        {
            number = parsed;
            return true;
        }

        var marker = ValueStatuses.TryParse(text, out _) ? " Un marqueur (p, e, s, nd) se met dans la colonne valeur ou statut." : string.Empty;
        issues.Error(IssueCodes.InvalidNumber, at, SpreadsheetErrors.Explain(text) ??
            $"Nombre « {text} » illisible : écrivez par exemple 1234, 1\u202F234 ou 1\u202F234,5 (virgule ou point décimal, espace entre les milliers, sans point entre les milliers ni unité).{marker}");
        return false;
    }

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToArray();
        return all.Length == 0 ? "aucun" : string.Join(", ", all);
    }

}
