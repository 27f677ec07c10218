/**
 * Change lead time: for each deploy with a `commit_timestamp`, `deploy − commit` in minutes; the
 * summary is the median and the number of changes. (A negative lead time never gets here: the
 * row is rejected as bad input.)
 *
 * @module
 */
import pl from "nodejs-polars";
import { aggregate } from "./aggregate.ts";

/** The change lead time of the window or of one service. */
export interface LeadTime {
  /** Deploys with a commit time. */
  changes: number;
  /** Median of `deploy − commit` in minutes; null without changes. */
  median_minutes: number | null;
}

/** One row per deploy (of `deploys`, the window's) that has a commit time: `id`, `service`, `timestamp`, `lead_minutes`. */
export function leadTimesFrame(deploys: pl.DataFrame): pl.DataFrame {
  return deploys
    .filter(pl.col("commit_timestamp").isNotNull())
    .select(
      "id",
      "service",
      "timestamp",
      pl.col("timestamp").sub(pl.col("commit_timestamp")).cast(pl.Int64).cast(pl.Float64).div(
        60_000,
      )
        .alias("lead_minutes"),
    );
}

/**
 * One row per group: `changes` and `median_minutes` (null without changes).
 *
 * @example A deploy an hour after its commit, and one without a commit time
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { leadTimeFrame, leadTimesFrame } from "./lead_time.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const { deploys } = analyzeRecords([
 *   { timestamp: t, type: "deploy", commit_timestamp: t - 3_600_000 },
 *   { timestamp: t + 1, type: "deploy" },
 * ]);
 * const [row] = leadTimeFrame(leadTimesFrame(deploys)).toRecords();
 * assert.deepEqual(row, { changes: 1, median_minutes: 60 });
 * ```
 */
export function leadTimeFrame(leadTimes: pl.DataFrame, by: readonly string[] = []): pl.DataFrame {
  return aggregate(leadTimes, [
    pl.len().cast(pl.Int64).alias("changes"),
    pl.col("lead_minutes").median().alias("median_minutes"),
  ], { by });
}
