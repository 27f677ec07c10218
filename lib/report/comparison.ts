/**
 * Universes side by side: a scorecard with one column per universe, and the deployments-per-day
 * and recovery charts of each, drawn on shared y scales so a taller bar means more deploys in
 * either picture. The page is as self-contained as the report (no script, no external URL).
 *
 * @module
 */
import { deploysPerDayData } from "../charts/deploys_per_day_data.ts";
import { recoveryData } from "../charts/recovery_data.ts";
import { deploysPerDayChart, deploysPerDayYRange } from "../charts/deploys_per_day.ts";
import { recoveryChart, recoveryYRange, sharedRecoveryY } from "../charts/recovery.ts";
import { mergeSharedY } from "../charts/svg.ts";
import { prefixIds } from "../charts/svg_ids.ts";
import { SIZES } from "../charts/theme.ts";
import type { Universe } from "../pipeline/universes.ts";
import { changesText } from "../pipeline/scenario_changes.ts";
import { markup, type SafeHtml } from "./escape_html.ts";
import { htmlTable, svgFigure } from "./html.ts";
import { htmlPage } from "./html_page.ts";
import { levelText, scorecard, UNVERIFIED_MARK, unverifiedNote } from "./scorecard.ts";

/** One chart of the comparison, to be written as its own file. */
export interface ComparisonChart {
  /** The file name, e.g. `compare_seed-7_recovery_time.svg`. */
  file: string;
  /** The standalone SVG, its ids prefixed with the universe's label. */
  svg: string;
}

/** The page may be wider than the report, so two charts fit side by side on a screen. */
const PAGE_STYLE = `
body { max-width: 400mm; }
.pair h3 { font-size: 11pt; margin: 0 0 1mm; }
`;

/**
 * Side by side only when each chart gets its full width (760 px): otherwise the universes stack,
 * one chart per row. Two charts squeezed into a 1280 px window would draw their text under 10 px,
 * too small to read in a classroom. Inline, so it also works in notebook outputs.
 */
const PAIR_LAYOUT =
  `display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, ${SIZES.width}px), 1fr)); gap: 6mm;`;

function fileSafe(label: string): string {
  return label.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/**
 * Rows: the five metrics; columns: one per universe, each value with its DORA level.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareUniverses, parseUniverses } from "../pipeline/universes.ts";
 * import { comparisonScorecardRows } from "./comparison.ts";
 * const universes = compareUniverses(parseUniverses("elite,low", { seed: 42, profile: "mixed" }), { days: 28 });
 * const rows = comparisonScorecardRows(universes);
 * assert.equal(rows.length, 5);
 * assert.ok(rows.every((row) => row.length === 3));
 * assert.equal(rows[0][0], "Deployment frequency");
 * ```
 */
export function comparisonScorecardRows(universes: readonly Universe[]): string[][] {
  const cards = universes.map((universe) => scorecard(universe.summary));
  return cards[0].map((row, index) => [
    row.metric,
    ...cards.map((card) => {
      const cell = card[index];
      return `${cell.display} — ${levelText(cell) ?? "no level"}`;
    }),
  ]);
}

/** The comparison's parts. */
export interface Comparison {
  /** The page's heading, naming the universes. */
  title: string;
  /** The scorecard and the charts, without a page around them. */
  body: SafeHtml;
  /** Two charts per universe: deploys per day and recovery time. */
  charts: ComparisonChart[];
}

/**
 * The comparison as a page (`html`), and its parts for other pages such as the notebook.
 *
 * @example Seeds 42 and 7: a scorecard column and two charts each, on a self-contained page
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { compareUniverses, parseUniverses } from "../pipeline/universes.ts";
 * import { renderComparison } from "./comparison.ts";
 * const universes = compareUniverses(parseUniverses("42,7", { seed: 42, profile: "mixed" }), { days: 14 });
 * const { html, charts, title } = renderComparison(universes, { document: new JSDOM("").window.document });
 * assert.equal(title, "Delivery universes side by side: seed 42 vs seed 7");
 * assert.deepEqual(charts.map((chart) => chart.file), [
 *   "compare_seed-42_deploys_per_day.svg",
 *   "compare_seed-42_recovery_time.svg",
 *   "compare_seed-7_deploys_per_day.svg",
 *   "compare_seed-7_recovery_time.svg",
 * ]);
 * assert.ok(html.includes('id="seed-7_deploys_per_day-title"') && !html.includes("<script"));
 * ```
 */
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
  return { ...comparison, html: htmlPage(comparison.title, page, { extraStyle: PAGE_STYLE }) };
}

/**
 * The scorecard and the charts of the universes, drawn on shared y scales.
 *
 * @example Both recovery charts get one y axis
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { compareUniverses, parseUniverses } from "../pipeline/universes.ts";
 * import { compareViews } from "./comparison.ts";
 * const universes = compareUniverses(parseUniverses("elite,low", { seed: 42, profile: "mixed" }), { days: 28 });
 * const { charts } = compareViews(universes, { document: new JSDOM("").window.document });
 * const axis = (svg: string) => svg.match(/aria-label="y-axis tick label".*?<\/g>/)?.[0].replace(/id="[^"]*"/g, "");
 * const [, eliteRecovery, , lowRecovery] = charts.map((chart) => chart.svg);
 * assert.ok(axis(eliteRecovery));
 * assert.equal(axis(eliteRecovery), axis(lowRecovery));
 * ```
 */
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
  const column = (
    title: string,
    { pick, id }: { pick: (d: typeof drawn[number]) => string; id: string },
  ) =>
    markup`<section><h2>${title}</h2><div class="pair" style="${PAIR_LAYOUT}">${
      drawn.map((d) =>
        markup`<div><h3>${d.universe.label}</h3>${
          svgFigure({ id: `${d.prefix}${id}`, title, svg: pick(d) })
        }</div>`
      )
    }</div></section>`;

  const title = `Delivery universes side by side: ${universes.map((u) => u.label).join(" vs ")}`;
  const scoreRows = comparisonScorecardRows(universes);
  const year = universes[0].summary.tiers.report_year;
  const doubted = scoreRows.some((row) => row.some((cell) => cell.endsWith(UNVERIFIED_MARK)))
    ? markup`<p class="note">${unverifiedNote(year)}.</p>`
    : "";
  const changed = universes.filter((u) => u.changes).map((u) =>
    markup`<p class="note">What the scenario changed in ${u.label}: ${changesText(u.changes!)}</p>`
  );
  const body = markup`<section id="scorecard"><h2>Scorecard</h2>${
    htmlTable(["metric", ...universes.map((u) => u.label)], scoreRows)
  }${doubted}${changed}</section>
${column("Deployments per day", { pick: (d) => d.perDay, id: "deploys_per_day" })}
${column("Recovery time per incident", { pick: (d) => d.recovery, id: "recovery_time" })}`;
  return {
    title,
    body,
    charts: drawn.flatMap((d) => [
      { file: `compare_${fileSafe(d.universe.label)}_deploys_per_day.svg`, svg: d.perDay },
      { file: `compare_${fileSafe(d.universe.label)}_recovery_time.svg`, svg: d.recovery },
    ]),
  };
}
