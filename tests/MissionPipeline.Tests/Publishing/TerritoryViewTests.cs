using System.Text.Json;
using MissionPipeline.Catalogue;
using MissionPipeline.Geography;
using MissionPipeline.Indicators;
using MissionPipeline.Publishing;
using MissionPipeline.Text;
using static MissionPipeline.Tests.Indicators.Given;

namespace MissionPipeline.Tests.Publishing;

public sealed class TerritoryViewTests
{
    /// <summary>A territory as a reader names it, in French: a card said « 1 614 en juin 2010 (AT) ».</summary>
    [Theory]
    [InlineData("AT", "Autriche")]
    [InlineData("EL", "Grèce")]
    [InlineData("UK", "Royaume-Uni")]
    [InlineData("DEP-13", "Bouches-du-Rhône")]
    [InlineData("REG-11", "Île-de-France")]
    [InlineData("XK", "XK")]
    public void NameOf_Territory_ItsFrenchName(string code, string expected)
    {
        Assert.True(Territory.TryParse(code, out var territory));

        Assert.Equal(expected, TerritoryView.NameOf(territory));
    }

    private const string Arrests = "interpellations_aide_sejour";

    /// <summary>
    /// Removals count for France métropolitaine only: Guyane's page ranked its figure against that
    /// total and gave it a share of the metropolitan target. It has no share, and the page says the
    /// national figure is without it; a metropolitan département keeps its share.
    /// </summary>
    [Fact]
    public void Write_OverseasDepartementOfAMetropolitanIndicator_NoShareOfTheTargetAndSaidOutsideTheTotal()
    {
        var dashboard = SmallCountSuppression.Apply(Compute("2009-12-31",
        [
            .. Cells("eloignements_forces", "2009", "DEP-75=900 DEP-13=600 DEP-69=600 DEP-973=300"),
            .. Cells("retours_aides", "2009", "DEP-75=90 DEP-13=60 DEP-69=60 DEP-973=30"),
        ]), DefaultCatalogue);

        var guyane = View(dashboard, "DEP-973").GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "eloignements");
        var paris = View(dashboard, "DEP-75").GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "eloignements");
        Assert.True(Territory.TryParse("DEP-973", out var dep973));
        var page = System.Text.Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, dep973, DefaultCatalogue));

        Assert.Equal((JsonValueKind.Null, false, "FR-MET"), (guyane.GetProperty("shareOfTarget").ValueKind, guyane.GetProperty("countedInNational").GetBoolean(), guyane.GetProperty("nationalTerritory").GetString()));
        Assert.Equal((Math.Round(990d / 27000, 6), true), (Math.Round(paris.GetProperty("shareOfTarget").GetDouble(), 6), paris.GetProperty("countedInNational").GetBoolean()));
        Assert.Contains("France métropolitaine,<br>sans ce territoire", page, StringComparison.Ordinal);
    }

    /// <summary>Arrests by département in 2009, one of them below the small-count threshold (DEP-48: 2).</summary>
    private static Dashboard Published() => SmallCountSuppression.Apply(
        Compute("2009-12-31", Cells(Arrests, "2009", "FR=5000 DEP-75=900 DEP-13=600 DEP-69=600 DEP-48=2 DEP-2A=40")), DefaultCatalogue);

    private static JsonElement View(Dashboard dashboard, string code)
    {
        Assert.True(Territory.TryParse(code, out var territory));
        return JsonDocument.Parse(TerritoryView.Write(dashboard, territory, DefaultCatalogue)).RootElement.Clone();
    }

    private static JsonElement Arrest(JsonElement view) =>
        view.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == Arrests);

    [Theory]
    [InlineData("DEP-75", 900d, 1, 0.18)] // the largest; 900 of the 5 000 target
    [InlineData("DEP-13", 600d, 2, 0.12)] // ties share their rank
    [InlineData("DEP-69", 600d, 2, 0.12)]
    public void Write_Departement_ValueRankAmongPeersAndShareOfTheTarget(string code, double value, int rank, double share)
    {
        var arrests = Arrest(View(Published(), code));

        Assert.Equal((value, rank, share), (arrests.GetProperty("value").GetDouble(), arrests.GetProperty("rank").GetInt32(), arrests.GetProperty("shareOfTarget").GetDouble()));
        Assert.Equal(5000, arrests.GetProperty("national").GetDouble());
        Assert.Equal("FR", arrests.GetProperty("nationalTerritory").GetString());
    }

    /// <summary>Whose figures they are and how recent the files behind them, as the national dashboard says (red team, préfet: the view named neither).</summary>
    [Fact]
    public void Write_Departement_SaysTheSourceAgenciesAndTheLatestReceipt()
    {
        var dashboard = Published();
        var view = View(dashboard, "DEP-75");

        Assert.Equal(["dcpaf"], Arrest(view).GetProperty("agencies").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal([new AgencyId("dcpaf"), new AgencyId("ofii")], DefaultCatalogue.AgenciesOf(DefaultCatalogue.Indicators.Single(i => i.Id.Value == "eloignements"))); // derived: its inputs' agencies
        Assert.NotNull(dashboard.LatestReceipt);
        Assert.Equal(IsoInstant.Write(dashboard.LatestReceipt!.Value), view.GetProperty("latestReceipt").GetString());
    }

    /// <summary>
    /// Removals are counted for metropolitan France: a Guadeloupe page read its « France » column as
    /// the whole country's, though Guadeloupe is not in it. The view names the figure's territory.
    /// </summary>
    [Fact]
    public void Write_OverseasDepartementOfAMetropoleIndicator_NationalSaysItIsTheMetropoles()
    {
        var dashboard = Compute("2009-12-31", Cells("eloignements_forces", "2009", "FR-MET=14173 DEP-75=900 DEP-13=600 DEP-971=89"));
        var removals = View(dashboard, "DEP-971").GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "eloignements_forces");

        Assert.Equal((14173d, "FR-MET"), (removals.GetProperty("national").GetDouble(), removals.GetProperty("nationalTerritory").GetString()));
    }

    /// <summary>
    /// Ranks of a figure of France métropolitaine are among the départements it counts: Nord was
    /// « 1ᵉʳ sur 100 » for forced removals (Guyane among its peers) but « sur 96 » for all removals,
    /// and a real Guyane would have taken its first place. An overseas département gets no rank, and
    /// its page says why (red team, préfet).
    /// </summary>
    [Fact]
    public void Write_MetropolitanFigure_RankedAmongTheDepartementsItCounts()
    {
        var dashboard = Compute("2009-12-31", Cells("eloignements_forces", "2009", "FR-MET=1500 DEP-59=900 DEP-13=600 DEP-973=3000 DEP-974=600"));

        JsonElement Removals(string code) => View(dashboard, code).GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "eloignements_forces");
        Assert.True(Territory.TryParse("DEP-973", out var dep973));
        var page = System.Text.Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, dep973, DefaultCatalogue));

        Assert.Equal((1, 2, false), (Removals("DEP-59").GetProperty("rank").GetInt32(), Removals("DEP-59").GetProperty("peers").GetInt32(), Removals("DEP-59").GetProperty("tied").GetBoolean()));
        Assert.Equal((2, 2), (Removals("DEP-13").GetProperty("rank").GetInt32(), Removals("DEP-13").GetProperty("peers").GetInt32()));
        Assert.Equal((3000d, JsonValueKind.Null, 2, false), (Removals("DEP-973").GetProperty("value").GetDouble(), Removals("DEP-973").GetProperty("rank").ValueKind, Removals("DEP-973").GetProperty("peers").GetInt32(), Removals("DEP-973").GetProperty("tied").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, Removals("DEP-974").GetProperty("rank").ValueKind); // equal to Bouches-du-Rhône's, and no tie with it
        Assert.Contains("<td class=\"num\">hors champ</td>", page, StringComparison.Ordinal);
    }

    /// <summary>A code written as people write a territory is told what to write (red team, préfet: « 59 » and « nord » were told only the form).</summary>
    [Theory]
    [InlineData("59", "écrivez DEP-59 (Nord)")]
    [InlineData("nord", "écrivez DEP-59 (Nord)")]
    [InlineData(" Pas de calais ", "écrivez DEP-62 (Pas-de-Calais)")]
    [InlineData("2a", "écrivez DEP-2A (Corse-du-Sud)")]
    [InlineData("R31", "écrivez REG-31 (Nord-Pas-de-Calais)")]
    [InlineData("reg31", "écrivez REG-31 (Nord-Pas-de-Calais)")]
    [InlineData("nord-pas-de-calais", "écrivez REG-31 (Nord-Pas-de-Calais)")]
    [InlineData("062", "écrivez DEP-62 (Pas-de-Calais)")] // a zero before the number
    [InlineData("REG-031", "écrivez REG-31 (Nord-Pas-de-Calais)")]
    [InlineData("976", "Mayotte (976) n'est un département que depuis 2011")]
    [InlineData("Mayotte", "Mayotte (976) n'est un département que depuis 2011")]
    [InlineData("20", "la Corse s'écrit DEP-2A et DEP-2B")]
    [InlineData("corse", "écrivez REG-94 (Corse)")]
    [InlineData("R99", null)]
    [InlineData("Gotham", null)]
    public void Suggest_CodeAsPeopleWriteIt_WhatToWrite(string asked, string? expected)
    {
        Assert.Equal(expected, TerritoryView.Suggest(asked));
    }

    /// <summary>A well-formed code that names no territory of 2009 says what to write instead where the geography knows; the API and the command line say it in one sentence.</summary>
    [Theory]
    [InlineData("DEP-976", "« DEP-976 » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11) : Mayotte (976) n'est un département que depuis 2011.")] // not Corsica's rule too
    [InlineData("DEP-20", "« DEP-20 » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11) : la Corse s'écrit DEP-2A et DEP-2B.")]
    [InlineData("DEP-00", "« DEP-00 » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11) : la Corse s'écrit DEP-2A et DEP-2B, et Mayotte (976) n'est un département que depuis 2011.")]
    [InlineData("FR-MET", "« FR-MET » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11) : FR-MET (France métropolitaine) est un territoire national, dont les chiffres sont ceux du tableau de bord national (« actual » et « territories » de chaque indicateur).")]
    [InlineData("DEP-059", "« DEP-059 » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11) : écrivez DEP-59 (Nord), sans zéro devant le numéro.")]
    [InlineData("REG-99", "« REG-99 » n'est ni un département ni une région de 2009 (par exemple DEP-75, DEP-971, REG-11).")]
    public void NotOf2009_CodeOfNoTerritory_SaysWhatToWriteInstead(string code, string expected)
    {
        Assert.Equal(expected, TerritoryView.NotOf2009(code));
    }

    [Fact]
    public void Write_HiddenCell_StaysHiddenAndNoRankHintsAtIt()
    {
        var dashboard = Published();
        var hidden = dashboard.Indicators.Single(r => r.Id.Value == Arrests).Territories.Where(t => t.Value is null).Select(t => t.Territory.Code).ToArray();

        // Every view of every département, put together, shows no more than the national snapshot does.
        var shown = hidden.Select(code => Arrest(View(dashboard, code))).ToArray();
        var ranks = new[] { "DEP-75", "DEP-13", "DEP-69", "DEP-2A", "DEP-48" }.Except(hidden).Select(c => Arrest(View(dashboard, c)).GetProperty("rank").GetInt32()).Order().ToArray();

        Assert.Contains("DEP-48", hidden);
        Assert.All(shown, a => Assert.Equal(("s", JsonValueKind.Null, JsonValueKind.Null), (a.GetProperty("value").GetString(), a.GetProperty("rank").ValueKind, a.GetProperty("shareOfTarget").ValueKind)));
        Assert.All(shown, a => Assert.Equal(5 - hidden.Length, a.GetProperty("peers").GetInt32()));
        Assert.Equal([1, 2, 2, 4], ranks); // from the published values only: DEP-75, DEP-13 and DEP-69 tied, DEP-2A
    }

    [Fact]
    public void Write_Departement_NamedWithItsRegion()
    {
        var view = View(Published(), "DEP-75");

        Assert.Equal(("DEP-75", "Paris", "departement", "REG-11"), (view.GetProperty("territory").GetString(), view.GetProperty("name").GetString(), view.GetProperty("level").GetString(), view.GetProperty("region").GetString()));
        Assert.Equal("2009-12-31", view.GetProperty("asOf").GetString());
    }

    [Fact]
    public void Write_IndicatorNotPublishedAtThatLevel_Absent()
    {
        var view = View(Published(), "DEP-75");

        Assert.DoesNotContain(view.GetProperty("indicators").EnumerateArray(), i => i.GetProperty("id").GetString() == "demandes_asile");
        Assert.Contains(view.GetProperty("absent").EnumerateArray(), a => (a.GetProperty("id").GetString(), a.GetProperty("reason").GetString()) == ("demandes_asile", "not-at-this-level"));
    }

    /// <summary>A préfet looking for a figure his page does not show learns why (red team, préfet).</summary>
    [Theory]
    [InlineData("DEP-75", "demandes_asile", "not-at-this-level")] // OFPRA's figures are national
    [InlineData("REG-11", Arrests, "not-at-this-level")] // by département: the région's départements have it
    [InlineData("DEP-971", "eloignements_forces", "outside-national-scope")] // a figure of France métropolitaine
    [InlineData("REG-01", "eloignements_forces", "outside-national-scope")] // not « see its départements », whose page says the same
    [InlineData("DEP-971", "taux_chomage_etrangers_hors_ue", "outside-national-scope")] // of the métropole only: not « national only » for Guadeloupe
    [InlineData("REG-01", "demandes_asile", "not-at-this-level")] // France entière counts Guadeloupe
    [InlineData("DEP-75", "dilf_taux_reussite", "no-figure-at-this-level")] // by département in the catalogue, sent nationally only
    [InlineData("DEP-01", Arrests, "no-figure-here")] // other départements have one
    public void Absent_IndicatorWithoutALine_SaysWhy(string code, string id, string reason)
    {
        var dashboard = SmallCountSuppression.Apply(Compute("2009-12-31",
        [
            .. Cells(Arrests, "2009", "FR=5000 DEP-75=900 DEP-13=600 DEP-69=600"),
            .. Cells("eloignements_forces", "2009", "DEP-75=900 DEP-13=600"),
            .. Cells("demandes_asile", "2009", "FR=40000"),
            Ratio("dilf_taux_reussite", "2009-05", "FR", 55, 100),
        ]), DefaultCatalogue);

        var absent = View(dashboard, code).GetProperty("absent").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);

        Assert.Equal(reason, absent.GetProperty("reason").GetString());
        Assert.DoesNotContain(View(dashboard, code).GetProperty("indicators").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
    }

    /// <summary>Bouches-du-Rhône, Corse-du-Sud and Meurthe-et-Moselle all read « 10,0 », ranked 34ᵉ to 36ᵉ with no « ex aequo » (red team, préfet).</summary>
    [Theory]
    [InlineData("DEP-13", ">9,99</td>")]
    [InlineData("DEP-2A", ">10,04</td>")]
    [InlineData("DEP-54", ">10,01</td>")]
    [InlineData("DEP-75", ">15,00</td>")] // as the map writes it, whose classes need two decimals (it read 15 there, 15,00 on the map)
    public void Write_ValuesEqualOnceRounded_ShownWithTheDecimalsThatTellThemApart(string code, string shown)
    {
        const string delai = "delai_naturalisation";
        var dashboard = Compute("2009-03-31",
        [
            Weighted(delai, "2009-T1", "DEP-13", 9.99, 10), Weighted(delai, "2009-T1", "DEP-2A", 10.04, 10),
            Weighted(delai, "2009-T1", "DEP-54", 10.01, 10), Weighted(delai, "2009-T1", "DEP-75", 15, 10),
        ]);
        Assert.True(Territory.TryParse(code, out var territory));

        var page = System.Text.Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, territory, DefaultCatalogue));
        var map = System.Text.Encoding.UTF8.GetString(DashboardHtml.Write(dashboard, DefaultCatalogue));

        Assert.Contains(shown, page, StringComparison.Ordinal);
        // The map that links to the page writes the same figure (red team, préfet: Lozère 9,87 on the map, 9,9 on its page).
        Assert.Contains($"({territory.LocalCode})\u202F: {shown[1..^"</td>".Length]}</title>", map, StringComparison.Ordinal);
    }

    /// <summary>
    /// Each line says the periods of its figure: 300 at 30 June is January to June, the jobseekers June's;
    /// and the délai's line says whether the count of départements over a year counted this one, by the
    /// latest quarter's délai where the line shows the window's mean (red team, préfet: 10,0 shown, counted at 12,7).
    /// </summary>
    [Fact]
    public void Write_Departement_PeriodsOfEachFigureAndWhetherTheCountCountsIt()
    {
        const string delai = "delai_naturalisation";
        var dashboard = SmallCountSuppression.Apply(Compute("2009-06-30",
        [
            .. Months("eloignements_forces", "DEP-13", 2009, 60, Range(1, 6)),
            .. Months("demandeurs_emploi_etrangers_hors_ue", "DEP-13", 2009, 7000, Range(1, 6)),
            Weighted(delai, "2009-T1", "DEP-13", 7.3, 50), Weighted(delai, "2009-T2", "DEP-13", 12.7, 50), // mean 10
            Weighted(delai, "2009-T1", "DEP-75", 20, 10), Weighted(delai, "2009-T2", "DEP-75", 11, 10), // mean 15.5, not counted
            Weighted(delai, "2009-T1", "DEP-69", 13, 10), // nothing in T2
        ]), DefaultCatalogue);

        string Line(string code, string id) => View(dashboard, code).GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == id).ToString();

        var removals = JsonDocument.Parse(Line("DEP-13", "eloignements_forces")).RootElement;
        var jobseekers = JsonDocument.Parse(Line("DEP-13", "demandeurs_emploi_etrangers_hors_ue")).RootElement;
        Assert.Equal(("2009-01", "2009-06"), (removals.GetProperty("periodFrom").GetString(), removals.GetProperty("periodTo").GetString()));
        Assert.Equal(("2009-06", "2009-06"), (jobseekers.GetProperty("periodFrom").GetString(), jobseekers.GetProperty("periodTo").GetString()));
        Assert.Equal(JsonValueKind.Null, removals.GetProperty("countedBy").ValueKind);
        Assert.Equal(
            """{"indicator":"departements_delai_naturalisation_sup_12_mois","period":"2009-T2","threshold":12,"value":12.7,"counted":true}""",
            JsonSerializer.Serialize(JsonDocument.Parse(Line("DEP-13", delai)).RootElement.GetProperty("countedBy")));
        Assert.Equal((11d, false), (JsonDocument.Parse(Line("DEP-75", delai)).RootElement.GetProperty("countedBy").GetProperty("value").GetDouble(), JsonDocument.Parse(Line("DEP-75", delai)).RootElement.GetProperty("countedBy").GetProperty("counted").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(Line("DEP-69", delai)).RootElement.GetProperty("countedBy").GetProperty("value").ValueKind);

        Assert.True(Territory.TryParse("DEP-13", out var dep13));
        var page = System.Text.Encoding.UTF8.GetString(TerritoryHtml.Write(dashboard, dep13, DefaultCatalogue));
        Assert.Contains("<span class=\"periode\">janvier 2009 – juin 2009 · source\u202F: DCPAF</span>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"periode\">juin 2009 · source\u202F: Pôle emploi</span>", page, StringComparison.Ordinal);
        Assert.Contains(MissionPipeline.Text.FrenchTypography.Apply("Compté au 2ᵉ trimestre 2009 parmi les départements à plus de 12\u00A0mois : 12,7\u00A0mois à cette période ; 1 département compté en tout."), page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DEP-75", true)]
    [InlineData("DEP-2A", true)]
    [InlineData("REG-11", true)]
    [InlineData("DEP-20", false)] // Corsica was two départements in 2009
    [InlineData("REG-99", false)]
    [InlineData("FR", false)]
    [InlineData("DE", false)]
    public void Knows_Code_DepartementsAndRegionsOf2009Only(string code, bool known)
    {
        Assert.True(Territory.TryParse(code, out var territory));

        Assert.Equal(known, TerritoryView.Knows(territory));
    }
}
