using MissionPipeline.Catalogue;
using MissionPipeline.Geography;

namespace MissionPipeline.Readers;

/// <summary>
/// Everything a reader needs besides the bytes: who sent the file (the first path segment of the
/// upload, which decides the indicators it may report), its name, when it was received (a period
/// that starts after that is an error), the catalogue, the geography and the limits.
/// </summary>
public sealed record ReadContext(
    AgencyId Agency,
    string FileName,
    DateTimeOffset Received,
    IndicatorCatalogue Catalogue,
    Geography2009 Geography,
    ReaderLimits Limits)
{
    public static ReadContext For(AgencyId agency, string fileName, DateTimeOffset received) =>
        new(agency, fileName, received, IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default);
}
