/**
 * GitLab's DORA metrics (`Dora::ChangeFailureRateMetric`, `Dora::TimeToRestoreServiceMetric`).
 *
 * - No link at all: change failure rate is incidents created ÷ deployments finished
 *   (`SUM(incidents_count) / GREATEST(SUM(deployment_frequency), 1)`), so it can exceed 100%.
 *   Without deploys this project reports null, as every ratio over nothing, where GitLab divides
 *   by 1.
 * - Time to restore service: for each day, the median of `closed_at − created_at` over the
 *   incidents closed that day (`PERCENTILE_CONT(0.5)`); over a period, the median of those daily
 *   medians. Open incidents count toward the rate, not toward time to restore. Days are the
 *   report zone's.
 *
 * @module
 */
import pl from "nodejs-polars";
import { withDayIndex } from "../../core/window.ts";
import { type Definition, resolvedInWindow, scalar } from "./definition.ts";

/**
 * GitLab's definition.
 *
 * @example Two closing days: the median of the daily medians
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../../pipeline/analysis.ts";
 * import { GITLAB } from "./gitlab.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const minute = 60_000;
 * const day = 1440 * minute;
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "a" },
 *   { timestamp: t + 10 * minute, type: "incident_resolved", id: "a" },
 *   { timestamp: t + minute, type: "incident_start", id: "b" },
 *   { timestamp: t + 31 * minute, type: "incident_resolved", id: "b" },
 *   { timestamp: t + day, type: "incident_start", id: "c" },
 *   { timestamp: t + day + 20 * minute, type: "incident_resolved", id: "c" },
 * ]);
 * const counts = GITLAB.score({ ...analysis, allDeploys: analysis.deploys });
 * // Day 1: median(10, 30) = 20; day 2: 20; the median of the daily medians is 20.
 * assert.deepEqual(counts, {
 *   cfr_numerator: 3,
 *   cfr_denominator: 0,
 *   recovery_minutes: 20,
 *   recovery_incidents: 3,
 * });
 * ```
 */
export const GITLAB: Definition = {
  name: "gitlab",
  tool: "GitLab",
  source: "docs.gitlab.com, user/analytics/dora_metrics (gitlabhq doc/user/analytics/" +
    "dora_metrics.md); ee/app/models/dora/change_failure_rate_metric.rb and " +
    "time_to_restore_service_metric.rb",
  counts: "Change failure rate: every incident opened, over deploys, with no link between them " +
    "(it can exceed 100%). Time to restore: for each day, the median open → close time of the " +
    "incidents closed that day; the period's figure is the median of those daily medians.",
  cfrNumerator: "incidents opened",
  recoveryStatistic: "median of daily medians (by day closed), minutes",
  recoveryUnit: "minutes",
  score({ deploys, incidents, window }) {
    const closed = withDayIndex(resolvedInWindow(incidents, window), window, {
      column: "resolved",
    });
    const daily = closed.groupBy("day").agg(
      pl.col("recovery_minutes").median().alias("daily_median"),
    );
    return {
      cfr_numerator: incidents.height,
      cfr_denominator: deploys.height,
      recovery_minutes: scalar(daily.select(pl.col("daily_median").median())),
      recovery_incidents: closed.height,
    };
  },
};
