/**
 * The JSON summary of spec section 4: metric frames turned into plain records. Keys are
 * snake_case, instants are ISO 8601 UTC with `Z`, and every ratio or average over nothing is null.
 *
 * @example
 * ```ts
 * import { analyze } from "./analysis.ts";
 * import { summarize } from "./summary.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * console.assert(summary.deploys_per_day.length === 14);
 * console.assert(summary.events.read === summary.events.used + summary.events.rejected.length);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "./analysis.ts";
import {
  type DeploymentFrequency,
  deploymentFrequencyFrame,
  deploymentFrequencyOf,
} from "../metrics/deployment_frequency.ts";
import { deploysPerDay } from "../metrics/deploys_per_day.ts";
import { changeFailureFrame, type ChangeFailureRate } from "../metrics/change_failure.ts";
import { type LeadTime, leadTimeFrame, leadTimesFrame } from "../metrics/lead_time.ts";
import { recoveryFrame, recoveryOf, type RecoverySummary } from "../metrics/recovery.ts";
import { reworkFrame, type ReworkRate } from "../metrics/rework.ts";
import { classifyTiers, type Tiers } from "../metrics/tiers/classify.ts";
import { DEFAULT_REPORT_YEAR } from "../metrics/tiers/tables.ts";
import type { Rejection } from "../core/events.ts";

export interface IncidentSummary {
  id: string;
  service: string;
  start: string;
  resolved: string | null;
  recovery_minutes: number | null;
  caused_by: string | null;
}

export interface ServiceSummary {
  deploys: number;
  incidents: number;
  deployment_frequency: DeploymentFrequency;
  recovery: RecoverySummary;
  change_failure_rate: ChangeFailureRate;
  lead_time: LeadTime;
  rework_rate: ReworkRate;
}

export interface Summary {
  source: { kind: "synthetic" | "file"; seed: number | null; files: string[]; profile?: string };
  window: { start: string; end: string; days: number; timezone: string };
  events: { read: number; used: number; outside_window: number; rejected: Rejection[] };
  deploys_per_day: { date: string; deploys: number }[];
  deployment_frequency: DeploymentFrequency;
  incidents: IncidentSummary[];
  recovery: RecoverySummary;
  change_failure_rate: ChangeFailureRate;
  lead_time: LeadTime;
  rework_rate: ReworkRate;
  tiers: Tiers;
  by_service: Record<string, ServiceSummary>;
}

export interface SummaryOptions {
  /** DORA report year whose tier table rates the metrics. Default 2023. */
  reportYear?: number;
}

/** An instant as ISO 8601 UTC with `Z`, or null. */
export function isoInstant(value: unknown): string | null {
  if (value == null) return null;
  const date = value instanceof Date ? value : new Date(Number(value));
  return date.toISOString();
}

function finiteOrNull(value: unknown): number | null {
  if (value == null) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The services seen in the window, sorted. */
export function servicesOf(analysis: Analysis): string[] {
  const services = pl.concat([
    analysis.deploys.select("service"),
    analysis.incidents.select("service"),
  ]);
  return services.select(pl.col("service").unique().sort()).getColumn("service")
    .toArray() as string[];
}

/**
 * The incidents as records, built column by column: with hundreds of thousands of incidents,
 * polars' row-by-row `toRecords` is several times slower.
 */
function incidentRecords(analysis: Analysis): IncidentSummary[] {
  const columns = analysis.incidents.select(
    "id",
    "service",
    pl.col("start").cast(pl.Int64),
    pl.col("resolved").cast(pl.Int64),
    "recovery_minutes",
    "caused_by",
  );
  const [ids, services, starts, resolved, minutes, causes] = columns.columns.map((name) =>
    columns.getColumn(name).toArray()
  );
  const iso = isoFormatter();
  return ids.map((id, row) => ({
    id: String(id),
    service: String(services[row]),
    start: iso(Number(starts[row])),
    resolved: resolved[row] == null ? null : iso(Number(resolved[row])),
    recovery_minutes: finiteOrNull(minutes[row]),
    caused_by: (causes[row] ?? null) as string | null,
  }));
}

/**
 * `toISOString` for many instants: the date part is cached per day, since incidents cluster in
 * a window of days.
 */
function isoFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return (ms) => {
    const day = Math.floor(ms / 86_400_000);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * 86_400_000).toISOString().slice(0, 11);
      days.set(day, date);
    }
    const inDay = ms - day * 86_400_000;
    return `${date}${pad(Math.floor(inDay / 3_600_000), 2)}:${
      pad(Math.floor(inDay / 60_000) % 60, 2)
    }:` +
      `${pad(Math.floor(inDay / 1000) % 60, 2)}.${pad(inDay % 1000, 3)}Z`;
  };
}

/** Frames of one metric keyed by service. */
function keyedByService(frame: pl.DataFrame): Map<string, Record<string, unknown>> {
  return new Map(frame.toRecords().map((row) => [String(row.service), row]));
}

/** A per-service count frame summed over services, with its rate recomputed. */
function summed(frame: pl.DataFrame, counted: string): Record<string, unknown> {
  return frame.select(
    pl.col("deploys").sum().cast(pl.Int64).alias("deploys"),
    pl.col(counted).sum().cast(pl.Int64).alias(counted),
  ).withColumns(
    pl.when(pl.col("deploys").gt(0)).then(pl.col(counted).cast(pl.Float64).div(pl.col("deploys")))
      .otherwise(pl.lit(null).cast(pl.Float64)).alias("rate"),
  ).toRecords()[0];
}

// A service without deploys has no row in the deploy-based frames: it reads as zeros.
function changeFailureOf(row: Record<string, unknown> | undefined): ChangeFailureRate {
  return {
    deploys: Number(row?.deploys ?? 0),
    failed_deploys: Number(row?.failed_deploys ?? 0),
    rate: finiteOrNull(row?.rate),
  };
}

function reworkOf(row: Record<string, unknown> | undefined): ReworkRate {
  return {
    deploys: Number(row?.deploys ?? 0),
    rework_deploys: Number(row?.rework_deploys ?? 0),
    rate: finiteOrNull(row?.rate),
  };
}

function leadTimeOf(row: Record<string, unknown> | undefined): LeadTime {
  return { changes: Number(row?.changes ?? 0), median_minutes: finiteOrNull(row?.median_minutes) };
}

/** Builds the JSON summary of an analysis. */
export function summarize(analysis: Analysis, options: SummaryOptions = {}): Summary {
  const { source, window } = analysis;
  const by = ["service"];
  const services = servicesOf(analysis);
  const leadTimes = leadTimesFrame(analysis.deploys);
  // Counts add up over services, so these are computed once per service and summed.
  const changeFailureByService = changeFailureFrame(analysis.deploys, analysis.incidents, by);
  const reworkByService = reworkFrame(analysis.deploys, analysis.incidentSpans, by);
  const perDayByService = deploysPerDay(analysis.deploys, analysis.window, by, services);

  const deploymentFrequency = deploymentFrequencyOf(
    deploymentFrequencyFrame(analysis.deploysPerDay).toRecords()[0],
  );
  const recovery = recoveryOf(recoveryFrame(analysis.incidents).toRecords()[0]);
  const changeFailure = changeFailureOf(summed(changeFailureByService, "failed_deploys"));
  const leadTime = leadTimeOf(leadTimeFrame(leadTimes).toRecords()[0]);

  const frequency = keyedByService(deploymentFrequencyFrame(perDayByService, by));
  const serviceRecovery = keyedByService(recoveryFrame(analysis.incidents, by));
  const serviceChangeFailure = keyedByService(changeFailureByService);
  const serviceLeadTime = keyedByService(leadTimeFrame(leadTimes, by));
  const serviceRework = keyedByService(reworkByService);
  const byService: Record<string, ServiceSummary> = {};
  for (const service of services) {
    const serviceFrequency = deploymentFrequencyOf(frequency.get(service)!);
    const recoveryOfService = recoveryOf(serviceRecovery.get(service));
    byService[service] = {
      deploys: serviceFrequency.deploys,
      incidents: recoveryOfService.incidents,
      deployment_frequency: serviceFrequency,
      recovery: recoveryOfService,
      change_failure_rate: changeFailureOf(serviceChangeFailure.get(service)),
      lead_time: leadTimeOf(serviceLeadTime.get(service)),
      rework_rate: reworkOf(serviceRework.get(service)),
    };
  }

  const rejected = analysis.rejected.toRecords().map((row) => ({
    file: String(row.file),
    line: Number(row.line),
    reason: String(row.reason),
  }));
  const summary: Summary = {
    source: source.kind === "synthetic"
      ? {
        kind: "synthetic",
        seed: source.seed,
        files: [],
        ...(source.profileName ? { profile: source.profileName } : {}),
      }
      : { kind: "file", seed: null, files: [...source.files] },
    window: { start: window.start, end: window.end, days: window.days, timezone: window.timeZone },
    events: {
      read: analysis.read,
      used: analysis.eventsInWindow,
      outside_window: analysis.outside,
      rejected,
    },
    deploys_per_day: analysis.deploysPerDay.toRecords().map((row) => ({
      date: String(row.date),
      deploys: Number(row.deploys),
    })),
    deployment_frequency: deploymentFrequency,
    incidents: [],
    recovery,
    change_failure_rate: changeFailure,
    lead_time: leadTime,
    rework_rate: reworkOf(summed(reworkByService, "rework_deploys")),
    tiers: classifyTiers({
      frequencyClass: deploymentFrequency.class,
      leadTimeMinutes: leadTime.median_minutes,
      changeFailureRate: changeFailure.rate,
      recoveryMinutes: recovery.median_minutes,
    }, options.reportYear ?? DEFAULT_REPORT_YEAR),
    by_service: byService,
  };
  // Hundreds of thousands of incident records cost seconds to build, and the report and the
  // text summary never list more than a few: they are built on first use.
  let incidents: IncidentSummary[] | undefined;
  Object.defineProperty(summary, "incidents", {
    enumerable: true,
    get: () => incidents ??= incidentRecords(analysis),
  });
  return summary;
}
