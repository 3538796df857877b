using MissionPipeline.Text;
using MissionPipeline.Validation;

namespace MissionPipeline.Readers;

/// <summary>The two shapes of Eurostat CSV extracts (docs/formats.md, F4).</summary>
internal enum EurostatShape
{
    /// <summary>The legacy Data Explorer export: <c>"TIME","GEO",…,"Value"[,"Flag and Footnotes"]</c>, labels, table from the file name.</summary>
    Legacy,

    /// <summary>SDMX-CSV: <c>DATAFLOW,LAST UPDATE,freq,…,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG</c>, codes, table from DATAFLOW.</summary>
    Sdmx,
}

/// <summary>
/// The header row of a Eurostat extract: its shape and which cell holds the period, the geo, the
/// value, the flags and each dimension. Names match whatever the case (<c>ASYL_APP</c>, <c>asyl_app</c>).
/// The legacy export starts with <c>TIME</c>, <c>GEO</c> and has a <c>Value</c> column; SDMX-CSV starts
/// with <c>DATAFLOW</c> and has <c>geo</c>, <c>TIME_PERIOD</c> and <c>OBS_VALUE</c>.
/// </summary>
internal sealed class EurostatHeader
{
    private readonly string[] _folded;

    private EurostatHeader(TableRow row, EurostatShape shape)
    {
        Row = row;
        Shape = shape;
        Texts = row.Cells;
        _folded = [.. row.Cells.Select(TextNormalizer.Fold)];
        var legacy = shape == EurostatShape.Legacy;
        Time = IndexOf(legacy ? "time" : "time_period");
        Geo = IndexOf("geo");
        Value = IndexOf(legacy ? "value" : "obs_value");
        Flag = IndexOf(legacy ? "flag and footnotes" : "obs_flag");
        Dataflow = IndexOf("dataflow");
    }

    public TableRow Row { get; }

    public EurostatShape Shape { get; }

    /// <summary>The header's cells as written (for <see cref="TableChecks.CheckRow"/> and messages).</summary>
    public IReadOnlyList<string> Texts { get; }

    public int Time { get; }

    public int Geo { get; }

    public int Value { get; }

    /// <summary>The flags column; -1 when the extract has none (a legacy export without footnotes).</summary>
    public int Flag { get; }

    /// <summary>The DATAFLOW column of SDMX-CSV; -1 for the legacy export.</summary>
    public int Dataflow { get; }

    /// <summary>The shape of an extract whose first row is <paramref name="row"/>, if it is one.</summary>
    public static bool Looks(TableRow row, out EurostatShape shape)
    {
        var cells = row.Cells.Select(TextNormalizer.Fold).ToArray();
        shape = cells is ["dataflow", ..] ? EurostatShape.Sdmx : EurostatShape.Legacy;
        return cells switch
        {
            ["time", "geo", ..] => cells.Contains("value"),
            ["dataflow", ..] => cells.Contains("geo") && cells.Contains("time_period") && cells.Contains("obs_value"),
            _ => false,
        };
    }

    public static EurostatHeader Read(TableRow row) =>
        Looks(row, out var shape) ? new EurostatHeader(row, shape) : throw new ArgumentException("Not a Eurostat header.", nameof(row));

    /// <summary>The column of a name (any case), -1 when the header has none.</summary>
    public int IndexOf(string name) => Array.IndexOf(_folded, TextNormalizer.Fold(name));

    /// <summary>Where the cell of <paramref name="row"/> at <paramref name="index"/> is, under its header text.</summary>
    public SourceCell At(TableRow row, int index) =>
        index < 0 ? new SourceCell(row.Number, string.Empty, string.Empty) : new SourceCell(row.Number, Texts[index], row[index]);
}
