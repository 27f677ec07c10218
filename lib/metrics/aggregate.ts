/**
 * Aggregation over optional group keys, and time order: the two steps every metric shares.
 *
 * @module
 */
import pl from "nodejs-polars";

/** How {@link aggregate} groups. */
export interface AggregateOptions {
  /** Group keys; empty (the default) aggregates the whole frame into one row. */
  by?: readonly string[];
}

/**
 * Aggregates a frame over optional group keys: the whole frame when `by` is empty, one row per
 * group otherwise, sorted by the keys. Every metric uses it so the window total and the
 * per-service breakdown come from the same expressions.
 *
 * @example The whole frame, then per service
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { aggregate } from "./aggregate.ts";
 *
 * const frame = pl.DataFrame({ service: ["b", "a", "b"], n: [1, 2, 3] });
 * assert.equal(aggregate(frame, [pl.col("n").sum()]).getColumn("n").get(0), 6);
 * const perService = aggregate(frame, [pl.col("n").sum()], { by: ["service"] });
 * assert.deepEqual(perService.toRecords(), [{ service: "a", n: 2 }, { service: "b", n: 4 }]);
 * ```
 */
export function aggregate(
  frame: pl.DataFrame,
  aggregations: pl.Expr[],
  { by = [] }: AggregateOptions = {},
): pl.DataFrame {
  if (by.length === 0) return frame.select(...aggregations);
  return frame.groupBy([...by]).agg(...aggregations).sort([...by]);
}

/**
 * The frame in `column` order, stable among equal times. Already-sorted frames (the analysis keeps
 * deploys in time order) come back as they are, without copying millions of rows again.
 */
export function sortedByTime(frame: pl.DataFrame, column = "timestamp"): pl.DataFrame {
  if (frame.height < 2) return frame;
  const ordered =
    frame.select(pl.col(column).diff(1, "ignore").min().cast(pl.Int64).gtEq(0).alias("ordered"))
      .row(0)[0];
  return ordered ? frame : frame.sort({ by: column, maintainOrder: true });
}
