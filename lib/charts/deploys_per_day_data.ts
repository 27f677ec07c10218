/**
 * Data for the deploys-per-day chart: one bar per day (zero days included) and the trailing
 * rolling mean; windows over {@link DAILY_BAR_LIMIT} days get one bar per ISO week instead.
 * @module
 */
import pl from "nodejs-polars";
import { utcMidnightOf } from "../core/calendar.ts";
import type { DeploymentFrequency } from "../metrics/deployment_frequency.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import { type ChartWindow, chartWindow, DAY_MS, records } from "./binning.ts";

/** Days above which the deploys-per-day chart draws weekly bars. */
export const DAILY_BAR_LIMIT = 3_660;
/** Days in the trailing rolling mean of deploys per day. */
export const ROLLING_MEAN_DAYS = 7;

/** One bar of the deploys-per-day chart: a day, or an ISO week in long windows. */
export interface DayBar {
  /** First local date of the bar, `YYYY-MM-DD`. */
  date: string;
  /** The bar's first instant on the wall clock (see `ChartWindow`). */
  start: Date;
  /** The first instant after the bar on the wall clock. */
  end: Date;
  /** Deploys in the bar (a day, or a week when weekly). */
  deploys: number;
  /** Days of the window the bar covers (1 for daily bars). */
  days: number;
  /** Deploys per day in the bar: the bar's height. */
  perDay: number;
  /** A Saturday or Sunday (never for weekly bars). */
  weekend: boolean;
  /** Trailing {@link ROLLING_MEAN_DAYS}-day mean of deploys per day, at the bar's last day. */
  rollingMean: number;
}

/** What the deploys-per-day chart draws. */
export interface DeploysPerDayChartData {
  /** The window, with wall-clock bounds. */
  window: ChartWindow;
  /** One bar per day, or per ISO week above {@link DAILY_BAR_LIMIT} days. */
  granularity: "day" | "week";
  /** The bars in time order, zero days included. */
  bars: DayBar[];
  /** The window's deployment frequency (the mean rule and the headline). */
  frequency: DeploymentFrequency;
  /** Days of the window without a deploy. */
  zeroDays: number;
  /** Deploys on the busiest day. */
  maxDeploysPerDay: number;
}

/**
 * One bar per day of the window, zero days included, with the trailing mean; counted by polars.
 *
 * @example Three days, deploys on the middle one
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploysPerDayData } from "./deploys_per_day_data.ts";
 * const deploy = (iso: string) => ({ timestamp: Date.parse(iso), type: "deploy" as const, service: "api" });
 * const analysis = analyzeRecords(
 *   [deploy("2024-01-02T09:00:00Z"), deploy("2024-01-02T10:00:00Z")],
 *   { start: "2024-01-01", end: "2024-01-03" },
 * );
 * const data = deploysPerDayData(analysis, summarize(analysis).deployment_frequency);
 * assert.equal(data.granularity, "day");
 * assert.deepEqual(data.bars.map((bar) => bar.deploys), [0, 2, 0]);
 * assert.deepEqual(data.bars.map((bar) => bar.rollingMean), [0, 1, 2 / 3]);
 * assert.deepEqual([data.zeroDays, data.maxDeploysPerDay], [2, 2]);
 * ```
 */
export function deploysPerDayData(
  analysis: Analysis,
  frequency: DeploymentFrequency,
): DeploysPerDayChartData {
  const window = chartWindow(analysis);
  const daily = analysis.deploysPerDay.select(
    pl.col("date"),
    pl.col("week_start"),
    pl.col("iso_weekday").gtEq(6).alias("weekend"),
    pl.col("deploys").cast(pl.Float64).alias("deploys"),
    pl.col("deploys").cast(pl.Float64).rollingMean({ windowSize: ROLLING_MEAN_DAYS, minPeriods: 1 })
      .alias("rollingMean"),
  );
  const [stats] = records<{ zeroDays: number; maxDeploysPerDay: number }>(daily.select(
    pl.col("deploys").eq(0).sum().cast(pl.Float64).alias("zeroDays"),
    pl.col("deploys").max().cast(pl.Float64).alias("maxDeploysPerDay"),
  ));
  const weekly = analysis.window.days > DAILY_BAR_LIMIT;
  const grouped = weekly
    ? daily.groupBy("week_start").agg(
      pl.col("date").min().alias("date"),
      pl.col("date").max().alias("last_date"),
      pl.col("deploys").sum().alias("deploys"),
      pl.len().cast(pl.Float64).alias("days"),
      pl.lit(false).alias("weekend"),
      pl.col("rollingMean").last().alias("rollingMean"),
    ).sort("date")
    : daily.withColumns(
      pl.col("date").alias("last_date"),
      pl.lit(1).cast(pl.Float64).alias("days"),
    );
  const bars = records<Omit<DayBar, "start" | "end"> & { last_date: string }>(
    grouped.select(
      "date",
      "last_date",
      "deploys",
      "days",
      pl.col("deploys").div(pl.col("days")).alias("perDay"),
      "weekend",
      "rollingMean",
    ),
  ).map(({ last_date, ...bar }) => ({
    ...bar,
    start: new Date(utcMidnightOf(bar.date)),
    end: new Date(utcMidnightOf(last_date) + DAY_MS),
  }));
  return {
    window,
    granularity: weekly ? "week" : "day",
    bars,
    frequency,
    zeroDays: stats?.zeroDays ?? 0,
    maxDeploysPerDay: stats?.maxDeploysPerDay ?? 0,
  };
}
