/**
 * Durations written the way people write them on a command line: `90s`, `30m`, `24h`, `2d`, `1w`,
 * or a sum such as `1h30m`.
 *
 * @module
 */

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Milliseconds of a duration like `24h` or `1h30m`; throws a RangeError naming the text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDuration } from "./duration.ts";
 *
 * assert.equal(parseDuration("1h30m"), 90 * 60_000);
 * assert.equal(parseDuration(" 1.5D "), 36 * 3_600_000);
 * assert.throws(() => parseDuration("soon"), /not a duration: "soon"/);
 * ```
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[smhdw])+$/.test(trimmed)) {
    throw new RangeError(
      `not a duration: ${JSON.stringify(text)} (expected e.g. 24h, 90m, 2d or 1h30m)`,
    );
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}

const ONE_DECIMAL = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * `value` rounded half away from zero to `digits` decimals, as a person rounds the decimal it
 * stands for: 41.55 (an exact 41 min 33 s) is 41.6, though the nearest double,
 * 41.5499999999999971578…, would print as 41.5; and -41.55 is -41.6.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundHalfUp } from "./duration.ts";
 *
 * assert.deepEqual([41.55, 39.05, 0.15, 27.44, 12.5].map((v) => roundHalfUp(v, 1)), [41.6, 39.1, 0.2, 27.4, 12.5]);
 * assert.deepEqual([44.5, 0.49].map((v) => roundHalfUp(v, 0)), [45, 0]);
 * assert.deepEqual([-41.55, -0.5].map((v) => roundHalfUp(v, 1)), [-41.6, -0.5]);
 * assert.equal(roundHalfUp(-44.5, 0), -45);
 * assert.ok(Object.is(roundHalfUp(-0.04, 1), 0));
 * // One rounding, of the digits as written: 4053.0499999999997 is below the half.
 * assert.deepEqual([4053.0499999999997, 1e-7, 2.5e-7, 1e21].map((v) => roundHalfUp(v, 1)), [4053, 0, 0, 1e21]);
 * ```
 */
export function roundHalfUp(value: number, digits: number): number {
  // The shortest decimal that reads back as the double is the value as written: round its digits,
  // not a shifted double (shifting 4053.0499999999997 reads back as 40530.5, a second rounding).
  const [mantissa, exponent = "0"] = String(Math.abs(value)).split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const written = whole + fraction;
  const kept = whole.length + Number(exponent) + digits; // how many of its digits stay
  if (kept >= written.length) return value + 0;
  const last = kept < 0 ? 0n : BigInt(written.slice(0, kept) || "0");
  const rounded = kept >= 0 && written[kept] >= "5" ? last + 1n : last;
  // + 0 turns -0 into 0, which Intl would print as "-0".
  return Math.sign(value) * Number(`${rounded}e${-digits}`) + 0;
}

/** The number as printed, then read back: thresholds compare what the reader will see. */
function printed(
  format: Intl.NumberFormat,
  value: number,
  digits: number,
): { text: string; value: number } {
  const text = format.format(roundHalfUp(value, digits));
  return { text, value: Number(text.replaceAll(",", "")) };
}

/**
 * A duration in minutes for people to read, the one format of every chart, table and scorecard:
 * "45 s" under a minute, then minutes, hours (from 60 min) and days (from 48 h), each with at
 * most one decimal ("27.5 min", "45 min", "5.2 h", "3.1 d"); "n/a" for null. A value that would
 * print as 60 min (59.97) moves up to "1 h", so no unit ever shows its next unit's worth.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { humanDuration } from "./duration.ts";
 *
 * assert.deepEqual(
 *   [0.75, 4.25, 27.5, 45, 59.97, 90, 312, 4464].map(humanDuration),
 *   ["45 s", "4.3 min", "27.5 min", "45 min", "1 h", "1.5 h", "5.2 h", "3.1 d"],
 * );
 * assert.equal(humanDuration(null), "n/a");
 * assert.equal(humanDuration(41.55), "41.6 min"); // 41 min 33 s, rounded half up
 * ```
 */
export function humanDuration(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return "n/a";
  if (minutes < 0) return `-${humanDuration(-minutes)}`;
  const seconds = printed(WHOLE, minutes * 60, 0);
  if (seconds.value < 60) return `${seconds.text} s`;
  const inMinutes = printed(ONE_DECIMAL, minutes, 1);
  if (inMinutes.value < 60) return `${inMinutes.text} min`;
  const hours = printed(ONE_DECIMAL, minutes / 60, 1);
  if (hours.value < 48) return `${hours.text} h`;
  return `${printed(ONE_DECIMAL, minutes / 1440, 1).text} d`;
}
