/**
 * Universes side by side: a scorecard with one column per universe, and the deployments-per-day
 * and recovery charts of each, drawn on shared y scales so a taller bar means more deploys in
 * either picture. The page is as self-contained as the report (no script, no external URL).
 *
 * @example
 * ```ts
 * import { JSDOM } from "jsdom";
 * import { compareUniverses, parseUniverses } from "../pipeline/universes.ts";
 * import { renderComparison } from "./comparison.ts";
 * const universes = compareUniverses(parseUniverses("42,7", { seed: 42, profile: "mixed" }), { days: 14 });
 * const { html, charts } = renderComparison(universes, { document: new JSDOM("").window.document });
 * console.assert(charts.length === 4 && html.includes("seed 7") && !html.includes("<script"));
 * ```
 * @module
 */
import { deploysPerDayData } from "../charts/deploys_per_day_data.ts";
import { recoveryData } from "../charts/recovery_data.ts";
import { deploysPerDayChart, deploysPerDayYRange } from "../charts/deploys_per_day.ts";
import { recoveryChart, recoveryYRange, sharedRecoveryY } from "../charts/recovery.ts";
import { mergeSharedY, prefixIds } from "../charts/svg.ts";
import type { Universe } from "../pipeline/universes.ts";
import { markup, type SafeHtml } from "./escape_html.ts";
import { htmlPage, htmlTable, svgFigure } from "./html.ts";
import { scorecard } from "./scorecard.ts";

export interface ComparisonChart {
  file: string;
  svg: string;
}

/** The page may be wider than the report, so two charts fit side by side on a screen. */
const PAGE_STYLE = `
body { max-width: 400mm; }
.pair h3 { font-size: 11pt; margin: 0 0 1mm; }
`;

/**
 * Columns at least 110 mm wide: side by side on a screen, stacked on A4 or Letter paper, where two
 * charts side by side would be too small to read. Inline, so it also works in notebook outputs.
 */
const PAIR_LAYOUT =
  "display: grid; grid-template-columns: repeat(auto-fit, minmax(110mm, 1fr)); gap: 6mm;";

function fileSafe(label: string): string {
  return label.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Rows: the five metrics; columns: one per universe, each value with its DORA level. */
export function comparisonScorecardRows(universes: readonly Universe[]): string[][] {
  const cards = universes.map((universe) => scorecard(universe.summary));
  return cards[0].map((row, index) => [
    row.metric,
    ...cards.map((card) => {
      const cell = card[index];
      return `${cell.display} — ${
        cell.tier ? `${cell.tier} (DORA ${cell.reportYear})` : "no level"
      }`;
    }),
  ]);
}

export interface Comparison {
  title: string;
  /** The scorecard and the charts, without a page around them. */
  body: SafeHtml;
  charts: ComparisonChart[];
}

/** The comparison as a page (`html`), and its parts for other pages such as the notebook. */
export function renderComparison(
  universes: readonly Universe[],
  options: { document: Document },
): Comparison & { html: string } {
  const comparison = compareViews(universes, options);
  const { window } = universes[0].summary;
  const page = markup`<header><h1>${comparison.title}</h1>
<p class="lead">${window.start} to ${window.end}, ${window.days} days (${window.timezone}); synthetic data.
Both pictures use the same y scale.</p></header>
${comparison.body}`;
  return { ...comparison, html: htmlPage(comparison.title, page, PAGE_STYLE) };
}

/** The scorecard and the charts of the universes, drawn on shared y scales. */
export function compareViews(
  universes: readonly Universe[],
  { document }: { document: Document },
): Comparison {
  const perDay = universes.map((u) =>
    deploysPerDayData(u.analysis, u.summary.deployment_frequency)
  );
  const recovery = universes.map((u) => recoveryData(u.analysis, u.summary.recovery));
  const perDayScale = mergeSharedY(perDay.map(deploysPerDayYRange));
  const recoveryScale = sharedRecoveryY(recovery.map(recoveryYRange));

  const drawn = universes.map((universe, index) => {
    const prefix = `${fileSafe(universe.label)}_`;
    return {
      universe,
      perDay: prefixIds(
        deploysPerDayChart(perDay[index], { document, sharedY: perDayScale }),
        prefix,
      ),
      recovery: prefixIds(
        recoveryChart(recovery[index], { document, sharedY: recoveryScale }),
        prefix,
      ),
      prefix,
    };
  });
  const column = (title: string, pick: (d: typeof drawn[number]) => string, id: string) =>
    markup`<section><h2>${title}</h2><div class="pair" style="${PAIR_LAYOUT}">${
      drawn.map((d) =>
        markup`<div><h3>${d.universe.label}</h3>${
          svgFigure({ id: `${d.prefix}${id}`, title, svg: pick(d) })
        }</div>`
      )
    }</div></section>`;

  const title = `Delivery universes side by side: ${universes.map((u) => u.label).join(" vs ")}`;
  const body = markup`<section id="scorecard"><h2>Scorecard</h2>${
    htmlTable(["metric", ...universes.map((u) => u.label)], comparisonScorecardRows(universes))
  }</section>
${column("Deployments per day", (d) => d.perDay, "deploys_per_day")}
${column("Recovery time per incident", (d) => d.recovery, "recovery_time")}`;
  return {
    title,
    body,
    charts: drawn.flatMap((d) => [
      { file: `compare_${fileSafe(d.universe.label)}_deploys_per_day.svg`, svg: d.perDay },
      { file: `compare_${fileSafe(d.universe.label)}_recovery_time.svg`, svg: d.recovery },
    ]),
  };
}
