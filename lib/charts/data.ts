/**
 * Chart-ready data: polars aggregations that turn an {@link Analysis} into the small records the
 * four charts draw, and the decision of when to bin.
 *
 * Everything that scales with the number of events happens in polars (filters, group-bys, joins,
 * cumulative sums). Only frames whose size is bounded by the thresholds below, by the number of
 * days, or by lanes × bins reach `toRecords()`, so the charts cost about the same for a thousand
 * events as for five million.
 *
 * Times on chart axes are "wall clock as UTC": an instant is shifted to its reading on the report
 * zone's clock and then treated as UTC. Plot formats time axes in UTC, so a chart of a window in
 * `Europe/Berlin` gets ticks at Berlin midnights, and nothing depends on the machine's `TZ`.
 *
 * Thresholds (all exported):
 * - {@link TIMELINE_MARK_LIMIT} (2,000): above this many deploys + incidents the timeline draws
 *   counts per lane and time bin instead of one mark per event. Bins come from
 *   {@link TIMELINE_BIN_LADDER_MS} (1 h, 3 h, 6 h, 12 h, 1 d, 7 d, 28 d, 91 d, 364 d): the
 *   finest that gives at most {@link TIMELINE_MAX_BINS} (300) bins over the window.
 * - {@link RECOVERY_DOT_LIMIT} (2,000): above this many incidents the recovery chart counts
 *   incidents per start day (or coarser, at most {@link RECOVERY_MAX_COLUMNS} columns) × recovery
 *   bucket ({@link RECOVERY_BUCKET_EDGES_MINUTES}, roughly log-spaced time units).
 * - {@link MAX_LANES} (12): with more services the timeline shows the 11 busiest (deploys +
 *   incidents, ties by name) and one "other services" lane.
 * - {@link DAILY_BAR_LIMIT} (3,660 days, about ten years): above it the deploys-per-day chart draws
 *   one bar per ISO week (mean deploys per day) instead of one per day. Below it the chart's size
 *   grows with days, never with events.
 * - {@link ROLLING_MEAN_DAYS} (7): the trailing rolling mean of deploys per day. It is polars'
 *   `rollingMean` with `minPeriods: 1`, so the first six days average the days seen so far
 *   (day 1 is its own mean) rather than being left blank.
 *
 * @module
 */
import type { Analysis } from "../pipeline/analysis.ts";
import type { Summary } from "../pipeline/summary.ts";
import {
  type DeploymentFrequencyChartData,
  deploymentFrequencyData,
} from "./deployment_frequency_data.ts";
import { type DeploysPerDayChartData, deploysPerDayData } from "./deploys_per_day_data.ts";
import { type LeadTimeChartData, leadTimeData } from "./lead_time_data.ts";
import { type RecoveryChartData, recoveryData } from "./recovery_data.ts";
import { type TimelineChartData, timelineData } from "./timeline_data.ts";

/** Everything the charts draw, as plain data: drawing needs no polars. */
export interface ChartsData {
  /** Chart 1: deploys per ISO week. */
  deploymentFrequency: DeploymentFrequencyChartData;
  /** Chart 2: deploys per day. */
  deploysPerDay: DeploysPerDayChartData;
  /** Chart 3: recovery time per incident. */
  recovery: RecoveryChartData;
  /** Chart 4: deploys and incidents per service over time. */
  timeline: TimelineChartData;
  /** Chart 5: changes per lead-time bucket. */
  leadTime: LeadTimeChartData;
}

/**
 * The data of every chart, aggregated by polars; draw them with `drawCharts` (no polars needed).
 *
 * @example Seed 42: a bar per day, a mark per event
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { chartsData } from "./data.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const summary = summarize(analysis);
 * const data = chartsData(analysis, summary);
 * assert.equal(data.deploysPerDay.bars.length, 14);
 * assert.equal(data.deploysPerDay.bars.reduce((sum, bar) => sum + bar.deploys, 0), summary.deployment_frequency.deploys);
 * assert.equal(data.timeline.mode, "marks");
 * assert.equal(data.recovery.mode, "dots");
 * assert.equal(data.leadTime.changes, summary.lead_time.changes);
 * ```
 */
export function chartsData(analysis: Analysis, summary: Summary): ChartsData {
  const frequency = summary.deployment_frequency;
  return {
    deploymentFrequency: deploymentFrequencyData(analysis, frequency),
    deploysPerDay: deploysPerDayData(analysis, frequency),
    recovery: recoveryData(analysis, summary.recovery),
    timeline: timelineData(analysis),
    leadTime: leadTimeData(analysis, summary),
  };
}
