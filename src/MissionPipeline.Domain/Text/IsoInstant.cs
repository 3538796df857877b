using System.Globalization;

namespace MissionPipeline.Text;

/// <summary>
/// An instant as every JSON the product writes gives it: ISO 8601 in UTC, to the 100 ns the
/// product keeps, the fraction only when there is one (<c>2009-04-09T08:12:31Z</c>,
/// <c>2010-06-30T01:44:30.8030549Z</c>). One notation, so that a receipt reads the same in the
/// dashboard, its revisions, the ingestion list and the agency's report, <c>latestReceipt</c> is
/// never earlier than a receipt it counts, and a join on the text holds.
/// </summary>
public static class IsoInstant
{
    public static string Write(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
