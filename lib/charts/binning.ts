/**
 * Shared by the chart data files: the window on the report zone's wall clock, and the choice of
 * time bins and shade levels when a chart has too many marks to draw one per event.
 *
 * Times on chart axes are "wall clock as UTC": an instant is shifted to its reading on the report
 * zone's clock and then treated as UTC. Plot formats time axes in UTC, so a chart of a window in
 * `Europe/Berlin` gets ticks at Berlin midnights, and nothing depends on the machine's `TZ`.
 * @module
 */
import pl from "nodejs-polars";
import { utcMidnightOf } from "../core/calendar.ts";
import { INSTANT } from "../core/events.ts";
import { type Analysis } from "../pipeline/analysis.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Shades in a binned chart's colour ramp. */
export const COUNT_LEVELS = 5;

/** The window as the charts need it, with wall-clock bounds (see the module doc). */
export interface ChartWindow {
  start: string;
  end: string;
  days: number;
  timeZone: string;
  /** First instant of the window on the wall clock, as a UTC Date. */
  startWall: Date;
  /** First instant after the window on the wall clock. */
  endWall: Date;
  /** Weekend spans (Saturday and Sunday, merged) on the wall clock, for background shading. */
  weekends: { start: Date; end: Date }[];
}

export function chartWindow(analysis: Analysis): ChartWindow {
  const { window } = analysis;
  const weekends: { start: Date; end: Date }[] = [];
  for (const day of window.calendar) {
    if (day.isoWeekday < 6) continue;
    const start = utcMidnightOf(day.date);
    const last = weekends.at(-1);
    if (last && last.end.getTime() === start) last.end = new Date(start + DAY_MS);
    else weekends.push({ start: new Date(start), end: new Date(start + DAY_MS) });
  }
  return {
    start: window.start,
    end: window.end,
    days: window.days,
    timeZone: window.timeZone,
    startWall: new Date(utcMidnightOf(window.start)),
    endWall: new Date(utcMidnightOf(window.end) + DAY_MS),
    weekends,
  };
}

/** An instant column as ms on the report zone's wall clock (Int64). */
export function wallClockMs(instant: pl.Expr, timeZone: string): pl.Expr {
  const local = timeZone === "UTC"
    ? instant
    : instant.dt.convertTimeZone(timeZone).dt.replaceTimeZone("UTC");
  return local.cast(pl.Int64);
}

export function instantLiteral(ms: number): pl.Expr {
  return pl.lit(ms).cast(pl.Int64).cast(INSTANT);
}

/** The finest size in `ladder` that splits `spanMs` into at most `maxBins` bins. */
export function chooseBinMs(spanMs: number, maxBins: number, ladder: readonly number[]): number {
  return ladder.find((size) => Math.ceil(spanMs / size) <= maxBins) ?? ladder[ladder.length - 1];
}

/** "1 h", "3 h", "1 day", "7 days". */
export function binLabel(binMs: number): string {
  if (binMs < DAY_MS) return `${binMs / HOUR_MS} h`;
  const days = binMs / DAY_MS;
  return days === 1 ? "1 day" : `${days} days`;
}

/**
 * Upper bounds of shade levels 1…{@link COUNT_LEVELS}−1 for counts up to `max`: logarithmic steps
 * (⌊max^(k/5)⌋), because binned counts are skewed and equal steps would paint almost every cell
 * in the lightest shade. Integers computed once in JS, so cells and legend can never disagree.
 */
export function levelThresholds(max: number): number[] {
  return Array.from(
    { length: COUNT_LEVELS - 1 },
    (_, index) => Math.floor(Math.max(max, 1) ** ((index + 1) / COUNT_LEVELS)),
  );
}

/** Shade level of a positive count: 1 + the thresholds it exceeds. */
export function levelOf(count: pl.Expr, max: number): pl.Expr {
  let level: pl.Expr = pl.lit(1).cast(pl.Int32);
  for (const threshold of levelThresholds(max)) {
    level = level.add(count.gt(threshold).cast(pl.Int32));
  }
  return level.cast(pl.Int32);
}

/** The integer range each non-empty shade level covers, for legends ("1–4", "5–23", …). */
export function levelRanges(max: number): { level: number; low: number; high: number }[] {
  const bounds = [0, ...levelThresholds(max), max];
  const ranges: { level: number; low: number; high: number }[] = [];
  for (let level = 1; level <= COUNT_LEVELS; level++) {
    const low = bounds[level - 1] + 1;
    const high = bounds[level];
    if (high >= low) ranges.push({ level, low, high });
  }
  return ranges;
}

/** The bin as a unit in a phrase: "per hour", "per 3 h", "per day", "per 7 days". */
export function binPhrase(binMs: number): string {
  if (binMs === HOUR_MS) return "hour";
  if (binMs === DAY_MS) return "day";
  return binLabel(binMs);
}

/**
 * Merges runs of adjacent bins with the same shade into one cell: `position` consecutive within the
 * same `keys` and `level`. A smooth stretch becomes one rectangle instead of dozens, which keeps
 * binned charts small and fast to draw. Returns `keys`, `level`, `first`, `last`, `low`, `high`
 * (the smallest and largest count merged).
 */
export function mergeRuns(
  frame: pl.DataFrame,
  keys: readonly string[],
  position: string,
): pl.DataFrame {
  const changed = (name: string) => pl.col(name).neq(pl.col(name).shift(1));
  let breaks = changed("level").or(
    pl.col(position).neq(pl.col(position).shift(1).add(1).cast(pl.Int64)),
  );
  for (const key of keys) breaks = breaks.or(changed(key));
  return frame.sort([...keys, position])
    .withColumns(pl.col(position).cast(pl.Int64))
    .withColumns(breaks.fillNull(true).cast(pl.Int64).cumSum().alias("run"))
    .groupBy([...keys, "run"]).agg(
      pl.col("level").first().alias("level"),
      pl.col(position).min().alias("first"),
      pl.col(position).max().alias("last"),
      pl.col("count").min().alias("low"),
      pl.col("count").max().alias("high"),
    )
    .sort([...keys, "first"])
    .drop("run");
}

export function records<T>(frame: pl.DataFrame): T[] {
  return frame.toRecords() as unknown as T[];
}
