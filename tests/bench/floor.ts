/**
 * The bare-polars floor: the core DORA metrics from an events CSV in one nodejs-polars pipeline, as
 * someone who knows polars well would write it for this one file shape, with none of the project's
 * layers (no per-row reasons, no adapters, no incident records, rework, tiers or charts). It mirrors
 * the DuckDB peer (`../shared/peers/duckdb/duckdb_peer.mjs`) step for step, so the benchmark can
 * say how far the project's "read through metrics" is from what polars itself needs.
 *
 * What it computes, as the project does:
 * - read every column as text; parse `timestamp` (and `commit_timestamp`) as ISO 8601 instants
 *   with `Z` or an offset, to the microsecond; an instant without an offset is not parsed;
 * - reject rows with no instant, an unknown type, an incident without id, an unreadable or later
 *   commit instant (a negative lead time); a deploy without id gets one from its line;
 * - drop exact duplicates (same type, id and instant) after the first;
 * - keep the earliest start per incident, and the first resolve at or after it;
 * - the window from the first used event's UTC day to the last's, deploys per day with zero days,
 *   deploy days, the median of deploy days per ISO week;
 * - recovery: count, resolved, mean and median minutes;
 * - change failure rate: an incident's `deploy_id`, else the latest deploy of its service at or
 *   before its start within 24 h (an as-of join per service); distinct failed deploys ÷ deploys;
 * - lead time (when the file has `commit_timestamp`): count and median minutes;
 * - per service: deploys, incidents, resolved, failed deploys, MTTR mean and median, lead median.
 *
 * It uses what a careful polars author would (and what the project uses too): one streaming scan
 * that parses instants with polars' exact, cached parser; duplicates looked for among sorted key
 * hashes before any row is compared; sorts skipped for frames already in time order; an as-of join
 * for attribution. It leaves out what only the project needs: reasons per rejected row, several
 * files and formats, windows and zones other than the data's own UTC days.
 *
 * `deno run … tests/bench/floor.ts EVENTS.csv` prints one JSON line: the milliseconds of each step
 * (`ms.total` is read through metrics, imports excluded) and the summary.
 *
 * @module
 */
import pl from "nodejs-polars";
import { median } from "./measure.ts";

const MINUTE_US = 60_000_000;
const DAY_US = 86_400_000_000;
const ATTRIBUTION_WINDOW_US = 24 * 60 * MINUTE_US;
const EVENT_TYPES = ["deploy", "incident_start", "incident_resolved"];

/** Recovery figures, as the project's summary names them. */
export interface FloorRecovery {
  incidents: number;
  resolved: number;
  unresolved: number;
  mean_minutes: number | null;
  median_minutes: number | null;
}

/** One service's figures. */
export interface FloorService {
  deploys: number;
  incidents: number;
  resolved: number;
  failed_deploys: number;
  mttr_mean: number | null;
  mttr_median: number | null;
  lead_median: number | null;
}

/** What the floor computes: the core of the project's JSON summary. */
export interface FloorSummary {
  window: { start: string; end: string; days: number };
  events: { read: number; used: number; rejected: number };
  deploys_per_day: { date: string; deploys: number }[];
  deployment_frequency: {
    deploys: number;
    per_day: number | null;
    deploy_days: number;
    median_deploy_days_per_week: number | null;
  };
  recovery: FloorRecovery;
  change_failure_rate: { deploys: number; failed_deploys: number; rate: number | null };
  lead_time: { changes: number; median_minutes: number | null };
  by_service: Record<string, FloorService>;
}

// The public `str.strptime` of nodejs-polars searches for the pattern inside each string and skips
// polars' cache; the exact, cached parse is several times faster. The project reaches the same
// binding (lib/ingest/parse_rows.ts), so the floor does too.
// deno-lint-ignore no-explicit-any
type RawExpr = { _expr: any };
function instantMicros(text: pl.Expr): pl.Expr {
  // deno-lint-ignore no-explicit-any
  const wrap = (pl as any)._Expr as (inner: unknown) => pl.Expr;
  const parsed = wrap(
    (text as unknown as RawExpr)._expr.strToDatetime(
      "%Y-%m-%dT%H:%M:%S%.f%#z",
      "us",
      undefined,
      false,
      true,
      true,
      undefined,
    ),
  );
  return parsed.cast(pl.Int64);
}

const nullable = (value: unknown): number | null => {
  if (value == null) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

const isoDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The frame by `column`, stable among equal times; a frame already in that order as it is. */
function inTimeOrder(frame: pl.DataFrame, column: string): pl.DataFrame {
  if (frame.height < 2) return frame;
  const ordered = frame.select(pl.col(column).diff(1, "ignore").min().gtEq(0)).row(0)[0];
  return ordered ? frame : frame.sort({ by: column, maintainOrder: true });
}

/** The floor's pipeline over one CSV file, with the milliseconds of each step. */
export function floorMetrics(path: string): { ms: Record<string, number>; summary: FloorSummary } {
  const started = performance.now();
  let last = started;
  const ms: Record<string, number> = {};
  const lap = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round(now - last);
    last = now;
  };

  // Read and type in one streaming pass: every column as text, instants parsed in the scan.
  const scan = pl.scanCSV(path, { inferSchemaLength: 0 });
  const columns = scan.columns;
  const has = (name: string) => columns.includes(name);
  const type = pl.col("type");
  const commitText = has("commit_timestamp") ? pl.col("commit_timestamp") : null;
  const typed = scan.withRowIndex("line", 2).select(
    pl.col("line"),
    instantMicros(pl.col("timestamp")).alias("ts"),
    type,
    pl.col("service").fillNull(pl.lit("default")).alias("service"),
    pl.when(pl.col("id").isNull().and(type.eq(pl.lit("deploy"))))
      .then(pl.format("line-{}", pl.col("line")))
      .otherwise(pl.col("id")).alias("id"),
    (commitText
      ? pl.when(type.eq(pl.lit("deploy"))).then(instantMicros(commitText))
        .otherwise(pl.lit(null).cast(pl.Int64))
      : pl.lit(null).cast(pl.Int64)).alias("commit_ts"),
    (commitText ? type.eq(pl.lit("deploy")).and(commitText.isNotNull()) : pl.lit(false)).alias(
      "has_commit",
    ),
    (has("deploy_id")
      ? pl.when(type.eq(pl.lit("incident_start"))).then(pl.col("deploy_id"))
        .otherwise(pl.lit(null).cast(pl.Utf8))
      : pl.lit(null).cast(pl.Utf8)).alias("deploy_id"),
  ).collectSync({ engine: "streaming" });
  const read = typed.height;
  lap("read+parse");

  // Malformed rows out.
  const valid = typed.filter(
    pl.col("ts").isNotNull()
      .and(type.isIn(EVENT_TYPES))
      .and(pl.col("id").isNotNull())
      .and(
        pl.col("has_commit").not()
          .or(pl.col("commit_ts").isNotNull().and(pl.col("commit_ts").ltEq(pl.col("ts")))),
      ),
  );
  // Exact duplicates (same type, id and instant) after the first. Most files have none, so the
  // rows that might be one are found first: equal neighbours among the sorted hashes of the key
  // (a sort of 64-bit numbers is several times faster than `unique` over strings). Only those
  // rows are compared by their key.
  const keyHash = pl.struct([type.hash(1, 2, 3, 4), pl.col("id").hash(5, 6, 7, 8), pl.col("ts")])
    .hash(9, 10, 11, 12).alias("key_hash");
  const sharesHash = pl.col("key_hash").eq(pl.col("key_hash").shift(1))
    .or(pl.col("key_hash").eq(pl.col("key_hash").shift(-1)));
  const candidates = valid.lazy().select("line", keyHash).sort("key_hash").filter(sharesHash)
    .select("line").collectSync();
  const unique = candidates.height === 0 ? valid : valid.join(
    valid.join(candidates, { on: "line", how: "semi" }).sort("line")
      .filter(pl.struct([type, pl.col("id"), pl.col("ts")]).isFirstDistinct().not())
      .select("line"),
    { on: "line", how: "anti" },
  );

  const deploys = inTimeOrder(
    unique.filter(type.eq(pl.lit("deploy"))).select("line", "ts", "service", "id", "commit_ts"),
    "ts",
  );
  // The earliest start per incident (the first line among equal instants); later starts are out.
  const starts = inTimeOrder(
    unique.filter(type.eq(pl.lit("incident_start")))
      .select("line", "id", pl.col("ts").alias("start"), "service", "deploy_id"),
    "start",
  ).filter(pl.col("id").isFirstDistinct());
  // The first resolve at or after the start closes the incident; other resolves are out.
  const resolves = unique.filter(type.eq(pl.lit("incident_resolved")))
    .select("id", pl.col("ts").alias("resolved"))
    .join(starts.select("id", "start"), { on: "id" })
    .filter(pl.col("resolved").gtEq(pl.col("start")))
    .groupBy("id").agg(pl.col("resolved").min());
  const incidents = starts.join(resolves, { on: "id", how: "left" })
    .withColumns(
      pl.col("resolved").sub(pl.col("start")).cast(pl.Float64).div(MINUTE_US)
        .alias("recovery_minutes"),
    );
  const used = deploys.height + starts.height + resolves.height;
  lap("rules");

  // The window: the UTC days of the first and the last used event.
  const bounds = pl.concat([
    deploys.select(pl.col("ts")),
    starts.select(pl.col("start").alias("ts")),
    resolves.select(pl.col("resolved").alias("ts")),
  ]).select(pl.col("ts").min().alias("first"), pl.col("ts").max().alias("last")).row(0);
  const firstDay = Math.floor(Number(bounds[0]) / DAY_US);
  const lastDay = Math.floor(Number(bounds[1]) / DAY_US);
  const dayCount = lastDay - firstDay + 1;
  const dayOf = (column: string) =>
    pl.col(column).cast(pl.Float64).div(DAY_US).floor().cast(pl.Int64);
  const counted = deploys.select(dayOf("ts").alias("day"))
    .groupBy("day").agg(pl.len().alias("deploys"));
  const perDay = pl.DataFrame({
    day: pl.Series(
      "day",
      Array.from({ length: dayCount }, (_, i) => firstDay + i),
      pl.Int64,
    ),
  }).join(counted, { on: "day", how: "left" })
    .select("day", pl.col("deploys").fillNull(0).cast(pl.Int64))
    .sort("day");
  const days = perDay.getColumn("day").toArray().map(Number);
  const dayDeploys = perDay.getColumn("deploys").toArray().map(Number);
  const weeks = new Map<number, number>();
  days.forEach((day, i) => {
    // ISO weeks start on Monday; 1970-01-01 was a Thursday.
    const week = Math.floor((day + 3) / 7);
    weeks.set(week, (weeks.get(week) ?? 0) + (dayDeploys[i] > 0 ? 1 : 0));
  });

  // Written here again on purpose, like every step of the floor: the floor is an independent
  // pipeline whose figures are checked against ours, so it must not import the code it measures.
  // Change failure: the explicit deploy_id, else the as-of deploy of the service within 24 h.
  const attributed = inTimeOrder(incidents.select("id", "service", "start", "deploy_id"), "start")
    .joinAsof(
      deploys.select("service", pl.col("ts").alias("deploy_at"), pl.col("id").alias("deploy")),
      {
        leftOn: "start",
        rightOn: "deploy_at",
        by: "service",
        strategy: "backward",
        checkSortedness: false,
      },
    )
    .select(
      pl.col("deploy_id"),
      pl.col("service"),
      pl.when(pl.col("start").sub(pl.col("deploy_at")).ltEq(ATTRIBUTION_WINDOW_US))
        .then(pl.col("deploy")).otherwise(pl.lit(null).cast(pl.Utf8)).alias("inferred"),
    );
  // An inferred cause is a deploy of the incident's own service; an explicit one must be found.
  const inferredCauses = attributed.filter(
    pl.col("deploy_id").isNull().and(
      pl.col("inferred").isNotNull(),
    ),
  ).select(pl.col("inferred").alias("caused_by"), "service");
  const explicitCauses = attributed.filter(pl.col("deploy_id").isNotNull())
    .select(pl.col("deploy_id").alias("caused_by"));
  const causes = explicitCauses.height === 0 ? inferredCauses : pl.concat([
    inferredCauses,
    explicitCauses.join(
      deploys.select(pl.col("id").alias("caused_by"), "service"),
      { on: "caused_by" },
    ),
  ]);
  const failed = causes.unique({ subset: ["caused_by"] });

  const recoveryStats = (frame: pl.DataFrame, by?: string) => {
    const aggregates = [
      pl.len().alias("incidents"),
      pl.col("resolved").count().alias("resolved"),
      pl.col("recovery_minutes").mean().alias("mttr_mean"),
      pl.col("recovery_minutes").median().alias("mttr_median"),
    ];
    return by ? frame.groupBy(by).agg(...aggregates) : frame.select(...aggregates);
  };
  const recovery = recoveryStats(incidents).toRecords()[0];
  const leadMinutes = pl.col("ts").sub(pl.col("commit_ts")).cast(pl.Float64).div(MINUTE_US);
  const lead = deploys.select(
    pl.col("commit_ts").count().alias("changes"),
    leadMinutes.median().alias("median_minutes"),
  ).toRecords()[0];

  const byService = deploys.groupBy("service").agg(
    pl.len().alias("deploys"),
    leadMinutes.median().alias("lead_median"),
  )
    .join(failed.groupBy("service").agg(pl.len().alias("failed_deploys")), {
      on: "service",
      how: "full",
      coalesce: true,
    })
    .join(recoveryStats(incidents, "service"), { on: "service", how: "full", coalesce: true })
    .sort("service");
  const services: Record<string, FloorService> = {};
  for (const row of byService.toRecords()) {
    services[String(row.service)] = {
      deploys: Number(row.deploys ?? 0),
      incidents: Number(row.incidents ?? 0),
      resolved: Number(row.resolved ?? 0),
      failed_deploys: Number(row.failed_deploys ?? 0),
      mttr_mean: nullable(row.mttr_mean),
      mttr_median: nullable(row.mttr_median),
      lead_median: nullable(row.lead_median),
    };
  }
  lap("metrics");
  ms.total = Math.round(last - started);

  const summary: FloorSummary = {
    window: { start: isoDate(firstDay), end: isoDate(lastDay), days: dayCount },
    events: { read, used, rejected: read - used },
    deploys_per_day: days.map((day, i) => ({ date: isoDate(day), deploys: dayDeploys[i] })),
    deployment_frequency: {
      deploys: deploys.height,
      per_day: deploys.height / dayCount,
      deploy_days: dayDeploys.filter((count) => count > 0).length,
      median_deploy_days_per_week: median([...weeks.values()]),
    },
    recovery: {
      incidents: Number(recovery.incidents),
      resolved: Number(recovery.resolved),
      unresolved: Number(recovery.incidents) - Number(recovery.resolved),
      mean_minutes: nullable(recovery.mttr_mean),
      median_minutes: nullable(recovery.mttr_median),
    },
    change_failure_rate: {
      deploys: deploys.height,
      failed_deploys: failed.height,
      rate: deploys.height ? failed.height / deploys.height : null,
    },
    lead_time: { changes: Number(lead.changes), median_minutes: nullable(lead.median_minutes) },
    by_service: services,
  };
  return { ms, summary };
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (!path) {
    console.error("usage: deno run -A tests/bench/floor.ts EVENTS.csv");
    Deno.exit(2);
  }
  console.log(JSON.stringify(floorMetrics(path)));
}
