/**
 * Calendar days in a report time zone, as UTC instants.
 *
 * Every day bucket in the project comes from here, so a DST day in the report zone is one
 * 23- or 25-hour day and the answer never depends on the machine's `TZ`. Zone rules come from the
 * ICU data built into Deno (`Intl`), not from the environment.
 *
 * @module
 */

const DAY_MS = 86_400_000;

/** One calendar day of the report window. `startMs` is inclusive, `endMs` exclusive. */
export interface CalendarDay {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  /** The day's first instant, ms since the epoch. */
  startMs: number;
  /** The next day's first instant. */
  endMs: number;
  /** The Monday that starts this day's ISO week, `YYYY-MM-DD`. */
  weekStart: string;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
}

// Six digits and a sign are how toISOString writes years past 9999: the day after 9999-12-31,
// where the last day of such a window ends.
const DATE_PATTERN = /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})$/;

/** Parses a `YYYY-MM-DD` string to the UTC midnight of that date, or throws a RangeError. */
export function utcMidnightOf(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC reads years 0 to 99 as 1900 to 1999; setUTCFullYear takes the year as written.
  const ms = new Date(0).setUTCFullYear(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day || month < 1 || month > 12) {
    throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  }
  return ms;
}

/** Formats a UTC instant as its UTC date, `YYYY-MM-DD` (`+YYYYYY-MM-DD` past 9999). */
export function utcDateOf(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, iso.indexOf("T"));
}

/** The date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return utcDateOf(utcMidnightOf(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnightOf(to) - utcMidnightOf(from)) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: string): number {
  return ((new Date(utcMidnightOf(date)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the ISO week that contains `date`. */
export function isoWeekStartOf(date: string): string {
  return addDays(date, 1 - isoWeekdayOf(date));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short", // year 0 reads "1 BC": the era tells it from year 1
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Checks an IANA zone name and returns its canonical spelling.
 * Throws a RangeError naming the zone when ICU does not know it.
 */
export function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(
      `unknown time zone ${JSON.stringify(timeZone)} (expected an IANA name such as Europe/Berlin)`,
    );
  }
}

/** The local wall-clock reading of an instant, as if that reading were UTC. */
function wallClockMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  let beforeChrist = false;
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type === "era") beforeChrist = part.value === "BC";
    else if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  // Date.UTC would read years 0 to 99 as 1900 to 1999.
  const wall = new Date(0);
  wall.setUTCFullYear(beforeChrist ? 1 - parts.year : parts.year, parts.month - 1, parts.day);
  return wall.setUTCHours(parts.hour, parts.minute, parts.second, 0);
}

/** The offset of the zone from UTC at that instant, in ms (Berlin in winter: +3 600 000). */
export function utcOffsetMs(ms: number, timeZone: string): number {
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return wallClockMs(wholeSeconds, timeZone) - wholeSeconds;
}

/** The local date of an instant in the zone, `YYYY-MM-DD`. */
export function localDateOf(ms: number, timeZone: string): string {
  if (timeZone === "UTC") return utcDateOf(ms);
  return utcDateOf(ms + utcOffsetMs(ms, timeZone));
}

/**
 * The first instant of a local date in the zone. That is local midnight, or the end of the gap
 * when a DST change skips midnight.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const midnightAsUtc = utcMidnightOf(date);
  if (timeZone === "UTC") return midnightAsUtc;
  // Two fixed-point steps find local midnight whenever it exists.
  let guess = midnightAsUtc - utcOffsetMs(midnightAsUtc, timeZone);
  guess = midnightAsUtc - utcOffsetMs(guess, timeZone);
  if (wallClockMs(guess, timeZone) === midnightAsUtc) return guess;
  // Midnight falls in a DST gap: search for the first second that belongs to the date.
  let low = midnightAsUtc - 15 * 3_600_000; // no zone is more than 14 h ahead of UTC
  let high = midnightAsUtc + 15 * 3_600_000;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (localDateOf(middle, timeZone) >= date) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * Every local date from `firstDate` to `lastDate` inclusive, with its UTC bounds in `timeZone`.
 *
 * @example The spring-forward Sunday in Berlin is one 23-hour day
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCalendar } from "./calendar.ts";
 *
 * const [saturday, sunday] = buildCalendar("2024-03-30", "2024-03-31", {
 *   timeZone: "Europe/Berlin",
 * });
 * assert.equal(new Date(saturday.startMs).toISOString(), "2024-03-29T23:00:00.000Z");
 * assert.equal(saturday.endMs, sunday.startMs);
 * assert.equal(sunday.endMs - sunday.startMs, 23 * 3_600_000);
 * assert.deepEqual([sunday.date, sunday.weekStart, sunday.isoWeekday], ["2024-03-31", "2024-03-25", 7]);
 * ```
 */
export function buildCalendar(
  firstDate: string,
  lastDate: string,
  { timeZone }: { timeZone: string },
): CalendarDay[] {
  const count = daysBetween(firstDate, lastDate) + 1;
  if (count < 1) {
    throw new RangeError(`the window ends (${lastDate}) before it starts (${firstDate})`);
  }
  const days: CalendarDay[] = [];
  let startMs = startOfLocalDay(firstDate, timeZone);
  for (let index = 0; index < count; index++) {
    const date = addDays(firstDate, index);
    const endMs = startOfLocalDay(addDays(date, 1), timeZone);
    days.push({
      date,
      startMs,
      endMs,
      weekStart: isoWeekStartOf(date),
      isoWeekday: isoWeekdayOf(date),
    });
    startMs = endMs;
  }
  return days;
}

/** An instant as local `YYYY-MM-DD HH:MM` in the zone, for people to read. */
export function localDateTimeOf(ms: number, timeZone: string): string {
  const wall = timeZone === "UTC" ? ms : ms + utcOffsetMs(ms, timeZone);
  return new Date(wall).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * The longest window, in days (about ten years): longer spans are typos in the data (a year 0202
 * for 2024) far more often than history, and a calendar of millions of days would exhaust memory.
 */
// Here, beside the days, and not in window.ts: the flag checks and the scenario parser need it in
// programs that never load polars (the handout runs without --allow-ffi).
export const MAX_WINDOW_DAYS = 3660;
