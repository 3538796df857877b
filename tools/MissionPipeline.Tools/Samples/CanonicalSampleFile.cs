using System.Globalization;
using System.Text;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// An F0 file being written (docs/formats.md): the template's header, then one line per figure, in UTF-8
/// without byte order mark, LF line ends, French decimal commas. Each kind of figure has the shape
/// its indicator's aggregation needs: a value; a numerator and a denominator; a value and its
/// weight; a milestone's 1 on its day.
/// </summary>
internal sealed class CanonicalSampleFile
{
    private readonly StringBuilder _text = new("indicateur;periode;territoire;valeur;numerateur;denominateur;poids;statut;commentaire\n");

    public int Lines { get; private set; }

    public void Value(string indicator, Period period, string territory, long value) =>
        Line(indicator, period.ToString(), territory, Integer(value), string.Empty, string.Empty, string.Empty);

    public void Value(string indicator, Period period, string territory, double value) =>
        Line(indicator, period.ToString(), territory, Decimal(value), string.Empty, string.Empty, string.Empty);

    public void Ratio(string indicator, Period period, string territory, long numerator, long denominator) =>
        Line(indicator, period.ToString(), territory, string.Empty, Integer(numerator), Integer(denominator), string.Empty);

    public void Mean(string indicator, Period period, string territory, double value, long weight) =>
        Line(indicator, period.ToString(), territory, Decimal(value), string.Empty, string.Empty, Integer(weight));

    public void Milestone(string indicator, DateOnly day) => Value(indicator, Period.OfDay(day), "FR", 1);

    public void WriteTo(Stream output) => output.Write(Encoding.UTF8.GetBytes(_text.ToString()));

    /// <summary>A decimal with a comma and at most three decimals: <c>0,245</c>, <c>11,5</c>.</summary>
    public static string Decimal(double value) => value.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', ',');

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Line(string indicator, string period, string territory, string value, string numerator, string denominator, string weight)
    {
        _text.Append(CultureInfo.InvariantCulture, $"{indicator};{period};{territory};{value};{numerator};{denominator};{weight};;\n");
        Lines++;
    }
}
