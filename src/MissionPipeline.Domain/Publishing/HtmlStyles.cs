using MissionPipeline.Text;

namespace MissionPipeline.Publishing;

/// <summary>
/// The one style sheet of <c>dashboard.html</c>, inlined: system fonts only (no external resource),
/// status colours that keep white or dark text above a 4.5:1 contrast, the letter's sentence shown
/// over the card on hover or keyboard focus, and an A4 print layout for the end-of-year account (one
/// axis per page, cards never split, colours printed as on screen, every sentence of the letter shown).
/// </summary>
internal static class HtmlStyles
{
    public const string Css = """
        :root { --blue: #000091; --red: #c9191e; --ink: #161616; --muted: #4d4d4d; --line: #dddddd; --paper: #f6f6f6; }
        * { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        html { font-family: Marianne, Arial, "Helvetica Neue", "Liberation Sans", sans-serif; color: var(--ink); background: var(--paper); }
        body { margin: 0; font-size: 15px; line-height: 1.4; }
        .page { max-width: 1180px; margin: 0 auto; padding: 0 24px 32px; }
        .masthead { background: #fff; border-bottom: 4px solid var(--blue); }
        .masthead .page { display: flex; gap: 28px; align-items: flex-start; padding-top: 20px; padding-bottom: 18px; }
        .bloc-marque { flex: none; font-weight: 700; font-size: 13px; line-height: 1.15; text-transform: uppercase; letter-spacing: .02em; border-left: 0; }
        .bloc-marque::before { content: ""; display: block; width: 42px; height: 14px; margin-bottom: 6px;
          background: linear-gradient(90deg, var(--blue) 0 33.3%, #fff 33.3% 66.6%, #e1000f 66.6%); outline: 1px solid #ccc; }
        .titles { flex: 1; }
        h1 { margin: 0 0 4px; font-size: 26px; line-height: 1.2; color: var(--blue); }
        .subtitle { margin: 0; color: var(--muted); }
        .asof { margin: 8px 0 0; font-size: 17px; font-weight: 700; }
        .summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 18px 0 4px; padding: 0; list-style: none; }
        .summary li { display: flex; align-items: center; gap: 6px; font-size: 14px; }
        .summary .count { font-weight: 700; font-size: 18px; min-width: 1.4em; text-align: right; }
        .legend { margin: 10px 0 0; font-size: 12.5px; color: var(--muted); }
        .changes { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--blue); padding: 10px 16px; margin: 20px 0 0; }
        .changes h2 { font-size: 16px; margin: 0 0 6px; }
        .changes ul { margin: 0; padding-left: 18px; font-size: 13.5px; columns: 2; column-gap: 32px; }
        .changes li { break-inside: avoid; }
        .axis { margin-top: 28px; }
        .axis > h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--blue); color: var(--blue); }
        .axis-number { display: inline-block; background: var(--blue); color: #fff; font-size: 14px; padding: 2px 8px; margin-right: 8px; vertical-align: 2px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(440px, 100%), 1fr)); gap: 14px; }
        .card { position: relative; background: #fff; border: 1px solid var(--line); border-top: 4px solid var(--status); padding: 12px 14px 10px; }
        .card:focus { outline: 3px solid var(--blue); outline-offset: 2px; }
        .card-head { display: flex; justify-content: space-between; gap: 10px; align-items: flex-start; }
        .card h3 { margin: 0; font-size: 16px; line-height: 1.25; }
        .meta { margin: 3px 0 8px; font-size: 12px; color: var(--muted); }
        .meta code { font-size: 11.5px; }
        .badge { flex: none; display: inline-block; padding: 2px 8px; border: 1px solid var(--status); border-radius: 3px; font-size: 12.5px;
          font-weight: 700; white-space: nowrap; color: var(--status-ink); background: var(--status-bg); }
        .figures { display: flex; gap: 18px; align-items: flex-end; }
        .figure .label { display: block; font-size: 11.5px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
        .figure .value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .figure.target .value { font-size: 17px; color: var(--muted); }
        .figure .when { display: block; font-size: 12px; color: var(--muted); }
        .spark { margin: 0 0 0 auto; flex: none; }
        .spark .scale { display: flex; justify-content: space-between; gap: 6px; font-size: 0.7rem; color: #555; }
        .progress { display: flex; align-items: center; gap: 8px; margin: 8px 0 2px; }
        .bar { flex: 1; height: 10px; background: #e5e5e5; border: 1px solid #cecece; }
        .bar span { display: block; height: 100%; background: var(--status); }
        .pct { font-size: 13px; font-weight: 700; min-width: 3.6em; text-align: right; font-variant-numeric: tabular-nums; }
        .details, .note { margin: 6px 0 0; font-size: 12.5px; color: var(--muted); }
        .note { color: var(--ink); }
        .note strong { color: var(--ink); }
        .quote { display: none; position: absolute; z-index: 5; left: -1px; right: -1px; top: 100%; margin: 0; padding: 10px 14px;
          background: #fffdf3; border: 1px solid #c8b560; border-left: 4px solid #c8b560; box-shadow: 0 6px 14px rgba(0,0,0,.18); font-size: 13px; }
        .quote p { margin: 0; font-style: italic; }
        .quote footer { margin-top: 4px; font-size: 11.5px; color: var(--muted); }
        .card:hover .quote, .card:focus .quote, .card:focus-within .quote { display: block; }
        .freshness { margin-top: 32px; }
        .freshness h2 { font-size: 20px; color: var(--blue); border-bottom: 2px solid var(--blue); padding-bottom: 6px; }
        table { width: 100%; border-collapse: collapse; background: #fff; font-size: 13px; }
        th, td { text-align: left; vertical-align: top; padding: 6px 8px; border: 1px solid var(--line); }
        th { background: #eef0f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.territory tbody th { background: #fff; font-weight: 600; }
        table.territory .portee { font-size: 11px; color: var(--muted); white-space: nowrap; }
        table.territory .periode, table.territory .compte { display: block; font-size: 11.5px; font-weight: 400; color: var(--muted); }
        .territory-absent ul { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
        .territory-absent li { margin: 4px 0; }
        td ul { margin: 0; padding-left: 16px; }
        .ok { color: #18753c; font-weight: 700; }
        .late { color: #a4161a; font-weight: 700; }
        .colophon { margin-top: 24px; font-size: 12px; color: var(--muted); }
        .s-achieved { --status: #18753c; --status-ink: #ffffff; --status-bg: #18753c; }
        .s-on_track { --status: #18753c; --status-ink: #0f5a2c; --status-bg: #dff3e6; }
        .s-at_risk { --status: #b36b00; --status-ink: #6e4100; --status-bg: #fff1d6; }
        .s-off_track { --status: #ce0500; --status-ink: #9a1114; --status-bg: #fde8e8; }
        .s-missed { --status: #ce0500; --status-ink: #ffffff; --status-bg: #ce0500; }
        .s-no_data { --status: #929292; --status-ink: #3a3a3a; --status-bg: #eeeeee; }
        .s-unassessed { --status: #7a7a9a; --status-ink: #34344a; --status-bg: #ececf4; }
        .s-context { --status: #6a6af4; --status-ink: #000091; --status-bg: #e8edff; }
        .card .badge, .summary .badge { color: var(--status-ink); }
        .etat { max-width: 1180px; margin: 12px auto 0; padding: 10px 16px; border-left: 6px solid; font-size: 15px; }
        .masthead .etat { max-width: none; margin: 14px 0 0; }
        .etat-projet { background: #ffe9e6; border-color: #ce0500; color: #3a0000; }
        .etat-projet .option { white-space: nowrap; }
        .etat-valide { background: #e6f4ea; border-color: #18753c; color: #0c3b1e; }
        body.projet::before { content: "PROJET NON VALIDÉ"; position: fixed; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-30deg); font-size: 72px; font-weight: 800; letter-spacing: 4px; color: rgba(206, 5, 0, 0.13); pointer-events: none; z-index: 10; }
        .print-only { display: none; }
        @media screen and (max-width: 640px) {
          .page { padding: 0 12px 24px; }
          .masthead .page { flex-direction: column; gap: 10px; }
          h1 { font-size: 21px; }
          .changes ul { columns: 1; }
          .card-head, .figures { flex-wrap: wrap; }
          .spark { margin-left: 0; }
          table { display: block; overflow-x: auto; }
        }
        @page { size: A4 portrait; margin: 12mm 11mm 14mm; }
        @media print {
          html { background: #fff; }
          body { font-size: 9.5pt; }
          .page { max-width: none; padding: 0; }
          .masthead { border-bottom-width: 3px; }
          .print-only { display: block; }
          .screen-only { display: none; }
          .masthead { border-bottom: 0; break-after: page; min-height: 250mm; display: flex; flex-direction: column; justify-content: center; }
          .masthead .page { display: block; }
          .masthead h1 { font-size: 26pt; margin-bottom: 10pt; }
          .masthead .subtitle { font-size: 13pt; }
          .masthead .asof { font-size: 15pt; margin-top: 18pt; }
          .masthead .summary { margin-top: 24pt; }
          .masthead .etat { margin: 24pt 0 0; font-size: 12pt; }
          .title-page-note { margin-top: 30pt; font-size: 10pt; color: var(--muted); }
          .changes.print-only { break-before: page; }
          .changes.account + .changes.print-only { break-before: auto; }
          .changes ul { columns: 1; }
          .axis { break-before: page; margin-top: 0; }
          .freshness { break-before: page; }
          /* A territory's page is a few tables, no account: no title page, no axis alone on a sheet. */
          .masthead.territory-head { break-after: auto; min-height: 0; display: block; padding-bottom: 8pt; }
          .masthead.territory-head h1 { font-size: 20pt; margin-bottom: 4pt; }
          .masthead.territory-head .asof { font-size: 11pt; margin-top: 6pt; }
          .axis.territory-axis { break-before: auto; margin-top: 14pt; }
          .axis.territory-axis > h2 { break-after: avoid; }
          .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
          .card { break-inside: avoid; padding: 8px 10px; }
          .card h3 { font-size: 11pt; }
          .figure .value { font-size: 13pt; }
          .figure.target .value { font-size: 11pt; }
          .figures { gap: 10px; }
          .spark-line { width: 118px; height: 31px; }
          .meta, .details, .note { font-size: 8pt; }
          .quote { display: block; position: static; box-shadow: none; margin-top: 6px; padding: 4px 8px; font-size: 8.5pt; background: #fffdf3; }
          .card:focus { outline: none; }
          tr { break-inside: avoid; }
        }
        """;

    /// <summary>
    /// The running head of a printed page (CSS page-margin boxes): <paramref name="head"/> at the top
    /// of every sheet, « page 3 sur 14 » at its foot: a sheet taken out of the account still says what
    /// it is and where it sits. The first sheet has no head (its heading says it) and, when it is a
    /// <paramref name="titlePage"/> (the national account's), no number either; a territory's first
    /// sheet, which holds figures, keeps « page 1 sur 2 » (red team, préfet: a sheet 1 photocopied alone
    /// gave no hint of a second).
    /// </summary>
    public static string RunningHead(string head, bool titlePage) => $$"""
        @page { @top-left { content: "{{CssString(FrenchTypography.Apply(head))}}"; font: 7.5pt Marianne, Arial, "Liberation Sans", sans-serif; color: #4d4d4d; }
                @bottom-right { content: "page " counter(page) " sur " counter(pages); font: 7.5pt Marianne, Arial, "Liberation Sans", sans-serif; color: #4d4d4d; } }
        @page :first { @top-left { content: none; }{{(titlePage ? " @bottom-right { content: none; }" : string.Empty)}} }
        """;

    /// <summary>Text inside a CSS string: its quotes and backslashes escaped, nothing that could close the style element.</summary>
    private static string CssString(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("<", "\\3C ", StringComparison.Ordinal);
}
