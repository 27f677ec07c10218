/**
 * "Why tools disagree": one universe's change failure rate and recovery time under each tool's
 * documented definition, as an HTML section and as text lines, with a sentence on what each
 * counts and where it is documented.
 *
 * @module
 */
import { humanDuration } from "../core/duration.ts";
import type { DefinitionScore } from "../metrics/definitions/score.ts";
import { markup } from "./escape_html.ts";
import { htmlTable, type ReportSection } from "./html.ts";
import { printable } from "./text_summary.ts";

function percent(rate: number | null): string {
  return rate === null ? "n/a" : `${Math.round(rate * 1000) / 10}%`;
}

/** "25% (explicitly linked incidents 1 / deploys 4)". */
function cfrText(score: DefinitionScore): string {
  return `${
    percent(score.cfr)
  } (${score.cfr_numerator_counts} ${score.cfr_numerator} / deploys ${score.cfr_denominator})`;
}

/**
 * The recovery figure in the tool's own unit: "0 h" for Four Keys' whole hours, "960 min (16 h)"
 * elsewhere, and how many incidents it covers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recoveryFigure } from "./definitions_section.ts";
 *
 * assert.equal(recoveryFigure({ recovery_minutes: 0, recovery_unit: "hours" }), "0 h");
 * assert.equal(recoveryFigure({ recovery_minutes: 960, recovery_unit: "minutes" }), "960 min (16 h)");
 * assert.equal(recoveryFigure({ recovery_minutes: 40, recovery_unit: "minutes" }), "40 min");
 * assert.equal(recoveryFigure({ recovery_minutes: null, recovery_unit: "minutes" }), "n/a");
 * ```
 */
export function recoveryFigure(
  score: Pick<DefinitionScore, "recovery_minutes" | "recovery_unit">,
): string {
  const minutes = score.recovery_minutes;
  if (minutes === null) return "n/a";
  if (score.recovery_unit === "hours") return `${Math.round((minutes / 60) * 100) / 100} h`;
  const shown = `${Math.round(minutes * 10) / 10} min`;
  return minutes >= 60 ? `${shown} (${humanDuration(minutes)})` : shown;
}

/** "960 min (16 h), 3 incidents". */
function recoveryText(score: DefinitionScore): string {
  return `${recoveryFigure(score)}, ${score.recovery_incidents} ${
    score.recovery_incidents === 1 ? "incident" : "incidents"
  }`;
}

/**
 * The section: a row per definition, then what each counts and its source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { definitionsOf } from "../pipeline/definitions.ts";
 * import { definitionsSection } from "./definitions_section.ts";
 *
 * const scores = definitionsOf(analyze({ kind: "synthetic", seed: 42, days: 14 }), ["dora", "gitlab"]);
 * const section = definitionsSection(scores);
 * assert.equal(section.id, "definitions");
 * assert.equal(section.body.html.split("<tr>").length - 1, 3);
 * assert.ok(section.body.html.includes("GitLab"));
 * ```
 */
export function definitionsSection(scores: readonly DefinitionScore[]): ReportSection {
  const table = htmlTable(
    ["definition", "change failure rate", "recovery", "recovery statistic"],
    scores.map((
      score,
    ) => [score.tool, cfrText(score), recoveryText(score), score.recovery_statistic]),
    { wide: true },
  );
  const notes = scores.map((score) =>
    markup`<li><strong>${score.tool}</strong> (${score.name}): ${score.counts} <em>Source:</em> ${score.source}.</li>`
  );
  return {
    id: "definitions",
    title: "Why tools disagree: the same events under each tool's definition",
    body: markup`<p>Every row scores the same deploys and incidents of this window; only the
rules differ.</p>${table}<ul class="note">${notes}</ul>`,
  };
}

/**
 * The table as aligned text lines for the terminal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { definitionsOf } from "../pipeline/definitions.ts";
 * import { definitionsLines } from "./definitions_section.ts";
 *
 * const scores = definitionsOf(analyze({ kind: "synthetic", seed: 42, days: 14 }), ["dora", "fourkeys"]);
 * const lines = definitionsLines(scores);
 * assert.equal(lines[0], "Why tools disagree (the same events, each tool's definition):");
 * assert.match(lines[1], /^   DORA \(2023 and later\)\s+CFR /);
 * assert.equal(lines.length, 3);
 * ```
 */
export function definitionsLines(scores: readonly DefinitionScore[]): string[] {
  const width = Math.max(...scores.map((score) => score.tool.length));
  const cfrWidth = Math.max(...scores.map((score) => cfrText(score).length));
  return [
    "Why tools disagree (the same events, each tool's definition):",
    ...scores.map((score) =>
      printable(
        `   ${score.tool.padEnd(width)}  CFR ${cfrText(score).padEnd(cfrWidth)}  recovery ${
          recoveryText(score)
        }, ${score.recovery_statistic}`,
      )
    ),
  ];
}
