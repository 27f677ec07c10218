/**
 * The report window: which local days are reported, and which events fall inside them.
 *
 * Deploys and incident starts belong to the window by their own time. A resolve belongs with its
 * incident, so an incident that starts inside the window keeps its recovery time even when it is
 * resolved after the window ends.
 *
 * @example
 * ```ts
 * import { fixedWindow } from "./window.ts";
 * const window = fixedWindow("2024-03-25", 7, "Europe/Berlin");
 * console.assert(window.end === "2024-03-31" && window.calendar.length === 7);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import { addDays, buildCalendar, type CalendarDay, checkTimeZone, daysBetween, localDateOf } from "./calendar.ts";
import { INSTANT } from "./events.ts";

export interface ReportWindow {
  /** First local date, `YYYY-MM-DD`. */
  start: string;
  /** Last local date, inclusive. */
  end: string;
  days: number;
  timeZone: string;
  calendar: CalendarDay[];
  /** First instant of the window (inclusive), ms since the epoch. */
  startMs: number;
  /** First instant after the window (exclusive). */
  endMs: number;
}

/** A window of whole local days from `start` to `end`, inclusive. */
export function windowBetween(start: string, end: string, timeZone: string): ReportWindow {
  const zone = checkTimeZone(timeZone);
  const calendar = buildCalendar(start, end, zone);
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

/** `days` days from `start`. */
export function fixedWindow(start: string, days: number, timeZone: string): ReportWindow {
  return windowBetween(start, addDays(start, days - 1), timeZone);
}

export interface WindowBounds {
  start?: string;
  end?: string;
  /** Window length counted from `start` (or the first event's day), instead of `end`. */
  days?: number;
  timeZone: string;
}

/**
 * The window for ingested events: from the local day of the first event to the day of the last,
 * unless `start` and/or `end` (or `days`) pin it. Returns null when no bound can be found (no events and no
 * explicit dates).
 */
export function windowForEvents(events: pl.DataFrame, bounds: WindowBounds): ReportWindow | null {
  const zone = checkTimeZone(bounds.timeZone);
  let { start, end } = bounds;
  if ((!start || !end) && events.height > 0) {
    const range = events.select(
      pl.col("timestamp").min().cast(pl.Int64).alias("first"),
      pl.col("timestamp").max().cast(pl.Int64).alias("last"),
    ).row(0).map(Number);
    start ??= localDateOf(range[0], zone);
    end ??= bounds.days ? addDays(start, bounds.days - 1) : localDateOf(range[1], zone);
  }
  if (start && !end && bounds.days) end = addDays(start, bounds.days - 1);
  if (!start || !end) return null;
  if (daysBetween(start, end) < 0) {
    throw new RangeError(`the window ends (${end}) before it starts (${start})`);
  }
  return windowBetween(start, end, zone);
}

/** The calendar as a frame: `date`, `day_start`, `day_end`, `week_start`, `iso_weekday`. */
export function calendarFrame(window: ReportWindow): pl.DataFrame {
  const { calendar } = window;
  return pl.DataFrame({
    date: pl.Series("date", calendar.map((day) => day.date), pl.Utf8),
    day_start: pl.Series("day_start", calendar.map((day) => day.startMs), pl.Float64).cast(pl.Int64).cast(INSTANT),
    day_end: pl.Series("day_end", calendar.map((day) => day.endMs), pl.Float64).cast(pl.Int64).cast(INSTANT),
    week_start: pl.Series("week_start", calendar.map((day) => day.weekStart), pl.Utf8),
    iso_weekday: pl.Series("iso_weekday", calendar.map((day) => day.isoWeekday), pl.Int32),
  });
}

export interface WindowedEvents {
  /** Used events that belong to the window, in stream order, with the local `date` of each. */
  inside: pl.DataFrame;
  /** How many used events fall outside the window. */
  outside: number;
}

function instant(ms: number): pl.Expr {
  return pl.lit(ms).cast(pl.Int64).cast(INSTANT);
}

/** Splits used events into those inside the window and a count of the rest. */
export function splitByWindow(used: pl.DataFrame, window: ReportWindow): WindowedEvents {
  const within = pl.col("timestamp").gtEq(instant(window.startMs)).and(pl.col("timestamp").lt(instant(window.endMs)));
  const startsInside = used
    .filter(pl.col("type").eq(pl.lit("incident_start")).and(within))
    .select(pl.col("id"), pl.lit(true).alias("incident_inside"));
  const marked = used.join(startsInside, { on: "id", how: "left" })
    .withColumns(
      pl.when(pl.col("type").eq(pl.lit("incident_resolved")))
        .then(pl.col("incident_inside").isNotNull())
        .otherwise(within).alias("inside"),
    );
  const outside = marked.filter(pl.col("inside").not()).height;
  const inside = marked.filter(pl.col("inside")).drop(["incident_inside", "inside"]);
  // Each event's local day, found among the calendar's day starts (events are in time order).
  const days = calendarFrame(window).select(pl.col("day_start").alias("timestamp_day"), pl.col("date"));
  const dated = inside.sort("timestamp")
    .joinAsof(days, { leftOn: "timestamp", rightOn: "timestamp_day", strategy: "backward" })
    .drop("timestamp_day")
    .sort(["timestamp", "type_rank", "file", "line"]);
  return { inside: dated, outside };
}
