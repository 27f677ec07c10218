/**
 * Data for the recovery-time chart: one dot per incident, or, above {@link RECOVERY_DOT_LIMIT}
 * incidents, counts per start column × recovery bucket.
 * @module
 */
import pl from "nodejs-polars";
import { exactQuotient } from "../core/exact_division.ts";
import { instantAt, minutesBetween } from "../core/instants.ts";
import type { RecoverySummary } from "../metrics/recovery.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import {
  type ChartWindow,
  chartWindow,
  chooseBinMs,
  DAY_MS,
  levelOf,
  mergeRuns,
  records,
  wallClockMs,
} from "./binning.ts";

/** Incidents above which the recovery chart is binned. */
export const RECOVERY_DOT_LIMIT = 2_000;
/** The most start-time columns of the binned recovery chart (day columns, coarser if needed). */
export const RECOVERY_MAX_COLUMNS = 120;
/** Candidate column widths of the binned recovery chart, finest first. */
export const RECOVERY_COLUMN_LADDER_MS: readonly number[] = [
  DAY_MS,
  7 * DAY_MS,
  28 * DAY_MS,
  91 * DAY_MS,
  364 * DAY_MS,
];
/**
 * Lower edges of the recovery-time buckets, in minutes: familiar units, each about 2–3× the last,
 * so the rows read like a log axis.
 */
export const RECOVERY_BUCKET_EDGES_MINUTES: readonly number[] = [
  0,
  1,
  2,
  5,
  10,
  20,
  30,
  60,
  120,
  240,
  480,
  1440,
  2880,
  10080,
  20160,
  43200,
  129600,
  525600,
];
/** How the bucket edges are labelled on the axis. */
export const RECOVERY_BUCKET_EDGE_LABELS: readonly string[] = [
  "0",
  "1 min",
  "2 min",
  "5 min",
  "10 min",
  "20 min",
  "30 min",
  "1 h",
  "2 h",
  "4 h",
  "8 h",
  "1 d",
  "2 d",
  "1 wk",
  "2 wk",
  "30 d",
  "90 d",
  "1 yr",
];

/** A resolved incident in the dots view. */
export interface RecoveryDot {
  /** The incident's id. */
  id: string;
  /** The incident's service. */
  service: string;
  /** When it started, on the wall clock (see `ChartWindow`). */
  start: Date;
  /** Minutes from start to resolve. */
  minutes: number;
}

/** An incident still open at the window's end, in the dots view. */
export interface OpenIncidentDot {
  /** The incident's id. */
  id: string;
  /** The incident's service. */
  service: string;
  /** When it started, on the wall clock. */
  start: Date;
  /** How long it had been open when the window ended: a lower bound on its recovery time. */
  openMinutes: number;
}

/** A run of adjacent columns in one recovery bucket whose counts share a shade. */
export interface RecoveryCell {
  /** The first column's start, on the wall clock. */
  x1: Date;
  /** The end of the last column (clipped to the window). */
  x2: Date;
  /** Bucket index into {@link RECOVERY_BUCKET_EDGES_MINUTES}. */
  bucket: number;
  /** Smallest count of the merged columns. */
  low: number;
  /** Largest count of the merged columns. */
  high: number;
  /** Shade level, 1 (lightest) to `COUNT_LEVELS`. */
  level: number;
}

/** A run of adjacent columns whose still-open counts share a shade. */
export interface OpenCell {
  /** The first column's start, on the wall clock. */
  x1: Date;
  /** The end of the last column (clipped to the window). */
  x2: Date;
  /** Smallest count of the merged columns. */
  low: number;
  /** Largest count of the merged columns. */
  high: number;
  /** Shade level, 1 (lightest) to `COUNT_LEVELS`. */
  level: number;
}

/** What both views of the recovery chart share. */
export interface RecoveryCommon {
  /** The window, with wall-clock bounds. */
  window: ChartWindow;
  /** The window's recovery numbers (the headline and the mean and median rules). */
  recovery: RecoverySummary;
  /** Largest value on the y axis (recovery or open-so-far minutes), null with no incidents. */
  maxMinutes: number | null;
  /** Smallest value on the y axis, null with no incidents. */
  minMinutes: number | null;
}

/**
 * What the recovery chart draws: a dot per incident (`mode: "dots"`), or above
 * {@link RECOVERY_DOT_LIMIT} incidents, counts per start column and recovery bucket (`"binned"`).
 */
export type RecoveryChartData =
  | RecoveryCommon & { mode: "dots"; resolved: RecoveryDot[]; open: OpenIncidentDot[] }
  | RecoveryCommon & {
    mode: "binned";
    columnMs: number;
    cells: RecoveryCell[];
    openCells: OpenCell[];
    /** Lowest and highest bucket that hold any resolved incident. */
    bucketRange: [number, number] | null;
    maxCount: number;
    maxOpenCount: number;
  };

/** Bucket index of a minutes column: how many lower edges (after 0) it reaches. */
function bucketOf(minutes: pl.Expr): pl.Expr {
  let bucket: pl.Expr = pl.lit(0).cast(pl.Int32);
  for (const edge of RECOVERY_BUCKET_EDGES_MINUTES.slice(1)) {
    bucket = bucket.add(minutes.gtEq(edge).cast(pl.Int32));
  }
  return bucket.cast(pl.Int32);
}

/**
 * The recovery chart's data: every incident as a dot, or binned counts above
 * {@link RECOVERY_DOT_LIMIT} incidents.
 *
 * @example One incident resolved after 45 minutes, one still open at the window's end
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { recoveryData } from "./recovery_data.ts";
 * const at = (iso: string) => Date.parse(iso);
 * const analysis = analyzeRecords([
 *   { timestamp: at("2024-01-01T10:00:00Z"), type: "incident_start", id: "i1", service: "api" },
 *   { timestamp: at("2024-01-01T10:45:00Z"), type: "incident_resolved", id: "i1", service: "api" },
 *   { timestamp: at("2024-01-02T18:00:00Z"), type: "incident_start", id: "i2", service: "api" },
 * ], { start: "2024-01-01", end: "2024-01-02" });
 * const data = recoveryData(analysis, summarize(analysis).recovery);
 * assert.equal(data.mode, "dots");
 * if (data.mode === "dots") {
 *   assert.deepEqual(data.resolved.map((dot) => [dot.id, dot.minutes]), [["i1", 45]]);
 *   assert.deepEqual(data.open.map((dot) => [dot.id, dot.openMinutes]), [["i2", 360]]);
 * }
 * ```
 */
export function recoveryData(analysis: Analysis, recovery: RecoverySummary): RecoveryChartData {
  const window = chartWindow(analysis);
  const zone = analysis.window.timeZone;
  const endMs = analysis.window.endMs;
  const incidents = analysis.incidents.select(
    pl.col("id"),
    pl.col("service"),
    wallClockMs(pl.col("start"), zone).alias("start_wall"),
    pl.col("recovery_minutes"),
    pl.col("recovery_minutes").isNull().alias("open"),
    minutesBetween(instantAt(endMs), pl.col("start")).alias("open_minutes"),
  );
  const [range] = records<{ maxMinutes: number | null; minMinutes: number | null }>(
    incidents.select(
      pl.when(pl.col("open")).then(pl.col("open_minutes")).otherwise(pl.col("recovery_minutes"))
        .max().alias("maxMinutes"),
      pl.when(pl.col("open")).then(pl.col("open_minutes")).otherwise(pl.col("recovery_minutes"))
        .min().alias("minMinutes"),
    ),
  );
  const common: RecoveryCommon = {
    window,
    recovery,
    maxMinutes: range?.maxMinutes ?? null,
    minMinutes: range?.minMinutes ?? null,
  };
  if (incidents.height <= RECOVERY_DOT_LIMIT) {
    const resolved = records<{ id: string; service: string; start_wall: number; minutes: number }>(
      incidents.filter(pl.col("open").not()).select(
        "id",
        "service",
        "start_wall",
        pl.col("recovery_minutes").alias("minutes"),
      ),
    ).map(({ start_wall, ...dot }) => ({ ...dot, start: new Date(Number(start_wall)) }));
    const open = records<{ id: string; service: string; start_wall: number; openMinutes: number }>(
      incidents.filter(pl.col("open")).select(
        "id",
        "service",
        "start_wall",
        pl.col("open_minutes").alias("openMinutes"),
      ),
    ).map(({ start_wall, ...dot }) => ({ ...dot, start: new Date(Number(start_wall)) }));
    return { ...common, mode: "dots", resolved, open };
  }

  const startWall = window.startWall.getTime();
  const columnMs = chooseBinMs(window.endWall.getTime() - startWall, {
    maxBins: RECOVERY_MAX_COLUMNS,
    ladder: RECOVERY_COLUMN_LADDER_MS,
  });
  const columned = incidents.withColumns(
    exactQuotient(pl.col("start_wall").sub(pl.lit(startWall).cast(pl.Int64)), columnMs)
      .floor().cast(pl.Int64).alias("column"),
  );
  const cellFrame = columned.filter(pl.col("open").not())
    .withColumns(bucketOf(pl.col("recovery_minutes")).alias("bucket"))
    .groupBy(["column", "bucket"]).agg(pl.len().cast(pl.Float64).alias("count"))
    .sort(["column", "bucket"]);
  const openFrame = columned.filter(pl.col("open"))
    .groupBy("column").agg(pl.len().cast(pl.Float64).alias("count"))
    .sort("column");
  const [stats] = records<{ maxCount: number | null; low: number | null; high: number | null }>(
    cellFrame.select(
      pl.col("count").max().alias("maxCount"),
      pl.col("bucket").min().cast(pl.Float64).alias("low"),
      pl.col("bucket").max().cast(pl.Float64).alias("high"),
    ),
  );
  const maxCount = stats?.maxCount ?? 0;
  const maxOpenCount = openFrame.height
    ? Number(openFrame.select(pl.col("count").max()).row(0)[0])
    : 0;
  const toDates = (first: number, last: number) => ({
    x1: new Date(startWall + first * columnMs),
    x2: new Date(Math.min(startWall + (last + 1) * columnMs, window.endWall.getTime())),
  });
  const cells = records<
    { bucket: number; first: number; last: number; low: number; high: number; level: number }
  >(
    mergeRuns(
      cellFrame.withColumns(levelOf(pl.col("count"), maxCount).alias("level")),
      { keys: ["bucket"], position: "column" },
    ),
  ).map(({ first, last, ...cell }) => ({ ...toDates(Number(first), Number(last)), ...cell }));
  const openCells = records<
    { first: number; last: number; low: number; high: number; level: number }
  >(
    mergeRuns(
      openFrame.withColumns(levelOf(pl.col("count"), maxOpenCount).alias("level")),
      { keys: [], position: "column" },
    ),
  ).map(({ first, last, ...cell }) => ({ ...toDates(Number(first), Number(last)), ...cell }));
  return {
    ...common,
    mode: "binned",
    columnMs,
    cells,
    openCells,
    bucketRange: stats?.low == null ? null : [stats.low, stats.high!],
    maxCount,
    maxOpenCount,
  };
}

/**
 * Where a minutes value sits on the binned chart's bucket axis: bucket index plus the fraction of
 * the way through that bucket (log-interpolated, linear in the first bucket, which starts at 0).
 */
export function bucketPosition(minutes: number): number {
  const edges = RECOVERY_BUCKET_EDGES_MINUTES;
  let bucket = 0;
  while (bucket + 1 < edges.length && minutes >= edges[bucket + 1]) bucket++;
  const low = edges[bucket];
  const high = edges[bucket + 1] ?? low * 2;
  const fraction = low === 0 ? minutes / high : Math.log(minutes / low) / Math.log(high / low);
  return bucket + Math.min(Math.max(fraction, 0), 1);
}
