using MissionPipeline.Indicators;
using MissionPipeline.Observations;
using MissionPipeline.Readers;
using MissionPipeline.Text;

namespace MissionPipeline.Validation;

/// <summary>
/// Collects the errors and warnings of one file. Keeps the first <see cref="MaxDetailed"/> of each
/// kind and counts the rest, so that a file wrong on each of its million rows still gets a report
/// of bounded size; the rest is summed up by a last <see cref="IssueCodes.TooManyErrors"/> error.
/// An error at a column the file does not have (<see cref="SourceCell.ColumnAbsent"/>) is one error
/// of the file's, whatever the number of rows it is found on: the first is kept, and says the column
/// to add and the rows concerned.
/// </summary>
public sealed class IssueCollector
{
    /// <summary>How many errors (and, apart, warnings) a report details.</summary>
    public const int MaxDetailed = 1_000;

    private readonly List<ValidationIssue> _errors = [];
    private readonly List<ValidationIssue> _warnings = [];

    /// <summary>By code and absent column: the rows where it was found, and the detailed error (its index in <see cref="_errors"/>, or -1).</summary>
    private Dictionary<(string Code, string Column, string? Sheet), AbsentColumn>? _absent;

    /// <summary>By code: the rows of a warning said once for the whole file (<see cref="WarningOnce"/>), and its index in <see cref="_warnings"/> (or -1).</summary>
    private Dictionary<string, RowSpan>? _once;

    /// <summary>Every error found, detailed or not.</summary>
    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    /// <summary>The detailed errors, then a <see cref="IssueCodes.TooManyErrors"/> error counting those left out.</summary>
    public IReadOnlyList<ValidationIssue> Errors
    {
        get
        {
            var errors = _errors.ToArray();
            foreach (var absent in _absent?.Values ?? Enumerable.Empty<AbsentColumn>())
            {
                if (absent.Index >= 0)
                {
                    errors[absent.Index] = absent.Describe(errors[absent.Index]);
                }
            }

            var hidden = ErrorCount - _errors.Count;
            return hidden == 0 ? errors : [.. errors, TooMany(hidden, errors: true)];
        }
    }

    /// <summary>The detailed warnings, then one counting those left out.</summary>
    public IReadOnlyList<ValidationIssue> Warnings
    {
        get
        {
            var warnings = _warnings.ToArray();
            foreach (var once in _once?.Values ?? Enumerable.Empty<RowSpan>())
            {
                if (once.Index >= 0)
                {
                    warnings[once.Index] = once.Describe(warnings[once.Index]);
                }
            }

            var hidden = WarningCount - _warnings.Count;
            return hidden == 0 ? warnings : [.. warnings, TooMany(hidden, errors: false)];
        }
    }

    /// <remarks>The issue is built (its text typeset) only when it is kept: a file wrong on each of its million rows builds a thousand.</remarks>
    public void Error(string code, SourceCell at, string message)
    {
        if (at is { ColumnAbsent: true, Row: > 0 })
        {
            _absent ??= [];
            if (_absent.TryGetValue((code, at.Column, at.Sheet), out var seen))
            {
                seen.Add(at.Row);
                return;
            }

            _absent.Add((code, at.Column, at.Sheet), new AbsentColumn(at.Column, at.Row, _errors.Count < MaxDetailed ? _errors.Count : -1));
        }

        ErrorCount++;
        if (_errors.Count < MaxDetailed)
        {
            _errors.Add(at.Issue(code, message));
        }
    }

    public void Error(ValidationIssue issue)
    {
        ErrorCount++;
        if (_errors.Count < MaxDetailed)
        {
            _errors.Add(issue);
        }
    }

    /// <summary>An error that ends the reading (a limit passed): detailed even past <see cref="MaxDetailed"/>.</summary>
    public void Stop(string code, SourceCell at, string message)
    {
        ErrorCount++;
        _errors.Add(at.Issue(code, message));
    }

    public void Warning(string code, SourceCell at, string message)
    {
        WarningCount++;
        if (_warnings.Count < MaxDetailed)
        {
            _warnings.Add(at.Issue(code, message));
        }
    }

    /// <summary>
    /// A warning that may concern many rows, said once, at the first of them, with how many rows share
    /// it (« 120 lignes sont dans ce cas, de la ligne 2 à la ligne 121 »): a historical file sent on
    /// purpose is not buried under one warning a row.
    /// </summary>
    public void WarningOnce(string code, SourceCell at, string message)
    {
        _once ??= [];
        if (_once.TryGetValue(code, out var seen))
        {
            seen.Add(at.Sheet, at.Row);
            return;
        }

        _once.Add(code, new RowSpan(at.Sheet, at.Row, _warnings.Count < MaxDetailed ? _warnings.Count : -1));
        Warning(code, at, message);
    }

    /// <summary>The result of a read: these issues with the observations, ignored items and rows counted.</summary>
    public ReadResult ToResult(FileFormat format, IReadOnlyList<Observation> observations, IReadOnlyList<IgnoredItems> ignored, int rows) =>
        new(format, observations, Errors, Warnings, ignored, rows);

    private sealed class AbsentColumn(string column, int firstRow, int index)
    {
        private readonly int _firstRow = firstRow;
        private int _lastRow = firstRow;
        private int _rows = 1;

        public int Index { get; } = index;

        public void Add(int row) => (_lastRow, _rows) = (row, _rows + 1);

        public ValidationIssue Describe(ValidationIssue first) => first with
        {
            Message = first.Message + FrenchTypography.Apply(_rows == 1
                ? $" Le fichier n'a pas de colonne « {column} » : ajoutez-la à l'en-tête."
                : $" Le fichier n'a pas de colonne « {column} » : ajoutez-la à l'en-tête ; {FrenchFormat.Number(_rows)} lignes sont dans ce cas, de la ligne {FrenchFormat.Number(_firstRow)} à la ligne {FrenchFormat.Number(_lastRow)}."),
        };
    }

    /// <summary>
    /// The distinct lines a warning said once concerns: a line counted once however many observations
    /// it gives (an F2 sheet's title gives its period to every département), and a span of lines only
    /// within one sheet.
    /// </summary>
    private sealed class RowSpan(string? sheet, int row, int index)
    {
        private readonly HashSet<(string? Sheet, int Row)> _rows = [(sheet, row)];

        public int Index { get; } = index;

        public void Add(string? sheet, int row) => _rows.Add((sheet, row));

        public ValidationIssue Describe(ValidationIssue first)
        {
            if (_rows.Count == 1)
            {
                return first;
            }

            var oneSheet = _rows.Select(r => r.Sheet).Distinct().Count() == 1;
            var span = oneSheet ? $", de la ligne {FrenchFormat.Number(_rows.Min(r => r.Row))} à la ligne {FrenchFormat.Number(_rows.Max(r => r.Row))}" : string.Empty;
            return first with { Message = first.Message + FrenchTypography.Apply($" {FrenchFormat.Number(_rows.Count)} lignes sont dans ce cas{span}.") };
        }
    }

    // Errors are feminine, warnings masculine, and one hidden issue is singular: each agreed as French does.
    private static ValidationIssue TooMany(int hidden, bool errors) => new(
        IssueCodes.TooManyErrors, 0, string.Empty, string.Empty, errors
            ? $"{FrenchFormat.Count(hidden, "autre erreur", "autres erreurs")} {(hidden == 1 ? "n'est pas détaillée" : "ne sont pas détaillées")} ici (le rapport détaille les {FrenchFormat.Number(MaxDetailed)} premières) : corrigez celles-ci, puis déposez à nouveau le fichier pour voir la suite."
            : $"{FrenchFormat.Count(hidden, "autre avertissement", "autres avertissements")} {(hidden == 1 ? "n'est pas détaillé" : "ne sont pas détaillés")} ici (le rapport détaille les {FrenchFormat.Number(MaxDetailed)} premiers) : corrigez ceux-ci, puis déposez à nouveau le fichier pour voir la suite.");
}
