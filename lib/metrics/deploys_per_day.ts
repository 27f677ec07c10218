/**
 * Deployments per day: one row per calendar day of the window (per service when asked), with 0
 * on days without a deploy.
 *
 * @module
 */
import pl from "nodejs-polars";
import { calendarFrame, type ReportWindow } from "../core/window.ts";

/** How {@link deploysPerDay} groups. */
export interface DeploysPerDayOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the whole window. */
  by?: readonly string[];
  /** With one key, the groups to list (so a service without deploys gets zeros); default: those that deployed. */
  services?: readonly string[];
}

/**
 * `date`, `week_start`, `iso_weekday`, `deploys` (Int64) for every day, from the window's deploys
 * (with their `day` index). With `by = ["service"]` also `service`, for every service named in
 * `services` (default: those that deployed).
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
  const calendar = calendarFrame(window).select("day", "date", "week_start", "iso_weekday");
  const counts = deploys.groupBy(["day", ...by]).agg(pl.len().cast(pl.Int64).alias("deploys"));
  const groups: pl.DataFrame = services && by.length === 1
    ? pl.DataFrame({ [by[0]]: pl.Series(by[0], [...services], pl.Utf8) })
    : deploys.select(...by).unique();
  const grid: pl.DataFrame = by.length === 0 ? calendar : groups.join(calendar, { how: "cross" });
  return grid.join(counts, { on: ["day", ...by], how: "left" })
    .withColumns(pl.col("deploys").fillNull(0).cast(pl.Int64))
    .sort([...by, "day"])
    .drop("day");
}
