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
 * @example
 * ```ts
 * import { analyzeRecords } from "../analysis.ts";
 * import { changeFailureFrame } from "./change_failure.ts";
 * const t = Date.UTC(2024, 0, 1, 10);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + 60_000, type: "deploy", id: "d2", service: "web" },
 *   { timestamp: t + 600_000, type: "incident_start", id: "i1", service: "api" },
 * ]);
 * const [row] = changeFailureFrame(analysis.deploys, analysis.incidents).toRecords();
 * console.assert(row.failed_deploys === 1 && row.rate === 0.5);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import { aggregate } from "./aggregate.ts";

export const DEFAULT_ATTRIBUTION_WINDOW_MS = 24 * 3_600_000;

export interface ChangeFailureRate {
  deploys: number;
  failed_deploys: number;
  rate: number | null;
}

/**
 * Adds `caused_by` (and `cause`: "explicit", "inferred" or null) to an incidents frame. `deploys`
 * are all used deploys, inside the window or not.
 */
export function attributeIncidents(
  incidents: pl.DataFrame,
  deploys: pl.DataFrame,
  attributionWindowMs: number | null = DEFAULT_ATTRIBUTION_WINDOW_MS,
): pl.DataFrame {
  let inferred = pl.lit(null).cast(pl.Utf8);
  let withInference = incidents;
  if (attributionWindowMs !== null && incidents.height > 0) {
    // One time line per service, deploys before incidents at the same instant, so carrying the
    // last deploy forward finds "the latest deploy at or before the start".
    const timeline = pl.concat([
      deploys.select(
        pl.col("service"),
        pl.col("timestamp").alias("at"),
        pl.lit(0).cast(pl.Int8).alias("kind"),
        pl.col("id").alias("deploy"),
        pl.col("timestamp").alias("deploy_at"),
        pl.lit(null).cast(pl.Utf8).alias("incident"),
      ),
      incidents.select(
        pl.col("service"),
        pl.col("start").alias("at"),
        pl.lit(1).cast(pl.Int8).alias("kind"),
        pl.lit(null).cast(pl.Utf8).alias("deploy"),
        pl.lit(null).cast(pl.Datetime("ms", "UTC")).alias("deploy_at"),
        pl.col("id").alias("incident"),
      ),
    ]).sort(["service", "at", "kind"]).withColumns(
      pl.col("deploy").forwardFill().over("service"),
      pl.col("deploy_at").forwardFill().over("service"),
    ).filter(pl.col("kind").eq(pl.lit(1)));
    const withinWindow = pl.col("at").sub(pl.col("deploy_at")).cast(pl.Int64).ltEq(pl.lit(attributionWindowMs).cast(pl.Int64));
    const latest = timeline.select(
      pl.col("incident").alias("id"),
      pl.when(withinWindow).then(pl.col("deploy")).otherwise(pl.lit(null).cast(pl.Utf8)).alias("inferred_cause"),
    );
    withInference = incidents.join(latest, { on: "id", how: "left" });
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
 * One row per group: `deploys` in the window, `failed_deploys` (distinct window deploys named as
 * a cause) and `rate` (null without deploys). `deploys` are the window's deploys; `incidents` must
 * carry `caused_by`.
 */
export function changeFailureFrame(
  deploys: pl.DataFrame,
  incidents: pl.DataFrame,
  by: readonly string[] = [],
): pl.DataFrame {
  const causes = incidents.filter(pl.col("caused_by").isNotNull())
    .select(pl.col("caused_by").alias("id")).unique()
    .withColumns(pl.lit(true).alias("failed"));
  const flagged = deploys.select("id", "service").join(causes, { on: "id", how: "left" });
  return aggregate(flagged, by, [
    pl.len().cast(pl.Int64).alias("deploys"),
    pl.col("failed").fillNull(false).sum().cast(pl.Int64).alias("failed_deploys"),
  ]).withColumns(
    pl.when(pl.col("deploys").gt(0))
      .then(pl.col("failed_deploys").cast(pl.Float64).div(pl.col("deploys")))
      .otherwise(pl.lit(null).cast(pl.Float64)).alias("rate"),
  );
}
