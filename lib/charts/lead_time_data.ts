/**
 * Data for the change lead time chart: changes per lead-time bucket, coloured by DORA level.
 * @module
 */
import pl from "nodejs-polars";
import { leadTimes } from "../metrics/lead_time.ts";
import { classifyTiers } from "../metrics/tiers/classify.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import type { Summary } from "../pipeline/summary.ts";
import { records, universeLabel } from "./binning.ts";

/**
 * Lead-time buckets, in minutes: roughly doubling steps, with edges at DORA's level boundaries
 * (one day, one week, one month of 30 days, six months of 180 days).
 */
export const LEAD_TIME_BUCKET_EDGES_MINUTES: readonly number[] = [
  0,
  15,
  60,
  4 * 60,
  12 * 60,
  24 * 60,
  3 * 24 * 60,
  7 * 24 * 60,
  14 * 24 * 60,
  30 * 24 * 60,
  90 * 24 * 60,
  180 * 24 * 60,
];
const LEAD_TIME_BUCKET_LABELS = [
  "<15m",
  "15–60m",
  "1–4h",
  "4–12h",
  "12–24h",
  "1–3d",
  "3–7d",
  "1–2wk",
  "2wk–1mo",
  "1–3mo",
  "3–6mo",
  ">6mo",
];

/** One bar of the lead-time chart. */
export interface LeadTimeBucket {
  /** The bucket's range as the axis shows it, e.g. "1–4h". */
  label: string;
  /** Minutes, inclusive. */
  from: number;
  /** Minutes, exclusive; null for the open last bucket. */
  to: number | null;
  /** Changes (deploys with a commit time) whose lead time falls in the bucket. */
  changes: number;
  /** The DORA level whose lead-time range holds this bucket. */
  level: string;
}

/** What the change lead time chart draws. */
export interface LeadTimeChartData {
  /** Every bucket in order, empty ones included. */
  buckets: LeadTimeBucket[];
  /** Changes with a lead time in the window. */
  changes: number;
  /** The median lead time in minutes, null without changes. */
  medianMinutes: number | null;
  /** The DORA level of the median, null without changes. */
  level: string | null;
  /** The DORA report whose levels colour the bars. */
  reportYear: number;
  /** Whose events these are (see `universeLabel`). */
  universe: string;
}

/**
 * Changes per lead-time bucket, counted by polars, each bucket with the DORA level of the summary's
 * report year that its range falls into.
 *
 * @example Two changes: 30 minutes and two hours from commit to production
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { leadTimeData } from "./lead_time_data.ts";
 * const deployed = Date.parse("2024-01-02T12:00:00Z");
 * const analysis = analyzeRecords([
 *   { timestamp: deployed, type: "deploy", service: "api", commit_timestamp: deployed - 30 * 60_000 },
 *   { timestamp: deployed, type: "deploy", service: "web", commit_timestamp: deployed - 120 * 60_000 },
 * ], { start: "2024-01-01", end: "2024-01-03" });
 * const data = leadTimeData(analysis, summarize(analysis));
 * assert.deepEqual(
 *   data.buckets.filter((bucket) => bucket.changes > 0).map((bucket) => [bucket.label, bucket.changes]),
 *   [["15–60m", 1], ["1–4h", 1]],
 * );
 * assert.deepEqual([data.changes, data.medianMinutes], [2, 75]);
 * ```
 */
export function leadTimeData(analysis: Analysis, summary: Summary): LeadTimeChartData {
  const edges = LEAD_TIME_BUCKET_EDGES_MINUTES;
  const bucketOf = edges.slice(1).reduceRight<pl.Expr>(
    (otherwise, edge, index) =>
      pl.when(pl.col("lead_minutes").lt(edge)).then(pl.lit(index)).otherwise(otherwise),
    pl.lit(edges.length - 1),
  ).cast(pl.Int32);
  const counts = new Map(
    records<{ bucket: number; changes: number }>(
      leadTimes(analysis.deploys).select(bucketOf.alias("bucket"))
        .groupBy("bucket").agg(pl.len().cast(pl.Float64).alias("changes")),
    ).map((row) => [row.bucket, row.changes]),
  );
  const year = summary.tiers.report_year;
  const levelOf = (minutes: number) =>
    classifyTiers({
      frequencyClass: null,
      leadTimeMinutes: minutes,
      changeFailureRate: null,
      recoveryMinutes: null,
    }, year)
      .lead_time!;
  return {
    buckets: edges.map((from, index) => {
      const to = edges[index + 1] ?? null;
      // The bucket's middle (geometric, as the buckets grow by ratios) decides its level.
      const middle = to === null ? from * 2 : from === 0 ? to / 2 : Math.sqrt(from * to);
      return {
        label: LEAD_TIME_BUCKET_LABELS[index],
        from,
        to,
        changes: counts.get(index) ?? 0,
        level: levelOf(middle),
      };
    }),
    changes: summary.lead_time.changes,
    medianMinutes: summary.lead_time.median_minutes,
    level: summary.tiers.lead_time,
    reportYear: year,
    universe: universeLabel(analysis),
  };
}
