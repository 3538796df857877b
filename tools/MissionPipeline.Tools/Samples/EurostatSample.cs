using MissionPipeline.Cli.Samples;
using System.Globalization;
using System.Text;
using MissionPipeline.Geography;
using MissionPipeline.Periods;

namespace MissionPipeline.Tools.Samples;

/// <summary>
/// A month of Eurostat's asylum applicants table as an SDMX-CSV extract (F4): the EU-27 of 2009 and
/// the EU aggregate (kept apart by the reader), plus rows of other dimension values that the reader
/// counts as ignored, and the United Kingdom missing (<c>:</c>) in March as Eurostat sometimes prints.
/// </summary>
internal static class EurostatSample
{
    public static void Write(Stream stream, Period month, SampleRandom random)
    {
        var text = new StringBuilder("DATAFLOW,LAST UPDATE,freq,unit,citizen,sex,age,asyl_app,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n");
        var total = 0;
        foreach (var country in Geography2009.Default.EuMembers2009)
        {
            var value = random.Around(SampleYear.Scale(CanonicalSamples.AsylumByCountry.GetValueOrDefault(country.Code, 120), SampleYear.Series.Asylum, month), 15);
            total += value;
            var shown = country.Code == "UK" && month.Index == 3 ? ":" : value.ToString(CultureInfo.InvariantCulture);
            Row(text, "T", country.Code, month, shown);
            Row(text, "F", country.Code, month, (value / 3).ToString(CultureInfo.InvariantCulture));
        }

        Row(text, "T", "EU27_2007", month, total.ToString(CultureInfo.InvariantCulture));
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        stream.Write(bytes);
    }

    private static void Row(StringBuilder text, string sex, string geo, Period month, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"ESTAT:MIGR_ASYAPPCTZM(1.0),15/02/10 11:00:00,M,PER,TOTAL,{sex},TOTAL,ASY_APP,{geo},{month},{value},\n");
}
