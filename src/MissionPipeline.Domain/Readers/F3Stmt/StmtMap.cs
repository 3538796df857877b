using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Text;

namespace MissionPipeline.Readers;

/// <summary>
/// One configured series of a Pôle emploi / Dares STMT workbook (F3): the column whose leaf label is
/// <see cref="Label"/> followed by the series code <see cref="Code"/> in parentheses feeds
/// <see cref="Indicator"/> for <see cref="Territory"/>, when the sheet's <c>Données</c> row says
/// <see cref="Data"/>. A null <see cref="Label"/> matches the code under any label (the fallback).
/// Labels, codes and data kinds match whatever the case, accents and spaces.
/// </summary>
public sealed record StmtSeries(string? Label, string Code, IndicatorId Indicator, Territory Territory, string Data = StmtSeries.Cvs)
{
    /// <summary>The <c>Données</c> of seasonally and working-day adjusted series.</summary>
    public const string Cvs = "CVS-CJO";
}

/// <summary>
/// Which STMT series feed which indicator and territory (docs/formats.md, F3). A column is matched on its
/// (leaf label without the code, code) first, then on its code alone among the entries without a
/// label; a column matched by neither, or whose sheet gives other data than the entry's
/// <see cref="StmtSeries.Data"/> (raw figures for a seasonally adjusted indicator), is an
/// unconfigured series: a warning, never an observation.
/// </summary>
public sealed record StmtMap(IReadOnlyList<StmtSeries> Series)
{
    /// <summary>
    /// <c>France métro. (OEE ABC)</c> → <c>offres_emploi_enregistrees</c> FR-MET; <c>DOM (OEE ABC)</c> → the same
    /// for FR-DOM; <c>(DEFM A HUE)</c> under any label → <c>demandeurs_emploi_etrangers_hors_ue_cvs</c> FR-MET;
    /// all three for CVS-CJO data.
    /// </summary>
    public static StmtMap Default { get; } = new(
    [
        new("France métro.", "OEE ABC", new IndicatorId("offres_emploi_enregistrees"), Territory.Metropole),
        new("DOM", "OEE ABC", new IndicatorId("offres_emploi_enregistrees"), Territory.OutreMer),
        new(null, "DEFM A HUE", new IndicatorId("demandeurs_emploi_etrangers_hors_ue_cvs"), Territory.Metropole),
    ]);

    /// <summary>The entry for a column labelled <paramref name="label"/> (code removed) with <paramref name="code"/>, whatever the data kind.</summary>
    public StmtSeries? Find(string label, string code)
    {
        var (foldedLabel, foldedCode) = (TextNormalizer.Fold(label), TextNormalizer.Fold(code));
        return Series.FirstOrDefault(s => s.Label is not null && TextNormalizer.Fold(s.Label) == foldedLabel && TextNormalizer.Fold(s.Code) == foldedCode)
            ?? Series.FirstOrDefault(s => s.Label is null && TextNormalizer.Fold(s.Code) == foldedCode);
    }

    /// <summary>True when <paramref name="series"/> applies to a sheet whose <c>Données</c> row says <paramref name="data"/>.</summary>
    public static bool Applies(StmtSeries series, string? data) =>
        data is not null && TextNormalizer.Fold(series.Data) == TextNormalizer.Fold(data);

    /// <summary>The configured series as quoted in messages: « France métro. (OEE ABC), DOM (OEE ABC), (DEFM A HUE) ».</summary>
    public string Describe() => string.Join(", ", Series.Select(s => s.Label is null ? $"({s.Code})" : $"{s.Label} ({s.Code})"));
}
