using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>What a number cell of a fixed layout must hold.</summary>
internal enum NumberKind
{
    /// <summary>A count of people, applications, decisions: a whole number, never negative.</summary>
    Count,

    /// <summary>A mean duration: decimals allowed, never negative.</summary>
    Duration,
}

/// <summary>
/// A number cell of a fixed layout (F1, F2) as read: a number (<see cref="Value"/>), or a status
/// marker alone (<see cref="Marker"/>: <c>p</c>, <c>e</c>, <c>s</c>, <c>nd</c>; no number, not an error,
/// docs/formats.md), or neither (a blank the layout allows).
/// </summary>
internal readonly record struct LayoutNumber(double? Value, ValueStatus? Marker)
{
    public bool IsNumber => Value is not null;

    /// <summary>
    /// Reads the cell at <paramref name="at"/> with the French rules of <see cref="FrenchNumber"/>. A blank
    /// is the error <c>missing-value</c> unless <paramref name="allowBlank"/>; text is <c>invalid-number</c>;
    /// a negative number is <c>negative-value</c>; a count is whole, as every reader's
    /// (<c>ambiguous-number</c>, <c>not-a-whole-number</c>: <see cref="FigureRules.CheckWhole"/>), and a
    /// duration's text is not <c>1.234</c> (<see cref="FigureRules.CheckDecimal"/>). False
    /// when an error was reported: the cell then counts for nothing.
    /// </summary>
    public static bool TryRead(SourceCell at, NumberKind kind, bool allowBlank, IssueCollector issues, out LayoutNumber number)
    {
        number = default;
        var text = at.Cell;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (allowBlank)
            {
                return true;
            }

            issues.Error(IssueCodes.MissingValue, at,
                $"Cellule vide dans la colonne « {at.Column} » : écrivez le nombre (0 s'il n'y en a aucun), ou un marqueur (s secret, nd non disponible) si vous ne pouvez pas le donner.");
            return false;
        }

        if (ValueStatuses.TryParse(text, out var marker))
        {
            number = new LayoutNumber(null, marker);
            return true;
        }

        if (!FrenchNumber.TryParse(text, out var value))
        {
            issues.Error(IssueCodes.InvalidNumber, at, SpreadsheetErrors.Explain(text) ??
                $"Nombre « {text} » illisible dans la colonne « {at.Column} » : écrivez un nombre seul, par exemple 1234 ou 1 234 (espace entre les milliers, virgule décimale), sans texte ni unité.");
            return false;
        }

        if (value < 0)
        {
            issues.Error(IssueCodes.NegativeValue, at,
                $"Nombre négatif ({Show(value)}) dans la colonne « {at.Column} » : un effectif ou un délai n'est jamais négatif ; corrigez le signe.");
            return false;
        }

        if (kind == NumberKind.Count
            ? !FigureRules.CheckWhole(value, at, $"dans la colonne « {at.Column} », qui compte des effectifs", issues)
            : !FigureRules.CheckDecimal(at, $"dans la colonne « {at.Column} »", issues))
        {
            return false;
        }

        number = new LayoutNumber(value, null);
        return true;
    }

    /// <summary>A number as French messages show it: <c>2 963</c>, <c>116,04</c> (at most two decimals: a computed mean).</summary>
    public static string Show(double value) => FrenchFormat.Figure(value, 2);
}
