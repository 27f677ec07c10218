/**
 * Deployment frequency: totals, deploys per day, deploy days, the median of deploy days per ISO
 * week, and a DORA frequency class.
 *
 * The class rule, after Google's Four Keys: "on demand" when the median week has deploys on at
 * least 3 days and there is at least one deploy per day on average; "daily to weekly" when the
 * median week has at least one deploy day; otherwise by the mean interval between deploys:
 * at least one per 30 days is "weekly to monthly", at least one per 182.5 days (six months) is
 * "monthly to every six months", and less (or none) is "less than every six months".
 *
 * @module
 */
import pl from "nodejs-polars";
import { aggregate } from "./aggregate.ts";

/** The DORA deployment frequency classes, most frequent first. */
export const FREQUENCY_CLASSES = [
  "on demand",
  "daily to weekly",
  "weekly to monthly",
  "monthly to every six months",
  "less than every six months",
] as const;
/** One of {@link FREQUENCY_CLASSES}. */
export type FrequencyClass = typeof FREQUENCY_CLASSES[number];

/** The deployment frequency of the window or of one service. */
export interface DeploymentFrequency {
  /** Deploys in the window. */
  deploys: number;
  /** Deploys per calendar day; null for a window without days. */
  per_day: number | null;
  /** Days with at least one deploy. */
  deploy_days: number;
  /** Median over the window's ISO weeks of the days with a deploy; null without weeks. */
  median_deploy_days_per_week: number | null;
  /** The DORA frequency class these numbers fall in. */
  class: FrequencyClass;
}

/**
 * The DORA frequency class of a window's deploys.
 *
 * @example Five deploy days a week is on demand; one deploy in two weeks is weekly to monthly
 * ```ts
 * import assert from "node:assert/strict";
 * import { frequencyClass } from "./deployment_frequency.ts";
 *
 * assert.equal(frequencyClass({ deploys: 38, days: 14, medianDeployDaysPerWeek: 5 }), "on demand");
 * assert.equal(
 *   frequencyClass({ deploys: 1, days: 14, medianDeployDaysPerWeek: 0.5 }),
 *   "weekly to monthly",
 * );
 * assert.equal(
 *   frequencyClass({ deploys: 0, days: 14, medianDeployDaysPerWeek: 0 }),
 *   "less than every six months",
 * );
 * ```
 */
export function frequencyClass(
  { deploys, days, medianDeployDaysPerWeek }: {
    deploys: number;
    days: number;
    medianDeployDaysPerWeek: number | null;
  },
): FrequencyClass {
  if (deploys === 0 || days === 0) return "less than every six months";
  const perDay = deploys / days;
  const weekDays = medianDeployDaysPerWeek ?? 0;
  if (weekDays >= 3 && perDay >= 1) return "on demand";
  if (weekDays >= 1) return "daily to weekly";
  if (perDay * 30 >= 1) return "weekly to monthly";
  if (perDay * 182.5 >= 1) return "monthly to every six months";
  return "less than every six months";
}

/**
 * Deploys and deploy days per ISO week (Monday start) of the window, from a deploys-per-day frame.
 * `days_in_window` is below 7 for the partial weeks at the edges.
 */
export function deploysPerWeek(perDay: pl.DataFrame, by: readonly string[] = []): pl.DataFrame {
  return perDay.groupBy([...by, "week_start"]).agg(
    pl.col("deploys").sum().cast(pl.Int64).alias("deploys"),
    pl.col("deploys").gt(0).sum().cast(pl.Int64).alias("deploy_days"),
    pl.len().cast(pl.Int64).alias("days_in_window"),
  ).sort([...by, "week_start"]);
}

/** One row per group: `deploys`, `days`, `per_day`, `deploy_days`, `median_deploy_days_per_week`. */
export function deploymentFrequencyFrame(
  perDay: pl.DataFrame,
  by: readonly string[] = [],
): pl.DataFrame {
  const daily = aggregate(perDay, [
    pl.col("deploys").sum().cast(pl.Int64).alias("deploys"),
    pl.len().cast(pl.Int64).alias("days"),
    pl.col("deploys").gt(0).sum().cast(pl.Int64).alias("deploy_days"),
  ], { by });
  const weekly = aggregate(deploysPerWeek(perDay, by), [
    pl.col("deploy_days").cast(pl.Float64).median().alias("median_deploy_days_per_week"),
  ], { by });
  const joined = by.length === 0
    ? pl.concat([daily, weekly], { how: "horizontal" })
    : daily.join(weekly, { on: [...by] });
  return joined.withColumns(
    pl.when(pl.col("days").gt(0)).then(pl.col("deploys").cast(pl.Float64).div(pl.col("days")))
      .otherwise(pl.lit(null).cast(pl.Float64)).alias("per_day"),
  );
}

/** The summary of one row of {@link deploymentFrequencyFrame}. */
export function deploymentFrequencyOf(row: Record<string, unknown>): DeploymentFrequency {
  const deploys = Number(row.deploys);
  const median = row.median_deploy_days_per_week == null
    ? null
    : Number(row.median_deploy_days_per_week);
  return {
    deploys,
    per_day: row.per_day == null ? null : Number(row.per_day),
    deploy_days: Number(row.deploy_days),
    median_deploy_days_per_week: median,
    class: frequencyClass({ deploys, days: Number(row.days), medianDeployDaysPerWeek: median }),
  };
}
