/**
 * Aggregates a frame over optional group keys: the whole frame when `by` is empty, one row per
 * group otherwise, sorted by the keys. Every metric uses it so the window total and the
 * per-service breakdown come from the same expressions.
 *
 * @example
 * ```ts
 * import pl from "nodejs-polars";
 * import { aggregate } from "./aggregate.ts";
 * const frame = pl.DataFrame({ service: ["a", "b", "a"], n: [1, 2, 3] });
 * console.assert(aggregate(frame, [], [pl.col("n").sum()]).getColumn("n").get(0) === 6);
 * console.assert(aggregate(frame, ["service"], [pl.col("n").sum()]).height === 2);
 * ```
 * @module
 */
import pl from "nodejs-polars";

export function aggregate(
  frame: pl.DataFrame,
  by: readonly string[],
  aggregations: pl.Expr[],
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
