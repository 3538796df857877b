using MissionPipeline.Cli.Samples;
using System.Globalization;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// A consistent year of agency files, as they would have been uploaded, under <c>{agency}/{file}</c>:
/// F0 files for ofii, dgt, dsed, afnor and pole-emploi every month and insee once a year
/// (<see cref="CanonicalSamples"/>); Eurostat's SDMX-CSV extract (F4, <see cref="EurostatSample"/>) every month;
/// OFPRA's F1 activity CSV (<see cref="OfpraSample"/>) and DCPAF's
/// F2 workbook (<see cref="DcpafSample"/>) every month; the STMT series workbook (F3, <see cref="StmtSample"/>) once. Each file has its own seed derived from the year's, so files do not change
/// when another one does; the same seed gives the same bytes. Years differ as <see cref="SampleYear"/>
/// says; before 2009 there is no diversity label (it did not exist in the samples' story), and after it DGT corrects its March figures a month later
/// (<c>dgt/dgt-{year}-03-rectificatif.csv</c>), so that the demo shows a revision.
/// </summary>
internal static class YearSample
{
    /// <summary>
    /// Writes the year's files through <paramref name="create"/> (relative path, with <c>/</c>, to a
    /// writable stream, disposed here) and returns their relative paths in the order written.
    /// </summary>
    /// <remarks>
    /// Pôle emploi's F5 register extracts are not among them: a month's counts some 200 000
    /// jobseekers, so the demo writes them when it runs, matched to the STMT workbooks written here
    /// (<see cref="DemoRegisterExtracts"/>).
    /// </remarks>
    public static IReadOnlyList<string> Write(int year, ulong seed, Func<string, Stream> create)
    {
        var written = new List<string>();
        void File(string path, Action<Stream, SampleRandom> write)
        {
            using var stream = create(path);
            write(stream, new SampleRandom(SampleRandom.Derive(seed, path)));
            written.Add(path);
        }

        for (var m = 1; m <= 12; m++)
        {
            var month = Period.OfMonth(year, m);
            var name = month.ToString();
            foreach (var (agency, content) in Monthly.Where(a => a.Agency != "afnor" || year >= SampleYear.Reference))
            {
                File($"{agency}/{agency}-{name}.csv", (s, r) => content(month, r).WriteTo(s));
            }

            File($"ofpra/ofpra-activite-{name}.csv", (s, r) => OfpraSample.Write(s, month, r));
            File($"dcpaf/dcpaf-{name}.xlsx", (s, r) => DcpafSample.Write(s, month, r));
            File($"eurostat/migr_asyappctzm-{name}.csv", (s, r) => EurostatSample.Write(s, month, r));
        }

        if (year > SampleYear.Reference)
        {
            var march = Period.OfMonth(year, 3);
            var first = new SampleRandom(SampleRandom.Derive(seed, $"dgt/dgt-{march}.csv"));
            File($"dgt/dgt-{march}-rectificatif.csv", (s, _) => CanonicalSamples.DgtCorrection(march, first).WriteTo(s));
        }

        File(string.Create(CultureInfo.InvariantCulture, $"insee/insee-{year}.csv"), (s, r) => CanonicalSamples.Insee(year, r).WriteTo(s));
        File(string.Create(CultureInfo.InvariantCulture, $"pole-emploi/series-defm-nationalite-{year}.xlsx"), (s, r) => StmtSample.Write(s, year, r));
        return written;
    }

    /// <summary>The years <paramref name="from"/> to <paramref name="to"/>, each as <see cref="Write"/> writes it, in order.</summary>
    public static IReadOnlyList<string> WriteYears(int from, int to, ulong seed, Func<string, Stream> create) =>
        [.. Enumerable.Range(from, to - from + 1).SelectMany(year => Write(year, seed, create))];

    private static readonly (string Agency, Func<Period, SampleRandom, CanonicalSampleFile> Content)[] Monthly =
    [
        ("ofii", CanonicalSamples.Ofii),
        ("dgt", CanonicalSamples.Dgt),
        ("dsed", CanonicalSamples.Dsed),
        ("afnor", CanonicalSamples.Afnor),
        ("pole-emploi", CanonicalSamples.PoleEmploi),
    ];
}
