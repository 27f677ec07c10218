/**
 * Change failure rate: distinct deploys that caused at least one incident, over all deploys.
 *
 * An incident's cause is its explicit `deploy_id` when given (even across services). Otherwise it
 * is inferred: the latest deploy of the same service at or before the incident's start, within
 * the attribution window (24 h by default; `null` turns inference off). Each incident has at most
 * one cause, and the rate counts distinct deploys, so it can never exceed 100%.
 *
 * Deploys before the report window can be a cause (an incident on the window's first morning may
 * come from last night's deploy), and `caused_by` names them; but only the window's own deploys
 * are counted, on both sides of the ratio.
 *
 * @module
 */
import pl from "nodejs-polars";
import { aggregate, sortedByTime } from "./aggregate.ts";
import { elapsedMicros } from "../core/instants.ts";

/** How far back a cause is inferred by default: 24 hours, in milliseconds. */
export const DEFAULT_ATTRIBUTION_WINDOW_MS = 24 * 3_600_000;

/** The change failure rate of the window or of one service. */
export interface ChangeFailureRate {
  /** Deploys in the window. */
  deploys: number;
  /** Distinct window deploys named as the cause of an incident. */
  failed_deploys: number;
  /** `failed_deploys / deploys`; null without deploys. */
  rate: number | null;
}

/** How {@link attributeIncidents} infers causes. */
export interface AttributionOptions {
  /** How far back a cause is inferred, in ms; null turns inference off. Default 24 h. */
  attributionWindowMs?: number | null;
}

/** How {@link changeFailureRate} groups. */
export interface ChangeFailureOptions {
  /** Group keys, e.g. `["service"]`; empty (the default) for the window total. */
  by?: readonly string[];
}

/**
 * Adds `caused_by` (and `cause`: "explicit", "inferred" or null) to an incidents frame. `deploys`
 * are all used deploys, inside the window or not.
 *
 * @example An explicit cause, an inferred one, and one too late to infer
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { attributeIncidents } from "./change_failure.ts";
 *
 * const hour = 3_600_000;
 * const deploys = pl.DataFrame({ id: ["d1"], service: ["api"], timestamp: [new Date(0)] });
 * const incidents = pl.DataFrame({
 *   id: ["i1", "i2", "i3"],
 *   service: ["api", "api", "web"],
 *   start: [new Date(hour), new Date(30 * hour), new Date(hour)],
 *   deploy_id: [null, null, "d9"],
 * });
 * const attributed = attributeIncidents(incidents, deploys).toRecords();
 * assert.deepEqual(attributed.map((row) => [row.caused_by, row.cause]), [
 *   ["d1", "inferred"],
 *   [null, null],
 *   ["d9", "explicit"],
 * ]);
 * const withoutInference = attributeIncidents(incidents, deploys, { attributionWindowMs: null });
 * assert.deepEqual(withoutInference.getColumn("caused_by").toArray(), [null, null, "d9"]);
 * ```
 */
export function attributeIncidents(
  incidents: pl.DataFrame,
  deploys: pl.DataFrame,
  { attributionWindowMs = DEFAULT_ATTRIBUTION_WINDOW_MS }: AttributionOptions = {},
): pl.DataFrame {
  let inferred = pl.lit(null).cast(pl.Utf8);
  let withInference = incidents;
  if (attributionWindowMs !== null && incidents.height > 0) {
    // The latest deploy of the same service at or before each start: an as-of join per service.
    // A stable sort keeps input order among deploys of one instant, so the last of them wins.
    const candidates = sortedByTime(deploys)
      .select(
        pl.col("service"),
        pl.col("timestamp").alias("deploy_at"),
        pl.col("id").alias("deploy"),
      );
    // Incidents in start order (as the analysis keeps them) keep their order through the as-of
    // join, so its result lines up with them row for row; others are sorted and joined back by id.
    const byStart = sortedByTime(incidents, "start");
    const inStartOrder = byStart === incidents;
    const latest = byStart.select("id", "service", "start")
      .joinAsof(candidates, {
        leftOn: "start",
        rightOn: "deploy_at",
        by: "service",
        strategy: "backward",
        // Both sides are sorted by time, which is all the join needs within each service.
        checkSortedness: false,
      })
      .select(
        pl.col("id"),
        pl.when(
          elapsedMicros(pl.col("start"), pl.col("deploy_at")).ltEq(
            pl.lit(attributionWindowMs * 1000).cast(pl.Int64),
          ),
        )
          .then(pl.col("deploy")).otherwise(pl.lit(null).cast(pl.Utf8)).alias("inferred_cause"),
      );
    withInference = inStartOrder
      ? incidents.withColumns(latest.getColumn("inferred_cause"))
      : incidents.join(latest, { on: "id", how: "left" });
    inferred = pl.col("inferred_cause");
  }
  return withInference.withColumns(
    pl.col("deploy_id").fillNull(inferred).alias("caused_by"),
    pl.when(pl.col("deploy_id").isNotNull()).then(pl.lit("explicit"))
      .when(inferred.isNotNull()).then(pl.lit("inferred"))
      .otherwise(pl.lit(null).cast(pl.Utf8)).alias("cause"),
  ).select(...incidents.columns, "caused_by", "cause");
}

/**
 * The deploys that caused at least one incident: the rows of `deploys` (the window's) named in
 * an attributed incident's `caused_by`, each once, by time, with `incidents`, how many incidents
 * it caused. A cause outside `deploys` (a deploy before the window) is not one of them.
 *
 * @example Two incidents on one deploy: one failed deploy
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { failedDeploys } from "./change_failure.ts";
 *
 * const deploys = pl.DataFrame({
 *   id: ["d1", "d2", "d3"],
 *   service: ["api", "api", "web"],
 *   timestamp: [new Date(1), new Date(2), new Date(3)],
 * });
 * const attributed = pl.DataFrame({ id: ["i1", "i2", "i3"], caused_by: ["d2", "d2", null] });
 * assert.deepEqual(
 *   failedDeploys(deploys, attributed).select("id", "incidents").toRecords(),
 *   [{ id: "d2", incidents: 2 }],
 * );
 * ```
 */
export function failedDeploys(deploys: pl.DataFrame, attributed: pl.DataFrame): pl.DataFrame {
  // Joined on a 64-bit hash of the id, then checked on the ids themselves: hashing millions of
  // deploy ids once is cheaper than a join on the strings, and a shared hash cannot pair two ids.
  const idHash = (column: string) => pl.col(column).hash(17, 29, 41, 53).alias("id_hash");
  const causes = attributed.filter(pl.col("caused_by").isNotNull())
    .groupBy("caused_by").agg(pl.len().cast(pl.Int64).alias("incidents"))
    .withColumns(idHash("caused_by"));
  const failed = deploys.withColumns(idHash("id"))
    .join(causes, { on: "id_hash", how: "inner" })
    .filter(pl.col("id").eq(pl.col("caused_by")))
    .select(...deploys.columns, "incidents");
  return sortedByTime(failed);
}

/**
 * One row per group: `deploys` (the window's), `failed_deploys` (the rows of
 * {@link failedDeploys}) and `rate`, failed ÷ deploys (null without deploys).
 *
 * @example One of two deploys caused an incident
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { changeFailureRate, failedDeploys } from "./change_failure.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const { deploys, incidents } = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + 60_000, type: "deploy", id: "d2", service: "web" },
 *   { timestamp: t + 600_000, type: "incident_start", id: "i1", service: "api" },
 * ]);
 * const failed = failedDeploys(deploys, incidents);
 * const [row] = changeFailureRate(deploys, failed).toRecords();
 * assert.deepEqual(row, { deploys: 2, failed_deploys: 1, rate: 0.5 });
 * const byService = changeFailureRate(deploys, failed, { by: ["service"] });
 * assert.deepEqual(byService.getColumn("rate").toArray(), [1, 0]);
 * ```
 */
export function changeFailureRate(
  deploys: pl.DataFrame,
  failed: pl.DataFrame,
  { by = [] }: ChangeFailureOptions = {},
): pl.DataFrame {
  const totals = aggregate(deploys, [pl.len().cast(pl.Int64).alias("deploys")], { by });
  const failedCounts = aggregate(failed, [pl.len().cast(pl.Int64).alias("failed_deploys")], { by });
  const joined: pl.DataFrame = by.length === 0
    ? pl.concat([totals, failedCounts], { how: "horizontal" })
    : totals.join(failedCounts, { on: [...by], how: "left" });
  return joined.withColumns(pl.col("failed_deploys").fillNull(0)).withColumns(
    pl.when(pl.col("deploys").gt(0))
      .then(pl.col("failed_deploys").cast(pl.Float64).div(pl.col("deploys")))
      .otherwise(pl.lit(null).cast(pl.Float64)).alias("rate"),
  );
}
