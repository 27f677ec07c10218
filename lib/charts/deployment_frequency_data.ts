/**
 * Data for the deployment frequency chart: deploys and deploy days per ISO week.
 * @module
 */
import pl from "nodejs-polars";
import { type DeploymentFrequency, deploysPerWeek } from "../metrics/deployment_frequency.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import { type ChartWindow, chartWindow, records } from "./binning.ts";

/** One ISO week of the deployment frequency chart. */
export interface WeekBar {
  /** The Monday that starts the ISO week, `YYYY-MM-DD` (it may lie before the window). */
  weekStart: string;
  /** Deploys in the week's days inside the window. */
  deploys: number;
  /** Days of the week with at least one deploy. */
  deployDays: number;
  /** Days of this week inside the window: below 7 at the window's edges. */
  daysInWindow: number;
  /** Whether the window cuts the week (`daysInWindow` < 7). */
  partial: boolean;
}

/** What the deployment frequency chart draws. */
export interface DeploymentFrequencyChartData {
  /** The window, with wall-clock bounds. */
  window: ChartWindow;
  /** One bar per ISO week that overlaps the window, in order. */
  weeks: WeekBar[];
  /** The window's deployment frequency (the headline and the average rule). */
  frequency: DeploymentFrequency;
}

/**
 * Deploys and deploy days per ISO week, counted by polars.
 *
 * @example Ten days from a Monday: one full week and three days of the next
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploymentFrequencyData } from "./deployment_frequency_data.ts";
 * const deploy = (iso: string) => ({ timestamp: Date.parse(iso), type: "deploy" as const, service: "api" });
 * const analysis = analyzeRecords(
 *   [deploy("2024-01-01T09:00:00Z"), deploy("2024-01-01T15:00:00Z"), deploy("2024-01-09T09:00:00Z")],
 *   { start: "2024-01-01", end: "2024-01-10" },
 * );
 * const data = deploymentFrequencyData(analysis, summarize(analysis).deployment_frequency);
 * assert.deepEqual(data.weeks, [
 *   { weekStart: "2024-01-01", deploys: 2, deployDays: 1, daysInWindow: 7, partial: false },
 *   { weekStart: "2024-01-08", deploys: 1, deployDays: 1, daysInWindow: 3, partial: true },
 * ]);
 * ```
 */
export function deploymentFrequencyData(
  analysis: Analysis,
  frequency: DeploymentFrequency,
): DeploymentFrequencyChartData {
  const weeks = deploysPerWeek(analysis.deploysPerDay).select(
    pl.col("week_start").alias("weekStart"),
    pl.col("deploys").cast(pl.Float64).alias("deploys"),
    pl.col("deploy_days").cast(pl.Float64).alias("deployDays"),
    pl.col("days_in_window").cast(pl.Float64).alias("daysInWindow"),
    pl.col("days_in_window").lt(7).alias("partial"),
  );
  return { window: chartWindow(analysis), weeks: records<WeekBar>(weeks), frequency };
}
