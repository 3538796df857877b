using MissionPipeline.Text;

namespace MissionPipeline.Readers;

/// <summary>
/// The first cell of a total or subtotal line as agencies' exports write it (« Total », « TOTAL
/// FRANCE », « Total général », « Sous-total Europe »), whatever its case and accents: the one rule
/// every reader applies, whether its format has such lines (F1's final Total, F2's three totals) or
/// not (F0, whose sums the dashboard makes).
/// </summary>
internal static class TotalLabels
{
    /// <summary>A total line: the folded text starts with « total ».</summary>
    public static bool IsTotal(string cell) => TextNormalizer.Fold(cell).StartsWith("total", StringComparison.Ordinal);

    /// <summary>A subtotal line: « sous-total », « sous total », « soustotal », « sous-totaux »…</summary>
    public static bool IsSubtotal(string cell) =>
        TextNormalizer.Fold(cell).Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith("soustota", StringComparison.Ordinal);
}
