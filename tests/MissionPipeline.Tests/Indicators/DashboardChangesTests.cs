using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Indicators;

public sealed class DashboardChangesTests
{
    private const string Operations = "operations_travail_illegal";

    [Fact]
    public void Compare_NoPreviousSnapshot_NoChanges() =>
        Assert.Empty(DashboardChanges.Compare(null, Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3))));

    [Fact]
    public void Compare_SameDashboard_NoChanges()
    {
        var dashboard = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));

        Assert.Empty(DashboardChanges.Compare(dashboard, dashboard));
    }

    [Fact]
    public void Compare_StatusAndActualChanged_BothListedStatusFirst()
    {
        var march = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));
        var june = Compute("2009-06-30", Months(Operations, "FR", 2009, 130, Range(1, 6)));

        var changes = DashboardChanges.Compare(march, june).Where(c => c.Indicator.Value == Operations).ToArray();

        Assert.Equal(
            [("status", "off_track", "on_track"), ("actual", "300", "780")],
            changes.Select(c => (c.Field, c.From, c.To)));
    }

    [Fact]
    public void Compare_FigureAppears_FromIsNull()
    {
        var before = Compute("2009-01-31", []);
        var after = Compute("2009-01-31", [Ratio("dilf_taux_reussite", "2009-01", "FR", 11, 20)]);

        var changes = DashboardChanges.Compare(before, after).Where(c => c.Indicator.Value == "dilf_taux_reussite").ToArray();

        Assert.Equal([("status", "no_data", "off_track"), ("actual", null, "0.55")], changes.Select(c => (c.Field, c.From, c.To)));
    }

    [Fact]
    public void Compare_IndicatorUnknownToThePreviousSnapshot_Skipped()
    {
        var current = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));
        var previous = current with { Indicators = current.Indicators.Where(r => r.Id.Value != Operations).Select(r => r with { Actual = -1 }).ToArray() };

        var changes = DashboardChanges.Compare(previous, current);

        Assert.DoesNotContain(changes, c => c.Indicator.Value == Operations);
        Assert.NotEmpty(changes);
    }

    [Fact]
    public void Compare_PreviousReadBackFromItsJson_SameAsComparingTheDashboards()
    {
        var march = Compute("2009-03-31", Months(Operations, "FR", 2009, 100.1, 1, 2, 3).Append(Ratio("dilf_taux_reussite", "2009-02", "FR", 1, 3)));
        var june = Compute("2009-06-30", Months(Operations, "FR", 2009, 130, Range(1, 6)));

        var fromJson = DashboardChanges.Compare(DashboardJson.Read(DashboardJson.Write(march)), june);

        Assert.Equal(DashboardChanges.Compare(march, june), fromJson);
    }

    /// <summary>Every change says why, and in French: a period arrived, a later file revised a value, the target changed, or only the date moved.</summary>
    [Fact]
    public void Compare_NewPeriods_CauseNewPeriodWithTheirNames()
    {
        var march = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));
        var june = Compute("2009-06-30", Months(Operations, "FR", 2009, 130, Range(1, 6)));

        var actual = DashboardChanges.Compare(march, june).Single(c => c.Indicator.Value == Operations && c.Field == DashboardChanges.Actual);

        Assert.Equal(ChangeCauses.NewPeriod, actual.Cause);
        Assert.Contains("3 nouvelles périodes reçues (avril 2009, mai 2009, juin 2009)", actual.Message, StringComparison.Ordinal);
        Assert.Null(actual.File);
    }

    [Fact]
    public void Compare_LaterFileCorrectsAMonth_CauseRevisionWithTheFileAndTheValues()
    {
        var received = new DateTimeOffset(2009, 4, 10, 8, 0, 0, TimeSpan.Zero);
        var first = Months(Operations, "FR", 2009, 100, 1, 2, 3).ToArray();
        var corrected = Value(Operations, "2009-03", "FR", 160, "correction", received.AddDays(20));
        var before = Compute("2009-04-30", first, Ingestion(Operations, IngestionStatus.Committed, "ingest-1"));
        var after = Compute("2009-04-30", [.. first, corrected], Ingestion(Operations, IngestionStatus.Committed, "ingest-1"), Ingestion(Operations, IngestionStatus.Committed, "correction", received.AddDays(20)));

        var actual = DashboardChanges.Compare(before, after).Single(c => c.Indicator.Value == Operations && c.Field == DashboardChanges.Actual);

        Assert.Equal((ChangeCauses.Revision, "2009-03", "correction.csv"), (actual.Cause, actual.Period, actual.File));
        Assert.Equal(("300", "360"), (actual.From, actual.To));
        Assert.Contains("correction.csv a révisé mars 2009 (100 → 160)", actual.Message, StringComparison.Ordinal);
    }

    /// <summary>A rate revised by less than its usual decimal shows the digits that tell the two apart (it read « 25,0 % → 25,0 % »).</summary>
    [Fact]
    public void Compare_RateRevisedSlightly_BothFiguresWithTheDigitsThatTellThemApart()
    {
        const string rate = "taux_chomage_etrangers_hors_ue";
        var received = new DateTimeOffset(2010, 2, 10, 8, 0, 0, TimeSpan.Zero);
        SourcedObservation[] first = [Value(rate, "2009", "FR-MET", 0.25, "insee-2009", received)];
        var corrected = Value(rate, "2009", "FR-MET", 0.2504, "correction", received.AddDays(20));
        var before = Compute("2009-12-31", first, Ingestion(rate, IngestionStatus.Committed, "insee-2009", received));
        var after = Compute("2009-12-31", [.. first, corrected], Ingestion(rate, IngestionStatus.Committed, "insee-2009", received), Ingestion(rate, IngestionStatus.Committed, "correction", received.AddDays(20)));

        var actual = DashboardChanges.Compare(before, after).Single(c => c.Indicator.Value == rate && c.Field == DashboardChanges.Actual);

        Assert.Contains("a révisé 2009 (25,00\u00A0% → 25,04\u00A0%)", actual.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A correction sent by département revises a figure the headline only rolls up, and the figures
    /// derived from it: the cause is that file and the period it moved, not « sans nouveau fichier »
    /// (the headline had no revision of its own to find).
    /// </summary>
    [Fact]
    public void Compare_CorrectionOfADepartement_RolledUpAndDerivedFiguresCauseRevisionWithTheFile()
    {
        var received = new DateTimeOffset(2009, 4, 10, 8, 0, 0, TimeSpan.Zero);
        SourcedObservation[] first =
        [
            .. Months("retours_aides", "DEP-48", 2009, 3, 1, 2, 3), .. Months("retours_aides", "DEP-75", 2009, 300, 1, 2, 3),
            .. Months("eloignements_forces", "FR-MET", 2009, 2000, 1, 2, 3),
        ];
        var correction = Value("retours_aides", "2009-02", "DEP-48", 0, "ofii-rectificatif", received.AddDays(20));
        IngestionSummary[] files = [Ingestion("retours_aides", IngestionStatus.Committed, "ingest-1"), Ingestion("eloignements_forces", IngestionStatus.Committed, "ingest-1")];
        var before = Compute("2009-04-30", first, files);
        var after = Compute("2009-04-30", [.. first, correction], [.. files, Ingestion("retours_aides", IngestionStatus.Committed, "ofii-rectificatif", received.AddDays(20))]);

        var changes = DashboardChanges.Compare(before, after, [.. files, Ingestion("retours_aides", IngestionStatus.Committed, "ofii-rectificatif", received.AddDays(20))])
            .Where(c => c.Field == DashboardChanges.Actual && c.Indicator.Value is "retours_aides" or "eloignements").ToArray();

        Assert.Equal(["eloignements", "retours_aides"], changes.Select(c => c.Indicator.Value).Order(StringComparer.Ordinal));
        Assert.All(changes, c => Assert.Equal((ChangeCauses.Revision, "2009-02", "ofii-rectificatif.csv"), (c.Cause, c.Period, c.File)));
        Assert.Contains("ofii-rectificatif.csv a révisé février 2009 (303 → 300)", changes.Single(c => c.Indicator.Value == "retours_aides").Message.Replace('\u202F', ' '), StringComparison.Ordinal);
        Assert.All(changes, c => Assert.Empty(Text.FrenchTextRules.Violations(c.Message)));
    }

    /// <summary>
    /// A new month and, from another file, a correction of an earlier one in the same interval: both
    /// moved the figure and both are said (the correction was left out: « une nouvelle période reçue »
    /// beside +455 of August and −3 of July). Which of the two files corrected is not known from the
    /// series: the period is named, no file.
    /// </summary>
    [Theory]
    [InlineData(false, "une nouvelle période reçue (avril 2009)\u202F; ofii-rectificatif.csv a révisé février 2009 (303 → 300)", "2009-02", "ofii-rectificatif.csv")]
    [InlineData(true, "une nouvelle période reçue (avril 2009)\u202F; février 2009 révisé (303 → 300)", "2009-02", null)]
    public void Compare_NewPeriodAndACorrectionOfAnEarlierOne_BothSaid(bool aprilFromAnotherFile, string message, string period, string? file)
    {
        var received = new DateTimeOffset(2009, 4, 10, 8, 0, 0, TimeSpan.Zero);
        SourcedObservation[] first = [.. Months("retours_aides", "DEP-48", 2009, 3, 1, 2, 3), .. Months("retours_aides", "DEP-75", 2009, 300, 1, 2, 3)];
        var april = aprilFromAnotherFile ? "ofii-2009-04" : "ofii-rectificatif";
        SourcedObservation[] later =
        [
            Value("retours_aides", "2009-02", "DEP-48", 0, "ofii-rectificatif", received.AddDays(20)),
            Value("retours_aides", "2009-04", "DEP-75", 310, april, received.AddDays(21)), Value("retours_aides", "2009-04", "DEP-48", 2, april, received.AddDays(21)),
        ];
        IngestionSummary[] files = [Ingestion("retours_aides", IngestionStatus.Committed, "ingest-1")];
        IngestionSummary[] laterFiles = [.. files, Ingestion("retours_aides", IngestionStatus.Committed, "ofii-rectificatif", received.AddDays(20)), .. aprilFromAnotherFile ? [Ingestion("retours_aides", IngestionStatus.Committed, april, received.AddDays(21))] : Array.Empty<IngestionSummary>()];
        var before = Compute("2009-03-31", first, files);
        var after = Compute("2009-04-30", [.. first, .. later], laterFiles);

        var actual = DashboardChanges.Compare(before, after, laterFiles).Single(c => c.Indicator.Value == "retours_aides" && c.Field == DashboardChanges.Actual);

        Assert.Equal(ChangeCauses.NewPeriod, actual.Cause);
        Assert.True(actual.Message.Contains(message, StringComparison.Ordinal), actual.Message);
        Assert.Equal((period, file), (actual.Period, actual.File)); // the revision's fields kept beside the new period
        Assert.Empty(Text.FrenchTextRules.Violations(actual.Message));
    }

    /// <summary>A new year brings a new target and new months: the status moved with the target, the figure with the months.</summary>
    [Fact]
    public void Compare_NewYearNewTarget_ActualCauseNewPeriodNotTarget()
    {
        IEnumerable<SourcedObservation> Removals(int year, int months) =>
            [.. Months("eloignements_forces", "FR-MET", year, 2100, Range(1, months)), .. Months("retours_aides", "FR-MET", year, 300, Range(1, months))];
        var december = Compute("2009-12-31", Removals(2009, 12));
        var january = Compute("2010-01-31", [.. Removals(2009, 12), .. Removals(2010, 1)]);

        var actual = DashboardChanges.Compare(december, january).Single(c => c.Indicator.Value == "eloignements" && c.Field == DashboardChanges.Actual);

        Assert.Equal(ChangeCauses.NewPeriod, actual.Cause);
        Assert.DoesNotContain("objectif", actual.Message, StringComparison.Ordinal);

        // The figure fell (28 800 → 2 400) as its count started again: said, not only « a new period ».
        Assert.Contains("le chiffre porte désormais sur janvier 2010, et non plus sur la période de janvier 2009 à décembre 2009\u202F; une nouvelle période reçue (janvier 2010)", actual.Message, StringComparison.Ordinal);
        Assert.Empty(Text.FrenchTextRules.Violations(actual.Message));
    }

    /// <summary>
    /// A month that arrived since the previous snapshot, then corrected before this one: its arrival,
    /// not a revision of anything published (« a révisé mars 2010 (125 → 152) » since 31 December 2009,
    /// which never showed March).
    /// </summary>
    [Fact]
    public void Compare_MonthArrivedAndCorrectedSinceThePreviousSnapshot_NotARevision()
    {
        var sent = new DateTimeOffset(2010, 4, 10, 8, 0, 0, TimeSpan.Zero);
        SourcedObservation[] year = [.. Months(Operations, "FR", 2009, 100, Range(1, 12))];
        SourcedObservation[] march = [Value(Operations, "2010-03", "FR", 125, "dgt-2010-03", sent), Value(Operations, "2010-03", "FR", 152, "dgt-2010-03-rectificatif", sent.AddDays(30))];
        IngestionSummary[] files = [Ingestion(Operations, IngestionStatus.Committed, "dgt-2010-03", sent), Ingestion(Operations, IngestionStatus.Committed, "dgt-2010-03-rectificatif", sent.AddDays(30))];
        var december = Compute("2009-12-31", year);
        var june = Compute("2010-06-30", [.. year, .. march], files);

        var actual = DashboardChanges.Compare(december, june, files).Single(c => c.Indicator.Value == Operations && c.Field == DashboardChanges.Actual);

        Assert.Equal(ChangeCauses.NewPeriod, actual.Cause);
        Assert.DoesNotContain("révis", actual.Message, StringComparison.Ordinal);
        Assert.Equal((null, null), (actual.Period, actual.File));
    }

    /// <summary>A status that became « sans données » with the date alone says the rule's reason (the figure is not due yet), not only that the rule applies.</summary>
    [Fact]
    public void Compare_NoFigureAnyMoreWithTheDateAlone_SaysTheRulesReason()
    {
        const string id = "taux_chomage_etrangers_hors_ue";
        SourcedObservation[] years = [Value(id, "2009", "FR-MET", 0.238), Value(id, "2008", "FR-MET", 0.234)];
        var december = Compute("2009-12-31", years);
        var march = Compute("2010-03-31", years);

        var status = DashboardChanges.Compare(december, march).Single(c => c.Indicator.Value == id && c.Field == DashboardChanges.Status);

        Assert.Equal((ChangeCauses.Rule, "no_data"), (status.Cause, status.To));
        Assert.DoesNotContain("la règle du statut s'applique", status.Message, StringComparison.Ordinal);
        Assert.StartsWith(MissionPipeline.Text.FrenchTypography.Apply("Taux de chômage"), status.Message, StringComparison.Ordinal);
        Assert.Contains(MissionPipeline.Text.FrenchTypography.Apply(", sans nouveau fichier ; pas encore de données"), status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MissionPipeline.Text.FrenchTypography.Apply("sans nouveau fichier :"), status.Message, StringComparison.Ordinal); // two colons in one sentence with the reason's own
        Assert.Empty(Text.FrenchTextRules.Violations(status.Message));
    }

    /// <summary>69,98 % against a target of 70 % is written so, never « 70,0 % » (a published figure never contradicts its status).</summary>
    [Fact]
    public void Compare_RateJustBelowItsTarget_WrittenWithTheDigitsThatTellThemApart()
    {
        const string Share = "part_etudiants_disciplines_prioritaires";
        var current = Compute("2009-12-31", [Ratio(Share, "2009-Q4", "FR", 703, 1000)]);
        var previous = current with { Indicators = [.. current.Indicators.Select(r => r.Id.Value == Share ? r with { Actual = 0.69984, Status = IndicatorStatus.Missed } : r)] };

        var actual = DashboardChanges.Compare(previous, current).Single(c => c.Indicator.Value == Share && c.Field == DashboardChanges.Actual);

        Assert.Contains("réalisé 69,98\u00A0% → 70,3\u00A0%", actual.Message.Replace('\u202F', '\u00A0'), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TargetChanged_CauseTarget()
    {
        var current = Compute("2009-03-31", Months(Operations, "FR", 2009, 100, 1, 2, 3));
        var result = current.Indicators.Single(r => r.Id.Value == Operations);
        var previous = current with { Indicators = [.. current.Indicators.Select(r => r.Id.Value == Operations ? r with { Target = r.Target! with { Value = r.Target.Value / 2 }, Status = IndicatorStatus.Achieved } : r)] };

        var status = DashboardChanges.Compare(previous, current).Single(c => c.Indicator.Value == Operations);

        Assert.Equal((DashboardChanges.Status, ChangeCauses.Target), (status.Field, status.Cause));
        Assert.Contains("l'objectif de 2009 est passé de 750 à 1\u202F500.", status.Message, StringComparison.Ordinal); // the year said once
        Assert.NotNull(result.Target);
    }

    [Fact]
    public void Compare_NewYearNewTarget_CauseTargetSaysTheYearChangedNotThatTheTargetRose()
    {
        IEnumerable<SourcedObservation> Removals(int year, int months) =>
            [.. Months("eloignements_forces", "FR-MET", year, 2100, Range(1, months)), .. Months("retours_aides", "FR-MET", year, 300, Range(1, months))];
        var december = Compute("2009-12-31", Removals(2009, 12));
        var january = Compute("2010-01-31", [.. Removals(2009, 12), .. Removals(2010, 1)]);

        var status = DashboardChanges.Compare(december, january).Single(c => c.Indicator.Value == "eloignements" && c.Field == DashboardChanges.Status);

        Assert.Equal(("achieved", "on_track", ChangeCauses.Target), (status.From, status.To, status.Cause));
        // The year changed: the new one is judged against its own target, not « because it rose » (red team, steering unit).
        Assert.EndsWith("atteint → en bonne voie, l'année a changé : 2010 est jugée face à son propre objectif, 28 000 (celui de 2009 était de 27 000).", status.Message.Replace('\u202F', ' '), StringComparison.Ordinal);
        Assert.Empty(Text.FrenchTextRules.Violations(status.Message));
    }

    [Fact]
    public void Compare_NewYearWithoutTarget_SaysWhichYearHasNone()
    {
        // The share of students in priority fields: 70 % in 2009, no target after it.
        const string Share = "part_etudiants_disciplines_prioritaires";
        var december = Compute("2009-12-31", [Ratio(Share, "2009-Q4", "FR", 650, 1000)]);
        var march = Compute("2010-03-31", [Ratio(Share, "2009-Q4", "FR", 650, 1000), Ratio(Share, "2010-Q1", "FR", 660, 1000)]);

        var status = DashboardChanges.Compare(december, march).Single(c => c.Indicator.Value == Share && c.Field == DashboardChanges.Status);

        Assert.Equal(ChangeCauses.Target, status.Cause);
        Assert.EndsWith("aucun objectif n'est fixé pour 2010 (celui de 2009 était de 70,0 %).", status.Message.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NewYearSameTarget_CauseTargetSaysOnlyTheYearChanged()
    {
        // Foreign students: « chaque année au moins 50 000 », the letter's target repeated each year.
        var december = Compute("2009-12-31", Months("etudiants_etrangers", "FR", 2009, 4000, Range(1, 12)));
        var january = Compute("2010-01-31", [.. Months("etudiants_etrangers", "FR", 2009, 4000, Range(1, 12)), .. Months("etudiants_etrangers", "FR", 2010, 4500, 1)]);

        var status = DashboardChanges.Compare(december, january).Single(c => c.Indicator.Value == "etudiants_etrangers" && c.Field == DashboardChanges.Status);

        Assert.Equal(ChangeCauses.Target, status.Cause);
        Assert.EndsWith("l'année a changé\u202F: l'objectif de 2010 (50\u202F000) remplace celui de 2009, de même valeur.", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DefinitionChanged_CauseDefinitionWithTheNewOne()
    {
        var december = Compute("2009-12-31", Enumerable.Range(1, 12).Select(m => Ratio("dilf_taux_reussite", $"2009-{m:D2}", "FR", 55, 100)));
        var march = Compute("2010-03-31", Enumerable.Range(1, 3).Select(m => Ratio("dilf_taux_reussite", $"2010-{m:D2}", "FR", 70, 100)));

        var changes = DashboardChanges.Compare(DashboardJson.Read(DashboardJson.Write(december)), march).Where(c => c.Indicator.Value == "dilf_taux_reussite").ToArray();

        Assert.Equal([DashboardChanges.Status, DashboardChanges.Actual], changes.Select(c => c.Field));
        Assert.All(changes, c => Assert.Equal(ChangeCauses.Definition, c.Cause));
        Assert.Contains("la définition a changé le 1ᵉʳ janvier 2010 (on compte désormais les signataires du CAI", changes[0].Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Property: whatever files arrive between two snapshots (new months, corrections, a new year),
    /// every change gives a cause that holds of the two results: new periods did arrive, the
    /// revising file is one the current figures come from, a rule change saw neither.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Compare_RandomFilesBetweenTwoDates_EveryCauseHoldsOfTheTwoResults(int seed)
    {
        var random = new Random(seed);
        var start = new DateOnly(2009, 1, 1);
        var first = start.AddMonths(random.Next(2, 14)).AddDays(-1);
        var second = first.AddMonths(random.Next(0, 8)).AddDays(random.Next(0, 2) == 0 ? 0 : 10);
        var received = new DateTimeOffset(2009, 2, 1, 8, 0, 0, TimeSpan.Zero);
        var files = new List<SourcedObservation>();
        for (var month = start; month <= second; month = month.AddMonths(1))
        {
            var period = $"{month.Year}-{month.Month:D2}";
            var at = received.AddMonths((month.Year - 2009) * 12 + month.Month - 1);
            files.Add(Value(Operations, period, "FR", random.Next(90, 160), $"dgt-{period}", at));
            files.Add(Value("eloignements_forces", period, "FR-MET", random.Next(1500, 2500), $"dcpaf-{period}", at));
            files.Add(Value("retours_aides", period, "FR-MET", random.Next(500, 800), $"ofii-{period}", at));
            if (random.Next(4) == 0)
            {
                files.Add(Value(Operations, period, "FR", random.Next(90, 160), $"dgt-{period}-rectificatif", at.AddDays(random.Next(1, 90))));
            }
        }

        // The earlier snapshot sees what was received by its own date; the later one sees everything.
        var cutoff = new DateTimeOffset(first.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        var before = Compute(first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), files.Where(f => f.Received <= cutoff));
        var after = Compute(second.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), files);

        var changes = DashboardChanges.Compare(before, after);

        Assert.NotEmpty(changes); // the last month's files arrive after the earlier date: something always changed
        foreach (var change in changes)
        {
            var then = before.Indicators.Single(r => r.Id == change.Indicator);
            var now = after.Indicators.Single(r => r.Id == change.Indicator);
            Assert.Contains(change.Cause, (string[])[ChangeCauses.NewPeriod, ChangeCauses.Revision, ChangeCauses.Target, ChangeCauses.Definition, ChangeCauses.Rule]);
            Assert.Empty(Text.FrenchTextRules.Violations(change.Message));
            switch (change.Cause)
            {
                case ChangeCauses.NewPeriod:
                    Assert.NotEmpty(now.PeriodsReported.Except(then.PeriodsReported));
                    break;
                case ChangeCauses.Revision:
                    Assert.Contains(now.Sources, s => s.IngestId == change.File); // no ingestion rows given: files are named by their ingest ids
                    Assert.Empty(now.PeriodsReported.Except(then.PeriodsReported));
                    break;
                case ChangeCauses.Target:
                    Assert.False(then.Target?.SameGoal(now.Target) ?? now.Target is null);
                    break;
                case ChangeCauses.Rule:
                    Assert.Empty(now.PeriodsReported.Except(then.PeriodsReported));
                    Assert.Equal(then.LatestRevision, now.LatestRevision);
                    break;
            }
        }

    }

    [Fact]
    public void Compare_OnlyTheDateMoved_CauseRuleInAFrenchSentence()
    {
        // A milestone not reported done: pending while its due date is ahead, missed once it has passed, with no file in between.
        const string Milestone = "comite_interministeriel_integration";
        var before = Compute("2009-04-30", []);
        var after = Compute("2009-08-31", []);

        var changes = DashboardChanges.Compare(before, after).Where(c => c.Indicator.Value == Milestone).ToArray();

        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.Equal(ChangeCauses.Rule, c.Cause));
        Assert.All(changes, c => Assert.Contains("sans nouveau fichier", c.Message, StringComparison.Ordinal));
        Assert.All(changes, c => Assert.Empty(Text.FrenchTextRules.Violations(c.Message)));
    }
}
