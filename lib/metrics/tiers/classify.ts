/**
 * Maps measured metrics onto a report year's performance levels.
 *
 * The tables overlap and leave gaps, so the rule is explicit:
 * - a value inside one or more levels' ranges gets the first of them in the report's order
 *   (the better level: the benefit of the doubt where the report repeats a range);
 * - a value outside every range gets the level whose range is nearest (log distance for
 *   durations, steps between frequency classes); on a tie, the worse of them when the value is
 *   worse than that range, the better when it is better;
 * - the change fail rate, a single number per level, gets the nearest level; a tie goes to the
 *   better level.
 *
 * @module
 */
import { FREQUENCY_CLASSES, type FrequencyClass } from "../deployment_frequency.ts";
import {
  cellCheck,
  DEFAULT_REPORT_YEAR,
  type LevelName,
  type MinutesRange,
  TIER_TABLES,
  type TierLevel,
} from "./tables.ts";

/** The level of each metric under one report year's table; null where a metric is not measured. */
export interface Tiers {
  /** The report year whose table rated the metrics. */
  report_year: number;
  /** Level of the deployment frequency class. */
  deployment_frequency: LevelName | null;
  /** Level of the median change lead time. */
  lead_time: LevelName | null;
  /** Level of the change failure rate. */
  change_failure_rate: LevelName | null;
  /** Level of the median recovery time over all incidents (the contract's `recovery`). */
  recovery: LevelName | null;
  /**
   * Level of the median failed deployment recovery time (deploy-caused incidents only): the
   * metric the tables rate since 2023.
   */
  failed_deployment_recovery: LevelName | null;
  /** Where the table's numbers come from. */
  source: string;
  /** How the table's cells were checked against the report, in a sentence or two. */
  verification: string;
  /**
   * The metrics (keys above) whose level comes from a cell of the table that no source verifies;
   * the scorecard marks them.
   */
  unverified: string[];
}

/** The measured values {@link classifyTiers} rates; null for a metric that was not measured. */
export interface MeasuredMetrics {
  /** The deployment frequency class. */
  frequencyClass: FrequencyClass | null;
  /** Median change lead time in minutes. */
  leadTimeMinutes: number | null;
  /** Change failure rate, from 0 to 1. */
  changeFailureRate: number | null;
  /** Median recovery time in minutes, over all incidents. */
  recoveryMinutes: number | null;
  /** Median failed deployment recovery time in minutes (deploy-caused incidents); default null. */
  failedDeploymentRecoveryMinutes?: number | null;
}

/** How far outside each level a value is (0 inside), and whether it is worse than the range. */
interface Fit {
  distance: number;
  worse: boolean;
}

function pickLevel(levels: readonly TierLevel[], fit: (level: TierLevel) => Fit): LevelName {
  // Rounding keeps float noise from breaking ties such as 7.5% between 5% and 10%.
  const fits = levels.map((level) => {
    const { distance, worse } = fit(level);
    return { level, distance: Math.round(distance * 1e9) / 1e9, worse };
  });
  const nearest = Math.min(...fits.map((f) => f.distance));
  const tied = fits.filter((f) => f.distance === nearest);
  if (nearest > 0 && tied.every((f) => f.worse)) return tied[tied.length - 1].level.name;
  return tied[0].level.name;
}

/** Log distance of a duration to `[from, to)`; lower durations are better. */
function durationFit(minutes: number, [from, to]: MinutesRange): Fit {
  if (minutes >= from && minutes < to) return { distance: 0, worse: false };
  if (minutes < from) return { distance: Math.log(from / Math.max(minutes, 1e-9)), worse: false };
  return { distance: Math.log(minutes / to), worse: true };
}

function frequencyFit(measured: FrequencyClass, covered: readonly FrequencyClass[]): Fit {
  const position = FREQUENCY_CLASSES.indexOf(measured);
  const positions = covered.map((c) => FREQUENCY_CLASSES.indexOf(c));
  if (positions.includes(position)) return { distance: 0, worse: false };
  const best = Math.min(...positions), worst = Math.max(...positions);
  // Later classes deploy less often: worse.
  return position > worst
    ? { distance: position - worst, worse: true }
    : { distance: best - position, worse: false };
}

/**
 * The level of each measured metric under a report year's table (null when not measured).
 *
 * @example A fast team with a 16% change failure rate, rated by the 2024 table
 * ```ts
 * import assert from "node:assert/strict";
 * import { classifyTiers } from "./classify.ts";
 *
 * const tiers = classifyTiers({
 *   frequencyClass: "on demand",
 *   leadTimeMinutes: 90,
 *   changeFailureRate: 0.16,
 *   recoveryMinutes: 30,
 * }, 2024);
 * assert.equal(tiers.report_year, 2024);
 * assert.equal(tiers.deployment_frequency, "Elite");
 * assert.equal(tiers.change_failure_rate, "High");
 * // Every recovery cell of the 2024 table is unverified; its Elite frequency cell is not.
 * assert.deepEqual(tiers.unverified, ["recovery"]);
 * assert.throws(() => classifyTiers(tiers as never, 1999), RangeError);
 * ```
 */
export function classifyTiers(measured: MeasuredMetrics, reportYear = DEFAULT_REPORT_YEAR): Tiers {
  const table = TIER_TABLES[reportYear];
  if (!table) {
    throw new RangeError(
      `no DORA tier table for ${reportYear} (known: ${Object.keys(TIER_TABLES).join(", ")})`,
    );
  }
  const { levels } = table;
  const { frequencyClass, leadTimeMinutes, changeFailureRate, recoveryMinutes } = measured;
  const failedRecoveryMinutes = measured.failedDeploymentRecoveryMinutes ?? null;
  const recoveryLevel = (minutes: number | null) =>
    minutes === null
      ? null
      : pickLevel(levels, (level) => durationFit(minutes, level.recoveryMinutes));
  const tiers = {
    report_year: table.year,
    deployment_frequency: frequencyClass === null
      ? null
      : pickLevel(levels, (level) => frequencyFit(frequencyClass, level.deploymentFrequency)),
    lead_time: leadTimeMinutes === null
      ? null
      : pickLevel(levels, (level) => durationFit(leadTimeMinutes, level.leadTimeMinutes)),
    change_failure_rate: changeFailureRate === null ? null : pickLevel(
      levels,
      (level) => ({
        distance: Math.abs(changeFailureRate - level.changeFailureRate),
        worse: false,
      }),
    ),
    recovery: recoveryLevel(recoveryMinutes),
    failed_deployment_recovery: recoveryLevel(failedRecoveryMinutes),
    source: table.source,
    verification: table.verification,
  };
  const rated = [
    ["deployment_frequency", "deployment_frequency"],
    ["lead_time", "lead_time"],
    ["change_failure_rate", "change_failure_rate"],
    ["recovery", "recovery"],
    ["failed_deployment_recovery", "recovery"],
  ] as const;
  const unverified = rated.filter(([key, metric]) => {
    const level = tiers[key];
    return level !== null && cellCheck(table.year, { metric, level }) === "unverified";
  }).map(([key]) => key);
  return { ...tiers, unverified };
}
