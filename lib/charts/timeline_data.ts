/**
 * Data for the timeline: deploy ticks and incident bars per service lane, or, above
 * {@link TIMELINE_MARK_LIMIT} deploys + incidents, counts per lane and time bin.
 * @module
 */
import pl from "nodejs-polars";
import { exactQuotient } from "../core/exact_division.ts";
import { instantAt } from "../core/instants.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import {
  type ChartWindow,
  chartWindow,
  chooseBinMs,
  DAY_MS,
  HOUR_MS,
  levelOf,
  mergeRuns,
  records,
  wallClockMs,
} from "./binning.ts";

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

/** Lanes in the timeline; with more services the rest share one "other" lane. */
export const MAX_LANES = 12;

/** One row of the timeline: a service, or the lane that gathers the rest. */
export interface Lane {
  /** The service, or {@link otherLaneName} for the shared lane. */
  name: string;
  /** Services that share the lane (1, or many for the "other" lane). */
  services: number;
  /** Deploys in the lane. */
  deploys: number;
  /** Incidents that started in the lane. */
  incidents: number;
  /** Incidents still open at the end of the window. */
  openAtEnd: number;
}

/** A deploy in the marks view. */
export interface DeployTick {
  /** The lane's name. */
  lane: string;
  /** When it happened, on the wall clock (see `ChartWindow`). */
  time: Date;
}

/** An incident in the marks view, from start to resolve. */
export interface IncidentBar {
  /** The lane's name. */
  lane: string;
  /** The incident's id. */
  id: string;
  /** The incident's service (the lane may gather several). */
  service: string;
  /** When it started, on the wall clock. */
  start: Date;
  /** Resolve time, clipped to the window's end; the window's end while still open. */
  end: Date;
  /** Still open at the window's end. */
  open: boolean;
  /** Recovery minutes, null while open. */
  minutes: number | null;
}

/** A run of adjacent time bins in one lane whose counts share a shade. */
export interface CountCell {
  /** The lane's name. */
  lane: string;
  /** The first bin's start, on the wall clock. */
  x1: Date;
  /** The end of the last bin (clipped to the window). */
  x2: Date;
  /** Smallest count of the merged bins. */
  low: number;
  /** Largest count of the merged bins. */
  high: number;
  /** Shade level, 1 (lightest) to `COUNT_LEVELS`. */
  level: number;
}

/** The incidents of a lane still open at the end, in the binned view. */
export interface OpenLaneMark {
  /** The lane's name. */
  lane: string;
  /** How many are still open. */
  count: number;
  /** Start of the oldest incident still open at the end. */
  earliestStart: Date;
}

/** What both views of the timeline share. */
export interface TimelineCommon {
  /** The window, with wall-clock bounds. */
  window: ChartWindow;
  /** The lanes, busiest first, the shared lane last. */
  lanes: Lane[];
  /** Deploys in the window. */
  deploys: number;
  /** Incidents that started in the window. */
  incidents: number;
  /** Incidents still open at the window's end. */
  openAtEnd: number;
  /** Services in the window (lanes may group some of them). */
  services: number;
}

/**
 * What the timeline draws: a mark per deploy and incident (`mode: "marks"`), or above
 * {@link TIMELINE_MARK_LIMIT} of them, counts per lane and time bin (`"binned"`).
 */
export type TimelineChartData =
  | TimelineCommon & { mode: "marks"; deployTicks: DeployTick[]; incidentBars: IncidentBar[] }
  | TimelineCommon & {
    mode: "binned";
    /** The time bin's size in ms. */
    binMs: number;
    deployCells: CountCell[];
    openIncidentCells: CountCell[];
    openMarks: OpenLaneMark[];
    maxDeploys: number;
    maxOpen: number;
  };

/**
 * Rows per `service` and `bin` (`service`, `bin`, `count`). Grouping by the bin and counting the
 * services within each is about twice as fast as grouping by both: polars would encode every
 * row's string-and-integer key.
 */
function perServiceAndBin(frame: pl.DataFrame, bin: pl.Expr): pl.DataFrame {
  return frame.lazy().select("service", bin.alias("bin"))
    .groupBy("bin").agg(pl.col("service").valueCounts())
    .explode("service").unnest("service")
    .collectSync();
}

/** The label of the lane that gathers the services beyond the busiest. */
export function otherLaneName(count: number): string {
  return `other ${count} services`;
}

/**
 * The timeline's data: lanes, and a mark per event or binned counts above
 * {@link TIMELINE_MARK_LIMIT} deploys and incidents.
 *
 * @example Two services: a deploy on each, and an incident on one
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { timelineData } from "./timeline_data.ts";
 * const at = (iso: string) => Date.parse(iso);
 * const analysis = analyzeRecords([
 *   { timestamp: at("2024-01-01T09:00:00Z"), type: "deploy", service: "web" },
 *   { timestamp: at("2024-01-01T10:00:00Z"), type: "deploy", service: "api" },
 *   { timestamp: at("2024-01-01T11:00:00Z"), type: "incident_start", id: "i1", service: "api" },
 *   { timestamp: at("2024-01-01T11:30:00Z"), type: "incident_resolved", id: "i1", service: "api" },
 * ], { start: "2024-01-01", end: "2024-01-01" });
 * const data = timelineData(analysis);
 * assert.equal(data.mode, "marks");
 * assert.deepEqual(data.lanes.map((lane) => [lane.name, lane.deploys, lane.incidents]), [
 *   ["api", 1, 1],
 *   ["web", 1, 0],
 * ]);
 * if (data.mode === "marks") {
 *   assert.deepEqual(data.incidentBars.map((bar) => [bar.id, bar.minutes, bar.open]), [["i1", 30, false]]);
 * }
 * ```
 */
export function timelineData(analysis: Analysis): TimelineChartData {
  const window = chartWindow(analysis);
  const zone = analysis.window.timeZone;
  const endInstant = instantAt(analysis.window.endMs);
  const startWall = window.startWall.getTime();
  const spanMs = window.endWall.getTime() - startWall;
  const binMs = chooseBinMs(spanMs, { maxBins: TIMELINE_MAX_BINS, ladder: TIMELINE_BIN_LADDER_MS });
  const binCount = Math.ceil(spanMs / binMs);
  const binOf = (wall: pl.Expr) =>
    exactQuotient(wall.sub(pl.lit(startWall).cast(pl.Int64)), binMs).floor().cast(pl.Int64)
      .clip(0, binCount - 1);
  const isDeploy = pl.col("type").eq(pl.lit("deploy"));

  // The one pass over every event: counts per service, type and time bin. The lane ranking and,
  // when binned, the deploy cells both come from this small frame.
  const countPerBin = (frame: pl.DataFrame, { time, type }: { time: string; type: string }) =>
    perServiceAndBin(frame, binOf(wallClockMs(pl.col(time), zone)))
      .select("service", pl.lit(type).alias("type"), "bin", pl.col("count").cast(pl.Float64));
  const perBin = pl.concat([
    countPerBin(analysis.deploys, { time: "timestamp", type: "deploy" }),
    countPerBin(analysis.incidents, { time: "start", type: "incident_start" }),
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
    frame.join(named.withColumns(pl.col("service").cast(pl.Utf8).alias("lane")), {
      on: "service",
      how: "left",
    })
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
    "start",
    // An incident that ends exactly on a bin edge is not open in the next bin.
    pl.when(pl.col("end").gt(pl.col("start"))).then(pl.col("end").sub(1)).otherwise(
      pl.col("start"),
    ).alias("last"),
  );
  const delta = (bin: pl.Expr, sign: number) =>
    perServiceAndBin(spans, bin).select(
      "service",
      "bin",
      pl.col("count").cast(pl.Int64).mul(pl.lit(sign).cast(pl.Int64)).alias("delta"),
    );
  const deltas = laneOf(
    pl.concat([
      delta(binOf(pl.col("start")), 1),
      delta(binOf(pl.col("last")).add(1).cast(pl.Int64), -1),
    ])
      .groupBy(["service", "bin"]).agg(pl.col("delta").sum().alias("delta")),
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
      mergeRuns(frame.withColumns(levelOf(pl.col("count"), max).alias("level")), {
        keys: ["lane"],
        position: "bin",
      }),
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
