using MissionPipeline.Catalogue;
using MissionPipeline.Observations;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>Something in the file deliberately not read (rows of other dimensions, unconfigured series), counted.</summary>
public sealed record IgnoredItems(string Reason, int Count);

/// <summary>
/// What a reader made of a file. A file with any error is rejected as a whole: none of its
/// observations may become visible. <see cref="Rows"/> counts data rows read.
/// </summary>
public sealed record ReadResult(
    FileFormat Format,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<ValidationIssue> Errors,
    IReadOnlyList<ValidationIssue> Warnings,
    IReadOnlyList<IgnoredItems> Ignored,
    int Rows)
{
    public bool Accepted => Errors.Count == 0;

    /// <summary>The sending agency's indicators the file tried to report, accepted or not (for no-data reasons).</summary>
    public IReadOnlyList<IndicatorId> Mentioned { get; init; } = [];

    /// <summary>
    /// This refusal of a file read only in part (too large, too many blank lines), with the format
    /// and the rows <paramref name="read"/> got to: the report said « format inconnu, 0 ligne » of a
    /// file whose header was read and whose rows were counted (red team, hostile files).
    /// </summary>
    public ReadResult AsFarAs(ReadResult read) => this with { Format = read.Format, Rows = read.Rows };

    /// <summary>A result for a file that could not be read at all.</summary>
    public static ReadResult Failed(FileFormat format, ValidationIssue error) => new(format, [], [error], [], [], 0);
}

/// <summary>The agency file formats of docs/formats.md; <see cref="Unknown"/> when no reader recognised the file.</summary>
public enum FileFormat
{
    Unknown,
    F0,
    F1,
    F2,
    F3,
    F4,
    F5,
}
