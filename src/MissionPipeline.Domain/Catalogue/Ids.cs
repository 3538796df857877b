using System.Text.RegularExpressions;

namespace MissionPipeline.Catalogue;

/// <summary>An indicator id of the catalogue: snake_case ASCII, stable across years.</summary>
public readonly partial record struct IndicatorId
{
    public IndicatorId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not an indicator id (snake_case ASCII).", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[a-z][a-z0-9_]{1,62}$")]
    private static partial Regex Pattern();
}

/// <summary>
/// An agency id (<c>dcpaf</c>, <c>pole-emploi</c>): the first path segment of an upload. Lower-case
/// ASCII letters, digits and hyphens only, so that it is safe as a blob folder and a table key.
/// </summary>
public readonly partial record struct AgencyId
{
    public AgencyId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not an agency id.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex Pattern();
}
