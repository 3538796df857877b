using MissionPipeline.Observations;

namespace MissionPipeline.Readers;

/// <summary>
/// The running sum of one column of a fixed layout over its lines (F1): <see cref="Complete"/> until a
/// line lacks a number there (a status marker, or a cell with an error), after which the sum says
/// nothing about the column.
/// </summary>
internal sealed class ColumnSum
{
    public double Sum { get; private set; }

    public bool Complete { get; private set; } = true;

    /// <summary>The first status marker met in the column.</summary>
    public ValueStatus? Marker { get; private set; }

    /// <summary>Adds a cell: a number is summed, a marker or an unreadable cell (null) ends completeness, a blank counts 0.</summary>
    public void Add(LayoutNumber? cell)
    {
        switch (cell)
        {
            case null:
                Complete = false;
                break;
            case { Value: { } value }:
                Sum += value;
                break;
            case { Marker: { } marker }:
                Complete = false;
                Marker ??= marker;
                break;
        }
    }
}
