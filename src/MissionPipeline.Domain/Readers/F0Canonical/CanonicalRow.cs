using System.Globalization;
using MissionPipeline.Observations;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>
/// One data row of an F0 table turned into an observation. Every cell is checked, and every problem
/// reported, before the row is given up. The <c>valeur</c> cell holds a number, or only a status
/// marker (<c>p</c>, <c>e</c>, <c>s</c>, <c>nd</c>, any case): the observation then has no number and
/// that status, which must agree with the <c>statut</c> cell if that is filled. A blank <c>valeur</c>
/// with the status <c>s</c> or <c>nd</c> is withheld too. <c>commentaire</c> holds at most
/// <see cref="MaxCommentLength"/> characters.
/// </summary>
internal static class CanonicalRow
{
    public const int MaxCommentLength = 500;

    /// <summary>The row's observation, or null when the row has any error (all of them reported).</summary>
    public static Observation? Read(TableRow row, CanonicalHeader header, ObservationChecks checks, IssueCollector issues)
    {
        var at = header.Source(row);
        if (TotalLabels.IsTotal(at.Indicator.Cell) || TotalLabels.IsSubtotal(at.Indicator.Cell))
        {
            // One error for the line, not one per cell it leaves blank (indicator, period, territory).
            issues.Error(IssueCodes.TotalRow, at.Indicator,
                $"Ligne de total « {at.Indicator.Cell.Trim()} » : le gabarit F0 n'en a pas, le tableau de bord fait les sommes lui-même. Supprimez-la.");
            return null;
        }

        var knownIndicator = checks.TryReadIndicator(at.Indicator.Cell, at.Indicator, out var indicator);
        var goodPeriod = checks.TryReadPeriod(at.Period.Cell, at.Period, out var period);
        var goodTerritory = checks.TryReadTerritory(at.Territory.Cell, at.Territory, out var territory);
        var figure = ReadFigure(at, checks, issues);
        var comment = ReadComment(header.At(row, CanonicalColumn.Commentaire), issues, out var goodComment);
        var ok = knownIndicator & goodPeriod & goodTerritory & goodComment & figure is not null;
        if (indicator is not null && figure is { } f)
        {
            ok &= checks.CheckFigure(indicator, goodPeriod ? period : null, f, at);
        }

        if (indicator is not null && goodPeriod && goodTerritory)
        {
            ok &= checks.CheckPlace(indicator, period, territory, at);
            ok &= checks.CheckUnique(new ObservationKey(indicator.Id, period, territory), header.Key(row));
        }

        return ok && indicator is not null && figure is { } g
            ? new Observation(indicator.Id, period, territory, g.Value, g.Numerator, g.Denominator, g.Weight, g.Status, row.Number, comment)
            : null;
    }

    /// <summary>The numbers and status of the row; null when a number or the status cannot be read.</summary>
    private static Figure? ReadFigure(ObservationSource at, ObservationChecks checks, IssueCollector issues)
    {
        var goodStatus = checks.TryReadStatus(at.Status.Cell, at.Status, out var status);
        double? value = null;
        ValueStatus? marker = null;
        bool goodValue;
        if (!string.IsNullOrWhiteSpace(at.Value.Cell) && ValueStatuses.TryParse(at.Value.Cell, out var m))
        {
            marker = m;
            goodValue = !goodStatus || Agrees(m, status, at, issues);
        }
        else
        {
            goodValue = checks.TryReadNumber(at.Value.Cell, at.Value, out value);
        }

        var goodNumbers = checks.TryReadNumber(at.Numerator.Cell, at.Numerator, out var numerator)
            & checks.TryReadNumber(at.Denominator.Cell, at.Denominator, out var denominator)
            & checks.TryReadNumber(at.Weight.Cell, at.Weight, out var weight);
        if (!(goodStatus && goodValue && goodNumbers))
        {
            return null;
        }

        var final = marker ?? status;
        var withheld = marker is not null || final is ValueStatus.Secret or ValueStatus.NotAvailable;
        return new Figure(value, numerator, denominator, weight, final, withheld);
    }

    /// <summary>A marker in <c>valeur</c> and a filled <c>statut</c> must say the same.</summary>
    private static bool Agrees(ValueStatus marker, ValueStatus status, ObservationSource at, IssueCollector issues)
    {
        if (string.IsNullOrWhiteSpace(at.Status.Cell) || marker == status)
        {
            return true;
        }

        issues.Error(IssueCodes.ConflictingStatus, at.Status,
            $"La colonne « {at.Value.Column} » porte le marqueur « {at.Value.Cell} » mais la colonne « {at.Status.Column} » dit « {at.Status.Cell} » : gardez un seul des deux, ou écrivez le même.");
        return false;
    }

    // C0 and C1 controls and DEL, but tab and line breaks.
    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(i => (char)i).Where(c => c is not ('\t' or '\n' or '\r'))]);

    private static string? ReadComment(SourceCell at, IssueCollector issues, out bool ok)
    {
        var comment = at.Cell.Trim();
        ok = comment.Length <= MaxCommentLength;
        if (!ok)
        {
            issues.Error(IssueCodes.CommentTooLong, at, string.Create(CultureInfo.InvariantCulture,
                $"Commentaire trop long ({comment.Length} caractères, au plus {MaxCommentLength}) : résumez-le."));
        }

        // A line break typed in the cell (Alt+Entrée) is text; any other control character (an escape
        // sequence, NUL) was typed by no one, and would be kept in the record as it is.
        var control = comment.AsSpan().IndexOfAny(Controls);
        if (control >= 0)
        {
            issues.Error(IssueCodes.InvalidComment, at, string.Create(CultureInfo.InvariantCulture,
                $"Commentaire avec un caractère de contrôle invisible (‹U+{(int)comment[control]:X4}›, au caractère {control + 1}) : aucun clavier ne le tape ; retirez-le (il vient souvent d'un copier-coller depuis un terminal)."));
            ok = false;
        }

        return comment.Length == 0 ? null : comment;
    }
}
