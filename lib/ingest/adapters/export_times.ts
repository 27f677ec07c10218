/**
 * Instants as vendors write them, turned into the ISO 8601 text the canonical rows carry:
 * milliseconds since the epoch (Spinnaker), and wall-clock times without an offset in a zone the
 * export documents (ServiceNow's `YYYY-MM-DD HH:MM:SS`, which the Table API gives in UTC).
 *
 * @module
 */
import { utcOffsetMs } from "../../core/calendar.ts";

/** Milliseconds before and after 1970 that `Date` can hold (±100 million days). */
const DATE_LIMIT_MS = 8.64e15;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?$/;

/**
 * An epoch-milliseconds number as an ISO 8601 instant in UTC; null for anything else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { epochMsInstant } from "./export_times.ts";
 *
 * assert.equal(epochMsInstant(1709547012345), "2024-03-04T10:10:12.345Z");
 * assert.equal(epochMsInstant("1709547012345"), null); // text is not a number here
 * assert.equal(epochMsInstant(null), null);
 * ```
 */
export function epochMsInstant(value: unknown): string | null {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > DATE_LIMIT_MS) {
    return null;
  }
  return new Date(value).toISOString();
}

/**
 * An instant's text plus `ms` milliseconds (a vendor's "created + duration"), as ISO 8601 UTC text
 * kept to the microsecond: `Date` holds whole milliseconds, so the digits past the millisecond, of
 * the instant and of the duration, are carried over by hand, and the resolve lies exactly the
 * duration after the start. Null when `Date` cannot read the instant or hold the sum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { instantAfter } from "./export_times.ts";
 *
 * assert.equal(instantAfter("2024-03-07T08:00:00+01:00", 5_400_000), "2024-03-07T08:30:00.000Z");
 * assert.equal(instantAfter("2024-03-07T07:00:00.000750Z", 60_000.5), "2024-03-07T07:01:00.001250Z");
 * assert.equal(instantAfter("soon", 1), null);
 * ```
 */
export function instantAfter(instant: string, ms: number): string | null {
  const start = Date.parse(instant);
  if (Number.isNaN(start)) return null;
  // Date.parse reads three digits of a fraction and drops the rest: those are the microseconds.
  const fraction = /:\d{2}\.(\d+)/.exec(instant)?.[1] ?? "";
  const micros = Number(fraction.padEnd(6, "0").slice(3, 6)) + Math.round(ms * 1000);
  const wholeMs = Math.floor(micros / 1000);
  const end = new Date(start + wholeMs);
  if (Number.isNaN(end.getTime())) return null;
  const past = micros - wholeMs * 1000;
  const iso = end.toISOString();
  return past === 0 ? iso : iso.replace("Z", `${String(past).padStart(3, "0")}Z`);
}

/**
 * A wall-clock reading without an offset (`2024-03-04 10:30:00`, a `T` works too) taken in
 * `timeZone`, as an ISO 8601 instant in UTC; null when the text is not such a reading or names no
 * real date. A reading that a DST change repeats takes the earlier instant; one it skips is moved
 * forward by the gap, as clocks are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wallClockInstant } from "./export_times.ts";
 *
 * assert.equal(wallClockInstant("2024-03-04 10:30:00", "UTC"), "2024-03-04T10:30:00.000Z");
 * assert.equal(wallClockInstant("2024-07-01 12:00:00", "Europe/Berlin"), "2024-07-01T10:00:00.000Z");
 * assert.equal(wallClockInstant("2024-02-30 10:00:00", "UTC"), null);
 * assert.equal(wallClockInstant("2024-03-04T10:30:00Z", "UTC"), null); // has an offset already
 * ```
 */
export function wallClockInstant(text: string, timeZone: string): string | null {
  const match = WALL_CLOCK.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const fraction = match[7] ? Math.round(Number(match[7]) * 1000) : 0;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  const check = new Date(asUtc);
  if (
    check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59
  ) {
    return null;
  }
  if (timeZone === "UTC") return check.toISOString();
  // The offset at the reading taken as UTC, then at the first guess: two fixed-point steps.
  const earlier = asUtc - utcOffsetMs(asUtc - 14 * 3_600_000, timeZone);
  const later = asUtc - utcOffsetMs(asUtc + 14 * 3_600_000, timeZone);
  const candidates = [earlier, later].sort((a, b) => a - b)
    .filter((instant) => instant + utcOffsetMs(instant, timeZone) === asUtc);
  return new Date(candidates[0] ?? Math.max(earlier, later)).toISOString();
}
