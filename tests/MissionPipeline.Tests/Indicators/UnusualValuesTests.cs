using System.Globalization;
using MissionPipeline.Indicators;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

/// <summary>The robust-score rule of INDICATORS.md, "Unusual values": histories that must, and must not, raise a flag.</summary>
public sealed class UnusualValuesTests
{
    private const string Operations = "operations_travail_illegal";
    private const string Students = "etudiants_etrangers";

    // Twelve months of 2009 that vary as real ones do: 118 to 141.
    private static readonly double[] Year2009 = [124, 131, 118, 140, 127, 135, 122, 129, 141, 133, 126, 120];

    private static IEnumerable<SourcedObservation> Series(string indicator, string territory, int year, params double[] values) =>
        values.Select((v, i) => Value(indicator, string.Create(CultureInfo.InvariantCulture, $"{year}-{i + 1:D2}"), territory, v, $"{indicator}-{year}-{i + 1:D2}"));

    private static IReadOnlyList<IndicatorWarning> Unusual(string id, string asOf, IEnumerable<SourcedObservation> observations) =>
        [.. Result(id, asOf, observations).Warnings.Where(w => w.Code == IndicatorWarning.UnusualValue)];

    // The twelve months before June 2010: median 129.5, median absolute deviation 4 (1.4826 × 4 = 5.9);
    // operations are a count, whose chance variation is √129.5 = 11.38: a robust score of 3.5 is ± 39.8.
    [Theory]
    [InlineData(1300, true)] // a typo: ten times the usual
    [InlineData(400, true)]
    [InlineData(170, true)] // score 3.56
    [InlineData(165, false)] // a good month (3.12), not news
    [InlineData(95, false)] // a poor one (3.03)
    [InlineData(85, true)] // a third under the usual (3.91)
    [InlineData(12, true)] // a tenth of the usual
    public void Of_MonthAgainstTheTwelveBefore_FlaggedOnlyWhenFar(double june, bool flagged)
    {
        var observations = Series(Operations, "FR", 2009, Year2009).Concat(Series(Operations, "FR", 2010, 128, 133, 125, 137, 130, june));

        var found = Unusual(Operations, "2010-06-30", observations);

        Assert.Equal(flagged, found.Count == 1);
        Assert.DoesNotContain(found, w => w.Period.ToString() != "2010-06");
    }

    [Theory]
    [InlineData("FR", "France entière")]
    [InlineData("DEP-13", "Bouches-du-Rhône, 13")] // named as the French name it, not « DEP-13 »
    public void Of_Typo_WarningSaysTheValueTheUsualRangeAndTheFile(string territory, string named)
    {
        var observations = Series(Operations, territory, 2009, Year2009).Concat(Series(Operations, territory, 2010, 128, 133, 125, 137, 130, 1300));

        var warning = Assert.Single(Unusual(Operations, "2010-06-30", observations));

        // The usual range is the band the rule accepts: 129.5 ± 3.5 × 11.38, in whole numbers inside it.
        Assert.Equal($"Valeur inhabituelle pour juin 2010 ({named})\u202F: 1\u202F300 contre 90 à 169 d'habitude.", warning.Message);
        Assert.Equal((1300d, 90d, 169d), (warning.Value!.Value, warning.UsualLow!.Value, warning.UsualHigh!.Value));
        Assert.Equal(("dgt", "operations_travail_illegal-2010-06"), (warning.Agency!.Value.Value, warning.IngestId));
    }

    [Theory]
    [InlineData(3, false)] // September's peak, as in 2007, 2008 and 2009
    [InlineData(1, true)] // one earlier September only: the peak cannot be told from a typo
    public void Of_SeasonalPeak_NotUnusualWhenTheSameMonthOfEarlierYearsHadIt(int earlierYears, bool flagged)
    {
        double[] year = [3000, 2800, 3000, 3200, 3000, 2500, 2000, 1500, 13000, 9000, 4000, 3000];
        var observations = Enumerable.Range(2010 - earlierYears, earlierYears).SelectMany(y => Series(Students, "FR", y, [.. year.Select(v => v * (1 + ((y - 2007) * 0.02)))]))
            .Concat(Series(Students, "FR", 2010, 3100, 2900, 3050, 3300, 3000, 2600, 2050, 1550, 13400));

        var found = Unusual(Students, "2010-09-30", observations);

        Assert.Equal(flagged, found.Any(w => w.Period.ToString() == "2010-09"));
    }

    [Theory]
    [InlineData(5, false)] // fewer than six earlier months: no judgement
    [InlineData(6, true)]
    public void Of_ShortHistory_NoJudgementUnderSixMonths(int earlier, bool judged)
    {
        var observations = Series(Operations, "FR", 2010, [.. Year2009.Take(earlier), 1300]);
        var monthEnd = new DateOnly(2010, earlier + 1, 1).AddMonths(1).AddDays(-1);

        var found = Unusual(Operations, monthEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), observations);

        Assert.Equal(judged, found.Count == 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Of_StationarySeriesWithNoise_NeverFlagged(int seed)
    {
        var random = new Random(seed);
        double Noisy() => 130 * (0.9 + (random.NextDouble() * 0.2));
        var observations = Enumerable.Range(2007, 4).SelectMany(y => Series(Operations, "FR", y, [.. Enumerable.Range(0, y == 2010 ? 6 : 12).Select(_ => Math.Round(Noisy()))]));

        Assert.Empty(Unusual(Operations, "2010-06-30", observations));
    }

    [Fact]
    public void Of_HistoryThatNeverMoved_FivePercentStandsForItsSpread()
    {
        var flat = Enumerable.Repeat(100.0, 12).ToArray();

        Assert.Empty(Unusual(Operations, "2010-01-31", Series(Operations, "FR", 2009, flat).Concat(Series(Operations, "FR", 2010, 117))));
        Assert.Single(Unusual(Operations, "2010-01-31", Series(Operations, "FR", 2009, flat).Concat(Series(Operations, "FR", 2010, 150))));
    }

    [Fact]
    public void Of_ProtectedSmallCounts_DepartementsNeverJudgedTheNationFigureIs()
    {
        // A hidden département cell must not be told by a warning: only the figures above the département are judged.
        const string Arrests = "interpellations_aide_sejour";
        var observations = Series(Arrests, "DEP-48", 2009, [.. Year2009.Select(v => v / 40)]).Concat(Series(Arrests, "DEP-48", 2010, 3, 3, 4, 3, 3, 40))
            .Concat(Series(Arrests, "FR", 2009, [.. Year2009.Select(v => v * 3)])).Concat(Series(Arrests, "FR", 2010, 380, 400, 390, 410, 395, 4100));

        var found = Unusual(Arrests, "2010-06-30", observations);

        Assert.Equal(["FR"], found.Select(w => w.Territory.Code));
    }

    [Fact]
    public void Of_DerivedIndicator_NotJudgedItsInputsAre()
    {
        var observations = Series("eloignements_forces", "FR-MET", 2009, [.. Year2009.Select(v => v * 15)]).Concat(Series("eloignements_forces", "FR-MET", 2010, 1900, 1950, 1850, 1900, 2000, 19000))
            .Concat(Series("retours_aides", "FR-MET", 2009, [.. Year2009.Select(v => v * 5)])).Concat(Series("retours_aides", "FR-MET", 2010, 640, 650, 630, 660, 650, 640));

        Assert.Single(Unusual("eloignements_forces", "2010-06-30", observations));
        Assert.Empty(Unusual("eloignements", "2010-06-30", observations));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 3.0, 0.0)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 6.0, 2.0235)] // |6 − 3| ÷ (1.4826 × 1)
    [InlineData(new[] { 100.0, 100, 100 }, 110.0, 2.0)] // no spread: 5 % of the median stands for it
    [InlineData(new[] { 0.0, 0, 0 }, 0.0, 0.0)]
    public void Score_Reference_ModifiedZScore(double[] reference, double value, double expected) =>
        Assert.Equal(expected, UnusualValues.Score(value, reference), 4);

    [Fact]
    public void Score_AllZerosAndAValue_Infinite() =>
        Assert.True(double.IsPositiveInfinity(UnusualValues.Score(2, [0.0, 0, 0])));
}
