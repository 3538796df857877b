using MissionPipeline.Indicators;
using MissionPipeline.Periods;

namespace MissionPipeline.Tests.Indicators;

/// <summary>Figures as the page and the terminal write them: grouped by narrow no-break spaces, and never looking equal to (or past) a target they differ from.</summary>
public sealed class FrenchFormatTests
{
    [Theory]
    [InlineData(29288, 0, "29\u202F288")]
    [InlineData(1234.5, 1, "1\u202F234,5")]
    [InlineData(-0.0001, 0, "0")]
    [InlineData(3_700_000, 0, "3\u202F700\u202F000")]
    public void Number_Value_GroupsThousandsWithNarrowNoBreakSpaces(double value, int decimals, string expected) =>
        Assert.Equal(expected, FrenchFormat.Number(value, decimals));

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "Auvergne" }, "Auvergne")]
    [InlineData(new[] { "Auvergne", "Rhône-Alpes" }, "Auvergne et Rhône-Alpes")]
    [InlineData(new[] { "2009", "2010", "2011" }, "2009, 2010 et 2011")] // no comma before « et »
    public void List_Items_JoinedAsFrenchListsThem(string[] items, string expected) =>
        Assert.Equal(expected, FrenchFormat.List(items));

    [Theory]
    [InlineData(0.69984, 0.70, "taux", "69,98\u00A0%")] // rounded to 70,0 % it would contradict « Manqué »
    [InlineData(0.70004, 0.70, "taux", "70,004\u00A0%")]
    [InlineData(0.55, 0.90, "taux", "55,0\u00A0%")]
    [InlineData(0.70, 0.70, "taux", "70,0\u00A0%")]
    [InlineData(28801, 27000, "personnes", "28\u202F801")]
    [InlineData(26999.6, 27000, "personnes", "26\u202F999,6")]
    [InlineData(120, 100, "entreprises", "120")]
    [InlineData(116.04, 116, "jours", "116,04")]
    public void Against_ValueAndTarget_ShowsTheDigitsThatTellThemApart(double value, double target, string unit, string expected) =>
        Assert.Equal(expected, FrenchFormat.Against(value, target, unit));

    [Theory]
    [InlineData(1.2, "120\u00A0%")]
    [InlineData(1.0667, "107\u00A0%")]
    [InlineData(0.99977, "99,98\u00A0%")] // not a full 100 %
    [InlineData(1.0002, "100,02\u00A0%")]
    [InlineData(1.0, "100\u00A0%")]
    [InlineData(0.5, "50\u00A0%")]
    public void Progress_Share_NotClampedAndNever100WhenNotExactly(double progress, string expected) =>
        Assert.Equal(expected, FrenchFormat.Progress(progress));

    [Theory]
    [InlineData(12125529, 10, "12\u202F125\u202F529")]
    [InlineData(29.288, 10, "29,288")]
    [InlineData(116.043333, 2, "116,04")]
    [InlineData(-0.0, 10, "0")]
    [InlineData(1e26, 10, "100\u202F000\u202F000\u202F000\u202F000\u202F000\u202F000\u202F000\u202F000")]
    public void Figure_NumberReadFromAFile_GroupedWithItsDecimalsUpToTheMaximum(double value, int maxDecimals, string expected)
    {
        Assert.Equal(expected, FrenchFormat.Figure(value, maxDecimals));
    }

    [Theory]
    [InlineData("2010-01-15T16:05:00Z", "15 janvier 2010 à 17\u00A0h\u00A005 (heure de Paris)")]
    [InlineData("2010-01-20T09:30:00+01:00", "20 janvier 2010 à 9\u00A0h\u00A030 (heure de Paris)")] // as Paris wrote it, the hour without its zero
    [InlineData("2009-12-31T23:30:00Z", "1ᵉʳ janvier 2010 à 0\u00A0h\u00A030 (heure de Paris)")] // Paris's day, not UTC's
    [InlineData("2009-12-31T23:30:00-01:00", "1ᵉʳ janvier 2010 à 1\u00A0h\u00A030 (heure de Paris)")] // nor the offset's
    [InlineData("2010-06-30T08:00:00Z", "30 juin 2010 à 10\u00A0h\u00A000 (heure de Paris)")] // summer time
    [InlineData("2010-03-28T00:59:00Z", "28 mars 2010 à 1\u00A0h\u00A059 (heure de Paris)")] // the last minute of winter time…
    [InlineData("2010-03-28T01:00:00Z", "28 mars 2010 à 3\u00A0h\u00A000 (heure de Paris)")] // …and the first of summer time
    [InlineData("2010-10-31T00:59:00Z", "31 octobre 2010 à 2\u00A0h\u00A059 (heure de Paris)")]
    [InlineData("2010-10-31T01:00:00Z", "31 octobre 2010 à 2\u00A0h\u00A000 (heure de Paris)")] // the hour Paris lives twice
    [InlineData("2026-12-06T12:03:30Z", "6 décembre 2026 à 13\u00A0h\u00A003 (heure de Paris)")] // to the minute
    public void Moment_RecordedInstant_WrittenInParisTime(string at, string expected) =>
        Assert.Equal(expected, FrenchFormat.Moment(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-12-06T12:03:30Z", "6 décembre 2026 à 12\u00A0h\u00A003\u00A0min\u00A030\u00A0s (UTC)")]
    [InlineData("2009-04-30T23:59:59Z", "30 avril 2009 à 23\u00A0h\u00A059\u00A0min\u00A059\u00A0s (UTC)")] // the day typed, not Paris's next one
    [InlineData("2009-04-30T10:00:00+02:00", "30 avril 2009 à 8\u00A0h\u00A000 (UTC)")] // no seconds to say
    public void TypedMoment_InstantTyped_InUtcWithTheSecondsThereAre(string at, string expected) =>
        Assert.Equal(expected, FrenchFormat.TypedMoment(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A release time with its seconds when it has any: « 18 h 42 » was still a 404 at 18 h 42 min 10 s (red team, steering unit).</summary>
    [Theory]
    [InlineData("2026-12-07T17:42:21Z", "7 décembre 2026 à 18\u00A0h\u00A042\u00A0min\u00A021\u00A0s (heure de Paris)")]
    [InlineData("2010-01-20T08:30:00Z", "20 janvier 2010 à 9\u00A0h\u00A030 (heure de Paris)")] // no seconds to say
    public void ReleaseMoment_ReleaseTime_InParisTimeWithTheSecondsThereAre(string at, string expected) =>
        Assert.Equal(expected, FrenchFormat.ReleaseMoment(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// The rule written in <see cref="FrenchFormat.ParisTime"/> gives, hour by hour from 2000 to
    /// 2040, the clock the machine's time-zone database gives Paris (test.sh installs tzdata).
    /// </summary>
    [Fact]
    public void ParisTime_EveryHourFrom2000To2040_AsTheTimeZoneDatabaseSays()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var differing = new List<string>();
        var hours = 0;
        for (var at = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero); at.Year <= 2040; at = at.AddHours(1))
        {
            hours++;
            var expected = TimeZoneInfo.ConvertTime(at, paris).DateTime;
            if (FrenchFormat.ParisTime(at) != expected)
            {
                differing.Add($"{at:O} → {FrenchFormat.ParisTime(at):O}, attendu {expected:O}");
            }
        }

        Assert.Equal(359_424, hours);
        Assert.Empty(differing.Take(5));
    }

    [Theory]
    [InlineData("2010-03", "2010-03", "mars 2010")]
    [InlineData("2010-T2", "2010-T2", "le 2\u1D49 trimestre 2010")]
    [InlineData("2010-01", "2010-03", "la période de janvier 2010 à mars 2010")]
    [InlineData("2009-04", "2009-08", "la période d'avril 2009 à août 2009")]
    [InlineData("2009-10", "2010-03", "la période d'octobre 2009 à mars 2010")]
    [InlineData("2010-T1", "2010-T2", "la période du 1\u1D49\u02B3 trimestre 2010 au 2\u1D49 trimestre 2010")]
    [InlineData("2008", "2009", "la période de 2008 à 2009")]
    public void Over_Span_ReadsAfterSur(string from, string to, string expected) =>
        Assert.Equal(expected, FrenchFormat.Over(Period.Parse(from), Period.Parse(to)));

    /// <summary>« a révisé le 3ᵉ trimestre 2010 », « a révisé mars 2010 » (red team, steering unit: « a révisé 3ᵉ trimestre 2010 »).</summary>
    [Theory]
    [InlineData("2010-T3", "le 3\u1D49 trimestre 2010")]
    [InlineData("2010-03", "mars 2010")]
    [InlineData("2010", "2010")]
    [InlineData("2009-12-31", "le 31 décembre 2009")]
    public void Noun_Period_WithTheArticleFrenchGivesIt(string period, string expected) =>
        Assert.Equal(expected, FrenchFormat.Noun(Period.Parse(period)));

    [Theory]
    [InlineData(1, "1\u1D49\u02B3")]
    [InlineData(2, "2\u1D49")]
    [InlineData(1000, "1\u202F000\u1D49")]
    public void Ordinal_Number_LettersRaised(int n, string expected) =>
        Assert.Equal(expected, FrenchFormat.Ordinal(n));

    [Theory]
    [InlineData(0.25, "25,0\u00A0%")]
    [InlineData(0.0123, "1,2\u00A0%")]
    [InlineData(0.000464, "0,05\u00A0%")] // 13 people of 28 000: it read « 0,0 % »
    [InlineData(0.0000071, "0,001\u00A0%")]
    [InlineData(0.000000071, "<\u00A00,001\u00A0%")]
    [InlineData(0, "0,0\u00A0%")]
    public void Share_SmallFraction_NeverReadsAsNothing(double fraction, string expected) =>
        Assert.Equal(expected, FrenchFormat.Share(fraction));
}
