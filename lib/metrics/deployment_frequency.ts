/**
 * Deployment frequency: totals, deploys per day, deploy days, the median of deploy days per ISO
 * week, and a DORA frequency class.
 *
 * The class rule follows DORA's answer steps, where "on demand (multiple deploys per day)" is its
 * own step above "between once per day and once per week": "on demand" when the median week has
 * deploys on at least 3 days, there is at least one deploy per day on average, and the median
 * deploy day has at least 2 deploys (several a day, on a typical day the team deploys); "daily to
 * weekly" when the median week has at least one deploy day, so one deploy a day is daily to
 * weekly; otherwise by the mean interval between
 * deploys: at least one per 30 days is "weekly to monthly", at least one per 182.5 days (six
 * months) is "monthly to every six months", and less (or none) is "less than every six months".
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
  /** Median over the days with a deploy of their deploys; null without deploys. */
  median_deploys_per_deploy_day: number | null;
  /** The DORA frequency class these numbers fall in. */
  class: FrequencyClass;
}

/** What the class rule looks at. */
export interface FrequencyInputs {
  /** Deploys in the window. */
  deploys: number;
  /** Days in the window. */
  days: number;
  /** Median over the window's ISO weeks of the days with a deploy (null reads as 0). */
  medianDeployDaysPerWeek: number | null;
  /** Median over the days with a deploy of their deploys (null reads as 0). */
  medianDeploysPerDeployDay: number | null;
}

/** One line of the class rule: the class, and when it applies. */
export interface FrequencyRule {
  class: FrequencyClass;
  /** The condition, in words. */
  when: string;
  /** Whether the condition holds for these inputs. */
  holds(inputs: FrequencyInputs): boolean;
}

const perDayOf = ({ deploys, days }: FrequencyInputs) => deploys / days;

/**
 * The class rule, read top down: the first rule that holds gives the class (see the module
 * documentation for where it comes from).
 */
export const FREQUENCY_RULES: readonly FrequencyRule[] = [
  {
    class: "less than every six months",
    when: "no deploys at all",
    holds: ({ deploys, days }) => deploys === 0 || days === 0,
  },
  {
    class: "on demand",
    when: "the median week has deploys on 3 or more days, there is 1 or more deploy per day, " +
      "and the median deploy day has 2 or more deploys (several a day)",
    holds: (inputs) =>
      (inputs.medianDeployDaysPerWeek ?? 0) >= 3 && perDayOf(inputs) >= 1 &&
      (inputs.medianDeploysPerDeployDay ?? 0) >= 2,
  },
  {
    class: "daily to weekly",
    when: "the median week has deploys on 1 or more days",
    holds: (inputs) => (inputs.medianDeployDaysPerWeek ?? 0) >= 1,
  },
  {
    class: "weekly to monthly",
    when: "1 or more deploy per 30 days",
    holds: (inputs) => perDayOf(inputs) * 30 >= 1,
  },
  {
    class: "monthly to every six months",
    when: "1 or more deploy per 182.5 days (six months)",
    holds: (inputs) => perDayOf(inputs) * 182.5 >= 1,
  },
  { class: "less than every six months", when: "otherwise", holds: () => true },
];

/**
 * The DORA frequency class of a window's deploys: the first of {@link FREQUENCY_RULES} that
 * holds.
 *
 * @example Several deploys on five days a week is on demand; one a day is daily to weekly
 * ```ts
 * import assert from "node:assert/strict";
 * import { frequencyClass } from "./deployment_frequency.ts";
 *
 * const week = { days: 14, medianDeployDaysPerWeek: 5 };
 * assert.equal(frequencyClass({ ...week, deploys: 38, medianDeploysPerDeployDay: 4 }), "on demand");
 * assert.equal(
 *   frequencyClass({ ...week, deploys: 10, medianDeploysPerDeployDay: 1 }),
 *   "daily to weekly",
 * );
 * assert.equal(
 *   frequencyClass({ deploys: 1, days: 14, medianDeployDaysPerWeek: 0.5, medianDeploysPerDeployDay: 1 }),
 *   "weekly to monthly",
 * );
 * assert.equal(
 *   frequencyClass({ deploys: 0, days: 14, medianDeployDaysPerWeek: 0, medianDeploysPerDeployDay: null }),
 *   "less than every six months",
 * );
 * ```
 */
export function frequencyClass(inputs: FrequencyInputs): FrequencyClass {
  return FREQUENCY_RULES.find((rule) => rule.holds(inputs))!.class;
}

/** The inputs of the class rule, from one row of {@link frequencyStats}. */
export function frequencyInputsOf(row: Record<string, unknown>): FrequencyInputs {
  return {
    deploys: Number(row.deploys),
    days: Number(row.days),
    medianDeployDaysPerWeek: row.median_deploy_days_per_week == null
      ? null
      : Number(row.median_deploy_days_per_week),
    medianDeploysPerDeployDay: row.median_deploys_per_deploy_day == null
      ? null
      : Number(row.median_deploys_per_deploy_day),
  };
}

/**
 * The class rule applied to one row of {@link frequencyStats}, as a frame to read top down:
 * `class`, `when` (the condition in words), `holds`, and `picked`, true on the first rule that
 * holds: the class.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { frequencyRules } from "./deployment_frequency.ts";
 *
 * const stats = pl.DataFrame({ deploys: [10], days: [14], median_deploy_days_per_week: [3.5] });
 * const rules = frequencyRules(stats);
 * assert.deepEqual(rules.filter(pl.col("picked")).getColumn("class").toArray(), ["daily to weekly"]);
 * ```
 */
export function frequencyRules(stats: pl.DataFrame): pl.DataFrame {
  if (stats.height !== 1) {
    throw new RangeError(
      `frequencyRules needs the one row of the window's frequency, got ${stats.height} rows`,
    );
  }
  const inputs = frequencyInputsOf(stats.toRecords()[0]);
  const holds = FREQUENCY_RULES.map((rule) => rule.holds(inputs));
  const picked = holds.indexOf(true);
  return pl.DataFrame({
    class: pl.Series("class", FREQUENCY_RULES.map((rule) => rule.class), pl.Utf8),
    when: pl.Series("when", FREQUENCY_RULES.map((rule) => rule.when), pl.Utf8),
    holds: pl.Series("holds", holds, pl.Bool),
    picked: pl.Series("picked", holds.map((_, index) => index === picked), pl.Bool),
  });
}

/** How {@link deploysPerWeek} and {@link frequencyStats} group. */
export interface FrequencyOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the whole window. */
  by?: readonly string[];
}

/**
 * Deploys and deploy days per ISO week (Monday start) of the window, from a deploys-per-day frame:
 * `week_start`, `deploys`, `deploy_days`, `days_in_window` (below 7 for the partial weeks at the
 * edges).
 *
 * @example A week cut by the window's start
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { deploysPerWeek } from "./deployment_frequency.ts";
 *
 * const perDay = pl.DataFrame({
 *   week_start: ["2024-01-01", "2024-01-08", "2024-01-08"],
 *   deploys: [0, 2, 0],
 * });
 * assert.deepEqual(deploysPerWeek(perDay).toRecords(), [
 *   { week_start: "2024-01-01", deploys: 0, deploy_days: 0, days_in_window: 1 },
 *   { week_start: "2024-01-08", deploys: 2, deploy_days: 1, days_in_window: 2 },
 * ]);
 * ```
 */
export function deploysPerWeek(
  perDay: pl.DataFrame,
  { by = [] }: FrequencyOptions = {},
): pl.DataFrame {
  return perDay.groupBy([...by, "week_start"]).agg(
    pl.col("deploys").sum().cast(pl.Int64).alias("deploys"),
    pl.col("deploys").gt(0).sum().cast(pl.Int64).alias("deploy_days"),
    pl.len().cast(pl.Int64).alias("days_in_window"),
  ).sort([...by, "week_start"]);
}

/**
 * One row per group, from a deploys-per-day frame: `deploys`, `days`, `deploy_days`,
 * `median_deploys_per_deploy_day` (over the days with a deploy), `median_deploy_days_per_week`
 * (over {@link deploysPerWeek}) and `per_day` (deploys ÷ days).
 *
 * @example Two weeks, one quiet
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { frequencyStats } from "./deployment_frequency.ts";
 *
 * const perDay = pl.DataFrame({
 *   week_start: ["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-08"],
 *   deploys: [3, 1, 0, 0],
 * });
 * assert.deepEqual(frequencyStats(perDay).toRecords(), [
 *   {
 *     deploys: 4,
 *     days: 4,
 *     deploy_days: 2,
 *     median_deploys_per_deploy_day: 2,
 *     median_deploy_days_per_week: 1,
 *     per_day: 1,
 *   },
 * ]);
 * ```
 */
export function frequencyStats(
  perDay: pl.DataFrame,
  { by = [] }: FrequencyOptions = {},
): pl.DataFrame {
  const daily = aggregate(perDay, [
    pl.col("deploys").sum().cast(pl.Int64).alias("deploys"),
    pl.len().cast(pl.Int64).alias("days"),
    pl.col("deploys").gt(0).sum().cast(pl.Int64).alias("deploy_days"),
    pl.col("deploys").filter(pl.col("deploys").gt(0)).cast(pl.Float64).median().alias(
      "median_deploys_per_deploy_day",
    ),
  ], { by });
  const weekly = aggregate(deploysPerWeek(perDay, { by }), [
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

/** The summary of one row of {@link frequencyStats}. */
export function deploymentFrequencyOf(row: Record<string, unknown>): DeploymentFrequency {
  const inputs = frequencyInputsOf(row);
  return {
    deploys: inputs.deploys,
    per_day: row.per_day == null ? null : Number(row.per_day),
    deploy_days: Number(row.deploy_days),
    median_deploy_days_per_week: inputs.medianDeployDaysPerWeek,
    median_deploys_per_deploy_day: inputs.medianDeploysPerDeployDay,
    class: frequencyClass(inputs),
  };
}
