using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Periods;
using MissionPipeline.Readers;

namespace MissionPipeline.Cli.Samples;

/// <summary>
/// The Pôle emploi register extracts (F5) the demo ingests, written when it runs rather than shipped:
/// a month counts some 200 000 jobseekers of category A from outside the EU, and two years of such
/// extracts are about a hundred megabytes gzipped (docs/indicators.md, « Sample data »).
/// <para>
/// Each month's count in metropolitan France is the STMT series' figure for that month
/// (<c>DEFM A HUE</c>, seasonally adjusted) in the last sample workbook that gives it, moved by a
/// seasonal swing of at most 1.5 % (an extract counts raw data): the two cards of that population
/// agree, as a reader who knows one expects of the other. It is spread over the metropolitan
/// départements by their weight and share of non-EU jobseekers (<see cref="SampleGeography"/>), the
/// overseas départements come on top in the same proportion, and a tenth more jobseekers of other
/// categories, whom the reader does not count. The same seed gives the same bytes: a second demo finds
/// them received already.
/// </para>
/// </summary>
internal static class DemoRegisterExtracts
{
    /// <summary>The STMT series the extracts agree with.</summary>
    public const string Series = "demandeurs_emploi_etrangers_hors_ue_cvs";

    // The register extract begins in 2009 in the samples' story.
    private const int FirstYear = 2009;

    // Raw against seasonally adjusted, in ‰, January to December: more jobseekers in winter.
    private static readonly int[] SwingPerMille = [12, 10, 5, -2, -8, -15, -12, -6, 2, 6, 9, 11];

    /// <summary>
    /// One extract per month the sample workbooks of <paramref name="samples"/> (its <c>pole-emploi/</c>
    /// folder) give from 2009 on: its file name (<c>pole-emploi-defm-2009-03.csv.gz</c>), its month, and
    /// the writer of its bytes, called when the demo ingests it.
    /// </summary>
    public static IReadOnlyList<(string Name, Period Month, Func<byte[]> Content)> For(DirectoryInfo samples, ulong seed)
    {
        var series = new SortedDictionary<Period, double>();
        var workbooks = new DirectoryInfo(Path.Combine(samples.FullName, "pole-emploi"))
            .GetFiles("series-defm-nationalite-*.xlsx").OrderBy(f => f.Name, StringComparer.Ordinal);
        foreach (var workbook in workbooks)
        {
            // A later workbook revises the months of the one before: the last one read gives the figure.
            using var stream = workbook.OpenRead();
            var read = AgencyFileReader.Read(stream, new ReadContext(
                new AgencyId("pole-emploi"), workbook.Name, new DateTimeOffset(2099, 12, 31, 0, 0, 0, TimeSpan.Zero), IndicatorCatalogue.Default, Geography2009.Default, ReaderLimits.Default));
            foreach (var o in read.Observations.Where(o => o.Indicator.Value == Series && o.Territory == Territory.Metropole && o.Period.Year >= FirstYear && o.Value is not null))
            {
                series[o.Period] = o.Value!.Value;
            }
        }

        return [.. series.Select(s => ($"pole-emploi-defm-{s.Key}.csv.gz", s.Key, (Func<byte[]>)(() => Write(s.Key, s.Value, seed))))];
    }

    /// <summary>The month's metropolitan count of category A and nationality HUE the extract holds, for a series figure of <paramref name="adjusted"/>.</summary>
    public static int MetropolitanCount(Period month, double adjusted) =>
        (int)Math.Round(adjusted * (1000 + SwingPerMille[month.Index - 1]) / 1000, MidpointRounding.AwayFromZero);

    private static byte[] Write(Period month, double adjusted, ulong seed)
    {
        var departements = SampleGeography.Departements;
        var shares = departements.Select(d => (long)SampleGeography.Weight(d) * SampleGeography.HuePerMille(d)).ToArray();
        var metropolitan = MetropolitanCount(month, adjusted);
        var metropolitanShare = departements.Select((d, i) => d.Metropolitan ? shares[i] : 0).Sum();
        var overseasShare = departements.Select((d, i) => d.Metropolitan ? 0 : shares[i]).Sum();
        var counts = new int[departements.Count];
        Apportion(counts, metropolitan, i => departements[i].Metropolitan ? shares[i] : 0);
        var overseas = (int)Math.Round((double)metropolitan * overseasShare / metropolitanShare, MidpointRounding.AwayFromZero);
        Apportion(counts, overseas, i => departements[i].Metropolitan ? 0 : shares[i]);

        // Consecutive months share most of their jobseekers, as a register does.
        var firstPerson = ((month.Year * 12) + month.Index) * 25_000L;
        using var output = new MemoryStream();
        RegisterExtractSample.WriteCounted(output, month, seed, counts, others: metropolitan / 10, gzip: true, firstPerson);
        return output.ToArray();
    }

    /// <summary>Adds <paramref name="total"/> to <paramref name="counts"/> in proportion to <paramref name="share"/>, by largest remainder: the parts add up to the total exactly.</summary>
    private static void Apportion(int[] counts, int total, Func<int, long> share)
    {
        var sum = Enumerable.Range(0, counts.Length).Sum(share);
        var remainders = new (long Remainder, int Index)[counts.Length];
        var given = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var exact = (long)total * share(i);
            var whole = (int)(exact / sum);
            counts[i] += whole;
            given += whole;
            remainders[i] = (exact % sum, i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(total - given))
        {
            counts[index]++;
        }
    }
}
