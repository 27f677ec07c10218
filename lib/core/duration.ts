/**
 * Durations written the way people write them on a command line: `90s`, `30m`, `24h`, `2d`, `1w`,
 * or a sum such as `1h30m`.
 *
 * @example
 * ```ts
 * import { parseDuration } from "./duration.ts";
 * console.assert(parseDuration("1h30m") === 90 * 60_000);
 * ```
 * @module
 */

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds of a duration like `24h` or `1h30m`; throws a RangeError naming the text. */
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

/** "45 min", "5.2 h", "3.1 days". */
export function humanDuration(minutes: number | null): string {
  if (minutes === null) return "n/a";
  if (minutes < 90) return `${minutes.toFixed(minutes < 10 ? 1 : 0)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}
