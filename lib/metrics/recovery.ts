/**
 * Recovery time: each incident's `resolved − start` in minutes (a float, not rounded), and the
 * mean ("MTTR") and median over resolved incidents. Unresolved incidents have a null recovery
 * time, are left out of the mean and median, and are counted.
 *
 * @module
 */
import pl from "nodejs-polars";
import { minutesBetween } from "../core/instants.ts";
import { calendarFrame, type ReportWindow } from "../core/window.ts";
import { aggregate } from "./aggregate.ts";

/** Recovery time of the window's incidents, or of one service's. */
export interface RecoverySummary {
  /** Incidents that start in the window. */
  incidents: number;
  /** Of them, those resolved. */
  resolved: number;
  /** Of them, those still open: left out of the mean and the median. */
  unresolved: number;
  /** Mean recovery time in minutes (MTTR); null without resolved incidents. */
  mean_minutes: number | null;
  /** Median recovery time in minutes; null without resolved incidents. */
  median_minutes: number | null;
}

/**
 * Each incident start paired with its resolve, by `id`: `id`, `service`, `start`, `resolved` (null
 * while the incident is open) and `deploy_id` (the explicit cause, if given), in the order of the
 * starts. The stream rules have already kept one start and at most one resolve per id, so this
 * is a left join: every start stays, with or without a resolve. The starts' bookkeeping columns
 * (`file`, `line`, `day`) come along.
 *
 * @example The resolve of `b` is missing: `b` is still open
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { pairIncidents } from "./recovery.ts";
 *
 * const at = (iso: string) => new Date(iso);
 * const starts = pl.DataFrame({
 *   id: ["a", "b"],
 *   service: ["api", "web"],
 *   timestamp: [at("2024-01-01T10:00:00Z"), at("2024-01-01T11:00:00Z")],
 *   deploy_id: [null, "d1"],
 * });
 * const resolves = pl.DataFrame({ id: ["a"], timestamp: [at("2024-01-01T10:30:00Z")] });
 * const pairs = pairIncidents(starts, resolves).toRecords();
 * assert.deepEqual(pairs.map((row) => [row.id, row.resolved === null]), [["a", false], ["b", true]]);
 * ```
 */
export function pairIncidents(starts: pl.DataFrame, resolves: pl.DataFrame): pl.DataFrame {
  const bookkeeping = ["file", "line", "day"].filter((name) => starts.columns.includes(name));
  return starts.select(
    "id",
    "service",
    pl.col("timestamp").alias("start"),
    "deploy_id",
    ...bookkeeping,
  )
    .join(resolves.select("id", pl.col("timestamp").alias("resolved")), { on: "id", how: "left" })
    .select("id", "service", "start", "resolved", "deploy_id", ...bookkeeping);
}

/**
 * Adds `recovery_minutes`: `resolved − start` in minutes, a float that is not rounded; null while
 * the incident is open.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { withRecoveryMinutes } from "./recovery.ts";
 *
 * const pairs = pl.DataFrame({
 *   start: [new Date("2024-01-01T10:00:00Z"), new Date("2024-01-01T11:00:00Z")],
 *   resolved: [new Date("2024-01-01T10:09:48Z"), null],
 * });
 * assert.deepEqual(withRecoveryMinutes(pairs).getColumn("recovery_minutes").toArray(), [9.8, null]);
 * ```
 */
export function withRecoveryMinutes(pairs: pl.DataFrame): pl.DataFrame {
  return pairs.withColumns(
    minutesBetween(pl.col("resolved"), pl.col("start")).alias("recovery_minutes"),
  );
}

/** What {@link incidentsFrame} needs besides the starts and resolves. */
export interface IncidentsFrameOptions {
  /** The report window, whose calendar dates the starts. */
  window: ReportWindow;
}

/**
 * One row per incident that starts in the window, by start time: `id`, `service`, `start`,
 * `resolved` (null while open), `recovery_minutes`, `deploy_id` (the explicit cause, if given)
 * and the local `date` of the start. It is {@link pairIncidents}, then
 * {@link withRecoveryMinutes}; the starts carry their calendar `day`.
 */
export function incidentsFrame(
  starts: pl.DataFrame,
  resolves: pl.DataFrame,
  { window }: IncidentsFrameOptions,
): pl.DataFrame {
  const dates = calendarFrame(window).select("day", "date");
  return withRecoveryMinutes(pairIncidents(starts, resolves))
    .join(dates, { on: "day", how: "left" })
    .sort(["start", "file", "line"])
    .select("id", "service", "start", "resolved", "recovery_minutes", "deploy_id", "date");
}

/**
 * Every incident of the used starts and resolves, inside the window or not: `id`, `service`, `start` and
 * `resolved` (null while open). Rework needs the ones opened before the window too.
 */
export function incidentSpansFrame(starts: pl.DataFrame, resolves: pl.DataFrame): pl.DataFrame {
  return pairIncidents(starts.select("id", "service", "timestamp", "deploy_id"), resolves)
    .select("id", "service", "start", "resolved");
}

/** How {@link recoveryStats} groups. */
export interface RecoveryOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the window total. */
  by?: readonly string[];
}

/**
 * One row per group: `incidents`, `resolved`, `unresolved`, `mean_minutes`, `median_minutes`.
 * polars' `mean` and `median` skip nulls, so the open incidents are counted but not averaged.
 *
 * @example One incident resolved after 90 seconds
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { recoveryStats } from "./recovery.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const { incidents } = analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "a" },
 *   { timestamp: t + 90_000, type: "incident_resolved", id: "a" },
 *   { timestamp: t + 1, type: "incident_start", id: "b" },
 * ]);
 * const [summary] = recoveryStats(incidents).toRecords();
 * assert.deepEqual(summary, {
 *   incidents: 2,
 *   resolved: 1,
 *   unresolved: 1,
 *   mean_minutes: 1.5,
 *   median_minutes: 1.5,
 * });
 * ```
 */
export function recoveryStats(
  incidents: pl.DataFrame,
  { by = [] }: RecoveryOptions = {},
): pl.DataFrame {
  const minutes = pl.col("recovery_minutes");
  return aggregate(incidents, [
    pl.len().cast(pl.Int64).alias("incidents"),
    minutes.isNotNull().sum().cast(pl.Int64).alias("resolved"),
    minutes.isNull().sum().cast(pl.Int64).alias("unresolved"),
    minutes.mean().alias("mean_minutes"),
    minutes.median().alias("median_minutes"),
  ], { by });
}

/** The summary of one row of {@link recoveryStats}. */
export function recoveryOf(row: Record<string, unknown> | undefined): RecoverySummary {
  const number = (
    value: unknown,
  ) => (value == null || Number.isNaN(Number(value)) ? null : Number(value));
  return {
    incidents: Number(row?.incidents ?? 0),
    resolved: Number(row?.resolved ?? 0),
    unresolved: Number(row?.unresolved ?? 0),
    mean_minutes: number(row?.mean_minutes),
    median_minutes: number(row?.median_minutes),
  };
}
