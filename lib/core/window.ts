/**
 * The report window: which local days are reported, and which events fall inside them.
 *
 * Deploys and incident starts belong to the window by their own time. A resolve belongs with its
 * incident, so an incident that starts inside the window keeps its recovery time even when it is
 * resolved after the window ends.
 *
 * @module
 */
import pl from "nodejs-polars";
import { exactQuotient } from "./exact_division.ts";
import {
  addDays,
  buildCalendar,
  type CalendarDay,
  checkTimeZone,
  daysBetween,
  localDateOf,
  MAX_WINDOW_DAYS,
} from "./calendar.ts";
import { DAY_US, elapsedMicros, epochMillis, instantAt, instantsFromMs } from "./instants.ts";

/** The local days a report covers, in its zone, with their UTC bounds. */
export interface ReportWindow {
  /** First local date, `YYYY-MM-DD`. */
  start: string;
  /** Last local date, inclusive. */
  end: string;
  /** How many local days. */
  days: number;
  /** The report zone, as ICU spells it. */
  timeZone: string;
  /** Every day of the window, in order. */
  calendar: CalendarDay[];
  /** First instant of the window (inclusive), ms since the epoch. */
  startMs: number;
  /** First instant after the window (exclusive). */
  endMs: number;
}

/** A window of whole local days from `start` to `end`, inclusive, in `timeZone`. */
export function windowBetween(
  start: string,
  end: string,
  { timeZone }: { timeZone: string },
): ReportWindow {
  const zone = checkTimeZone(timeZone);
  const calendar = buildCalendar(start, end, { timeZone: zone });
  return {
    start,
    end,
    days: calendar.length,
    timeZone: zone,
    calendar,
    startMs: calendar[0].startMs,
    endMs: calendar[calendar.length - 1].endMs,
  };
}

/**
 * `days` days from `start`, in `timeZone`.
 *
 * @example A week in Berlin that loses an hour
 * ```ts
 * import assert from "node:assert/strict";
 * import { fixedWindow } from "./window.ts";
 *
 * const window = fixedWindow("2024-03-25", 7, { timeZone: "Europe/Berlin" });
 * assert.equal(window.end, "2024-03-31");
 * assert.equal(window.calendar.length, 7);
 * assert.equal(window.endMs - window.startMs, 7 * 86_400_000 - 3_600_000);
 * ```
 */
export function fixedWindow(
  start: string,
  days: number,
  { timeZone }: { timeZone: string },
): ReportWindow {
  return windowBetween(start, addDays(start, days - 1), { timeZone });
}

/** What pins a window for ingested events; anything left out comes from the events. */
export interface WindowBounds {
  /** First local date, `YYYY-MM-DD`. */
  start?: string;
  /** Last local date, inclusive. */
  end?: string;
  /** Window length counted from `start` (or the first event's day), instead of `end`. */
  days?: number;
  /** The report zone (an IANA name). */
  timeZone: string;
}

/**
 * The window for ingested events: from the local day of the first event to the day of the last,
 * unless `start` and/or `end` (or `days`) pin it. Returns null when no bound can be found (no
 * events and no explicit dates). Throws a RangeError, in one line that names the span, for a
 * window longer than {@link MAX_WINDOW_DAYS}.
 *
 * @example Events from a mistyped year make a window too long to draw
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { windowForEvents } from "./window.ts";
 *
 * const events = pl.DataFrame({
 *   timestamp: [Date.UTC(202, 2, 4, 9), Date.UTC(2024, 2, 5, 9)],
 * }).select(pl.col("timestamp").cast(pl.Datetime("ms", "UTC")));
 * assert.throws(
 *   () => windowForEvents(events, { timeZone: "UTC" }),
 *   /^RangeError: the events run from 0202-03-04 to 2024-03-05, 665475 days; a window is at most 3660 days: choose one with --start and --end$/,
 * );
 * const window = windowForEvents(events, { timeZone: "UTC", start: "2024-03-01" });
 * assert.deepEqual([window?.start, window?.end, window?.days], ["2024-03-01", "2024-03-05", 5]);
 * ```
 */
export function windowForEvents(
  events: pl.DataFrame | readonly pl.DataFrame[],
  bounds: WindowBounds,
): ReportWindow | null {
  const zone = checkTimeZone(bounds.timeZone);
  let { start, end } = bounds;
  const range = timeRange(Array.isArray(events) ? events : [events as pl.DataFrame]);
  if ((!start || !end) && range) {
    start ??= localDateOf(range.first, zone);
    end ??= bounds.days ? addDays(start, bounds.days - 1) : localDateOf(range.last, zone);
  }
  if (start && !end && bounds.days) end = addDays(start, bounds.days - 1);
  if (!start || !end) return null;
  for (const date of [start, end]) {
    // An offset can carry 9999-12-31T23:00-14:00 into year 10000, which has no YYYY-MM-DD.
    if (!/^\d{4}-/.test(date)) {
      throw new RangeError(`an event falls on ${date}, outside the years 0000 to 9999`);
    }
  }
  if (daysBetween(start, end) < 0) {
    throw new RangeError(`the window ends (${end}) before it starts (${start})`);
  }
  const days = daysBetween(start, end) + 1;
  if (days > MAX_WINDOW_DAYS) {
    const span = bounds.start || bounds.end
      ? `the window from ${start} to ${end} is ${days} days`
      : `the events run from ${start} to ${end}, ${days} days`;
    throw new RangeError(
      `${span}; a window is at most ${MAX_WINDOW_DAYS} days: choose one with --start and --end`,
    );
  }
  return windowBetween(start, end, { timeZone: zone });
}

/**
 * The first and last instant over frames with a `timestamp`, in ms rounded down (which compare
 * with whole-millisecond bounds as the instants do), or null when all are empty.
 */
function timeRange(frames: readonly pl.DataFrame[]): { first: number; last: number } | null {
  const ranges = frames.filter((frame) => frame.height > 0).map((frame) =>
    frame.select(
      epochMillis(pl.col("timestamp").min()).alias("first"),
      epochMillis(pl.col("timestamp").max()).alias("last"),
    ).row(0).map(Number)
  );
  if (ranges.length === 0) return null;
  return {
    first: Math.min(...ranges.map((r) => r[0])),
    last: Math.max(...ranges.map((r) => r[1])),
  };
}

/** The calendar as a frame: `day` (0-based index), `date`, `day_start`, `day_end`, `week_start`, `iso_weekday`. */
export function calendarFrame(window: ReportWindow): pl.DataFrame {
  const { calendar } = window;
  return pl.DataFrame({
    day: pl.Series("day", calendar.map((_, index) => index), pl.Int32),
    date: pl.Series("date", calendar.map((day) => day.date), pl.Utf8),
    day_start: instantsFromMs(pl.Series("day_start", calendar.map((day) => day.startMs))),
    day_end: instantsFromMs(pl.Series("day_end", calendar.map((day) => day.endMs))),
    week_start: pl.Series("week_start", calendar.map((day) => day.weekStart), pl.Utf8),
    iso_weekday: pl.Series("iso_weekday", calendar.map((day) => day.isoWeekday), pl.Int32),
  });
}

/** Used events split by type, as the stream rules give them. */
export interface EventParts {
  /** Used deploys. */
  deploys: pl.DataFrame;
  /** The kept start of each incident. */
  starts: pl.DataFrame;
  /** The resolve that closed each incident. */
  resolves: pl.DataFrame;
}

/** The used events that belong to a window, and how many do not. */
export interface WindowedEvents extends EventParts {
  /** How many used events fall outside the window. */
  outside: number;
}

const DAY_MS = 86_400_000;

/**
 * Adds `day`, the index into the window's calendar, to rows inside the window. Days are 24 hours
 * except on DST changes, so counting 24-hour steps from the window's start is never more than one
 * day off; the calendar's own bounds then settle it.
 */
export function withDayIndex(
  frame: pl.DataFrame,
  window: ReportWindow,
  { column = "timestamp" }: { column?: string } = {},
): pl.DataFrame {
  const sinceStart = elapsedMicros(pl.col(column), instantAt(window.startMs));
  const guess = exactQuotient(sinceStart, DAY_US).floor().clip(0, window.days - 1).cast(pl.Int32);
  const regular = window.calendar.every((day, index) =>
    day.startMs === window.startMs + index * DAY_MS && day.endMs - day.startMs === DAY_MS
  );
  if (regular) return frame.withColumns(guess.alias("day"));
  const bounds = calendarFrame(window).select(pl.col("day").alias("guess"), "day_start", "day_end");
  return frame.withColumns(guess.alias("guess"))
    .join(bounds, { on: "guess", how: "left" })
    .withColumns(
      pl.when(pl.col(column).lt(pl.col("day_start"))).then(pl.col("guess").sub(1))
        .when(pl.col(column).gtEq(pl.col("day_end"))).then(pl.col("guess").add(1))
        .otherwise(pl.col("guess")).cast(pl.Int32).alias("day"),
    )
    .drop(["guess", "day_start", "day_end"]);
}

/**
 * The parts of the used events that belong to the window, deploys and starts with their calendar
 * `day`, and a count of the rest.
 */
export function splitByWindow(used: EventParts, window: ReportWindow): WindowedEvents {
  const inside = (frame: pl.DataFrame) => {
    const range = timeRange([frame]);
    // Most inputs lie wholly inside their window: then there is nothing to filter (or copy).
    if (!range || (range.first >= window.startMs && range.last < window.endMs)) return frame;
    return frame.filter(
      pl.col("timestamp").gtEq(instantAt(window.startMs)).and(
        pl.col("timestamp").lt(instantAt(window.endMs)),
      ),
    );
  };
  const deploys = withDayIndex(inside(used.deploys), window);
  const starts = withDayIndex(inside(used.starts), window);
  // A resolve goes with its incident, wherever its own time falls.
  const resolves =
    (starts.height === used.starts.height
      ? used.resolves
      : used.resolves.join(starts.select("id"), { on: "id", how: "semi" }))
      .withColumns(pl.lit(null).cast(pl.Int32).alias("day"));
  const total = used.deploys.height + used.starts.height + used.resolves.height;
  return {
    deploys,
    starts,
    resolves,
    outside: total - deploys.height - starts.height - resolves.height,
  };
}
