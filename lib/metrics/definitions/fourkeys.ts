/**
 * Google's Four Keys (`dora-team/fourkeys`), as its dashboard computes it.
 *
 * - Links are explicit only: an incident's `root cause: <sha>` must match a change a deployment
 *   shipped. Here that is the incident's `deploy_id` (one change per deploy); nothing is inferred.
 * - Change failure rate, the newer dashboard's formula: `SUM(IF(incident_id IS NULL, 0, 1)) /
 *   COUNT(DISTINCT deploy_id)` over deployments joined to incidents, so each linked incident adds
 *   one (two incidents on one deploy count twice).
 * - Time to restore covers every incident: `PERCENTILE_CONT(TIMESTAMP_DIFF(time_resolved,
 *   time_created, HOUR), 0.5)`, whole hours (truncated), where `time_created` is the earlier of
 *   the linked deploy and the incident's start, and must fall in the period. Open incidents have
 *   no difference and are skipped.
 *
 * @module
 */
import pl from "nodejs-polars";
import { elapsedMicros, HOUR_US, instantAt, wholeUnits } from "../../core/instants.ts";
import { type Definition, scalar } from "./definition.ts";

/**
 * Four Keys' definition.
 *
 * @example A 59-minute incident is 0 whole hours
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../../pipeline/analysis.ts";
 * import { FOUR_KEYS } from "./fourkeys.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const minute = 60_000;
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + minute, type: "incident_start", id: "i1", service: "api" },
 *   { timestamp: t + 60 * minute, type: "incident_resolved", id: "i1" },
 * ]);
 * const counts = FOUR_KEYS.score({ ...analysis, allDeploys: analysis.deploys });
 * assert.deepEqual(counts, {
 *   cfr_numerator: 0,
 *   cfr_denominator: 1,
 *   recovery_minutes: 0,
 *   recovery_incidents: 1,
 * });
 * ```
 */
export const FOUR_KEYS: Definition = {
  name: "fourkeys",
  tool: "Google Four Keys",
  source: "github.com/dora-team/fourkeys: queries/incidents.sql, queries/deployments.sql, " +
    "dashboard/fourkeys_dashboard.json (Change Failure Rate and Time to Restore panels), METRICS.md",
  counts: "Change failure rate: incidents explicitly linked to a deploy (a root-cause commit; " +
    "here deploy_id), over deploys; nothing is inferred, and two incidents on one deploy count " +
    "twice. Time to restore: every resolved incident, from the earlier of its linked deploy " +
    "and its start, in whole hours (truncated); the median.",
  cfrNumerator: "explicitly linked incidents",
  recoveryStatistic: "median of whole hours (PERCENTILE_CONT)",
  recoveryUnit: "hours",
  score({ deploys, allDeploys, incidents, window }) {
    const linked = incidents.filter(pl.col("deploy_id").isNotNull())
      .select(pl.col("deploy_id").alias("id"));
    const linkedRows = linked.join(deploys.select("id"), { on: "id", how: "inner" }).height;

    const deployTimes = allDeploys.groupBy("id").agg(pl.col("timestamp").min().alias("link_at"));
    const created = incidents.filter(pl.col("resolved").isNotNull())
      .join(deployTimes, { leftOn: "deploy_id", rightOn: "id", how: "left" })
      .withColumns(
        pl.when(pl.col("link_at").isNotNull().and(pl.col("link_at").lt(pl.col("start"))))
          .then(pl.col("link_at")).otherwise(pl.col("start")).alias("created"),
      )
      .filter(pl.col("created").gtEq(instantAt(window.startMs)));
    const hours = created.select(
      wholeUnits(elapsedMicros(pl.col("resolved"), pl.col("created")), HOUR_US).alias("hours"),
    );
    const medianHours = scalar(hours.select(pl.col("hours").median()));
    return {
      cfr_numerator: linkedRows,
      cfr_denominator: deploys.height,
      recovery_minutes: medianHours === null ? null : medianHours * 60,
      recovery_incidents: hours.height,
    };
  },
};
