using System.Globalization;
using System.Text;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>How French administrative exports write months, counts and text.</summary>
internal static class SampleText
{
    private static readonly string[] Months =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>Windows-1252, the encoding of many agency exports.</summary>
    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>Counts with a space between thousands: <c>1 620</c>.</summary>
    public static NumberFormatInfo SpaceThousands { get; } = new() { NumberGroupSeparator = " ", NumberGroupSizes = [3] };

    /// <summary>« mars 2009 ».</summary>
    public static string Month(Period month) => string.Create(CultureInfo.InvariantCulture, $"{Months[month.Index - 1]} {month.Year}");
}
