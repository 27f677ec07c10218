/**
 * Deployments per day: one row per calendar day of the window (per service when asked), with 0
 * on days without a deploy.
 *
 * @example
 * ```ts
 * import { deploysPerDay } from "./deploys_per_day.ts";
 * import { fixedWindow } from "../window.ts";
 * import { analyzeRecords } from "../analysis.ts";
 * const t = Date.UTC(2024, 0, 2, 10);
 * const { events, window } = analyzeRecords([{ timestamp: t, type: "deploy" }], { start: "2024-01-01", end: "2024-01-03" });
 * const perDay = deploysPerDay(events, window);
 * console.assert(perDay.getColumn("deploys").toArray().join() === "0,1,0");
 * ```
 * @module
 */
import pl from "nodejs-polars";
import { calendarFrame, type ReportWindow } from "../window.ts";

/**
 * `date`, `week_start`, `iso_weekday`, `deploys` (Int64) for every day; with `by = ["service"]`
 * also `service`, for every service that has any event in the window.
 */
export function deploysPerDay(events: pl.DataFrame, window: ReportWindow, by: readonly string[] = []): pl.DataFrame {
  const calendar = calendarFrame(window).select("date", "week_start", "iso_weekday");
  const deploys = events.filter(pl.col("type").eq(pl.lit("deploy")));
  const counts = deploys.groupBy(["date", ...by]).agg(pl.len().cast(pl.Int64).alias("deploys"));
  const grid: pl.DataFrame = by.length === 0
    ? calendar
    : events.select(...by).unique().join(calendar, { how: "cross" });
  return grid.join(counts, { on: ["date", ...by], how: "left" })
    .withColumns(pl.col("deploys").fillNull(0).cast(pl.Int64))
    .sort([...by, "date"]);
}
