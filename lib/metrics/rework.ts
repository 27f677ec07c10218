/**
 * Deployment rework rate: the share of a service's deploys made while one of its incidents was
 * open — unplanned, fix-forward deploys.
 *
 * An incident is open from its start (inclusive) to its resolve (exclusive); an unresolved one
 * stays open. Incidents that started before the window still count as open during it, but only
 * the window's deploys are counted.
 *
 * @module
 */
import pl from "nodejs-polars";
import { aggregate, sortedByTime } from "./aggregate.ts";
import { epochMicros } from "../core/instants.ts";

/** The deployment rework rate of the window or of one service. */
export interface ReworkRate {
  /** Deploys in the window. */
  deploys: number;
  /** Of them, those made while an incident of their service was open. */
  rework_deploys: number;
  /** `rework_deploys / deploys`; null without deploys. */
  rate: number | null;
}

/** How {@link reworkFrame} groups. */
export interface ReworkOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the window total. */
  by?: readonly string[];
}

/**
 * One row per group: `deploys`, `rework_deploys`, `rate` (null without deploys). `deploys` are the
 * window's deploys; `incidentSpans` (`service`, `start`, `resolved`) are all incidents, including
 * those opened before the window.
 *
 * @example A deploy during an open incident of its service is rework
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { reworkFrame } from "./rework.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "i1", service: "api" },
 *   { timestamp: t + 60_000, type: "deploy", service: "api" },
 *   { timestamp: t + 120_000, type: "deploy", service: "web" },
 * ]);
 * const [row] = reworkFrame(analysis.deploys, analysis.incidentSpans).toRecords();
 * assert.deepEqual(row, { deploys: 2, rework_deploys: 1, rate: 0.5 });
 * const byService = reworkFrame(analysis.deploys, analysis.incidentSpans, { by: ["service"] });
 * assert.deepEqual(byService.getColumn("rework_deploys").toArray(), [1, 0]);
 * ```
 */
export function reworkFrame(
  deploys: pl.DataFrame,
  incidentSpans: pl.DataFrame,
  { by = [] }: ReworkOptions = {},
): pl.DataFrame {
  // Open incidents per service after each change, +1 at a start and -1 at a resolve. At one
  // instant a resolve closes before a start opens, and a deploy then sees the count.
  const changes = pl.concat([
    incidentSpans.filter(pl.col("resolved").isNotNull()).select(
      pl.col("service"),
      pl.col("resolved").alias("at"),
      pl.lit(0).cast(pl.Int8).alias("order"),
      pl.lit(-1).cast(pl.Int32).alias("change"),
    ),
    incidentSpans.select(
      pl.col("service"),
      pl.col("start").alias("at"),
      pl.lit(1).cast(pl.Int8).alias("order"),
      pl.lit(1).cast(pl.Int32).alias("change"),
    ),
  ])
    // One integer key orders by time, then resolve before start; a running sum per service
    // (in that order) is the count of open incidents after each change. An Int64 literal keeps
    // the key an integer: microseconds times 2 as a float would merge instants after 2112.
    .withColumns(
      epochMicros(pl.col("at")).mul(pl.lit(2).cast(pl.Int64)).add(pl.col("order").cast(pl.Int64))
        .alias("sequence"),
    )
    .sort("sequence")
    .withColumns(pl.col("change").cumSum().over("service").alias("open_incidents"));
  // Each deploy takes the state after the last change at or before it, within its service (an
  // as-of join picks the last of several changes at one instant).
  const seen = sortedByTime(deploys).select("service", "timestamp")
    .joinAsof(changes.select("service", "at", "open_incidents"), {
      leftOn: "timestamp",
      rightOn: "at",
      by: "service",
      strategy: "backward",
      checkSortedness: false,
    });
  return aggregate(seen, [
    pl.len().cast(pl.Int64).alias("deploys"),
    pl.col("open_incidents").fillNull(0).gt(0).sum().cast(pl.Int64).alias("rework_deploys"),
  ], { by }).withColumns(
    pl.when(pl.col("deploys").gt(0))
      .then(pl.col("rework_deploys").cast(pl.Float64).div(pl.col("deploys")))
      .otherwise(pl.lit(null).cast(pl.Float64)).alias("rate"),
  );
}
