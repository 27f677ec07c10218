/**
 * This project's contract (spec section 3), and DORA's own definition since 2023. Both count the
 * same failed deploys; they differ in which incidents the recovery figure covers.
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  type Definition,
  type DefinitionInputs,
  scalar,
  windowDeploysAmong,
} from "./definition.ts";

/** The window's deploys named as a cause, counted once each. */
function failedDeploys({ deploys, incidents }: DefinitionInputs): number {
  const causes = incidents.filter(pl.col("caused_by").isNotNull()).select(
    pl.col("caused_by").alias("id"),
  );
  return windowDeploysAmong(deploys, causes);
}

/** The median recovery time and the count of resolved incidents among `incidents`. */
function medianRecovery(incidents: pl.DataFrame) {
  const minutes = pl.col("recovery_minutes");
  const row = incidents.select(
    minutes.median().alias("median"),
    minutes.isNotNull().sum().cast(pl.Int64).alias("resolved"),
  );
  return {
    recovery_minutes: scalar(row.select("median")),
    recovery_incidents: Number(scalar(row.select("resolved")) ?? 0),
  };
}

const CAUSE_RULE = "its explicit deploy_id, else the latest deploy of the same service at or " +
  "before the start, within the attribution window (24 h by default)";

/**
 * This project's contract: the change failure rate counts distinct window deploys named as a
 * cause; recovery is the median over every resolved incident, whatever caused it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../../pipeline/analysis.ts";
 * import { PROJECT } from "./project.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const minute = 60_000;
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + minute, type: "incident_start", id: "i1", service: "db" },
 *   { timestamp: t + 11 * minute, type: "incident_resolved", id: "i1" },
 * ]);
 * const counts = PROJECT.score({ ...analysis, allDeploys: analysis.deploys });
 * assert.deepEqual(counts, {
 *   cfr_numerator: 0,
 *   cfr_denominator: 1,
 *   recovery_minutes: 10,
 *   recovery_incidents: 1,
 * });
 * ```
 */
export const PROJECT: Definition = {
  name: "project",
  tool: "this project (contract)",
  source: 'the events-and-metrics contract, section 3, and README "Metric definitions, as ' +
    'implemented"',
  counts: "Change failure rate: distinct deploys named as the cause of an incident (" +
    CAUSE_RULE + "), over all deploys. Recovery: the median of start → resolve over every " +
    "resolved incident, deploy-caused or not (DORA's pre-2023 time to restore service).",
  cfrNumerator: "deploys that caused an incident",
  recoveryStatistic: "median over all resolved incidents, minutes",
  recoveryUnit: "minutes",
  score(inputs) {
    return {
      cfr_numerator: failedDeploys(inputs),
      cfr_denominator: inputs.deploys.height,
      ...medianRecovery(inputs.incidents),
    };
  },
};

/**
 * DORA since 2023: failed deployment recovery time covers only the incidents a deploy caused.
 * DORA defines no linking rule, so the causes are this project's.
 *
 * @example An outage no deploy caused is left out of recovery
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../../pipeline/analysis.ts";
 * import { DORA } from "./project.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const minute = 60_000;
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + minute, type: "incident_start", id: "i1", service: "db" },
 *   { timestamp: t + 11 * minute, type: "incident_resolved", id: "i1" },
 * ]);
 * const counts = DORA.score({ ...analysis, allDeploys: analysis.deploys });
 * assert.deepEqual([counts.recovery_minutes, counts.recovery_incidents], [null, 0]);
 * ```
 */
export const DORA: Definition = {
  name: "dora",
  tool: "DORA (2023 and later)",
  source: "dora.dev: guides/dora-metrics (history.md: the 2023 rename; _index.md), survey " +
    "questions 2023 and 2024 (dora-team/dora.dev)",
  counts: "Failed deployment recovery time: the median of start → resolve over resolved " +
    "incidents a deploy caused; an outage no deploy caused is left out. Change failure rate: " +
    "deploys that caused a failure, over all deploys. DORA gives no linking rule, so the " +
    "causes are this project's (" + CAUSE_RULE + ").",
  cfrNumerator: "deploys that caused an incident",
  recoveryStatistic: "median over resolved deploy-caused incidents, minutes",
  recoveryUnit: "minutes",
  score(inputs) {
    return {
      cfr_numerator: failedDeploys(inputs),
      cfr_denominator: inputs.deploys.height,
      ...medianRecovery(inputs.incidents.filter(pl.col("caused_by").isNotNull())),
    };
  },
};
