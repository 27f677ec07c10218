/**
 * Data for the deployment frequency chart: deploys and deploy days per ISO week.
 * @module
 */
import pl from "nodejs-polars";
import { type DeploymentFrequency, deploysPerWeek } from "../metrics/deployment_frequency.ts";
import { type Analysis } from "../pipeline/analysis.ts";
import { ChartWindow, chartWindow, records } from "./binning.ts";

export interface WeekBar {
  /** The Monday that starts the ISO week, `YYYY-MM-DD` (it may lie before the window). */
  weekStart: string;
  deploys: number;
  deployDays: number;
  /** Days of this week inside the window: below 7 at the window's edges. */
  daysInWindow: number;
  partial: boolean;
}

export interface DeploymentFrequencyChartData {
  window: ChartWindow;
  weeks: WeekBar[];
  frequency: DeploymentFrequency;
}

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
