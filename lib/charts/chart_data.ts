/**
 * Chart-ready data: polars aggregations that turn an {@link Analysis} into the small records the
 * four charts draw, and the decision of when to bin.
 *
 * Everything that scales with the number of events happens in polars (filters, group-bys, joins,
 * cumulative sums). Only frames whose size is bounded by the thresholds below, by the number of
 * days, or by lanes × bins reach `toRecords()`, so the charts cost about the same for a thousand
 * events as for five million.
 *
 * Times on chart axes are "wall clock as UTC": an instant is shifted to its reading on the report
 * zone's clock and then treated as UTC. Plot formats time axes in UTC, so a chart of a window in
 * `Europe/Berlin` gets ticks at Berlin midnights, and nothing depends on the machine's `TZ`.
 *
 * Thresholds (all exported):
 * - {@link TIMELINE_MARK_LIMIT} (2,000): above this many deploys + incidents the timeline draws
 *   counts per lane and time bin instead of one mark per event. Bins come from
 *   {@link TIMELINE_BIN_LADDER_MS} (1 h, 3 h, 6 h, 12 h, 1 d, 7 d, 28 d, 91 d, 364 d): the
 *   finest that gives at most {@link TIMELINE_MAX_BINS} (300) bins over the window.
 * - {@link RECOVERY_DOT_LIMIT} (2,000): above this many incidents the recovery chart counts
 *   incidents per start day (or coarser, at most {@link RECOVERY_MAX_COLUMNS} columns) × recovery
 *   bucket ({@link RECOVERY_BUCKET_EDGES_MINUTES}, roughly log-spaced time units).
 * - {@link MAX_LANES} (12): with more services the timeline shows the 11 busiest (deploys +
 *   incidents, ties by name) and one "other services" lane.
 * - {@link DAILY_BAR_LIMIT} (3,660 days, about ten years): above it the deploys-per-day chart draws
 *   one bar per ISO week (mean deploys per day) instead of one per day. Below it the chart's size
 *   grows with days, never with events.
 * - {@link ROLLING_MEAN_DAYS} (7): the trailing rolling mean of deploys per day. It is polars'
 *   `rollingMean` with `minPeriods: 1`, so the first six days average the days seen so far
 *   (day 1 is its own mean) rather than being left blank.
 *
 * @example
 * ```ts
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploysPerDayData, timelineData, TIMELINE_MARK_LIMIT } from "./chart_data.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const summary = summarize(analysis);
 * const daily = deploysPerDayData(analysis, summary.deployment_frequency);
 * console.assert(daily.bars.length === 14 && daily.bars.some((bar) => bar.deploys === 0));
 * const timeline = timelineData(analysis);
 * console.assert(timeline.mode === "marks" && analysis.events.height < TIMELINE_MARK_LIMIT);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "../pipeline/analysis.ts";
import { utcMidnightOf } from "../core/calendar.ts";
import { INSTANT } from "../core/events.ts";
import { type DeploymentFrequency, deploysPerWeek } from "../metrics/deployment_frequency.ts";
import type { RecoverySummary } from "../metrics/recovery.ts";
import type { Summary } from "../pipeline/summary.ts";
import { leadTimesFrame } from "../metrics/lead_time.ts";
import { classifyTiers } from "../metrics/tiers/classify.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Deploys + incidents in the window above which the timeline is binned. */
export const TIMELINE_MARK_LIMIT = 2_000;
/** The most time bins the binned timeline may have. */
export const TIMELINE_MAX_BINS = 300;
/** Candidate timeline bin sizes, finest first. */
export const TIMELINE_BIN_LADDER_MS: readonly number[] = [
  HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  7 * DAY_MS,
  28 * DAY_MS,
  91 * DAY_MS,
  364 * DAY_MS,
];
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
/** Lanes in the timeline; with more services the rest share one "other" lane. */
export const MAX_LANES = 12;
/** Days above which the deploys-per-day chart draws weekly bars. */
export const DAILY_BAR_LIMIT = 3_660;
/** Days in the trailing rolling mean of deploys per day. */
export const ROLLING_MEAN_DAYS = 7;
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

function instantLiteral(ms: number): pl.Expr {
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
function levelOf(count: pl.Expr, max: number): pl.Expr {
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

function records<T>(frame: pl.DataFrame): T[] {
  return frame.toRecords() as unknown as T[];
}

// ---------------------------------------------------------------------------------------------
// 1. Deployment frequency: deploys per ISO week.

export interface WeekBar {
  /** The Monday that starts the ISO week, `YYYY-MM-DD` (it may lie before the window). */
  weekStart: string;
  deploys: number;
  deployDays: number;
  /** Days of this week inside the window: below 7 at the window's edges. */
  daysInWindow: number;
  partial: boolean;
}

export interface DeploymentFrequencyChartData {
  window: ChartWindow;
  weeks: WeekBar[];
  frequency: DeploymentFrequency;
}

export function deploymentFrequencyData(
  analysis: Analysis,
  frequency: DeploymentFrequency,
): DeploymentFrequencyChartData {
  const weeks = deploysPerWeek(analysis.deploysPerDay).select(
    pl.col("week_start").alias("weekStart"),
    pl.col("deploys").cast(pl.Float64).alias("deploys"),
    pl.col("deploy_days").cast(pl.Float64).alias("deployDays"),
    pl.col("days_in_window").cast(pl.Float64).alias("daysInWindow"),
    pl.col("days_in_window").lt(7).alias("partial"),
  );
  return { window: chartWindow(analysis), weeks: records<WeekBar>(weeks), frequency };
}

// ---------------------------------------------------------------------------------------------
// 2. Deploys per day.

export interface DayBar {
  /** First local date of the bar, `YYYY-MM-DD`. */
  date: string;
  start: Date;
  end: Date;
  /** Deploys in the bar (a day, or a week when weekly). */
  deploys: number;
  /** Days of the window the bar covers (1 for daily bars). */
  days: number;
  /** Deploys per day in the bar: the bar's height. */
  perDay: number;
  weekend: boolean;
  /** Trailing {@link ROLLING_MEAN_DAYS}-day mean of deploys per day, at the bar's last day. */
  rollingMean: number;
}

export interface DeploysPerDayChartData {
  window: ChartWindow;
  granularity: "day" | "week";
  bars: DayBar[];
  frequency: DeploymentFrequency;
  zeroDays: number;
  maxDeploysPerDay: number;
}

export function deploysPerDayData(
  analysis: Analysis,
  frequency: DeploymentFrequency,
): DeploysPerDayChartData {
  const window = chartWindow(analysis);
  const daily = analysis.deploysPerDay.select(
    pl.col("date"),
    pl.col("week_start"),
    pl.col("iso_weekday").gtEq(6).alias("weekend"),
    pl.col("deploys").cast(pl.Float64).alias("deploys"),
    pl.col("deploys").cast(pl.Float64).rollingMean({ windowSize: ROLLING_MEAN_DAYS, minPeriods: 1 })
      .alias("rollingMean"),
  );
  const [stats] = records<{ zeroDays: number; maxDeploysPerDay: number }>(daily.select(
    pl.col("deploys").eq(0).sum().cast(pl.Float64).alias("zeroDays"),
    pl.col("deploys").max().cast(pl.Float64).alias("maxDeploysPerDay"),
  ));
  const weekly = analysis.window.days > DAILY_BAR_LIMIT;
  const grouped = weekly
    ? daily.groupBy("week_start").agg(
      pl.col("date").min().alias("date"),
      pl.col("date").max().alias("last_date"),
      pl.col("deploys").sum().alias("deploys"),
      pl.len().cast(pl.Float64).alias("days"),
      pl.lit(false).alias("weekend"),
      pl.col("rollingMean").last().alias("rollingMean"),
    ).sort("date")
    : daily.withColumns(
      pl.col("date").alias("last_date"),
      pl.lit(1).cast(pl.Float64).alias("days"),
    );
  const bars = records<Omit<DayBar, "start" | "end"> & { last_date: string }>(
    grouped.select(
      "date",
      "last_date",
      "deploys",
      "days",
      pl.col("deploys").div(pl.col("days")).alias("perDay"),
      "weekend",
      "rollingMean",
    ),
  ).map(({ last_date, ...bar }) => ({
    ...bar,
    start: new Date(utcMidnightOf(bar.date)),
    end: new Date(utcMidnightOf(last_date) + DAY_MS),
  }));
  return {
    window,
    granularity: weekly ? "week" : "day",
    bars,
    frequency,
    zeroDays: stats?.zeroDays ?? 0,
    maxDeploysPerDay: stats?.maxDeploysPerDay ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Recovery time per incident.

export interface RecoveryDot {
  id: string;
  service: string;
  start: Date;
  minutes: number;
}

export interface OpenIncidentDot {
  id: string;
  service: string;
  start: Date;
  /** How long it had been open when the window ended: a lower bound on its recovery time. */
  openMinutes: number;
}

/** A run of adjacent columns in one recovery bucket whose counts share a shade. */
export interface RecoveryCell {
  x1: Date;
  x2: Date;
  /** Bucket index into {@link RECOVERY_BUCKET_EDGES_MINUTES}. */
  bucket: number;
  /** Smallest and largest count of the merged columns. */
  low: number;
  high: number;
  level: number;
}

/** A run of adjacent columns whose still-open counts share a shade. */
export interface OpenCell {
  x1: Date;
  x2: Date;
  low: number;
  high: number;
  level: number;
}

interface RecoveryCommon {
  window: ChartWindow;
  recovery: RecoverySummary;
  /** Largest value on the y axis (recovery or open-so-far minutes), null with no incidents. */
  maxMinutes: number | null;
  minMinutes: number | null;
}

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
    instantLiteral(endMs).sub(pl.col("start")).cast(pl.Int64).cast(pl.Float64).div(60_000).alias(
      "open_minutes",
    ),
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
  const columnMs = chooseBinMs(
    window.endWall.getTime() - startWall,
    RECOVERY_MAX_COLUMNS,
    RECOVERY_COLUMN_LADDER_MS,
  );
  const columned = incidents.withColumns(
    pl.col("start_wall").sub(pl.lit(startWall).cast(pl.Int64)).cast(pl.Float64).div(columnMs)
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
      ["bucket"],
      "column",
    ),
  ).map(({ first, last, ...cell }) => ({ ...toDates(Number(first), Number(last)), ...cell }));
  const openCells = records<
    { first: number; last: number; low: number; high: number; level: number }
  >(
    mergeRuns(
      openFrame.withColumns(levelOf(pl.col("count"), maxOpenCount).alias("level")),
      [],
      "column",
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

// ---------------------------------------------------------------------------------------------
// 4. Timeline: one lane per service.

export interface Lane {
  name: string;
  /** Services that share the lane (1, or many for the "other" lane). */
  services: number;
  deploys: number;
  incidents: number;
  /** Incidents still open at the end of the window. */
  openAtEnd: number;
}

export interface DeployTick {
  lane: string;
  time: Date;
}

export interface IncidentBar {
  lane: string;
  id: string;
  service: string;
  start: Date;
  /** Resolve time, clipped to the window's end; the window's end while still open. */
  end: Date;
  open: boolean;
  /** Recovery minutes, null while open. */
  minutes: number | null;
}

/** A run of adjacent time bins in one lane whose counts share a shade. */
export interface CountCell {
  lane: string;
  x1: Date;
  x2: Date;
  /** Smallest and largest count of the merged bins. */
  low: number;
  high: number;
  level: number;
}

export interface OpenLaneMark {
  lane: string;
  count: number;
  /** Start of the oldest incident still open at the end. */
  earliestStart: Date;
}

interface TimelineCommon {
  window: ChartWindow;
  lanes: Lane[];
  deploys: number;
  incidents: number;
  openAtEnd: number;
  /** Services in the window (lanes may group some of them). */
  services: number;
}

export type TimelineChartData =
  | TimelineCommon & { mode: "marks"; deployTicks: DeployTick[]; incidentBars: IncidentBar[] }
  | TimelineCommon & {
    mode: "binned";
    binMs: number;
    deployCells: CountCell[];
    openIncidentCells: CountCell[];
    openMarks: OpenLaneMark[];
    maxDeploys: number;
    maxOpen: number;
  };

/** The label of the lane that gathers the services beyond the busiest. */
export function otherLaneName(count: number): string {
  return `other ${count} services`;
}

export function timelineData(analysis: Analysis): TimelineChartData {
  const window = chartWindow(analysis);
  const zone = analysis.window.timeZone;
  const endInstant = instantLiteral(analysis.window.endMs);
  const startWall = window.startWall.getTime();
  const spanMs = window.endWall.getTime() - startWall;
  const binMs = chooseBinMs(spanMs, TIMELINE_MAX_BINS, TIMELINE_BIN_LADDER_MS);
  const binCount = Math.ceil(spanMs / binMs);
  const binOf = (wall: pl.Expr) =>
    wall.sub(pl.lit(startWall).cast(pl.Int64)).cast(pl.Float64).div(binMs).floor().cast(pl.Int64)
      .clip(0, binCount - 1);
  const isDeploy = pl.col("type").eq(pl.lit("deploy"));

  // The one pass over every event: counts per service, type and time bin. The lane ranking and,
  // when binned, the deploy cells both come from this small frame.
  const countPerBin = (frame: pl.DataFrame, time: string, type: string) =>
    frame.lazy()
      .select("service", binOf(wallClockMs(pl.col(time), zone)).alias("bin"))
      .groupBy(["service", "bin"]).agg(pl.len().cast(pl.Float64).alias("count"))
      .select("service", pl.lit(type).alias("type"), "bin", "count")
      .collectSync();
  const perBin = pl.concat([
    countPerBin(analysis.deploys, "timestamp", "deploy"),
    countPerBin(analysis.incidents, "start", "incident_start"),
  ]);
  const activity = perBin.groupBy("service").agg(
    pl.col("count").filter(isDeploy).sum().alias("deploys"),
    pl.col("count").filter(pl.col("type").eq(pl.lit("incident_start"))).sum().alias("incidents"),
  )
    .withColumns(pl.col("deploys").add(pl.col("incidents")).alias("marks"))
    .filter(pl.col("marks").gt(0))
    .withColumns(pl.col("marks").mul(-1).alias("order"))
    .sort(["order", "service"]);
  const [totals] = records<{ deploys: number; incidents: number; services: number }>(
    activity.select(
      pl.col("deploys").sum().alias("deploys"),
      pl.col("incidents").sum().alias("incidents"),
      pl.len().cast(pl.Float64).alias("services"),
    ),
  );
  const services = totals?.services ?? 0;
  const grouped = services > MAX_LANES;
  const named = activity.head(grouped ? MAX_LANES - 1 : MAX_LANES).select("service");
  const otherName = otherLaneName(services - (MAX_LANES - 1));
  const laneOrder = [
    ...records<{ service: string }>(named).map((row) => row.service),
    ...(grouped ? [otherName] : []),
  ];
  // A lane for each row by a join with the small table of named services. In binned mode it runs
  // on frames already aggregated per service, never on every event.
  const laneOf = (frame: pl.DataFrame) =>
    frame.join(named.withColumns(pl.col("service").alias("lane")), { on: "service", how: "left" })
      .withColumns(pl.col("lane").fillNull(pl.lit(otherName)));

  const incidents = analysis.incidents.select(
    "id",
    "service",
    wallClockMs(pl.col("start"), zone).alias("start"),
    wallClockMs(
      pl.when(pl.col("resolved").isNull().or(pl.col("resolved").gtEq(endInstant))).then(endInstant)
        .otherwise(pl.col("resolved")),
      zone,
    ).alias("end"),
    pl.col("resolved").isNull().alias("open"),
    pl.col("recovery_minutes").alias("minutes"),
  );
  const laneTotals = new Map(
    records<{ lane: string; services: number; deploys: number; incidents: number }>(
      laneOf(activity).groupBy("lane").agg(
        pl.len().cast(pl.Float64).alias("services"),
        pl.col("deploys").sum().alias("deploys"),
        pl.col("incidents").sum().alias("incidents"),
      ),
    ).map((row) => [row.lane, row]),
  );
  const openPerService = incidents.filter(pl.col("open")).groupBy("service").agg(
    pl.len().cast(pl.Float64).alias("count"),
    pl.col("start").min().alias("earliest"),
  );
  const openPerLane = records<{ lane: string; count: number; earliest: number }>(
    laneOf(openPerService).groupBy("lane").agg(
      pl.col("count").sum().alias("count"),
      pl.col("earliest").min().alias("earliest"),
    ),
  );
  const openByLane = new Map(openPerLane.map((row) => [row.lane, row]));
  const lanes: Lane[] = laneOrder.map((name) => ({
    name,
    services: laneTotals.get(name)?.services ?? 0,
    deploys: laneTotals.get(name)?.deploys ?? 0,
    incidents: laneTotals.get(name)?.incidents ?? 0,
    openAtEnd: openByLane.get(name)?.count ?? 0,
  }));
  const common: TimelineCommon = {
    window,
    lanes,
    deploys: totals?.deploys ?? 0,
    incidents: totals?.incidents ?? 0,
    openAtEnd: lanes.reduce((sum, lane) => sum + lane.openAtEnd, 0),
    services,
  };
  if (common.deploys + incidents.height <= TIMELINE_MARK_LIMIT) {
    // Few events, so filtering them all is cheap.
    const deploys = analysis.deploys
      .select("service", wallClockMs(pl.col("timestamp"), zone).alias("time"));
    const deployTicks = records<{ lane: string; time: number }>(
      laneOf(deploys).select("lane", "time"),
    )
      .map(({ lane, time }) => ({ lane, time: new Date(Number(time)) }));
    const incidentBars = records<
      Omit<IncidentBar, "start" | "end"> & { start: number; end: number }
    >(
      laneOf(incidents).select("lane", "id", "service", "start", "end", "open", "minutes"),
    ).map((bar) => ({
      ...bar,
      start: new Date(Number(bar.start)),
      end: new Date(Number(bar.end)),
    }));
    return { ...common, mode: "marks", deployTicks, incidentBars };
  }

  const deployCounts = laneOf(perBin.filter(isDeploy)).groupBy(["lane", "bin"])
    .agg(pl.col("count").sum().alias("count"));
  // Incidents open during a bin: +1 in the bin where each starts, −1 after the bin where it ends,
  // summed cumulatively along each lane over the full lane × bin grid.
  const spans = incidents.select(
    "service",
    binOf(pl.col("start")).alias("first"),
    // An incident that ends exactly on a bin edge is not open in the next bin.
    binOf(
      pl.when(pl.col("end").gt(pl.col("start"))).then(pl.col("end").sub(1)).otherwise(
        pl.col("start"),
      ),
    ).alias("last"),
  );
  const deltas = laneOf(
    pl.concat([
      spans.select(
        "service",
        pl.col("first").alias("bin"),
        pl.lit(1).cast(pl.Int64).alias("delta"),
      ),
      spans.select(
        "service",
        pl.col("last").add(1).cast(pl.Int64).alias("bin"),
        pl.lit(-1).cast(pl.Int64).alias("delta"),
      ),
    ], { how: "vertical" }).groupBy(["service", "bin"]).agg(pl.col("delta").sum().alias("delta")),
  ).groupBy(["lane", "bin"]).agg(pl.col("delta").sum().alias("delta"));
  const grid = pl.DataFrame({ lane: pl.Series("lane", laneOrder, pl.Utf8) })
    .join(
      pl.DataFrame({
        bin: pl.Series(
          "bin",
          Array.from({ length: binCount }, (_, index) => index),
          pl.Int64,
        ),
      }),
      {
        how: "cross",
      },
    );
  const openCounts = grid.join(deltas, { on: ["lane", "bin"], how: "left" })
    .withColumns(pl.col("delta").fillNull(0))
    .sort(["lane", "bin"])
    .withColumns(pl.col("delta").cumSum().over("lane").cast(pl.Float64).alias("count"))
    .filter(pl.col("count").gt(0))
    .select("lane", "bin", "count");

  const maxOf = (frame: pl.DataFrame) =>
    frame.height ? Number(frame.select(pl.col("count").max()).row(0)[0]) : 0;
  const maxDeploys = maxOf(deployCounts);
  const maxOpen = maxOf(openCounts);
  const cellsOf = (frame: pl.DataFrame, max: number) =>
    records<
      { lane: string; first: number; last: number; low: number; high: number; level: number }
    >(
      mergeRuns(frame.withColumns(levelOf(pl.col("count"), max).alias("level")), ["lane"], "bin"),
    ).map(({ first, last, ...cell }) => ({
      ...cell,
      x1: new Date(startWall + Number(first) * binMs),
      x2: new Date(Math.min(startWall + (Number(last) + 1) * binMs, window.endWall.getTime())),
    }));
  const openMarks = openPerLane
    .map(({ lane, count, earliest }) => ({
      lane,
      count,
      earliestStart: new Date(Number(earliest)),
    }))
    .sort((a, b) => laneOrder.indexOf(a.lane) - laneOrder.indexOf(b.lane));
  return {
    ...common,
    mode: "binned",
    binMs,
    deployCells: cellsOf(deployCounts, maxDeploys),
    openIncidentCells: cellsOf(openCounts, maxOpen),
    openMarks,
    maxDeploys,
    maxOpen,
  };
}

/**
 * Lead-time buckets, in minutes: roughly doubling steps, with edges at DORA's level boundaries
 * (one day, one week, one month of 30 days, six months of 180 days).
 */
export const LEAD_TIME_BUCKET_EDGES_MINUTES: readonly number[] = [
  0,
  15,
  60,
  4 * 60,
  12 * 60,
  24 * 60,
  3 * 24 * 60,
  7 * 24 * 60,
  14 * 24 * 60,
  30 * 24 * 60,
  90 * 24 * 60,
  180 * 24 * 60,
];
const LEAD_TIME_BUCKET_LABELS = [
  "<15m",
  "15–60m",
  "1–4h",
  "4–12h",
  "12–24h",
  "1–3d",
  "3–7d",
  "1–2wk",
  "2wk–1mo",
  "1–3mo",
  "3–6mo",
  ">6mo",
];

export interface LeadTimeBucket {
  label: string;
  /** Minutes, inclusive. */
  from: number;
  /** Minutes, exclusive; null for the open last bucket. */
  to: number | null;
  changes: number;
  /** The DORA level whose lead-time range holds this bucket. */
  level: string;
}

export interface LeadTimeChartData {
  buckets: LeadTimeBucket[];
  changes: number;
  medianMinutes: number | null;
  level: string | null;
  reportYear: number;
}

/**
 * Changes per lead-time bucket, counted by polars, each bucket with the DORA level of the summary's
 * report year that its range falls into.
 */
export function leadTimeData(analysis: Analysis, summary: Summary): LeadTimeChartData {
  const edges = LEAD_TIME_BUCKET_EDGES_MINUTES;
  const bucketOf = edges.slice(1).reduceRight<pl.Expr>(
    (otherwise, edge, index) =>
      pl.when(pl.col("lead_minutes").lt(edge)).then(pl.lit(index)).otherwise(otherwise),
    pl.lit(edges.length - 1),
  ).cast(pl.Int32);
  const counts = new Map(
    records<{ bucket: number; changes: number }>(
      leadTimesFrame(analysis.deploys).select(bucketOf.alias("bucket"))
        .groupBy("bucket").agg(pl.len().cast(pl.Float64).alias("changes")),
    ).map((row) => [row.bucket, row.changes]),
  );
  const year = summary.tiers.report_year;
  const levelOf = (minutes: number) =>
    classifyTiers({
      frequencyClass: null,
      leadTimeMinutes: minutes,
      changeFailureRate: null,
      recoveryMinutes: null,
    }, year)
      .lead_time!;
  return {
    buckets: edges.map((from, index) => {
      const to = edges[index + 1] ?? null;
      // The bucket's middle (geometric, as the buckets grow by ratios) decides its level.
      const middle = to === null ? from * 2 : from === 0 ? to / 2 : Math.sqrt(from * to);
      return {
        label: LEAD_TIME_BUCKET_LABELS[index],
        from,
        to,
        changes: counts.get(index) ?? 0,
        level: levelOf(middle),
      };
    }),
    changes: summary.lead_time.changes,
    medianMinutes: summary.lead_time.median_minutes,
    level: summary.tiers.lead_time,
    reportYear: year,
  };
}

/** Everything the charts draw, as plain data: drawing needs no polars. */
export interface ChartsData {
  deploymentFrequency: DeploymentFrequencyChartData;
  deploysPerDay: DeploysPerDayChartData;
  recovery: RecoveryChartData;
  timeline: TimelineChartData;
  leadTime: LeadTimeChartData;
}

export function chartsData(analysis: Analysis, summary: Summary): ChartsData {
  const frequency = summary.deployment_frequency;
  return {
    deploymentFrequency: deploymentFrequencyData(analysis, frequency),
    deploysPerDay: deploysPerDayData(analysis, frequency),
    recovery: recoveryData(analysis, summary.recovery),
    timeline: timelineData(analysis),
    leadTime: leadTimeData(analysis, summary),
  };
}
