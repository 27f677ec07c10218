/**
 * Apache DevLake's DORA plugin.
 *
 * - Linking by time only: each incident goes to the last successful production deployment of
 *   the project (any service, no time limit) finished at or before the incident was created
 *   (`incident_deploy_connector.go`). An explicit link is ignored.
 * - Change failure rate: deployments with at least one linked incident ÷ deployments.
 * - Failed deployment recovery time: from the linked deployment's finish to the incident's
 *   resolution, `TIMESTAMPDIFF(MINUTE, …)` (whole minutes, truncated), over incidents resolved in
 *   the period; "median" is the largest value whose `percent_rank()` is at most 0.5, the lower
 *   median.
 *
 * The whole file is one DevLake project here; with one project per service, linking would be per
 * service.
 *
 * @module
 */
import pl from "nodejs-polars";
import { elapsedMicros, MINUTE_US, wholeUnits } from "../../core/instants.ts";
import { sortedByTime } from "../aggregate.ts";
import { type Definition, resolvedInWindow, scalar, windowDeploysAmong } from "./definition.ts";

/**
 * The incidents with `linked` (the deploy's id) and `linked_at`: the last deploy of any service
 * at or before each start.
 */
export function devlakeLinks(incidents: pl.DataFrame, allDeploys: pl.DataFrame): pl.DataFrame {
  const candidates = sortedByTime(allDeploys).select(
    pl.col("timestamp").alias("linked_at"),
    pl.col("id").alias("linked"),
  );
  if (incidents.height === 0 || candidates.height === 0) {
    return incidents.withColumns(
      pl.lit(null).cast(pl.Utf8).alias("linked"),
      pl.lit(null).cast(incidents.getColumn("start").dtype).alias("linked_at"),
    );
  }
  return incidents.sort("start").joinAsof(candidates, {
    leftOn: "start",
    rightOn: "linked_at",
    strategy: "backward",
    checkSortedness: false,
  });
}

/**
 * DevLake's definition.
 *
 * @example Recovery runs from the deploy's finish, not from the incident's start
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../../pipeline/analysis.ts";
 * import { DEVLAKE } from "./devlake.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const minute = 60_000;
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "web" },
 *   { timestamp: t + 20 * minute, type: "incident_start", id: "i1", service: "db" },
 *   { timestamp: t + 60 * minute, type: "incident_resolved", id: "i1" },
 * ]);
 * const counts = DEVLAKE.score({ ...analysis, allDeploys: analysis.deploys });
 * assert.deepEqual(counts, {
 *   cfr_numerator: 1,
 *   cfr_denominator: 1,
 *   recovery_minutes: 60,
 *   recovery_incidents: 1,
 * });
 * ```
 */
export const DEVLAKE: Definition = {
  name: "devlake",
  tool: "Apache DevLake",
  source: "devlake.apache.org/docs/Metrics/CFR and /docs/Metrics/FailedDeploymentRecoveryTime " +
    "(apache/incubator-devlake-website); backend/plugins/dora/tasks/" +
    "incident_deploy_connector.go (apache/incubator-devlake)",
  counts: "Links every incident to the last deploy of any service before it started, ignoring " +
    "explicit links. Change failure rate: deploys with a linked incident, over deploys. " +
    "Recovery: from the deploy's finish to the incident's resolution, whole minutes, the lower " +
    "median.",
  cfrNumerator: "deploys with a time-linked incident",
  recoveryStatistic: "lower median of whole minutes from deploy to resolution",
  recoveryUnit: "minutes",
  score({ deploys, allDeploys, incidents, window }) {
    const links = devlakeLinks(incidents, allDeploys);
    const linkedIds = links.filter(pl.col("linked").isNotNull()).select(
      pl.col("linked").alias("id"),
    );
    const recovered = resolvedInWindow(links.filter(pl.col("linked").isNotNull()), window)
      .select(
        wholeUnits(elapsedMicros(pl.col("resolved"), pl.col("linked_at")), MINUTE_US).alias(
          "minutes",
        ),
      );
    return {
      cfr_numerator: windowDeploysAmong(deploys, linkedIds),
      cfr_denominator: deploys.height,
      recovery_minutes: scalar(recovered.select(pl.col("minutes").quantile(0.5, "lower"))),
      recovery_incidents: recovered.height,
    };
  },
};
