/**
 * Division by a constant that gives the correctly rounded quotient, as JavaScript's `/` does.
 *
 * Polars divides a column by a constant as a product with the constant's inverse. That is one
 * unit in the last place off for many values: 7,248,000 ms / 60,000 reads 120.80000000000001
 * minutes, and 7,200,000 ms / 3,600,000 is just under 2, so it floors into the hour before.
 * Dividing by a column divides.
 *
 * @module
 */
import pl from "nodejs-polars";

/**
 * `numerator / divisor` as a Float64, correctly rounded (null stays null).
 *
 * @example Minutes and hour bins come out as a person works them out
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { exactQuotient } from "./exact_division.ts";
 *
 * const ms = pl.DataFrame({ ms: [7_248_000, 7_200_000, null] });
 * const quotients = (divisor: number) =>
 *   ms.select(exactQuotient(pl.col("ms"), divisor).alias("q")).getColumn("q").toArray();
 * assert.deepEqual(quotients(60_000), [120.8, 120, null]);
 * assert.deepEqual(quotients(3_600_000).map((q) => q === null ? null : Math.floor(Number(q))), [2, 2, null]);
 * // What polars gives for the same division by a constant:
 * const byConstant = ms.select(pl.col("ms").div(60_000).alias("q")).getColumn("q").get(0);
 * assert.equal(byConstant, 120.80000000000001);
 * ```
 */
export function exactQuotient(numerator: pl.Expr, divisor: number): pl.Expr {
  const value = numerator.cast(pl.Float64);
  // A column of the divisor (0 × value + divisor), so polars divides instead of multiplying.
  return value.div(value.mul(0).add(pl.lit(divisor)));
}
