/**
 * Scenario knobs for trainers: change one thing about a synthetic universe and keep the rest.
 *
 * - **Batch size**: each service ships its changes in batches of N, so there are fewer, larger
 *   deploys. A batch goes out when its last change is ready; it fails when any change in it
 *   fails, and the incident comes that much later.
 * - **Failure shock**: a bad stretch (a week by default) from day N, in which each deploy's odds of
 *   failing are multiplied (by 4 by default, at most 1).
 * - **Faster recovery**: from day N on, every recovery takes a fraction of the time (a quarter by
 *   default).
 *
 * The generator draws its random numbers in the same order whatever the knobs: a shock's extra
 * failures draw their details from a second stream, and the other knobs draw nothing. So the same
 * seed gives the same universe with only that change, and the class sees cause and effect.
 *
 * A scenario is written `shock`, `shock@8` (from day 8, counting the window's first day as 1),
 * `faster@10`, `batch` or `batch=5`, several joined with `+`: `batch=3+shock@8`.
 *
 * @module
 */
import { MAX_WINDOW_DAYS } from "../core/calendar.ts";

/** A bad stretch of days with higher failure odds. */
export interface FailureShock {
  /** The first day of the shock, counting the window's first day as 1. */
  fromDay: number;
  /** How many days it lasts. Default 7. */
  days?: number;
  /** The factor on each deploy's failure odds (capped at 1). Default 4. */
  failureMultiplier?: number;
}

/** Faster recovery from a day on. */
export interface FasterRecovery {
  /** The first day whose incidents recover faster, counting the window's first day as 1. */
  fromDay: number;
  /** The factor on recovery time. Default 0.25. */
  factor?: number;
}

/** What a scenario changes in a universe; an empty scenario changes nothing. */
export interface Scenario {
  /** Changes per deploy for each service (1, the default, ships every change on its own). */
  batchSize?: number;
  /** A bad stretch with higher failure odds. */
  shock?: FailureShock;
  /** Faster recovery from a day on. */
  fasterRecovery?: FasterRecovery;
}

/** The knobs' defaults when a scenario names a knob without its number. */
export const SCENARIO_DEFAULTS = {
  fromDay: 8,
  shockDays: 7,
  failureMultiplier: 4,
  recoveryFactor: 0.25,
  batchSize: 4,
} as const;

const MAX_BATCH = 100;

function wholeNumber(text: string, { what, min, max }: { what: string; min: number; max: number }) {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${text}`);
  }
  return value;
}

/**
 * Parses `shock`, `shock@8`, `faster@10`, `batch=5`, or several joined with `+`. Throws a
 * RangeError naming the part it cannot read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseScenario } from "./scenario.ts";
 *
 * assert.deepEqual(parseScenario("shock"), { shock: { fromDay: 8 } });
 * assert.deepEqual(parseScenario("batch=3+faster@10"), {
 *   batchSize: 3,
 *   fasterRecovery: { fromDay: 10 },
 * });
 * assert.throws(() => parseScenario("chaos"), /not a scenario knob: "chaos"/);
 * assert.throws(() => parseScenario("shock+shock@3"), /more than once/);
 * ```
 */
export function parseScenario(text: string): Scenario {
  const scenario: Scenario = {};
  const seen = new Set<string>();
  for (const part of text.split("+").map((p) => p.trim())) {
    const match = /^(shock|faster|batch)(?:([@=])(.*))?$/.exec(part);
    if (!match) {
      throw new RangeError(
        `not a scenario knob: ${
          JSON.stringify(part)
        } (shock, shock@DAY, faster, faster@DAY, batch, batch=N, joined with +)`,
      );
    }
    const [, knob, sign, number] = match;
    if (seen.has(knob)) throw new RangeError(`${knob} is given more than once in ${text}`);
    seen.add(knob);
    if (knob === "batch") {
      if (sign === "@") throw new RangeError(`batch takes a size, batch=N, got ${part}`);
      scenario.batchSize = number === undefined
        ? SCENARIO_DEFAULTS.batchSize
        : wholeNumber(number, { what: "batch size", min: 1, max: MAX_BATCH });
      continue;
    }
    if (sign === "=") throw new RangeError(`${knob} takes a day, ${knob}@DAY, got ${part}`);
    const fromDay = number === undefined
      ? SCENARIO_DEFAULTS.fromDay
      : wholeNumber(number, { what: `${knob}'s day`, min: 1, max: MAX_WINDOW_DAYS });
    if (knob === "shock") scenario.shock = { fromDay };
    else scenario.fasterRecovery = { fromDay };
  }
  return scenario;
}

/**
 * The scenario written back as its knobs, in a fixed order: a stable label; "" for no scenario or
 * one without knobs, which is the universe as generated.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseScenario, scenarioName } from "./scenario.ts";
 *
 * assert.equal(scenarioName(parseScenario("faster@10+shock")), "shock@8+faster@10");
 * assert.equal(scenarioName({}), "");
 * assert.equal(scenarioName(undefined), "");
 * ```
 */
export function scenarioName(scenario: Scenario | undefined): string {
  if (!scenario) return "";
  const parts: string[] = [];
  if (scenario.batchSize !== undefined && scenario.batchSize !== 1) {
    parts.push(`batch=${scenario.batchSize}`);
  }
  if (scenario.shock) parts.push(`shock@${scenario.shock.fromDay}`);
  if (scenario.fasterRecovery) parts.push(`faster@${scenario.fasterRecovery.fromDay}`);
  return parts.join("+");
}

/**
 * The scenario in words, for a label or a caption.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeScenario, parseScenario } from "./scenario.ts";
 *
 * assert.equal(
 *   describeScenario(parseScenario("batch=3+shock@8+faster@10")),
 *   "changes shipped in batches of 3; failure odds ×4 for 7 days from day 8; " +
 *     "recovery ×0.25 from day 10",
 * );
 * ```
 */
export function describeScenario(scenario: Scenario): string {
  const parts: string[] = [];
  if (scenario.batchSize !== undefined && scenario.batchSize !== 1) {
    parts.push(`changes shipped in batches of ${scenario.batchSize}`);
  }
  if (scenario.shock) {
    const { fromDay, days = SCENARIO_DEFAULTS.shockDays } = scenario.shock;
    const factor = scenario.shock.failureMultiplier ?? SCENARIO_DEFAULTS.failureMultiplier;
    parts.push(`failure odds ×${factor} for ${days} days from day ${fromDay}`);
  }
  if (scenario.fasterRecovery) {
    const factor = scenario.fasterRecovery.factor ?? SCENARIO_DEFAULTS.recoveryFactor;
    parts.push(`recovery ×${factor} from day ${scenario.fasterRecovery.fromDay}`);
  }
  return parts.length ? parts.join("; ") : "no change";
}

/** The shock's failure odds on a day (0-based index), or the profile's own odds outside it. */
export function failureOddsOn(
  dayIndex: number,
  { baseRate, scenario }: { baseRate: number; scenario: Scenario },
): number {
  const shock = scenario.shock;
  if (!shock) return baseRate;
  const first = shock.fromDay - 1;
  const days = shock.days ?? SCENARIO_DEFAULTS.shockDays;
  if (dayIndex < first || dayIndex >= first + days) return baseRate;
  return Math.min(1, baseRate * (shock.failureMultiplier ?? SCENARIO_DEFAULTS.failureMultiplier));
}

/** The factor on recovery time for an incident of a day (0-based index). */
export function recoveryFactorOn(dayIndex: number, scenario: Scenario): number {
  const faster = scenario.fasterRecovery;
  if (!faster || dayIndex < faster.fromDay - 1) return 1;
  return faster.factor ?? SCENARIO_DEFAULTS.recoveryFactor;
}
