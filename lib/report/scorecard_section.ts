/**
 * The scorecard as an HTML section for the report, the handout and the notebook: the five DORA
 * metrics with value, unit and level, the report year beside every level, and the table's source.
 *
 * @module
 */
import { markup } from "./escape_html.ts";
import type { ReportSection } from "./html.ts";
import { htmlTable } from "./html.ts";
import { levelText, scorecard, unverifiedNote } from "./scorecard.ts";
import type { Summary } from "../pipeline/summary.ts";

/**
 * The scorecard section: a row per metric and a note naming the levels' source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { scorecardSection } from "./scorecard_section.ts";
 * const section = scorecardSection(summarize(analyze({ kind: "synthetic", seed: 42, days: 14 })));
 * assert.equal(section.id, "scorecard");
 * assert.equal(section.title, "Scorecard: DORA 2023 performance levels");
 * assert.equal(section.body.html.split("<tr>").length - 1, 6);
 * assert.ok(section.body.html.includes("Elite (DORA 2023)"));
 * ```
 */
export function scorecardSection(summary: Summary): ReportSection {
  const card = scorecard(summary);
  const rows = card.map((row) => [
    row.metric,
    row.coverage ? markup`${row.display}<br><small>${row.coverage}</small>` : row.display,
    row.unit,
    levelText(row) ?? `– (${row.note ?? "no level"})`,
  ]);
  const table = htmlTable(["metric", "value", "unit", "performance level"], rows);
  const doubted = card.some((row) => row.unverified)
    ? markup` ${unverifiedNote(summary.tiers.report_year)}.`
    : "";
  return {
    id: "scorecard",
    title: `Scorecard: DORA ${summary.tiers.report_year} performance levels`,
    body:
      markup`${table}<p class="note">Levels from ${summary.tiers.source}. ${summary.tiers.verification}${doubted}
Measured values outside every range of the table take the nearest level; the change failure rate
takes the level whose rate is nearest.</p>`,
  };
}
