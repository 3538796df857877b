using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MissionPipeline.Catalogue;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using static MissionPipeline.Tests.Indicators.Given;

using MissionPipeline.Tests.Text;

namespace MissionPipeline.Tests.Publishing;

public sealed partial class DashboardHtmlTests
{
    private const char Nbsp = '\u00A0';

    private static string Page(Dashboard? dashboard = null) =>
        Encoding.UTF8.GetString(DashboardHtml.Write(dashboard ?? PublishingSamples.Published(), DefaultCatalogue));

    [Fact]
    public void Write_EveryIndicator_ACardWithItsTitleAndOneBadge()
    {
        var html = Page();

        var cards = Cards().Matches(html).Select(m => m.Value).ToArray();
        Assert.Equal(DefaultCatalogue.Indicators.Select(i => i.Id.Value), cards.Select(c => Id().Match(c).Groups[1].Value));
        foreach (var (card, indicator) in cards.Zip(DefaultCatalogue.Indicators))
        {
            Assert.Contains(Html.Escape(indicator.Title), card, StringComparison.Ordinal);
            Assert.Single(Badges().Matches(card));
            Assert.Contains("<blockquote class=\"quote\">", card, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_FiveAxesInOrder_WithTheirTitles()
    {
        var html = Page();

        var positions = DefaultCatalogue.Axes.Select(a => html.IndexOf(Html.Escape(a.Title), StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Write_SelfContained_NoScriptNoExternalResource()
    {
        var html = Page();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"url\((?!#)", html); // only the page's own SVG pattern (the maps' hatching), never a resource to fetch
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["http://www.w3.org/2000/svg"], Urls().Matches(html).Select(m => m.Value).Distinct()); // the SVG namespace, never fetched
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FiguresAndDates_InFrenchNotation()
    {
        var html = Page();

        Assert.Contains("13\u202F445", html, StringComparison.Ordinal); // removals in metropolitan France
        Assert.Contains($"55,0{Nbsp}%", html, StringComparison.Ordinal); // DILF success rate
        Assert.Contains("Situation au <time datetime=\"2009-06-30\">30 juin 2009</time>", html, StringComparison.Ordinal);
        Assert.Contains("02/06/2009</span><span class=\"when\">réalisé dans les délais", html, StringComparison.Ordinal);
        Assert.Contains("au 31 décembre 2009", html, StringComparison.Ordinal);
        Assert.DoesNotContain("13,445", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoDataReason_LowerCaseAfterTheColon()
    {
        var html = Page();

        // « Sans données : Aucun fichier… » put a capital after a colon, which French does not.
        Assert.Matches("<strong>Sans données\u202F:</strong> (aucun|aucune|pas|le|la|les|des) ", html);
        Assert.DoesNotMatch("<strong>(Sans données|Non évalué)\u202F:</strong> (Aucun|Aucune|Pas|Le|La|Les|Des) ", html);
    }

    [Fact]
    public void Write_StatusBadges_WordsAndSymbolNotOnlyColour()
    {
        var html = Page();

        Assert.Contains("<span class=\"badge s-on_track\"><span aria-hidden=\"true\">●</span> En bonne voie</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge s-no_data\"><span aria-hidden=\"true\">○</span> Sans données</span>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"progressbar\"", html, StringComparison.Ordinal);
        Assert.Matches("aria-label=\"Progression vers l&#39;objectif\u202F: \\d+\u00A0%\"", html);
        Assert.Contains("<svg class=\"spark-line\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Sparkline_ShowsItsScale()
    {
        var html = Page();

        // eloignements_forces, DEP-75 1 400 a month plus DEP-69 40 and DEP-13 3: the headline's months range over 1 440 to 1 443.
        Assert.Matches("<figcaption class=\"scale\"><span>min [0-9\u202F,]+</span><span>max [0-9\u202F,]+</span></figcaption>", html);
    }

    [Fact]
    public void Write_Page_FrenchTypographyEverywhereAReaderLooks()
    {
        var text = FrenchTextRules.PageText(Page());

        var violations = FrenchTextRules.Violations(text);

        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
        Assert.Contains("\u202F:", text, StringComparison.Ordinal); // the rule does apply somewhere
    }

    [Fact]
    public void Write_FreshnessAndChanges_Shown()
    {
        var html = Page();

        Assert.Contains("Fraîcheur des données par organisme", html, StringComparison.Ordinal);
        Assert.Contains("Direction générale du travail", html, StringComparison.Ordinal);
        Assert.Contains("10 avril 2009", html, StringComparison.Ordinal); // the sample files' upload day
        Assert.Contains("Aucun fichier reçu", html, StringComparison.Ordinal);
        Assert.Contains("5 périodes non reçues</span> (janvier 2009 – mai 2009, jusqu'à 135\u00A0j)", html, StringComparison.Ordinal);
        Assert.Contains("Évolutions depuis le tableau de bord du 31 mars 2009</h2>", html, StringComparison.Ordinal); // which one: an unreleased date is skipped
    }

    /// <summary>No change to list is said on screen (the year's account, the first snapshot, was silent: red team, steering unit); the print lists only its sections.</summary>
    [Theory]
    [InlineData("2009-03-31", "Aucune évolution depuis le tableau de bord du 31 mars 2009\u202F: ni statut ni chiffre n&#39;a changé.")]
    [InlineData(null, "Aucun tableau de bord antérieur auquel comparer celui-ci\u202F: ses évolutions se liront dans le suivant.")]
    public void Write_NoChange_SaidOnScreenOnly(string? since, string expected)
    {
        var html = Page(PublishingSamples.Published() with { Changes = [], ChangesSince = since is null ? null : DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains("<section class=\"changes screen-only\" aria-labelledby=\"evolutions\"><h2 id=\"evolutions\">Évolutions</h2>\n<p>" + expected + "</p></section>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evolutions-imprimees", html, StringComparison.Ordinal);
        Assert.DoesNotContain("les évolutions depuis", html, StringComparison.Ordinal); // nor promised on the title page
    }

    /// <summary>
    /// An indicator whose status and figure both moved is one item, its reason said once when it is the
    /// same (red team, steering unit: the printed account listed each such change twice, with the same
    /// reason); a figure alone keeps its own item; each item says its indicator once.
    /// </summary>
    [Fact]
    public void Write_StatusAndFigureOfOneIndicatorMoved_OneItemEach()
    {
        var (share, removals, arrests) = (new IndicatorId("part_immigration_professionnelle"), new IndicatorId("eloignements_total"), new IndicatorId("interpellations_aide_illicite"));
        const string window = "le chiffre porte désormais sur la période de janvier 2010 à juin 2010, et non plus sur la période de janvier 2009 à décembre 2009\u202F; 6 nouvelles périodes reçues (janvier 2010, février 2010, mars 2010…).";
        var dashboard = PublishingSamples.Published() with
        {
            Changes =
            [
                new(share, DashboardChanges.Status, "at_risk", "off_track") { Cause = ChangeCauses.NewPeriod, Message = "Part pro\u202F: à risque → en retard, " + window },
                new(share, DashboardChanges.Actual, "0.15", "0.135") { Cause = ChangeCauses.NewPeriod, Message = "Part pro\u202F: réalisé 15,0\u00A0% → 13,5\u00A0%, " + window },
                new(removals, DashboardChanges.Status, "achieved", "at_risk") { Cause = ChangeCauses.Target, Message = "Éloignements\u202F: atteint → à risque, l'année a changé\u202F: 2010 est jugée face à son propre objectif, 28\u202F000 (celui de 2009 était de 27\u202F000)." },
                new(removals, DashboardChanges.Actual, "28801", "13501") { Cause = ChangeCauses.NewPeriod, Message = "Éloignements\u202F: réalisé 28\u202F801 → 13\u202F501, " + window },
                new(arrests, DashboardChanges.Actual, "5135", "2656") { Cause = ChangeCauses.NewPeriod, Message = "Interpellations\u202F: réalisé 5\u202F135 → 2\u202F656, " + window },
            ],
        };

        var items = ChangeItems().Matches(Page(dashboard)).Select(m => m.Groups[1].Value).Distinct().ToArray(); // on screen and in print alike

        Assert.Equal(
        [
            "<strong>Part pro\u202F: à risque → en retard</strong>, réalisé 15,0\u00A0% → 13,5\u00A0%, " + Html.Escape(window),
            "<strong>Éloignements\u202F: atteint → à risque, l&#39;année a changé\u202F: 2010 est jugée face à son propre objectif, 28\u202F000 (celui de 2009 était de 27\u202F000).</strong> Réalisé 28\u202F801 → 13\u202F501, " + Html.Escape(window),
            "Interpellations\u202F: réalisé 5\u202F135 → 2\u202F656, " + Html.Escape(window),
        ], items);
    }

    /// <summary>Messages not of the form the changes are written in (a snapshot of another version) are listed apart, as written.</summary>
    [Theory]
    [InlineData("Part pro\u202F: à risque → en retard", "Part pro\u202F: réalisé 15 % → 13 %, raison.")]
    [InlineData("Part pro\u202F: à risque → en retard, raison.", "Part pro\u202F: 15 % → 13 %, raison.")]
    public void Folded_MessageOfAnotherForm_Null(string status, string figure) =>
        Assert.Null(DashboardHtml.Folded(status, figure));

    [GeneratedRegex("<li class=\"cause-[a-z-]+\">(.*?)</li>")]
    private static partial Regex ChangeItems();

    [Fact]
    public void Write_ChangesOfASnapshotPublishedBeforeTheirDateWasRecorded_SinceThePreviousOne()
    {
        var html = Page(PublishingSamples.Published() with { ChangesSince = null });

        Assert.Contains("Évolutions depuis le tableau de bord précédent</h2>", html, StringComparison.Ordinal);
    }

    /// <summary>Each agency's mean absolute revision is published with completeness (INDICATORS.md): on the page too, not only in /api/completeness.</summary>
    /// <summary>The summary's badges agree with their counts: « 4 ✕ Manqués », « 1 ✓ Atteint » (it read « 4 ✕ Manqué »).</summary>
    [Theory]
    [InlineData(0, "Atteint")]
    [InlineData(1, "Atteint")]
    [InlineData(2, "Atteints")]
    [InlineData(4, "Manqués")]
    [InlineData(3, "Non évalués")]
    [InlineData(12, "Contexte")]
    [InlineData(5, "En retard")]
    public void Badge_Count_WordAgreed(int count, string word)
    {
        var status = word switch
        {
            "Atteint" or "Atteints" => IndicatorStatus.Achieved,
            "Manqués" => IndicatorStatus.Missed,
            "Non évalués" => IndicatorStatus.Unassessed,
            "Contexte" => IndicatorStatus.Context,
            _ => IndicatorStatus.OffTrack,
        };

        Assert.EndsWith("</span> " + word + "</span>", Html.Badge(status, count), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Summary_EachBadgeAgreedWithItsCount()
    {
        var html = Page();

        var items = System.Text.RegularExpressions.Regex.Matches(html, "<li><span class=\"count\">(\\d+)</span>(<span class=\"badge[^\"]*\">.*?</span> [^<]*</span>)</li>");
        Assert.Equal(Enum.GetValues<IndicatorStatus>().Length, items.Count);
        Assert.All(items, m => Assert.Equal(Html.Badge(Enum.GetValues<IndicatorStatus>()[items.ToList().IndexOf(m)], int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), m.Groups[2].Value));
    }

    [Fact]
    public void Write_MonthSentBeforeItWasDue_FreshnessTableCountsItApart()
    {
        const string Operations = "operations_travail_illegal";
        var december = Value(Operations, "2009-12", "FR", 100, "december", new DateTimeOffset(2010, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var dashboard = Compute("2009-12-31", [.. Months(Operations, "FR", 2009, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), december],
            Ingestion(Operations, IngestionStatus.Committed, "ingest-1"), Ingestion(Operations, IngestionStatus.Committed, "december", december.Received));

        var html = Page(dashboard);

        Assert.Contains("<th scope=\"col\">Périodes échues reçues / attendues</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">11 / 11 (+\u00A01 reçue avant échéance)</td>", html, StringComparison.Ordinal); // the cards count December: the table said 11 / 11 alone
    }

    [Fact]
    public void Write_AgencyRevisedItsFigures_FreshnessTableSaysByHowMuch()
    {
        const string Operations = "operations_travail_illegal";
        var first = Months(Operations, "FR", 2009, 100, 1, 2, 3).ToArray();
        var later = Received.AddDays(30);
        var dashboard = Compute("2009-04-30",
            [.. first, Value(Operations, "2009-02", "FR", 130, "correction", later), Value(Operations, "2009-03", "FR", 90, "correction", later)],
            Ingestion(Operations, IngestionStatus.Committed, "ingest-1"), Ingestion(Operations, IngestionStatus.Committed, "correction", later));

        var html = Page(dashboard);

        Assert.Contains("<th scope=\"col\">Révision moyenne (première → dernière valeur)</th>", html, StringComparison.Ordinal);
        Assert.Contains("<li>Opérations conjointes de contrôle du travail illégal des étrangers\u202F: 20\u00A0opérations</li>", html, StringComparison.Ordinal); // |130 − 100| and |90 − 100|: 20 on average, in its unit
    }

    [Fact]
    public void Write_PrintStylesheet_A4OneAxisPerPageQuotesShown()
    {
        var html = Page();

        Assert.Contains("@page { size: A4 portrait;", html, StringComparison.Ordinal);
        Assert.Contains(".axis { break-before: page;", html, StringComparison.Ordinal);
        Assert.Contains(".quote { display: block; position: static;", html, StringComparison.Ordinal);
        Assert.Contains("print-color-adjust: exact", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HostileText_Escaped()
    {
        var published = PublishingSamples.Published();
        var hostile = published with
        {
            Indicators = [.. published.Indicators.Select((r, i) => i == 0 ? r with { Title = "<script>alert('x')</script> & \"co\"", Quote = "</blockquote><img src=x>" } : r)],
        };

        var html = Page(hostile);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameDashboardAnyCulture_SameBytes()
    {
        var published = PublishingSamples.Published();
        var first = DashboardHtml.Write(published, DefaultCatalogue);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");

            Assert.Equal(first, DashboardHtml.Write(PublishingSamples.Published(), DefaultCatalogue));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Write_TwoTargetsInAYear_BudgetsBesideTheLettersWithItsSource()
    {
        var removals = Compute("2009-12-31", [.. Months("eloignements_forces", "FR-MET", 2009, 2100, Range(1, 12)), .. Months("retours_aides", "FR-MET", 2009, 340, Range(1, 12))]);

        var card = Card(Page(removals), "eloignements");

        Assert.Contains("<div class=\"figure target other\"><span class=\"label\">Objectif (loi de finances 2009)</span><span class=\"value\">≥\u00A030\u202F000</span><span class=\"when\">au 31 décembre 2009 · 98\u00A0% · manqué</span>", card, StringComparison.Ordinal);
        Assert.Contains("<strong>Objectif (loi de finances 2009) fixé par\u202F:</strong> Sénat, rapport n° 587", card, StringComparison.Ordinal);
        Assert.Contains("s-achieved", card, StringComparison.Ordinal); // the letter's target sets the badge
    }

    /// <summary>A stock is December's, a flow the year's: « janvier 2009 – décembre 2009 » under the jobseekers read as a year's total.</summary>
    [Theory]
    [InlineData("demandeurs_emploi_etrangers_hors_ue", "personnes · décembre 2009</span>")]
    [InlineData("operations_travail_illegal", "opérations · janvier 2009 – décembre 2009</span>")]
    public void Write_StockOrFlow_SubtitleSaysWhatTheFigureCovers(string id, string when)
    {
        var dashboard = Compute("2009-12-31", [.. Months(id, "FR", 2009, 1000, Range(1, 12))]);

        var card = Card(Page(dashboard), id);

        Assert.Contains(when, card, StringComparison.Ordinal);
    }

    /// <summary>
    /// The count of départements over a year is the latest quarter's (13 in the demo), where the map of
    /// the délai shows the window's mean: the card says which quarter and names the départements counted,
    /// each with that quarter's délai, so that a préfet finds his own (red team, préfet).
    /// </summary>
    [Fact]
    public void Write_CountOfDepartementsOverAThreshold_SaysItsQuarterAndNamesThem()
    {
        const string delai = "delai_naturalisation";
        var dashboard = Compute("2009-06-30",
        [
            Weighted(delai, "2009-T1", "DEP-13", 14, 50), Weighted(delai, "2009-T2", "DEP-13", 12.7, 50), // mean 13,35
            Weighted(delai, "2009-T1", "DEP-75", 8, 100), Weighted(delai, "2009-T2", "DEP-75", 12.25, 100), // mean 10,1
            Weighted(delai, "2009-T1", "DEP-73", 20, 10), Weighted(delai, "2009-T2", "DEP-73", 11.2, 10), // mean 15,6: not counted
        ]);

        var card = Card(Page(dashboard), "departements_delai_naturalisation_sup_12_mois");

        Assert.Contains(">2</span><span class=\"when\">départements · 2ᵉ trimestre 2009</span>", card, StringComparison.Ordinal);
        Assert.Contains(MissionPipeline.Text.FrenchTypography.Apply("<strong>Départements comptés au 2ᵉ trimestre 2009 (plus de 12\u00A0mois à cette période) :</strong> Bouches-du-Rhône (12,7\u00A0mois) et Paris (12,3\u00A0mois)."), card, StringComparison.Ordinal);
    }

    /// <summary>There are no 28 081,7 removals: a count's projection is shown in whole units.</summary>
    [Fact]
    public void Write_ProjectionOfACount_InWholeUnits()
    {
        var removals = Compute("2009-07-31",
        [
            .. Months("eloignements_forces", "FR-MET", 2009, 2000, Range(1, 6)), .. Months("eloignements_forces", "FR-MET", 2009, 2001, [7]),
            .. Months("retours_aides", "FR-MET", 2009, 340, Range(1, 7)),
        ]);

        var card = Card(Page(removals), "eloignements");

        Assert.Equal(16_381 * 12 / 7.0, removals.Indicators.Single(i => i.Id.Value == "eloignements").Projection!.Value, 6);
        Assert.Contains("Projection linéaire sur l&#39;année\u202F: 28\u202F082 ", card, StringComparison.Ordinal);
        Assert.Contains("Attendu à ce jour\u202F: 15\u202F750 ", card, StringComparison.Ordinal);
    }

    /// <summary>
    /// The year's account: what is expected is the target itself and the projection is the figure, so
    /// neither is said again; the reference stays (red team, steering unit).
    /// </summary>
    [Fact]
    public void Write_YearEndAccount_NoExpectedNorProjectionRepeatingTheFigures()
    {
        var removals = Compute("2009-12-31",
        [
            .. Months("eloignements_forces", "FR-MET", 2009, 2000, Range(1, 12)),
            .. Months("retours_aides", "FR-MET", 2009, 340, Range(1, 12)),
        ]);

        var card = Card(Page(removals), "eloignements");

        var result = removals.Indicators.Single(i => i.Id.Value == "eloignements");
        Assert.Equal((result.Target!.Value, result.Actual), (result.ExpectedToDate, result.Projection));
        Assert.DoesNotContain("Attendu à ce jour", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Projection linéaire", card, StringComparison.Ordinal);
        Assert.Contains("12 périodes reçues", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StatusLegend_SaysWhatTheRulesDo()
    {
        var page = Page(Compute("2009-07-31", Months("retours_aides", "FR-MET", 2009, 340, Range(1, 7))));

        Assert.Contains("l&#39;objectif dans l&#39;intervalle de la prévision", page, StringComparison.Ordinal);
        Assert.DoesNotContain("À risque</span> : à moins de 5", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SeriesAcrossADefinitionChange_BreakMarkedOnTheLineAndSaid()
    {
        var catalogue = CatalogueWith(get => get("accords_gestion_concertee")["definitions"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [ { "to": "2009-12-31", "text": "accords signés", "source": { "reference": "Lettre de mission du 31 mars 2009" } },
              { "from": "2010-01-01", "text": "accords signés ou ratifiés", "source": { "reference": "Rapport au Parlement 2010" } } ]
            """));
        var series = new[] { "2009-06", "2009-09", "2009-12", "2010-03", "2010-06" }.Select((p, i) => Value("accords_gestion_concertee", p, "FR", 11 + i));
        var dashboard = Compute(catalogue, "2010-06-30", series);

        var card = Card(Encoding.UTF8.GetString(DashboardHtml.Write(dashboard, catalogue)), "accords_gestion_concertee");

        Assert.Single(Regex.Matches(card, "<line class=\"break\""));
        Assert.Contains("aria-label=\"Série\u202F: juin 2009\u202F: 11\u202F; septembre 2009\u202F: 12\u202F; décembre 2009\u202F: 13\u202F; rupture de série\u202F; mars 2010\u202F: 14\u202F; juin 2010\u202F: 15\"", card, StringComparison.Ordinal);
        Assert.Contains("Rupture de série\u202F:</strong> le 1ᵉʳ janvier 2010, la définition a changé\u202F: on comptait les accords signés, on compte désormais les accords signés ou ratifiés (Rapport au Parlement 2010).", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TypoMonth_CardFlagsTheUnusualValueWithTheUsualRange()
    {
        double[] steady = [124, 131, 118, 140, 127, 135, 122, 129, 141, 133, 126, 120];
        var observations = steady.Select((v, i) => Value("operations_travail_illegal", $"2009-{i + 1:D2}", "FR", v)).Append(Value("operations_travail_illegal", "2010-01", "FR", 1290));

        var card = Card(Page(Compute("2010-01-31", observations)), "operations_travail_illegal");

        Assert.Contains("<strong>Valeur inhabituelle\u202F:</strong> 1\u202F290 en janvier 2010 (France entière) contre 89 à 167 d&#39;habitude, à vérifier avant d&#39;y voir une nouvelle.</p>", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Écart entre chiffres", card, StringComparison.Ordinal);
    }

    /// <summary>An unusual value of another territory under a card showing France's figure says it is one of the detail's: « (Autriche) » alone was read as the card's own (red team, steering unit).</summary>
    [Fact]
    public void Write_UnusualValueOfAnotherTerritory_SaidToBeTheDetails()
    {
        double[] steady = [124, 131, 118, 140, 127, 135, 122, 129, 141, 133, 126, 120];
        var observations = steady.SelectMany((v, i) => new[] { Value("demandes_asile_ue", $"2009-{i + 1:D2}", "AT", v), Value("demandes_asile_ue", $"2009-{i + 1:D2}", "FR", v * 20) })
            .Append(Value("demandes_asile_ue", "2010-01", "AT", 1290)).Append(Value("demandes_asile_ue", "2010-01", "FR", 2600));

        var card = Card(Page(Compute("2010-01-31", observations)), "demandes_asile_ue");

        Assert.Contains("<strong>Valeur inhabituelle dans le détail par territoire, pas dans le chiffre affiché\u202F:</strong> 1\u202F290 en janvier 2010 (Autriche)", card, StringComparison.Ordinal);
    }

    /// <summary>
    /// A direction objective's card says what its status compared (it showed only the 2008 baseline,
    /// 22,2 %, beside « à risque » for 23,8 %, while the status compared INSEE's 23,4 % of 2008).
    /// </summary>
    [Fact]
    public void Write_DirectionObjective_CardShowsWhatTheStatusCompared()
    {
        const string id = "taux_chomage_etrangers_hors_ue";
        var dashboard = Compute("2009-12-31", [Value(id, "2009", "FR-MET", 0.238), Value(id, "2008", "FR-MET", 0.234)]);

        var card = Card(Page(dashboard), id);

        Assert.Contains("Comparé à l&#39;an passé (2008)\u202F: 23,4\u00A0%, évolution relative +1,7\u00A0%", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Référence 2008", card, StringComparison.Ordinal);
    }

    /// <summary>
    /// A change near the rule's ±2 % is written with the decimals that place it on its side: −1,952 %
    /// (« à risque ») and +2,010 % (« hors trajectoire » for a rate that should fall) both read « 2,0 % ».
    /// </summary>
    [Theory]
    [InlineData(0.2 * (1 - 0.01952), "−1,95\u00A0%", "at_risk")]
    [InlineData(0.2 * 1.0201, "+2,01\u00A0%", "off_track")]
    [InlineData(0.2 * 1.0201 * 1.5, "+53,0\u00A0%", "off_track")] // far from it: one decimal, as any rate
    [InlineData(0.204, "+2,0\u00A0%", "at_risk")] // 0.01999999999999988 in binary: 2 % to the rule, never « 2,000000 % »
    [InlineData(0.196, "−2,0\u00A0%", "at_risk")]
    public void Write_ChangeNearTheStableBand_WrittenOnItsSideOfIt(double value, string change, string status)
    {
        const string id = "taux_chomage_etrangers_hors_ue";
        var dashboard = Compute("2009-12-31", [Value(id, "2009", "FR-MET", value), Value(id, "2008", "FR-MET", 0.2)]);

        var card = Card(Page(dashboard), id);

        Assert.Equal(status, dashboard.Indicators.Single(i => i.Id.Value == id).Status.Code());
        Assert.Contains($"Comparé à l&#39;an passé (2008)\u202F: 20,0\u00A0%, évolution relative {change}", card, StringComparison.Ordinal);
    }

    /// <summary>A stock's reference is a figure at a day: « Référence au 31 décembre 2008 », as French says it (« Référence 31 décembre 2008 » read as a label).</summary>
    [Fact]
    public void Write_StockWithAReferenceDay_SaysAuBeforeTheDay()
    {
        const string id = "accords_gestion_concertee";
        var dashboard = Compute("2009-12-31", [Value(id, "2009-12-31", "FR", 13)]);

        var card = Card(Page(dashboard), id);

        Assert.Contains("Référence au 31 décembre 2008 (lettre de mission)\u202F: 10", card, StringComparison.Ordinal);
    }

    /// <summary>The printed report's title page lists the sections it has: a first snapshot has no changes to list, and its note promised them.</summary>
    [Fact]
    public void Write_TitlePageNote_ListsOnlyTheSectionsPrinted()
    {
        var withChanges = PublishingSamples.Published();
        var first = withChanges with { Changes = [] };

        var note = TitlePageNote().Match(Page(first)).Groups[1].Value;
        var noteWithChanges = TitlePageNote().Match(Page(withChanges)).Groups[1].Value;

        Assert.Equal("Tableau de bord de la lettre de mission du 31 mars 2009\u202F: une page par axe, puis les cartes par département et la fraîcheur des données de chaque organisme.", note);
        Assert.Equal("Tableau de bord de la lettre de mission du 31 mars 2009\u202F: une page par axe, puis les cartes par département, les évolutions depuis le tableau de bord du 31 mars 2009 et la fraîcheur des données de chaque organisme.", noteWithChanges);
    }

    [GeneratedRegex("<p class=\"print-only title-page-note\">(.*?)</p>")]
    private static partial Regex TitlePageNote();

    private static string Card(string page, string id) =>
        Cards().Matches(page).Select(m => m.Value).Single(c => c.Contains($"id=\"{id}\"", StringComparison.Ordinal));

    [GeneratedRegex("<article .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Cards();

    [GeneratedRegex("id=\"([a-z0-9_]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex("class=\"badge ")]
    private static partial Regex Badges();

    [GeneratedRegex("https?://[^\"' )]+")]
    private static partial Regex Urls();
}
