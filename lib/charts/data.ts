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
 * @example
 * ```ts
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploysPerDayData, timelineData, TIMELINE_MARK_LIMIT } from "./data.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const summary = summarize(analysis);
 * const daily = deploysPerDayData(analysis, summary.deployment_frequency);
 * console.assert(daily.bars.length === 14 && daily.bars.some((bar) => bar.deploys === 0));
 * const timeline = timelineData(analysis);
 * console.assert(timeline.mode === "marks" && analysis.events.height < TIMELINE_MARK_LIMIT);
 * ```
 * @module
 */
import { type Analysis } from "../pipeline/analysis.ts";
import { type Summary } from "../pipeline/summary.ts";
import {
  DeploymentFrequencyChartData,
  deploymentFrequencyData,
} from "./deployment_frequency_data.ts";
import { DeploysPerDayChartData, deploysPerDayData } from "./deploys_per_day_data.ts";
import { LeadTimeChartData, leadTimeData } from "./lead_time_data.ts";
import { RecoveryChartData, recoveryData } from "./recovery_data.ts";
import { TimelineChartData, timelineData } from "./timeline_data.ts";

/** Everything the charts draw, as plain data: drawing needs no polars. */
export interface ChartsData {
  deploymentFrequency: DeploymentFrequencyChartData;
  deploysPerDay: DeploysPerDayChartData;
  recovery: RecoveryChartData;
  timeline: TimelineChartData;
  leadTime: LeadTimeChartData;
}

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
