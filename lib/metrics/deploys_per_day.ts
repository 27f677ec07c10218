/**
 * Deployments per day, in four small steps that the notebook shows one by one and the pipeline
 * runs in the same order: the deploys of the events ({@link deploysOf}) → each deploy's local
 * date in the report zone ({@link withLocalDate}) → deploys counted per date
 * ({@link countPerDay}) → joined onto the window's calendar, so a day without a deploy is a row
 * with 0 instead of a missing row ({@link onCalendar}). {@link deploysPerDay} is the four in one.
 *
 * @module
 */
import pl from "nodejs-polars";
import { utcMidnightOf } from "../core/calendar.ts";
import { calendarFrame, type ReportWindow, withDayIndex } from "../core/window.ts";

/** How {@link deploysPerDay}, {@link countPerDay} and {@link onCalendar} group. */
export interface DeploysPerDayOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the whole window. */
  by?: readonly string[];
  /** With one key, the groups to list (so a service without deploys gets zeros); default: those that deployed. */
  services?: readonly string[];
}

/**
 * The deploys of an events frame: the rows whose `type` is `deploy`. (The stream rules split the
 * used events by type with the same filter, so the pipeline's deploys are these.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { deploysOf } from "./deploys_per_day.ts";
 *
 * const events = pl.DataFrame({ type: ["deploy", "incident_start", "deploy"], id: ["d1", "i1", "d2"] });
 * assert.deepEqual(deploysOf(events).getColumn("id").toArray(), ["d1", "d2"]);
 * ```
 */
export function deploysOf(events: pl.DataFrame): pl.DataFrame {
  return events.filter(pl.col("type").eq(pl.lit("deploy")));
}

/** What {@link withLocalDate} dates. */
export interface LocalDateOptions {
  /** The instant column to date. Default `timestamp`. */
  column?: string;
}

/** Days from 1970-01-01 to a `YYYY-MM-DD` date: the number a polars `Date` holds. */
function epochDay(date: string): number {
  return utcMidnightOf(date) / 86_400_000;
}

/**
 * Adds `date`, each row's calendar date in the window's time zone (a polars `Date`), by the
 * window's calendar: a DST day is one date, 23 or 25 hours long. Rows must lie inside the window.
 * The calendar index `day` comes along; one already there (the analysis adds it when it splits
 * events by window) is used as it is.
 *
 * @example 23:30 UTC is already the next day in Berlin
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { fixedWindow } from "../core/window.ts";
 * import { withLocalDate } from "./deploys_per_day.ts";
 *
 * const deploys = pl.DataFrame({ id: ["d1", "d2"] }).withColumns(
 *   pl.Series("timestamp", [Date.UTC(2024, 0, 1, 22, 30), Date.UTC(2024, 0, 1, 23, 30)])
 *     .cast(pl.Int64).cast(pl.Datetime("ms", "UTC")),
 * );
 * const window = fixedWindow("2024-01-01", 2, { timeZone: "Europe/Berlin" });
 * const dated = withLocalDate(deploys, window).select(pl.col("date").cast(pl.Utf8));
 * assert.deepEqual(dated.getColumn("date").toArray(), ["2024-01-01", "2024-01-02"]);
 * ```
 */
export function withLocalDate(
  frame: pl.DataFrame,
  window: ReportWindow,
  { column = "timestamp" }: LocalDateOptions = {},
): pl.DataFrame {
  const indexed = frame.columns.includes("day") ? frame : withDayIndex(frame, window, { column });
  return indexed.withColumns(
    pl.col("day").cast(pl.Int32).add(pl.lit(epochDay(window.start)).cast(pl.Int32)).cast(pl.Date)
      .alias("date"),
  );
}

/**
 * Deploys per local date: one row per date (per group) that has at least one deploy, by date:
 * `by` columns, `date`, `deploys` (Int64). Days without a deploy have no row here:
 * {@link onCalendar} puts them back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { countPerDay } from "./deploys_per_day.ts";
 *
 * const dated = pl.DataFrame({ date: ["2024-01-03", "2024-01-01", "2024-01-03"] });
 * assert.deepEqual(countPerDay(dated).toRecords(), [
 *   { date: "2024-01-01", deploys: 1 },
 *   { date: "2024-01-03", deploys: 2 },
 * ]);
 * ```
 */
export function countPerDay(
  dated: pl.DataFrame,
  { by = [] }: Pick<DeploysPerDayOptions, "by"> = {},
): pl.DataFrame {
  return dated.groupBy([...by, "date"]).agg(pl.len().cast(pl.Int64).alias("deploys"))
    .sort([...by, "date"]);
}

/**
 * Counts per date joined onto the window's calendar: every day of the window (for every group),
 * with 0 where {@link countPerDay} had no row. Columns: `by` columns, `date` (`YYYY-MM-DD` text),
 * `week_start` (the Monday of its ISO week), `iso_weekday` (1 = Monday), `deploys` (Int64).
 *
 * @example The day without deploys comes back as 0
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { fixedWindow } from "../core/window.ts";
 * import { onCalendar } from "./deploys_per_day.ts";
 *
 * const counts = pl.DataFrame({ date: ["2024-01-01", "2024-01-03"], deploys: [2, 1] });
 * const perDay = onCalendar(counts, fixedWindow("2024-01-01", 3, { timeZone: "UTC" }));
 * assert.deepEqual(perDay.getColumn("deploys").toArray(), [2, 0, 1]);
 * assert.deepEqual(perDay.columns, ["date", "week_start", "iso_weekday", "deploys"]);
 * ```
 */
export function onCalendar(
  counts: pl.DataFrame,
  window: ReportWindow,
  { by = [], services }: DeploysPerDayOptions = {},
): pl.DataFrame {
  const calendar = calendarFrame(window).select("day", "date", "week_start", "iso_weekday");
  // Group keys join as text: the services given are, whatever type the counts keep them in.
  const asText = by.map((name) => pl.col(name).cast(pl.Utf8));
  const groups: pl.DataFrame = services && by.length === 1
    ? pl.DataFrame({ [by[0]]: pl.Series(by[0], [...services], pl.Utf8) })
    : counts.select(...asText).unique();
  const grid: pl.DataFrame = by.length === 0 ? calendar : groups.join(calendar, { how: "cross" });
  // The calendar's dates are text: the counts' dates join as text too.
  const keyed = counts.select(...asText, pl.col("date").cast(pl.Utf8), "deploys");
  return grid.join(keyed, { on: ["date", ...by], how: "left" })
    .withColumns(pl.col("deploys").fillNull(0).cast(pl.Int64))
    .sort([...by, "day"])
    .drop("day");
}

/**
 * `date`, `week_start`, `iso_weekday`, `deploys` (Int64) for every day, from the window's deploys:
 * {@link withLocalDate}, {@link countPerDay}, then {@link onCalendar}. With `by = ["service"]`
 * also `service`, for every service named in `services` (default: those that deployed).
 *
 * @example Days without a deploy count 0
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { deploysPerDay } from "./deploys_per_day.ts";
 *
 * const t = Date.UTC(2024, 0, 2, 10);
 * const { deploys, window } = analyzeRecords([{ timestamp: t, type: "deploy", service: "api" }], {
 *   start: "2024-01-01",
 *   end: "2024-01-03",
 * });
 * assert.deepEqual(deploysPerDay(deploys, window).getColumn("deploys").toArray(), [0, 1, 0]);
 * const perService = deploysPerDay(deploys, window, { by: ["service"], services: ["api", "web"] });
 * assert.deepEqual(perService.getColumn("deploys").toArray(), [0, 1, 0, 0, 0, 0]);
 * ```
 */
export function deploysPerDay(
  deploys: pl.DataFrame,
  window: ReportWindow,
  { by = [], services }: DeploysPerDayOptions = {},
): pl.DataFrame {
  const counts = countPerDay(withLocalDate(deploys, window), { by });
  return onCalendar(counts, window, { by, services });
}
