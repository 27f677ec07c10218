/**
 * Checks for the flags that `deno task demo` and `deno task handout` share, so both accept the
 * same values and say the same thing about a bad one.
 *
 * @module
 */
import { PROFILE_NAMES, type ProfileName } from "../synthetic/profiles.ts";
import { DEFAULT_REPORT_YEAR, REPORT_YEARS } from "../metrics/tiers/tables.ts";
import { UsageError } from "../core/usage_error.ts";

/** The bounds {@link wholeNumberFlag} accepts, both inclusive. */
export interface WholeNumberRange {
  /** The smallest value accepted. */
  min: number;
  /** The largest value accepted. */
  max: number;
}

/**
 * A whole number in `[min, max]`, or null when the flag is absent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_WINDOW_DAYS } from "../core/calendar.ts";
 * import { wholeNumberFlag } from "./parameter_checks.ts";
 *
 * assert.equal(wholeNumberFlag("days", "21", { min: 1, max: MAX_WINDOW_DAYS }), 21);
 * assert.equal(wholeNumberFlag("days", undefined, { min: 1, max: MAX_WINDOW_DAYS }), null);
 * assert.throws(
 *   () => wholeNumberFlag("days", "1.5", { min: 1, max: MAX_WINDOW_DAYS }),
 *   /--days must be a whole number from 1 to 3660, got "1.5"/,
 * );
 * assert.throws(() => wholeNumberFlag("days", "0", { min: 1, max: MAX_WINDOW_DAYS }));
 * ```
 */
export function wholeNumberFlag(
  name: string,
  value: string | undefined,
  { min, max }: WholeNumberRange,
): number | null {
  if (value === undefined) return null;
  const number = Number(value);
  if (
    !/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min ||
    number > max
  ) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/** A seed: any safe integer. */
export function seedFlag(value: string | undefined): number | null {
  return wholeNumberFlag("seed", value, {
    min: Number.MIN_SAFE_INTEGER,
    max: Number.MAX_SAFE_INTEGER,
  });
}

/** A generator profile; `mixed` when absent. */
export function profileFlag(value: string | undefined): ProfileName {
  if (value === undefined) return "mixed";
  if (!(PROFILE_NAMES as string[]).includes(value)) {
    throw new UsageError(
      `--profile must be one of ${PROFILE_NAMES.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as ProfileName;
}

/** A DORA report year that has a tier table; the default year when absent. */
export function reportYearFlag(value: string | undefined): number {
  const year = wholeNumberFlag("report-year", value, { min: 1900, max: 9999 }) ??
    DEFAULT_REPORT_YEAR;
  if (!REPORT_YEARS.includes(year)) {
    throw new UsageError(`--report-year must be one of ${REPORT_YEARS.join(", ")}, got ${year}`);
  }
  return year;
}
