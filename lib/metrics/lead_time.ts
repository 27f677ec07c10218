/**
 * Change lead time: for each deploy with a `commit_timestamp`, `deploy − commit` in minutes; the
 * summary is the median and the number of changes. (A negative lead time never gets here: the
 * row is rejected as bad input.)
 *
 * @module
 */
import pl from "nodejs-polars";
import { minutesBetween } from "../core/instants.ts";
import { aggregate } from "./aggregate.ts";

/** The change lead time of the window or of one service. */
export interface LeadTime {
  /** Deploys with a commit time. */
  changes: number;
  /** Median of `deploy − commit` in minutes; null without changes. */
  median_minutes: number | null;
}

/**
 * One row per deploy (of `deploys`, the window's) that has a commit time: `id`, `service`,
 * `commit_timestamp`, `timestamp` (the deploy) and `lead_minutes`, `deploy − commit` in minutes.
 * Deploys without a commit time are no change to time, so they are left out. A frame of lead times
 * gives itself back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { leadTimes } from "./lead_time.ts";
 *
 * const deploys = pl.DataFrame({
 *   id: ["d1", "d2"],
 *   service: ["api", "api"],
 *   timestamp: [new Date("2024-01-02T10:00:00Z"), new Date("2024-01-02T11:00:00Z")],
 *   commit_timestamp: [new Date("2024-01-01T10:00:00Z"), null],
 * });
 * assert.deepEqual(leadTimes(deploys).getColumn("lead_minutes").toArray(), [1440]);
 * ```
 */
export function leadTimes(deploys: pl.DataFrame): pl.DataFrame {
  return deploys
    .filter(pl.col("commit_timestamp").isNotNull())
    .select(
      "id",
      "service",
      "commit_timestamp",
      "timestamp",
      minutesBetween(pl.col("timestamp"), pl.col("commit_timestamp")).alias("lead_minutes"),
    );
}

/** How {@link leadTimeStats} groups. */
export interface LeadTimeOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the window total. */
  by?: readonly string[];
}

/**
 * One row per group: `changes` and `median_minutes` (null without changes).
 *
 * @example A deploy an hour after its commit, and one without a commit time
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { leadTimes, leadTimeStats } from "./lead_time.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const { deploys } = analyzeRecords([
 *   { timestamp: t, type: "deploy", commit_timestamp: t - 3_600_000 },
 *   { timestamp: t + 1, type: "deploy" },
 * ]);
 * const [row] = leadTimeStats(leadTimes(deploys)).toRecords();
 * assert.deepEqual(row, { changes: 1, median_minutes: 60 });
 * ```
 */
export function leadTimeStats(
  leadTimes: pl.DataFrame,
  { by = [] }: LeadTimeOptions = {},
): pl.DataFrame {
  return aggregate(leadTimes, [
    pl.len().cast(pl.Int64).alias("changes"),
    pl.col("lead_minutes").median().alias("median_minutes"),
  ], { by });
}
