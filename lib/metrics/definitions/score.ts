/**
 * One universe scored under several tools' definitions of change failure rate and recovery time:
 * the "why tools disagree" table.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Definition, DefinitionInputs } from "./definition.ts";
import { DORA, PROJECT } from "./project.ts";
import { FOUR_KEYS } from "./fourkeys.ts";
import { GITLAB } from "./gitlab.ts";
import { DEVLAKE } from "./devlake.ts";

/** Every definition, by the name `--definitions` takes, in the table's order. */
export const DEFINITIONS: Readonly<Record<string, Definition>> = {
  project: PROJECT,
  dora: DORA,
  fourkeys: FOUR_KEYS,
  gitlab: GITLAB,
  devlake: DEVLAKE,
};

/** The names of {@link DEFINITIONS}, in order. */
export const DEFINITION_NAMES: readonly string[] = Object.keys(DEFINITIONS);

/** One row of the table: a definition's numbers on the universe, with what it counts. */
export interface DefinitionScore {
  /** The name `--definitions` takes. */
  name: string;
  /** The tool or body. */
  tool: string;
  /** Where the definition is documented. */
  source: string;
  /** One sentence on what it counts. */
  counts: string;
  /** The change failure rate, `cfr_numerator / cfr_denominator`; null without deploys. */
  cfr: number | null;
  /** What the rate divides (see `cfr_numerator_counts`). */
  cfr_numerator: number;
  /** The window's deploys. */
  cfr_denominator: number;
  /** What the numerator counts, in words. */
  cfr_numerator_counts: string;
  /** The recovery figure in minutes (from the tool's own units); null when it covers nothing. */
  recovery_minutes: number | null;
  /** How many incidents the recovery figure covers. */
  recovery_incidents: number;
  /** How the recovery figure is summarized. */
  recovery_statistic: string;
  /** The unit the tool itself reports recovery in: `minutes` or (Four Keys) whole `hours`. */
  recovery_unit: "minutes" | "hours";
}

/**
 * Parses `dora,fourkeys,gitlab,devlake` (or `all`) into definition names, in the given order
 * without repeats. Throws a RangeError naming an unknown one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDefinitionNames } from "./score.ts";
 *
 * assert.deepEqual(parseDefinitionNames("dora, fourkeys,dora"), ["dora", "fourkeys"]);
 * assert.deepEqual(parseDefinitionNames("all"), ["project", "dora", "fourkeys", "gitlab", "devlake"]);
 * assert.throws(() => parseDefinitionNames("dora,jira"), /unknown definition "jira"/);
 * ```
 */
export function parseDefinitionNames(text: string): string[] {
  const names = text.split(",").map((name) => name.trim().toLowerCase()).filter((name) => name);
  if (names.length === 0) {
    throw new RangeError(`expected definition names, e.g. ${DEFINITION_NAMES.join(",")}`);
  }
  if (names.length === 1 && names[0] === "all") return [...DEFINITION_NAMES];
  for (const name of names) {
    if (!(name in DEFINITIONS)) {
      throw new RangeError(
        `unknown definition ${JSON.stringify(name)} (known: ${
          DEFINITION_NAMES.join(", ")
        }, or all)`,
      );
    }
  }
  return [...new Set(names)];
}

/**
 * Scores the inputs under each named definition, in the given order.
 *
 * @example The same two events, two definitions
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../../pipeline/analysis.ts";
 * import { scoreDefinitions } from "./score.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + 60_000, type: "incident_start", id: "i1", service: "api" },
 * ]);
 * const rows = scoreDefinitions({ ...analysis, allDeploys: analysis.deploys }, ["project", "fourkeys"]);
 * assert.deepEqual(rows.map((row) => [row.name, row.cfr]), [["project", 1], ["fourkeys", 0]]);
 * ```
 */
export function scoreDefinitions(
  inputs: DefinitionInputs,
  names: readonly string[] = DEFINITION_NAMES,
): DefinitionScore[] {
  return names.map((name) => {
    const definition = DEFINITIONS[name];
    if (!definition) throw new RangeError(`unknown definition ${JSON.stringify(name)}`);
    const counts = definition.score(inputs);
    return {
      name: definition.name,
      tool: definition.tool,
      source: definition.source,
      counts: definition.counts,
      cfr: counts.cfr_denominator > 0 ? counts.cfr_numerator / counts.cfr_denominator : null,
      cfr_numerator: counts.cfr_numerator,
      cfr_denominator: counts.cfr_denominator,
      cfr_numerator_counts: definition.cfrNumerator,
      recovery_minutes: counts.recovery_minutes,
      recovery_incidents: counts.recovery_incidents,
      recovery_statistic: definition.recoveryStatistic,
      recovery_unit: definition.recoveryUnit,
    };
  });
}

/**
 * The table as a DataFrame, one row per definition: `name`, `tool`, `cfr`, `cfr_numerator`,
 * `cfr_denominator`, `recovery_minutes`, `recovery_incidents`: the notebook's view.
 */
export function definitionsFrame(scores: readonly DefinitionScore[]): pl.DataFrame {
  return pl.DataFrame({
    name: pl.Series("name", scores.map((s) => s.name), pl.Utf8),
    tool: pl.Series("tool", scores.map((s) => s.tool), pl.Utf8),
    cfr: pl.Series("cfr", scores.map((s) => s.cfr), pl.Float64),
    cfr_numerator: pl.Series("cfr_numerator", scores.map((s) => s.cfr_numerator), pl.Int64),
    cfr_denominator: pl.Series("cfr_denominator", scores.map((s) => s.cfr_denominator), pl.Int64),
    recovery_minutes: pl.Series(
      "recovery_minutes",
      scores.map((s) => s.recovery_minutes),
      pl.Float64,
    ),
    recovery_incidents: pl.Series(
      "recovery_incidents",
      scores.map((s) => s.recovery_incidents),
      pl.Int64,
    ),
  });
}
