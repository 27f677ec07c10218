/**
 * Crossing between the event frames' instants, microseconds since the epoch ({@link INSTANT}),
 * and the milliseconds of JavaScript dates, calendars and charts.
 *
 * An Int64 cast to a datetime is read in the datetime's own unit, so a count of milliseconds cast
 * to {@link INSTANT} lands a thousand times too early. Every crossing goes through here: whole
 * milliseconds become microseconds by integer arithmetic (exact for every year), and microseconds
 * become milliseconds rounded down, so an instant at 23:59:59.9999995 stays on its day.
 *
 * @module
 */
import pl from "nodejs-polars";
import { exactQuotient } from "./exact_division.ts";
import { INSTANT } from "./events.ts";

/** Microseconds in a minute: durations in minutes are microseconds over this. */
export const MINUTE_US = 60_000_000;
/** Microseconds in an hour. */
export const HOUR_US = 60 * MINUTE_US;
/** Microseconds in a day of 24 hours. */
export const DAY_US = 24 * HOUR_US;

/** An instant to the millisecond: what polars floors microseconds to when cast to it. */
const INSTANT_MS: pl.DataType = pl.Datetime("ms", "UTC");

/**
 * A literal instant `ms` milliseconds after the epoch, typed {@link INSTANT}: for window bounds and
 * other instants that JavaScript computed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { epochMicros, instantAt } from "./instants.ts";
 *
 * const at = Date.UTC(2024, 0, 1);
 * const frame = pl.DataFrame({ row: [1] }).select(epochMicros(instantAt(at)).alias("us"));
 * assert.deepEqual(frame.getColumn("us").toArray(), [at * 1000]);
 * ```
 */
export function instantAt(ms: number): pl.Expr {
  return pl.lit(ms).cast(pl.Int64).cast(INSTANT_MS).cast(INSTANT);
}

/** Whole milliseconds since the epoch (a Float64 series of integers) as {@link INSTANT}s. */
export function instantsFromMs(ms: pl.Series): pl.Series {
  return ms.cast(pl.Int64).cast(INSTANT_MS).cast(INSTANT);
}

/** An instant column as microseconds since the epoch (Int64), whatever unit it is kept in. */
export function epochMicros(instant: pl.Expr): pl.Expr {
  return instant.cast(INSTANT).cast(pl.Int64);
}

/**
 * An instant column as whole milliseconds since the epoch (Int64), rounded down (before 1970 too):
 * for JavaScript dates, calendars and charts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { INSTANT } from "./events.ts";
 * import { epochMillis } from "./instants.ts";
 *
 * const us = pl.DataFrame({ us: [1_999, -1_500] }).select(pl.col("us").cast(pl.Int64).cast(INSTANT));
 * assert.deepEqual(us.select(epochMillis(pl.col("us"))).getColumn("us").toArray(), [1, -2]);
 * ```
 */
export function epochMillis(instant: pl.Expr): pl.Expr {
  return floorToMillis(instant).cast(pl.Int64);
}

/** An instant column rounded down to the millisecond, still a datetime (for JavaScript dates). */
export function floorToMillis(instant: pl.Expr): pl.Expr {
  return instant.cast(INSTANT_MS);
}

/** Microseconds from `from` to `to`, two instant columns, as Int64 (whatever unit they are in). */
export function elapsedMicros(to: pl.Expr, from: pl.Expr): pl.Expr {
  return to.sub(from).cast(pl.Duration("us")).cast(pl.Int64);
}

/**
 * Minutes from `from` to `to`, two instant columns: a float, correctly rounded, not rounded to any
 * unit; null where either is null.
 *
 * @example 800 µs, and the same minutes as from milliseconds where the instants have no more
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { INSTANT } from "./events.ts";
 * import { minutesBetween } from "./instants.ts";
 *
 * const at = (us: number[]) => pl.Series(us).cast(pl.Int64).cast(INSTANT);
 * const frame = pl.DataFrame({
 *   from: at([100, 0, 0]),
 *   to: at([900, 7_248_000_000, 60_000_000]),
 * });
 * const minutes = frame.select(minutesBetween(pl.col("to"), pl.col("from")).alias("m"));
 * assert.deepEqual(minutes.getColumn("m").toArray(), [800 / 60_000_000, 120.8, 1]);
 * ```
 */
export function minutesBetween(to: pl.Expr, from: pl.Expr): pl.Expr {
  return exactQuotient(elapsedMicros(to, from), MINUTE_US);
}

/**
 * How many whole `unit`s (in microseconds) fit in `micros`, a count of microseconds that is not
 * negative, as an Int64-valued float: integer arithmetic, so 1 µs short of a whole unit never
 * rounds up to it, however many units.
 */
export function wholeUnits(micros: pl.Expr, unit: number): pl.Expr {
  return exactQuotient(floorToMultiple(micros, unit), unit);
}

/**
 * A count of microseconds that is not negative, rounded down to a multiple of `unit`, as Int64:
 * integer arithmetic, where polars' division by a number (a product with its inverse) can lose a
 * whole unit (`3600000 / 3600000` reads 0.9999999999999999 there).
 */
export function floorToMultiple(micros: pl.Expr, unit: number): pl.Expr {
  const exact = micros.cast(pl.Int64);
  return exact.sub(exact.modulo(pl.lit(unit).cast(pl.Int64)));
}
