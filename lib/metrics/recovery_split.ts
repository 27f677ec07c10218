/**
 * Recovery, split the way DORA split it in 2023:
 *
 * - **Failed deployment recovery time** (DORA's metric since 2023): recovery time over the
 *   incidents a deploy caused, that is those with a cause (`caused_by`: an explicit `deploy_id`,
 *   or the inferred latest deploy of the service). DORA renamed "time to restore service" exactly
 *   to leave out failures that no change caused, such as a data-centre outage.
 * - **Time to restore service** (the name before 2023): the same measure over all incidents. It is
 *   the contract's `recovery`.
 *
 * Both are `resolved − start` in minutes, summarized as mean and median over resolved incidents,
 * with the open ones counted and left out.
 *
 * @module
 */
import pl from "nodejs-polars";
import { recoveryStats } from "./recovery.ts";

/** What {@link failedDeploymentRecoveryFrame} groups by. */
export interface RecoverySplitOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the window total. */
  by?: readonly string[];
}

/**
 * The incidents a deploy caused: those with a `caused_by` (explicit or inferred).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { deployCausedIncidents } from "./recovery_split.ts";
 *
 * const incidents = pl.DataFrame({ id: ["i1", "i2"], caused_by: ["d1", null] });
 * assert.deepEqual(deployCausedIncidents(incidents).getColumn("id").toArray(), ["i1"]);
 * ```
 */
export function deployCausedIncidents(incidents: pl.DataFrame): pl.DataFrame {
  return incidents.filter(pl.col("caused_by").isNotNull());
}

/**
 * Failed deployment recovery time: {@link recoveryStats} over the deploy-caused incidents only.
 * One row per group: `incidents`, `resolved`, `unresolved`, `mean_minutes`, `median_minutes`.
 *
 * @example An outage no deploy caused is left out
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { failedDeploymentRecoveryFrame } from "./recovery_split.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const minute = 60_000;
 * const { incidents } = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + 10 * minute, type: "incident_start", id: "i1", service: "api" },
 *   { timestamp: t + 100 * minute, type: "incident_resolved", id: "i1" },
 *   { timestamp: t + 20 * minute, type: "incident_start", id: "i2", service: "db" },
 *   { timestamp: t + 25 * minute, type: "incident_resolved", id: "i2" },
 * ]);
 * const [row] = failedDeploymentRecoveryFrame(incidents).toRecords();
 * assert.deepEqual(row, {
 *   incidents: 1,
 *   resolved: 1,
 *   unresolved: 0,
 *   mean_minutes: 90,
 *   median_minutes: 90,
 * });
 * ```
 */
export function failedDeploymentRecoveryFrame(
  incidents: pl.DataFrame,
  { by = [] }: RecoverySplitOptions = {},
): pl.DataFrame {
  return recoveryStats(deployCausedIncidents(incidents), { by });
}
