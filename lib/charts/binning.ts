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
import { floorToMillis } from "../core/instants.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import { scenarioName } from "../synthetic/scenario.ts";

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in a day of 24 hours (wall-clock days on chart axes are always 24 h). */
export const DAY_MS = 24 * HOUR_MS;

/** Shades in a binned chart's colour ramp. */
export const COUNT_LEVELS = 5;

/** The window as the charts need it, with wall-clock bounds (see the module doc). */
export interface ChartWindow {
  /** First day of the window, `YYYY-MM-DD`. */
  start: string;
  /** Last day of the window (inclusive), `YYYY-MM-DD`. */
  end: string;
  /** Days in the window. */
  days: number;
  /** The report's IANA zone, whose days the window counts. */
  timeZone: string;
  /** First instant of the window on the wall clock, as a UTC Date. */
  startWall: Date;
  /** First instant after the window on the wall clock. */
  endWall: Date;
  /** Weekend spans (Saturday and Sunday, merged) on the wall clock, for background shading. */
  weekends: { start: Date; end: Date }[];
  /** Whose events these are (see {@link universeLabel}). */
  universe: string;
}

/**
 * Names an analysis's universe the way every chart's subtitle starts: the seed and the team
 * profile and the scenario's knobs when it has any, or the events files by name (never by path: a
 * chart travels).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { universeLabel } from "./binning.ts";
 *
 * assert.equal(universeLabel(analyze({ kind: "synthetic", seed: 7, days: 14 })), "Seed 7, mixed team");
 * const shocked = analyze({ kind: "synthetic", seed: 7, days: 14, scenario: { shock: { fromDay: 8 } } });
 * assert.equal(universeLabel(shocked), "Seed 7, mixed team, shock@8");
 * ```
 */
export function universeLabel(analysis: Pick<Analysis, "source">): string {
  const { source } = analysis;
  if (source.kind === "synthetic") {
    const scenario = scenarioName(source.scenario);
    return `Seed ${source.seed}, ${source.profileName ?? "mixed"} team${
      scenario ? `, ${scenario}` : ""
    }`;
  }
  const names = source.files.map((file) => file.split(/[\\/]/).at(-1) || file);
  return names.length <= 2
    ? names.join(" and ")
    : `${names.slice(0, 2).join(", ")} and ${names.length - 2} more files`;
}

/** The analysis window with its wall-clock bounds and weekend spans. */
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
    universe: universeLabel(analysis),
  };
}

/**
 * An instant column as ms on the report zone's wall clock (Int64), rounded down to the millisecond
 * (an instant at 23:59:59.9999995 is drawn on its day).
 */
export function wallClockMs(instant: pl.Expr, timeZone: string): pl.Expr {
  const inMs = floorToMillis(instant);
  const local = timeZone === "UTC"
    ? inMs
    : inMs.dt.convertTimeZone(timeZone).dt.replaceTimeZone("UTC");
  return local.cast(pl.Int64);
}

/** The bins {@link chooseBinMs} may choose from. */
export interface BinChoice {
  /** The most bins allowed. */
  maxBins: number;
  /** Candidate bin sizes in ms, finest first; the coarsest is taken when none fits. */
  ladder: readonly number[];
}

/**
 * The finest size in `ladder` that splits `spanMs` into at most `maxBins` bins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chooseBinMs, DAY_MS, HOUR_MS } from "./binning.ts";
 * const ladder = [HOUR_MS, DAY_MS, 7 * DAY_MS];
 * assert.equal(chooseBinMs(2 * DAY_MS, { maxBins: 48, ladder }), HOUR_MS);
 * assert.equal(chooseBinMs(2 * DAY_MS + 1, { maxBins: 48, ladder }), DAY_MS);
 * assert.equal(chooseBinMs(1000 * DAY_MS, { maxBins: 48, ladder }), 7 * DAY_MS);
 * ```
 */
export function chooseBinMs(spanMs: number, { maxBins, ladder }: BinChoice): number {
  return ladder.find((size) => Math.ceil(spanMs / size) <= maxBins) ?? ladder[ladder.length - 1];
}

/**
 * "1 h", "3 h", "1 day", "7 days".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binLabel, DAY_MS, HOUR_MS } from "./binning.ts";
 * assert.equal(binLabel(3 * HOUR_MS), "3 h");
 * assert.equal(binLabel(DAY_MS), "1 day");
 * assert.equal(binLabel(7 * DAY_MS), "7 days");
 * ```
 */
export function binLabel(binMs: number): string {
  if (binMs < DAY_MS) return `${binMs / HOUR_MS} h`;
  const days = binMs / DAY_MS;
  return days === 1 ? "1 day" : `${days} days`;
}

/**
 * Upper bounds of shade levels 1…{@link COUNT_LEVELS}−1 for counts up to `max`: logarithmic steps
 * (⌊max^(k/5)⌋), because binned counts are skewed and equal steps would paint almost every cell
 * in the lightest shade. Integers computed once in JS, so cells and legend can never disagree.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { levelThresholds } from "./binning.ts";
 * assert.deepEqual(levelThresholds(100), [2, 6, 15, 39]);
 * assert.deepEqual(levelThresholds(1), [1, 1, 1, 1]);
 * ```
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

/**
 * The integer range each non-empty shade level covers, for legends ("1–4", "5–23", …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { levelRanges } from "./binning.ts";
 * assert.deepEqual(levelRanges(100).map(({ low, high }) => [low, high]), [
 *   [1, 2], [3, 6], [7, 15], [16, 39], [40, 100],
 * ]);
 * assert.deepEqual(levelRanges(1), [{ level: 1, low: 1, high: 1 }]);
 * ```
 */
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

/**
 * The bin as a unit in a phrase: "per hour", "per 3 h", "per day", "per 7 days".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binPhrase, DAY_MS, HOUR_MS } from "./binning.ts";
 * assert.deepEqual([HOUR_MS, 3 * HOUR_MS, DAY_MS, 7 * DAY_MS].map(binPhrase), [
 *   "hour", "3 h", "day", "7 days",
 * ]);
 * ```
 */
export function binPhrase(binMs: number): string {
  if (binMs === HOUR_MS) return "hour";
  if (binMs === DAY_MS) return "day";
  return binLabel(binMs);
}

/** Which columns {@link mergeRuns} groups by and runs along. */
export interface RunColumns {
  /** Columns that separate runs, e.g. the lane. */
  keys: readonly string[];
  /** The integer bin column along which runs are consecutive. */
  position: string;
}

/**
 * Merges runs of adjacent bins with the same shade into one cell: `position` consecutive within the
 * same `keys` and `level`. A smooth stretch becomes one rectangle instead of dozens, which keeps
 * binned charts small and fast to draw. Returns `keys`, `level`, `first`, `last`, `low`, `high`
 * (the smallest and largest count merged).
 *
 * @example Bins 0 and 1 share a shade; bin 3 is not adjacent
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { mergeRuns } from "./binning.ts";
 * const frame = pl.DataFrame({ lane: ["a", "a", "a"], bin: [0, 1, 3], level: [2, 2, 2], count: [5, 7, 6] });
 * const runs = mergeRuns(frame, { keys: ["lane"], position: "bin" }).toRecords();
 * assert.deepEqual(runs.map((run) => [Number(run.first), Number(run.last), run.low, run.high]), [
 *   [0, 1, 5, 7],
 *   [3, 3, 6, 6],
 * ]);
 * ```
 */
export function mergeRuns(
  frame: pl.DataFrame,
  { keys, position }: RunColumns,
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

/** The rows of a small frame as plain objects of the shape the caller names. */
export function records<T>(frame: pl.DataFrame): T[] {
  return frame.toRecords() as unknown as T[];
}
