/**
 * The "why tools disagree" table of an analysis: its change failure rate and recovery time under
 * each named tool's definition (see `lib/metrics/definitions/`).
 *
 * @module
 */
import type { Analysis } from "./analysis.ts";
import {
  DEFINITION_NAMES,
  type DefinitionScore,
  scoreDefinitions,
} from "../metrics/definitions/score.ts";

/**
 * Scores an analysis under each named definition (default: all of them), in order.
 *
 * @example Seed 42 scored five ways: every definition sees the same deploys
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "./analysis.ts";
 * import { definitionsOf } from "./definitions.ts";
 *
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const rows = definitionsOf(analysis);
 * assert.deepEqual(rows.map((row) => row.name), ["project", "dora", "fourkeys", "gitlab", "devlake"]);
 * assert.ok(rows.every((row) => row.cfr_denominator === analysis.deploys.height));
 * ```
 */
export function definitionsOf(
  analysis: Analysis,
  names: readonly string[] = DEFINITION_NAMES,
): DefinitionScore[] {
  return scoreDefinitions({
    deploys: analysis.deploys,
    allDeploys: analysis.allDeploys,
    incidents: analysis.incidents,
    window: analysis.window,
  }, names);
}
