using System.Globalization;
using System.Text.RegularExpressions;
using MissionPipeline.Geography;
using MissionPipeline.Observations;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// The rows of a Eurostat extract whose table is mapped and whose dimensions match, turned into
/// observations. In order: the geo (an English label in the legacy export, a code in SDMX-CSV)
/// must be in the 2009 geography (else <c>unknown-territory</c>); an aggregate (<c>EU28</c>,
/// <c>Total</c>, <c>European Union (…)</c>) is counted and not stored; a value <c>:</c> (or a blank
/// <c>OBS_VALUE</c> in SDMX-CSV) is missing: counted, no observation, no error. Numbers are written
/// the English way (<c>31,765</c> = 31 765; <c>12.5</c>). Flags: <c>p</c> makes the observation
/// provisional, <c>e</c> estimated; any other flag (<c>d</c> definition differs, <c>b</c> break…) keeps
/// the value as final and is counted in one <c>eurostat-flag</c> warning per flag.
/// </summary>
internal sealed partial class EurostatRows(EurostatHeader header, ReadContext context, ObservationChecks checks, IssueCollector issues)
{
    private readonly SortedDictionary<char, (int Count, SourceCell First)> _flags = [];

    public List<Observation> Observations { get; } = [];

    /// <summary>Rows of aggregates, not stored.</summary>
    public int Aggregates { get; private set; }

    /// <summary>Rows whose value is missing (<c>:</c>).</summary>
    public int Missing { get; private set; }

    public void Read(TableRow row, ResolvedTable table)
    {
        var (geoAt, timeAt, valueAt, flagAt) = (header.At(row, header.Geo), header.At(row, header.Time), header.At(row, header.Value), header.At(row, header.Flag));
        var geo = ReadGeo(geoAt, out var territory);
        if (geo == GeoKind.Aggregate)
        {
            Aggregates++;
            return;
        }

        if (IsMissing(valueAt.Cell))
        {
            Missing++;
            return;
        }

        var ok = geo == GeoKind.Known & checks.TryReadPeriod(timeAt.Cell, timeAt, out var period) & TryReadValue(valueAt, out var value);
        if (!ok)
        {
            return;
        }

        var observation = new Observation(table.Indicator.Id, period, territory, value, Status: ReadFlags(flagAt), Row: row.Number);
        var source = new ObservationSource(header.At(row, header.Dataflow), timeAt, geoAt, valueAt, valueAt, valueAt, valueAt, flagAt);
        if (checks.CheckTerritory(territory, geoAt)
            & checks.CheckFigure(table.Indicator, period, Figure.Of(observation), source)
            & checks.CheckPlace(table.Indicator, period, territory, source)
            & checks.CheckUnique(observation.Key, geoAt))
        {
            Observations.Add(observation);
            CountFlags(flagAt);
        }
    }

    /// <summary>One warning per flag other than p and e carried by stored values.</summary>
    public void ReportFlags()
    {
        foreach (var (flag, (count, first)) in _flags)
        {
            issues.Warning(IssueCodes.EurostatFlag, first, string.Create(CultureInfo.InvariantCulture,
                $"{count} valeur(s) portent le drapeau Eurostat « {flag} » ({Meaning(flag)}), la première {first.Where} : elles sont gardées telles quelles, comme définitives. Rien à corriger ; vérifiez-les avant de les commenter."));
        }
    }

    private enum GeoKind
    {
        Known,
        Aggregate,
        Unknown,
    }

    private GeoKind ReadGeo(SourceCell at, out Territory territory)
    {
        territory = default;
        var legacy = header.Shape == EurostatShape.Legacy;
        var found = legacy ? context.Geography.TryFindEurostatLabel(at.Cell, out var geo) : context.Geography.TryFindEurostatCode(at.Cell, out geo);
        if (found)
        {
            territory = geo.Territory;
            return territory.Kind == TerritoryKind.Aggregate ? GeoKind.Aggregate : GeoKind.Known;
        }

        if (EurostatMap.IsAggregate(at.Cell))
        {
            return GeoKind.Aggregate;
        }

        issues.Error(IssueCodes.UnknownTerritory, at, legacy
            ? $"Pays « {at.Cell} » inconnu : la colonne {at.Column} doit porter le libellé anglais d'un pays tel qu'Eurostat l'écrit (par exemple « France », « Germany (until 1990 former territory of the FRG) », « United Kingdom »). Exportez à nouveau le fichier depuis Eurostat sans retoucher les libellés."
            : $"Code pays « {at.Cell} » inconnu : la colonne {at.Column} doit porter un code pays Eurostat (par exemple FR, DE, EL, UK). Exportez à nouveau le fichier depuis Eurostat sans retoucher les codes.");
        return GeoKind.Unknown;
    }

    /// <summary><c>:</c> (possibly followed by a flag); in SDMX-CSV also a blank value.</summary>
    private bool IsMissing(string value)
    {
        var text = value.Trim();
        return text.StartsWith(':') || (text.Length == 0 && header.Shape == EurostatShape.Sdmx);
    }

    /// <summary>A number the English way; a blank (legacy export: SDMX-CSV blanks are missing values) is <c>missing-value</c>.</summary>
    private bool TryReadValue(SourceCell at, out double? value)
    {
        value = null;
        var text = at.Cell.Trim();
        if (text.Length == 0)
        {
            issues.Error(IssueCodes.MissingValue, at,
                "Valeur vide : un extrait Eurostat écrit « : » pour une valeur manquante, jamais une cellule vide. Exportez à nouveau le fichier depuis Eurostat sans le retoucher.");
            return false;
        }

        // « 2.860 » is 2,86 the English way, but a French spreadsheet may have written 2 860 so: the
        // French advice of the count rule (« écrivez 1 234 ») would contradict this format's.
        if (FigureRules.HasDottedThousands(text))
        {
            issues.Error(IssueCodes.AmbiguousNumber, at,
                $"Nombre « {at.Cell} » ambigu : un extrait Eurostat écrit les milliers avec une virgule ou sans séparateur (2,860 ou 2860) et les décimales après un point ; un point suivi de trois chiffres laisse un doute (un tableur a pu changer les nombres). Exportez à nouveau le fichier depuis Eurostat sans le retoucher.");
            return false;
        }

        if (EnglishNumber().IsMatch(text)
            && double.TryParse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }

        issues.Error(IssueCodes.InvalidNumber, at, SpreadsheetErrors.Explain(at.Cell) ??
            $"Nombre « {at.Cell} » illisible : un extrait Eurostat écrit les nombres à l'anglaise (31,765 ou 31765, point décimal) et « : » pour une valeur manquante. Exportez à nouveau le fichier depuis Eurostat sans le retoucher (un tableur peut avoir changé les nombres).");
        return false;
    }

    private static ValueStatus ReadFlags(SourceCell at)
    {
        var flags = at.Cell.ToLowerInvariant();
        return flags.Contains('p', StringComparison.Ordinal) ? ValueStatus.Provisional
            : flags.Contains('e', StringComparison.Ordinal) ? ValueStatus.Estimated
            : ValueStatus.Final;
    }

    private void CountFlags(SourceCell at)
    {
        foreach (var flag in at.Cell.ToLowerInvariant().Where(char.IsAsciiLetterLower).Distinct())
        {
            if (flag is not ('p' or 'e'))
            {
                _flags[flag] = _flags.TryGetValue(flag, out var seen) ? (seen.Count + 1, seen.First) : (1, at);
            }
        }
    }

    private static string Meaning(char flag) => flag switch
    {
        'b' => "rupture de série",
        'c' => "confidentiel",
        'd' => "définition différente",
        'f' => "prévision",
        'n' => "non significatif",
        'r' => "révisé",
        's' => "estimation d'Eurostat",
        'u' => "fiabilité faible",
        'z' => "sans objet",
        _ => "drapeau non documenté",
    };

    /// <summary>Digits grouped by three with commas, or not grouped; an optional sign and decimal point.</summary>
    [GeneratedRegex(@"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")]
    private static partial Regex EnglishNumber();
}
