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

/**
 * A duration in minutes for people to read: "45 min", "5.2 h", "3.1 days"; "n/a" for null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { humanDuration } from "./duration.ts";
 *
 * assert.deepEqual(
 *   [humanDuration(4.25), humanDuration(45), humanDuration(312), humanDuration(4464), humanDuration(null)],
 *   ["4.3 min", "45 min", "5.2 h", "3.1 days", "n/a"],
 * );
 * ```
 */
export function humanDuration(minutes: number | null): string {
  if (minutes === null) return "n/a";
  if (minutes < 90) return `${minutes.toFixed(minutes < 10 ? 1 : 0)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}
